#pragma once

#include "qrcode.h"

#include <QWidget>

namespace Duplex {

// Draws a QR code black on white with its quiet zone, as large as whole pixels per module allow.
class QrView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QrView)

public:
    explicit QrView(QWidget *parent = nullptr);

    void setCode(const QrCode &code);
    const QrCode &code() const { return m_code; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    static constexpr int QuietZone = 4; // modules of white around the code, as the standard asks
    QrCode m_code;
};

} // namespace Duplex

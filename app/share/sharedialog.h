#pragma once

#include "lanaddresses.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Duplex {

class QrView;

// "Open on another device": the chat page's URL on each network interface and a QR code of the chosen one.
class ShareDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShareDialog)

public:
    explicit ShareDialog(QWidget *parent = nullptr);

    // The running server; lists the interfaces again. port 0: the server stopped.
    void setServer(const QHostAddress &host, quint16 port, bool tls, const QString &token);
    QList<LanAddress> addresses() const { return m_addresses; }
    QUrl currentUrl() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void showAddress(int index);
    void retranslateUi();

    QHostAddress m_host;
    quint16 m_port = 0;
    bool m_tls = false;
    QString m_token;
    QList<LanAddress> m_addresses;

    QLabel *m_intro = nullptr;
    QComboBox *m_address = nullptr;
    QPushButton *m_refresh = nullptr;
    QrView *m_qr = nullptr;
    QLineEdit *m_url = nullptr;
    QPushButton *m_copy = nullptr;
    QLabel *m_notes = nullptr;
};

} // namespace Duplex

#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

namespace Duplex {

// A QR code (libqrencode, error correction level M) as a square of dark and light modules; drawn by the desktop's
// "Open on another device" and as text by duplex-server --qr.
class QrCode final
{
public:
    // Null when the text does not fit in a QR code (about 2,300 bytes at level M).
    static QrCode encode(const QByteArray &text);

    bool isNull() const { return m_size == 0; }
    int size() const { return m_size; }
    bool isDark(int x, int y) const { return m_modules.at(y * m_size + x); }

    // Two rows of modules per line with half blocks (▀ ▄ █), a quiet zone of `margin` modules around it.
    // ansi: black on white whatever the terminal's colours; without it a block is a dark module.
    QString toText(bool ansi, int margin = 2) const;

private:
    int m_size = 0;
    QVector<bool> m_modules;
};

} // namespace Duplex

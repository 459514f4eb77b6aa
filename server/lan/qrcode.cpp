#include "qrcode.h"

#include <qrencode.h>

#include <memory>

namespace Duplex {

QrCode QrCode::encode(const QByteArray &text)
{
    QrCode code;
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> encoded(
        QRcode_encodeData(int(text.size()), reinterpret_cast<const unsigned char *>(text.constData()), 0, QR_ECLEVEL_M),
        &QRcode_free);
    if (!encoded)
        return code;
    code.m_size = encoded->width;
    code.m_modules.resize(qsizetype(code.m_size) * code.m_size);
    for (qsizetype i = 0; i < code.m_modules.size(); ++i)
        code.m_modules[i] = encoded->data[i] & 1; // bit 0: dark module; the others say what kind of module it is
    return code;
}

QString QrCode::toText(bool ansi, int margin) const
{
    if (isNull())
        return QString();
    const int extent = m_size + 2 * margin;
    const auto dark = [&](int x, int y) {
        x -= margin;
        y -= margin;
        return x >= 0 && y >= 0 && x < m_size && y < m_size && isDark(x, y);
    };
    QString text;
    for (int y = 0; y < extent; y += 2) {
        if (ansi)
            text += QStringLiteral("\x1b[30;107m");
        for (int x = 0; x < extent; ++x) {
            const bool top = dark(x, y);
            const bool bottom = y + 1 < extent && dark(x, y + 1);
            text += top && bottom ? QChar(0x2588) : top ? QChar(0x2580) : bottom ? QChar(0x2584) : QChar(u' ');
        }
        if (ansi)
            text += QStringLiteral("\x1b[0m");
        text += u'\n';
    }
    return text;
}

} // namespace Duplex

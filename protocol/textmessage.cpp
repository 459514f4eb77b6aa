#include "textmessage.h"

#include <QStringDecoder>

#include <cstring>

namespace Duplex {

namespace {

bool isContinuation(quint8 b)
{
    return (b & 0xc0) == 0x80;
}

} // namespace

bool isValidUtf8(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const quint8 *>(bytes.data());
    const quint8 *const end = p + bytes.size();
    constexpr quint64 HighBits = 0x8080808080808080ull;
    while (p < end) {
        if (*p < 0x80) {
            while (end - p >= 16) {
                quint64 a, b;
                std::memcpy(&a, p, 8);
                std::memcpy(&b, p + 8, 8);
                if ((a | b) & HighBits)
                    break;
                p += 16;
            }
            while (p < end && *p < 0x80)
                ++p;
            continue;
        }
        // RFC 3629 section 4: the lead byte says how many continuation bytes follow and the range of the first.
        const quint8 lead = *p;
        int follow = 0;
        quint8 low = 0x80, high = 0xbf; // the range of the first continuation byte
        if (lead >= 0xc2 && lead <= 0xdf) {
            follow = 1;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            follow = 2;
            if (lead == 0xe0)
                low = 0xa0; // no overlong three-byte forms
            else if (lead == 0xed)
                high = 0x9f; // no surrogates
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            follow = 3;
            if (lead == 0xf0)
                low = 0x90; // no overlong four-byte forms
            else if (lead == 0xf4)
                high = 0x8f; // nothing past U+10FFFF
        } else {
            return false; // a continuation byte without a lead, 0xc0/0xc1 (overlong) or 0xf5 and above
        }
        if (end - p <= follow || p[1] < low || p[1] > high)
            return false;
        for (int i = 2; i <= follow; ++i) {
            if (!isContinuation(p[i]))
                return false;
        }
        p += follow + 1;
    }
    return true;
}

QByteArrayView TextMessage::utf8() const
{
    if (!m_hasUtf8) {
        m_encoded = m_text.toUtf8();
        m_utf8 = m_encoded;
        m_hasUtf8 = true;
    }
    return m_utf8;
}

const QString &TextMessage::text() const
{
    if (!m_hasText) {
        // Checked already; decoded as the parser always did (a leading BOM stays part of the text).
        QStringDecoder decoder(
            QStringConverter::Utf8, QStringConverter::Flag::Stateless | QStringConverter::Flag::ConvertInitialBom);
        m_text = decoder.decode(m_utf8);
        m_hasText = true;
    }
    return m_text;
}

} // namespace Duplex

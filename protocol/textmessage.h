#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace Duplex {

// RFC 3629: true when `bytes` are well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
// Runs of ASCII are checked 16 bytes at a time.
bool isValidUtf8(QByteArrayView bytes);

// A text message as it arrived: its UTF-8 bytes, already checked, and its QString, decoded at most once and only
// when someone asks for it (raw mode sends the bytes back as they came; the events keep bytes). Or, from a source
// that has only the QString (QWebSocket), the other way round. Valid for the call that hands it out.
class TextMessage
{
public:
    explicit TextMessage(QByteArrayView utf8) : m_utf8(utf8), m_hasUtf8(true) { }
    explicit TextMessage(const QString &text) : m_text(text), m_hasText(true) { }
    Q_DISABLE_COPY_MOVE(TextMessage)

    QByteArrayView utf8() const;
    const QString &text() const;

private:
    mutable QByteArrayView m_utf8;
    mutable QByteArray m_encoded; // utf8() of a message made from a QString
    mutable QString m_text;
    mutable bool m_hasUtf8 = false;
    mutable bool m_hasText = false;
};

} // namespace Duplex

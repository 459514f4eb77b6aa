#pragma once

#include <QList>
#include <QString>

namespace Duplex {

// The echo mode's reply template ("You said: {text}"; also {id}, {name}, {time}), parsed once when it is set:
// expanding it for a message appends its literal pieces and the values, and reads the clock only when {time} is in
// it, at most once a second (the local time costs a stat() of the time zone file in glibc). Placeholders come from
// the template alone: braces in a client's name or text are never expanded.
class ReplyTemplate
{
public:
    explicit ReplyTemplate(const QString &source);

    QString source() const { return m_source; }
    // In UTF-8, for a message whose UTF-8 bytes are at hand: the text is neither decoded nor encoded.
    QByteArray expandUtf8(quint64 id, const QString &name, QByteArrayView text) const;
    QString expand(quint64 id, const QString &name, const QString &text) const;

private:
    enum class Field { Literal, Id, Name, Time, Text };
    struct Piece
    {
        Field field = Field::Literal;
        QByteArray literal; // UTF-8
    };

    QString time() const;

    QString m_source;
    QList<Piece> m_pieces;
    qsizetype m_literalSize = 0;
    mutable qint64 m_timeSecond = -1; // the second m_time shows (ms since the epoch / 1000)
    mutable QString m_time;
};

} // namespace Duplex

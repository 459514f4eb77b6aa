#include "replytemplate.h"

#include <QDateTime>

namespace Duplex {

ReplyTemplate::ReplyTemplate(const QString &source) : m_source(source)
{
    static const struct
    {
        QLatin1StringView name;
        Field field;
    } fields[] = {{QLatin1StringView("{id}"), Field::Id}, {QLatin1StringView("{name}"), Field::Name},
        {QLatin1StringView("{time}"), Field::Time}, {QLatin1StringView("{text}"), Field::Text}};
    QString literal;
    for (qsizetype i = 0; i < source.size();) {
        bool matched = false;
        if (source.at(i) == u'{') {
            for (const auto &f : fields) {
                if (QStringView(source).sliced(i).startsWith(f.name)) {
                    if (!literal.isEmpty())
                        m_pieces.append({Field::Literal, std::exchange(literal, {}).toUtf8()});
                    m_pieces.append({f.field, {}});
                    i += f.name.size();
                    matched = true;
                    break;
                }
            }
        }
        if (!matched) {
            literal += source.at(i);
            ++i;
        }
    }
    if (!literal.isEmpty())
        m_pieces.append({Field::Literal, literal.toUtf8()});
    for (const Piece &piece : std::as_const(m_pieces))
        m_literalSize += piece.literal.size();
}

QString ReplyTemplate::time() const
{
    const qint64 second = QDateTime::currentMSecsSinceEpoch() / 1000;
    if (second != m_timeSecond) {
        m_timeSecond = second;
        m_time = QDateTime::fromSecsSinceEpoch(second).toString(QStringLiteral("HH:mm:ss"));
    }
    return m_time;
}

QString ReplyTemplate::expand(quint64 id, const QString &name, const QString &text) const
{
    return QString::fromUtf8(expandUtf8(id, name, text.toUtf8()));
}

QByteArray ReplyTemplate::expandUtf8(quint64 id, const QString &name, QByteArrayView text) const
{
    QByteArray reply;
    reply.reserve(m_literalSize + text.size() + 16);
    for (const Piece &piece : m_pieces) {
        switch (piece.field) {
        case Field::Literal:
            reply += piece.literal;
            break;
        case Field::Id:
            reply += QByteArray::number(id);
            break;
        case Field::Name:
            reply += name.toUtf8();
            break;
        case Field::Time:
            reply += time().toUtf8();
            break;
        case Field::Text:
            reply += text;
            break;
        }
    }
    return reply;
}

} // namespace Duplex

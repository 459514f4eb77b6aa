#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Duplex::ChatProtocol {

// The subprotocol the browser page asks for: JSON objects with a "type" field (README, "Wire protocol").
inline constexpr auto Name = "duplex.v1";

struct ChatMessage
{
    quint64 from = 0; // 0: the server itself
    QString name;
    QString text;
    qint64 timeMs = 0;

    QJsonObject toJson() const;
};

QString isoTime(qint64 msecsSinceEpoch);
QString welcome(quint64 id, const QString &name, const QString &mode, qint64 timeMs);
QString history(const QList<ChatMessage> &messages);
QString message(const ChatMessage &message);
QString presence(const QString &type, quint64 id, const QString &name, qint64 timeMs);
QString renamed(quint64 id, const QString &name, const QString &oldName, qint64 timeMs);
// The operator switched the server's mode: pages show the new one.
QString modeChanged(const QString &mode, qint64 timeMs);
QString error(const QString &description);

// What a duplex.v1 client sent.
struct Request
{
    enum class Kind { Message, Rename, Invalid };
    Kind kind = Kind::Invalid;
    QString value; // the text, the new name, or why it is invalid
};

Request parse(const QString &frame);

} // namespace Duplex::ChatProtocol

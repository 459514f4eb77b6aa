#include "connectioninfo.h"

namespace Duplex {

QJsonObject ConnectionInfo::toJson() const
{
    QJsonObject object {
        {QStringLiteral("id"), qint64(id)},
        {QStringLiteral("address"), address.toString()},
        {QStringLiteral("port"), port},
        {QStringLiteral("path"), path},
        {QStringLiteral("name"), name},
        {QStringLiteral("origin"), origin},
        {QStringLiteral("userAgent"), userAgent},
        {QStringLiteral("subprotocol"), subprotocol},
        {QStringLiteral("compression"), compression.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(compression)},
        {QStringLiteral("connectedAt"), connectedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("lastActivity"), lastActivity.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("messagesIn"), qint64(messagesIn)},
        {QStringLiteral("messagesOut"), qint64(messagesOut)},
        {QStringLiteral("bytesIn"), qint64(bytesIn)},
        {QStringLiteral("bytesOut"), qint64(bytesOut)},
        {QStringLiteral("lastRoundTripMs"), lastRoundTripMs},
        {QStringLiteral("thread"), thread},
    };
    if (!node.isEmpty())
        object.insert(QStringLiteral("node"), node);
    return object;
}

QJsonObject ServerStats::toJson() const
{
    const qint64 uptimeMs = startedAt.isValid() ? startedAt.msecsTo(QDateTime::currentDateTimeUtc()) : 0;
    return QJsonObject {
        {QStringLiteral("connectionsNow"), qint64(connectionsNow)},
        {QStringLiteral("connectionsTotal"), qint64(connectionsTotal)},
        {QStringLiteral("messagesIn"), qint64(messagesIn)},
        {QStringLiteral("messagesOut"), qint64(messagesOut)},
        {QStringLiteral("bytesIn"), qint64(bytesIn)},
        {QStringLiteral("bytesOut"), qint64(bytesOut)},
        {QStringLiteral("startedAt"), startedAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("uptimeSeconds"), double(uptimeMs) / 1000.0},
    };
}

} // namespace Duplex

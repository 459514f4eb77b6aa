#include "har.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Duplex {

namespace {

QString isoTime(double seconds)
{
    return QDateTime::fromMSecsSinceEpoch(qint64(seconds * 1000), Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonArray headersJson(const QList<QPair<QString, QString>> &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers)
        array.append(QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    return array;
}

QList<QPair<QString, QString>> headersFrom(const QJsonValue &value)
{
    QList<QPair<QString, QString>> headers;
    for (const QJsonValue &h : value.toArray())
        headers.append({h.toObject().value(u"name").toString(), h.toObject().value(u"value").toString()});
    return headers;
}

} // namespace

QByteArray Har::write(const QList<HarConnection> &connections, const QString &creator)
{
    QJsonArray entries;
    for (const HarConnection &c : connections) {
        QJsonArray messages;
        for (const HarMessage &m : c.messages) {
            messages.append(QJsonObject {
                {QStringLiteral("type"), m.fromClient ? QStringLiteral("send") : QStringLiteral("receive")},
                {QStringLiteral("time"), m.time}, {QStringLiteral("opcode"), m.opcode},
                {QStringLiteral("data"),
                    m.opcode == 1 ? QString::fromUtf8(m.data) : QString::fromLatin1(m.data.toBase64())}});
        }
        entries.append(QJsonObject {{QStringLiteral("_resourceType"), QStringLiteral("websocket")},
            {QStringLiteral("startedDateTime"), isoTime(c.started)}, {QStringLiteral("time"), 0},
            {QStringLiteral("request"),
                QJsonObject {{QStringLiteral("method"), QStringLiteral("GET")}, {QStringLiteral("url"), c.url},
                    {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
                    {QStringLiteral("headers"), headersJson(c.requestHeaders)},
                    {QStringLiteral("queryString"), QJsonArray()}, {QStringLiteral("cookies"), QJsonArray()},
                    {QStringLiteral("headersSize"), -1}, {QStringLiteral("bodySize"), 0}}},
            {QStringLiteral("response"),
                QJsonObject {{QStringLiteral("status"), c.status},
                    {QStringLiteral("statusText"), c.status == 101 ? QStringLiteral("Switching Protocols") : QString()},
                    {QStringLiteral("httpVersion"), QStringLiteral("HTTP/1.1")},
                    {QStringLiteral("headers"), headersJson(c.responseHeaders)},
                    {QStringLiteral("cookies"), QJsonArray()},
                    {QStringLiteral("content"),
                        QJsonObject {
                            {QStringLiteral("size"), 0}, {QStringLiteral("mimeType"), QStringLiteral("x-unknown")}}},
                    {QStringLiteral("redirectURL"), QString()}, {QStringLiteral("headersSize"), -1},
                    {QStringLiteral("bodySize"), 0}}},
            {QStringLiteral("cache"), QJsonObject()},
            {QStringLiteral("timings"),
                QJsonObject {{QStringLiteral("send"), 0}, {QStringLiteral("wait"), 0}, {QStringLiteral("receive"), 0}}},
            {QStringLiteral("_webSocketMessages"), messages}});
    }
    const QJsonObject log {{QStringLiteral("version"), QStringLiteral("1.2")},
        {QStringLiteral("creator"),
            QJsonObject {
                {QStringLiteral("name"), creator}, {QStringLiteral("version"), QStringLiteral(DUPLEX_VERSION)}}},
        {QStringLiteral("pages"), QJsonArray()}, {QStringLiteral("entries"), entries}};
    return QJsonDocument(QJsonObject {{QStringLiteral("log"), log}}).toJson(QJsonDocument::Indented);
}

std::optional<QList<HarConnection>> Har::read(const QByteArray &json, QString *error)
{
    QString scratch;
    QString &why = error ? *error : scratch;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        why = tr("not JSON: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    const QJsonValue entries = document.object().value(u"log").toObject().value(u"entries");
    if (!entries.isArray()) {
        why = tr("not a HAR file: no log.entries");
        return std::nullopt;
    }
    QList<HarConnection> connections;
    for (const QJsonValue &value : entries.toArray()) {
        const QJsonObject entry = value.toObject();
        const QJsonObject request = entry.value(u"request").toObject();
        const QString url = request.value(u"url").toString();
        const bool webSocket = entry.value(u"_resourceType").toString() == u"websocket"
            || entry.contains(u"_webSocketMessages") || url.startsWith(u"ws://") || url.startsWith(u"wss://");
        if (!webSocket)
            continue;
        HarConnection c;
        c.url = url;
        c.requestHeaders = headersFrom(request.value(u"headers"));
        c.responseHeaders = headersFrom(entry.value(u"response").toObject().value(u"headers"));
        c.status = entry.value(u"response").toObject().value(u"status").toInt(101);
        c.started = double(QDateTime::fromString(entry.value(u"startedDateTime").toString(), Qt::ISODateWithMs)
                               .toMSecsSinceEpoch())
            / 1000;
        for (const QJsonValue &m : entry.value(u"_webSocketMessages").toArray()) {
            const QJsonObject o = m.toObject();
            HarMessage message;
            message.fromClient = o.value(u"type").toString() == u"send";
            message.time = o.value(u"time").toDouble();
            if (message.time > 1e11)
                message.time /= 1000; // Playwright's recorder writes milliseconds, Chrome DevTools seconds
            message.opcode = o.value(u"opcode").toInt(1);
            const QString data = o.value(u"data").toString();
            if (message.opcode == 1) {
                message.data = data.toUtf8();
            } else if (message.opcode == 2) {
                const auto decoded = QByteArray::fromBase64Encoding(data.toLatin1());
                message.data = decoded ? decoded.decoded : QByteArray();
            } else {
                continue; // control frames are not replayed
            }
            c.messages.append(message);
        }
        connections.append(c);
    }
    if (connections.isEmpty()) {
        why = tr("the HAR file holds no WebSocket connection");
        return std::nullopt;
    }
    return connections;
}

} // namespace Duplex

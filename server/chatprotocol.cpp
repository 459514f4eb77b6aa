#include "chatprotocol.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Duplex::ChatProtocol {

namespace {

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

QString isoTime(qint64 msecsSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject ChatMessage::toJson() const
{
    return QJsonObject {
        {QStringLiteral("type"), QStringLiteral("message")},
        {QStringLiteral("from"), qint64(from)},
        {QStringLiteral("name"), name},
        {QStringLiteral("text"), text},
        {QStringLiteral("time"), isoTime(timeMs)},
    };
}

QString welcome(quint64 id, const QString &name, const QString &mode, qint64 timeMs)
{
    return compact({
        {QStringLiteral("type"), QStringLiteral("welcome")},
        {QStringLiteral("id"), qint64(id)},
        {QStringLiteral("name"), name},
        {QStringLiteral("mode"), mode},
        {QStringLiteral("server"), QStringLiteral("Duplex " DUPLEX_VERSION)},
        {QStringLiteral("time"), isoTime(timeMs)},
    });
}

QString history(const QList<ChatMessage> &messages)
{
    QJsonArray array;
    for (const ChatMessage &m : messages)
        array.append(m.toJson());
    return compact({{QStringLiteral("type"), QStringLiteral("history")}, {QStringLiteral("messages"), array}});
}

QString message(const ChatMessage &message)
{
    return compact(message.toJson());
}

QString presence(const QString &type, quint64 id, const QString &name, qint64 timeMs)
{
    return compact({
        {QStringLiteral("type"), type},
        {QStringLiteral("id"), qint64(id)},
        {QStringLiteral("name"), name},
        {QStringLiteral("time"), isoTime(timeMs)},
    });
}

QString renamed(quint64 id, const QString &name, const QString &oldName, qint64 timeMs)
{
    return compact({
        {QStringLiteral("type"), QStringLiteral("name")},
        {QStringLiteral("id"), qint64(id)},
        {QStringLiteral("name"), name},
        {QStringLiteral("old"), oldName},
        {QStringLiteral("time"), isoTime(timeMs)},
    });
}

QString modeChanged(const QString &mode, qint64 timeMs)
{
    return compact({
        {QStringLiteral("type"), QStringLiteral("mode")},
        {QStringLiteral("mode"), mode},
        {QStringLiteral("time"), isoTime(timeMs)},
    });
}

QString error(const QString &description)
{
    return compact({{QStringLiteral("type"), QStringLiteral("error")}, {QStringLiteral("message"), description}});
}

Request parse(const QString &frame)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(frame.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return {Request::Kind::Invalid,
            QCoreApplication::translate("Duplex::ChatProtocol", "Expected a JSON object with a \"type\" field.")};
    const QJsonObject object = document.object();
    const QString type = object.value(QLatin1String("type")).toString();
    if (type == u"message") {
        const QJsonValue text = object.value(QLatin1String("text"));
        if (!text.isString())
            return {Request::Kind::Invalid,
                QCoreApplication::translate("Duplex::ChatProtocol", "A message needs a \"text\" string.")};
        return {Request::Kind::Message, text.toString()};
    }
    if (type == u"name") {
        const QString name = object.value(QLatin1String("name")).toString().trimmed();
        if (name.isEmpty() || name.size() > 64)
            return {Request::Kind::Invalid,
                QCoreApplication::translate("Duplex::ChatProtocol", "A name must have 1 to 64 characters.")};
        return {Request::Kind::Rename, name};
    }
    return {Request::Kind::Invalid,
        QCoreApplication::translate("Duplex::ChatProtocol", "Unknown message type \"%1\".").arg(type)};
}

} // namespace Duplex::ChatProtocol

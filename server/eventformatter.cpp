#include "eventformatter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace Duplex {

QString Sentence::translated() const
{
    const QString s = QCoreApplication::translate(context, source, nullptr, n);
    // All at once: an argument that contains "%1" is not replaced again.
    switch (args.size()) {
    case 0:
        return s;
    case 1:
        return s.arg(args.at(0));
    case 2:
        return s.arg(args.at(0), args.at(1));
    case 3:
        return s.arg(args.at(0), args.at(1), args.at(2));
    default:
        return s.arg(args.at(0), args.at(1), args.at(2), args.at(3));
    }
}

std::shared_ptr<const Sentence> Sentence::make(const char *context, const char *source, QStringList args, int n)
{
    return std::make_shared<const Sentence>(Sentence {context, source, std::move(args), n});
}

QString eventTypeName(ServerEvent::Type type)
{
    switch (type) {
    case ServerEvent::Type::Opened:
        return QStringLiteral("opened");
    case ServerEvent::Type::FrameIn:
        return QStringLiteral("in");
    case ServerEvent::Type::FrameOut:
        return QStringLiteral("out");
    case ServerEvent::Type::Closed:
        return QStringLiteral("closed");
    case ServerEvent::Type::Error:
        return QStringLiteral("error");
    case ServerEvent::Type::Info:
        return QStringLiteral("info");
    case ServerEvent::Type::Console:
        return QStringLiteral("console");
    }
    return {};
}

QString opcodeName(ServerEvent::Opcode opcode)
{
    switch (opcode) {
    case ServerEvent::Opcode::None:
        return {};
    case ServerEvent::Opcode::Continuation:
        return QStringLiteral("continuation");
    case ServerEvent::Opcode::Text:
        return QStringLiteral("text");
    case ServerEvent::Opcode::Binary:
        return QStringLiteral("binary");
    case ServerEvent::Opcode::Close:
        return QStringLiteral("close");
    case ServerEvent::Opcode::Ping:
        return QStringLiteral("ping");
    case ServerEvent::Opcode::Pong:
        return QStringLiteral("pong");
    }
    return {};
}

namespace EventFormatter {

QList<HarConnection> toHar(const QList<ServerEvent> &events, const QUrl &base)
{
    QList<HarConnection> connections;
    QHash<QPair<qint64, quint64>, qsizetype> index; // (run, id) → connections
    const auto connectionOf = [&](const ServerEvent &e) -> HarConnection & {
        const QPair<qint64, quint64> key {e.run, e.connectionId};
        auto it = index.constFind(key);
        if (it == index.cend()) {
            HarConnection c;
            QUrl url = base;
            url.setPath(QStringLiteral("/"));
            c.url = url.toString();
            c.started = double(e.timestampMs) / 1000;
            connections.append(c);
            it = index.insert(key, connections.size() - 1);
        }
        return connections[it.value()];
    };
    for (const ServerEvent &e : events) {
        if (e.connectionId == 0)
            continue;
        if (e.type == ServerEvent::Type::Opened) {
            HarConnection &c = connectionOf(e);
            // The path as shown (a token masked), on the server's address.
            c.url = base.toString(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::StripTrailingSlash) + e.path;
            c.started = double(e.timestampMs) / 1000;
            c.requestHeaders
                = {{QStringLiteral("Host"), base.authority()}, {QStringLiteral("Upgrade"), QStringLiteral("websocket")},
                    {QStringLiteral("Connection"), QStringLiteral("Upgrade")},
                    {QStringLiteral("Sec-WebSocket-Version"), QStringLiteral("13")}};
            c.responseHeaders = {{QStringLiteral("Upgrade"), QStringLiteral("websocket")},
                {QStringLiteral("Connection"), QStringLiteral("Upgrade")}};
            continue;
        }
        const bool frame = e.type == ServerEvent::Type::FrameIn || e.type == ServerEvent::Type::FrameOut;
        if (!frame || e.dropped || (e.opcode != ServerEvent::Opcode::Text && e.opcode != ServerEvent::Opcode::Binary))
            continue;
        connectionOf(e).messages.append({e.type == ServerEvent::Type::FrameIn, double(e.timestampMs) / 1000,
            e.opcode == ServerEvent::Opcode::Text ? 1 : 2, e.payload});
    }
    return connections;
}

QString preview(const ServerEvent &event, int maxChars)
{
    if (event.opcode == ServerEvent::Opcode::Text) {
        QString text = QString::fromUtf8(event.payload);
        const bool cut = text.size() > maxChars;
        if (cut)
            text.truncate(maxChars);
        for (QChar &c : text) {
            if (c.unicode() < 0x20 || c == QChar(0x7f))
                c = QChar(0x2423); // '␣'-like marker keeps one event on one line
        }
        return cut ? text + QChar(0x2026) : text;
    }
    const int bytes = maxChars / 3;
    const QByteArray hex = event.payload.left(bytes).toHex(' ');
    return QString::fromLatin1(hex) + (event.payload.size() > bytes ? QStringLiteral(" …") : QString());
}

QString toText(const ServerEvent &event, int maxPreviewChars)
{
    if (!event.fault.isEmpty()) {
        ServerEvent plain = event;
        plain.fault.clear();
        return QCoreApplication::translate("Duplex::EventFormatter", "%1 [%2]")
            .arg(toText(plain, maxPreviewChars), event.fault);
    }
    if (!event.rule.isEmpty()) {
        ServerEvent plain = event;
        plain.rule.clear();
        return QCoreApplication::translate("Duplex::EventFormatter", "%1 [rule \"%2\"]")
            .arg(toText(plain, maxPreviewChars), event.rule);
    }
    const QString id = QString::number(event.connectionId);
    switch (event.type) {
    case ServerEvent::Type::Opened:
        return QCoreApplication::translate("Duplex::EventFormatter", "client %1 connected from %2 path %3")
            .arg(id, event.text, event.path);
    case ServerEvent::Type::FrameIn:
    case ServerEvent::Type::FrameOut: {
        const QString details = event.wireSize >= 0
            ? QCoreApplication::translate(
                "Duplex::EventFormatter", "(opcode %1, fin %2, %3 bytes, %4 compressed on the wire)")
                  .arg(int(event.opcode))
                  .arg(event.fin ? 1 : 0)
                  .arg(event.size)
                  .arg(event.wireSize)
            : QCoreApplication::translate("Duplex::EventFormatter", "(opcode %1, fin %2, %3 bytes)")
                  .arg(int(event.opcode))
                  .arg(event.fin ? 1 : 0)
                  .arg(event.size);
        if (event.opcode == ServerEvent::Opcode::Pong)
            return QCoreApplication::translate("Duplex::EventFormatter", "client %1 answered a ping: %2")
                .arg(id, event.text);
        if (event.type == ServerEvent::Type::FrameIn)
            return QCoreApplication::translate("Duplex::EventFormatter", "client %1 said: %2 %3")
                .arg(id, preview(event, maxPreviewChars), details);
        return QCoreApplication::translate("Duplex::EventFormatter", "sent to client %1: %2 %3")
            .arg(id, preview(event, maxPreviewChars), details);
    }
    case ServerEvent::Type::Closed:
        if (event.text.isEmpty())
            return QCoreApplication::translate("Duplex::EventFormatter", "client %1 disconnected (code %2)")
                .arg(id)
                .arg(event.closeCode);
        return QCoreApplication::translate("Duplex::EventFormatter", "client %1 disconnected (code %2, %3)")
            .arg(id)
            .arg(event.closeCode)
            .arg(event.text);
    case ServerEvent::Type::Error:
        if (event.connectionId == 0)
            return QCoreApplication::translate("Duplex::EventFormatter", "error: %1").arg(event.text);
        return QCoreApplication::translate("Duplex::EventFormatter", "client %1 error: %2").arg(id, event.text);
    case ServerEvent::Type::Info:
        return event.text;
    case ServerEvent::Type::Console:
        return QCoreApplication::translate("Duplex::EventFormatter", "script: %1").arg(event.text);
    }
    return {};
}

QByteArray toJson(const ServerEvent &event)
{
    QJsonObject object {
        {QStringLiteral("time"),
            QDateTime::fromMSecsSinceEpoch(event.timestampMs, Qt::UTC).toString(Qt::ISODateWithMs)},
        {QStringLiteral("event"), eventTypeName(event.type)},
    };
    if (event.connectionId != 0)
        object.insert(QStringLiteral("id"), qint64(event.connectionId));
    if (event.run != 0) // ids restart every run: the run's start tells #1 of today from #1 of yesterday
        object.insert(
            QStringLiteral("run"), QDateTime::fromMSecsSinceEpoch(event.run, Qt::UTC).toString(Qt::ISODateWithMs));
    switch (event.type) {
    case ServerEvent::Type::Opened:
        object.insert(QStringLiteral("peer"), event.text);
        object.insert(QStringLiteral("path"), event.path);
        break;
    case ServerEvent::Type::FrameIn:
    case ServerEvent::Type::FrameOut:
        object.insert(QStringLiteral("opcode"), int(event.opcode));
        object.insert(QStringLiteral("kind"), opcodeName(event.opcode));
        object.insert(QStringLiteral("fin"), event.fin);
        object.insert(QStringLiteral("size"), event.size);
        if (event.wireSize >= 0)
            object.insert(QStringLiteral("wireSize"), event.wireSize); // compressed (permessage-deflate)
        if (event.opcode == ServerEvent::Opcode::Text)
            object.insert(QStringLiteral("text"), QString::fromUtf8(event.payload));
        else
            object.insert(QStringLiteral("base64"), QString::fromLatin1(event.payload.toBase64()));
        break;
    case ServerEvent::Type::Closed:
        object.insert(QStringLiteral("code"), event.closeCode);
        object.insert(QStringLiteral("reason"), event.text);
        break;
    case ServerEvent::Type::Error:
    case ServerEvent::Type::Info:
    case ServerEvent::Type::Console:
        object.insert(QStringLiteral("message"), event.text);
        break;
    }
    if (!event.rule.isEmpty())
        object.insert(QStringLiteral("rule"), event.rule);
    if (!event.fault.isEmpty())
        object.insert(QStringLiteral("fault"), event.fault);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace EventFormatter
} // namespace Duplex

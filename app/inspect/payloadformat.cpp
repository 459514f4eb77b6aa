#include "payloadformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Duplex {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// QJsonDocument parses objects and arrays only; Socket.IO's data may also be a string or a number.
QJsonValue parseValue(const QByteArray &json, bool *ok)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson("[" + json + "]", &error);
    *ok = error.error == QJsonParseError::NoError && document.isArray() && document.array().size() == 1;
    return *ok ? document.array().first() : QJsonValue(QJsonValue::Undefined);
}

} // namespace

QString SocketIoPacket::engineTypeName() const
{
    static const char *const names[] = {"open", "close", "ping", "pong", "message", "upgrade", "noop"};
    return engineType >= 0 && engineType <= 6 ? QString::fromLatin1(names[engineType]) : QString();
}

QString SocketIoPacket::socketTypeName() const
{
    static const char *const names[]
        = {"CONNECT", "DISCONNECT", "EVENT", "ACK", "CONNECT_ERROR", "BINARY_EVENT", "BINARY_ACK"};
    return socketType >= 0 && socketType <= 6 ? QString::fromLatin1(names[socketType]) : QString();
}

QString PayloadFormat::hexDump(const QByteArray &data, qsizetype limit)
{
    QString dump;
    const qsizetype shown = std::min(data.size(), limit);
    dump.reserve((shown / 16 + 1) * 78);
    for (qsizetype offset = 0; offset < shown; offset += 16) {
        const QByteArray line = data.mid(offset, std::min<qsizetype>(16, shown - offset));
        QString ascii;
        for (char c : line)
            ascii += (c >= 0x20 && c < 0x7f) ? QChar(QLatin1Char(c)) : QChar(u'.');
        dump += QStringLiteral("%1  %2  %3\n")
                    .arg(offset, 8, 16, QChar(u'0'))
                    .arg(QString::fromLatin1(line.toHex(' ')), -47)
                    .arg(ascii);
    }
    if (shown < data.size())
        dump += tr("… %n more byte(s)", nullptr, int(std::min<qsizetype>(data.size() - shown, INT_MAX)));
    return dump;
}

QString PayloadFormat::prettyJson(const QByteArray &data, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        bool ok = false;
        const QJsonValue scalar = parseValue(data.trimmed(), &ok); // "42", "\"text\"", true …
        if (ok && !data.trimmed().isEmpty())
            return QString::fromUtf8(QJsonDocument(QJsonArray {scalar}).toJson(QJsonDocument::Compact))
                .mid(1)
                .chopped(1);
        if (error)
            *error = tr("not JSON: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset);
        return {};
    }
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed();
}

SocketIoPacket PayloadFormat::decodeSocketIo(const QByteArray &text)
{
    SocketIoPacket p;
    if (text.isEmpty() || text.at(0) < '0' || text.at(0) > '6')
        return p;
    p.engineType = text.at(0) - '0';
    QByteArray rest = text.mid(1);
    if (p.engineType != 4) {
        // open carries the handshake object; ping/pong may carry "probe"; the others nothing.
        if (rest.isEmpty()) {
            p.valid = p.engineType != 0;
            return p;
        }
        bool ok = false;
        p.data = parseValue(rest, &ok);
        if (!ok) {
            p.data = QJsonValue(QJsonValue::Undefined);
            p.text = QString::fromUtf8(rest);
        }
        p.valid = (p.engineType == 0 && p.data.isObject()) || p.engineType == 2 || p.engineType == 3;
        return p;
    }
    // A Socket.IO packet: <type>[<attachments>-][<namespace>,][<ack id>][JSON]
    if (rest.isEmpty() || rest.at(0) < '0' || rest.at(0) > '6') {
        p.valid = true; // an Engine.IO message that is not Socket.IO: plain text
        p.text = QString::fromUtf8(rest);
        return p;
    }
    p.socketType = rest.at(0) - '0';
    qsizetype i = 1;
    if (p.socketType == 5 || p.socketType == 6) {
        const qsizetype dash = rest.indexOf('-', i);
        bool ok = false;
        const int attachments = dash > i ? rest.mid(i, dash - i).toInt(&ok) : -1;
        if (!ok || attachments < 0)
            return p;
        p.attachments = attachments;
        i = dash + 1;
    }
    if (i < rest.size() && rest.at(i) == '/') {
        const qsizetype comma = rest.indexOf(',', i);
        const qsizetype end = comma < 0 ? rest.size() : comma;
        p.nameSpace = QString::fromUtf8(rest.mid(i, end - i));
        i = comma < 0 ? rest.size() : comma + 1;
    }
    const qsizetype digits = i;
    while (i < rest.size() && isDigit(rest.at(i)) && i - digits < 18)
        ++i;
    if (i > digits)
        p.ackId = rest.mid(digits, i - digits).toLongLong();
    const QByteArray json = rest.mid(i);
    if (!json.isEmpty()) {
        bool ok = false;
        p.data = parseValue(json, &ok);
        if (!ok)
            return p;
    }
    const bool isEvent = p.socketType == 2 || p.socketType == 5;
    if (isEvent) {
        QJsonArray args = p.data.toArray();
        if (!p.data.isArray() || args.isEmpty() || !args.first().isString())
            return p; // an event is an array that starts with its name
        p.event = args.first().toString();
        args.removeFirst();
        p.data = args;
    }
    if ((p.socketType == 3 || p.socketType == 6) && (p.ackId < 0 || !p.data.isArray()))
        return p;
    p.valid = true;
    return p;
}

} // namespace Duplex

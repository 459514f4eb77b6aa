#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonValue>
#include <QString>

namespace Duplex {

// A Socket.IO (protocol 5) packet inside an Engine.IO (protocol 4) packet, as sent over a WebSocket:
// "0{…}" open, "2" ping, "3" pong, "40/ns,{…}" connect, "42[\"event\",…]" event, "451-[…]" binary event …
struct SocketIoPacket
{
    bool valid = false;
    int engineType = -1; // 0 open, 1 close, 2 ping, 3 pong, 4 message, 5 upgrade, 6 noop
    int socketType = -1; // inside a message: 0 CONNECT … 6 BINARY_ACK; -1 for other Engine.IO packets
    QString nameSpace = QStringLiteral("/");
    QString event; // EVENT and BINARY_EVENT: the first element of the array
    qint64 ackId = -1;
    int attachments = 0; // BINARY_EVENT / BINARY_ACK: binary frames that follow
    QJsonValue data = QJsonValue(
        QJsonValue::Undefined); // the JSON after the header (the arguments without the event name), or Undefined
    QString text; // a payload that is not JSON (Engine.IO "2probe", a plain message)

    QString engineTypeName() const;
    QString socketTypeName() const;
};

// Views of a payload for the frame inspector: pure functions, tested by tst_payloadformat.
class PayloadFormat
{
    Q_DECLARE_TR_FUNCTIONS(PayloadFormat)

public:
    // Offset, 16 bytes in hex, printable ASCII; at most `limit` bytes, then a line saying how many more.
    static QString hexDump(const QByteArray &data, qsizetype limit = 64 * 1024);
    // The payload as indented JSON, or an empty string and the parser's reason with its offset.
    static QString prettyJson(const QByteArray &data, QString *error = nullptr);
    // Engine.IO v4 / Socket.IO v5 text frames; valid == false for anything else.
    static SocketIoPacket decodeSocketIo(const QByteArray &text);
};

} // namespace Duplex

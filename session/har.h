#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace Duplex {

// One WebSocket message of a recorded session, from the client's side as Chrome DevTools records it: "send" is
// what the client sent, "receive" what the server sent.
struct HarMessage
{
    bool fromClient = true;
    double time = 0; // seconds since the epoch, with milliseconds
    int opcode = 1; // 1 text, 2 binary
    QByteArray data; // text as UTF-8, binary as is
};

// One WebSocket connection of a recorded session (a HAR entry with "_resourceType": "websocket").
struct HarConnection
{
    QString url; // ws:// or wss://
    QList<QPair<QString, QString>> requestHeaders;
    QList<QPair<QString, QString>> responseHeaders;
    int status = 101;
    double started = 0; // seconds since the epoch
    QList<HarMessage> messages;
};

// HAR 1.2 with Chrome's WebSocket fields (`_resourceType`, `_webSocketMessages` of {type, time, opcode, data},
// binary data as base64), so that Chrome and HAR viewers open what Duplex writes and Duplex replays what Chrome
// saved.
class Har
{
    Q_DECLARE_TR_FUNCTIONS(Har)

public:
    static QByteArray write(const QList<HarConnection> &connections, const QString &creator);
    // Every WebSocket entry of the file (other entries are skipped); an error when there is none or it is not HAR.
    static std::optional<QList<HarConnection>> read(const QByteArray &json, QString *error);
};

} // namespace Duplex

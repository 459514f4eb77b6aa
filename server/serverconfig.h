#pragma once

#include <QHostAddress>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Duplex {

// What the server does with an incoming message (DESIGN.md, "Wire behaviour").
enum class Mode { Echo, Broadcast, Raw };

QString modeName(Mode mode);

// What serves the WebSocket connections (README "Engines"): Duplex's own RFC 6455 framing on the socket descriptor,
// with OpenSSL for wss:// (the default), or Qt's QWebSocketServer and QWebSocket, with QSslSocket for wss://.
enum class Engine { Native, Qt };

QString engineName(Engine engine);
std::optional<Engine> engineFromName(const QString &name);
std::optional<Mode> modeFromName(const QString &name);

// The echo reply the seed's Swoole server sent; {text}, {id}, {name} and {time} are filled in.
QString defaultReplyTemplate();

struct ServerConfig
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8090;
    Mode mode = Mode::Echo;
    QString replyTemplate; // empty: defaultReplyTemplate()
    QString documentRoot; // empty: the built-in page from Qt resources
    qint64 maxMessageSize = 1024 * 1024;
    qint64 maxFrameSize = 1024 * 1024;
    int handshakeTimeoutMs = 10'000;
    int maxHeaderBytes = 16 * 1024;
    int historySize = 50;
    int threads = 1; // network threads (event loops) serving the WebSocket connections (HubGroup); 0: one per core
    int minPerThread = 128; // the next thread takes connections once each before it has this many

    // Limits (Swoole's max_connection, package_max_length, heartbeat_*; see README "Limits").
    int maxConnections = 10'000; // the next upgrade gets HTTP 503
    double maxMessagesPerSecond = 0; // per connection; 0: no limit. Excess closes with 1008
    int heartbeatIntervalS = 30; // ping every client this often; 0: no heartbeat
    int heartbeatTimeoutS = 75; // drop a client that has not answered for this long
    qint64 maxPendingOutput = 4 * 1024 * 1024; // a client that stops reading is closed (1008) past this

    // Access control.
    QStringList allowedOrigins; // besides same origin, localhost and no Origin; "*" allows every origin
    // Connections that send "X-Duplex-Simulation: <this key>" (the desktop's Simulate clients) are counted in the
    // statistics and summarised in one log line instead of logged and stored frame by frame. Empty: none.
    QByteArray simulationKey;
    bool metricsOpen = false; // GET /metrics without the token (duplex-server --metrics-open)
    // permessage-deflate (RFC 7692) when a client offers it (native engine) (duplex-server --no-compression turns it
    // off).
    bool compression = true;
    Engine engine = Engine::Native;
    qint64 runId = 0; // this run's identity on its events (its start time); Server::start() sets it
    QString token; // when set: WebSocket clients and /api/ routes must present it
    QString certificateFile; // PEM; with keyFile: https:// and wss:// on the same port
    QString keyFile;
    QString redisUrl; // redis://HOST:PORT[/DB]; empty: this server is self-contained
    QString nodeName; // empty: host name and port

    // Persistence of the message log and the broadcast chat history (HistoryStore; README "Where things are kept").
    // Off for library users (tests) unless asked for; duplex-server (unless --no-history) and the app turn it on.
    bool historyEnabled = false;
    QString databasePath; // empty: HistoryStore::defaultPath(), in the app data folder
    int historyRetentionDays = 30; // 0: no age limit
    qint64 historyMaxRows = 1'000'000; // message log rows kept; 0: no limit

    bool operator==(const ServerConfig &) const = default;
};

} // namespace Duplex

Q_DECLARE_METATYPE(Duplex::ServerConfig)

#include "servercore.h"

#include "httpfrontend.h"
#include "hub.h"
#include "listener.h"
#include "redisbridge.h"

#include <QHostInfo>

#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

namespace Duplex {

namespace {
constexpr int FlushIntervalMs = 50;
constexpr int SnapshotIntervalMs = 500;
constexpr int StopGraceMs = 3000;
} // namespace

ServerCore::ServerCore(QObject *parent)
    : QObject(parent),
      m_hub(new Hub(this)),
      m_flushTimer(new QTimer(this)),
      m_snapshotTimer(new QTimer(this)),
      m_stopTimer(new QTimer(this))
{
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(FlushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &ServerCore::flushEvents);
    connect(m_hub, &Hub::eventsAvailable, this, [this] {
        if (!m_flushTimer->isActive())
            m_flushTimer->start();
    });
    m_snapshotTimer->setInterval(SnapshotIntervalMs);
    connect(m_snapshotTimer, &QTimer::timeout, this, [this] { publishSnapshot(false); });
    m_stopTimer->setSingleShot(true);
    m_stopTimer->setInterval(StopGraceMs);
    connect(m_stopTimer, &QTimer::timeout, this, &ServerCore::finishStop);
    connect(m_hub, &Hub::allClosed, this, [this] {
        if (m_stopping)
            finishStop();
    });
}

ServerCore::~ServerCore()
{
    m_hub->abortAll();
}

void ServerCore::setEventsEnabled(bool enabled)
{
    m_hub->setEventsEnabled(enabled);
}

void ServerCore::start(const ServerConfig &config)
{
    if (m_listener) {
        Q_EMIT startFailed(tr("The server is already running."));
        return;
    }
    m_hub->setMode(config.mode);
    m_hub->setReplyTemplate(config.replyTemplate);
    m_hub->setMessageLimits(config.maxMessageSize, config.maxFrameSize);
    m_hub->setHistorySize(config.historySize);
    m_hub->resetStats();
    RedisAddress redis;
    if (!config.redisUrl.isEmpty()) {
        if (const QString error = RedisAddress::parse(config.redisUrl, redis); !error.isEmpty()) {
            Q_EMIT startFailed(error);
            return;
        }
    }

    auto *listener = new Listener(this);
    listener->setHandshakeTimeout(config.handshakeTimeoutMs);
    listener->setMaxHeaderBytes(config.maxHeaderBytes);
    if (!listener->listen(config.host, config.port)) {
        const QString address = config.host.protocol() == QAbstractSocket::IPv6Protocol
            ? u'[' + config.host.toString() + u']'
            : config.host.toString();
        Q_EMIT startFailed(tr("Cannot listen on %1:%2: %3").arg(address).arg(config.port).arg(listener->errorString()));
        delete listener;
        return;
    }
    m_listener = listener;

    auto *webSockets
        = new QWebSocketServer(QStringLiteral("Duplex/" DUPLEX_VERSION), QWebSocketServer::NonSecureMode, this);
    webSockets->setSupportedSubprotocols({QLatin1String(ChatProtocol::Name)});
    webSockets->setHandshakeTimeout(config.handshakeTimeoutMs);
    webSockets->setMaxPendingConnections(1 << 16);
    connect(webSockets, &QWebSocketServer::newConnection, this, [this, webSockets] {
        while (QWebSocket *socket = webSockets->nextPendingConnection())
            m_hub->adopt(socket);
    });
    m_webSockets = webSockets;
    m_http = new HttpFrontend(m_hub, config.documentRoot, this);

    connect(listener, &Listener::webSocketRequest, this,
        [webSockets](QTcpSocket *socket) { webSockets->handleConnection(socket); });
    connect(listener, &Listener::httpRequest, this, [this](QTcpSocket *socket) {
        if (m_http)
            m_http->hand(socket);
        else
            socket->deleteLater();
    });
    connect(listener, &Listener::rejected, this, [this](const QString &peer, const QString &reason) {
        m_hub->recordInfo(tr("Dropped %1: %2").arg(peer, reason), ServerEvent::Type::Error);
    });

    if (!config.redisUrl.isEmpty()) {
        const QString node = config.nodeName.isEmpty()
            ? QHostInfo::localHostName() + u':' + QString::number(listener->serverPort())
            : config.nodeName;
        m_bridge = new RedisBridge(m_hub, redis, node, this);
        m_http->setCluster(m_bridge);
        m_bridge->start();
    }

    m_snapshotTimer->start();
    Q_EMIT started(listener->serverPort());
    publishSnapshot(true);
}

void ServerCore::stop(int closeCode, const QString &reason)
{
    if (!m_listener || m_stopping)
        return;
    m_stopping = true;
    m_listener->close(); // no new connections while the others say goodbye
    m_stopTimer->start();
    m_hub->closeAll(closeCode, reason);
}

void ServerCore::stopNow()
{
    if (!m_listener)
        return;
    m_stopping = true;
    finishStop();
}

void ServerCore::finishStop()
{
    if (!m_stopping)
        return;
    m_stopping = false;
    m_stopTimer->stop();
    m_hub->abortAll(); // whoever did not answer the close frame in time
    delete m_http;
    delete m_webSockets;
    delete m_listener;
    delete m_bridge;
    m_snapshotTimer->stop();
    flushEvents();
    publishSnapshot(true);
    Q_EMIT stopped();
}

void ServerCore::flushEvents()
{
    if (m_batchInFlight) {
        // The observer is still busy with the previous batch: try again later, the Hub keeps a bounded backlog.
        m_flushTimer->start();
        return;
    }
    QList<ServerEvent> events = m_hub->takeEvents();
    if (events.isEmpty())
        return;
    m_batchInFlight = true;
    Q_EMIT eventsReady(events);
}

void ServerCore::publishSnapshot(bool force)
{
    if (!m_hub->takeChanged() && !force)
        return;
    Q_EMIT snapshotReady(m_hub->connections(), m_hub->stats());
}

} // namespace Duplex

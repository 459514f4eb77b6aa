#include "servercore.h"

#include "historystore.h"
#include "httpfrontend.h"
#include "hub.h"
#include "hubgroup.h"
#include "listener.h"
#include "redisbridge.h"
#include "ruleset.h"
#include "scripthost.h"
#include "tlscontext.h"

#include <QHostInfo>

#include <QFile>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpSocket>
#include <QThread>
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
      m_hub(new HubGroup(this)),
      m_flushTimer(new QTimer(this)),
      m_snapshotTimer(new QTimer(this)),
      m_stopTimer(new QTimer(this)),
      m_heartbeatTimer(new QTimer(this))
{
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(FlushIntervalMs);
    connect(m_flushTimer, &QTimer::timeout, this, &ServerCore::flushEvents);
    connect(m_hub, &HubGroup::eventsAvailable, this, [this] {
        if (!m_flushTimer->isActive())
            m_flushTimer->start();
    });
    m_snapshotTimer->setInterval(SnapshotIntervalMs);
    connect(m_snapshotTimer, &QTimer::timeout, this, [this] { publishSnapshot(false); });
    connect(m_heartbeatTimer, &QTimer::timeout, this, [this] { m_hub->heartbeat(m_heartbeatTimeoutMs); });
    m_stopTimer->setSingleShot(true);
    m_stopTimer->setInterval(StopGraceMs);
    connect(m_stopTimer, &QTimer::timeout, this, &ServerCore::finishStop);
    connect(m_hub, &HubGroup::allClosed, this, [this] {
        if (m_stopping)
            finishStop();
    });
    connect(m_hub, &HubGroup::rulesChanged, this, &ServerCore::rulesChanged);
    connect(m_hub, &HubGroup::faultsChanged, this, &ServerCore::faultsChanged);
    connect(m_hub, &HubGroup::chatBroadcast, this, [this](const ChatProtocol::ChatMessage &message) {
        if (m_store)
            m_store->appendChat(message);
    });
}

ServerCore::~ServerCore()
{
    m_hub->abortAll();
    m_hub->setThreads(1); // the other network threads end here: no Hub hands the script anything after this
    m_hub->setScript(nullptr, false);
    if (m_scriptThread) {
        // On its own thread: its engine's timers can only be stopped there.
        QMetaObject::invokeMethod(
            m_script, [host = m_script] { delete host; }, Qt::BlockingQueuedConnection);
        m_scriptThread->quit();
        m_scriptThread->wait();
    }
}

void ServerCore::setScript(const QString &source, const QString &fileName, int timeoutMs)
{
    if (!m_script) {
        if (source.trimmed().isEmpty()) {
            Q_EMIT scriptLoaded(QString());
            return;
        }
        m_scriptThread = new QThread(this);
        m_scriptThread->setObjectName(QStringLiteral("duplex-script"));
        m_script = new ScriptHost;
        m_script->moveToThread(m_scriptThread);
        connect(m_script, &ScriptHost::actions, this,
            [this](const QList<ScriptAction> &actions) { m_hub->applyScript(actions); });
        connect(m_script, &ScriptHost::handlersChanged, this,
            [this](bool, bool message, bool) { m_hub->setScript(m_script, message); });
        connect(m_script, &ScriptHost::loaded, this, [this](const QString &error) {
            if (error.isEmpty())
                m_scriptRunning = m_scriptPending;
            Q_EMIT scriptLoaded(error);
        });
        m_scriptThread->start();
        m_hub->setScript(m_script, false); // opens and closes from now on, so that the script knows who is there
    }
    ScriptHost *host = m_script;
    m_scriptPending = !source.trimmed().isEmpty();
    QMetaObject::invokeMethod(host, [host, source, fileName, timeoutMs] {
        host->setTimeoutMs(timeoutMs);
        host->load(source, fileName);
    });
}

void ServerCore::setEventsEnabled(bool enabled)
{
    m_observerEvents = enabled;
    applyEventSettings();
}

// Events are made when someone takes them: observers (the window, the stdout log) whole, the store the part of
// each payload it keeps. Without observers the Hub copies no more of a payload than that (a 64 KiB-message load
// would otherwise move a GB a second through events only to be cut to 1 KiB).
void ServerCore::applyEventSettings()
{
    m_hub->setEventsEnabled(m_observerEvents || m_store);
    m_hub->setEventPayloadLimit(m_observerEvents ? 0 : HistoryStore::StoredPayloadBytes);
}

void ServerCore::start(const ServerConfig &config)
{
    if (m_listener) {
        Q_EMIT startFailed(tr("The server is already running."));
        return;
    }
    // 0: one per core (the desktop's "auto", kept as 0 in its settings)
    m_hub->setThreads(
        config.threads > 0 ? config.threads : std::max(QThread::idealThreadCount(), 1), config.minPerThread);
    m_hub->setAccepting(true);
    m_hub->setMode(config.mode);
    m_hub->setReplyTemplate(config.replyTemplate);
    m_hub->setMessageLimits(config.maxMessageSize, config.maxFrameSize);
    m_hub->setCompression(config.compression);
    m_hub->setEngine(config.engine);
    m_hub->setSimulationKey(config.simulationKey);
    m_hub->setRunId(config.runId);
    m_hub->setHistorySize(config.historySize);
    m_hub->resetStats();
    openHistory(config);
    RedisAddress redis;
    if (!config.redisUrl.isEmpty()) {
        if (const QString error = RedisAddress::parse(config.redisUrl, redis); !error.isEmpty()) {
            Q_EMIT startFailed(error);
            return;
        }
    }

    QSslConfiguration tls;
    std::shared_ptr<TlsContext> nativeTls;
    if (!config.certificateFile.isEmpty() || !config.keyFile.isEmpty()) {
        if (const QString error = loadTls(config, tls); !error.isEmpty()) {
            Q_EMIT startFailed(error);
            return;
        }
        if (config.engine == Engine::Native) {
            QString error;
            nativeTls = TlsContext::load(config.certificateFile, config.keyFile, &error);
            if (!nativeTls) {
                Q_EMIT startFailed(tr("OpenSSL cannot use the certificate %1 with the key %2: %3")
                                       .arg(config.certificateFile, config.keyFile, error));
                return;
            }
        }
    }
    m_hub->setFlowLimits(config.maxMessagesPerSecond, config.maxPendingOutput);
    m_policy = AccessPolicy(config);

    auto *listener = new Listener(this);
    listener->setHandshakeTimeout(config.handshakeTimeoutMs);
    listener->setMaxHeaderBytes(config.maxHeaderBytes);
    if (nativeTls)
        listener->setTlsContext(std::move(nativeTls));
    else
        listener->setSslConfiguration(tls);
    listener->setUpgradeGate([this](const QByteArray &head) {
        const AccessPolicy::Verdict verdict = m_policy.checkUpgrade(head, m_hub->count());
        Listener::Verdict answer {verdict.status, verdict.reason, 0, 0};
        // Handshake faults (README "Testing your client"): refuse a share with a status, hold every one a while.
        const FaultSet::Handshake &fault = m_hub->faults()->server.handshake;
        if (answer.status == 0 && fault.status != 0 && QRandomGenerator::global()->bounded(100.0) < fault.percent) {
            answer
                = {fault.status, tr("refused by a fault (handshake status %1)").arg(fault.status), fault.retryAfter, 0};
        }
        if (answer.status == 0)
            answer.delayMs = fault.delayMs;
        return answer;
    });
    connect(listener, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        // Out of file descriptors: say so, at most once a second, rather than failing silently.
        if (m_lastAcceptError.isValid() && m_lastAcceptError.elapsed() < 1000)
            return;
        m_lastAcceptError.start();
        const QString why = error == QAbstractSocket::SocketResourceError
            ? HubGroup::outOfDescriptors(m_hub->count())
            : tr("Could not accept a connection: %1").arg(m_listener ? m_listener->errorString() : QString());
        m_hub->recordInfo(why, ServerEvent::Type::Error);
    });
    // Qt's default backlog of 50 drops SYNs when many clients connect at once (each retries after a second).
    listener->setListenBacklogSize(4096);
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
            m_hub->local()->adopt(new QtTransport(socket));
    });
    m_webSockets = webSockets;
    m_http = new HttpFrontend(m_hub, config.documentRoot, this);
    m_http->setAccessPolicy(m_policy);
    std::function<QList<ServerEvent>()> recorded;
    if (m_store) {
        recorded = [store = QPointer<HistoryStore>(m_store), run = config.runId] {
            if (!store)
                return QList<ServerEvent>();
            store->flush(); // the last second too
            QList<ServerEvent> events = store->recentLog(100'000);
            events.removeIf([run](const ServerEvent &e) { return e.run != run; });
            return events;
        };
    }
    m_http->setRecordedEvents(std::move(recorded), !config.certificateFile.isEmpty());
    m_http->setMetrics(
        [this] {
            MetricsInput in;
            in.stats = m_hub->stats();
            in.connectionsPerThread = m_hub->countPerThread();
            in.closeCodes = in.stats.closeCodes;
            in.refusals = m_refusals;
            if (const std::shared_ptr<const RuleSet> rules = m_hub->rules()) {
                for (const Rule &rule : rules->rules())
                    in.rulesFired[rule.name] += rule.fired->load(std::memory_order_relaxed);
            }
            in.faultsActive = !m_hub->faults()->isEmpty();
            in.scriptLoaded = m_scriptRunning;
            in.redisState = in.stats.redisState;
            return in;
        },
        config.metricsOpen);
    m_http->setLimits(QJsonObject {{QStringLiteral("maxConnections"), config.maxConnections},
        {QStringLiteral("maxMessageSize"), config.maxMessageSize},
        {QStringLiteral("maxFrameSize"), config.maxFrameSize},
        {QStringLiteral("messagesPerSecond"), config.maxMessagesPerSecond},
        {QStringLiteral("handshakeTimeoutMs"), config.handshakeTimeoutMs},
        {QStringLiteral("maxHeaderBytes"), config.maxHeaderBytes},
        {QStringLiteral("heartbeatIntervalS"), config.heartbeatIntervalS},
        {QStringLiteral("heartbeatTimeoutS"), config.heartbeatTimeoutS},
        {QStringLiteral("maxPendingOutput"), config.maxPendingOutput}, {QStringLiteral("threads"), m_hub->threads()},
        {QStringLiteral("tls"), !tls.isNull()}, {QStringLiteral("engine"), engineName(config.engine)},
        {QStringLiteral("token"), !config.token.isEmpty()}});

    connect(listener, &Listener::webSocketRequest, this,
        [this, webSockets](QTcpSocket *socket) { m_hub->handUpgrade(socket, webSockets); });
    connect(listener, &Listener::httpRequest, this, [this](QTcpSocket *socket) {
        if (m_http)
            m_http->hand(socket);
        else
            socket->deleteLater();
    });
    connect(listener, &Listener::rejected, this, [this](const QString &peer, int status, const QString &reason) {
        if (status > 0) // 0: a TLS handshake that failed, no HTTP answer
            ++m_refusals[status];
        m_hub->recordInfo(Sentence::make("Duplex::ServerCore",
                              QT_TRANSLATE_NOOP("Duplex::ServerCore", "Dropped %1: %2"), {peer, reason}),
            ServerEvent::Type::Error);
    });

    if (!config.redisUrl.isEmpty()) {
        const QString node = config.nodeName.isEmpty()
            ? QHostInfo::localHostName() + u':' + QString::number(listener->serverPort())
            : config.nodeName;
        m_bridge = new RedisBridge(m_hub, redis, node, this);
        m_http->setCluster(m_bridge);
        m_bridge->start();
    }

    if (config.heartbeatIntervalS > 0) {
        m_heartbeatTimeoutMs = qint64(config.heartbeatTimeoutS) * 1000;
        m_heartbeatTimer->start(config.heartbeatIntervalS * 1000);
    }
    m_snapshotTimer->start();
    Q_EMIT started(listener->serverPort());
    publishSnapshot(true);
}

QString ServerCore::loadTls(const ServerConfig &config, QSslConfiguration &tls)
{
    if (config.certificateFile.isEmpty() || config.keyFile.isEmpty())
        return tr("TLS needs both a certificate file and a key file.");
    QFile certFile(config.certificateFile);
    if (!certFile.open(QIODevice::ReadOnly))
        return tr("Cannot read the certificate %1: %2").arg(config.certificateFile, certFile.errorString());
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (chain.isEmpty())
        return tr("%1 holds no PEM certificate.").arg(config.certificateFile);
    QFile keyFile(config.keyFile);
    if (!keyFile.open(QIODevice::ReadOnly))
        return tr("Cannot read the key %1: %2").arg(config.keyFile, keyFile.errorString());
    const QByteArray keyData = keyFile.readAll();
    QSslKey key(keyData, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyData, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return tr("%1 holds no unencrypted PEM private key (RSA or EC).").arg(config.keyFile);
    tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return {};
}

void ServerCore::stop(int closeCode, const QString &reason)
{
    if (!m_listener || m_stopping)
        return;
    m_stopping = true;
    m_listener->close(); // no new connections while the others say goodbye
    m_hub->setAccepting(false); // nor those still in their handshake
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
    if (m_script)
        QMetaObject::invokeMethod(m_script, [host = m_script] { host->forget(); });
    delete m_http;
    delete m_webSockets;
    delete m_listener;
    delete m_bridge;
    m_snapshotTimer->stop();
    m_heartbeatTimer->stop();
    flushEvents();
    if (m_store)
        m_store->flush(); // what was reported is on disk before stopped()
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
    if (m_store)
        m_store->append(events); // the same batch the observers get (implicitly shared)
    if (!m_observerEvents)
        return; // only the store wanted them (duplex-server --quiet)
    m_batchInFlight = true;
    Q_EMIT eventsReady(events);
}

void ServerCore::openHistory(const ServerConfig &config)
{
    const QString path = config.databasePath.isEmpty() ? HistoryStore::defaultPath() : config.databasePath;
    if (m_store && (!config.historyEnabled || m_store->path() != path)) {
        delete m_store;
        m_store = nullptr;
    }
    if (config.historyEnabled && !m_store) {
        auto *store = new HistoryStore(this);
        if (store->open(path)) {
            m_store = store;
            connect(store, &HistoryStore::recentLogReady, this, &ServerCore::recentLogLoaded);
            connect(store, &HistoryStore::cleared, this, &ServerCore::historyCleared);
            connect(store, &HistoryStore::exported, this, &ServerCore::historyExported);
            connect(store, &HistoryStore::writeFailed, this, [this](const QString &error) {
                m_hub->recordInfo(tr("The history was not saved: %1").arg(error), ServerEvent::Type::Error);
            });
        } else {
            const QString message = tr("Chat history and message log are not kept: %1").arg(store->errorString());
            qWarning().noquote() << message; // also shown by duplex-server --quiet
            m_hub->recordInfo(message, ServerEvent::Type::Error);
            delete store;
        }
    }
    applyEventSettings();
    if (m_store) {
        m_store->setRetention(config.historyRetentionDays, config.historyMaxRows);
        m_hub->setHistory(m_store->recentChat(config.historySize));
    }
}

void ServerCore::loadRecentLog(int rows)
{
    if (m_store)
        m_store->requestRecentLog(rows);
    else
        Q_EMIT recentLogLoaded({});
}

void ServerCore::clearHistory()
{
    m_hub->setHistory({});
    if (m_store)
        m_store->clear();
    else
        Q_EMIT historyCleared();
}

void ServerCore::exportHistory(const QString &file)
{
    if (m_store)
        m_store->exportLog(file);
    else
        Q_EMIT historyExported(
            file, 0, tr("No history is kept: persistence is off or its database could not be opened."));
}

void ServerCore::setHistoryRetention(int days, qint64 maxRows)
{
    if (m_store)
        m_store->setRetention(days, maxRows);
}

void ServerCore::publishSnapshot(bool force)
{
    // Other servers' clients come and go without the Hub noticing: in a cluster every tick publishes.
    if (!m_hub->takeChanged() && !force && !m_bridge)
        return;
    QList<ConnectionInfo> list;
    if (m_connectionsWatched)
        list = connections();
    ServerStats stats = m_hub->stats();
    if (m_bridge) {
        stats.node = m_bridge->nodeName();
        stats.redisState = m_bridge->stateName();
        stats.clusterNodes = m_bridge->nodeCount();
        stats.clusterClients = m_bridge->clientCount();
    }
    Q_EMIT snapshotReady(list, stats, m_connectionsWatched);
}

QList<ConnectionInfo> ServerCore::connections() const
{
    QList<ConnectionInfo> list = m_hub->connections();
    if (m_bridge)
        list += m_bridge->remoteConnections();
    return list;
}

void ServerCore::setConnectionsWatched(bool watched)
{
    if (std::exchange(m_connectionsWatched, watched) == watched)
        return;
    if (watched && m_listener)
        publishSnapshot(true);
}

} // namespace Duplex

#include "server.h"

#include "hubgroup.h"
#include "redisbridge.h"
#include "ruleset.h"
#include "servercore.h"

#include <QMetaMethod>

namespace Duplex {

Server::Server(QObject *parent) : QObject(parent), m_core(new ServerCore)
{
    qRegisterMetaType<ServerConfig>();
    qRegisterMetaType<ServerEvent>();
    qRegisterMetaType<QList<ServerEvent>>();
    qRegisterMetaType<ConnectionInfo>();
    qRegisterMetaType<QList<ConnectionInfo>>();
    qRegisterMetaType<ServerStats>();
    // Threads started from here on get Qt's own event dispatcher rather than glib's, which costs more per socket
    // notifier under load (QT-NOTES.md); the GUI thread keeps glib for the platform's dialogs. duplex-server sets
    // QT_NO_GLIB for every thread.
    if (qEnvironmentVariableIsEmpty("QT_NO_THREADED_GLIB"))
        qputenv("QT_NO_THREADED_GLIB", "1");

    m_thread.setObjectName(QStringLiteral("duplex-network"));
    m_core->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_core, &QObject::deleteLater);

    connect(m_core, &ServerCore::started, this, [this](quint16 port) {
        m_running = true;
        m_port = port;
        Q_EMIT started(url());
    });
    connect(m_core, &ServerCore::startFailed, this, &Server::startFailed);
    connect(m_core, &ServerCore::stopped, this, [this] {
        m_running = false;
        Q_EMIT stopped();
    });
    connect(m_core, &ServerCore::eventsReady, this, [this](const QList<ServerEvent> &events) {
        Q_EMIT eventsReady(events);
        m_core->acknowledgeEvents(); // atomic: the next batch may come
    });
    connect(m_core, &ServerCore::recentLogLoaded, this, &Server::recentLogLoaded);
    connect(m_core, &ServerCore::historyCleared, this, &Server::historyCleared);
    connect(m_core, &ServerCore::historyExported, this, &Server::historyExported);
    connect(m_core, &ServerCore::rulesChanged, this, &Server::rulesChanged);
    connect(m_core, &ServerCore::faultsChanged, this, [this](const QJsonObject &table) {
        m_faults = table;
        Q_EMIT faultsChanged(table);
    });
    connect(m_core, &ServerCore::scriptLoaded, this, &Server::scriptLoaded);
    connect(m_core, &ServerCore::snapshotReady, this,
        [this](const QList<ConnectionInfo> &connections, const ServerStats &stats, bool listed) {
            m_stats = stats;
            if (listed)
                Q_EMIT connectionsChanged(connections, stats);
        });
    m_thread.start();
}

Server::~Server()
{
    // Close what is left without waiting for goodbyes, then let the thread finish.
    QMetaObject::invokeMethod(
        m_core, [core = m_core] { core->stopNow(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

template<typename F> void Server::post(F &&function)
{
    QMetaObject::invokeMethod(m_core, std::forward<F>(function), Qt::QueuedConnection);
}

QList<ConnectionInfo> Server::connections() const
{
    QList<ConnectionInfo> list;
    QMetaObject::invokeMethod(
        m_core, [core = m_core, &list] { list = core->connections(); }, Qt::BlockingQueuedConnection);
    return list;
}

// Qt calls these with its connection lists locked (isSignalConnected() would wait for itself): look once it is done.
void Server::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&Server::connectionsChanged))
        QMetaObject::invokeMethod(this, &Server::watchConnections, Qt::QueuedConnection);
}

void Server::disconnectNotify(const QMetaMethod &signal)
{
    if (!signal.isValid() || signal == QMetaMethod::fromSignal(&Server::connectionsChanged)) // invalid: all of them
        QMetaObject::invokeMethod(this, &Server::watchConnections, Qt::QueuedConnection);
}

void Server::watchConnections()
{
    post([core = m_core, watched = isSignalConnected(QMetaMethod::fromSignal(&Server::connectionsChanged))] {
        core->setConnectionsWatched(watched);
    });
}

void Server::start(const ServerConfig &config)
{
    m_config = config;
    m_config.runId = QDateTime::currentMSecsSinceEpoch(); // ids restart at 1: the run tells them apart
    post([core = m_core, config = m_config] { core->start(config); });
}

void Server::stop(int closeCode, const QString &reason)
{
    const QString why = reason.isEmpty() ? tr("Server shutting down") : reason;
    post([core = m_core, closeCode, why] { core->stop(closeCode, why); });
}

QUrl Server::url() const
{
    QUrl url;
    const bool tls = !m_config.certificateFile.isEmpty();
    url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    QHostAddress host = m_config.host;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    url.setHost(host.toString());
    url.setPort(m_port);
    url.setPath(QStringLiteral("/"));
    return url;
}

QUrl Server::webSocketUrl() const
{
    QUrl ws = url();
    ws.setScheme(ws.scheme() == u"https" ? QStringLiteral("wss") : QStringLiteral("ws"));
    return ws;
}

void Server::setMode(Mode mode)
{
    m_config.mode = mode;
    post([core = m_core, mode] { core->hub()->setMode(mode); });
}

void Server::setReplyTemplate(const QString &replyTemplate)
{
    m_config.replyTemplate = replyTemplate;
    post([core = m_core, replyTemplate] { core->hub()->setReplyTemplate(replyTemplate); });
}

void Server::applyFaults(const FaultSet &set)
{
    post([core = m_core, set] { core->hub()->applyFaults(set); });
}

void Server::setRules(const QJsonObject &table)
{
    post([core = m_core, table] { core->hub()->setRules(std::make_shared<const RuleSet>(RuleSet::fromJson(table))); });
}

void Server::setRules(std::shared_ptr<const RuleSet> rules)
{
    post([core = m_core, rules] { core->hub()->setRules(rules); });
}

void Server::setScript(const QString &source, const QString &fileName, int timeoutMs)
{
    post([core = m_core, source, fileName, timeoutMs] { core->setScript(source, fileName, timeoutMs); });
}

void Server::setEventsEnabled(bool enabled)
{
    post([core = m_core, enabled] { core->setEventsEnabled(enabled); });
}

void Server::loadRecentLog(int rows)
{
    post([core = m_core, rows] { core->loadRecentLog(rows); });
}

void Server::clearHistory()
{
    post([core = m_core] { core->clearHistory(); });
}

void Server::exportHistory(const QString &file)
{
    post([core = m_core, file] { core->exportHistory(file); });
}

void Server::setHistoryRetention(int days, qint64 maxRows)
{
    m_config.historyRetentionDays = days;
    m_config.historyMaxRows = maxRows;
    post([core = m_core, days, maxRows] { core->setHistoryRetention(days, maxRows); });
}

void Server::sendText(quint64 id, const QString &text)
{
    post([core = m_core, id, text] { core->hub()->sendText(id, text); });
}

void Server::sendBinary(quint64 id, const QByteArray &data)
{
    post([core = m_core, id, data] { core->hub()->sendBinary(id, data); });
}

void Server::broadcastText(const QString &text)
{
    post([core = m_core, text] { core->hub()->broadcastText(text); });
}

void Server::broadcastBinary(const QByteArray &data)
{
    post([core = m_core, data] { core->hub()->broadcastBinary(data); });
}

void Server::disconnectClient(quint64 id, int closeCode, const QString &reason)
{
    post([core = m_core, id, closeCode, reason] { core->hub()->disconnectClient(id, closeCode, reason); });
}

void Server::sendText(const QString &node, quint64 id, const QString &text)
{
    post([core = m_core, node, id, text] {
        if (core->bridge())
            core->bridge()->sendText(node, id, text);
        else
            core->hub()->sendText(id, text);
    });
}

void Server::disconnectClient(const QString &node, quint64 id, int closeCode, const QString &reason)
{
    post([core = m_core, node, id, closeCode, reason] {
        if (core->bridge())
            core->bridge()->disconnectClient(node, id, closeCode, reason);
        else
            core->hub()->disconnectClient(id, closeCode, reason);
    });
}

} // namespace Duplex

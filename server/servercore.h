#pragma once

#include "connectioninfo.h"
#include "serverconfig.h"
#include "serverevent.h"

#include "accesspolicy.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

#include <atomic>

class QThread;
class QTimer;
class QWebSocketServer;

namespace Duplex {

class HistoryStore;
class HttpFrontend;
class HubGroup;
class Listener;
class RedisBridge;
class ScriptHost;

// Everything that runs on the network thread: the Listener, the WebSocket server, the HTTP frontend and the Hub.
// Server (server.h) drives it from other threads with queued calls.
class ServerCore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerCore)

public:
    explicit ServerCore(QObject *parent = nullptr);
    ~ServerCore() override;

    // Every connection, on one or more network threads (ServerConfig::threads).
    HubGroup *hub() const { return m_hub; }
    // Null unless the server runs with a Redis URL.
    RedisBridge *bridge() const { return m_bridge; }

    void start(const ServerConfig &config);
    void stop(int closeCode, const QString &reason);
    void stopNow();
    void setEventsEnabled(bool enabled);
    void applyEventSettings();
    // The observer has finished with the last batch of events: the next one may be sent.
    void acknowledgeEvents() { m_batchInFlight = false; }

    // The persisted message log and chat history (null when off or when the database could not be opened).
    HistoryStore *store() const { return m_store; }
    void loadRecentLog(int rows); // recentLogLoaded() follows
    void clearHistory(); // the stored history and the chat history new clients get; historyCleared() follows
    void exportHistory(const QString &file); // historyExported() follows
    void setHistoryRetention(int days, qint64 maxRows);
    // The server's script (README "Scripting"), run on a thread of its own; empty: none. scriptLoaded() follows.
    void setScript(const QString &source, const QString &fileName, int timeoutMs);
    // Every connection now, the other servers' in a cluster too.
    QList<ConnectionInfo> connections() const;
    // Snapshots carry the connection list only while someone watches it (the desktop's table): with 10,000 idle
    // connections a list is 2.5 MB, made twice a second. Statistics always go.
    void setConnectionsWatched(bool watched);

Q_SIGNALS:
    void started(quint16 port);
    void startFailed(const QString &error);
    void stopped();
    void eventsReady(const QList<Duplex::ServerEvent> &events);
    // listed false: `connections` is empty because nobody watches it (setConnectionsWatched()).
    void snapshotReady(const QList<Duplex::ConnectionInfo> &connections, const Duplex::ServerStats &stats, bool listed);
    void recentLogLoaded(const QList<Duplex::ServerEvent> &events);
    void historyCleared();
    void historyExported(const QString &file, qint64 rows, const QString &error);
    void rulesChanged(const QJsonObject &table);
    void faultsChanged(const QJsonObject &table); // by anyone: the desktop, /api/rules, a reloaded file
    void scriptLoaded(const QString &error); // empty: the new script runs; else the previous one still does

private:
    void flushEvents();
    void publishSnapshot(bool force);
    void finishStop();
    void openHistory(const ServerConfig &config);
    static QString loadTls(const ServerConfig &config, QSslConfiguration &tls);

    HubGroup *m_hub = nullptr;
    QPointer<Listener> m_listener;
    QPointer<QWebSocketServer> m_webSockets;
    QPointer<HttpFrontend> m_http;
    QPointer<RedisBridge> m_bridge;
    QTimer *m_flushTimer = nullptr;
    QTimer *m_snapshotTimer = nullptr;
    QTimer *m_stopTimer = nullptr;
    QTimer *m_heartbeatTimer = nullptr;
    qint64 m_heartbeatTimeoutMs = 75'000;
    AccessPolicy m_policy;
    QElapsedTimer m_lastAcceptError;
    bool m_stopping = false;
    bool m_connectionsWatched = false;
    std::atomic_bool m_batchInFlight = false;
    HistoryStore *m_store = nullptr;
    QThread *m_scriptThread = nullptr;
    ScriptHost *m_script = nullptr; // on m_scriptThread; deleted after the Hubs
    QMap<int, quint64> m_refusals; // GET /metrics: requests refused before the WebSocket opened, by HTTP status
    bool m_scriptRunning = false; // a script was loaded and runs
    bool m_scriptPending = false; // the script being loaded is not empty
    bool m_observerEvents = true; // setEventsEnabled(); the store wants events either way
};

} // namespace Duplex

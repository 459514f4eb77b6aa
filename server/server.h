#pragma once

#include "connectioninfo.h"
#include "faultset.h"
#include "serverconfig.h"
#include "serverevent.h"

#include <QJsonObject>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>

namespace Duplex {

class RuleSet;
class ServerCore;

// The Duplex server as the desktop app and the headless binary use it. Its sockets live on a network thread of
// its own; every call here is queued onto that thread, and what happens there comes back as batched signals.
class Server final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Server)

public:
    explicit Server(QObject *parent = nullptr);
    ~Server() override;

    // Asynchronous: started() or startFailed() follows.
    void start(const ServerConfig &config);
    // Sends every client a close frame (1001 by default), waits for the answers (3 s at most), then stopped().
    void stop(int closeCode = 1001, const QString &reason = QString());

    bool isRunning() const { return m_running; }
    quint16 port() const { return m_port; }
    // The identity of the current (or last) run on its events: its start time in ms since the epoch.
    qint64 runId() const { return m_config.runId; }
    ServerConfig config() const { return m_config; }
    // The page's address, e.g. http://127.0.0.1:8090/ (an unspecified host shows as 127.0.0.1).
    QUrl url() const;
    QUrl webSocketUrl() const;

    void setMode(Mode mode);
    void setReplyTemplate(const QString &replyTemplate);
    // The auto-reply rules (README "Rules"), from the next event on, also while stopped. A rule with an error stays
    // off, the others work (the desktop's table); files and /api/rules are checked whole (RuleSet::parse).
    // Faults (README "Testing your client"); faultsChanged() follows, also for changes over /api/faults.
    void applyFaults(const FaultSet &set);
    QJsonObject faults() const { return m_faults; } // FaultTable::toJson(), as last reported
    void setRules(const QJsonObject &table);
    void setRules(std::shared_ptr<const RuleSet> rules);
    // The server's JavaScript (README "Scripting"); empty source: none. scriptLoaded() follows; a script that does
    // not compile leaves the running one in place. Handlers running longer than timeoutMs are interrupted.
    void setScript(const QString &source, const QString &fileName, int timeoutMs = 200);
    // Without observers the network thread skips building events (faster); on by default.
    void setEventsEnabled(bool enabled);

    void sendText(quint64 id, const QString &text);
    void sendBinary(quint64 id, const QByteArray &data);
    void broadcastText(const QString &text);
    void broadcastBinary(const QByteArray &data);
    void disconnectClient(quint64 id, int closeCode = 1000, const QString &reason = QString());
    // The same for a client of any server in the cluster (node: its --node-name), carried out by that server.
    void sendText(const QString &node, quint64 id, const QString &text);
    void disconnectClient(const QString &node, quint64 id, int closeCode = 1000, const QString &reason = QString());

    // The stored history (HistoryStore), kept while the server is stopped once it has been started.
    // The newest `rows` of the message log from before this start, oldest first: recentLogLoaded() follows.
    void loadRecentLog(int rows);
    void clearHistory(); // historyCleared() follows
    void exportHistory(const QString &file); // JSON Lines, written off this thread; historyExported() follows
    void setHistoryRetention(int days, qint64 maxRows);

    // Every connection now: waits for the network thread's answer (for tests and tools; a window watches
    // connectionsChanged(), which the network thread sends only while someone is connected to it).
    QList<ConnectionInfo> connections() const;
    // The latest statistics from the network thread (at most half a second old).
    ServerStats stats() const { return m_stats; }

Q_SIGNALS:
    void started(const QUrl &url);
    void startFailed(const QString &error);
    void stopped();
    void eventsReady(const QList<Duplex::ServerEvent> &events);
    void connectionsChanged(const QList<Duplex::ConnectionInfo> &connections, const Duplex::ServerStats &stats);
    void recentLogLoaded(const QList<Duplex::ServerEvent> &events);
    void historyCleared();
    void historyExported(const QString &file, qint64 rows, const QString &error); // error empty: done
    void rulesChanged(const QJsonObject &table); // whoever changed them (this object, /api/rules)
    void faultsChanged(const QJsonObject &table); // whoever changed them (this object, /api/faults)
    void scriptLoaded(const QString &error); // empty: the new script runs ("file.js:3: SyntaxError: …" otherwise)

protected:
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    template<typename F> void post(F &&function);
    void watchConnections();

    QThread m_thread;
    ServerCore *m_core = nullptr;
    ServerConfig m_config;
    QJsonObject m_faults;
    bool m_running = false;
    quint16 m_port = 0;
    ServerStats m_stats;
};

} // namespace Duplex

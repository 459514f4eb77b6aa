#pragma once

#include "chatprotocol.h"
#include "connectioninfo.h"
#include "faultset.h"
#include "serverconfig.h"
#include "serverevent.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>

#include <atomic>
#include <memory>
#include <vector>

class QTcpSocket;
class QWebSocketServer;

namespace Duplex {

class Hub;
class HubWorker;
class RuleSet;
class ScriptHost;
struct ScriptAction;

// The connections of one server, spread over one or more network threads (ServerConfig::threads). The first Hub
// runs on the thread that owns the group (ServerCore's); each further one on a thread of its own (HubWorker),
// with its own QWebSocketServer for the opening handshake. A new connection goes to the first thread with fewer
// than minPerThread sockets, else to the one with the fewest: spreading a few connections over threads costs a
// wakeup per thread and pass and gains nothing (README "Performance").
//
// Everything the rest of the server asks of "the hub" goes through here: configuration reaches every Hub, a
// broadcast from a client of one Hub is relayed to the others (Hub::Relay), operator actions go to the Hub that
// has that client, and events and statistics are gathered from all of them (the other threads report every 50 ms
// and 250 ms; with one thread everything is direct). The connection list is asked of every thread when wanted.
class HubGroup final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubGroup)

public:
    explicit HubGroup(QObject *parent = nullptr);
    ~HubGroup() override;

    // The Hub on this thread; tests and ServerCore's own QWebSocketServer hand it connections.
    Hub *local() const { return m_local; }

    // Call while no connection is open: 1 (or less) keeps everything on this thread.
    void setThreads(int threads, int minPerThread = 128);
    int threads() const { return int(m_workers.size()) + 1; }
    // Off while the server stops: a connection still on its way to a Hub (in its handshake, or being moved to its
    // thread) is dropped instead. On again at the next start.
    void setAccepting(bool accepting);

    // Gives an upgrade request that passed the Listener's checks to the next Hub's WebSocket server (local: the
    // one on this thread). The socket must have no parent.
    void handUpgrade(QTcpSocket *socket, QWebSocketServer *local);
    // What the log says when a connection is refused for lack of file descriptors (accept() or dup()).
    static QString outOfDescriptors(int openConnections);

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void setReplyTemplate(const QString &replyTemplate);
    void setMessageLimits(qint64 maxMessageSize, qint64 maxFrameSize);
    void setSimulationKey(const QByteArray &key);
    // permessage-deflate for the ws:// connections opened from now on (ServerConfig::compression).
    void setCompression(bool on) { m_compression = on; }
    // Who serves the connections opened from now on (ServerConfig::engine).
    void setEngine(Engine engine) { m_engine = engine; }
    void setRunId(qint64 run);
    void setHistorySize(int size);
    void setHistory(const QList<ChatProtocol::ChatMessage> &messages);
    void setFlowLimits(double maxMessagesPerSecond, qint64 maxPendingOutput);
    void setEventsEnabled(bool enabled);
    void setEventPayloadLimit(qsizetype bytes);
    // Every Hub gets the table; the fired counts of rules with the same name carry over. rulesChanged() follows.
    void setRules(std::shared_ptr<const RuleSet> rules);
    std::shared_ptr<const RuleSet> rules() const { return m_rules; }
    // Faults (README "Testing your client"): a set with connections goes to those, one without to the server;
    // {} clears them all. Every Hub gets the table; faultsChanged() follows.
    void applyFaults(const FaultSet &set);
    std::shared_ptr<const FaultTable> faults() const { return m_faults; }
    bool resetClient(quint64 id); // a TCP reset, no close frame
    bool hasClient(quint64 id) const;
    void heartbeat(qint64 timeoutMs);
    void resetStats();

    int count() const;
    QList<int> countPerThread() const; // index: ConnectionInfo::thread
    // Every Hub's now; the other threads' are asked for and waited for (between two of their passes).
    QList<ConnectionInfo> connections() const;
    ServerStats stats() const;
    bool takeChanged();

    bool sendText(quint64 id, const QString &text);
    bool sendBinary(quint64 id, const QByteArray &data);
    int broadcastText(const QString &text, quint64 except = 0);
    int broadcastBinary(const QByteArray &data, quint64 except = 0);
    // The script (README "Scripting"): every Hub hands it its events; what it asks for is carried out here.
    void setScript(ScriptHost *host, bool messages);
    void applyScript(const QList<ScriptAction> &actions);
    bool disconnectClient(quint64 id, int closeCode, const QString &reason);
    void closeAll(int closeCode, const QString &reason); // allClosed() follows once every Hub is empty
    void abortAll(); // synchronous, on every thread
    void deliverRemote(const ChatProtocol::ChatMessage &message, const QString &node);

    void recordInfo(const QString &text, ServerEvent::Type type = ServerEvent::Type::Info);
    void recordInfo(std::shared_ptr<const Sentence> sentence, ServerEvent::Type type = ServerEvent::Type::Info);
    QList<ServerEvent> takeEvents(); // from every Hub, in time order

Q_SIGNALS:
    void eventsAvailable();
    void allClosed();
    void chatBroadcast(const Duplex::ChatProtocol::ChatMessage &message);
    void clientJoined(const Duplex::ConnectionInfo &info);
    void clientLeft(quint64 id);
    void rulesChanged(const QJsonObject &table);
    void faultsChanged(const QJsonObject &table); // FaultTable::toJson()

private:
    friend class HubWorker;
    template<typename F> void forEachWorker(F function); // queued onto each worker's thread
    template<typename F> void forEveryHub(F function); // this thread's at once, the others' queued
    template<typename F> bool onOwner(quint64 id, F function); // on the Hub that has client `id`
    std::size_t pickShard() const;
    void handToNative(QTcpSocket *socket, std::size_t shard, std::shared_ptr<void> ticket);
    void handToQt(QTcpSocket *socket, std::size_t shard, std::shared_ptr<void> ticket, QWebSocketServer *local);
    void wireRelays();
    void takeWorkerEvents(const QList<ServerEvent> &events);
    void oneClosed(int index);

    Hub *m_local = nullptr;
    std::vector<HubWorker *> m_workers;
    std::shared_ptr<std::atomic<quint64>> m_ids;
    QHash<quint64, int> m_owners; // clients of the other threads: their thread's index (1 and up)
    quint64 m_epoch = 0; // HubWorker::epoch
    bool m_accepting = true;
    std::vector<bool> m_closed; // closeAll(): which Hubs have emptied
    // Sockets dealt to each thread (index 0: this one) and not yet destroyed, handshakes included.
    std::vector<std::shared_ptr<std::atomic<int>>> m_dealt;
    int m_minPerThread = 128;
    int m_closing = 0; // Hubs not yet empty after closeAll()
    Mode m_mode = Mode::Echo;
    bool m_compression = true;
    Engine m_engine = Engine::Native;
    std::shared_ptr<const RuleSet> m_rules;
    std::shared_ptr<const FaultTable> m_faults = std::make_shared<const FaultTable>();
    ScriptHost *m_script = nullptr;
    bool m_scriptMessages = false;
    bool m_workersChanged = false;
    QList<ServerEvent> m_workerEvents;
    quint64 m_droppedEvents = 0;
};

} // namespace Duplex

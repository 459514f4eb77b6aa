#pragma once

#include "chatprotocol.h"
#include "connectioninfo.h"
#include "replytemplate.h"
#include "scriptevent.h"
#include "serverconfig.h"
#include "serverevent.h"
#include "transport.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace Duplex {

struct FaultTable;
struct Rule;
class RuleSet;
struct RuleMatch;
struct ScriptEvent;
class ScriptHost;

// Owns the open WebSocket connections of one network thread and answers their messages according to the mode
// (echo, broadcast, raw). Records what happens as ServerEvents for observers to take in batches.
class Hub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Hub)

public:
    explicit Hub(QObject *parent = nullptr);
    ~Hub() override;

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    void setReplyTemplate(const QString &replyTemplate);
    QString replyTemplate() const { return m_replyTemplate.source(); }
    void setMessageLimits(qint64 maxMessageSize, qint64 maxFrameSize);
    // See ServerConfig::simulationKey.
    void setSimulationKey(const QByteArray &key) { m_simulationKey = key; }
    void setRunId(qint64 run) { m_runId = run; } // ServerEvent::run
    // Faults in force (server-wide and per connection); null: none. Applies to the open connections at once.
    void setFaults(std::shared_ptr<const FaultTable> faults);
    // Drops a connection with a TCP reset and no close frame (a fault, /api/connections/{id}/abort).
    bool resetClient(quint64 id);

    void setHistorySize(int size) { m_historySize = size; }
    // The broadcast chat history a new duplex.v1 client gets (e.g. loaded from the HistoryStore at start).
    void setHistory(const QList<ChatProtocol::ChatMessage> &messages)
    {
        m_history = messages.mid(std::max<qsizetype>(0, messages.size() - m_historySize));
    }
    // 0 turns a limit off. Breaking either closes that connection with 1008; the others never notice.
    void setFlowLimits(double maxMessagesPerSecond, qint64 maxPendingOutput);
    // Pings every client; closes those silent for longer than timeoutMs (1001).
    void heartbeat(qint64 timeoutMs);
    void setEventsEnabled(bool enabled) { m_eventsEnabled = enabled; }
    // Frame events keep at most this many bytes of their payload (their size stays); 0: all of it.
    void setEventPayloadLimit(qsizetype bytes) { m_eventPayloadLimit = bytes; }
    // The rules link of the behaviour chain (README "Rules"); null or empty: the mode decides everything. Applies
    // from the next event on; an everyMs push follows the new table at once.
    void setRules(std::shared_ptr<const RuleSet> rules);
    // The script link (README "Scripting"): opens, closes and, when the script has a message handler, the messages
    // no rule answered go to `host` (on its own thread) in batches. Null: no script.
    void setScript(ScriptHost *host, bool messages);
    bool eventsEnabled() const { return m_eventsEnabled; }

    // Takes ownership of a connection that has completed the opening handshake.
    void adopt(Transport *transport);

    int count() const { return int(m_connections.size()); }
    bool hasClient(quint64 id) const { return m_connections.count(id) > 0; }
    QList<ConnectionInfo> connections() const;
    ServerStats stats() const;
    void resetStats();
    // True once a connection opened, closed or exchanged messages since the last call.
    bool takeChanged();

    // Operator actions. Each returns false when no connection has that id.
    bool sendText(quint64 id, const QString &text);
    bool sendBinary(quint64 id, const QByteArray &data);
    int broadcastText(const QString &text, quint64 except = 0);
    int broadcastBinary(const QByteArray &data, quint64 except = 0);
    bool disconnectClient(quint64 id, int closeCode, const QString &reason);
    void closeAll(int closeCode, const QString &reason);
    void abortAll();

    // A broadcast chat message from a client of another server (RedisBridge): sent to the local clients.
    void deliverRemote(const ChatProtocol::ChatMessage &message, const QString &node);

    // Several hubs, one per network thread, serve one server (HubGroup). What one of them broadcasts to its own
    // clients it also hands to relay(), which gets it to the others' deliverRelay() on their threads.
    struct Relay
    {
        enum class Kind { Chat, ChatClients, Binary, Text };
        Kind kind = Kind::Chat;
        QString json; // Chat, ChatClients and Text: for duplex.v1 clients
        QString plain; // Chat and Text: for the others
        QByteArray data; // Binary
        ChatProtocol::ChatMessage message; // Chat: for the history new clients get
    };
    void setRelay(std::function<void(const Relay &)> relay) { m_relay = std::move(relay); }
    void deliverRelay(const Relay &relay);
    // Connection ids unique across the hubs of a group; by default each hub counts on its own.
    void setIdSource(std::shared_ptr<std::atomic<quint64>> ids) { m_ids = std::move(ids); }
    void setThreadIndex(int index) { m_threadIndex = index; } // ConnectionInfo::thread

    void recordInfo(const QString &text, ServerEvent::Type type = ServerEvent::Type::Info);
    // The same, shown in the language of the moment (the desktop's log follows a language switch).
    void recordInfo(std::shared_ptr<const Sentence> sentence, ServerEvent::Type type = ServerEvent::Type::Info);
    QList<ServerEvent> takeEvents();
    // "N events not shown": what takeEvents() adds when events were dropped to keep memory bounded.
    static ServerEvent droppedNotice(quint64 dropped);

Q_SIGNALS:
    void eventsAvailable();
    void allClosed();
    // For RedisBridge: what the other servers of a cluster need to know.
    void chatBroadcast(const Duplex::ChatProtocol::ChatMessage &message);
    void clientJoined(const Duplex::ConnectionInfo &info);
    void clientLeft(quint64 id);

private:
    struct Connection;
    class ReplyScope;
    class RuleScope;
    struct RuleDecision;

    bool admit(Connection &connection);
    void closeForPolicy(Connection &connection, int code, const QString &reason);
    bool checkBackpressure(Connection &connection);
    void queueFlush(Connection &connection);
    void flushPending();
    void onText(Connection &connection, const TextMessage &message);
    void onBinary(Connection &connection, const QByteArray &data);
    void onPong(Connection &connection, qint64 elapsedMs, const QByteArray &payload);
    void onClosed(quint64 id);
    void handleChatRequest(Connection &connection, const QString &frame);
    void chat(Connection &from, const QString &text);
    void sendTextTo(Connection &connection, const QString &text);
    // A text frame already in UTF-8 (the client's own bytes in raw mode, an expanded reply template), and what its
    // event keeps of it (keptOf() or eventPayload(); empty when events are off): encoded once for both.
    void sendUtf8To(Connection &connection, QByteArrayView utf8, const QByteArray &kept);
    void writeText(Connection &connection, QByteArrayView utf8, const QByteArray &kept); // past the fault link
    void countSent(Connection &connection, qint64 bytes); // the flush queue and the counters
    void sendBinaryTo(Connection &connection, const QByteArray &data);
    void sendToChatClients(const QString &json, quint64 except = 0);
    // json to duplex.v1 clients, plain to the rest
    void sendToEveryone(const QString &json, const QString &plain, const Connection *except = nullptr);

    // The rules link (behaviour/hubrules.cpp).
    RuleDecision decideByRules(Connection &c, const QString &text, const QByteArray *binary);
    bool takenBeforeMode(Connection &c, const RuleDecision &rules, const TextMessage *text, const QByteArray *binary);
    void runMessageRule(Connection &c, const RuleDecision &decision);
    void runEventRule(Connection *c, const ConnectionInfo &info, const Rule &rule); // open (c) and close (no c)
    void fireRule(Connection *c, quint64 id, const std::shared_ptr<const RuleSet> &set, const Rule &rule,
        const QString &text, const QByteArray &binary);
    void startTick(Connection &c);
    void toScript(ScriptEvent &&event);
    void flushScript();
    void ruleSend(Connection *c, const Rule &rule, const QString &text, const QByteArray &binary);
    void remember(const ChatProtocol::ChatMessage &message); // in the history new duplex.v1 clients get
    QString expandReply(const Connection &connection, const QString &text) const;
    void record(ServerEvent &&event);
    void recordFrame(ServerEvent::Type type, quint64 id, ServerEvent::Opcode opcode, const QByteArray &payload,
        qint64 wireSize = -1);
    // `kept` is what eventPayload() made of a payload of `size` bytes.
    void recordKept(ServerEvent::Type type, quint64 id, ServerEvent::Opcode opcode, const QByteArray &kept, qint64 size,
        qint64 wireSize);
    // What an event keeps of a payload: all of it, or its first m_eventPayloadLimit bytes.
    QByteArray keptOf(const QByteArray &payload) const // the same, sharing the payload when it is kept whole
    {
        return m_eventPayloadLimit > 0 && payload.size() > m_eventPayloadLimit ? payload.first(m_eventPayloadLimit)
                                                                               : payload;
    }
    QByteArray eventPayload(QByteArrayView payload) const
    {
        return (m_eventPayloadLimit > 0 ? payload.first(std::min(payload.size(), m_eventPayloadLimit)) : payload)
            .toByteArray();
    }
    Connection *find(quint64 id) const;

    void relayToPeers(Relay &&relay)
    {
        if (m_relay)
            m_relay(relay);
    }

    std::map<quint64, std::unique_ptr<Connection>> m_connections;
    QByteArray m_simulationKey;
    std::shared_ptr<const FaultTable> m_faults;
    QString m_faultNote; // what a fault did to the frame being sent: goes on its event (like m_rule)
    bool m_faultBypass = false;
    bool m_faultDropped
        = false; // the frame being recorded was dropped by a fault // sending what a fault held back: not again
    void applyFaults(Connection &c);
    bool faultOut(Connection &c, const QString *text, const QByteArray *data); // true: taken (held or dropped)
    void releaseFaulted(Connection &c);
    qint64 m_runId = 0;
    struct Simulated
    {
        int open = 0; // simulated connections open now: their events are tallied, not recorded
        quint64 connections = 0, messagesIn = 0, messagesOut = 0; // since the first of them opened
    } m_simulated;
    void recordSimulatedSummary();
    std::shared_ptr<std::atomic<quint64>> m_ids = std::make_shared<std::atomic<quint64>>(0);
    std::function<void(const Relay &)> m_relay;
    int m_threadIndex = 0;
    Mode m_mode = Mode::Echo;
    ReplyTemplate m_replyTemplate;
    qint64 m_maxMessageSize = 1024 * 1024;
    qint64 m_maxFrameSize = 1024 * 1024;
    int m_historySize = 50;
    double m_maxMessagesPerSecond = 0;
    qint64 m_maxPendingOutput = 4 * 1024 * 1024;
    QList<ChatProtocol::ChatMessage> m_history;
    ServerStats m_stats;
    bool m_changed = false;
    bool m_closingAll = false;
    int m_closeAllCode = 1001;
    QString m_closeAllReason;
    std::vector<Connection *> m_flushQueue; // connections written to in this pass (queueFlush())
    std::vector<Connection *> m_flushing;
    Connection *m_replyTo = nullptr; // whose message is being answered (ReplyScope)
    std::shared_ptr<const RuleSet> m_rules;
    ScriptHost *m_script = nullptr;
    bool m_scriptMessages = false;
    QList<ScriptEvent> m_scriptBatch; // handed to m_script once this pass of the event loop is done
    bool m_scriptPosted = false;
    QString m_rule; // the rule whose action is running: its name goes on the events recorded (RuleScope)
    bool m_flushPosted = false;

    bool m_eventsEnabled = true;
    qsizetype m_eventPayloadLimit = 0;
    QList<ServerEvent> m_events;
    qsizetype m_maxPendingEvents = 200'000;
    // And payload bytes in them: 64 KiB messages fill memory long before 200,000 events.
    static constexpr qsizetype MaxPendingEventBytes = 64 * 1024 * 1024;
    qsizetype m_pendingEventBytes = 0;
    quint64 m_droppedEvents = 0;
};

} // namespace Duplex

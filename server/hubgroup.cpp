#include "hubgroup.h"

#include "hub.h"
#include "nativetransport.h"
#include "ruleset.h"
#include "scriptevent.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <algorithm>

namespace Duplex {

namespace {
constexpr int WorkerEventsMs = 50;
constexpr int WorkerSnapshotMs = 250;
constexpr qsizetype MaxWorkerEvents = 200'000;
} // namespace

// Counts a connection as dealt to a thread for as long as the returned ticket (or a copy) lives.
std::shared_ptr<void> dealtTicket(const std::shared_ptr<std::atomic<int>> &dealt)
{
    ++*dealt;
    return std::shared_ptr<void>(dealt.get(), [dealt](void *) { --*dealt; });
}

// Holds a ticket while a QTcpSocket in its handshake lives. A child of the socket rather than a destroyed()
// connection, which QWebSocket would cut: it disconnects every signal of the QTcpSocket it wraps.
class DealtToken final : public QObject
{
public:
    DealtToken(QObject *socket, std::shared_ptr<void> ticket) : QObject(socket), m_ticket(std::move(ticket)) { }
    Q_DISABLE_COPY_MOVE(DealtToken)

private:
    std::shared_ptr<void> m_ticket;
};

QString serverName()
{
    return QStringLiteral("Duplex/" DUPLEX_VERSION);
}

// One further network thread: its Hub and the QWebSocketServer that does the opening handshake of the
// connections dealt to it. Created and configured from the group's thread; everything but the thread object and
// the counters below lives on `thread`.
class HubWorker final : public QObject
{
public:
    HubWorker(HubGroup *group, int index, quint64 epoch) : index(index), epoch(epoch), m_group(group)
    {
        thread.setObjectName(QStringLiteral("duplex-network"));
        moveToThread(&thread);
        thread.start();
        QMetaObject::invokeMethod(
            this, [this] { init(); }, Qt::BlockingQueuedConnection);
    }

    ~HubWorker() override
    {
        QMetaObject::invokeMethod(
            this, [this] { finish(); }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    }

    // Runs fn(hub) on this worker's thread, later.
    template<typename F> void post(F &&fn)
    {
        QMetaObject::invokeMethod(
            this, [this, fn = std::forward<F>(fn)] { fn(*hub); }, Qt::QueuedConnection);
    }
    template<typename F> void call(F &&fn)
    {
        QMetaObject::invokeMethod(
            this, [this, &fn] { fn(*hub); }, Qt::BlockingQueuedConnection);
    }

    // Stops taking connections (a handshake that completes now is dropped) or takes them again; on `thread`.
    void setAccepting(bool accepting) { m_accepting = accepting; }

    // Drops every socket handed to this thread that is still open, those in their handshake included.
    void abortHanded()
    {
        const std::vector<QPointer<QTcpSocket>> handed = std::exchange(m_handed, {});
        for (const QPointer<QTcpSocket> &socket : handed) {
            if (socket)
                socket->abort(); // the Listener's disconnected() → deleteLater() frees one still in its handshake
        }
    }

    // Takes a socket moved to `thread` (called there).
    void take(QTcpSocket *socket)
    {
        if (!m_accepting) {
            socket->abort();
            return;
        }
        if (m_handed.size() >= m_pruneAt) { // forget the freed ones now and then, not on every connection
            std::erase_if(m_handed, [](const QPointer<QTcpSocket> &s) { return s.isNull(); });
            m_pruneAt = std::max<std::size_t>(64, 2 * m_handed.size());
        }
        m_handed.emplace_back(socket);
        server->handleConnection(socket);
    }

    // Starts a plain connection whose handshake HubGroup has answered (called on `thread`).
    void take(NativeTransport::Setup setup)
    {
        if (m_accepting)
            hub->adopt(new NativeTransport(std::move(setup)));
    }

    QThread thread;
    const int index; // ConnectionInfo::thread
    // Reports this worker sends to the group carry the group's epoch they were made in: the group drops those from
    // before its last abortAll() or setThreads(), which may name connections or a worker that are gone.
    std::atomic<quint64> epoch;
    Hub *hub = nullptr; // on `thread`
    QWebSocketServer *server = nullptr; // on `thread`
    std::atomic<int> count = 0; // open connections, for HubGroup::count() on the group's thread
    // The latest report (on the group's thread). The connection list is not in it: HubGroup::connections() asks for
    // it when someone wants it (10,000 idle connections cost 2.5 MB a copy, made every tick something changed).
    ServerStats stats;

private:
    void init()
    {
        hub = new Hub(this);
        server = new QWebSocketServer(serverName(), QWebSocketServer::NonSecureMode, this);
        server->setSupportedSubprotocols({QLatin1String(ChatProtocol::Name)});
        server->setMaxPendingConnections(1 << 16);
        connect(server, &QWebSocketServer::newConnection, hub, [this] {
            while (QWebSocket *socket = server->nextPendingConnection()) {
                if (m_accepting) {
                    hub->adopt(new QtTransport(socket));
                } else {
                    socket->abort();
                    socket->deleteLater();
                }
            }
        });
        HubGroup *group = m_group;
        const int i = index;
        connect(hub, &Hub::clientJoined, this, [this, group, i](const ConnectionInfo &info) {
            ++count;
            QMetaObject::invokeMethod(group, [group, i, info, e = epoch.load()] {
                if (e != group->m_epoch)
                    return;
                group->m_owners.insert(info.id, i);
                Q_EMIT group->clientJoined(info);
            });
        });
        connect(hub, &Hub::clientLeft, this, [this, group](quint64 id) {
            --count;
            QMetaObject::invokeMethod(group, [group, id, e = epoch.load()] {
                if (e != group->m_epoch)
                    return;
                group->m_owners.remove(id);
                Q_EMIT group->clientLeft(id);
            });
        });
        connect(hub, &Hub::chatBroadcast, this, [group](const ChatProtocol::ChatMessage &message) {
            QMetaObject::invokeMethod(group, [group, message] { Q_EMIT group->chatBroadcast(message); });
        });
        connect(hub, &Hub::allClosed, this, [this, group, i] {
            QMetaObject::invokeMethod(group, [group, i, e = epoch.load()] {
                if (e == group->m_epoch)
                    group->oneClosed(i);
            });
        });

        m_events = new QTimer(this);
        m_events->setSingleShot(true);
        m_events->setInterval(WorkerEventsMs);
        connect(hub, &Hub::eventsAvailable, m_events, [this] {
            if (!m_events->isActive())
                m_events->start();
        });
        connect(m_events, &QTimer::timeout, this, [this, group] {
            QList<ServerEvent> events = hub->takeEvents();
            if (!events.isEmpty())
                QMetaObject::invokeMethod(group, [group, events] { group->takeWorkerEvents(events); });
        });
        m_snapshot = new QTimer(this);
        m_snapshot->setInterval(WorkerSnapshotMs);
        connect(m_snapshot, &QTimer::timeout, this, [this, group] { report(group); });
        m_snapshot->start();
    }

    void report(HubGroup *group)
    {
        if (!hub->takeChanged())
            return;
        QMetaObject::invokeMethod(group, [group, worker = this, stats = hub->stats(), e = epoch.load()] {
            if (e != group->m_epoch)
                return; // `worker` may be gone
            worker->stats = stats;
            group->m_workersChanged = true;
        });
    }

    void finish()
    {
        setAccepting(false);
        hub->abortAll();
        abortHanded();
        delete m_events;
        delete m_snapshot;
        delete server;
        delete hub;
        hub = nullptr;
        server = nullptr;
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // the sockets abortAll() let go
    }

    HubGroup *m_group;
    QTimer *m_events = nullptr;
    QTimer *m_snapshot = nullptr;
    bool m_accepting = true;
    // Handed to `server` (adopted ones too). Not a destroyed() connection: QWebSocket disconnects every signal of the
    // QTcpSocket it wraps.
    std::vector<QPointer<QTcpSocket>> m_handed;
    std::size_t m_pruneAt = 64;
};

HubGroup::HubGroup(QObject *parent)
    : QObject(parent), m_local(new Hub(this)), m_ids(std::make_shared<std::atomic<quint64>>(0))
{
    m_local->setIdSource(m_ids);
    connect(m_local, &Hub::eventsAvailable, this, &HubGroup::eventsAvailable);
    connect(m_local, &Hub::allClosed, this, [this] { oneClosed(0); });
    connect(m_local, &Hub::chatBroadcast, this, &HubGroup::chatBroadcast);
    connect(m_local, &Hub::clientJoined, this, &HubGroup::clientJoined);
    connect(m_local, &Hub::clientLeft, this, &HubGroup::clientLeft);
}

HubGroup::~HubGroup()
{
    setThreads(1);
}

template<typename F> void HubGroup::forEachWorker(F function)
{
    for (HubWorker *worker : m_workers)
        worker->post(function);
}

template<typename F> void HubGroup::forEveryHub(F function)
{
    function(*m_local);
    forEachWorker(function);
}

// The local Hub answers at once whether it has the client; another thread's Hub is looked up in m_owners.
template<typename F> bool HubGroup::onOwner(quint64 id, F function)
{
    if (function(*m_local))
        return true;
    const int owner = m_owners.value(id, 0);
    if (owner <= 0 || std::size_t(owner) > m_workers.size())
        return false;
    m_workers[std::size_t(owner) - 1]->post([function](Hub &hub) { function(hub); });
    return true;
}

void HubGroup::setThreads(int threads, int minPerThread)
{
    m_minPerThread = std::max(minPerThread, 0);
    const std::size_t others = std::size_t(std::max(threads, 1) - 1);
    if (others == m_workers.size())
        return;
    // First cut every Hub off from the others and stop the old workers taking connections, then end their threads:
    // no relay or report may reach a Hub or worker already deleted.
    m_local->setRelay({});
    for (HubWorker *worker : m_workers) {
        worker->call([worker](Hub &hub) {
            hub.setRelay({});
            worker->setAccepting(false);
        });
    }
    ++m_epoch;
    for (HubWorker *worker : m_workers)
        delete worker;
    m_workers.clear();
    m_owners.clear();
    for (std::size_t i = 0; i < others; ++i)
        m_workers.push_back(new HubWorker(this, int(i) + 1, m_epoch));
    m_dealt.clear();
    for (std::size_t i = 0; i <= others; ++i)
        m_dealt.push_back(std::make_shared<std::atomic<int>>(0));
    wireRelays();
}

// Each Hub hands what it broadcasts to the others, queued onto their threads.
void HubGroup::wireRelays()
{
    std::vector<Hub *> hubs {m_local};
    for (HubWorker *worker : m_workers)
        hubs.push_back(worker->hub);
    for (Hub *hub : hubs) {
        std::vector<Hub *> peers;
        std::copy_if(hubs.begin(), hubs.end(), std::back_inserter(peers), [hub](Hub *h) { return h != hub; });
        auto relay = peers.empty() ? std::function<void(const Hub::Relay &)>() : [peers](const Hub::Relay &r) {
            for (Hub *peer : peers)
                QMetaObject::invokeMethod(
                    peer, [peer, r] { peer->deliverRelay(r); }, Qt::QueuedConnection);
        };
        if (hub == m_local) {
            hub->setRelay(relay);
            continue;
        }
        const auto it
            = std::find_if(m_workers.begin(), m_workers.end(), [hub](const HubWorker *w) { return w->hub == hub; });
        (*it)->call([&, index = (*it)->index](Hub &h) {
            h.setThreadIndex(index);
            h.setRelay(relay);
            h.setIdSource(m_ids);
            h.setMode(m_mode);
            h.setRules(m_rules);
            h.setFaults(m_faults);
            h.setScript(m_script, m_scriptMessages);
        });
    }
}

std::size_t HubGroup::pickShard() const
{
    std::size_t best = 0;
    for (std::size_t i = 0; i < m_dealt.size(); ++i) {
        const int dealt = m_dealt[i]->load(std::memory_order_relaxed);
        if (dealt < m_minPerThread)
            return i;
        if (dealt < m_dealt[best]->load(std::memory_order_relaxed))
            best = i;
    }
    return best;
}

void HubGroup::setAccepting(bool accepting)
{
    if (m_accepting == accepting)
        return;
    m_accepting = accepting;
    for (HubWorker *worker : m_workers)
        worker->call([worker, accepting](Hub &) { worker->setAccepting(accepting); });
}

QString HubGroup::outOfDescriptors(int openConnections)
{
    return tr("Refused a connection: out of file descriptors (%1 connections open). Raise the limit with ulimit -n.")
        .arg(openConnections);
}

void HubGroup::handUpgrade(QTcpSocket *socket, QWebSocketServer *local)
{
    Q_ASSERT(socket->thread() == thread() && !socket->parent()); // moveToThread() below needs both
    if (!m_accepting) {
        socket->abort(); // stopping: the Listener's disconnected() → deleteLater() frees it
        return;
    }
    const std::size_t shard = m_workers.empty() ? 0 : pickShard();
    std::shared_ptr<void> ticket = m_workers.empty() ? nullptr : dealtTicket(m_dealt[shard]);
    // Not from here: this runs inside the socket's own readyRead (the Listener's), and the socket (a QSslSocket
    // above all) still touches its notifiers on the way out. Once that is over, what it has buffered (the request
    // head) goes with it.
    QMetaObject::invokeMethod(
        this,
        [this, shard, ticket, e = m_epoch, guard = QPointer<QTcpSocket>(socket),
            server = QPointer<QWebSocketServer>(local)] {
            if (!guard)
                return;
            if (!m_accepting || e != m_epoch || !server || guard->state() != QAbstractSocket::ConnectedState) {
                guard->abort(); // stopping, or the client has already gone
                return;
            }
            if (m_engine == Engine::Qt || qobject_cast<QSslSocket *>(guard.data()))
                handToQt(guard, shard, ticket, server);
            else
                handToNative(guard, shard, ticket);
        },
        Qt::QueuedConnection);
}

// The native engine (ws:// and wss://): answered here, then served on its descriptor (NativeTransport) by the Hub of
// its thread.
void HubGroup::handToNative(QTcpSocket *socket, std::size_t shard, std::shared_ptr<void> ticket)
{
    NativeTransport::Setup setup
        = NativeTransport::takeOver(socket, serverName(), {QLatin1String(ChatProtocol::Name)}, m_compression);
    if (!setup.descriptor) {
        m_local->recordInfo(outOfDescriptors(count()), ServerEvent::Type::Error);
        return;
    }
    setup.ticket = std::move(ticket);
    if (shard == 0) {
        m_local->adopt(new NativeTransport(std::move(setup)));
        return;
    }
    HubWorker *worker = m_workers[shard - 1];
    QMetaObject::invokeMethod(worker, [worker, setup] { worker->take(setup); });
}

// The Qt engine: QWebSocketServer does the handshake and QWebSocket the framing (over the QSslSocket for wss://).
void HubGroup::handToQt(QTcpSocket *socket, std::size_t shard, std::shared_ptr<void> ticket, QWebSocketServer *local)
{
    if (ticket)
        new DealtToken(socket, std::move(ticket));
    if (shard == 0) {
        local->handleConnection(socket);
        return;
    }
    HubWorker *worker = m_workers[shard - 1];
    socket->moveToThread(&worker->thread);
    // checked again there: a DeferredDelete it had pending moves with it and runs first
    QMetaObject::invokeMethod(worker, [worker, guard = QPointer<QTcpSocket>(socket)] {
        if (guard)
            worker->take(guard.data());
    });
}

void HubGroup::setMode(Mode mode)
{
    m_mode = mode;
    forEveryHub([mode](Hub &hub) { hub.setMode(mode); });
}

void HubGroup::setRules(std::shared_ptr<const RuleSet> rules)
{
    if (rules && m_rules) {
        auto carried = std::make_shared<RuleSet>(*rules);
        carried->carryCountersFrom(*m_rules);
        rules = std::move(carried);
    }
    m_rules = rules;
    forEveryHub([rules](Hub &hub) { hub.setRules(rules); });
    Q_EMIT rulesChanged(rules ? rules->toJson() : RuleSet().toJson());
}

void HubGroup::setReplyTemplate(const QString &replyTemplate)
{
    forEveryHub([replyTemplate](Hub &hub) { hub.setReplyTemplate(replyTemplate); });
}

void HubGroup::setRunId(qint64 run)
{
    forEveryHub([run](Hub &hub) { hub.setRunId(run); });
}

void HubGroup::setSimulationKey(const QByteArray &key)
{
    forEveryHub([key](Hub &hub) { hub.setSimulationKey(key); });
}

void HubGroup::setMessageLimits(qint64 maxMessageSize, qint64 maxFrameSize)
{
    forEveryHub([=](Hub &hub) { hub.setMessageLimits(maxMessageSize, maxFrameSize); });
}

void HubGroup::setHistorySize(int size)
{
    forEveryHub([size](Hub &hub) { hub.setHistorySize(size); });
}

void HubGroup::setHistory(const QList<ChatProtocol::ChatMessage> &messages)
{
    forEveryHub([messages](Hub &hub) { hub.setHistory(messages); });
}

void HubGroup::setFlowLimits(double maxMessagesPerSecond, qint64 maxPendingOutput)
{
    forEveryHub([=](Hub &hub) { hub.setFlowLimits(maxMessagesPerSecond, maxPendingOutput); });
}

void HubGroup::setEventsEnabled(bool enabled)
{
    forEveryHub([enabled](Hub &hub) { hub.setEventsEnabled(enabled); });
}

void HubGroup::setEventPayloadLimit(qsizetype bytes)
{
    forEveryHub([bytes](Hub &hub) { hub.setEventPayloadLimit(bytes); });
}

void HubGroup::heartbeat(qint64 timeoutMs)
{
    forEveryHub([timeoutMs](Hub &hub) { hub.heartbeat(timeoutMs); });
}

void HubGroup::resetStats()
{
    m_local->resetStats();
    for (HubWorker *worker : m_workers) {
        worker->call([](Hub &hub) { hub.resetStats(); });
        worker->stats = ServerStats {};
    }
}

QList<int> HubGroup::countPerThread() const
{
    QList<int> counts {m_local->count()};
    for (const HubWorker *worker : m_workers)
        counts.append(worker->count.load(std::memory_order_relaxed));
    return counts;
}

int HubGroup::count() const
{
    int n = m_local->count();
    for (const HubWorker *worker : m_workers)
        n += worker->count.load(std::memory_order_relaxed);
    return n;
}

QList<ConnectionInfo> HubGroup::connections() const
{
    QList<ConnectionInfo> list = m_local->connections();
    if (m_workers.empty())
        return list;
    // Asked of each thread now (it answers between two passes): as fresh as this thread's own.
    list.reserve(count());
    for (HubWorker *worker : m_workers)
        worker->call([&list](Hub &hub) { list += hub.connections(); });
    std::sort(list.begin(), list.end(), [](const ConnectionInfo &a, const ConnectionInfo &b) { return a.id < b.id; });
    return list;
}

ServerStats HubGroup::stats() const
{
    ServerStats total = m_local->stats();
    for (const HubWorker *worker : m_workers) {
        total.connectionsTotal += worker->stats.connectionsTotal;
        total.messagesIn += worker->stats.messagesIn;
        total.messagesOut += worker->stats.messagesOut;
        total.bytesIn += worker->stats.bytesIn;
        total.bytesOut += worker->stats.bytesOut;
        for (auto it = worker->stats.closeCodes.cbegin(); it != worker->stats.closeCodes.cend(); ++it)
            total.closeCodes[it.key()] += it.value();
    }
    total.connectionsNow = quint64(count());
    return total;
}

bool HubGroup::takeChanged()
{
    const bool local = m_local->takeChanged();
    return std::exchange(m_workersChanged, false) || local;
}

bool HubGroup::sendText(quint64 id, const QString &text)
{
    return onOwner(id, [id, text](Hub &hub) { return hub.sendText(id, text); });
}

bool HubGroup::sendBinary(quint64 id, const QByteArray &data)
{
    return onOwner(id, [id, data](Hub &hub) { return hub.sendBinary(id, data); });
}

int HubGroup::broadcastText(const QString &text, quint64 except)
{
    forEveryHub([text, except](Hub &hub) { hub.broadcastText(text, except); });
    return count();
}

int HubGroup::broadcastBinary(const QByteArray &data, quint64 except)
{
    forEveryHub([data, except](Hub &hub) { hub.broadcastBinary(data, except); });
    return count();
}

void HubGroup::setScript(ScriptHost *host, bool messages)
{
    m_script = host;
    m_scriptMessages = messages;
    forEveryHub([host, messages](Hub &hub) { hub.setScript(host, messages); });
}

void HubGroup::applyScript(const QList<ScriptAction> &actions)
{
    for (const ScriptAction &a : actions) {
        switch (a.kind) {
        case ScriptAction::Kind::Push:
            if (a.binary)
                sendBinary(a.fd, a.data);
            else
                sendText(a.fd, a.text);
            break;
        case ScriptAction::Kind::Broadcast:
            if (a.binary)
                broadcastBinary(a.data, a.fd);
            else
                broadcastText(a.text, a.fd);
            break;
        case ScriptAction::Kind::Close:
            disconnectClient(a.fd, a.code, a.text);
            break;
        case ScriptAction::Kind::Log: {
            static const QString prefixes[] = {QString(), QStringLiteral("warn: "), QStringLiteral("error: ")};
            recordInfo(prefixes[std::clamp(a.code, 0, 2)] + a.text, ServerEvent::Type::Console);
            break;
        }
        }
    }
}

void HubGroup::applyFaults(const FaultSet &set)
{
    auto table = std::make_shared<FaultTable>(*m_faults);
    table->apply(set);
    m_faults = table;
    forEveryHub([table](Hub &hub) { hub.setFaults(table); });
    Q_EMIT faultsChanged(table->toJson());
}

bool HubGroup::hasClient(quint64 id) const
{
    return m_local->hasClient(id) || m_owners.contains(id);
}

bool HubGroup::resetClient(quint64 id)
{
    return onOwner(id, [id](Hub &hub) { return hub.resetClient(id); });
}

bool HubGroup::disconnectClient(quint64 id, int closeCode, const QString &reason)
{
    return onOwner(id, [=](Hub &hub) { return hub.disconnectClient(id, closeCode, reason); });
}

void HubGroup::closeAll(int closeCode, const QString &reason)
{
    m_closed.assign(std::size_t(threads()), false);
    m_closing = threads();
    forEachWorker([=](Hub &hub) { hub.closeAll(closeCode, reason); });
    m_local->closeAll(closeCode, reason); // may report at once
}

// Each Hub counts once: one that empties, takes a late client and empties again must not end the wait early.
void HubGroup::oneClosed(int index)
{
    if (m_closing <= 0 || index < 0 || std::size_t(index) >= m_closed.size() || m_closed[std::size_t(index)])
        return;
    m_closed[std::size_t(index)] = true;
    if (--m_closing == 0)
        Q_EMIT allClosed();
}

void HubGroup::abortAll()
{
    m_closing = 0;
    m_accepting = false;
    ++m_epoch; // what the workers reported before this is about connections that are gone
    m_local->abortAll();
    for (HubWorker *worker : m_workers) {
        QList<ServerEvent> events;
        worker->call([worker, &events, e = m_epoch](Hub &hub) {
            worker->setAccepting(false);
            hub.abortAll();
            worker->abortHanded();
            events = hub.takeEvents(); // what they said last is in before stopped()
            worker->count = 0;
            worker->epoch = e;
        });
        takeWorkerEvents(events);
    }
    // events a worker posted before the call above: deliver them now (the rest of its reports are dropped)
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    m_owners.clear();
}

void HubGroup::deliverRemote(const ChatProtocol::ChatMessage &message, const QString &node)
{
    forEveryHub([message, node](Hub &hub) { hub.deliverRemote(message, node); });
}

void HubGroup::recordInfo(std::shared_ptr<const Sentence> sentence, ServerEvent::Type type)
{
    m_local->recordInfo(std::move(sentence), type);
}

void HubGroup::recordInfo(const QString &text, ServerEvent::Type type)
{
    m_local->recordInfo(text, type);
}

void HubGroup::takeWorkerEvents(const QList<ServerEvent> &events)
{
    const bool first = m_workerEvents.isEmpty();
    if (m_workerEvents.size() + events.size() > MaxWorkerEvents) {
        m_droppedEvents += quint64(events.size()); // nobody is taking events: keep memory bounded
        return;
    }
    m_workerEvents += events;
    if (first)
        Q_EMIT eventsAvailable();
}

QList<ServerEvent> HubGroup::takeEvents()
{
    QList<ServerEvent> events = m_local->takeEvents();
    if (m_workerEvents.isEmpty() && m_droppedEvents == 0)
        return events;
    events += std::exchange(m_workerEvents, {});
    if (m_droppedEvents > 0)
        events.append(Hub::droppedNotice(std::exchange(m_droppedEvents, 0)));
    // each Hub's events are in order already: merge them by time
    std::stable_sort(events.begin(), events.end(),
        [](const ServerEvent &a, const ServerEvent &b) { return a.timestampMs < b.timestampMs; });
    return events;
}

} // namespace Duplex

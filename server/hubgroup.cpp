#include "hubgroup.h"

#include "hub.h"

#include <QCoreApplication>
#include <QPointer>
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

// One further network thread: its Hub and the QWebSocketServer that does the opening handshake of the
// connections dealt to it. Created and configured from the group's thread; everything but the thread object and
// the counters below lives on `thread`.
class HubWorker final : public QObject
{
public:
    explicit HubWorker(HubGroup *group) : m_group(group)
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

    QThread thread;
    Hub *hub = nullptr; // on `thread`
    QWebSocketServer *server = nullptr; // on `thread`
    std::atomic<int> count = 0; // open connections, for HubGroup::count() on the group's thread
    // The latest report (on the group's thread).
    QList<ConnectionInfo> connections;
    ServerStats stats;

private:
    void init()
    {
        hub = new Hub(this);
        server = new QWebSocketServer(QStringLiteral("Duplex/" DUPLEX_VERSION), QWebSocketServer::NonSecureMode, this);
        server->setSupportedSubprotocols({QLatin1String(ChatProtocol::Name)});
        server->setMaxPendingConnections(1 << 16);
        connect(server, &QWebSocketServer::newConnection, hub, [this] {
            while (QWebSocket *socket = server->nextPendingConnection())
                hub->adopt(socket);
        });
        HubGroup *group = m_group;
        connect(hub, &Hub::clientJoined, this, [this, group](const ConnectionInfo &info) {
            ++count;
            QMetaObject::invokeMethod(group, [group, worker = this, info] {
                group->m_owners.insert(info.id, worker);
                Q_EMIT group->clientJoined(info);
            });
        });
        connect(hub, &Hub::clientLeft, this, [this, group](quint64 id) {
            --count;
            QMetaObject::invokeMethod(group, [group, id] {
                group->m_owners.remove(id);
                Q_EMIT group->clientLeft(id);
            });
        });
        connect(hub, &Hub::chatBroadcast, this, [group](const ChatProtocol::ChatMessage &message) {
            QMetaObject::invokeMethod(group, [group, message] { Q_EMIT group->chatBroadcast(message); });
        });
        connect(
            hub, &Hub::allClosed, this, [group] { QMetaObject::invokeMethod(group, [group] { group->oneClosed(); }); });

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
        QMetaObject::invokeMethod(
            group, [group, worker = this, connections = hub->connections(), stats = hub->stats()] {
                worker->connections = connections;
                worker->stats = stats;
                group->m_workersChanged = true;
            });
    }

    void finish()
    {
        hub->abortAll();
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
};

HubGroup::HubGroup(QObject *parent)
    : QObject(parent), m_local(new Hub(this)), m_ids(std::make_shared<std::atomic<quint64>>(0))
{
    m_local->setIdSource(m_ids);
    connect(m_local, &Hub::eventsAvailable, this, &HubGroup::eventsAvailable);
    connect(m_local, &Hub::allClosed, this, &HubGroup::oneClosed);
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

void HubGroup::setThreads(int threads, int minPerThread)
{
    m_minPerThread = std::max(minPerThread, 0);
    const std::size_t others = std::size_t(std::max(threads, 1) - 1);
    if (others == m_workers.size())
        return;
    for (HubWorker *worker : m_workers)
        delete worker;
    m_workers.clear();
    m_owners.clear();
    for (std::size_t i = 0; i < others; ++i)
        m_workers.push_back(new HubWorker(this));
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
        const int index = int(it - m_workers.begin()) + 1;
        (*it)->call([&](Hub &h) {
            h.setThreadIndex(index);
            h.setRelay(relay);
            h.setIdSource(m_ids);
            h.setMode(m_mode);
        });
    }
}

void HubGroup::setHandshakeTimeout(int ms)
{
    for (HubWorker *worker : m_workers)
        QMetaObject::invokeMethod(worker, [worker, ms] { worker->server->setHandshakeTimeout(ms); });
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

void HubGroup::handUpgrade(QTcpSocket *socket, QWebSocketServer *local)
{
    if (m_workers.empty()) {
        local->handleConnection(socket);
        return;
    }
    const std::size_t shard = pickShard();
    std::shared_ptr<std::atomic<int>> dealt = m_dealt[shard];
    ++*dealt;
    // destroyed() comes on the socket's thread, whichever that is by then
    connect(
        socket, &QObject::destroyed, this, [dealt] { --*dealt; }, Qt::DirectConnection);
    if (shard == 0) {
        local->handleConnection(socket);
        return;
    }
    HubWorker *worker = m_workers[shard - 1];
    // Not from here: this runs inside the socket's own readyRead (the Listener's), and the socket (a QSslSocket
    // above all) still touches its notifiers on the way out. Once that is over, what it has buffered (the request
    // head) moves with it.
    QMetaObject::invokeMethod(
        this,
        [worker, guard = QPointer<QTcpSocket>(socket)] {
            if (!guard)
                return;
            QTcpSocket *moving = guard.data();
            moving->moveToThread(&worker->thread);
            QMetaObject::invokeMethod(worker, [worker, moving] { worker->server->handleConnection(moving); });
        },
        Qt::QueuedConnection);
}

void HubGroup::setMode(Mode mode)
{
    m_mode = mode;
    m_local->setMode(mode);
    forEachWorker([mode](Hub &hub) { hub.setMode(mode); });
}

void HubGroup::setReplyTemplate(const QString &replyTemplate)
{
    m_local->setReplyTemplate(replyTemplate);
    forEachWorker([replyTemplate](Hub &hub) { hub.setReplyTemplate(replyTemplate); });
}

void HubGroup::setMessageLimits(qint64 maxMessageSize, qint64 maxFrameSize)
{
    m_local->setMessageLimits(maxMessageSize, maxFrameSize);
    forEachWorker([=](Hub &hub) { hub.setMessageLimits(maxMessageSize, maxFrameSize); });
}

void HubGroup::setHistorySize(int size)
{
    m_local->setHistorySize(size);
    forEachWorker([size](Hub &hub) { hub.setHistorySize(size); });
}

void HubGroup::setHistory(const QList<ChatProtocol::ChatMessage> &messages)
{
    m_local->setHistory(messages);
    forEachWorker([messages](Hub &hub) { hub.setHistory(messages); });
}

void HubGroup::setFlowLimits(double maxMessagesPerSecond, qint64 maxPendingOutput)
{
    m_local->setFlowLimits(maxMessagesPerSecond, maxPendingOutput);
    forEachWorker([=](Hub &hub) { hub.setFlowLimits(maxMessagesPerSecond, maxPendingOutput); });
}

void HubGroup::setEventsEnabled(bool enabled)
{
    m_local->setEventsEnabled(enabled);
    forEachWorker([enabled](Hub &hub) { hub.setEventsEnabled(enabled); });
}

void HubGroup::heartbeat(qint64 timeoutMs)
{
    m_local->heartbeat(timeoutMs);
    forEachWorker([timeoutMs](Hub &hub) { hub.heartbeat(timeoutMs); });
}

void HubGroup::resetStats()
{
    m_local->resetStats();
    for (HubWorker *worker : m_workers) {
        worker->call([](Hub &hub) { hub.resetStats(); });
        worker->stats = ServerStats {};
    }
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
    for (const HubWorker *worker : m_workers)
        list += worker->connections;
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
    }
    total.connectionsNow = quint64(count());
    return total;
}

bool HubGroup::takeChanged()
{
    const bool local = m_local->takeChanged();
    return std::exchange(m_workersChanged, false) || local;
}

HubWorker *HubGroup::ownerOf(quint64 id) const
{
    return m_owners.value(id);
}

bool HubGroup::sendText(quint64 id, const QString &text)
{
    if (m_local->sendText(id, text))
        return true;
    HubWorker *worker = ownerOf(id);
    if (!worker)
        return false;
    worker->post([id, text](Hub &hub) { hub.sendText(id, text); });
    return true;
}

bool HubGroup::sendBinary(quint64 id, const QByteArray &data)
{
    if (m_local->sendBinary(id, data))
        return true;
    HubWorker *worker = ownerOf(id);
    if (!worker)
        return false;
    worker->post([id, data](Hub &hub) { hub.sendBinary(id, data); });
    return true;
}

int HubGroup::broadcastText(const QString &text)
{
    m_local->broadcastText(text);
    forEachWorker([text](Hub &hub) { hub.broadcastText(text); });
    return count();
}

int HubGroup::broadcastBinary(const QByteArray &data)
{
    m_local->broadcastBinary(data);
    forEachWorker([data](Hub &hub) { hub.broadcastBinary(data); });
    return count();
}

bool HubGroup::disconnectClient(quint64 id, int closeCode, const QString &reason)
{
    if (m_local->disconnectClient(id, closeCode, reason))
        return true;
    HubWorker *worker = ownerOf(id);
    if (!worker)
        return false;
    worker->post([=](Hub &hub) { hub.disconnectClient(id, closeCode, reason); });
    return true;
}

void HubGroup::closeAll(int closeCode, const QString &reason)
{
    m_closing = threads();
    forEachWorker([=](Hub &hub) { hub.closeAll(closeCode, reason); });
    m_local->closeAll(closeCode, reason); // may report at once
}

void HubGroup::oneClosed()
{
    if (m_closing > 0 && --m_closing == 0)
        Q_EMIT allClosed();
}

void HubGroup::abortAll()
{
    m_closing = 0;
    m_local->abortAll();
    for (HubWorker *worker : m_workers) {
        worker->call([](Hub &hub) { hub.abortAll(); });
        worker->count = 0;
        worker->connections.clear();
    }
    m_owners.clear();
}

void HubGroup::deliverRemote(const ChatProtocol::ChatMessage &message, const QString &node)
{
    m_local->deliverRemote(message, node);
    forEachWorker([message, node](Hub &hub) { hub.deliverRemote(message, node); });
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
    if (m_droppedEvents > 0) {
        ServerEvent dropped;
        dropped.type = ServerEvent::Type::Info;
        dropped.timestampMs = ServerEvent::now();
        dropped.text = Hub::tr("%n event(s) not shown: the observer fell behind", nullptr, int(m_droppedEvents));
        events.append(dropped);
        m_droppedEvents = 0;
    }
    // each Hub's events are in order already: merge them by time
    std::stable_sort(events.begin(), events.end(),
        [](const ServerEvent &a, const ServerEvent &b) { return a.timestampMs < b.timestampMs; });
    return events;
}

} // namespace Duplex

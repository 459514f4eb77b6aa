#include "loadgenerator.h"

#include <QCoreApplication>
#include <QNetworkRequest>
#include <QSslError>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <vector>

namespace Duplex {

namespace {

enum PhaseValue { Connecting = 0, WarmingUp = 1, Measuring = 2, Draining = 3 };

constexpr int FineBuckets = 10000; // 1 µs each, up to 10 ms
constexpr int CoarseBuckets = 10000; // 100 µs each, up to about 1 s
constexpr int Buckets = FineBuckets + CoarseBuckets + 1; // the last one: everything slower
constexpr int ConnectsInFlight = 32; // per thread: a burst of thousands of SYNs overflows the server's backlog
constexpr int CloseWaitMs = 1000;

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int bucketOf(qint64 us)
{
    if (us < FineBuckets)
        return int(std::max<qint64>(us, 0));
    return int(std::min<qint64>(FineBuckets + (us - FineBuckets) / 100, Buckets - 1));
}

double bucketMs(int bucket)
{
    if (bucket < FineBuckets)
        return bucket / 1000.0;
    return (FineBuckets + (bucket - FineBuckets) * 100 + 50) / 1000.0;
}

} // namespace

struct LoadWorkerStats
{
    std::vector<quint32> histogram;
    qint64 maxNs = 0;
    quint64 measured = 0;
    quint64 sent = 0;
    quint64 received = 0;
    quint64 lost = 0;
    quint64 mismatches = 0;
    quint64 errors = 0;
    int opened = 0;
};

// One event loop's share of the connections. Lives on its own thread; the generator only posts calls to it and
// reads its atomic counters.
class LoadWorker final : public QObject
{
public:
    LoadWorker(const LoadOptions &options, int connections, int firstIndex, std::shared_ptr<std::atomic<int>> phase,
        LoadGenerator *generator, std::function<void()> onConnected, std::function<void(LoadWorkerStats)> onDone)
        : m_options(options),
          m_phase(std::move(phase)),
          m_generator(generator),
          m_onConnected(std::move(onConnected)),
          m_onDone(std::move(onDone)),
          m_conns(size_t(connections)),
          m_firstIndex(firstIndex)
    {
        m_stats.histogram.assign(Buckets, 0);
    }

    // Called on the worker's thread.
    void start()
    {
        for (int i = 0; i < ConnectsInFlight; ++i)
            openNext();
        checkConnected();
    }

    void go()
    {
        // Connections still opening now missed the start: they count as errors.
        for (Conn &c : m_conns) {
            if (c.socket && c.state == ConnState::Connecting) {
                c.state = ConnState::Failed;
                ++m_stats.errors;
                m_errors.fetch_add(1, std::memory_order_relaxed);
                c.socket->abort();
            }
        }
        m_nextToOpen = int(m_conns.size());
        m_stats.opened = m_open.load(std::memory_order_relaxed);
        for (Conn &c : m_conns) {
            if (c.state == ConnState::Open)
                sendNext(c);
        }
    }

    void drain()
    {
        m_nextToOpen = int(m_conns.size());
        for (Conn &c : m_conns) {
            if (c.socket && c.state == ConnState::Connecting) {
                c.state = ConnState::Failed;
                c.socket->abort();
            }
        }
        m_draining = true;
        if (m_stats.opened == 0) // stopped before the run began
            m_stats.opened = m_open.load(std::memory_order_relaxed);
        if (m_inFlight == 0) {
            closeAll();
            return;
        }
        QTimer::singleShot(m_options.drainTimeoutMs, this, [this] {
            if (m_closing)
                return;
            for (Conn &c : m_conns) {
                if (c.inFlight) {
                    c.inFlight = false;
                    ++m_stats.lost;
                }
            }
            m_inFlight = 0;
            closeAll();
        });
    }

    int open() const { return m_open.load(std::memory_order_relaxed); }
    quint64 received() const { return m_received.load(std::memory_order_relaxed); }
    quint64 measured() const { return m_measured.load(std::memory_order_relaxed); }
    quint64 errors() const { return m_errors.load(std::memory_order_relaxed); }
    quint64 mismatches() const { return m_mismatches.load(std::memory_order_relaxed); }

private:
    enum class ConnState { Idle, Connecting, Open, Closed, Failed };

    struct Conn
    {
        QWebSocket *socket = nullptr;
        ConnState state = ConnState::Idle;
        bool inFlight = false;
        quint64 seq = 0;
        qint64 sentNs = 0;
        QByteArray expected;
        QString expectedText;
    };

    void openNext()
    {
        if (m_nextToOpen >= int(m_conns.size()))
            return;
        Conn &c = m_conns[size_t(m_nextToOpen++)];
        c.socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        c.socket->setMaxAllowedIncomingMessageSize(quint64(m_options.messageSize) + 1024);
        c.state = ConnState::Connecting;
        ++m_connecting;
        Conn *conn = &c;
        connect(c.socket, &QWebSocket::connected, this, [this, conn] {
            conn->state = ConnState::Open;
            m_open.fetch_add(1, std::memory_order_relaxed);
            connectingDone();
        });
        connect(c.socket, &QWebSocket::disconnected, this, [this, conn] { onDisconnected(*conn); });
        connect(c.socket, &QWebSocket::textMessageReceived, this,
            [this, conn](const QString &text) { onReceived(*conn, conn->expectedText == text); });
        connect(c.socket, &QWebSocket::binaryMessageReceived, this,
            [this, conn](const QByteArray &data) { onReceived(*conn, conn->expected == data); });
        QUrl url = m_options.url;
        if (!url.hasQuery())
            url.setQuery(QStringLiteral("name=bench%1").arg(m_firstIndex + m_nextToOpen));
        QNetworkRequest request(url);
        for (const auto &[name, value] : m_options.headers)
            request.setRawHeader(name, value);
#ifndef QT_NO_SSL
        if (m_options.insecure || !m_options.trustedCertificates.isEmpty()) {
            QWebSocket *socket = c.socket;
            connect(socket, &QWebSocket::sslErrors, this, [this, socket](const QList<QSslError> &errors) {
                const bool trusted = m_options.insecure
                    || std::all_of(errors.begin(), errors.end(),
                        [this](const QSslError &e) { return m_options.trustedCertificates.contains(e.certificate()); });
                if (trusted)
                    socket->ignoreSslErrors(errors);
            });
        }
#endif
        c.socket->open(request);
    }

    void connectingDone()
    {
        --m_connecting;
        openNext();
        checkConnected();
    }

    void checkConnected()
    {
        if (!m_reportedConnected && m_connecting == 0 && m_nextToOpen >= int(m_conns.size())) {
            m_reportedConnected = true;
            QMetaObject::invokeMethod(m_generator, m_onConnected, Qt::QueuedConnection);
        }
    }

    void onDisconnected(Conn &c)
    {
        const ConnState was = c.state;
        c.state = was == ConnState::Failed ? ConnState::Failed : ConnState::Closed;
        if (was == ConnState::Connecting) {
            c.state = ConnState::Failed;
            ++m_stats.errors;
            m_errors.fetch_add(1, std::memory_order_relaxed);
            connectingDone();
            return;
        }
        if (was != ConnState::Open)
            return;
        m_open.fetch_sub(1, std::memory_order_relaxed);
        if (!m_closing) {
            // Dropped by the server or the network while the run went on.
            ++m_stats.errors;
            m_errors.fetch_add(1, std::memory_order_relaxed);
            if (c.inFlight) {
                c.inFlight = false;
                ++m_stats.lost;
                --m_inFlight;
                if (m_draining && m_inFlight == 0)
                    closeAll();
            }
            return;
        }
        if (m_open.load(std::memory_order_relaxed) == 0)
            report();
    }

    void sendNext(Conn &c)
    {
        const int size = m_options.messageSize;
        QByteArray payload(size, Qt::Uninitialized);
        for (int i = 0; i < size; ++i)
            payload[i] = char('a' + (i + c.seq) % 26);
        // The sequence number in hex at the front, so a reordered or repeated echo differs.
        quint64 seq = ++c.seq;
        for (int i = std::min(size, 16) - 1; i >= 0; --i, seq >>= 4)
            payload[i] = "0123456789abcdef"[seq & 0xf];
        c.inFlight = true;
        ++m_inFlight;
        ++m_stats.sent;
        c.sentNs = nowNs();
        if (m_options.binary) {
            c.expected = payload;
            c.socket->sendBinaryMessage(payload);
        } else {
            c.expectedText = QString::fromLatin1(payload);
            c.socket->sendTextMessage(c.expectedText);
        }
        c.socket->flush(); // now rather than on the next pass of the event loop
    }

    void onReceived(Conn &c, bool identical)
    {
        if (!c.inFlight || !identical) {
            ++m_stats.mismatches;
            m_mismatches.fetch_add(1, std::memory_order_relaxed);
            if (!c.inFlight)
                return; // nothing was asked: keep waiting for the echo we want
        }
        const qint64 rttNs = nowNs() - c.sentNs;
        c.inFlight = false;
        --m_inFlight;
        ++m_stats.received;
        m_received.fetch_add(1, std::memory_order_relaxed);
        const int phase = m_phase->load(std::memory_order_relaxed);
        if (phase == Measuring) {
            ++m_stats.measured;
            m_measured.fetch_add(1, std::memory_order_relaxed);
            ++m_stats.histogram[size_t(bucketOf(rttNs / 1000))];
            m_stats.maxNs = std::max(m_stats.maxNs, rttNs);
        }
        if (phase == WarmingUp || phase == Measuring) {
            sendNext(c);
        } else if (m_draining && m_inFlight == 0) {
            closeAll();
        }
    }

    void closeAll()
    {
        if (m_closing)
            return;
        m_closing = true;
        if (m_open.load(std::memory_order_relaxed) == 0) {
            report();
            return;
        }
        for (Conn &c : m_conns) {
            if (c.state == ConnState::Open)
                c.socket->close(QWebSocketProtocol::CloseCodeNormal);
        }
        QTimer::singleShot(CloseWaitMs, this, [this] { report(); });
    }

    void report()
    {
        if (m_reported)
            return;
        m_reported = true;
        QMetaObject::invokeMethod(
            m_generator, [done = m_onDone, stats = m_stats] { done(stats); }, Qt::QueuedConnection);
    }

    LoadOptions m_options;
    std::shared_ptr<std::atomic<int>> m_phase;
    LoadGenerator *m_generator = nullptr; // outlives the worker: its destructor joins the threads
    std::function<void()> m_onConnected;
    std::function<void(LoadWorkerStats)> m_onDone;
    std::vector<Conn> m_conns; // never resized: the lambdas keep pointers into it
    int m_firstIndex = 0;
    int m_nextToOpen = 0;
    int m_connecting = 0;
    int m_inFlight = 0;
    bool m_reportedConnected = false;
    bool m_draining = false;
    bool m_closing = false;
    bool m_reported = false;
    LoadWorkerStats m_stats;
    std::atomic<int> m_open {0};
    std::atomic<quint64> m_received {0};
    std::atomic<quint64> m_measured {0};
    std::atomic<quint64> m_errors {0};
    std::atomic<quint64> m_mismatches {0};
};

QJsonObject LoadResult::toJson() const
{
    QJsonObject o;
    o.insert(QLatin1String("ok"), ok);
    if (!error.isEmpty())
        o.insert(QLatin1String("error"), error);
    o.insert(QLatin1String("url"), url.toString());
    o.insert(QLatin1String("connections"), connections);
    o.insert(QLatin1String("open"), opened);
    o.insert(QLatin1String("threads"), threads);
    o.insert(QLatin1String("size"), messageSize);
    o.insert(QLatin1String("binary"), binary);
    o.insert(QLatin1String("seconds"), std::round(seconds * 1000) / 1000);
    o.insert(QLatin1String("messages"), qint64(messages));
    o.insert(QLatin1String("msgs_per_s"), std::round(messagesPerSecond));
    o.insert(QLatin1String("p50_ms"), p50Ms);
    o.insert(QLatin1String("p99_ms"), p99Ms);
    o.insert(QLatin1String("max_ms"), std::round(maxMs * 1000) / 1000);
    o.insert(QLatin1String("sent"), qint64(sent));
    o.insert(QLatin1String("received"), qint64(received));
    o.insert(QLatin1String("lost"), qint64(lost));
    o.insert(QLatin1String("mismatches"), qint64(mismatches));
    o.insert(QLatin1String("errors"), qint64(errors));
    return o;
}

LoadGenerator::LoadGenerator(QObject *parent)
    : QObject(parent), m_tick(new QTimer(this)), m_phaseTimer(new QTimer(this))
{
    qRegisterMetaType<LoadProgress>();
    qRegisterMetaType<LoadResult>();
    m_tick->setInterval(1000);
    m_phaseTimer->setSingleShot(true);
    m_phaseTimer->setTimerType(Qt::PreciseTimer);
    connect(m_tick, &QTimer::timeout, this, [this] { reportProgress(); });
}

LoadGenerator::~LoadGenerator()
{
    shutDownThreads();
}

void LoadGenerator::start(const LoadOptions &options)
{
    if (m_running)
        return;
    m_options = options;
    m_running = true;
    m_workersConnected = 0;
    m_workersDone = 0;
    m_lastMessages = 0;
    m_measureStartNs = 0;
    m_measureEndNs = 0;
    m_startNs = m_lastTickNs = nowNs();
    m_phase = std::make_shared<std::atomic<int>>(Connecting);
    m_results.clear();

    const QUrl &url = options.url;
    if (!url.isValid() || (url.scheme() != u"ws" && url.scheme() != u"wss") || url.host().isEmpty()) {
        QTimer::singleShot(0, this, [this] { finish(tr("Invalid URL: use ws://host:port/path.")); });
        return;
    }
    if (options.connections < 1 || options.messageSize < 0 || options.durationSeconds < 1) {
        QTimer::singleShot(0, this, [this] { finish(tr("Give at least one connection and one second.")); });
        return;
    }

    int threads = options.threads > 0 ? options.threads : std::max(1, QThread::idealThreadCount());
    threads = std::min(threads, options.connections);
    m_options.threads = threads;
    int first = 0;
    for (int t = 0; t < threads; ++t) {
        const int share = options.connections / threads + (t < options.connections % threads ? 1 : 0);
        auto *thread = new QThread(this);
        thread->setObjectName(QStringLiteral("load-%1").arg(t));
        auto *worker = new LoadWorker(
            m_options, share, first, m_phase, this, [this] { onWorkerConnected(); },
            [this](LoadWorkerStats stats) { onWorkerDone(std::move(stats)); });
        first += share;
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        m_threads.append(thread);
        m_workers.append(worker);
        thread->start();
        QMetaObject::invokeMethod(
            worker, [worker] { worker->start(); }, Qt::QueuedConnection);
    }
    m_phaseTimer->disconnect(this);
    connect(m_phaseTimer, &QTimer::timeout, this, [this] { beginWarmingUp(); });
    m_phaseTimer->start(std::max(1, options.connectTimeoutMs));
    m_tick->start();
}

void LoadGenerator::stop()
{
    if (!m_running || phase() == LoadProgress::Phase::Draining)
        return;
    beginDraining();
}

void LoadGenerator::onWorkerConnected()
{
    if (++m_workersConnected == m_workers.size() && phase() == LoadProgress::Phase::Connecting)
        beginWarmingUp();
}

void LoadGenerator::beginWarmingUp()
{
    if (phase() != LoadProgress::Phase::Connecting)
        return;
    int open = 0;
    for (const LoadWorker *w : std::as_const(m_workers))
        open += w->open();
    if (open == 0) {
        beginDraining();
        return;
    }
    m_phase->store(WarmingUp);
    for (LoadWorker *w : std::as_const(m_workers))
        QMetaObject::invokeMethod(
            w, [w] { w->go(); }, Qt::QueuedConnection);
    m_phaseTimer->disconnect(this);
    connect(m_phaseTimer, &QTimer::timeout, this, [this] { beginMeasuring(); });
    m_phaseTimer->start(std::max(0, m_options.warmupMs));
}

void LoadGenerator::beginMeasuring()
{
    m_measureStartNs = nowNs();
    m_phase->store(Measuring);
    m_phaseTimer->disconnect(this);
    connect(m_phaseTimer, &QTimer::timeout, this, [this] { beginDraining(); });
    m_phaseTimer->start(m_options.durationSeconds * 1000);
}

void LoadGenerator::beginDraining()
{
    m_phaseTimer->stop();
    m_measureEndNs = nowNs();
    if (m_measureStartNs == 0)
        m_measureStartNs = m_measureEndNs;
    m_phase->store(Draining);
    for (LoadWorker *w : std::as_const(m_workers))
        QMetaObject::invokeMethod(
            w, [w] { w->drain(); }, Qt::QueuedConnection);
}

void LoadGenerator::onWorkerDone(LoadWorkerStats stats)
{
    m_results.push_back(std::move(stats));
    if (int(m_results.size()) == m_workers.size())
        finish({});
}

LoadProgress::Phase LoadGenerator::phase() const
{
    return m_phase ? LoadProgress::Phase(m_phase->load()) : LoadProgress::Phase::Connecting;
}

void LoadGenerator::reportProgress()
{
    LoadProgress p;
    p.phase = phase();
    const qint64 now = nowNs();
    p.elapsedSeconds = (now - m_startNs) / 1e9;
    quint64 received = 0;
    for (const LoadWorker *w : std::as_const(m_workers)) {
        p.open += w->open();
        received += w->received();
        p.messages += w->measured();
        p.errors += w->errors();
        p.mismatches += w->mismatches();
    }
    const double interval = (now - m_lastTickNs) / 1e9;
    p.messagesPerSecond = interval > 0 ? (received - m_lastMessages) / interval : 0;
    m_lastMessages = received;
    m_lastTickNs = now;
    Q_EMIT progress(p);
}

void LoadGenerator::finish(const QString &error)
{
    m_tick->stop();
    m_phaseTimer->stop();
    LoadResult r;
    r.url = m_options.url;
    r.connections = m_options.connections;
    r.threads = m_options.threads;
    r.messageSize = m_options.messageSize;
    r.binary = m_options.binary;
    std::vector<quint64> histogram(Buckets, 0);
    qint64 maxNs = 0;
    for (const LoadWorkerStats &s : m_results) {
        for (size_t i = 0; i < s.histogram.size(); ++i)
            histogram[i] += s.histogram[i];
        maxNs = std::max(maxNs, s.maxNs);
        r.messages += s.measured;
        r.sent += s.sent;
        r.received += s.received;
        r.lost += s.lost;
        r.mismatches += s.mismatches;
        r.errors += s.errors;
        r.opened += s.opened;
    }
    r.seconds = (m_measureEndNs - m_measureStartNs) / 1e9;
    r.messagesPerSecond = r.seconds > 0 ? r.messages / r.seconds : 0;
    r.maxMs = maxNs / 1e6;
    const auto percentile = [&](double p) {
        const quint64 target = std::max<quint64>(1, quint64(std::ceil(p * double(r.messages))));
        quint64 seen = 0;
        for (int i = 0; i < Buckets; ++i) {
            seen += histogram[size_t(i)];
            if (seen >= target)
                return std::min(bucketMs(i), r.maxMs);
        }
        return r.maxMs;
    };
    if (r.messages > 0) {
        r.p50Ms = percentile(0.50);
        r.p99Ms = percentile(0.99);
    }
    r.error = error;
    if (r.error.isEmpty() && r.opened == 0)
        r.error = tr("No connection to %1 could be opened.").arg(m_options.url.toDisplayString());
    r.ok = r.error.isEmpty();
    shutDownThreads();
    m_running = false;
    Q_EMIT finished(r);
}

void LoadGenerator::shutDownThreads()
{
    for (QThread *t : std::as_const(m_threads)) {
        t->quit();
        t->wait();
        delete t;
    }
    m_threads.clear();
    m_workers.clear();
    m_results.clear();
}

} // namespace Duplex

#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPair>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <atomic>
#include <memory>
#include <vector>

class QThread;
class QTimer;

namespace Duplex {

struct LoadOptions
{
    QUrl url;
    int connections = 10;
    int messageSize = 16; // bytes per message
    int durationSeconds = 10; // measured, after the warm-up
    int warmupMs = 1000; // traffic before the measurement starts, excluded from the figures
    int threads = 0; // event loops on threads of their own; 0: one per core
    bool binary = false; // binary frames instead of text
    QList<QPair<QByteArray, QByteArray>> headers; // extra request headers
    bool insecure = false; // accept any certificate (wss)
    QList<QSslCertificate> trustedCertificates;
    int connectTimeoutMs = 30000; // for all connections to be open (or failed)
    int drainTimeoutMs = 3000; // after the run, how long the last echoes may take before they count as lost
};

struct LoadProgress
{
    enum class Phase { Connecting, WarmingUp, Measuring, Draining };
    Phase phase = Phase::Connecting;
    double elapsedSeconds = 0; // since start()
    int open = 0; // connections open right now
    double messagesPerSecond = 0; // echoes over the last interval
    quint64 messages = 0; // echoes counted in the measurement so far
    quint64 errors = 0;
    quint64 mismatches = 0;
};

struct LoadResult
{
    bool ok = false; // false: nothing could be measured (see error)
    QString error;
    QUrl url;
    int connections = 0; // asked for
    int opened = 0; // connected at the start of the run
    int threads = 0;
    int messageSize = 0;
    bool binary = false;
    double seconds = 0; // measured time
    quint64 messages = 0; // echoes received within the measured time
    double messagesPerSecond = 0;
    double p50Ms = 0, p99Ms = 0, maxMs = 0; // round trip, measured messages only
    quint64 sent = 0; // over the whole run, warm-up included
    quint64 received = 0; // echoes over the whole run
    quint64 lost = 0; // sent but never echoed (in flight when a connection dropped or the drain timed out)
    quint64 mismatches = 0; // an echo that differed from what was sent, or a message nobody asked for
    quint64 errors = 0; // connections that failed to open or dropped during the run

    QJsonObject toJson() const;
};

class LoadWorker;
struct LoadWorkerStats;

// The project's load generator: N WebSocket connections (QWebSocket) spread over several event loops on threads
// of their own; each keeps one message in flight (send, wait for the echo, check it is byte-identical, send the
// next). Needs a server that returns every frame unchanged: raw mode, or binary frames in echo mode.
class LoadGenerator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoadGenerator)

public:
    explicit LoadGenerator(QObject *parent = nullptr);
    ~LoadGenerator() override;

    // Asynchronous: progress() once a second, then finished(). Ignored while running.
    void start(const LoadOptions &options);
    // Ends the measurement early; finished() follows with what was measured so far.
    void stop();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(const Duplex::LoadProgress &progress);
    void finished(const Duplex::LoadResult &result);

private:
    void onWorkerConnected();
    void beginWarmingUp();
    void beginMeasuring();
    void beginDraining();
    void onWorkerDone(LoadWorkerStats stats);
    void reportProgress();
    void finish(const QString &error);
    void shutDownThreads();
    LoadProgress::Phase phase() const;

    LoadOptions m_options;
    QList<QThread *> m_threads;
    QList<LoadWorker *> m_workers;
    std::vector<LoadWorkerStats> m_results;
    std::shared_ptr<std::atomic<int>> m_phase;
    QTimer *m_tick = nullptr;
    QTimer *m_phaseTimer = nullptr;
    qint64 m_startNs = 0;
    qint64 m_measureStartNs = 0;
    qint64 m_measureEndNs = 0;
    quint64 m_lastMessages = 0;
    qint64 m_lastTickNs = 0;
    int m_workersConnected = 0;
    int m_workersDone = 0;
    bool m_running = false;
};

} // namespace Duplex

Q_DECLARE_METATYPE(Duplex::LoadProgress)
Q_DECLARE_METATYPE(Duplex::LoadResult)

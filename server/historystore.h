#pragma once

#include "chatprotocol.h"
#include "serverevent.h"

#include <QObject>
#include <QThread>

#include <atomic>

namespace Duplex {

class HistoryWriter;

// The message log and the broadcast chat history, kept in SQLite (WAL) on a thread of its own. What arrives is
// written in batches, one transaction at most once a second; a process crash loses at most the last second.
// Every method may be called from any thread but the store's own; the blocking ones wait for that thread.
class HistoryStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryStore)

public:
    // The message log keeps the first 1 KiB of each frame's payload, and its whole size (README "Performance").
    static constexpr qsizetype StoredPayloadBytes = 1024;

    // At most one transaction per interval. A write's CPU comes in one piece, on a core a network thread may share:
    // four short ones a second delay its messages less than one long one (README "Performance").
    static constexpr int FlushIntervalMs = 250;

    // QStandardPaths::AppDataLocation + "/duplex.sqlite".
    static QString defaultPath();

    explicit HistoryStore(QObject *parent = nullptr);
    // Writes what is pending, closes the database and joins the thread.
    ~HistoryStore() override;

    // Blocking: opens or creates the database (and its folder). False: see errorString().
    bool open(const QString &path);
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }

    // Rows older than `days` (0: no age limit) and log rows beyond `maxRows` (0: no limit) go after each flush.
    void setRetention(int days, qint64 maxRows);

    // Queued for the next batch.
    void append(const QList<ServerEvent> &events);
    void appendChat(const ChatProtocol::ChatMessage &message);

    // Blocking.
    bool flush(); // writes what is pending now
    QList<ServerEvent> recentLog(int rows); // the newest `rows`, oldest first
    QList<ChatProtocol::ChatMessage> recentChat(int count); // the newest `count`, oldest first
    qint64 logRowCount();
    qint64 chatRowCount();

    // Asynchronous: the answer comes as a signal (emitted on the store's thread; connect with a context object).
    void requestRecentLog(int rows);
    void exportLog(const QString &file); // JSON Lines, one EventFormatter::toJson() object per row
    void clear();

Q_SIGNALS:
    void recentLogReady(const QList<Duplex::ServerEvent> &events);
    void exported(const QString &file, qint64 rows, const QString &error);
    void cleared();
    // After each batch: rows written and how long the transaction took (for tests and measurements).
    void flushed(int logRows, int chatRows, qint64 elapsedUs);
    void writeFailed(const QString &error);

private:
    template<typename F> auto call(F &&function);

    friend class HistoryWriter;
    QThread m_thread;
    HistoryWriter *m_writer = nullptr;
    // Payload bytes handed to the writer and not yet written (queued to its thread or pending in it), and events
    // refused because there were too many: bounded memory when the disk falls behind.
    std::atomic<qsizetype> m_queuedBytes {0};
    std::atomic<qsizetype> m_refusedEvents {0};
    std::atomic<int> m_queuedBatches {0}; // posted to the writer, not taken yet: it is behind, and does not pause
    QString m_path;
    QString m_error;
    bool m_open = false;
};

} // namespace Duplex

#include "historystore.h"

#include "eventformatter.h"
#include "logblock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimer>

#include <optional>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace Duplex {

namespace {

constexpr qsizetype MaxPendingRows = 1'000'000;
constexpr int WriterNice = 5;
// And at most this many bytes of payload on their way to the disk (the same batches the observers hold, not copies).
constexpr qsizetype MaxQueuedPayloadBytes = 128 * 1024 * 1024;
// The message log keeps the first 1 KiB of each frame's payload (HistoryStore::StoredPayloadBytes), and its whole
// size: enough to read and search what a large message was, without a 64 KiB-message load writing hundreds of MB
// a minute (README "Performance"). The chat history (chat table) keeps every chat message whole.
constexpr qsizetype MaxStoredPayload = HistoryStore::StoredPayloadBytes;
// The message log is kept as blocks of events (LogBlock), one row per block: a busy server logs tens of thousands of
// frames a second, and one INSERT per frame cost more CPU than serving them. `skip` counts the events at the start of
// a block that retention has already dropped.
constexpr qsizetype EventsPerBlock = 2048;
// Or fewer, when their payloads are large: a block is compressed in one piece (0.6 ms for 256 KiB), and the
// writer's turns on the core stay short (ShortTurns).
constexpr qsizetype BytesPerBlock = 256 * 1024;

// The writer may share a core with a network thread (a server pinned to one core, or a busy machine). The scheduler
// lets it run for up to a tick (4 ms) once it has the core, and every client waits that long: so after each 200 us
// of work it sleeps for 100 us, which hands the core to whoever waits for it, as long as it keeps up (no further
// batch is queued for it, and the events it handles are less than half a second old; a writer that falls behind
// works without pauses). sched_yield() did not do it: the scheduler often gave the core straight back. README
// "Performance".
class ShortTurns
{
public:
    // Looks at the clock every `checkEvery` calls (an event takes a microsecond or less to encode).
    ShortTurns(unsigned checkEvery, const std::atomic<int> &queuedBatches)
        : m_checkEvery(checkEvery), m_queuedBatches(queuedBatches)
    {
        m_work.start();
    }
    void pause(qint64 eventTimeMs)
    {
        if (++m_calls % m_checkEvery != 0 || m_work.nsecsElapsed() < WorkNs)
            return;
        if (m_queuedBatches.load(std::memory_order_relaxed) == 0 && ServerEvent::now() - eventTimeMs < MaxLagMs)
            ::usleep(PauseUs);
        m_work.start();
    }

private:
    static constexpr qint64 WorkNs = 200'000;
    static constexpr useconds_t PauseUs = 100;
    static constexpr qint64 MaxLagMs = 500;
    QElapsedTimer m_work;
    unsigned m_checkEvery;
    const std::atomic<int> &m_queuedBatches;
    unsigned m_calls = 0;
};

} // namespace

// Lives on the store's thread and owns its database connection; HistoryStore only posts to it.
class HistoryWriter final : public QObject
{
public:
    HistoryWriter(HistoryStore *store, const QString &connectionName)
        : m_store(store), m_connectionName(connectionName), m_timer(new QTimer(this))
    {
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, [this] { flush(Pauses::Allowed); });
    }

    QString open(const QString &path);
    void close();
    void setRetention(int days, qint64 maxRows)
    {
        m_retentionDays = days;
        m_maxRows = maxRows;
    }
    void enqueue(const QList<ServerEvent> &events, qsizetype bytes)
    {
        --m_store->m_queuedBatches;
        if (m_pendingLogRows >= MaxPendingRows) {
            m_droppedRows += events.size(); // the disk cannot keep up: bounded memory before completeness
            m_store->m_queuedBytes -= bytes;
            return;
        }
        // Encoded as they come (every 50 ms or so), so that a write is short and the CPU it takes is spread: the
        // network thread may share a core with it (README "Performance").
        ShortTurns turns(16, m_store->m_queuedBatches);
        for (const ServerEvent &e : events) {
            appendToBlock(e);
            turns.pause(e.timestampMs);
        }
        m_pendingLogRows += events.size();
        m_pendingLogBytes += bytes;
        schedule();
    }
    void enqueueChat(const ChatProtocol::ChatMessage &message)
    {
        m_pendingChat.append(message);
        schedule();
    }
    // Pauses (ShortTurns) only when nobody waits for this write: not when another thread asked for it.
    enum class Pauses { None, Allowed };
    bool flush(Pauses pauses = Pauses::None);
    QList<ServerEvent> recentLog(int rows);
    QList<ChatProtocol::ChatMessage> recentChat(int count);
    qint64 count(const QString &table);
    void exportLog(const QString &file);
    void clear();

private:
    void schedule();
    void appendToBlock(const ServerEvent &event);
    void closeBlock();
    void enforceRetention();
    qint64 liveRows(); // events in the log, not skipped
    QString failure(const QString &what, const QSqlError &error) const;

    HistoryStore *m_store;
    QString m_connectionName;
    QSqlDatabase m_db;
    QTimer *m_timer;
    QElapsedTimer m_sinceFlush;
    LogBlock m_block {MaxStoredPayload}; // being filled
    QList<LogBlock::Sealed> m_pendingBlocks; // waiting for the next write
    qsizetype m_pendingLogRows = 0;
    qsizetype m_pendingLogBytes = 0;
    qsizetype m_droppedRows = 0;
    QList<ChatProtocol::ChatMessage> m_pendingChat;
    std::optional<qint64> m_liveRows; // liveRows(), once counted
    int m_retentionDays = 30;
    qint64 m_maxRows = 1'000'000;
};

QString HistoryWriter::failure(const QString &what, const QSqlError &error) const
{
    return what + QStringLiteral(": ") + error.text() + QStringLiteral(" (") + m_db.databaseName() + u')';
}

QString HistoryWriter::open(const QString &path)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return HistoryStore::tr("The Qt SQLite driver (QSQLITE, Debian package libqt6sql6-sqlite) is not installed.");
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return HistoryStore::tr("Cannot create the folder %1.").arg(info.absolutePath());
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(info.absoluteFilePath());
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000")); // another process may hold the lock briefly
    if (!m_db.open())
        return failure(HistoryStore::tr("Cannot open the database"), m_db.lastError());

    QSqlQuery q(m_db);
    // A new database gets 64 KiB pages: the log's rows are blocks of events, and SQLite writes a page per call.
    q.exec(QStringLiteral("PRAGMA page_size=65536"));
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next()
        || q.value(0).toString().compare(u"wal", Qt::CaseInsensitive) != 0)
        return failure(HistoryStore::tr("Cannot switch the database to WAL mode"), q.lastError());
    const QString statements[] = {
        QStringLiteral("PRAGMA synchronous=NORMAL"),
        // A write's blocks fit in the page cache (the default 2 MB is 32 of its 64 KiB pages): it does not spill
        // pages and read them back.
        QStringLiteral("PRAGMA cache_size=-16384"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS log_block (id INTEGER PRIMARY KEY, first_time INTEGER NOT NULL, "
                       "last_time INTEGER NOT NULL, events INTEGER NOT NULL, skip INTEGER NOT NULL DEFAULT 0, "
                       "data BLOB NOT NULL)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS log_block_time ON log_block(last_time)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS chat (id INTEGER PRIMARY KEY, sender INTEGER NOT NULL, name TEXT "
                       "NOT NULL, text TEXT NOT NULL, time INTEGER NOT NULL)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS chat_time ON chat(time)"),
    };
    for (const QString &statement : statements) {
        if (!q.exec(statement))
            return failure(HistoryStore::tr("Cannot prepare the database"), q.lastError());
    }
    m_sinceFlush.start();
    m_liveRows.reset();
    enforceRetention();
    return {};
}

void HistoryWriter::close()
{
    if (!m_db.isValid())
        return;
    flush();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

// At most one transaction per FlushIntervalMs: the first rows after a quiet interval go at once, the rest wait.
void HistoryWriter::schedule()
{
    if (m_timer->isActive())
        return;
    m_timer->start(int(std::max<qint64>(0, HistoryStore::FlushIntervalMs - m_sinceFlush.elapsed())));
}

void HistoryWriter::appendToBlock(const ServerEvent &event)
{
    m_block.append(event);
    if (m_block.count() == EventsPerBlock || m_block.bytes() >= BytesPerBlock)
        closeBlock();
}

void HistoryWriter::closeBlock()
{
    if (m_block.count() == 0)
        return;
    m_pendingBlocks.append(m_block.take());
}

bool HistoryWriter::flush(Pauses pauses)
{
    m_timer->stop();
    m_droppedRows += m_store->m_refusedEvents.exchange(0);
    if (m_pendingLogRows == 0 && m_pendingChat.isEmpty() && m_droppedRows == 0)
        return true;
    if (m_droppedRows > 0) {
        ServerEvent dropped;
        dropped.type = ServerEvent::Type::Error;
        dropped.timestampMs = ServerEvent::now();
        dropped.text = HistoryStore::tr("%n event(s) not stored: the disk fell behind", nullptr, int(m_droppedRows));
        appendToBlock(dropped);
        ++m_pendingLogRows;
        m_droppedRows = 0;
    }
    closeBlock();
    const auto log = std::exchange(m_pendingBlocks, {});
    const auto chat = std::exchange(m_pendingChat, {});
    const int logRows = int(std::exchange(m_pendingLogRows, 0));
    // Counted as on their way until written: the sender holds back while this batch is in memory here.
    struct Written
    {
        std::atomic<qsizetype> &queued;
        qsizetype bytes;
        ~Written() { queued -= bytes; }
    } written {m_store->m_queuedBytes, std::exchange(m_pendingLogBytes, 0)};
    if (!m_db.isOpen())
        return false;
    QElapsedTimer elapsed;
    elapsed.start();
    m_sinceFlush.start();

    QString error;
    if (!m_db.transaction()) {
        error = failure(HistoryStore::tr("Cannot write the history"), m_db.lastError());
    } else {
        QSqlQuery insert(m_db);
        insert.prepare(
            QStringLiteral("INSERT INTO log_block (first_time, last_time, events, data) VALUES (?, ?, ?, ?)"));
        ShortTurns turns(1, m_store->m_queuedBatches);
        for (const LogBlock::Sealed &block : log) {
            if (pauses == Pauses::Allowed)
                turns.pause(block.lastTime);
            insert.bindValue(0, block.firstTime);
            insert.bindValue(1, block.lastTime);
            insert.bindValue(2, qint64(block.count));
            insert.bindValue(3, block.data);
            if (!insert.exec()) {
                error = failure(HistoryStore::tr("Cannot write the message log"), insert.lastError());
                break;
            }
        }
        if (error.isEmpty() && !chat.isEmpty()) {
            QSqlQuery chatInsert(m_db);
            chatInsert.prepare(QStringLiteral("INSERT INTO chat (sender, name, text, time) VALUES (?, ?, ?, ?)"));
            for (const ChatProtocol::ChatMessage &m : chat) {
                chatInsert.bindValue(0, m.from);
                chatInsert.bindValue(1, m.name);
                chatInsert.bindValue(2, m.text);
                chatInsert.bindValue(3, m.timeMs);
                if (!chatInsert.exec()) {
                    error = failure(HistoryStore::tr("Cannot write the chat history"), chatInsert.lastError());
                    break;
                }
            }
        }
        if (error.isEmpty() && !m_db.commit())
            error = failure(HistoryStore::tr("Cannot write the history"), m_db.lastError());
        if (!error.isEmpty())
            m_db.rollback();
    }
    if (!error.isEmpty()) {
        // Pending rows are dropped rather than kept: a full disk must not grow memory without bound.
        Q_EMIT m_store->writeFailed(error);
        return false;
    }
    if (m_liveRows)
        *m_liveRows += logRows;
    enforceRetention();
    Q_EMIT m_store->flushed(logRows, int(chat.size()), elapsed.nsecsElapsed() / 1000);
    return true;
}

// Cheap when there is nothing to drop: whole blocks go by their row ids; the oldest kept block only gets a new skip.
// Runs after every write, so it must not read the whole log: the events kept are counted once (liveRows()) and then
// kept up to date, and only the oldest blocks are read. (Scanning every block each second cost a burst of reads as
// large as the log's first pages, on the core the network thread runs on.)
void HistoryWriter::enforceRetention()
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    const auto run = [&q](const QString &statement, std::initializer_list<QVariant> values) {
        q.prepare(statement);
        for (const QVariant &value : values)
            q.addBindValue(value);
        q.exec();
    };
    if (m_maxRows > 0 && liveRows() > m_maxRows) {
        // From the oldest block: those whose events are all in excess go, the next one skips the rest.
        qint64 excess = liveRows() - m_maxRows;
        qint64 trimId = -1, trimSkip = 0, dropBelow = -1;
        if (q.exec(QStringLiteral("SELECT id, events - skip, skip FROM log_block ORDER BY id"))) {
            while (excess > 0 && q.next()) {
                const qint64 id = q.value(0).toLongLong();
                const qint64 live = q.value(1).toLongLong();
                if (live <= excess) {
                    dropBelow = id + 1;
                    excess -= live;
                } else {
                    trimId = id;
                    trimSkip = q.value(2).toLongLong() + excess;
                    excess = 0;
                }
            }
        }
        q.finish();
        if (dropBelow > 0)
            run(QStringLiteral("DELETE FROM log_block WHERE id < ?"), {dropBelow});
        if (trimId >= 0)
            run(QStringLiteral("UPDATE log_block SET skip = ? WHERE id = ?"), {trimSkip, trimId});
        m_liveRows = m_maxRows + excess;
        run(QStringLiteral("DELETE FROM chat WHERE id <= (SELECT max(id) FROM chat) - ?"), {m_maxRows});
    }
    if (m_retentionDays > 0) {
        const qint64 cutoff = ServerEvent::now() - qint64(m_retentionDays) * 24 * 3600 * 1000;
        // Whole blocks older than the cutoff (found by the index on last_time), then the oldest blocks that hold both
        // old and new events skip the old ones at their start.
        q.prepare(QStringLiteral("SELECT total(events - skip) FROM log_block WHERE last_time < ?"));
        q.addBindValue(cutoff);
        const qint64 old = q.exec() && q.next() ? qint64(q.value(0).toDouble()) : 0;
        q.finish();
        if (old > 0) {
            run(QStringLiteral("DELETE FROM log_block WHERE last_time < ?"), {cutoff});
            if (m_liveRows)
                *m_liveRows -= old;
        }
        QList<qint64> straddling;
        if (q.exec(QStringLiteral("SELECT id, first_time FROM log_block ORDER BY id"))) {
            while (q.next() && q.value(1).toLongLong() < cutoff)
                straddling.append(q.value(0).toLongLong());
        }
        q.finish();
        for (const qint64 id : std::as_const(straddling)) {
            q.prepare(QStringLiteral("SELECT skip, data FROM log_block WHERE id = ?"));
            q.addBindValue(id);
            if (!q.exec() || !q.next())
                continue;
            const qint64 was = q.value(0).toLongLong();
            const QList<ServerEvent> events = LogBlock::decode(q.value(1).toByteArray());
            q.finish();
            qint64 skip = was;
            while (skip < events.size() && events.at(skip).timestampMs < cutoff)
                ++skip;
            if (skip != was) {
                run(QStringLiteral("UPDATE log_block SET skip = ? WHERE id = ?"), {skip, id});
                if (m_liveRows)
                    *m_liveRows -= skip - was;
            }
        }
        run(QStringLiteral("DELETE FROM chat WHERE time < ?"), {cutoff});
    }
}

qint64 HistoryWriter::liveRows()
{
    if (!m_liveRows) {
        QSqlQuery q(m_db);
        m_liveRows = q.exec(QStringLiteral("SELECT total(events - skip) FROM log_block")) && q.next()
            ? qint64(q.value(0).toDouble())
            : 0;
    }
    return *m_liveRows;
}

QList<ServerEvent> HistoryWriter::recentLog(int rows)
{
    QList<ServerEvent> events;
    if (!m_db.isOpen() || rows <= 0)
        return events;
    // The newest blocks until they hold `rows` events, then oldest first.
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT skip, data FROM log_block ORDER BY id DESC")))
        return events;
    QList<QList<ServerEvent>> blocks;
    qsizetype total = 0;
    while (total < rows && q.next()) {
        blocks.prepend(LogBlock::decode(q.value(1).toByteArray(), q.value(0).toLongLong()));
        total += blocks.first().size();
    }
    events.reserve(std::min<qsizetype>(total, rows));
    qsizetype drop = std::max<qsizetype>(0, total - rows);
    for (const QList<ServerEvent> &block : std::as_const(blocks)) {
        const qsizetype from = std::min(drop, block.size());
        drop -= from;
        events.append(block.mid(from));
    }
    return events;
}

QList<ChatProtocol::ChatMessage> HistoryWriter::recentChat(int count)
{
    QList<ChatProtocol::ChatMessage> messages;
    if (!m_db.isOpen() || count <= 0)
        return messages;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT sender, name, text, time FROM (SELECT * FROM chat ORDER BY id DESC LIMIT ?) "
                             "ORDER BY id"));
    q.addBindValue(count);
    if (!q.exec())
        return messages;
    while (q.next())
        messages.append(
            {q.value(0).toULongLong(), q.value(1).toString(), q.value(2).toString(), q.value(3).toLongLong()});
    return messages;
}

qint64 HistoryWriter::count(const QString &table)
{
    QSqlQuery q(m_db);
    const QString statement = table == u"log" ? QStringLiteral("SELECT coalesce(sum(events - skip), 0) FROM log_block")
                                              : QStringLiteral("SELECT count(*) FROM ") + table;
    if (!m_db.isOpen() || !q.exec(statement) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

void HistoryWriter::exportLog(const QString &file)
{
    flush();
    QSaveFile out(file);
    qint64 rows = 0;
    QString error;
    if (!m_db.isOpen()) {
        error = HistoryStore::tr("The history database is not open.");
    } else if (!out.open(QIODevice::WriteOnly)) {
        error = HistoryStore::tr("Cannot write %1: %2").arg(file, out.errorString());
    } else {
        QSqlQuery q(m_db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT skip, data FROM log_block ORDER BY id"))) {
            error = failure(HistoryStore::tr("Cannot read the message log"), q.lastError());
        } else {
            while (q.next()) {
                const QList<ServerEvent> events = LogBlock::decode(q.value(1).toByteArray(), q.value(0).toLongLong());
                for (const ServerEvent &e : events)
                    out.write(EventFormatter::toJson(e) + '\n');
                rows += events.size();
            }
            if (!out.commit())
                error = HistoryStore::tr("Cannot write %1: %2").arg(file, out.errorString());
        }
    }
    Q_EMIT m_store->exported(file, error.isEmpty() ? rows : 0, error);
}

void HistoryWriter::clear()
{
    m_block.take();
    m_pendingBlocks.clear();
    m_pendingLogRows = 0;
    m_droppedRows = 0;
    m_pendingChat.clear();
    m_timer->stop();
    if (m_db.isOpen()) {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("DELETE FROM log_block"));
        m_liveRows = 0;
        q.exec(QStringLiteral("DELETE FROM chat"));
        q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    Q_EMIT m_store->cleared();
}

QString HistoryStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/duplex.sqlite");
}

template<typename F> auto HistoryStore::call(F &&function)
{
    using Result = decltype(function());
    if constexpr (std::is_void_v<Result>) {
        QMetaObject::invokeMethod(m_writer, std::forward<F>(function), Qt::BlockingQueuedConnection);
    } else {
        Result result {};
        QMetaObject::invokeMethod(m_writer, std::forward<F>(function), Qt::BlockingQueuedConnection, &result);
        return result;
    }
}

HistoryStore::HistoryStore(QObject *parent) : QObject(parent)
{
    m_writer = new HistoryWriter(this, QStringLiteral("duplex-history-%1").arg(quintptr(this), 0, 16));
    m_writer->moveToThread(&m_thread);
    m_thread.setObjectName(QStringLiteral("duplex-history"));
    m_thread.start();
    // The writer runs at a lower priority (nice 5: a quarter of the network threads' share when they compete for a
    // core), so that its work delays the answers less.
    call([] { ::setpriority(PRIO_PROCESS, pid_t(::syscall(SYS_gettid)), WriterNice); });
}

HistoryStore::~HistoryStore()
{
    call([writer = m_writer] {
        writer->close();
        delete writer;
    });
    m_thread.quit();
    m_thread.wait();
}

bool HistoryStore::open(const QString &path)
{
    m_path = path;
    m_error = call([writer = m_writer, path] {
        QString error = writer->open(path);
        if (!error.isEmpty())
            writer->close();
        return error;
    });
    m_open = m_error.isEmpty();
    return m_open;
}

void HistoryStore::setRetention(int days, qint64 maxRows)
{
    QMetaObject::invokeMethod(
        m_writer, [writer = m_writer, days, maxRows] { writer->setRetention(days, maxRows); }, Qt::QueuedConnection);
}

void HistoryStore::append(const QList<ServerEvent> &events)
{
    if (!m_open || events.isEmpty())
        return;
    qsizetype bytes = 0;
    for (const ServerEvent &e : events)
        bytes += e.payload.size();
    if (m_queuedBytes.load() + bytes > MaxQueuedPayloadBytes) {
        m_refusedEvents += events.size(); // the writer is behind: said in the log once it catches up
        return;
    }
    m_queuedBytes += bytes;
    ++m_queuedBatches;
    QMetaObject::invokeMethod(
        m_writer, [writer = m_writer, events, bytes] { writer->enqueue(events, bytes); }, Qt::QueuedConnection);
}

void HistoryStore::appendChat(const ChatProtocol::ChatMessage &message)
{
    if (m_open)
        QMetaObject::invokeMethod(
            m_writer, [writer = m_writer, message] { writer->enqueueChat(message); }, Qt::QueuedConnection);
}

bool HistoryStore::flush()
{
    return call([writer = m_writer] { return writer->flush(); });
}

QList<ServerEvent> HistoryStore::recentLog(int rows)
{
    return call([writer = m_writer, rows] { return writer->recentLog(rows); });
}

QList<ChatProtocol::ChatMessage> HistoryStore::recentChat(int count)
{
    return call([writer = m_writer, count] { return writer->recentChat(count); });
}

qint64 HistoryStore::logRowCount()
{
    return call([writer = m_writer] { return writer->count(QStringLiteral("log")); });
}

qint64 HistoryStore::chatRowCount()
{
    return call([writer = m_writer] { return writer->count(QStringLiteral("chat")); });
}

void HistoryStore::requestRecentLog(int rows)
{
    QMetaObject::invokeMethod(
        m_writer, [this, rows] { Q_EMIT recentLogReady(m_writer->recentLog(rows)); }, Qt::QueuedConnection);
}

void HistoryStore::exportLog(const QString &file)
{
    QMetaObject::invokeMethod(
        m_writer, [writer = m_writer, file] { writer->exportLog(file); }, Qt::QueuedConnection);
}

void HistoryStore::clear()
{
    QMetaObject::invokeMethod(
        m_writer, [writer = m_writer] { writer->clear(); }, Qt::QueuedConnection);
}

} // namespace Duplex

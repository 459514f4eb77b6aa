#include "historystore.h"

#include "eventformatter.h"

#include <QDataStream>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimer>

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
// The message log is kept as blocks of events, one row per block: a busy server logs tens of thousands of frames a
// second, and one INSERT per frame cost more CPU than serving them. `skip` counts the events at the start of a
// block that retention has already dropped.
constexpr qsizetype EventsPerBlock = 2048;
constexpr QDataStream::Version BlockFormat = QDataStream::Qt_6_4;
constexpr quint32 BlockMarker = 0xffffffffu; // never an event count: a block of format 2 or later follows

QByteArray encodeBlock(const QList<const ServerEvent *> &events)
{
    QByteArray data;
    data.reserve(events.size() * 64);
    QDataStream out(&data, QIODevice::WriteOnly);
    out.setVersion(BlockFormat);
    // Format 2: a marker, the format, then per event its run (format 1, without runs, began with the count).
    out << BlockMarker << quint32(2) << quint32(events.size());
    for (const ServerEvent *e : events) {
        out << qint64(e->run) << qint64(e->timestampMs) << qint8(e->type) << quint64(e->connectionId)
            << qint8(e->opcode) << bool(e->fin) << qint64(e->size)
            << QByteArray::fromRawData(e->payload.constData(), std::min(e->payload.size(), MaxStoredPayload))
            << qint32(e->closeCode) << e->text << e->path;
    }
    return data;
}

QList<ServerEvent> decodeBlock(const QByteArray &data, qsizetype skip = 0)
{
    QDataStream in(data);
    in.setVersion(BlockFormat);
    quint32 count = 0;
    in >> count;
    const bool withRuns = count == BlockMarker;
    if (withRuns) {
        quint32 format = 0;
        in >> format >> count;
        if (format != 2)
            return {}; // written by a newer Duplex
    }
    QList<ServerEvent> events;
    events.reserve(qsizetype(count) - std::min<qsizetype>(skip, count));
    for (quint32 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        ServerEvent e;
        qint64 time = 0, size = 0;
        qint8 type = 0, opcode = 0;
        quint64 connection = 0;
        qint32 closeCode = 0;
        qint64 run = 0; // format 1: an earlier run, unknown which
        if (withRuns)
            in >> run;
        in >> time >> type >> connection >> opcode >> e.fin >> size >> e.payload >> closeCode >> e.text >> e.path;
        if (qsizetype(i) < skip)
            continue;
        e.run = run;
        e.timestampMs = time;
        e.type = ServerEvent::Type(type);
        e.connectionId = connection;
        e.opcode = ServerEvent::Opcode(opcode);
        e.size = size;
        e.closeCode = closeCode;
        events.append(std::move(e));
    }
    return events;
}

} // namespace

// Lives on the store's thread and owns its database connection; HistoryStore only posts to it.
class HistoryWriter final : public QObject
{
public:
    HistoryWriter(HistoryStore *store, const QString &connectionName)
        : m_store(store), m_connectionName(connectionName), m_timer(new QTimer(this))
    {
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, [this] { flush(); });
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
        if (m_pendingLogRows >= MaxPendingRows) {
            m_droppedRows += events.size(); // the disk cannot keep up: bounded memory before completeness
            m_store->m_queuedBytes -= bytes;
            return;
        }
        m_pendingLog.append(events);
        m_pendingLogRows += events.size();
        m_pendingLogBytes += bytes;
        schedule();
    }
    void enqueueChat(const ChatProtocol::ChatMessage &message)
    {
        m_pendingChat.append(message);
        schedule();
    }
    bool flush();
    QList<ServerEvent> recentLog(int rows);
    QList<ChatProtocol::ChatMessage> recentChat(int count);
    qint64 count(const QString &table);
    void exportLog(const QString &file);
    void clear();

private:
    void schedule();
    void enforceRetention();
    QString failure(const QString &what, const QSqlError &error) const;

    HistoryStore *m_store;
    QString m_connectionName;
    QSqlDatabase m_db;
    QTimer *m_timer;
    QElapsedTimer m_sinceFlush;
    QList<QList<ServerEvent>> m_pendingLog; // the batches as they came: appending them copies nothing
    qsizetype m_pendingLogRows = 0;
    qsizetype m_pendingLogBytes = 0;
    qsizetype m_droppedRows = 0;
    QList<ChatProtocol::ChatMessage> m_pendingChat;
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

// At most one transaction a second: the first rows after a quiet second go at once, the rest wait their turn.
void HistoryWriter::schedule()
{
    if (m_timer->isActive())
        return;
    m_timer->start(int(std::max<qint64>(0, HistoryStore::FlushIntervalMs - m_sinceFlush.elapsed())));
}

bool HistoryWriter::flush()
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
        m_pendingLog.append({dropped});
        ++m_pendingLogRows;
        m_droppedRows = 0;
    }
    const auto log = std::exchange(m_pendingLog, {});
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
        QList<const ServerEvent *> block;
        block.reserve(EventsPerBlock);
        const auto writeBlock = [&] {
            if (block.isEmpty() || !error.isEmpty())
                return;
            qint64 first = block.first()->timestampMs, last = first;
            for (const ServerEvent *e : std::as_const(block)) {
                first = std::min(first, e->timestampMs);
                last = std::max(last, e->timestampMs);
            }
            insert.bindValue(0, first);
            insert.bindValue(1, last);
            insert.bindValue(2, qint64(block.size()));
            insert.bindValue(3, encodeBlock(block));
            if (!insert.exec())
                error = failure(HistoryStore::tr("Cannot write the message log"), insert.lastError());
            block.clear();
        };
        for (const QList<ServerEvent> &batch : log) {
            for (const ServerEvent &e : batch) {
                block.append(&e);
                if (block.size() == EventsPerBlock)
                    writeBlock();
            }
        }
        writeBlock();
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
    enforceRetention();
    Q_EMIT m_store->flushed(logRows, int(chat.size()), elapsed.nsecsElapsed() / 1000);
    return true;
}

// Cheap when there is nothing to drop: whole blocks go by their row ids; the oldest kept block only gets a new skip.
void HistoryWriter::enforceRetention()
{
    QSqlQuery q(m_db);
    const auto run = [&q](const QString &statement, std::initializer_list<QVariant> values) {
        q.prepare(statement);
        for (const QVariant &value : values)
            q.addBindValue(value);
        q.exec();
    };
    if (m_maxRows > 0) {
        // Walk the blocks from the newest until maxRows events are kept; older blocks go, the oldest kept may skip.
        q.setForwardOnly(true);
        if (q.exec(QStringLiteral("SELECT id, events - skip, skip FROM log_block ORDER BY id DESC"))) {
            qint64 kept = 0;
            qint64 trimId = -1, trimSkip = 0, dropBelow = -1;
            while (q.next()) {
                const qint64 id = q.value(0).toLongLong();
                const qint64 live = q.value(1).toLongLong();
                if (kept >= m_maxRows) {
                    dropBelow = id + 1;
                    break;
                }
                if (kept + live > m_maxRows) {
                    trimId = id;
                    trimSkip = q.value(2).toLongLong() + (kept + live - m_maxRows);
                }
                kept += live;
            }
            q.finish();
            if (dropBelow > 0)
                run(QStringLiteral("DELETE FROM log_block WHERE id < ?"), {dropBelow});
            if (trimId >= 0)
                run(QStringLiteral("UPDATE log_block SET skip = ? WHERE id = ?"), {trimSkip, trimId});
        }
        run(QStringLiteral("DELETE FROM chat WHERE id <= (SELECT max(id) FROM chat) - ?"), {m_maxRows});
    }
    if (m_retentionDays > 0) {
        const qint64 cutoff = ServerEvent::now() - qint64(m_retentionDays) * 24 * 3600 * 1000;
        run(QStringLiteral("DELETE FROM log_block WHERE last_time < ?"), {cutoff});
        // A block that holds both old and new events: skip the old ones at its start.
        q.prepare(QStringLiteral("SELECT id, skip, data FROM log_block WHERE first_time < ? ORDER BY id"));
        q.addBindValue(cutoff);
        QList<std::pair<qint64, qint64>> skips;
        if (q.exec()) {
            while (q.next()) {
                const QList<ServerEvent> events = decodeBlock(q.value(2).toByteArray());
                qint64 skip = q.value(1).toLongLong();
                while (skip < events.size() && events.at(skip).timestampMs < cutoff)
                    ++skip;
                if (skip != q.value(1).toLongLong())
                    skips.append({q.value(0).toLongLong(), skip});
            }
        }
        q.finish();
        for (const auto &[id, skip] : std::as_const(skips))
            run(QStringLiteral("UPDATE log_block SET skip = ? WHERE id = ?"), {skip, id});
        run(QStringLiteral("DELETE FROM chat WHERE time < ?"), {cutoff});
    }
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
        blocks.prepend(decodeBlock(q.value(1).toByteArray(), q.value(0).toLongLong()));
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
                const QList<ServerEvent> events = decodeBlock(q.value(1).toByteArray(), q.value(0).toLongLong());
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
    m_pendingLog.clear();
    m_pendingLogRows = 0;
    m_droppedRows = 0;
    m_pendingChat.clear();
    m_timer->stop();
    if (m_db.isOpen()) {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("DELETE FROM log_block"));
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
    // The writer encodes and stores a second's events in one go: at a lower priority (nice 5: a quarter of the
    // network threads' share when they compete for a core) its bursts delay the answers less.
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

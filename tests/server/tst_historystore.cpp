// HistoryStore: batches, WAL, retention by rows and by age, reopening; and the Server facade on top of it.
#include "historystore.h"
#include "logblock.h"
#include "server.h"
#include "testclient.h"

#include <QDataStream>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

#include <memory>

using namespace Duplex;

namespace {

ServerEvent frame(int n, qint64 timeMs = ServerEvent::now())
{
    ServerEvent e;
    e.type = ServerEvent::Type::FrameIn;
    e.timestampMs = timeMs;
    e.connectionId = quint64(n % 7 + 1);
    e.opcode = ServerEvent::Opcode::Text;
    e.payload = "message " + QByteArray::number(n);
    e.size = e.payload.size();
    return e;
}

QList<ServerEvent> frames(int from, int count, qint64 timeMs = ServerEvent::now())
{
    QList<ServerEvent> list;
    for (int i = from; i < from + count; ++i)
        list.append(frame(i, timeMs));
    return list;
}

// A second, independent connection, as another process would see the file.
QString pragma(const QString &path, const QString &name)
{
    const QString connection = QStringLiteral("tst-pragma");
    QString value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("PRAGMA ") + name) && q.next())
                value = q.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return value;
}

// The store emits on its own thread: receive its signals queued onto the test's thread (QSignalSpy would not).
struct Recorder final : QObject
{
    explicit Recorder(HistoryStore &store)
    {
        connect(&store, &HistoryStore::flushed, this, [this](int rows, int, qint64) {
            flushTimes.append(clock.elapsed());
            flushedRows += rows;
        });
        connect(&store, &HistoryStore::cleared, this, [this] { ++cleared; });
        connect(&store, &HistoryStore::exported, this, [this](const QString &file, qint64 rows, const QString &error) {
            exports.append({file, rows, error});
        });
        clock.start();
    }
    struct Export
    {
        QString file;
        qint64 rows;
        QString error;
    };
    QElapsedTimer clock;
    QList<qint64> flushTimes;
    int flushedRows = 0;
    int cleared = 0;
    QList<Export> exports;
};

} // namespace

class TestHistoryStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void defaultPath_isInTheAppDataFolder();
    void open_turnsOnWal();
    void open_unusableFile_reportsError_data();
    void open_unusableFile_reportsError();
    void batch_roundTripsEveryField();
    void largePayload_keepsItsFirstKiBAndWholeSize();
    void batches_areWrittenAtMostOncePerFlushInterval();
    void largeBatch_isOneTransaction();
    void retention_byRows_keepsTheNewest();
    void retention_byRows_acrossBlocksAndAfterReopening();
    void retention_byAge_dropsOldRows();
    void logBlock_writesWhatQDataStreamWrote();
    void logBlock_keepsWhatDoesNotCompressAsItIs();
    void logBlock_damagedCompressedBlock_readsAsNothing();
    void logBlock_countLargerThanTheBlock_readsWhatIsThere();
    void reopen_keepsWhatWasPendingAtDestruction();
    void clear_removesEverything();
    void exportLog_writesJsonLines();
    void server_restart_givesNewClientsTheStoredChatHistory();
    void server_loadRecentLog_returnsThePreviousRunsEvents();
    void server_noHistory_writesNothing();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("h.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestHistoryStore::defaultPath_isInTheAppDataFolder()
{
    const QString path = HistoryStore::defaultPath();
    QVERIFY(path.startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
    QVERIFY(path.endsWith(QLatin1String("/duplex.sqlite")));
    QVERIFY(QFileInfo(path).absolutePath() != QDir::currentPath());
}

void TestHistoryStore::open_turnsOnWal()
{
    const QString path = m_dir->filePath(QStringLiteral("sub/folder/wal.sqlite"));
    HistoryStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QVERIFY(store.isOpen());
    QCOMPARE(pragma(path, QStringLiteral("journal_mode")), QStringLiteral("wal"));
    QCOMPARE(pragma(path, QStringLiteral("page_size")), QStringLiteral("65536")); // a new file: few large writes
}

void TestHistoryStore::largePayload_keepsItsFirstKiBAndWholeSize()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    ServerEvent big;
    big.type = ServerEvent::Type::FrameIn;
    big.timestampMs = ServerEvent::now();
    big.connectionId = 7;
    big.opcode = ServerEvent::Opcode::Text;
    for (int i = 0; big.payload.size() < 100'000; ++i)
        big.payload += QByteArray::number(i) + ' ';
    big.size = big.payload.size();
    ServerEvent small = big;
    small.payload = QByteArray(HistoryStore::StoredPayloadBytes, 'x'); // exactly the bound: whole
    small.size = small.payload.size();
    store.append({big, small});
    QVERIFY(store.flush());
    const QList<ServerEvent> back = store.recentLog(10);
    QCOMPARE(back.size(), 2);
    QCOMPARE(back.at(0).size, big.size);
    QCOMPARE(back.at(0).payload, big.payload.first(HistoryStore::StoredPayloadBytes));
    QCOMPARE(back.at(1).payload, small.payload);
}

void TestHistoryStore::open_unusableFile_reportsError_data()
{
    QTest::addColumn<QByteArray>("kind");
    QTest::newRow("not a database") << QByteArray("garbage");
    QTest::newRow("folder is a file") << QByteArray("file-as-folder");
}

void TestHistoryStore::open_unusableFile_reportsError()
{
    QFETCH(QByteArray, kind);
    QString path;
    if (kind == "garbage") {
        path = m_dir->filePath(QStringLiteral("garbage.sqlite"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x'));
    } else {
        QFile blocker(m_dir->filePath(QStringLiteral("blocker")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        path = m_dir->filePath(QStringLiteral("blocker/h.sqlite"));
    }
    HistoryStore store;
    QVERIFY(!store.open(path));
    QVERIFY(!store.isOpen());
    QVERIFY(!store.errorString().isEmpty());
    store.append(frames(0, 3)); // ignored, no crash
    QCOMPARE(store.recentLog(10).size(), 0);
}

void TestHistoryStore::batch_roundTripsEveryField()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    ServerEvent opened;
    opened.type = ServerEvent::Type::Opened;
    opened.timestampMs = ServerEvent::now() - 5000; // within the 30 days kept by default
    opened.connectionId = 42;
    opened.text = QStringLiteral("127.0.0.1:5555");
    opened.path = QStringLiteral("/chat?name=爱丽丝");
    ServerEvent binary;
    binary.type = ServerEvent::Type::FrameOut;
    binary.timestampMs = opened.timestampMs + 1;
    binary.connectionId = 42;
    binary.opcode = ServerEvent::Opcode::Binary;
    binary.fin = false;
    binary.payload = QByteArray("\0\1\2\xff", 4);
    binary.size = binary.payload.size();
    ServerEvent closed;
    closed.type = ServerEvent::Type::Closed;
    closed.timestampMs = opened.timestampMs + 2;
    closed.connectionId = 42;
    closed.opcode = ServerEvent::Opcode::Close;
    closed.closeCode = 4001;
    closed.text = QStringLiteral("bye");
    for (ServerEvent *e : {&opened, &binary, &closed})
        e->run = opened.timestampMs - 60'000; // the run's identity comes back with each row
    store.append({opened, binary, closed});
    QVERIFY(store.flush());

    const QList<ServerEvent> back = store.recentLog(10);
    QCOMPARE(back.size(), 3);
    const QList<ServerEvent> sent {opened, binary, closed};
    for (int i = 0; i < 3; ++i) {
        const ServerEvent &want = sent.at(i);
        const ServerEvent &got = back.at(i);
        QCOMPARE(got.type, want.type);
        QCOMPARE(got.timestampMs, want.timestampMs);
        QCOMPARE(got.connectionId, want.connectionId);
        QCOMPARE(got.opcode, want.opcode);
        QCOMPARE(got.fin, want.fin);
        QCOMPARE(got.size, want.size);
        QCOMPARE(got.payload, want.payload);
        QCOMPARE(got.closeCode, want.closeCode);
        QCOMPARE(got.text, want.text);
        QCOMPARE(got.path, want.path);
        QCOMPARE(got.run, want.run);
    }
}

void TestHistoryStore::batches_areWrittenAtMostOncePerFlushInterval()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    Recorder recorder(store);
    // 20 batches over 1.5 s: at most one transaction per interval, plus the first and the one that follows them.
    for (int i = 0; i < 20; ++i) {
        store.append(frames(i * 100, 100));
        store.appendChat({quint64(i + 1), QStringLiteral("n"), QString::number(i), ServerEvent::now()});
        QTest::qWait(75);
    }
    QTRY_COMPARE_WITH_TIMEOUT(recorder.flushedRows, 2000, 5000);
    QCOMPARE(store.logRowCount(), 2000);
    QCOMPARE(store.chatRowCount(), 20);
    // Bounded by the time the batches took to arrive (a loaded machine stretches the waits), not by the 1.5 s planned.
    const qint64 span = recorder.flushTimes.last() - recorder.flushTimes.first();
    QVERIFY2(recorder.flushTimes.size() <= span / HistoryStore::FlushIntervalMs + 2,
        qPrintable(QStringLiteral("%1 writes in %2 ms").arg(recorder.flushTimes.size()).arg(span)));
    for (qsizetype i = 1; i < recorder.flushTimes.size(); ++i) {
        const qint64 apart = recorder.flushTimes.at(i) - recorder.flushTimes.at(i - 1);
        QVERIFY2(apart >= HistoryStore::FlushIntervalMs - 100, qPrintable(QStringLiteral("%1 ms apart").arg(apart)));
    }
}

void TestHistoryStore::largeBatch_isOneTransaction()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    store.setRetention(30, 50'000);
    constexpr int Rows = 50'000;
    // 1000-event batches, as ServerCore hands them over, built before any is handed over: while they are, the writer
    // is free to write what it has once its flush interval is over (a slow machine took longer than one to build them).
    QList<QList<ServerEvent>> batches;
    for (int i = 0; i < Rows / 1000; ++i)
        batches.append(frames(i * 1000, 1000));
    // A write just now: the writer's next timed write is a whole interval away, the explicit flush below comes first.
    store.append(frames(-1, 1));
    QVERIFY(store.flush());
    Recorder recorder(store);
    for (const QList<ServerEvent> &batch : std::as_const(batches))
        store.append(batch);
    qint64 elapsedUs = 0;
    connect(&store, &HistoryStore::flushed, this, [&](int, int, qint64 us) { elapsedUs = us; });
    QVERIFY(store.flush());
    QTRY_COMPARE(recorder.flushedRows, Rows);
    QCOMPARE(recorder.flushTimes.size(), 1);
    QCOMPARE(store.logRowCount(), Rows);
    qInfo("%d rows in one transaction: %lld ms (%lld rows/s)", Rows, elapsedUs / 1000,
        elapsedUs > 0 ? qlonglong(Rows) * 1'000'000 / elapsedUs : 0);
    // The next batch pushes as many rows out again (retention by rows): measure that too.
    store.append(frames(Rows, Rows));
    QVERIFY(store.flush());
    QTRY_COMPARE(recorder.flushedRows, 2 * Rows);
    QCOMPARE(store.logRowCount(), Rows);
    qInfo("%d more rows with %d dropped by retention: %lld ms", Rows, Rows, elapsedUs / 1000);
}

void TestHistoryStore::retention_byRows_keepsTheNewest()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    store.setRetention(0, 100);
    store.append(frames(0, 150));
    QVERIFY(store.flush());
    store.append(frames(150, 100));
    for (int i = 0; i < 130; ++i)
        store.appendChat({1, QStringLiteral("a"), QString::number(i), ServerEvent::now()});
    QVERIFY(store.flush());
    QCOMPARE(store.logRowCount(), 100);
    QCOMPARE(store.chatRowCount(), 100);
    const QList<ServerEvent> kept = store.recentLog(1000);
    QCOMPARE(kept.size(), 100);
    QCOMPARE(kept.first().payload, QByteArray("message 150"));
    QCOMPARE(kept.last().payload, QByteArray("message 249"));
    QCOMPARE(store.recentChat(1).first().text, QStringLiteral("129"));
}

void TestHistoryStore::retention_byRows_acrossBlocksAndAfterReopening()
{
    // 5,000 events are three blocks (2,048 a block): the first goes whole, the second skips what is in excess.
    {
        HistoryStore store;
        QVERIFY(store.open(dbPath()));
        store.setRetention(0, 3000);
        store.append(frames(0, 5000));
        QVERIFY(store.flush());
        QCOMPARE(store.logRowCount(), 3000);
        const QList<ServerEvent> kept = store.recentLog(5000);
        QCOMPARE(kept.size(), 3000);
        QCOMPARE(kept.first().payload, QByteArray("message 2000"));
        QCOMPARE(kept.last().payload, QByteArray("message 4999"));
    }
    // Counted again when opened: the next write keeps the newest 3,000 still.
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    store.setRetention(0, 3000);
    store.append(frames(5000, 1000));
    QVERIFY(store.flush());
    QCOMPARE(store.logRowCount(), 3000);
    const QList<ServerEvent> kept = store.recentLog(5000);
    QCOMPARE(kept.size(), 3000);
    QCOMPARE(kept.first().payload, QByteArray("message 3000"));
    QCOMPARE(kept.last().payload, QByteArray("message 5999"));
}

void TestHistoryStore::logBlock_writesWhatQDataStreamWrote()
{
    // Blocks are written by hand now; every stored log was written with QDataStream, and both must read the same.
    QList<ServerEvent> events;
    events.append(frame(1));
    ServerEvent opened;
    opened.type = ServerEvent::Type::Opened;
    opened.timestampMs = 1'700'000'000'123;
    opened.connectionId = 42;
    opened.text = QStringLiteral("127.0.0.1:5000 · 你好 😀");
    opened.path = QStringLiteral("/chat?name=小明");
    opened.run = 1'700'000'000'000;
    events.append(opened);
    ServerEvent closed;
    closed.type = ServerEvent::Type::Closed;
    closed.closeCode = 4001;
    closed.text = QStringLiteral(""); // empty, not null
    closed.fin = false;
    events.append(closed);
    ServerEvent large = frame(3);
    large.payload = QByteArray(3000, 'x');
    large.size = 3000;
    events.append(large);
    events.append(ServerEvent()); // null payload, text and path

    QByteArray expected;
    {
        QDataStream out(&expected, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_4);
        out << quint32(0xffffffffu) << quint32(2) << quint32(events.size());
        for (const ServerEvent &e : std::as_const(events)) {
            out << qint64(e.run) << qint64(e.timestampMs) << qint8(e.type) << quint64(e.connectionId) << qint8(e.opcode)
                << bool(e.fin) << qint64(e.size)
                << QByteArray::fromRawData(e.payload.constData(), std::min<qsizetype>(e.payload.size(), 1024))
                << qint32(e.closeCode) << e.text << e.path;
        }
    }
    LogBlock block(1024);
    for (const ServerEvent &e : std::as_const(events))
        block.append(e);
    QCOMPARE(block.count(), events.size());
    const LogBlock::Sealed sealed = block.take();
    QCOMPARE(sealed.count, events.size());
    QCOMPARE(sealed.firstTime, 0); // the null event's
    QCOMPARE(sealed.lastTime, std::max(opened.timestampMs, large.timestampMs));
    const QByteArray written = sealed.data;
    // The 3,000 x's compress: format 3, the same events inflated.
    QCOMPARE(written.first(12).toHex(), expected.first(12).replace(7, 1, "\x03").toHex());
    QCOMPARE(qUncompress(written.sliced(12)).toHex(), expected.sliced(12).toHex());
    QVERIFY(written.size() < expected.size() / 2);
    QCOMPARE(block.count(), 0);

    const QList<ServerEvent> read = LogBlock::decode(written, 1);
    QCOMPARE(read.size(), events.size() - 1);
    QCOMPARE(read.at(0).text, opened.text);
    QCOMPARE(read.at(0).path, opened.path);
    QCOMPARE(read.at(0).run, opened.run);
    QCOMPARE(read.at(1).closeCode, 4001);
    QVERIFY(!read.at(1).fin);
    QCOMPARE(read.at(2).payload, QByteArray(1024, 'x'));
    QCOMPARE(read.at(2).size, 3000);
}

void TestHistoryStore::logBlock_keepsWhatDoesNotCompressAsItIs()
{
    QRandomGenerator random(17);
    const auto randomFrames = [&random] {
        QList<ServerEvent> events;
        for (int i = 0; i < 40; ++i) {
            ServerEvent e = frame(i, 1'700'000'000'000 + i);
            e.payload.resize(1000);
            random.fillRange(reinterpret_cast<quint32 *>(e.payload.data()), 250);
            e.size = 1000;
            events.append(e);
        }
        return events;
    };
    const auto format = [](const QByteArray &data) { return qFromBigEndian<quint32>(data.constData() + 4); };
    LogBlock block(1024);
    const QList<ServerEvent> events = randomFrames();
    for (const ServerEvent &e : events)
        block.append(e);
    const QByteArray written = block.take().data;
    QCOMPARE(format(written), 2u);
    QVERIFY(written.size() > 40 * 1000);
    const QList<ServerEvent> read = LogBlock::decode(written);
    QCOMPARE(read.size(), events.size());
    for (qsizetype i = 0; i < read.size(); ++i)
        QCOMPARE(read.at(i).payload, events.at(i).payload);

    // The next 15 blocks are not tried (they cost CPU for nothing, as long as the payloads stay random); the 16th is.
    for (int n = 0; n < 15; ++n) {
        block.append(frame(n));
        QCOMPARE(format(block.take().data), 2u);
    }
    for (int n = 0; n < 100; ++n)
        block.append(frame(n));
    const QByteArray compressed = block.take().data;
    QCOMPARE(format(compressed), 3u);
    QCOMPARE(LogBlock::decode(compressed, 10).size(), 90);
}

void TestHistoryStore::logBlock_damagedCompressedBlock_readsAsNothing()
{
    LogBlock block(1024);
    for (int n = 0; n < 100; ++n)
        block.append(frame(n));
    const QByteArray good = block.take().data;
    QCOMPARE(qFromBigEndian<quint32>(good.constData() + 4), 3u);
    QCOMPARE(LogBlock::decode(good).size(), 100);

    QByteArray damaged = good;
    for (qsizetype i = 20; i < damaged.size(); i += 7)
        damaged[i] = char(~damaged.at(i));
    QVERIFY(LogBlock::decode(damaged).isEmpty());
    QVERIFY(LogBlock::decode(good.first(good.size() / 2)).isEmpty()); // cut short

    QByteArray huge = good; // claims to inflate to 1 GiB: not even tried
    qToBigEndian(quint32(1024 * 1024 * 1024), huge.data() + 12);
    QVERIFY(LogBlock::decode(huge).isEmpty());
    QVERIFY(LogBlock::decode(good.first(14)).isEmpty());

    // Inflates to more than it says (32 MiB of zeros in 32 KiB, claiming 1 KiB): zlib stops at the 1 KiB.
    QByteArray bomb = good.first(12) + qCompress(QByteArray(32 * 1024 * 1024, '\0'), 9);
    QVERIFY(bomb.size() < 64 * 1024);
    qToBigEndian(quint32(1024), bomb.data() + 12);
    QVERIFY(LogBlock::decode(bomb).isEmpty());
}

void TestHistoryStore::logBlock_countLargerThanTheBlock_readsWhatIsThere()
{
    LogBlock block(1024);
    QList<ServerEvent> events;
    for (int n = 0; n < 4; ++n) {
        events.append(frame(n));
        events.last().payload.resize(500);
        QRandomGenerator(n).fillRange(reinterpret_cast<quint32 *>(events.last().payload.data()), 125);
        block.append(events.last());
    }
    QByteArray data = block.take().data;
    QCOMPARE(qFromBigEndian<quint32>(data.constData() + 4), 2u); // random payloads: not compressed
    qToBigEndian(quint32(0xfffffffeu), data.data() + 8); // the count: four billion events, no room is made for them
    const QList<ServerEvent> read = LogBlock::decode(data);
    QCOMPARE(read.size(), 4);
    QCOMPARE(read.at(2).payload, events.at(2).payload);
}

void TestHistoryStore::retention_byAge_dropsOldRows()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    store.setRetention(30, 0);
    const qint64 day = 24 * 3600 * 1000;
    store.append(frames(0, 10, ServerEvent::now() - 31 * day));
    store.append(frames(10, 5, ServerEvent::now() - 29 * day));
    store.appendChat({1, QStringLiteral("old"), QStringLiteral("old"), ServerEvent::now() - 40 * day});
    store.appendChat({1, QStringLiteral("new"), QStringLiteral("new"), ServerEvent::now()});
    QVERIFY(store.flush());
    QCOMPARE(store.logRowCount(), 5);
    QCOMPARE(store.recentLog(100).first().payload, QByteArray("message 10"));
    const QList<ChatProtocol::ChatMessage> chat = store.recentChat(10);
    QCOMPARE(chat.size(), 1);
    QCOMPARE(chat.first().text, QStringLiteral("new"));
}

void TestHistoryStore::reopen_keepsWhatWasPendingAtDestruction()
{
    const qint64 base = ServerEvent::now();
    {
        HistoryStore store;
        QVERIFY(store.open(dbPath()));
        store.append(frames(0, 30));
        for (int i = 0; i < 60; ++i)
            store.appendChat({quint64(i % 3 + 1), QStringLiteral("user"), QStringLiteral("chat %1").arg(i), base + i});
        // No flush: the destructor writes what is pending.
    }
    HistoryStore again;
    QVERIFY(again.open(dbPath()));
    QCOMPARE(again.logRowCount(), 30);
    const QList<ChatProtocol::ChatMessage> last = again.recentChat(50);
    QCOMPARE(last.size(), 50);
    QCOMPARE(last.first().text, QStringLiteral("chat 10"));
    QCOMPARE(last.last().text, QStringLiteral("chat 59"));
    QCOMPARE(last.last().timeMs, base + 59);
    QCOMPARE(last.last().from, quint64(59 % 3 + 1));
}

void TestHistoryStore::clear_removesEverything()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    store.append(frames(0, 20));
    store.appendChat({1, QStringLiteral("a"), QStringLiteral("b"), 1});
    QVERIFY(store.flush());
    store.append(frames(20, 5)); // pending: dropped as well
    Recorder recorder(store);
    store.clear();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.cleared, 1, 5000);
    QVERIFY(store.flush());
    QCOMPARE(store.logRowCount(), 0);
    QCOMPARE(store.chatRowCount(), 0);
}

void TestHistoryStore::exportLog_writesJsonLines()
{
    HistoryStore store;
    QVERIFY(store.open(dbPath()));
    store.append(frames(0, 25)); // not flushed yet: the export writes it first
    Recorder recorder(store);
    const QString file = m_dir->filePath(QStringLiteral("export.jsonl"));
    store.exportLog(file);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.exports.size(), 1, 5000);
    QCOMPARE(recorder.exports.first().file, file);
    QCOMPARE(recorder.exports.first().rows, 25);
    QCOMPARE(recorder.exports.first().error, QString());
    QFile in(file);
    QVERIFY(in.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = in.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 25);
    QJsonParseError error;
    const QJsonObject last = QJsonDocument::fromJson(lines.last(), &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY2(lines.last().contains("message 24"), lines.last().constData());
    QVERIFY(!last.isEmpty());

    store.exportLog(m_dir->filePath(QStringLiteral("no/such/folder/x.jsonl")));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.exports.size(), 2, 5000);
    QVERIFY(!recorder.exports.last().error.isEmpty());
}

void TestHistoryStore::server_restart_givesNewClientsTheStoredChatHistory()
{
    ServerConfig config;
    config.mode = Mode::Broadcast;
    config.historyEnabled = true;
    config.databasePath = dbPath();
    {
        Server server;
        QVERIFY(DuplexTest::startServer(server, config));
        DuplexTest::Client alice(
            DuplexTest::wsUrl(server, QStringLiteral("/?name=alice")), {QStringLiteral("duplex.v1")});
        QVERIFY(alice.waitConnected());
        for (int i = 0; i < 60; ++i)
            alice.socket.sendTextMessage(QStringLiteral(R"({"type":"message","text":"hello %1"})").arg(i));
        QTRY_COMPARE_WITH_TIMEOUT(alice.objectsOfType(QStringLiteral("message")).size(), 60, 10'000);
        QSignalSpy stopped(&server, &Server::stopped);
        server.stop();
        QVERIFY(stopped.wait(5000));
    }
    Server server;
    QVERIFY(DuplexTest::startServer(server, config));
    DuplexTest::Client bob(DuplexTest::wsUrl(server, QStringLiteral("/?name=bob")), {QStringLiteral("duplex.v1")});
    QTRY_COMPARE_WITH_TIMEOUT(bob.objectsOfType(QStringLiteral("history")).size(), 1, 5000);
    const QJsonArray messages
        = bob.objectsOfType(QStringLiteral("history")).first().value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 50);
    QCOMPARE(messages.first().toObject().value(QLatin1String("text")).toString(), QStringLiteral("hello 10"));
    QCOMPARE(messages.last().toObject().value(QLatin1String("text")).toString(), QStringLiteral("hello 59"));
    QCOMPARE(messages.last().toObject().value(QLatin1String("name")).toString(), QStringLiteral("alice"));
}

void TestHistoryStore::server_loadRecentLog_returnsThePreviousRunsEvents()
{
    ServerConfig config;
    config.historyEnabled = true;
    config.databasePath = dbPath();
    {
        Server server;
        QVERIFY(DuplexTest::startServer(server, config));
        DuplexTest::Client client(DuplexTest::wsUrl(server));
        QVERIFY(client.waitConnected());
        client.socket.sendTextMessage(QStringLiteral("persist me"));
        QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 1, 5000);
        QSignalSpy stopped(&server, &Server::stopped);
        server.stop();
        QVERIFY(stopped.wait(5000));
    }
    Server server;
    QSignalSpy loaded(&server, &Server::recentLogLoaded);
    QVERIFY(DuplexTest::startServer(server, config));
    server.loadRecentLog(1000);
    QVERIFY(loaded.wait(5000));
    const auto events = loaded.first().first().value<QList<ServerEvent>>();
    QList<ServerEvent::Type> types;
    bool sawMessage = false;
    for (const ServerEvent &e : events) {
        types.append(e.type);
        sawMessage = sawMessage || (e.type == ServerEvent::Type::FrameIn && e.payload == "persist me");
    }
    QVERIFY(sawMessage);
    QVERIFY(types.contains(ServerEvent::Type::Opened));
    QVERIFY(types.contains(ServerEvent::Type::FrameOut));
    QVERIFY(types.contains(ServerEvent::Type::Closed));

    QSignalSpy cleared(&server, &Server::historyCleared);
    server.clearHistory();
    QVERIFY(cleared.wait(5000));
    server.loadRecentLog(1000);
    QVERIFY(loaded.wait(5000));
    QCOMPARE(loaded.last().first().value<QList<ServerEvent>>().size(), 0);
}

void TestHistoryStore::server_noHistory_writesNothing()
{
    ServerConfig config;
    config.historyEnabled = false;
    config.databasePath = dbPath();
    Server server;
    QVERIFY(DuplexTest::startServer(server, config));
    DuplexTest::Client client(DuplexTest::wsUrl(server));
    QVERIFY(client.waitConnected());
    client.socket.sendTextMessage(QStringLiteral("forget me"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 1, 5000);
    QSignalSpy exported(&server, &Server::historyExported);
    server.exportHistory(m_dir->filePath(QStringLiteral("none.jsonl")));
    QVERIFY(exported.wait(5000));
    QVERIFY(!exported.first().at(2).toString().isEmpty());
    QVERIFY(!QFile::exists(dbPath()));
}

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"

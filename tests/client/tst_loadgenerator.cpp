#include "loadgenerator.h"
#include "server.h"
#include "testclient.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>

using namespace Duplex;

Q_DECLARE_METATYPE(Duplex::Mode)

class TestLoadGenerator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void tenConnections_everyMessageComesBackIntact_data();
    void tenConnections_everyMessageComesBackIntact();
    void textInEchoMode_isCountedAsMismatch();
    void progress_isReportedWhileRunning();
    void stop_endsEarlyWithTheFiguresSoFar();
    void refusedPort_finishesWithError();

private:
    static LoadResult run(LoadGenerator &generator, const LoadOptions &options, int timeoutMs);
};

LoadResult TestLoadGenerator::run(LoadGenerator &generator, const LoadOptions &options, int timeoutMs)
{
    QSignalSpy finished(&generator, &LoadGenerator::finished);
    generator.start(options);
    if (!finished.wait(timeoutMs) || finished.isEmpty())
        return {};
    return finished.first().first().value<LoadResult>();
}

void TestLoadGenerator::tenConnections_everyMessageComesBackIntact_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<bool>("binary");
    QTest::newRow("raw, text") << Mode::Raw << false;
    QTest::newRow("raw, binary") << Mode::Raw << true;
    QTest::newRow("echo, binary (returned unchanged)") << Mode::Echo << true;
}

void TestLoadGenerator::tenConnections_everyMessageComesBackIntact()
{
    QFETCH(Mode, mode);
    QFETCH(bool, binary);
    Server server;
    server.setEventsEnabled(false);
    ServerConfig config;
    config.mode = mode;
    QVERIFY(DuplexTest::startServer(server, config));

    LoadGenerator generator;
    LoadOptions options;
    options.url = DuplexTest::wsUrl(server);
    options.connections = 10;
    options.durationSeconds = 2;
    options.threads = 2;
    options.binary = binary;
    options.messageSize = 100;
    const LoadResult r = run(generator, options, 30000);

    QVERIFY2(r.ok, qPrintable(r.error));
    QCOMPARE(r.opened, 10);
    QCOMPARE(r.threads, 2);
    QVERIFY2(r.messages > 100, qPrintable(QString::number(r.messages)));
    QVERIFY(r.messagesPerSecond > 0);
    QVERIFY(r.seconds >= 1.9 && r.seconds < 3.0);
    QCOMPARE(r.errors, 0u);
    QCOMPARE(r.mismatches, 0u);
    QCOMPARE(r.lost, 0u);
    QCOMPARE(r.received, r.sent);
    QVERIFY(r.p50Ms > 0 && r.p50Ms <= r.p99Ms && r.p99Ms <= r.maxMs);
    QVERIFY(!generator.isRunning());
}

void TestLoadGenerator::textInEchoMode_isCountedAsMismatch()
{
    // Echo mode answers text with its reply sentence: the byte-for-byte check must notice.
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    LoadGenerator generator;
    LoadOptions options;
    options.url = DuplexTest::wsUrl(server);
    options.connections = 2;
    options.durationSeconds = 1;
    options.warmupMs = 100;
    const LoadResult r = run(generator, options, 30000);
    QVERIFY(r.ok);
    QVERIFY(r.mismatches > 0);
    QCOMPARE(r.mismatches, r.received);
    QCOMPARE(r.toJson().value(QLatin1String("mismatches")).toInteger(), qint64(r.mismatches));
}

void TestLoadGenerator::progress_isReportedWhileRunning()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    LoadGenerator generator;
    QSignalSpy progress(&generator, &LoadGenerator::progress);
    LoadOptions options;
    options.url = DuplexTest::wsUrl(server);
    options.connections = 4;
    options.durationSeconds = 2;
    options.warmupMs = 0;
    const LoadResult r = run(generator, options, 30000);
    QVERIFY(r.ok);
    QVERIFY(progress.size() >= 1);
    const auto last = progress.last().first().value<LoadProgress>();
    QVERIFY(last.messages > 0);
    QVERIFY(last.messages <= r.messages);
    QCOMPARE(last.open, 4);
}

void TestLoadGenerator::stop_endsEarlyWithTheFiguresSoFar()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    LoadGenerator generator;
    QSignalSpy finished(&generator, &LoadGenerator::finished);
    LoadOptions options;
    options.url = DuplexTest::wsUrl(server);
    options.connections = 4;
    options.durationSeconds = 60;
    options.warmupMs = 0;
    generator.start(options);
    QVERIFY(generator.isRunning());
    QTest::qWait(1000);
    generator.stop();
    QVERIFY(finished.wait(10000));
    const auto r = finished.first().first().value<LoadResult>();
    QVERIFY(r.ok);
    QVERIFY(r.seconds < 10);
    QVERIFY(r.messages > 0);
    QCOMPARE(r.lost, 0u);
}

void TestLoadGenerator::refusedPort_finishesWithError()
{
    QTcpServer placeholder; // a port that is surely free once closed
    QVERIFY(placeholder.listen(QHostAddress::LocalHost));
    const quint16 port = placeholder.serverPort();
    placeholder.close();
    LoadGenerator generator;
    LoadOptions options;
    options.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port));
    options.connections = 3;
    options.durationSeconds = 1;
    const LoadResult r = run(generator, options, 30000);
    QVERIFY(!r.ok);
    QVERIFY(!r.error.isEmpty());
    QCOMPARE(r.opened, 0);
    QCOMPARE(r.errors, 3u);
    QCOMPARE(r.messages, 0u);
}

QTEST_GUILESS_MAIN(TestLoadGenerator)
#include "tst_loadgenerator.moc"

// Faults and the admin API (README "Testing your client"), on real sockets: delays measured, drops at the seeded
// rate and repeatable, pings unanswered, input not read, a reset seen as a reset, handshakes refused with the chosen
// status, and the admin routes with and without the token.
#include "faultset.h"
#include "server.h"
#include "testclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Duplex;
using DuplexTest::Client;

class TestFaults final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void faultSet_parsesJsonAndSpecStrictly_data();
    void faultSet_parsesJsonAndSpecStrictly();
    void latency_delaysRepliesWithinBoundsInOrder();
    void drop_atTheSeededRateAndRepeatable();
    void rate_limitsTheBytesPerSecond();
    void pings_unansweredWhileTheFaultHolds();
    void readPaused_clientsSendsWaitUntilReadingResumes();
    void abort_isATcpReset();
    void handshake_refusedWithStatusAndRetryAfter();
    void handshake_delayed();
    void perConnection_faultsOnlyThatConnection();
    void adminApi_sendCloseBroadcastAndErrors();
    void adminApi_needsTheToken();
    void log_marksDelayedAndDroppedFrames();

private:
    static QJsonObject put(const Server &server, const QJsonObject &faults);
};

QJsonObject TestFaults::put(const Server &server, const QJsonObject &faults)
{
    const auto [status, body]
        = DuplexTest::httpRequest(server.port(), "PUT", "/api/faults", QJsonDocument(faults).toJson());
    return QJsonObject {
        {QStringLiteral("status"), status}, {QStringLiteral("body"), QJsonDocument::fromJson(body).object()}};
}

void TestFaults::faultSet_parsesJsonAndSpecStrictly_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("error"); // empty: valid
    QTest::newRow("every fault") << QStringLiteral(
        "latency=200,jitter=50,rate=10000,drop=10,seed=7,pings=off,read=off,status=503,percent=50,retry=5,"
        "handshake-delay=300") << QString();
    QTest::newRow("unknown") << QStringLiteral("lag=5") << QStringLiteral("unknown fault \"lag\"");
    QTest::newRow("drop over 100") << QStringLiteral("drop=120") << QStringLiteral("dropPercent");
    QTest::newRow("not a number") << QStringLiteral("latency=soon") << QStringLiteral("needs a number");
    QTest::newRow("status not an error") << QStringLiteral("status=200") << QStringLiteral("400 to 599");
    QTest::newRow("pings maybe") << QStringLiteral("pings=maybe") << QStringLiteral("on or off");
}

void TestFaults::faultSet_parsesJsonAndSpecStrictly()
{
    QFETCH(QString, spec);
    QFETCH(QString, error);
    QString why;
    const std::optional<FaultSet> set = FaultSet::fromSpec(spec, &why);
    QCOMPARE(set.has_value(), error.isEmpty());
    if (!set) {
        QVERIFY2(why.contains(error), qPrintable(why));
        return;
    }
    const QJsonObject json = set->toJson();
    QCOMPARE(json.value(u"latencyMs").toInt(), 200);
    QCOMPARE(json.value(u"answerPings").toBool(true), false);
    QCOMPARE(json.value(u"readPaused").toBool(), true);
    QCOMPARE(json.value(u"handshake").toObject().value(u"retryAfter").toInt(), 5);
    // JSON → set → JSON is stable, and {} is no fault at all.
    QCOMPARE(FaultSet::fromJson(json, &why)->toJson(), json);
    QVERIFY(FaultSet::fromJson({}, &why)->isEmpty());
    QVERIFY(!FaultSet::fromJson({{QStringLiteral("latency"), 5}}, &why));
    QVERIFY2(why.contains(u"unknown field \"latency\""), qPrintable(why));
}

void TestFaults::latency_delaysRepliesWithinBoundsInOrder()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    QCOMPARE(
        put(server, {{QStringLiteral("latencyMs"), 150}, {QStringLiteral("jitterMs"), 100}}).value(u"status").toInt(),
        200);
    Client client(DuplexTest::wsUrl(server));
    QVERIFY(client.waitConnected());
    QElapsedTimer clock;
    clock.start();
    client.socket.sendTextMessage(QStringLiteral("first"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 1, 5000);
    const qint64 rtt = clock.elapsed();
    QVERIFY2(rtt >= 150 && rtt < 150 + 100 + 1000, qPrintable(QString::number(rtt)));
    // Jitter never reorders: 30 messages come back in the order they were sent.
    for (int i = 0; i < 30; ++i)
        client.socket.sendTextMessage(QString::number(i));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 31, 10'000);
    for (int i = 0; i < 30; ++i)
        QCOMPARE(client.texts.at(i + 1), QString::number(i));
    // Cleared: at once again (well under the latency).
    QCOMPARE(put(server, {}).value(u"body").toObject().value(u"active").toBool(true), false);
    clock.restart();
    client.socket.sendTextMessage(QStringLiteral("fast"));
    QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 32, 5000);
    QVERIFY2(clock.elapsed() < 150, qPrintable(QString::number(clock.elapsed())));
}

void TestFaults::drop_atTheSeededRateAndRepeatable()
{
    // Two fresh servers with the same seed: the same messages of their first connection are dropped.
    QList<QStringList> runs;
    for (int run = 0; run < 2; ++run) {
        Server server;
        ServerConfig config;
        config.mode = Mode::Raw;
        config.historyEnabled = false;
        QVERIFY(DuplexTest::startServer(server, config));
        QCOMPARE(
            put(server, {{QStringLiteral("dropPercent"), 30}, {QStringLiteral("seed"), 7}}).value(u"status").toInt(),
            200);
        Client client(DuplexTest::wsUrl(server));
        QVERIFY(client.waitConnected());
        for (int i = 0; i < 1000; ++i)
            client.socket.sendTextMessage(QString::number(i));
        client.socket.sendTextMessage(QStringLiteral("done?"));
        // Nothing is sent after the last one is either received or dropped: wait for the stream to settle.
        QTest::qWait(300);
        int last = -1;
        QDeadlineTimer settle(5000);
        while (last != client.texts.size() && !settle.hasExpired()) {
            last = int(client.texts.size());
            QTest::qWait(200);
        }
        const qsizetype received = client.texts.size();
        QVERIFY2(received > 620 && received < 780, qPrintable(QString::number(received))); // 70 % of 1,001, ± 80
        runs.append(client.texts);
    }
    QCOMPARE(runs.at(0), runs.at(1));
}

void TestFaults::rate_limitsTheBytesPerSecond()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    QCOMPARE(put(server, {{QStringLiteral("bytesPerSecond"), 5000}}).value(u"status").toInt(), 200);
    Client client(DuplexTest::wsUrl(server));
    QVERIFY(client.waitConnected());
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 10; ++i)
        client.socket.sendBinaryMessage(QByteArray(1000, char(i)));
    QTRY_COMPARE_WITH_TIMEOUT(client.binaries.size(), 10, 10'000);
    // 10,000 bytes at 5,000 bytes/s: about 2 s (the first thousand leave after 0.2 s).
    QVERIFY2(clock.elapsed() >= 1800, qPrintable(QString::number(clock.elapsed())));
    for (int i = 0; i < 10; ++i)
        QCOMPARE(client.binaries.at(i), QByteArray(1000, char(i))); // in order, intact
}

void TestFaults::pings_unansweredWhileTheFaultHolds()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    Client client(DuplexTest::wsUrl(server));
    QVERIFY(client.waitConnected());
    QSignalSpy pongs(&client.socket, &QWebSocket::pong);
    QCOMPARE(put(server, {{QStringLiteral("answerPings"), false}}).value(u"status").toInt(), 200);
    client.socket.ping("unanswered");
    QVERIFY(!pongs.wait(700));
    put(server, {});
    client.socket.ping("answered");
    QVERIFY(pongs.wait(5000));
    QCOMPARE(pongs.last().at(1).toByteArray(), QByteArray("answered"));
}

void TestFaults::readPaused_clientsSendsWaitUntilReadingResumes()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    Client client(DuplexTest::wsUrl(server));
    QVERIFY(client.waitConnected());
    QCOMPARE(put(server, {{QStringLiteral("readPaused"), true}}).value(u"status").toInt(), 200);
    for (int i = 0; i < 5; ++i)
        client.socket.sendTextMessage(QStringLiteral("queued %1").arg(i));
    QTest::qWait(500);
    QCOMPARE(client.texts.size(), 0); // the server does not read: nothing comes back
    put(server, {});
    QTRY_COMPARE_WITH_TIMEOUT(client.texts.size(), 5, 5000); // nothing was lost
    QCOMPARE(client.texts.last(), QStringLiteral("queued 4"));
}

void TestFaults::abort_isATcpReset()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    // A raw socket, to tell a reset (ECONNRESET) from an orderly close (a read of 0).
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(server.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    const QByteArray upgrade = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    QCOMPARE(::write(fd, upgrade.constData(), size_t(upgrade.size())), ssize_t(upgrade.size()));
    QTRY_COMPARE(server.connections().size(), 1);
    const quint64 id = server.connections().first().id;
    const auto [status, body]
        = DuplexTest::httpRequest(server.port(), "POST", "/api/connections/" + QByteArray::number(id) + "/abort");
    QCOMPARE(status, 200);
    char buffer[4096];
    ssize_t n = 0;
    int error = 0;
    QDeadlineTimer deadline(5000);
    do { // the 101 answer first, then the reset
        timeval timeout {0, 100'000};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        n = ::read(fd, buffer, sizeof buffer);
        error = n < 0 ? errno : 0;
        QTest::qWait(1);
    } while ((n > 0 || error == EAGAIN) && !deadline.hasExpired());
    ::close(fd);
    QCOMPARE(error, ECONNRESET);
    QTRY_COMPARE(server.connections().size(), 0);
}

void TestFaults::handshake_refusedWithStatusAndRetryAfter()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    QCOMPARE(put(server,
                 {{QStringLiteral("handshake"),
                     QJsonObject {{QStringLiteral("status"), 503}, {QStringLiteral("retryAfter"), 5}}}})
                 .value(u"status")
                 .toInt(),
        200);
    const QByteArray upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    const QByteArray answer = DuplexTest::httpGet(server.port(), "/", upgrade);
    QVERIFY2(answer.startsWith("HTTP/1.1 503 Service Unavailable"), answer.constData());
    QVERIFY2(answer.contains("\r\nRetry-After: 5\r\n"), answer.constData());
    // The HTTP side (the page, the API) is not refused.
    QVERIFY(DuplexTest::httpGet(server.port(), "/healthz").startsWith("HTTP/1.1 200"));
    // A share of 0 %: every handshake goes through.
    put(server,
        {{QStringLiteral("handshake"), QJsonObject {{QStringLiteral("status"), 429}, {QStringLiteral("percent"), 0}}}});
    Client client(DuplexTest::wsUrl(server));
    QVERIFY(client.waitConnected());
}

void TestFaults::handshake_delayed()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    put(server, {{QStringLiteral("handshake"), QJsonObject {{QStringLiteral("delayMs"), 400}}}});
    QElapsedTimer clock;
    clock.start();
    Client client(DuplexTest::wsUrl(server));
    QVERIFY(client.waitConnected());
    QVERIFY2(clock.elapsed() >= 400, qPrintable(QString::number(clock.elapsed())));
}

void TestFaults::perConnection_faultsOnlyThatConnection()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    Client slow(DuplexTest::wsUrl(server));
    Client fast(DuplexTest::wsUrl(server));
    QVERIFY(slow.waitConnected() && fast.waitConnected());
    QTRY_COMPARE(server.connections().size(), 2);
    quint64 slowId = 0;
    for (const ConnectionInfo &info : server.connections()) {
        if (info.port == slow.socket.localPort())
            slowId = info.id;
    }
    const QJsonObject answer = put(
        server, {{QStringLiteral("latencyMs"), 400}, {QStringLiteral("connections"), QJsonArray {qint64(slowId)}}});
    QCOMPARE(answer.value(u"status").toInt(), 200);
    QCOMPARE(answer.value(u"body").toObject().value(u"connections").toObject().keys(),
        QStringList {QString::number(slowId)});
    QElapsedTimer clock;
    clock.start();
    slow.socket.sendTextMessage(QStringLiteral("s"));
    fast.socket.sendTextMessage(QStringLiteral("f"));
    QTRY_COMPARE(fast.texts.size(), 1);
    QVERIFY(clock.elapsed() < 400);
    QCOMPARE(slow.texts.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(slow.texts.size(), 1, 5000);
    // An unknown connection is a 404 and changes nothing.
    QCOMPARE(put(server, {{QStringLiteral("dropPercent"), 100}, {QStringLiteral("connections"), QJsonArray {999}}})
                 .value(u"status")
                 .toInt(),
        404);
}

void TestFaults::adminApi_sendCloseBroadcastAndErrors()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    Client a(DuplexTest::wsUrl(server));
    Client b(DuplexTest::wsUrl(server));
    QVERIFY(a.waitConnected() && b.waitConnected());
    QTRY_COMPARE(server.connections().size(), 2);
    quint64 idA = 0;
    for (const ConnectionInfo &info : server.connections()) {
        if (info.port == a.socket.localPort())
            idA = info.id;
    }
    const QByteArray base = "/api/connections/" + QByteArray::number(idA);
    QCOMPARE(DuplexTest::httpRequest(server.port(), "POST", base + "/send", R"({"text":"pushed 你好"})").first, 200);
    QTRY_COMPARE(a.texts, QStringList {QStringLiteral("pushed 你好")});
    QCOMPARE(DuplexTest::httpRequest(server.port(), "POST", base + "/send", R"({"hex":"de ad be ef"})").first, 200);
    QTRY_COMPARE(a.binaries.size(), 1);
    QCOMPARE(a.binaries.first(), QByteArray::fromHex("deadbeef"));
    const auto [status, body] = DuplexTest::httpRequest(server.port(), "POST", "/api/broadcast", R"({"text":"all"})");
    QCOMPARE(status, 200);
    QCOMPARE(QJsonDocument::fromJson(body).object().value(u"sent").toInt(), 2);
    QTRY_VERIFY(b.texts.contains(u"all"));

    // Errors: a JSON error with the status.
    QCOMPARE(DuplexTest::httpRequest(server.port(), "POST", "/api/connections/999/send", R"({"text":"x"})").first, 404);
    QCOMPARE(DuplexTest::httpRequest(server.port(), "POST", base + "/send", "{not json").first, 400);
    QCOMPARE(DuplexTest::httpRequest(server.port(), "POST", base + "/send", R"({"text":"x","hex":"00"})").first, 400);
    QCOMPARE(DuplexTest::httpRequest(server.port(), "POST", base + "/close", R"({"code":1005})").first, 400);
    QCOMPARE(DuplexTest::httpRequest(server.port(), "GET", base + "/send").first, 405);
    const auto [badStatus, badBody]
        = DuplexTest::httpRequest(server.port(), "POST", base + "/send", R"({"hex":"abc"})");
    QCOMPARE(badStatus, 400);
    QVERIFY2(
        QJsonDocument::fromJson(badBody).object().value(u"error").toString().contains(u"hex"), badBody.constData());

    QSignalSpy closed(&a.socket, &QWebSocket::disconnected);
    QCOMPARE(
        DuplexTest::httpRequest(server.port(), "POST", base + "/close", R"({"code":4003,"reason":"test over"})").first,
        200);
    QTRY_COMPARE_WITH_TIMEOUT(closed.size(), 1, 5000);
    QCOMPARE(int(a.socket.closeCode()), 4003);
    QCOMPARE(a.socket.closeReason(), QStringLiteral("test over"));
}

void TestFaults::adminApi_needsTheToken()
{
    Server server;
    ServerConfig config;
    config.token = QStringLiteral("t0ken");
    QVERIFY(DuplexTest::startServer(server, config));
    QCOMPARE(DuplexTest::httpRequest(server.port(), "PUT", "/api/faults", R"({"latencyMs":10})").first, 401);
    QCOMPARE(DuplexTest::httpRequest(server.port(), "POST", "/api/broadcast", R"({"text":"x"})").first, 401);
    QCOMPARE(DuplexTest::httpRequest(
                 server.port(), "PUT", "/api/faults", R"({"latencyMs":10})", "Authorization: Bearer t0ken\r\n")
                 .first,
        200);
    QCOMPARE(
        DuplexTest::httpRequest(server.port(), "POST", "/api/broadcast?token=t0ken", R"({"text":"x"})").first, 200);
}

void TestFaults::log_marksDelayedAndDroppedFrames()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    Client client(DuplexTest::wsUrl(server));
    QVERIFY(client.waitConnected());
    put(server, {{QStringLiteral("latencyMs"), 50}});
    client.socket.sendTextMessage(QStringLiteral("late"));
    QTRY_COMPARE(client.texts.size(), 1);
    put(server, {{QStringLiteral("dropPercent"), 100}});
    client.socket.sendTextMessage(QStringLiteral("lost"));
    const auto marked = [&events](const char *payload, const QString &fault) {
        return std::any_of(events.cbegin(), events.cend(), [&](const ServerEvent &e) {
            return e.type == ServerEvent::Type::FrameOut && e.payload == payload && e.fault.startsWith(fault);
        });
    };
    QTRY_VERIFY(marked("late", QStringLiteral("delayed")));
    QTRY_VERIFY(marked("lost", QStringLiteral("dropped")));
    QCOMPARE(client.texts.size(), 1);
}

QTEST_MAIN(TestFaults)
#include "tst_faults.moc"

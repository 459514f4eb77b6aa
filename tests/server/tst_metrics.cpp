// GET /metrics in the Prometheus text format: checked by promtool itself, values that move as clients come and go,
// and the token.
#include "server.h"
#include "testclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

using namespace Duplex;
using DuplexTest::Client;

class TestMetrics final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void metrics_passPromtoolAndFollowTheTraffic();
    void metrics_needTheTokenUnlessOpen();

private:
    static QByteArray body(const QByteArray &answer) { return answer.mid(answer.indexOf("\r\n\r\n") + 4); }
    // The value of one sample line ("name{labels} value"), or -1.
    static double value(const QByteArray &metrics, const QByteArray &sample);
};

double TestMetrics::value(const QByteArray &metrics, const QByteArray &sample)
{
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.startsWith(QByteArray(sample + ' ')))
            return line.mid(sample.size() + 1).toDouble();
    }
    return -1;
}

void TestMetrics::metrics_passPromtoolAndFollowTheTraffic()
{
    Server server;
    ServerConfig config;
    config.threads = 2;
    config.minPerThread = 1;
    QVERIFY(DuplexTest::startServer(server, config));
    server.setRules(QJsonObject {{QStringLiteral("rules"),
        QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("ping \"pong\"")},
            {QStringLiteral("match"), QJsonObject {{QStringLiteral("exact"), QStringLiteral("ping")}}},
            {QStringLiteral("reply"), QStringLiteral("pong")}}}}});

    QByteArray metrics = body(DuplexTest::httpGet(server.port(), "/metrics"));
    QCOMPARE(value(metrics, "duplex_connections"), 0.0);

    Client a(DuplexTest::wsUrl(server));
    Client b(DuplexTest::wsUrl(server));
    QVERIFY(a.waitConnected() && b.waitConnected());
    QTRY_COMPARE(server.connections().size(), 2);
    a.socket.sendTextMessage(QStringLiteral("ping"));
    QTRY_COMPARE(a.texts.size(), 1);
    b.socket.close(QWebSocketProtocol::CloseCode(4001), QStringLiteral("bye"));
    QTRY_COMPARE(server.connections().size(), 1);
    // A refused upgrade (no Sec-WebSocket-Key) counts by its status.
    QVERIFY(DuplexTest::httpGet(
        server.port(), "/", "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .startsWith("HTTP/1.1 400"));

    // The other thread's totals come with its next report (every 250 ms); the connection list is asked for at once.
    QTRY_COMPARE(value(body(DuplexTest::httpGet(server.port(), "/metrics")), "duplex_connections_total"), 2.0);
    const QByteArray answer = DuplexTest::httpGet(server.port(), "/metrics");
    QVERIFY2(answer.contains("Content-Type: text/plain; version=0.0.4"), answer.left(300).constData());
    metrics = body(answer);
    QCOMPARE(value(metrics, "duplex_connections"), 1.0);
    QCOMPARE(value(metrics, "duplex_connections_total"), 2.0);
    QCOMPARE(value(metrics, "duplex_messages_total{direction=\"in\"}"), 1.0);
    QCOMPARE(value(metrics, "duplex_closes_total{code=\"4001\"}"), 1.0);
    QCOMPARE(value(metrics, "duplex_refusals_total{status=\"400\"}"), 1.0);
    QCOMPARE(value(metrics, "duplex_rule_matches_total{rule=\"ping \\\"pong\\\"\"}"), 1.0); // the quote escaped
    QCOMPARE(value(metrics, "duplex_thread_connections{thread=\"0\"}")
            + value(metrics, "duplex_thread_connections{thread=\"1\"}"),
        1.0);
    QCOMPARE(value(metrics, "duplex_faults_active"), 0.0);

    // Prometheus' own checker accepts it (Debian's prometheus package; scripts/test installs it).
    const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    QVERIFY2(!promtool.isEmpty(), "promtool is missing: apt-get install prometheus");
    QProcess check;
    check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
    QVERIFY(check.waitForStarted());
    check.write(metrics);
    check.closeWriteChannel();
    QVERIFY(check.waitForFinished(30'000));
    QVERIFY2(check.exitCode() == 0,
        QByteArray(check.readAllStandardOutput() + check.readAllStandardError() + "\n" + metrics).constData());
}

void TestMetrics::metrics_needTheTokenUnlessOpen()
{
    Server server;
    ServerConfig config;
    config.token = QStringLiteral("m3trics");
    QVERIFY(DuplexTest::startServer(server, config));
    QVERIFY(DuplexTest::httpGet(server.port(), "/metrics").startsWith("HTTP/1.1 401"));
    QVERIFY(
        DuplexTest::httpGet(server.port(), "/metrics", "Authorization: Bearer m3trics\r\n").startsWith("HTTP/1.1 200"));
    server.stop();
    QTRY_VERIFY(!server.isRunning());
    config.metricsOpen = true;
    QVERIFY(DuplexTest::startServer(server, config));
    QVERIFY(DuplexTest::httpGet(server.port(), "/metrics").startsWith("HTTP/1.1 200"));
    QVERIFY(DuplexTest::httpGet(server.port(), "/api/stats").startsWith("HTTP/1.1 401")); // the API stays closed
}

QTEST_MAIN(TestMetrics)
#include "tst_metrics.moc"

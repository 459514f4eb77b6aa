// Limits and access control with real sockets: connection limit (503), rate limit (1008), heartbeat, backpressure,
// Origin allow-list (403), access token (401) and TLS (https:// and wss:// on one port).
#include "server.h"
#include "testclient.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Duplex;
using DuplexTest::Client;

namespace {

// Opens a WebSocket by hand and returns the status line of the answer ("HTTP/1.1 101 Switching Protocols").
QByteArray rawUpgrade(QTcpSocket &socket, quint16 port, const QByteArray &target, const QByteArray &extraHeaders = {})
{
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + extraHeaders + "\r\n");
    QByteArray answer;
    QDeadlineTimer deadline(5000);
    while (!answer.contains("\r\n\r\n") && !deadline.hasExpired()) {
        socket.waitForReadyRead(100);
        answer += socket.read(1); // byte by byte: leave what follows the head in the socket
        while (socket.bytesAvailable() > 0 && !answer.contains("\r\n\r\n"))
            answer += socket.read(1);
    }
    return answer.left(answer.indexOf("\r\n"));
}

QList<ServerEvent> collect(Server &server, QObject *context, QList<ServerEvent> &events)
{
    QObject::connect(
        &server, &Server::eventsReady, context, [&events](const QList<ServerEvent> &batch) { events += batch; });
    return {};
}

int closeCodeOf(const QList<ServerEvent> &events, quint64 id)
{
    for (const ServerEvent &e : events) {
        if (e.type == ServerEvent::Type::Closed && e.connectionId == id)
            return e.closeCode;
    }
    return -1;
}

} // namespace

class TestLimits final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void maxConnections_nextUpgradeGets503();
    void rateLimit_excessClosesWith1008AndOthersContinue();
    void heartbeat_dropsAClientThatNeverAnswers();
    void backpressure_closesAClientThatStopsReading();
    void origin_foreignPageGets403BeforeTheUpgrade();
    void token_guardsWebSocketsAndApi();
    void tls_servesHttpsAndWssOnOnePort();
};

void TestLimits::maxConnections_nextUpgradeGets503()
{
    Server server;
    QList<ServerEvent> events;
    collect(server, this, events);
    ServerConfig config;
    config.maxConnections = 2;
    QVERIFY(DuplexTest::startServer(server, config));
    Client a(DuplexTest::wsUrl(server));
    Client b(DuplexTest::wsUrl(server));
    QVERIFY(a.waitConnected());
    QVERIFY(b.waitConnected());
    QTcpSocket third;
    QCOMPARE(rawUpgrade(third, server.port(), "/"), QByteArray("HTTP/1.1 503 Service Unavailable"));
    QTRY_VERIFY(std::any_of(events.cbegin(), events.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::Error && e.text.contains(u"connection limit of 2");
    }));
    // The page and the API still answer at the limit.
    QVERIFY(DuplexTest::httpGet(server.port(), "/healthz").startsWith("HTTP/1.1 200"));
    a.socket.close();
    QTRY_COMPARE(server.connections().size(), 1);
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
}

void TestLimits::rateLimit_excessClosesWith1008AndOthersContinue()
{
    Server server;
    ServerConfig config;
    config.maxMessagesPerSecond = 5;
    QVERIFY(DuplexTest::startServer(server, config));
    Client flood(DuplexTest::wsUrl(server));
    Client calm(DuplexTest::wsUrl(server));
    QVERIFY(flood.waitConnected());
    QVERIFY(calm.waitConnected());
    QSignalSpy closed(&flood.socket, &QWebSocket::disconnected);
    for (int i = 0; i < 20; ++i)
        flood.socket.sendTextMessage(QStringLiteral("spam %1").arg(i));
    QVERIFY(closed.wait(5000));
    QCOMPARE(int(flood.socket.closeCode()), 1008);
    QVERIFY(flood.socket.closeReason().contains(u"per second"));
    QVERIFY(flood.texts.size() <= 5);
    calm.socket.sendTextMessage(QStringLiteral("hello"));
    QTRY_COMPARE(calm.texts.size(), 1);
}

void TestLimits::heartbeat_dropsAClientThatNeverAnswers()
{
    Server server;
    QList<ServerEvent> events;
    collect(server, this, events);
    ServerConfig config;
    config.heartbeatIntervalS = 1;
    config.heartbeatTimeoutS = 2;
    QVERIFY(DuplexTest::startServer(server, config));
    Client alive(DuplexTest::wsUrl(server)); // QWebSocket answers pings by itself
    QVERIFY(alive.waitConnected());
    QTcpSocket mute; // completes the handshake, then never reads nor answers a ping
    QCOMPARE(rawUpgrade(mute, server.port(), "/mute"), QByteArray("HTTP/1.1 101 Switching Protocols"));
    QSignalSpy gone(&mute, &QTcpSocket::disconnected);
    QVERIFY(gone.wait(8000));
    QTRY_VERIFY(std::any_of(events.cbegin(), events.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::Error && e.text.contains(u"no answer to pings");
    }));
    QCOMPARE(alive.socket.state(), QAbstractSocket::ConnectedState);
    QTRY_COMPARE(server.connections().size(), 1);
    QTRY_VERIFY(server.connections().first().lastRoundTripMs >= 0);
}

void TestLimits::backpressure_closesAClientThatStopsReading()
{
    Server server;
    QList<ServerEvent> events;
    collect(server, this, events);
    ServerConfig config;
    config.maxPendingOutput = 256 * 1024;
    QVERIFY(DuplexTest::startServer(server, config));
    QTcpSocket stuck;
    stuck.setReadBufferSize(4096); // Qt stops reading once 4 KiB wait: the kernel buffers fill, then the server's
    QCOMPARE(rawUpgrade(stuck, server.port(), "/stuck"), QByteArray("HTTP/1.1 101 Switching Protocols"));
    Client reader(DuplexTest::wsUrl(server));
    QVERIFY(reader.waitConnected());
    QTRY_COMPARE(server.connections().size(), 2);
    const quint64 stuckId = server.connections().first().id;

    const QByteArray chunk(1024 * 1024, 'x');
    for (int i = 0; i < 48 && closeCodeOf(events, stuckId) < 0; ++i) {
        server.broadcastBinary(chunk);
        QTest::qWait(50);
    }
    QTRY_COMPARE_WITH_TIMEOUT(closeCodeOf(events, stuckId), 1008, 10'000);
    // The reader kept its speed and got everything sent to it.
    QTRY_COMPARE(server.connections().size(), 1);
    QTRY_VERIFY(reader.binaries.size() >= 1);
    QCOMPARE(reader.socket.state(), QAbstractSocket::ConnectedState);
}

void TestLimits::origin_foreignPageGets403BeforeTheUpgrade()
{
    Server server;
    ServerConfig config;
    config.allowedOrigins = {QStringLiteral("https://chat.example")};
    QVERIFY(DuplexTest::startServer(server, config));
    QTcpSocket evil;
    QCOMPARE(
        rawUpgrade(evil, server.port(), "/", "Origin: https://evil.example\r\n"), QByteArray("HTTP/1.1 403 Forbidden"));
    QTcpSocket same;
    QCOMPARE(
        rawUpgrade(same, server.port(), "/", "Origin: http://127.0.0.1:" + QByteArray::number(server.port()) + "\r\n"),
        QByteArray("HTTP/1.1 101 Switching Protocols"));
    QTcpSocket listed;
    QCOMPARE(rawUpgrade(listed, server.port(), "/", "Origin: https://chat.example\r\n"),
        QByteArray("HTTP/1.1 101 Switching Protocols"));
    QTRY_COMPARE(server.connections().size(), 2);
}

void TestLimits::token_guardsWebSocketsAndApi()
{
    Server server;
    ServerConfig config;
    config.token = QStringLiteral("s3cret");
    QVERIFY(DuplexTest::startServer(server, config));
    QTcpSocket without;
    QCOMPARE(rawUpgrade(without, server.port(), "/chat"), QByteArray("HTTP/1.1 401 Unauthorized"));
    QTcpSocket wrong;
    QCOMPARE(rawUpgrade(wrong, server.port(), "/chat", "Authorization: Bearer guess\r\n"),
        QByteArray("HTTP/1.1 401 Unauthorized"));
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    Client client(DuplexTest::wsUrl(server, QStringLiteral("/chat?name=ann&token=s3cret")));
    QVERIFY(client.waitConnected());
    // The token never shows: not in the connection list, the log or /api/connections.
    QTRY_COMPARE(server.connections().size(), 1);
    QCOMPARE(server.connections().first().path, QStringLiteral("/chat?name=ann&token=***"));
    QTRY_VERIFY(!events.isEmpty());
    for (const ServerEvent &e : std::as_const(events))
        QVERIFY2(!e.path.contains(QStringLiteral("s3cret")) && !e.text.contains(QStringLiteral("s3cret")),
            qPrintable(e.path));
    QVERIFY(!DuplexTest::httpGet(server.port(), "/api/connections?token=s3cret").contains("s3cret\""));
    QVERIFY(DuplexTest::httpGet(server.port(), "/api/stats").startsWith("HTTP/1.1 401"));
    QVERIFY(DuplexTest::httpGet(server.port(), "/api/connections?token=nope").startsWith("HTTP/1.1 401"));
    QVERIFY(DuplexTest::httpGet(server.port(), "/api/stats", "Authorization: Bearer s3cret\r\n")
                .startsWith("HTTP/1.1 200"));
    QVERIFY(DuplexTest::httpGet(server.port(), "/api/connections?token=s3cret").startsWith("HTTP/1.1 200"));
    QVERIFY(DuplexTest::httpGet(server.port(), "/").startsWith("HTTP/1.1 200")); // the page itself is public
}

void TestLimits::tls_servesHttpsAndWssOnOnePort()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString cert;
    QString key;
    const QString error = DuplexTest::makeCertificate(dir.path(), cert, key);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    Server server;
    ServerConfig config;
    config.certificateFile = cert;
    config.keyFile = key;
    QVERIFY(DuplexTest::startServer(server, config));
    QCOMPARE(server.url().scheme(), QStringLiteral("https"));
    QCOMPARE(server.webSocketUrl().scheme(), QStringLiteral("wss"));

    QWebSocket ws;
    connect(&ws, &QWebSocket::sslErrors, &ws, [&ws](const QList<QSslError> &) { ws.ignoreSslErrors(); });
    QSignalSpy connected(&ws, &QWebSocket::connected);
    QSignalSpy received(&ws, &QWebSocket::textMessageReceived);
    ws.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/secure").arg(server.port())));
    QVERIFY(connected.wait(10'000));
    ws.sendTextMessage(QStringLiteral("over tls"));
    QVERIFY(received.wait(5000));
    QVERIFY(received.first().first().toString().endsWith(u"You said: over tls"));

    const QByteArray page = DuplexTest::httpsGet(server.port(), "/");
    QVERIFY(page.startsWith("HTTP/1.1 200"));
    QVERIFY(page.contains("text/html; charset=utf-8"));

    // A plain-HTTP client on the TLS port is told in plain HTTP what the port speaks, and dropped; the server keeps
    // serving.
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(plain.waitForConnected(5000));
    plain.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    QSignalSpy plainGone(&plain, &QTcpSocket::disconnected);
    QVERIFY(plainGone.wait(5000));
    const QByteArray answer = plain.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer.constData());
    QVERIFY2(answer.contains("https://") && answer.contains("wss://"), answer.constData());
    ws.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE(received.size(), 2);
}

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"

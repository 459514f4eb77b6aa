#include "server.h"
#include "testclient.h"
#include "websocketclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Duplex;
using State = WebSocketClient::State;

class TestWebSocketClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void open_connectsAndWalksThroughStates();
    void text_isEchoedAndLoggedBothWays_data();
    void text_isEchoedAndLoggedBothWays();
    void binary_isEchoedUnchanged();
    void subprotocol_duplexV1IsNegotiated();
    void extraHeaderAndOrigin_reachTheServer();
    void ping_emitsPongWithRoundTrip();
    void ping_refusesOversizedPayload();
    void send_whenNotConnectedReturnsFalse();
    void serverDisconnect_reportsCodeAndReason();
    void userClose_sendsCodeAndDoesNotReconnect();
    void refusedPort_reports1006AndError();
    void invalidUrl_failsAtOnce();
    void rejectedHandshake_reports1006AndError();
    void silentServer_timesOutWith1006();
    void autoReconnect_findsServerRestartedOnSamePort();
    void autoReconnect_backOffDoublesUntilClosed();
    void parseHex_data();
    void parseHex();

private:
    static bool startServerOn(Server &server, quint16 port);
    static ClientOptions optionsFor(const Server &server);
};

bool TestWebSocketClient::startServerOn(Server &server, quint16 port)
{
    ServerConfig config;
    config.host = QHostAddress::LocalHost;
    config.port = port;
    QSignalSpy started(&server, &Server::started);
    server.start(config);
    return started.wait(5000) && server.port() == port;
}

ClientOptions TestWebSocketClient::optionsFor(const Server &server)
{
    ClientOptions options;
    options.url = DuplexTest::wsUrl(server);
    return options;
}

// A port nobody listens on: bind one, then let it go.
static quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost))
        return 0;
    return probe.serverPort();
}

void TestWebSocketClient::open_connectsAndWalksThroughStates()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    WebSocketClient client;
    QSignalSpy states(&client, &WebSocketClient::stateChanged);
    QSignalSpy connected(&client, &WebSocketClient::connected);
    QList<ClientFrame> frames;
    connect(&client, &WebSocketClient::frame, this, [&frames](const ClientFrame &f) { frames.append(f); });

    client.open(optionsFor(server));
    QCOMPARE(client.state(), State::Connecting);
    QVERIFY(connected.wait(5000));
    QCOMPARE(client.state(), State::Connected);
    QCOMPARE(states.size(), 2);
    QCOMPARE(states.at(0).at(0).value<State>(), State::Connecting);
    QCOMPARE(states.at(1).at(0).value<State>(), State::Connected);
    QVERIFY(client.localPort() != 0);
    QVERIFY(client.negotiatedSubprotocol().isEmpty());
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames.at(0).direction, ClientFrame::Direction::System);
    QVERIFY2(frames.at(0).note.startsWith(u"connecting to ws://127.0.0.1:"), qPrintable(frames.at(0).note));
    QCOMPARE(frames.at(1).note, QStringLiteral("connected"));
    QVERIFY(frames.at(1).timestampMs >= frames.at(0).timestampMs);
    QVERIFY(qAbs(frames.at(1).timestampMs - QDateTime::currentMSecsSinceEpoch()) < 5000);
}

void TestWebSocketClient::text_isEchoedAndLoggedBothWays_data()
{
    QTest::addColumn<QString>("sent");
    QTest::newRow("ascii") << QStringLiteral("hello");
    QTest::newRow("chinese") << QStringLiteral("你好,世界");
    QTest::newRow("emoji") << QStringLiteral("\U0001F600 ok");
    QTest::newRow("empty") << QString();
}

void TestWebSocketClient::text_isEchoedAndLoggedBothWays()
{
    QFETCH(QString, sent);
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    WebSocketClient client;
    QSignalSpy connected(&client, &WebSocketClient::connected);
    QSignalSpy texts(&client, &WebSocketClient::textReceived);
    QList<ClientFrame> frames;
    connect(&client, &WebSocketClient::frame, this, [&frames](const ClientFrame &f) {
        if (f.direction != ClientFrame::Direction::System)
            frames.append(f);
    });
    client.open(optionsFor(server));
    QVERIFY(connected.wait(5000));

    QVERIFY(client.sendText(sent));
    QTRY_COMPARE(texts.size(), 1);
    const QString expected = u"I am the server. I received your message. You said: " + sent;
    QCOMPARE(texts.at(0).at(0).toString(), expected);
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames.at(0).direction, ClientFrame::Direction::Out);
    QCOMPARE(frames.at(0).kind, ClientFrame::Kind::Text);
    QCOMPARE(frames.at(0).payload, sent.toUtf8());
    QCOMPARE(frames.at(1).direction, ClientFrame::Direction::In);
    QCOMPARE(frames.at(1).kind, ClientFrame::Kind::Text);
    QCOMPARE(frames.at(1).payload, expected.toUtf8());
}

void TestWebSocketClient::binary_isEchoedUnchanged()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    WebSocketClient client;
    QSignalSpy connected(&client, &WebSocketClient::connected);
    QSignalSpy binaries(&client, &WebSocketClient::binaryReceived);
    QSignalSpy texts(&client, &WebSocketClient::textReceived);
    client.open(optionsFor(server));
    QVERIFY(connected.wait(5000));

    const QByteArray data("\xde\xad\xbe\xef\x00\x01\xff", 7);
    QVERIFY(client.sendBinary(data));
    QTRY_COMPARE(binaries.size(), 1);
    QCOMPARE(binaries.at(0).at(0).toByteArray(), data);
    QCOMPARE(texts.size(), 0);
}

void TestWebSocketClient::subprotocol_duplexV1IsNegotiated()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    WebSocketClient client;
    QSignalSpy connected(&client, &WebSocketClient::connected);
    QSignalSpy texts(&client, &WebSocketClient::textReceived);
    QStringList notes;
    connect(&client, &WebSocketClient::frame, this, [&notes](const ClientFrame &f) { notes.append(f.note); });
    ClientOptions options = optionsFor(server);
    options.subprotocols = {QStringLiteral("nonsense.v9"), QStringLiteral("duplex.v1")};
    client.open(options);
    QVERIFY(connected.wait(5000));

    QCOMPARE(client.negotiatedSubprotocol(), QStringLiteral("duplex.v1"));
    QVERIFY2(notes.contains(QStringLiteral("connected (subprotocol duplex.v1)")), qPrintable(notes.join(u'|')));
    // duplex.v1 speaks JSON: the server greets first.
    QTRY_VERIFY(texts.size() >= 1);
    const QJsonObject welcome = QJsonDocument::fromJson(texts.at(0).at(0).toString().toUtf8()).object();
    QCOMPARE(welcome.value(QLatin1String("type")).toString(), QStringLiteral("welcome"));
}

void TestWebSocketClient::extraHeaderAndOrigin_reachTheServer()
{
    Server server;
    ServerConfig config;
    config.allowedOrigins = {QStringLiteral("http://example.test")}; // a foreign origin must be allowed explicitly
    QVERIFY(DuplexTest::startServer(server, config));
    WebSocketClient client;
    QSignalSpy connected(&client, &WebSocketClient::connected);
    ClientOptions options = optionsFor(server);
    options.headers = {{QByteArrayLiteral("User-Agent"), QByteArrayLiteral("duplex-test/1.0")}};
    options.origin = QStringLiteral("http://example.test");
    client.open(options);
    QVERIFY(connected.wait(5000));

    QTRY_COMPARE(server.connections().size(), 1);
    QCOMPARE(server.connections().first().userAgent, QStringLiteral("duplex-test/1.0"));
    QCOMPARE(server.connections().first().origin, QStringLiteral("http://example.test"));
}

void TestWebSocketClient::ping_emitsPongWithRoundTrip()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    WebSocketClient client;
    QSignalSpy connected(&client, &WebSocketClient::connected);
    QSignalSpy pongs(&client, &WebSocketClient::pongReceived);
    QList<ClientFrame> frames;
    connect(&client, &WebSocketClient::frame, this, [&frames](const ClientFrame &f) {
        if (f.direction != ClientFrame::Direction::System)
            frames.append(f);
    });
    client.open(optionsFor(server));
    QVERIFY(connected.wait(5000));

    QVERIFY(client.ping(QByteArrayLiteral("abc")));
    QTRY_COMPARE(pongs.size(), 1);
    const qint64 roundTrip = pongs.at(0).at(0).toLongLong();
    QVERIFY(roundTrip >= 0 && roundTrip < 5000);
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames.at(0).kind, ClientFrame::Kind::Ping);
    QCOMPARE(frames.at(0).direction, ClientFrame::Direction::Out);
    QCOMPARE(frames.at(1).kind, ClientFrame::Kind::Pong);
    QCOMPARE(frames.at(1).direction, ClientFrame::Direction::In);
    QCOMPARE(frames.at(1).payload, QByteArrayLiteral("abc"));
    QVERIFY(frames.at(1).note.endsWith(u" ms"));
}

void TestWebSocketClient::ping_refusesOversizedPayload()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    WebSocketClient client;
    QSignalSpy connected(&client, &WebSocketClient::connected);
    client.open(optionsFor(server));
    QVERIFY(connected.wait(5000));
    QVERIFY(client.ping(QByteArray(125, 'x')));
    QVERIFY(!client.ping(QByteArray(126, 'x'))); // control frames carry at most 125 bytes
    QCOMPARE(client.state(), State::Connected);
}

void TestWebSocketClient::send_whenNotConnectedReturnsFalse()
{
    WebSocketClient client;
    QVERIFY(!client.sendText(QStringLiteral("nobody there")));
    QVERIFY(!client.sendBinary(QByteArrayLiteral("x")));
    QVERIFY(!client.ping());
    QCOMPARE(client.state(), State::Disconnected);
    QCOMPARE(client.localPort(), quint16(0));
}

void TestWebSocketClient::serverDisconnect_reportsCodeAndReason()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    WebSocketClient client;
    QSignalSpy connected(&client, &WebSocketClient::connected);
    QSignalSpy disconnected(&client, &WebSocketClient::disconnected);
    QSignalSpy errors(&client, &WebSocketClient::errorOccurred);
    QStringList notes;
    connect(&client, &WebSocketClient::frame, this, [&notes](const ClientFrame &f) { notes.append(f.note); });
    client.open(optionsFor(server));
    QVERIFY(connected.wait(5000));
    QTRY_COMPARE(server.connections().size(), 1);

    server.disconnectClient(server.connections().first().id, 4000, QStringLiteral("bye now"));
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(disconnected.at(0).at(0).toInt(), 4000);
    QCOMPARE(disconnected.at(0).at(1).toString(), QStringLiteral("bye now"));
    QCOMPARE(client.closeCode(), 4000);
    QCOMPARE(client.closeReason(), QStringLiteral("bye now"));
    QCOMPARE(client.state(), State::Disconnected); // autoReconnect is off by default
    QVERIFY2(notes.contains(QStringLiteral("closed (4000 bye now)")), qPrintable(notes.join(u'|')));
    QCOMPARE(errors.size(), 0); // a clean close is not an error
}

void TestWebSocketClient::userClose_sendsCodeAndDoesNotReconnect()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    WebSocketClient client;
    QSignalSpy connected(&client, &WebSocketClient::connected);
    QSignalSpy disconnected(&client, &WebSocketClient::disconnected);
    QSignalSpy states(&client, &WebSocketClient::stateChanged);
    ClientOptions options = optionsFor(server);
    options.autoReconnect = true;
    client.open(options);
    QVERIFY(connected.wait(5000));

    client.close(4001, QStringLiteral("done here"));
    // QWebSocket may finish the close at once: Closing is passed through either way.
    QTRY_COMPARE(disconnected.size(), 1);
    QVERIFY(std::any_of(states.begin(), states.end(),
        [](const QList<QVariant> &args) { return args.at(0).value<State>() == State::Closing; }));
    QCOMPARE(disconnected.at(0).at(0).toInt(), 4001);
    QCOMPARE(client.state(), State::Disconnected);
    const auto closedOnServer = [&events] {
        for (const ServerEvent &e : events) {
            if (e.type == ServerEvent::Type::Closed)
                return e.closeCode;
        }
        return -1;
    };
    QTRY_COMPARE(closedOnServer(), 4001);
    QTest::qWait(1500); // longer than the first back-off step
    QCOMPARE(client.state(), State::Disconnected);
    QCOMPARE(connected.size(), 1);
    QCOMPARE(states.last().at(0).value<State>(), State::Disconnected);
}

void TestWebSocketClient::refusedPort_reports1006AndError()
{
    const quint16 port = freePort();
    QVERIFY(port != 0);
    WebSocketClient client;
    QSignalSpy disconnected(&client, &WebSocketClient::disconnected);
    QSignalSpy errors(&client, &WebSocketClient::errorOccurred);
    QSignalSpy connected(&client, &WebSocketClient::connected);
    ClientOptions options;
    options.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port));
    client.open(options);
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(disconnected.at(0).at(0).toInt(), 1006);
    QCOMPARE(client.closeCode(), 1006);
    QVERIFY(errors.size() >= 1);
    QVERIFY2(client.errorString().contains(u"refused", Qt::CaseInsensitive), qPrintable(client.errorString()));
    QCOMPARE(connected.size(), 0);
    QCOMPARE(client.state(), State::Disconnected);
}

void TestWebSocketClient::invalidUrl_failsAtOnce()
{
    WebSocketClient client;
    QSignalSpy disconnected(&client, &WebSocketClient::disconnected);
    QSignalSpy errors(&client, &WebSocketClient::errorOccurred);
    ClientOptions options;
    options.url = QUrl(QStringLiteral("http://127.0.0.1:1/"));
    client.open(options);
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.at(0).at(0).toInt(), 1006);
    QCOMPARE(errors.size(), 1);
    QVERIFY(errors.at(0).at(0).toString().contains(u"ws://"));
    QCOMPARE(client.state(), State::Disconnected);
}

void TestWebSocketClient::rejectedHandshake_reports1006AndError()
{
    // A plain HTTP server that turns every upgrade down.
    QTcpServer http;
    QVERIFY(http.listen(QHostAddress::LocalHost));
    connect(&http, &QTcpServer::newConnection, this, [&http] {
        while (QTcpSocket *socket = http.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
                socket->disconnectFromHost();
            });
        }
    });
    WebSocketClient client;
    QSignalSpy disconnected(&client, &WebSocketClient::disconnected);
    QSignalSpy errors(&client, &WebSocketClient::errorOccurred);
    ClientOptions options;
    options.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(http.serverPort()));
    client.open(options);
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(disconnected.at(0).at(0).toInt(), 1006);
    QCOMPARE(errors.size(), 1); // Qt reports it twice; once is enough
    QVERIFY2(client.errorString().contains(u"403"), qPrintable(client.errorString()));
    QVERIFY2(!client.errorString().contains(u"QWebSocketPrivate"), qPrintable(client.errorString()));
    QCOMPARE(client.state(), State::Disconnected);
}

void TestWebSocketClient::silentServer_timesOutWith1006()
{
    // Accepts TCP but never answers the handshake.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    WebSocketClient client;
    client.setConnectTimeout(300);
    QCOMPARE(client.connectTimeout(), 300);
    QSignalSpy disconnected(&client, &WebSocketClient::disconnected);
    QSignalSpy errors(&client, &WebSocketClient::errorOccurred);
    ClientOptions options;
    options.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(silent.serverPort()));
    client.open(options);
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(disconnected.at(0).at(0).toInt(), 1006);
    QVERIFY(errors.size() >= 1);
    QVERIFY2(client.errorString().contains(u"timed out"), qPrintable(client.errorString()));
    QCOMPARE(client.state(), State::Disconnected);
}

void TestWebSocketClient::autoReconnect_findsServerRestartedOnSamePort()
{
    auto first = std::make_unique<Server>();
    QVERIFY(DuplexTest::startServer(*first));
    const quint16 port = first->port();
    WebSocketClient client;
    QSignalSpy connected(&client, &WebSocketClient::connected);
    QSignalSpy disconnected(&client, &WebSocketClient::disconnected);
    QSignalSpy texts(&client, &WebSocketClient::textReceived);
    QStringList notes;
    connect(&client, &WebSocketClient::frame, this, [&notes](const ClientFrame &f) { notes.append(f.note); });
    ClientOptions options = optionsFor(*first);
    options.autoReconnect = true;
    client.open(options);
    QVERIFY(connected.wait(5000));

    QSignalSpy stopped(first.get(), &Server::stopped);
    first->stop();
    QVERIFY(stopped.wait(5000));
    QTRY_COMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.at(0).at(0).toInt(), 1001);
    QCOMPARE(client.state(), State::WaitingToReconnect);
    QCOMPARE(client.reconnectDelay(), 1);
    QVERIFY(notes.contains(QStringLiteral("reconnecting in 1 s")));
    first.reset();

    Server second;
    QVERIFY(startServerOn(second, port));
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 10'000);
    QCOMPARE(client.state(), State::Connected);
    QVERIFY(client.sendText(QStringLiteral("again")));
    QTRY_COMPARE(texts.size(), 1);
    QVERIFY(texts.at(0).at(0).toString().endsWith(u"You said: again"));
    QTRY_COMPARE(second.connections().size(), 1);
}

void TestWebSocketClient::autoReconnect_backOffDoublesUntilClosed()
{
    const quint16 port = freePort();
    QVERIFY(port != 0);
    WebSocketClient client;
    QSignalSpy disconnected(&client, &WebSocketClient::disconnected);
    ClientOptions options;
    options.url = QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port));
    options.autoReconnect = true;
    client.open(options);
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(client.state(), State::WaitingToReconnect);
    QCOMPARE(client.reconnectDelay(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 2, 5000);
    QCOMPARE(client.state(), State::WaitingToReconnect);
    QCOMPARE(client.reconnectDelay(), 2);

    client.close();
    QCOMPARE(client.state(), State::Disconnected);
    QCOMPARE(client.reconnectDelay(), 0);
    QTest::qWait(2500);
    QCOMPARE(disconnected.size(), 2);
}

void TestWebSocketClient::parseHex_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("spaced") << QStringLiteral("de ad be ef") << true << QByteArray("\xde\xad\xbe\xef");
    QTest::newRow("packed") << QStringLiteral("deadbeef") << true << QByteArray("\xde\xad\xbe\xef");
    QTest::newRow("0x prefixes") << QStringLiteral("0xde 0xad") << true << QByteArray("\xde\xad");
    QTest::newRow("upper case") << QStringLiteral("DE AD 0XBE") << true << QByteArray("\xde\xad\xbe");
    QTest::newRow("extra whitespace") << QStringLiteral("  00\tff \n 10 ") << true << QByteArray("\x00\xff\x10", 3);
    QTest::newRow("empty") << QString() << true << QByteArray();
    QTest::newRow("odd digits") << QStringLiteral("abc") << false << QByteArray();
    QTest::newRow("odd token") << QStringLiteral("de a") << false << QByteArray();
    QTest::newRow("non-hex") << QStringLiteral("zz") << false << QByteArray();
    QTest::newRow("bare 0x") << QStringLiteral("0x") << false << QByteArray();
    QTest::newRow("colons") << QStringLiteral("de:ad") << false << QByteArray();
    QTest::newRow("full-width digits") << QStringLiteral("\uff11\uff12") << false << QByteArray();
}

void TestWebSocketClient::parseHex()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QByteArray, bytes);
    QByteArray out("untouched");
    QCOMPARE(WebSocketClient::parseHex(text, out), ok);
    QCOMPARE(out, ok ? bytes : QByteArrayLiteral("untouched"));
}

QTEST_GUILESS_MAIN(TestWebSocketClient)
#include "tst_websocketclient.moc"

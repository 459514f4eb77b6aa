#include "server.h"
#include "testclient.h"
#include "websocketclient.h"
#include "wsframing.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Duplex;
using State = WebSocketClient::State;

// Every case runs twice: on QWebSocket, and with compression offered on Duplex's own client transport
// (WsClientSocket). The compression_ and ownTransport_ cases check what only the second does.
class TestWebSocketClient final : public QObject
{
    Q_OBJECT

public:
    explicit TestWebSocketClient(bool compress) : m_compress(compress) { }

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
    void compression_agreedWithDuplexBothWays();
    void compression_declinedByTheQtEngine();
    void wss_trustedCertificateAndEchoWithCompression();
    void wss_untrustedCertificateIsRefusedWithTheHint();
    void ownTransport_failsOnAnswersItMustRefuse_data();
    void ownTransport_failsOnAnswersItMustRefuse();
    void ownTransport_closesWith1002OnAMaskedServerFrame();
    void ownTransport_readsFramesThatCameWithTheHandshake();
    void parseHex_data();
    void parseHex();

private:
    static bool startServerOn(Server &server, quint16 port);
    ClientOptions blankOptions() const;
    ClientOptions optionsFor(const Server &server) const;

    bool m_compress;
};

// A server that answers the handshake with `answer(key)` (the accept value for the client's key is passed in), then
// writes `frames`: for what a real server would not do.
class ScriptedServer final : public QObject
{
public:
    using Answer = std::function<QByteArray(const QByteArray &accept)>;
    ScriptedServer(Answer answer, QByteArray frames) : m_answer(std::move(answer)), m_frames(std::move(frames))
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_received += socket->readAll();
                    const qsizetype end = m_received.indexOf("\r\n\r\n");
                    if (end < 0 || m_answered)
                        return;
                    m_answered = true;
                    QByteArray key;
                    for (const QByteArray &line : m_received.first(end).split('\n'))
                        if (line.toLower().startsWith("sec-websocket-key:"))
                            key = line.mid(18).trimmed();
                    socket->write(m_answer(WsFraming::acceptKey(key)) + m_frames);
                });
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_server.serverPort())); }
    QByteArray received() const { return m_received; } // the handshake and the client's frames, as they came

private:
    QTcpServer m_server;
    Answer m_answer;
    QByteArray m_frames;
    QByteArray m_received;
    bool m_answered = false;
};

static QByteArray switching(const QByteArray &accept, const QByteArray &extra = {})
{
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
        + accept + "\r\n" + extra + "\r\n";
}

ClientOptions TestWebSocketClient::blankOptions() const
{
    ClientOptions options;
    options.compress = m_compress;
    return options;
}

bool TestWebSocketClient::startServerOn(Server &server, quint16 port)
{
    ServerConfig config;
    config.host = QHostAddress::LocalHost;
    config.port = port;
    QSignalSpy started(&server, &Server::started);
    server.start(config);
    return started.wait(5000) && server.port() == port;
}

ClientOptions TestWebSocketClient::optionsFor(const Server &server) const
{
    ClientOptions options = blankOptions();
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
    QCOMPARE(frames.size(), m_compress ? 3 : 2);
    QCOMPARE(frames.at(0).direction, ClientFrame::Direction::System);
    QVERIFY2(frames.at(0).note.startsWith(u"connecting to ws://127.0.0.1:"), qPrintable(frames.at(0).note));
    QCOMPARE(frames.at(1).note, QStringLiteral("connected"));
    if (m_compress)
        QVERIFY2(
            frames.at(2).note.startsWith(u"compression agreed: permessage-deflate"), qPrintable(frames.at(2).note));
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
    ClientOptions options = blankOptions();
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
    ClientOptions options = blankOptions();
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
    ClientOptions options = blankOptions();
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
    ClientOptions options = blankOptions();
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
    ClientOptions options = blankOptions();
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

void TestWebSocketClient::compression_agreedWithDuplexBothWays()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw; // every message back as it came
    QVERIFY(DuplexTest::startServer(server, config));
    WebSocketClient client;
    QSignalSpy connected(&client, &WebSocketClient::connected);
    QSignalSpy texts(&client, &WebSocketClient::textReceived);
    QList<ClientFrame> frames;
    connect(&client, &WebSocketClient::frame, this, [&frames](const ClientFrame &f) {
        if (f.kind == ClientFrame::Kind::Text)
            frames.append(f);
    });
    client.open(optionsFor(server));
    QVERIFY(connected.wait(5000));
    QTRY_COMPARE(server.connections().size(), 1);
    // What the server agreed is what the client uses; a QWebSocket offers nothing.
    QCOMPARE(client.negotiatedExtensions().isEmpty(), !m_compress);
    QCOMPARE(server.connections().first().compression, client.negotiatedExtensions());

    // About 1 MB of chat JSON, then small messages on the same contexts (both ends keep theirs; the server compresses
    // from 64 bytes on).
    QString big = QStringLiteral("[");
    for (int i = 0; i < 12000; ++i)
        big += QStringLiteral(R"({"id":%1,"name":"小明","text":"我是服务端 hello 我是服务端 hello"},)").arg(i);
    big.back() = u']';
    QVERIFY(big.toUtf8().size() > 900'000);
    QVERIFY(client.sendText(big));
    for (int i = 0; i < 50; ++i)
        QVERIFY(client.sendText(
            QStringLiteral(R"({"type":"chat","seq":%1,"text":"hello hello, how are you today?"})").arg(i)));
    QTRY_COMPARE_WITH_TIMEOUT(texts.size(), 51, 10'000);
    QCOMPARE(texts.at(0).at(0).toString(), big);
    QCOMPARE(texts.at(50).at(0).toString(),
        QStringLiteral(R"({"type":"chat","seq":49,"text":"hello hello, how are you today?"})"));
    QCOMPARE(frames.size(), 102);
    for (const ClientFrame &f : std::as_const(frames)) {
        if (!m_compress) {
            QCOMPARE(f.wireSize, -1);
            continue;
        }
        QVERIFY2(f.wireSize > 0 && f.wireSize < f.payload.size(), qPrintable(QString::number(f.wireSize)));
    }
    if (m_compress) {
        QVERIFY2(
            frames.first().wireSize < big.toUtf8().size() / 10, qPrintable(QString::number(frames.first().wireSize)));
        QVERIFY(frames.last().wireSize < 30); // its twins came before it: the context remembers them
    }
}

void TestWebSocketClient::compression_declinedByTheQtEngine()
{
    Server server;
    ServerConfig config;
    config.engine = Engine::Qt; // QWebSocketServer negotiates no extensions
    QVERIFY(DuplexTest::startServer(server, config));
    WebSocketClient client;
    QSignalSpy connected(&client, &WebSocketClient::connected);
    QSignalSpy texts(&client, &WebSocketClient::textReceived);
    QStringList notes;
    connect(&client, &WebSocketClient::frame, this, [&notes](const ClientFrame &f) { notes.append(f.note); });
    client.open(optionsFor(server));
    QVERIFY(connected.wait(5000));
    QVERIFY(client.negotiatedExtensions().isEmpty());
    QCOMPARE(notes.contains(QStringLiteral("the server did not agree to compression (permessage-deflate): messages go "
                                           "uncompressed")),
        m_compress);
    QVERIFY(client.sendText(QStringLiteral("hello hello hello")));
    QTRY_COMPARE(texts.size(), 1);
    QVERIFY(texts.at(0).at(0).toString().endsWith(u"You said: hello hello hello"));
}

void TestWebSocketClient::wss_trustedCertificateAndEchoWithCompression()
{
    QTemporaryDir dir;
    ServerConfig config;
    config.mode = Mode::Raw;
    const QString error = DuplexTest::makeCertificate(dir.path(), config.certificateFile, config.keyFile);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    Server server;
    QVERIFY(DuplexTest::startServer(server, config));
    WebSocketClient client;
    QSignalSpy connected(&client, &WebSocketClient::connected);
    QSignalSpy binaries(&client, &WebSocketClient::binaryReceived);
    ClientOptions options = blankOptions();
    options.url = QUrl(QStringLiteral("wss://localhost:%1/").arg(server.port()));
    options.trustedCertificates = QSslCertificate::fromPath(config.certificateFile);
    QCOMPARE(options.trustedCertificates.size(), 1);
    client.open(options);
    QVERIFY(connected.wait(10'000));
    QCOMPARE(client.negotiatedExtensions().isEmpty(), !m_compress);
    const QByteArray data = QByteArray("0123456789abcdef").repeated(20'000); // 320 KB over several TLS records
    QVERIFY(client.sendBinary(data));
    QTRY_COMPARE_WITH_TIMEOUT(binaries.size(), 1, 10'000);
    QCOMPARE(binaries.at(0).at(0).toByteArray(), data);
}

void TestWebSocketClient::wss_untrustedCertificateIsRefusedWithTheHint()
{
    QTemporaryDir dir;
    ServerConfig config;
    const QString error = DuplexTest::makeCertificate(dir.path(), config.certificateFile, config.keyFile);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    Server server;
    QVERIFY(DuplexTest::startServer(server, config));
    WebSocketClient client;
    client.setCertificateHint(QStringLiteral("tick the box"));
    QSignalSpy disconnected(&client, &WebSocketClient::disconnected);
    QSignalSpy connected(&client, &WebSocketClient::connected);
    ClientOptions options = blankOptions();
    options.url = QUrl(QStringLiteral("wss://localhost:%1/").arg(server.port()));
    client.open(options);
    QVERIFY(disconnected.wait(10'000));
    QCOMPARE(connected.size(), 0);
    QCOMPARE(disconnected.at(0).at(0).toInt(), 1006);
    QVERIFY2(client.errorString().startsWith(u"the server's certificate is not trusted: "),
        qPrintable(client.errorString()));
    QVERIFY2(client.errorString().endsWith(u"(tick the box)"), qPrintable(client.errorString()));
}

void TestWebSocketClient::ownTransport_failsOnAnswersItMustRefuse_data()
{
    QTest::addColumn<QByteArray>("answer"); // %ACCEPT% is replaced by the right accept value
    QTest::addColumn<QString>("error");
    const QByteArray ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
    QTest::newRow("wrong accept") << ok + "Sec-WebSocket-Accept: AAAAAAAAAAAAAAAAAAAAAAAAAAA=\r\n\r\n"
                                  << QStringLiteral("Sec-WebSocket-Accept does not match");
    QTest::newRow("no upgrade header") << QByteArray(
        "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: %ACCEPT%\r\n\r\n")
                                       << QStringLiteral("no \"Upgrade: websocket\"");
    QTest::newRow("extension not offered")
        << ok + "Sec-WebSocket-Accept: %ACCEPT%\r\nSec-WebSocket-Extensions: x-webkit-deflate-frame\r\n\r\n"
        << QStringLiteral("names an extension not offered");
    QTest::newRow("unknown parameter") << ok
            + "Sec-WebSocket-Accept: %ACCEPT%\r\nSec-WebSocket-Extensions: permessage-deflate; x=1\r\n\r\n"
                                       << QStringLiteral("has an invalid parameter x=1");
    QTest::newRow("window bits out of range") << ok
            + "Sec-WebSocket-Accept: %ACCEPT%\r\nSec-WebSocket-Extensions: permessage-deflate; "
              "server_max_window_bits=16\r\n\r\n"
                                              << QStringLiteral("invalid parameter server_max_window_bits=16");
    QTest::newRow("subprotocol not asked for")
        << ok + "Sec-WebSocket-Accept: %ACCEPT%\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n"
        << QStringLiteral("chose the subprotocol \"mqtt\", which was not asked for");
    QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n")
                              << QStringLiteral("did not answer with HTTP");
    QTest::newRow("unauthorized") << QByteArray("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n")
                                  << QStringLiteral("the server refused the token (HTTP 401)");
}

void TestWebSocketClient::ownTransport_failsOnAnswersItMustRefuse()
{
    QFETCH(QByteArray, answer);
    QFETCH(QString, error);
    ScriptedServer server(
        [answer](const QByteArray &accept) { return QByteArray(answer).replace("%ACCEPT%", accept); }, {});
    WebSocketClient client;
    QSignalSpy disconnected(&client, &WebSocketClient::disconnected);
    QSignalSpy connected(&client, &WebSocketClient::connected);
    ClientOptions options;
    options.url = server.url();
    options.compress = true;
    client.open(options);
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(connected.size(), 0);
    QCOMPARE(disconnected.at(0).at(0).toInt(), 1006);
    QVERIFY2(client.errorString().contains(error), qPrintable(client.errorString()));
    QVERIFY(server.received().contains("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"));
}

void TestWebSocketClient::ownTransport_closesWith1002OnAMaskedServerFrame()
{
    // RFC 6455 5.1: a client closes the connection on a masked frame from the server.
    QByteArray masked;
    WsFraming::appendMaskedFrame(masked, WsFraming::Text, "sneaky", 0x01020304);
    ScriptedServer server([](const QByteArray &accept) { return switching(accept); }, masked);
    WebSocketClient client;
    QSignalSpy disconnected(&client, &WebSocketClient::disconnected);
    QSignalSpy texts(&client, &WebSocketClient::textReceived);
    ClientOptions options;
    options.url = server.url();
    options.compress = true;
    client.setConnectTimeout(500); // the scripted server never closes TCP: the close handshake times out
    client.open(options);
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(texts.size(), 0);
    QCOMPARE(disconnected.at(0).at(0).toInt(), 1002);
    QCOMPARE(disconnected.at(0).at(1).toString(), QStringLiteral("masked server frame"));
    // The client said so in a close frame of its own (masked, as a client's must be): 0x88, then mask bit + length.
    const qsizetype frame = server.received().indexOf("\r\n\r\n") + 4;
    QTRY_VERIFY(server.received().size() >= frame + 6);
    QCOMPARE(quint8(server.received().at(frame)), quint8(0x88));
    QVERIFY(quint8(server.received().at(frame + 1)) & 0x80);
}

void TestWebSocketClient::ownTransport_readsFramesThatCameWithTheHandshake()
{
    // The answer agrees to compression and carries, in the same write, a compressed text frame and a plain one.
    QByteArray frames;
    WsFraming::appendFrame(frames, WsFraming::Text, QByteArray::fromHex("f248cdc9c90700"), true); // "Hello" deflated
    WsFraming::appendFrame(frames, WsFraming::Text, "plain");
    ScriptedServer server(
        [](const QByteArray &accept) { return switching(accept, "Sec-WebSocket-Extensions: permessage-deflate\r\n"); },
        frames);
    WebSocketClient client;
    QSignalSpy texts(&client, &WebSocketClient::textReceived);
    ClientOptions options;
    options.url = server.url();
    options.compress = true;
    client.open(options);
    QTRY_COMPARE(texts.size(), 2);
    QCOMPARE(texts.at(0).at(0).toString(), QStringLiteral("Hello"));
    QCOMPARE(texts.at(1).at(0).toString(), QStringLiteral("plain"));
    QCOMPARE(client.negotiatedExtensions(), QStringLiteral("permessage-deflate"));
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    TestWebSocketClient onQWebSocket(false);
    TestWebSocketClient onOwnTransport(true);
    const int failed = QTest::qExec(&onQWebSocket, argc, argv);
    return failed + QTest::qExec(&onOwnTransport, argc, argv);
}
#include "tst_websocketclient.moc"

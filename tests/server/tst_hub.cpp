#include "hub.h"
#include "server.h"
#include "testclient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Duplex;
using DuplexTest::Client;

class TestHub final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void echo_repliesWithTemplate_data();
    void echo_repliesWithTemplate();
    void echo_returnsBinaryUnchanged();
    void broadcast_reachesEveryClientIncludingSender();
    void raw_returnsFramesByteForByte();
    void handshake_answersAFrameSentWithTheRequest();
    void ids_countUpAndAreNeverReused();
    void chatProtocol_welcomeThenOwnMessageThenReply();
    void chatProtocol_broadcastSendsHistoryJoinAndLeave();
    void chatProtocol_invalidJsonGetsErrorFrame();
    void chatProtocol_pagesHearOfAModeSwitch();
    void operator_pushBroadcastAndDisconnect();
    void events_streamOpenedFramesAndClosed();
    void connections_snapshotListsOpenClients();
    void stop_closesEveryClientWith1001();
    void oversizedMessage_closesWith1009();
    void start_onTakenPortFailsClearly();
};

void TestHub::echo_repliesWithTemplate_data()
{
    QTest::addColumn<QString>("replyTemplate");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("sent");
    QTest::addColumn<QString>("expected");
    QTest::newRow("default") << QString() << QString() << QStringLiteral("hello")
                             << QStringLiteral("I am the server. I received your message. You said: hello");
    QTest::newRow("chinese text") << QString() << QString() << QStringLiteral("你好")
                                  << QStringLiteral("I am the server. I received your message. You said: 你好");
    QTest::newRow("chinese template and name")
        << QStringLiteral("{name}（{id}号）说：{text}") << QStringLiteral("?name=%E5%B0%8F%E6%98%8E")
        << QStringLiteral("你好 😀") << QStringLiteral("小明（1号）说：你好 😀");
    QTest::newRow("placeholders") << QStringLiteral("{name} (#{id}) said {text}") << QStringLiteral("?name=alice")
                                  << QStringLiteral("hi") << QStringLiteral("alice (#1) said hi");
    QTest::newRow("braces in text are not expanded")
        << QStringLiteral("got {text}") << QString() << QStringLiteral("{id}{name}")
        << QStringLiteral("got {id}{name}");
    QTest::newRow("braces in the name are not expanded")
        << QStringLiteral("{name}: {text}") << QStringLiteral("?name=%7Btext%7D") << QStringLiteral("hi")
        << QStringLiteral("{text}: hi");
    QTest::newRow("unknown and unfinished placeholders stay")
        << QStringLiteral("{who} {text} {tex") << QString() << QStringLiteral("x") << QStringLiteral("{who} x {tex");
    QTest::newRow("time") << QStringLiteral("[{time}] {text}") << QString() << QStringLiteral("x")
                          << QStringLiteral("[%1] x"); // %1: the time the reply came back, give or take a second
}

void TestHub::echo_repliesWithTemplate()
{
    QFETCH(QString, replyTemplate);
    QFETCH(QString, query);
    QFETCH(QString, sent);
    QFETCH(QString, expected);
    Server server;
    ServerConfig config;
    config.replyTemplate = replyTemplate;
    QVERIFY(DuplexTest::startServer(server, config));
    Client client(DuplexTest::wsUrl(server, u"/chat" + query));
    QVERIFY(client.waitConnected());
    client.socket.sendTextMessage(sent);
    QTRY_COMPARE(client.texts.size(), 1);
    if (expected.contains(u"%1")) {
        const QDateTime now = QDateTime::currentDateTime();
        QVERIFY2(client.texts.first() == expected.arg(now.toString(QStringLiteral("HH:mm:ss")))
                || client.texts.first() == expected.arg(now.addSecs(-1).toString(QStringLiteral("HH:mm:ss"))),
            qPrintable(client.texts.first()));
        return;
    }
    QCOMPARE(client.texts.first(), expected);
}

void TestHub::echo_returnsBinaryUnchanged()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    Client client(DuplexTest::wsUrl(server));
    QVERIFY(client.waitConnected());
    const QByteArray data("\x00\x01\xfe\xff binary", 12);
    client.socket.sendBinaryMessage(data);
    QTRY_COMPARE(client.binaries.size(), 1);
    QCOMPARE(client.binaries.first(), data);
    QVERIFY(client.texts.isEmpty());
}

void TestHub::broadcast_reachesEveryClientIncludingSender()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Broadcast;
    QVERIFY(DuplexTest::startServer(server, config));
    // one after the other: the server numbers connections in the order their handshakes complete
    Client alice(DuplexTest::wsUrl(server, QStringLiteral("/?name=alice")));
    QVERIFY(alice.waitConnected());
    Client second(DuplexTest::wsUrl(server));
    QVERIFY(second.waitConnected());
    Client third(DuplexTest::wsUrl(server, QStringLiteral("/room/1?name=%E5%B0%8F%E6%98%8E")));
    QVERIFY(third.waitConnected());
    QTRY_COMPARE(server.connections().size(), 3);

    alice.socket.sendTextMessage(QStringLiteral("hi all"));
    for (Client *c : {&alice, &second, &third})
        QTRY_COMPARE(c->texts, QStringList {QStringLiteral("alice: hi all")});

    // The second client gave no name: it is known by its id.
    const quint64 secondId = server.connections().at(1).id;
    second.socket.sendTextMessage(QStringLiteral("me too"));
    const QString expected = u'#' + QString::number(secondId) + u": me too";
    for (Client *c : {&alice, &second, &third})
        QTRY_COMPARE(c->texts.size(), 2);
    QCOMPARE(third.texts.last(), expected);
    third.socket.sendTextMessage(QStringLiteral("你好"));
    QTRY_COMPARE(alice.texts.size(), 3);
    QCOMPARE(alice.texts.last(), QStringLiteral("小明: 你好"));
}

void TestHub::raw_returnsFramesByteForByte()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    Client client(DuplexTest::wsUrl(server));
    QVERIFY(client.waitConnected());
    const QString text = QStringLiteral("{\"type\":\"message\"} \u00e9\u4e2d\U0001F600 \t end");
    QByteArray binary(256, '\0');
    for (int i = 0; i < binary.size(); ++i)
        binary[i] = char(i);
    client.socket.sendTextMessage(text);
    client.socket.sendBinaryMessage(binary);
    QTRY_COMPARE(client.texts.size(), 1);
    QTRY_COMPARE(client.binaries.size(), 1);
    QCOMPARE(client.texts.first().toUtf8(), text.toUtf8());
    QCOMPARE(client.binaries.first(), binary);
}

// A client may send its first frames right behind the request head, before it has the 101: the server answers the
// handshake first, then the frames, and picks duplex.v1 from a list of offered subprotocols.
void TestHub::handshake_answersAFrameSentWithTheRequest()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(socket.waitForConnected(5000));
    const QByteArray mask("\x01\x02\x03\x04", 4);
    QByteArray frame("\x81\x85", 2);
    frame += mask;
    for (int i = 0; i < 5; ++i)
        frame += char("early"[i] ^ mask.at(i % 4));
    socket.write("GET /?name=pipelined HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                 "Sec-WebSocket-Protocol: other, duplex.v1\r\n\r\n"
        + frame + frame);
    QByteArray received;
    const auto has = [&](const QByteArray &what) {
        received += socket.readAll();
        return received.contains(what);
    };
    QTRY_VERIFY(has("\"type\":\"welcome\""));
    QVERIFY2(received.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), received.constData());
    const QByteArray head = received.first(received.indexOf("\r\n\r\n") + 4);
    QVERIFY(head.contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")); // RFC 6455 1.3
    QVERIFY(head.contains("\r\nSec-WebSocket-Protocol: duplex.v1\r\n"));
    // raw mode answers duplex.v1 clients byte for byte too: both early frames come back, after the welcome
    QTRY_COMPARE(received.count("\x81\x05"
                                "early"),
        2);
    QVERIFY(received.indexOf("welcome") < received.indexOf("\x81\x05"
                                                           "early"));
    QTRY_COMPARE(server.connections().value(0).name, QStringLiteral("pipelined"));
}

void TestHub::ids_countUpAndAreNeverReused()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    auto first = std::make_unique<Client>(DuplexTest::wsUrl(server));
    QVERIFY(first->waitConnected());
    QTRY_COMPARE(server.connections().size(), 1);
    Client second(DuplexTest::wsUrl(server));
    QVERIFY(second.waitConnected());
    QTRY_COMPARE(server.connections().size(), 2);
    QCOMPARE(server.connections().at(0).id, 1u);
    QCOMPARE(server.connections().at(1).id, 2u);

    first->socket.close();
    QTRY_COMPARE(server.connections().size(), 1);
    first.reset();
    Client third(DuplexTest::wsUrl(server));
    QVERIFY(third.waitConnected());
    QTRY_COMPARE(server.connections().size(), 2);
    QCOMPARE(server.connections().at(0).id, 2u);
    QCOMPARE(server.connections().at(1).id, 3u);
}

void TestHub::chatProtocol_welcomeThenOwnMessageThenReply()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    Client client(DuplexTest::wsUrl(server, QStringLiteral("/chat?name=alice")), {QStringLiteral("duplex.v1")});
    QVERIFY(client.waitConnected());
    QCOMPARE(client.socket.subprotocol(), QStringLiteral("duplex.v1"));
    QTRY_COMPARE(client.texts.size(), 1);
    const QJsonObject welcome = client.objects().first();
    QCOMPARE(welcome.value(u"type").toString(), QStringLiteral("welcome"));
    QCOMPARE(welcome.value(u"id").toInt(), 1);
    QCOMPARE(welcome.value(u"name").toString(), QStringLiteral("alice"));
    QCOMPARE(welcome.value(u"mode").toString(), QStringLiteral("echo"));

    client.socket.sendTextMessage(QStringLiteral(R"({"type":"message","text":"<b>hi</b>"})"));
    QTRY_COMPARE(client.texts.size(), 3);
    const QJsonObject own = client.objects().at(1);
    QCOMPARE(own.value(u"type").toString(), QStringLiteral("message"));
    QCOMPARE(own.value(u"from").toInt(), 1);
    QCOMPARE(own.value(u"name").toString(), QStringLiteral("alice"));
    QCOMPARE(own.value(u"text").toString(), QStringLiteral("<b>hi</b>"));
    QVERIFY(QDateTime::fromString(own.value(u"time").toString(), Qt::ISODateWithMs).isValid());
    const QJsonObject reply = client.objects().at(2);
    QCOMPARE(reply.value(u"from").toInt(), 0);
    QCOMPARE(reply.value(u"text").toString(),
        QStringLiteral("I am the server. I received your message. You said: <b>hi</b>"));

    client.socket.sendTextMessage(QStringLiteral(R"({"type":"name","name":"bob"})"));
    QTRY_COMPARE(client.objectsOfType(QStringLiteral("name")).size(), 1);
    const QJsonObject renamed = client.objectsOfType(QStringLiteral("name")).first();
    QCOMPARE(renamed.value(u"old").toString(), QStringLiteral("alice"));
    QCOMPARE(renamed.value(u"name").toString(), QStringLiteral("bob"));
    QTRY_COMPARE(server.connections().value(0).name, QStringLiteral("bob"));
}

void TestHub::chatProtocol_broadcastSendsHistoryJoinAndLeave()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Broadcast;
    QVERIFY(DuplexTest::startServer(server, config));
    const QStringList v1 {QStringLiteral("duplex.v1")};
    Client alice(DuplexTest::wsUrl(server, QStringLiteral("/?name=alice")), v1);
    QVERIFY(alice.waitConnected());
    QTRY_COMPARE(alice.objectsOfType(QStringLiteral("history")).size(), 1);
    alice.socket.sendTextMessage(QStringLiteral(R"({"type":"message","text":"first"})"));
    QTRY_COMPARE(alice.objectsOfType(QStringLiteral("message")).size(), 1);

    auto plain = std::make_unique<Client>(DuplexTest::wsUrl(server, QStringLiteral("/?name=carol")));
    QVERIFY(plain->waitConnected()); // before bob: the joins come in the order the handshakes complete
    auto bob = std::make_unique<Client>(DuplexTest::wsUrl(server, QStringLiteral("/?name=bob")), v1);
    QVERIFY(bob->waitConnected());
    QTRY_COMPARE(bob->objectsOfType(QStringLiteral("history")).size(), 1);
    const QJsonArray history = bob->objectsOfType(QStringLiteral("history")).first().value(u"messages").toArray();
    QCOMPARE(history.size(), 1);
    QCOMPARE(history.first().toObject().value(u"text").toString(), QStringLiteral("first"));
    QTRY_COMPARE(alice.objectsOfType(QStringLiteral("join")).size(), 2);
    QCOMPARE(alice.objectsOfType(QStringLiteral("join")).last().value(u"name").toString(), QStringLiteral("bob"));

    // A plain client's message reaches duplex.v1 clients as JSON, and the other way round as "name: text".
    plain->socket.sendTextMessage(QStringLiteral("plain hello"));
    QTRY_COMPARE(bob->objectsOfType(QStringLiteral("message")).size(), 1);
    QCOMPARE(bob->objectsOfType(QStringLiteral("message")).first().value(u"name").toString(), QStringLiteral("carol"));
    bob->socket.sendTextMessage(QStringLiteral(R"({"type":"message","text":"json hello"})"));
    QTRY_COMPARE(plain->texts.size(), 2);
    QCOMPARE(plain->texts, (QStringList {QStringLiteral("carol: plain hello"), QStringLiteral("bob: json hello")}));

    bob->socket.close();
    QTRY_COMPARE(alice.objectsOfType(QStringLiteral("leave")).size(), 1);
    QCOMPARE(alice.objectsOfType(QStringLiteral("leave")).first().value(u"name").toString(), QStringLiteral("bob"));
}

void TestHub::chatProtocol_pagesHearOfAModeSwitch()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    Client page(DuplexTest::wsUrl(server), {QStringLiteral("duplex.v1")});
    QVERIFY(page.waitConnected());
    Client plain(DuplexTest::wsUrl(server));
    QVERIFY(plain.waitConnected());
    QTRY_COMPARE(page.objectsOfType(QStringLiteral("welcome")).size(), 1);
    server.setMode(Mode::Broadcast);
    QTRY_COMPARE(page.objectsOfType(QStringLiteral("mode")).size(), 1);
    QCOMPARE(page.objectsOfType(QStringLiteral("mode")).first().value(u"mode").toString(), QStringLiteral("broadcast"));
    server.setMode(Mode::Broadcast); // no change: nothing said
    server.setMode(Mode::Echo);
    QTRY_COMPARE(page.objectsOfType(QStringLiteral("mode")).size(), 2);
    QCOMPARE(page.objectsOfType(QStringLiteral("mode")).last().value(u"mode").toString(), QStringLiteral("echo"));
    plain.socket.sendTextMessage(QStringLiteral("x")); // a plain client got no JSON: its first frame is the reply
    QTRY_COMPARE(plain.texts.size(), 1);
    QVERIFY(plain.texts.first().endsWith(QStringLiteral("You said: x")));
}

void TestHub::chatProtocol_invalidJsonGetsErrorFrame()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    Client client(DuplexTest::wsUrl(server), {QStringLiteral("duplex.v1")});
    QVERIFY(client.waitConnected());
    client.socket.sendTextMessage(QStringLiteral("not json"));
    client.socket.sendTextMessage(QStringLiteral(R"({"type":"dance"})"));
    QTRY_COMPARE(client.objectsOfType(QStringLiteral("error")).size(), 2);
    QVERIFY(client.objectsOfType(QStringLiteral("error")).at(1).value(u"message").toString().contains(u"dance"));
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
}

void TestHub::operator_pushBroadcastAndDisconnect()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    Client first(DuplexTest::wsUrl(server));
    QVERIFY(first.waitConnected()); // id 1: ids follow the order the handshakes complete
    Client second(DuplexTest::wsUrl(server), {QStringLiteral("duplex.v1")});
    QVERIFY(second.waitConnected());
    QTRY_COMPARE(server.connections().size(), 2);

    server.sendText(1, QStringLiteral("just for you"));
    server.sendBinary(1, QByteArray("\x01\x02", 2));
    QTRY_COMPARE(first.texts, QStringList {QStringLiteral("just for you")});
    QTRY_COMPARE(first.binaries, QList<QByteArray> {QByteArray("\x01\x02", 2)});

    server.broadcastText(QStringLiteral("to everyone"));
    QTRY_COMPARE(first.texts.size(), 2);
    QCOMPARE(first.texts.last(), QStringLiteral("to everyone"));
    QTRY_COMPARE(second.objectsOfType(QStringLiteral("message")).size(), 1);
    const QJsonObject pushed = second.objectsOfType(QStringLiteral("message")).first();
    QCOMPARE(pushed.value(u"from").toInt(), 0);
    QCOMPARE(pushed.value(u"text").toString(), QStringLiteral("to everyone"));

    QSignalSpy disconnected(&second.socket, &QWebSocket::disconnected);
    server.disconnectClient(2, 4000, QStringLiteral("bye now"));
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(int(second.socket.closeCode()), 4000);
    QCOMPARE(second.socket.closeReason(), QStringLiteral("bye now"));
    QTRY_COMPARE(server.connections().size(), 1);
    QCOMPARE(first.socket.state(), QAbstractSocket::ConnectedState);
}

void TestHub::events_streamOpenedFramesAndClosed()
{
    Server server;
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    QVERIFY(DuplexTest::startServer(server));
    {
        Client client(DuplexTest::wsUrl(server, QStringLiteral("/x?name=eve")));
        QVERIFY(client.waitConnected());
        client.socket.sendTextMessage(QStringLiteral("ping?"));
        QTRY_COMPARE(client.texts.size(), 1);
        client.socket.close(QWebSocketProtocol::CloseCodeNormal);
        QTRY_VERIFY(std::any_of(
            events.cbegin(), events.cend(), [](const ServerEvent &e) { return e.type == ServerEvent::Type::Closed; }));
    }
    QList<ServerEvent::Type> types;
    for (const ServerEvent &e : std::as_const(events))
        types.append(e.type);
    QCOMPARE(types,
        (QList<ServerEvent::Type> {ServerEvent::Type::Opened, ServerEvent::Type::FrameIn, ServerEvent::Type::FrameOut,
            ServerEvent::Type::Closed}));
    QCOMPARE(events.at(0).connectionId, 1u);
    QCOMPARE(events.at(0).path, QStringLiteral("/x?name=eve"));
    QVERIFY(events.at(0).text.startsWith(u"127.0.0.1:"));
    QCOMPARE(events.at(1).opcode, ServerEvent::Opcode::Text);
    QCOMPARE(events.at(1).payload, QByteArray("ping?"));
    QCOMPARE(events.at(1).size, 5);
    QVERIFY(events.at(1).fin);
    QVERIFY(events.at(2).payload.endsWith("ping?"));
    QCOMPARE(events.at(3).closeCode, 1000);
    for (const ServerEvent &e : std::as_const(events))
        QVERIFY(qAbs(e.timestampMs - QDateTime::currentMSecsSinceEpoch()) < 60'000);
}

void TestHub::connections_snapshotListsOpenClients()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    QNetworkRequest request(DuplexTest::wsUrl(server, QStringLiteral("/chat?name=alice&room=1")));
    request.setRawHeader("User-Agent", "DuplexTest/1.0");
    request.setRawHeader("Origin", "http://localhost:1234");
    QWebSocket socket;
    socket.open(request);
    QSignalSpy connected(&socket, &QWebSocket::connected);
    QVERIFY(connected.wait(5000));
    socket.sendTextMessage(QStringLiteral("hello"));
    QTRY_COMPARE(server.stats().messagesIn, 1u);
    QTRY_COMPARE(server.connections().size(), 1);
    const ConnectionInfo info = server.connections().first();
    QCOMPARE(info.path, QStringLiteral("/chat?name=alice&room=1"));
    QCOMPARE(info.name, QStringLiteral("alice"));
    QCOMPARE(info.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(info.port, socket.localPort());
    QCOMPARE(info.userAgent, QStringLiteral("DuplexTest/1.0"));
    QCOMPARE(info.origin, QStringLiteral("http://localhost:1234"));
    QCOMPARE(info.messagesIn, 1u);
    QTRY_COMPARE(server.connections().first().messagesOut, 1u);
    QCOMPARE(server.connections().first().bytesIn, 5u);
    QCOMPARE(server.stats().connectionsTotal, 1u);
}

void TestHub::stop_closesEveryClientWith1001()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    Client a(DuplexTest::wsUrl(server));
    Client b(DuplexTest::wsUrl(server));
    QVERIFY(a.waitConnected());
    QVERIFY(b.waitConnected());
    QSignalSpy stopped(&server, &Server::stopped);
    QSignalSpy aClosed(&a.socket, &QWebSocket::disconnected);
    QSignalSpy bClosed(&b.socket, &QWebSocket::disconnected);
    server.stop();
    QVERIFY(stopped.wait(5000));
    QTRY_COMPARE(aClosed.size(), 1);
    QTRY_COMPARE(bClosed.size(), 1);
    QCOMPARE(int(a.socket.closeCode()), 1001);
    QCOMPARE(int(b.socket.closeCode()), 1001);
    QVERIFY(!server.isRunning());

    // And it starts again.
    QVERIFY(DuplexTest::startServer(server));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
}

void TestHub::oversizedMessage_closesWith1009()
{
    Server server;
    ServerConfig config;
    config.maxMessageSize = 1024;
    config.maxFrameSize = 1024;
    QVERIFY(DuplexTest::startServer(server, config));
    Client big(DuplexTest::wsUrl(server));
    Client small(DuplexTest::wsUrl(server));
    QVERIFY(big.waitConnected());
    QVERIFY(small.waitConnected());
    QSignalSpy closed(&big.socket, &QWebSocket::disconnected);
    big.socket.sendBinaryMessage(QByteArray(4096, 'x'));
    QVERIFY(closed.wait(5000));
    QCOMPARE(int(big.socket.closeCode()), 1009);
    small.socket.sendTextMessage(QStringLiteral("still here"));
    QTRY_COMPARE(small.texts.size(), 1);
}

void TestHub::start_onTakenPortFailsClearly()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost));
    Server server;
    ServerConfig config;
    config.port = blocker.serverPort();
    QSignalSpy failed(&server, &Server::startFailed);
    server.start(config);
    QVERIFY(failed.wait(5000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QString::number(config.port)), qPrintable(message));
    QVERIFY2(message.contains(u"in use", Qt::CaseInsensitive), qPrintable(message));
    QVERIFY(!server.isRunning());
}

QTEST_GUILESS_MAIN(TestHub)
#include "tst_hub.moc"

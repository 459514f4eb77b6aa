#include "listener.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Duplex;

class TestListener final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isWebSocketUpgrade_data();
    void isWebSocketUpgrade();
    void dispatch_byFirstRequest_data();
    void dispatch_byFirstRequest();
    void dispatch_waitsForTheWholeHead();
    void silentClient_isDroppedAfterTimeout();
    void endlessHead_isRefusedWith431();
};

void TestListener::isWebSocketUpgrade_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("upgrade");
    QTest::newRow("websocket") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade")
                               << true;
    QTest::newRow("case") << QByteArray("GET / HTTP/1.1\r\nuPgRaDe:   WebSocket") << true;
    QTest::newRow("list") << QByteArray("GET / HTTP/1.1\r\nUpgrade: h2c, websocket") << true;
    QTest::newRow("plain get") << QByteArray("GET / HTTP/1.1\r\nHost: x") << false;
    QTest::newRow("other upgrade") << QByteArray("GET / HTTP/1.1\r\nUpgrade: h2c") << false;
    QTest::newRow("in a value only") << QByteArray("GET /websocket HTTP/1.1\r\nX-Note: upgrade: websocket") << false;
}

void TestListener::isWebSocketUpgrade()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, upgrade);
    QCOMPARE(Listener::isWebSocketUpgrade(head), upgrade);
}

void TestListener::dispatch_byFirstRequest_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("webSocket");
    QTest::newRow("http") << QByteArray("GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n") << false;
    QTest::newRow("upgrade") << QByteArray(
        "GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                             << true;
}

void TestListener::dispatch_byFirstRequest()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, webSocket);
    Listener listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost));
    QSignalSpy ws(&listener, &Listener::webSocketRequest);
    QSignalSpy http(&listener, &Listener::httpRequest);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
    QVERIFY(client.waitForConnected(5000));
    client.write(request);
    QTRY_COMPARE(ws.size() + http.size(), 1);
    QCOMPARE(ws.size(), webSocket ? 1 : 0);
    // Nothing was consumed: the new owner reads the whole request.
    auto *socket = (webSocket ? ws : http).first().first().value<QTcpSocket *>();
    QTRY_COMPARE(socket->bytesAvailable(), request.size());
    QCOMPARE(socket->readAll(), request);
    delete socket;
    QCOMPARE(listener.pendingCount(), 0);
}

void TestListener::dispatch_waitsForTheWholeHead()
{
    Listener listener;
    QVERIFY(listener.listen(QHostAddress::LocalHost));
    QSignalSpy http(&listener, &Listener::httpRequest);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
    QVERIFY(client.waitForConnected(5000));
    client.write("GET / HTTP/1.1\r\n");
    client.flush();
    QTest::qWait(100);
    QCOMPARE(http.size(), 0);
    QCOMPARE(listener.pendingCount(), 1);
    client.write("Host: a\r\n\r\n");
    QTRY_COMPARE(http.size(), 1);
    delete http.first().first().value<QTcpSocket *>();
}

void TestListener::silentClient_isDroppedAfterTimeout()
{
    Listener listener;
    listener.setHandshakeTimeout(200);
    QVERIFY(listener.listen(QHostAddress::LocalHost));
    QSignalSpy rejected(&listener, &Listener::rejected);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
    QVERIFY(client.waitForConnected(5000));
    QSignalSpy closed(&client, &QTcpSocket::disconnected);
    QVERIFY(closed.wait(5000));
    QCOMPARE(rejected.size(), 1);
    QVERIFY(client.readAll().startsWith("HTTP/1.1 408"));
    QTRY_COMPARE(listener.pendingCount(), 0);
}

void TestListener::endlessHead_isRefusedWith431()
{
    Listener listener;
    listener.setMaxHeaderBytes(1024);
    QVERIFY(listener.listen(QHostAddress::LocalHost));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
    QVERIFY(client.waitForConnected(5000));
    QSignalSpy closed(&client, &QTcpSocket::disconnected);
    client.write("GET / HTTP/1.1\r\n");
    for (int i = 0; i < 100; ++i)
        client.write("X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
    QVERIFY(closed.wait(5000));
    QVERIFY(client.readAll().startsWith("HTTP/1.1 431"));
}

QTEST_GUILESS_MAIN(TestListener)
#include "tst_listener.moc"

// Several network threads (ServerConfig::threads, duplex-server --threads): connections are spread over them,
// and the server still behaves as one: unique ids, broadcasts reach the clients of every thread, operator actions
// reach the thread that has the client, events and statistics come from all of them, and stop closes everything.

#include "server.h"
#include "testclient.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace Duplex;
using DuplexTest::Client;

class TestThreads : public QObject
{
    Q_OBJECT

private:
    // With `mixed`, the even ones speak duplex.v1 and the odd ones plain WebSocket; else all plain.
    static std::vector<std::unique_ptr<Client>> openClients(const Server &server, int count, bool mixed = true)
    {
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < count; ++i) {
            const QStringList protocols
                = mixed && i % 2 == 0 ? QStringList {QStringLiteral("duplex.v1")} : QStringList {};
            clients.push_back(
                std::make_unique<Client>(DuplexTest::wsUrl(server, QStringLiteral("/?name=c%1").arg(i)), protocols));
            // one at a time, so that the dealing order is the connection order
            if (!clients.back()->waitConnected())
                return {};
        }
        return clients;
    }

    // A server spread over `threads` network threads, each taking minPerThread connections before the next.
    static ServerConfig spread(int threads, int minPerThread, Mode mode = Mode::Echo)
    {
        ServerConfig config;
        config.mode = mode;
        config.threads = threads;
        config.minPerThread = minPerThread;
        return config;
    }

    // The server's record of a client, matched by the client's local port.
    static ConnectionInfo infoOf(const Server &server, const Client &client)
    {
        for (const ConnectionInfo &info : server.connections()) {
            if (info.port == client.socket.localPort())
                return info;
        }
        return {};
    }

private Q_SLOTS:
    // e.g. "Socket notifiers cannot be enabled or disabled from another thread": a socket moved at the wrong time
    void init() { QTest::failOnWarning(QRegularExpression(QStringLiteral("another thread|QObject::"))); }

    void spreadsConnectionsAndRelaysBroadcasts()
    {
        Server server;
        ServerConfig config = spread(3, 2, Mode::Broadcast);
        QList<ServerEvent> events;
        bool batchesInOrder = true;
        connect(&server, &Server::eventsReady, this, [&](const QList<ServerEvent> &batch) {
            for (qsizetype i = 1; i < batch.size(); ++i)
                batchesInOrder = batchesInOrder && batch[i - 1].timestampMs <= batch[i].timestampMs;
            events += batch;
        });
        QVERIFY(DuplexTest::startServer(server, config));

        auto clients = openClients(server, 9);
        QCOMPARE(clients.size(), std::size_t(9));
        QTRY_COMPARE_WITH_TIMEOUT(server.connections().size(), 9, 3000);

        // two on each thread first, then the one with the fewest: 0 0 1 1 2 2, then 0 1 2
        QSet<quint64> ids;
        QList<int> threads;
        for (const auto &client : clients) {
            const ConnectionInfo info = infoOf(server, *client);
            QVERIFY(info.id != 0);
            ids.insert(info.id);
            threads.append(info.thread);
        }
        QCOMPARE(ids.size(), 9);
        QCOMPARE(threads, (QList<int> {0, 0, 1, 1, 2, 2, 0, 1, 2}));

        // the first client (thread 0, duplex.v1) heard every later one join, whichever thread has them
        QTRY_COMPARE_WITH_TIMEOUT(clients[0]->objectsOfType(QStringLiteral("join")).size(), 8, 3000);

        // a plain client on thread 2 says something: all nine get it
        Client &speaker = *clients[5];
        QCOMPARE(infoOf(server, speaker).thread, 2);
        speaker.socket.sendTextMessage(QStringLiteral("hello from thread 2"));
        for (std::size_t i = 0; i < clients.size(); ++i) {
            Client &client = *clients[i];
            if (i % 2 == 0) {
                QTRY_VERIFY_WITH_TIMEOUT(
                    [&] {
                        for (const QJsonObject &o : client.objectsOfType(QStringLiteral("message"))) {
                            if (o.value(QLatin1String("text")).toString() == u"hello from thread 2")
                                return true;
                        }
                        return false;
                    }(),
                    3000);
            } else {
                QTRY_VERIFY_WITH_TIMEOUT(client.texts.contains(u"c5: hello from thread 2"), 3000);
            }
        }
        // and binary, from a client on thread 1, reaches everyone too
        clients[3]->socket.sendBinaryMessage(QByteArray("\x01\x02\x03", 3));
        for (const auto &client : clients)
            QTRY_COMPARE_WITH_TIMEOUT(client->binaries.size(), 1, 3000);

        // the operator pushes to a client of thread 1 and disconnects one of thread 2
        const ConnectionInfo onOne = infoOf(server, *clients[7]);
        QCOMPARE(onOne.thread, 1);
        server.sendText(onOne.id, QStringLiteral("just for you"));
        QTRY_VERIFY_WITH_TIMEOUT(clients[7]->texts.contains(u"just for you"), 3000);
        QVERIFY(!clients[6]->texts.contains(u"just for you"));
        const ConnectionInfo onTwo = infoOf(server, *clients[8]);
        QCOMPARE(onTwo.thread, 2);
        QSignalSpy gone(&clients[8]->socket, &QWebSocket::disconnected);
        server.disconnectClient(onTwo.id, 4000, QStringLiteral("operator"));
        QVERIFY(gone.wait(3000));
        QCOMPARE(int(clients[8]->socket.closeCode()), 4000);

        // the totals add up over the threads
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().connectionsNow, quint64(8), 3000);
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().messagesIn, quint64(2), 3000);
        QCOMPARE(server.stats().connectionsTotal, quint64(9));

        // events come from every thread, each batch in time order
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QSet<quint64> opened;
                for (const ServerEvent &e : std::as_const(events)) {
                    if (e.type == ServerEvent::Type::Opened)
                        opened.insert(e.connectionId);
                }
                return opened == ids;
            }(),
            3000);
        QVERIFY(batchesInOrder);

        // stop says goodbye with 1001 on every thread
        QSignalSpy stopped(&server, &Server::stopped);
        server.stop(1001);
        QVERIFY(stopped.wait(5000));
        for (std::size_t i = 0; i < 8; ++i) {
            QTRY_COMPARE_WITH_TIMEOUT(clients[i]->socket.state(), QAbstractSocket::UnconnectedState, 3000);
            QCOMPARE(int(clients[i]->socket.closeCode()), 1001);
        }
    }

    // Server::connections() asks every thread at once (no snapshot to wait for); a window that starts watching
    // connectionsChanged() while clients are connected gets the list without waiting for a change; disconnecting
    // from it (Qt's lock held in disconnectNotify()) neither hangs nor loses the list.
    void connectionListIsFreshAndSentOnceWatched()
    {
        Server server;
        ServerConfig config = spread(2, 1);
        QVERIFY(DuplexTest::startServer(server, config));
        auto clients = openClients(server, 4, false);
        QCOMPARE(clients.size(), std::size_t(4));
        QList<ConnectionInfo> now = server.connections();
        QCOMPARE(now.size(), 4);
        QSet<int> threads;
        for (const ConnectionInfo &info : std::as_const(now))
            threads.insert(info.thread);
        QCOMPARE(threads, (QSet<int> {0, 1}));

        QList<ConnectionInfo> watched;
        const auto connection = connect(&server, &Server::connectionsChanged, this,
            [&](const QList<ConnectionInfo> &connections, const ServerStats &) { watched = connections; });
        QTRY_COMPARE(watched.size(), 4);
        clients.pop_back();
        QTRY_COMPARE(watched.size(), 3);
        QCOMPARE(server.connections().size(), 3);
        // Nobody watching: the list is still there when asked for (the snapshots no longer carry it).
        disconnect(connection);
        clients.pop_back();
        QTRY_COMPARE(server.connections().size(), 2);
    }

    void echoesEveryMessageInOrderOnEveryThread()
    {
        Server server;
        ServerConfig config = spread(2, 1, Mode::Raw);
        QVERIFY(DuplexTest::startServer(server, config));
        auto clients = openClients(server, 10, false);
        QCOMPARE(clients.size(), std::size_t(10));
        constexpr int PerClient = 200;
        for (int n = 0; n < PerClient; ++n) {
            for (std::size_t i = 0; i < clients.size(); ++i)
                clients[i]->socket.sendTextMessage(QStringLiteral("%1-%2").arg(i).arg(n));
        }
        for (std::size_t i = 0; i < clients.size(); ++i) {
            QTRY_COMPARE_WITH_TIMEOUT(clients[i]->texts.size(), PerClient, 5000);
            for (int n = 0; n < PerClient; ++n)
                QCOMPARE(clients[i]->texts[n], QStringLiteral("%1-%2").arg(i).arg(n));
        }
        QTRY_COMPARE_WITH_TIMEOUT(server.connections().size(), 10, 3000);
        QSet<int> threads;
        for (const ConnectionInfo &info : server.connections())
            threads.insert(info.thread);
        QCOMPARE(threads, (QSet<int> {0, 1}));
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().messagesIn, quint64(10 * PerClient), 3000);
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().messagesOut, quint64(10 * PerClient), 3000);
    }

    // A TLS connection is moved to its thread after its TLS handshake and request head: it keeps working there.
    void servesWssOnTheOtherThreads()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString cert;
        QString key;
        const QString error = DuplexTest::makeCertificate(dir.path(), cert, key);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        Server server;
        ServerConfig config = spread(2, 1, Mode::Raw);
        config.certificateFile = cert;
        config.keyFile = key;
        QVERIFY(DuplexTest::startServer(server, config));
        std::vector<std::unique_ptr<QWebSocket>> sockets;
        for (int i = 0; i < 2; ++i) {
            auto ws = std::make_unique<QWebSocket>();
            QWebSocket *raw = ws.get();
            connect(raw, &QWebSocket::sslErrors, raw, [raw](const QList<QSslError> &) { raw->ignoreSslErrors(); });
            QSignalSpy connected(raw, &QWebSocket::connected);
            raw->open(QUrl(QStringLiteral("wss://127.0.0.1:%1/").arg(server.port())));
            QVERIFY(connected.wait(10'000));
            sockets.push_back(std::move(ws));
        }
        for (std::size_t i = 0; i < sockets.size(); ++i) {
            QSignalSpy received(sockets[i].get(), &QWebSocket::textMessageReceived);
            sockets[i]->sendTextMessage(QStringLiteral("secret %1").arg(i));
            QVERIFY(received.wait(5000));
            QCOMPARE(received.first().first().toString(), QStringLiteral("secret %1").arg(i));
        }
        QTRY_COMPARE_WITH_TIMEOUT(server.connections().size(), 2, 3000);
        QSet<int> threads;
        for (const ConnectionInfo &info : server.connections())
            threads.insert(info.thread);
        QCOMPARE(threads, (QSet<int> {0, 1}));
    }

    // A thread's count falls again when its clients leave (QWebSocket cuts the signals of the socket it wraps, so
    // the count cannot hang on destroyed()): the next clients go back to the first thread.
    void dealsByTheConnectionsStillOpen()
    {
        Server server;
        ServerConfig config = spread(2, 2);
        QVERIFY(DuplexTest::startServer(server, config));
        {
            auto first = openClients(server, 2, false);
            QCOMPARE(first.size(), std::size_t(2));
            QTRY_COMPARE_WITH_TIMEOUT(server.connections().size(), 2, 3000);
            for (const ConnectionInfo &info : server.connections())
                QCOMPARE(info.thread, 0);
            for (const auto &client : first)
                client->socket.close();
            QTRY_COMPARE_WITH_TIMEOUT(server.connections().size(), 0, 3000);
        }
        // the closed sockets are freed a pass later
        QTest::qWait(200);
        auto again = openClients(server, 2, false);
        QCOMPARE(again.size(), std::size_t(2));
        QTRY_COMPARE_WITH_TIMEOUT(server.connections().size(), 2, 3000);
        for (const ConnectionInfo &info : server.connections())
            QCOMPARE(info.thread, 0);
    }

    void restartsWithAnotherThreadCount()
    {
        Server server;
        ServerConfig config = spread(2, 1);
        QVERIFY(DuplexTest::startServer(server, config));
        {
            auto clients = openClients(server, 2);
            QCOMPARE(clients.size(), std::size_t(2));
            QTRY_COMPARE_WITH_TIMEOUT(server.connections().size(), 2, 3000);
            const QJsonObject stats = DuplexTest::getJson(server.port(), "/api/stats").object();
            QCOMPARE(stats.value(QLatin1String("limits")).toObject().value(QLatin1String("threads")).toInt(), 2);
            QTRY_COMPARE_WITH_TIMEOUT(DuplexTest::getJson(server.port(), "/api/stats")
                                          .object()
                                          .value(QLatin1String("connectionsNow"))
                                          .toInt(),
                2, 3000);
            QSet<int> threads;
            for (const QJsonValue &c : DuplexTest::getJson(server.port(), "/api/connections").array())
                threads.insert(c.toObject().value(QLatin1String("thread")).toInt());
            QCOMPARE(threads, (QSet<int> {0, 1}));
            QSignalSpy stopped(&server, &Server::stopped);
            server.stop();
            QVERIFY(stopped.wait(5000));
        }
        config.threads = 1;
        QVERIFY(DuplexTest::startServer(server, config));
        auto clients = openClients(server, 3);
        QCOMPARE(clients.size(), std::size_t(3));
        QTRY_COMPARE_WITH_TIMEOUT(server.connections().size(), 3, 3000);
        for (const ConnectionInfo &info : server.connections())
            QCOMPARE(info.thread, 0);
        clients[1]->socket.sendTextMessage(QStringLiteral("still here")); // plain: one echo reply
        QTRY_COMPARE_WITH_TIMEOUT(clients[1]->texts.size(), 1, 3000);
    }
};

QTEST_GUILESS_MAIN(TestThreads)
#include "tst_threads.moc"

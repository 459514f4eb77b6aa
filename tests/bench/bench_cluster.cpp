// Cross-server broadcast throughput: N plain clients on each of two duplex-server processes sharing one Redis.
// Every client sends in turn; the clock stops when every client has every message of the other server.
// Run through tests/bench/bench_cluster.sh, which starts Redis and the servers.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <QWebSocket>

#include <cstdio>
#include <memory>
#include <vector>

namespace {

struct BenchClient
{
    std::unique_ptr<QWebSocket> socket = std::make_unique<QWebSocket>();
    QString name;
    QString otherPrefix; // "b" for a client of server a: its messages are the cross-server ones
    qint64 cross = 0;
    qint64 local = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Cross-server broadcast deliveries per second."));
    parser.addHelpOption();
    const QCommandLineOption a(
        QStringLiteral("a"), QStringLiteral("First server, ws://HOST:PORT/."), QStringLiteral("url"));
    const QCommandLineOption b(
        QStringLiteral("b"), QStringLiteral("Second server, ws://HOST:PORT/."), QStringLiteral("url"));
    const QCommandLineOption clients(QStringLiteral("clients"), QStringLiteral("Clients per server (default 100)."),
        QStringLiteral("n"), QStringLiteral("100"));
    const QCommandLineOption messages(QStringLiteral("messages"),
        QStringLiteral("Messages sent on each server (default 2000)."), QStringLiteral("n"), QStringLiteral("2000"));
    parser.addOptions({a, b, clients, messages});
    parser.process(app);
    const int perServer = parser.value(clients).toInt();
    const int perSide = parser.value(messages).toInt();
    const QUrl servers[2] = {QUrl(parser.value(a)), QUrl(parser.value(b))};
    if (!servers[0].isValid() || !servers[1].isValid() || perServer < 1 || perSide < 1) {
        std::fprintf(stderr, "bench_cluster: give --a and --b URLs and positive counts\n");
        return 2;
    }

    std::vector<std::unique_ptr<BenchClient>> all;
    int connected = 0;
    const qint64 crossExpected = perSide; // each client gets every message of the other server
    int done = 0;
    QElapsedTimer clock;
    qint64 elapsedMs = 0;

    for (int s = 0; s < 2; ++s) {
        const QString prefix = s == 0 ? QStringLiteral("a") : QStringLiteral("b");
        for (int i = 0; i < perServer; ++i) {
            auto c = std::make_unique<BenchClient>();
            c->name = prefix + QString::number(i);
            c->otherPrefix = s == 0 ? QStringLiteral("b") : QStringLiteral("a");
            BenchClient *raw = c.get();
            QObject::connect(raw->socket.get(), &QWebSocket::connected, &app, [&connected] { ++connected; });
            QObject::connect(raw->socket.get(), &QWebSocket::textMessageReceived, &app,
                [raw, &done, &clock, &elapsedMs, perServer, crossExpected](const QString &text) {
                    if (text.startsWith(raw->otherPrefix)) {
                        if (++raw->cross == crossExpected && ++done == 2 * perServer) {
                            elapsedMs = clock.elapsed();
                            QCoreApplication::quit();
                        }
                    } else {
                        ++raw->local;
                    }
                });
            QUrl url = servers[s];
            url.setQuery(QStringLiteral("name=") + c->name);
            raw->socket->open(url);
            all.push_back(std::move(c));
        }
    }

    QElapsedTimer wait;
    wait.start();
    while (connected < 2 * perServer && wait.elapsed() < 20'000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    if (connected < 2 * perServer) {
        std::fprintf(stderr, "bench_cluster: only %d of %d clients connected\n", connected, 2 * perServer);
        return 1;
    }

    // Paced: a batch on each server every millisecond, round-robin over its clients.
    constexpr int Batch = 20;
    int sent = 0;
    QTimer pace;
    pace.setInterval(1);
    QObject::connect(&pace, &QTimer::timeout, &app, [&] {
        for (int k = 0; k < Batch && sent < perSide; ++k, ++sent) {
            for (int s = 0; s < 2; ++s) {
                BenchClient &c = *all[size_t(s * perServer + sent % perServer)];
                c.socket->sendTextMessage(QString::number(sent));
            }
        }
        if (sent >= perSide)
            pace.stop();
    });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &app, [] { QCoreApplication::exit(1); });
    timeout.start(120'000);
    clock.start();
    pace.start();
    if (QCoreApplication::exec() != 0) {
        qint64 cross = 0;
        for (const auto &c : all)
            cross += c->cross;
        std::fprintf(stderr, "bench_cluster: timed out with %lld of %lld cross-server deliveries\n",
            static_cast<long long>(cross), static_cast<long long>(crossExpected * 2 * perServer));
        return 1;
    }

    const qint64 crossTotal = crossExpected * 2 * perServer;
    const double seconds = double(elapsedMs) / 1000.0;
    std::printf("servers: 2, clients: %d per server, messages: %d per server\n", perServer, perSide);
    std::printf("elapsed: %.2f s\n", seconds);
    std::printf("cross-server deliveries: %lld (%.0f per second)\n", static_cast<long long>(crossTotal),
        double(crossTotal) / seconds);
    return 0;
}

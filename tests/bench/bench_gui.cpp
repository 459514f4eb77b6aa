// Responsiveness benchmark (not a test): the desktop window runs its server while a load generator hammers it;
// a 10 ms timer on the GUI thread measures how late the event loop runs (lag), and the load generator reports the
// server's throughput. Run through tests/bench/run-bench.sh, which builds the load generator.
//
//   bench_gui --wsbench PATH [--clients N] [--seconds S] [--size BYTES]
#include "connectionsmodel.h"
#include "logmodel.h"
#include "mainwindow.h"
#include "server.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace Duplex;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QTemporaryDir settingsDir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption wsbench(
        QStringLiteral("wsbench"), QStringLiteral("Path of the wsbench load generator."), QStringLiteral("path"));
    const QCommandLineOption clients(
        QStringLiteral("clients"), QStringLiteral("Connections."), QStringLiteral("n"), QStringLiteral("100"));
    const QCommandLineOption seconds(
        QStringLiteral("seconds"), QStringLiteral("Duration."), QStringLiteral("s"), QStringLiteral("10"));
    const QCommandLineOption size(
        QStringLiteral("size"), QStringLiteral("Message size."), QStringLiteral("bytes"), QStringLiteral("16"));
    const QCommandLineOption mode(
        QStringLiteral("mode"), QStringLiteral("Server mode."), QStringLiteral("mode"), QStringLiteral("echo"));
    parser.addOptions({wsbench, clients, seconds, size, mode});
    parser.process(app);

    MainWindow window({QHostAddress(QHostAddress::LocalHost), quint16(0), modeFromName(parser.value(mode))});
    window.resize(1280, 800);
    window.show();
    QSignalSpy started(window.server(), &Server::started);
    window.startServer();
    if (!started.wait(5000)) {
        std::fprintf(stderr, "server did not start\n");
        return 1;
    }

    // Event-loop lag: how late a 10 ms timer fires on the GUI thread.
    std::vector<double> lateMs;
    lateMs.reserve(100'000);
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    bool measuring = false;
    QObject::connect(&probe, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (measuring)
            lateMs.push_back(std::max(0.0, double(now - last) / 1e6 - 10.0));
        last = now;
    });
    probe.start();

    QProcess load;
    load.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QObject::connect(&load, &QProcess::started, &app, [&] { measuring = true; });
    QObject::connect(&load, &QProcess::finished, &app, [&] {
        measuring = false;
        QCoreApplication::quit();
    });
    load.start(parser.value(wsbench),
        {QStringLiteral("-p"), QString::number(window.server()->port()), QStringLiteral("-c"), parser.value(clients),
            QStringLiteral("-s"), parser.value(size), QStringLiteral("-d"), parser.value(seconds), QStringLiteral("-w"),
            QStringLiteral("1")});
    QApplication::exec();

    std::sort(lateMs.begin(), lateMs.end());
    const auto pct = [&](double p) {
        return lateMs.empty() ? 0.0 : lateMs[std::min(lateMs.size() - 1, std::size_t(p * double(lateMs.size())))];
    };
    const QByteArray result = load.readAllStandardOutput().trimmed();
    std::printf("%s\n", result.constData());
    std::printf("gui_lag_samples=%zu gui_lag_p50_ms=%.2f gui_lag_p99_ms=%.2f gui_lag_max_ms=%.2f log_rows=%d "
                "connections_view_rows=%d\n",
        lateMs.size(), pct(0.5), pct(0.99), lateMs.empty() ? 0.0 : lateMs.back(), window.logModel()->rowCount(),
        window.connectionsModel()->rowCount());
    return 0;
}

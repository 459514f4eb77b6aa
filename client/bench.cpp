#include "bench.h"

#include "loadgenerator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>

namespace Duplex {

namespace {

enum BenchExit {
    BenchOk = 0, // every message came back intact
    BenchFailed = 1, // errors, lost or mismatched messages
    BenchBadArguments = 2,
    BenchCannotConnect = 3,
};

class BenchCommandLine
{
    Q_DECLARE_TR_FUNCTIONS(BenchCommandLine)

public:
    static QString parse(const QStringList &arguments, LoadOptions &options, bool &json, bool &quiet);
    static QString phaseName(LoadProgress::Phase phase);
};

bool readInt(const QCommandLineParser &parser, const QCommandLineOption &option, int min, int max, int &out)
{
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok || value < min || value > max)
        return false;
    out = value;
    return true;
}

QString BenchCommandLine::parse(const QStringList &arguments, LoadOptions &options, bool &json, bool &quiet)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Duplex load generator: opens N WebSocket connections spread over several threads; each sends a "
           "message, waits for its echo, checks that it is byte-identical and sends the next. The first second "
           "is a warm-up and is not counted. The server must return every frame unchanged (duplex-server "
           "--mode raw; or --binary against echo mode).\n"
           "\n"
           "Exit codes: 0 every message came back intact, 1 errors, lost or mismatched messages, "
           "2 bad arguments, 3 no connection could be opened."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("bench"), tr("The subcommand."));
    parser.addPositionalArgument(QStringLiteral("url"), tr("The server, e.g. ws://127.0.0.1:8090/."));
    const QCommandLineOption connections(
        QStringLiteral("connections"), tr("Number of connections (default 100)."), tr("N"), QStringLiteral("100"));
    const QCommandLineOption size(
        QStringLiteral("size"), tr("Bytes per message (default 16)."), tr("bytes"), QStringLiteral("16"));
    const QCommandLineOption duration(QStringLiteral("duration"),
        tr("Seconds to measure, after the warm-up (default 10)."), tr("seconds"), QStringLiteral("10"));
    const QCommandLineOption warmup(QStringLiteral("warmup"),
        tr("Milliseconds of warm-up, not counted (default 1000)."), tr("ms"), QStringLiteral("1000"));
    const QCommandLineOption threads(QStringLiteral("threads"),
        tr("Event loops on threads of their own (default: one per core)."), tr("T"), QStringLiteral("0"));
    const QCommandLineOption binary(QStringLiteral("binary"), tr("Send binary frames instead of text."));
    const QCommandLineOption jsonOption(
        QStringLiteral("json"), tr("Print the result as one JSON line on standard output."));
    const QCommandLineOption quietOption(QStringLiteral("quiet"), tr("No progress lines on standard error."));
    parser.addOptions({connections, size, duration, warmup, threads, binary, jsonOption, quietOption});
    if (!parser.parse(arguments))
        return parser.errorText();
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(BenchOk);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return tr("Give exactly one URL after \"bench\", e.g. ws://127.0.0.1:8090/ (see bench --help).");
    QString urlText = positional.at(1);
    if (!urlText.contains(u"://"))
        urlText.prepend(u"ws://");
    const QUrl url(urlText, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"ws" && url.scheme() != u"wss"))
        return tr("Invalid URL \"%1\": use ws://host:port/path or wss://…").arg(positional.at(1));
    options.url = url;
    if (!readInt(parser, connections, 1, 100000, options.connections))
        return tr("Invalid --connections \"%1\": give a number from 1 to 100000.").arg(parser.value(connections));
    if (!readInt(parser, size, 0, 64 * 1024 * 1024, options.messageSize))
        return tr("Invalid --size \"%1\": give a number of bytes up to 64 MiB.").arg(parser.value(size));
    if (!readInt(parser, duration, 1, 3600, options.durationSeconds))
        return tr("Invalid --duration \"%1\": give a number of seconds from 1 to 3600.").arg(parser.value(duration));
    if (!readInt(parser, warmup, 0, 60000, options.warmupMs))
        return tr("Invalid --warmup \"%1\": give a number of milliseconds up to 60000.").arg(parser.value(warmup));
    if (!readInt(parser, threads, 0, 256, options.threads))
        return tr("Invalid --threads \"%1\": give a number from 1 to 256.").arg(parser.value(threads));
    options.binary = parser.isSet(binary);
    json = parser.isSet(jsonOption);
    quiet = parser.isSet(quietOption);
    return {};
}

QString BenchCommandLine::phaseName(LoadProgress::Phase phase)
{
    switch (phase) {
    case LoadProgress::Phase::Connecting:
        return tr("connecting");
    case LoadProgress::Phase::WarmingUp:
        return tr("warming up");
    case LoadProgress::Phase::Measuring:
        return tr("measuring");
    case LoadProgress::Phase::Draining:
        return tr("finishing");
    }
    return {};
}

class BenchReport
{
    Q_DECLARE_TR_FUNCTIONS(BenchReport)

public:
    static void print(QTextStream &out, const LoadResult &r)
    {
        const QString kind = r.binary ? tr("binary") : tr("text");
        out << tr("%1: %2 connections (%3 open) on %4 threads, %5-byte %6 messages, %7 s measured")
                   .arg(r.url.toDisplayString())
                   .arg(r.connections)
                   .arg(r.opened)
                   .arg(r.threads)
                   .arg(r.messageSize)
                   .arg(kind)
                   .arg(r.seconds, 0, 'f', 2)
            << Qt::endl;
        out << tr("messages per second: %1 (%2 messages)").arg(r.messagesPerSecond, 0, 'f', 0).arg(r.messages)
            << Qt::endl;
        out << tr("latency: p50 %1 ms, p99 %2 ms, max %3 ms")
                   .arg(r.p50Ms, 0, 'f', 3)
                   .arg(r.p99Ms, 0, 'f', 3)
                   .arg(r.maxMs, 0, 'f', 3)
            << Qt::endl;
        out << tr("errors %1, mismatches %2, lost %3 (sent %4, echoed %5)")
                   .arg(r.errors)
                   .arg(r.mismatches)
                   .arg(r.lost)
                   .arg(r.sent)
                   .arg(r.received)
            << Qt::endl;
    }
};

} // namespace

int runBench(const QStringList &arguments)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    LoadOptions options;
    bool json = false;
    bool quiet = false;
    const QString error = BenchCommandLine::parse(arguments, options, json, quiet);
    if (!error.isEmpty()) {
        err << "duplex-client bench: " << error << Qt::endl;
        return BenchBadArguments;
    }

    // One descriptor per connection: raise the soft limit as far as the hard one allows.
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }

    LoadGenerator generator;
    int exitCode = BenchOk;
    QObject::connect(&generator, &LoadGenerator::progress, &generator, [&err, quiet](const LoadProgress &p) {
        if (quiet)
            return;
        err << QCoreApplication::translate("BenchCommandLine", "%1 s %2: %3 open, %4 msg/s, errors %5, mismatches %6")
                   .arg(p.elapsedSeconds, 0, 'f', 0)
                   .arg(BenchCommandLine::phaseName(p.phase))
                   .arg(p.open)
                   .arg(p.messagesPerSecond, 0, 'f', 0)
                   .arg(p.errors)
                   .arg(p.mismatches)
            << Qt::endl;
    });
    QObject::connect(&generator, &LoadGenerator::finished, &generator, [&](const LoadResult &r) {
        if (json)
            out << QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact)) << Qt::endl;
        else if (r.ok)
            BenchReport::print(out, r);
        if (!r.ok) {
            err << "duplex-client bench: " << r.error << Qt::endl;
            exitCode = BenchCannotConnect;
        } else if (r.errors > 0 || r.mismatches > 0 || r.lost > 0 || r.messages == 0) {
            exitCode = BenchFailed;
        }
        QCoreApplication::quit();
    });
    QTimer::singleShot(0, &generator, [&generator, options] { generator.start(options); });
    QCoreApplication::exec();
    return exitCode;
}

} // namespace Duplex

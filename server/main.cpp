// duplex-server: the Duplex server without a window.
#include "eventformatter.h"
#include "faultset.h"
#include "lanaddresses.h"
#include "qrcode.h"
#include "redisbridge.h"
#include "resourcelimits.h"
#include "rulesfile.h"
#include "server.h"
#include "signalwatcher.h"
#include "translations.h"
#include "watchedfile.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QThread>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <unistd.h>

using namespace Duplex;

namespace {

class ServerCommandLine
{
    Q_DECLARE_TR_FUNCTIONS(ServerCommandLine)

public:
    // Returns an error message, or an empty string when the options are good.
    struct Files
    {
        QString rules; // --rules
        QString script; // --script
        int scriptTimeoutMs = 200;
        std::optional<FaultSet> faults; // --fault
        bool qr = false; // --qr
    };
    static QString parse(
        const QStringList &arguments, ServerConfig &config, bool &quiet, bool &json, bool &verbose, Files &files);
};

bool parseHost(const QString &text, QHostAddress &host)
{
    if (text == u"localhost") {
        host = QHostAddress::LocalHost;
        return true;
    }
    if (text == u"*" || text == u"any") {
        host = QHostAddress::Any;
        return true;
    }
    return host.setAddress(text);
}

QString ServerCommandLine::parse(
    const QStringList &arguments, ServerConfig &config, bool &quiet, bool &json, bool &verbose, Files &files)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Duplex WebSocket chat server: one port serves the chat page over HTTP and takes WebSocket connections."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption host(QStringLiteral("host"), tr("Address to listen on (default 127.0.0.1; * for all)."),
        tr("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"), tr("Port to listen on (default 8090; 0 picks a free one)."),
        tr("port"), QStringLiteral("8090"));
    const QCommandLineOption mode(QStringLiteral("mode"), tr("What to do with messages: echo, broadcast or raw."),
        tr("mode"), QStringLiteral("echo"));
    const QCommandLineOption root(QStringLiteral("document-root"),
        tr("Serve files from this folder instead of the built-in chat page."), tr("folder"));
    const QCommandLineOption reply(QStringLiteral("reply"),
        tr("Echo reply template; {text}, {id}, {name} and {time} are filled in."), tr("template"));
    const QCommandLineOption quietOption(QStringLiteral("quiet"), tr("Do not log connections and messages."));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"), tr("Also log the frames the server sends."));
    const QCommandLineOption format(
        QStringLiteral("log-format"), tr("Log format: text or json."), tr("format"), QStringLiteral("text"));
    const QCommandLineOption maxMessage(QStringLiteral("max-message-size"),
        tr("Largest message a client may send, in bytes (default 1 MiB)."), tr("bytes"),
        QString::number(config.maxMessageSize));
    const QCommandLineOption lang(
        QStringLiteral("lang"), tr("Language of messages, e.g. en or zh_CN."), tr("language"));
    const QCommandLineOption redis(QStringLiteral("redis"),
        tr("Chat as one with the other servers on this Redis server, e.g. redis://127.0.0.1:6379."), tr("url"));
    const QCommandLineOption nodeName(QStringLiteral("node-name"),
        tr("This server's name in the cluster (default: host name and port)."), tr("name"));
    parser.addOptions(
        {host, port, mode, root, reply, quietOption, verboseOption, format, maxMessage, lang, redis, nodeName});
    const QCommandLineOption database(QStringLiteral("database"),
        tr("Keep the message log and chat history in this SQLite file (default: in the app data folder)."), tr("file"));
    const QCommandLineOption noHistory(
        QStringLiteral("no-history"), tr("Keep no message log or chat history on disk."));
    const QCommandLineOption metricsOpen(
        QStringLiteral("metrics-open"), tr("Serve GET /metrics (Prometheus) without the access token."));
    const QCommandLineOption noCompression(QStringLiteral("no-compression"),
        tr("Do not agree to permessage-deflate compression when a client offers it."));
    const QCommandLineOption engine(QStringLiteral("engine"),
        tr("What serves WebSocket connections: native (Duplex's own framing, the default) or qt (QWebSocketServer)."),
        tr("engine"), QStringLiteral("native"));
    parser.addOptions({database, noHistory, metricsOpen, noCompression, engine});
    const QCommandLineOption rules(QStringLiteral("rules"),
        tr("Auto-reply rules from this JSON file, reloaded when it changes and on SIGHUP (README \"Rules\")."),
        tr("file"));
    parser.addOption(rules);
    const QCommandLineOption fault(QStringLiteral("fault"),
        tr("Inject faults to test clients (README \"Testing your client\"): comma-separated latency=MS, jitter=MS, "
           "rate=BYTES_PER_S, drop=PERCENT, seed=N, pings=off, read=off, status=HTTP_STATUS, percent=PERCENT, "
           "retry=S, handshake-delay=MS; changed later with PUT /api/faults."),
        tr("list"));
    parser.addOption(fault);
    const QCommandLineOption script(QStringLiteral("script"),
        tr("JavaScript handlers (server.on('message', …)) from this file, reloaded when it changes and on SIGHUP "
           "(README \"Scripting\")."),
        tr("file"));
    const QCommandLineOption scriptTimeout(QStringLiteral("script-timeout"),
        tr("Stop a script handler that runs longer than this (default 200)."), tr("ms"), QStringLiteral("200"));
    parser.addOptions({script, scriptTimeout});
    // Limits and access control (README, "Limits and access").
    const QCommandLineOption maxConnections(QStringLiteral("max-connections"),
        tr("Most WebSocket connections at once; the next gets HTTP 503 (default 10000)."), tr("n"),
        QString::number(config.maxConnections));
    const QCommandLineOption rateLimit(QStringLiteral("rate-limit"),
        tr("Most messages per second from one connection; more closes it with 1008 (default 0: no limit)."), tr("n"),
        QStringLiteral("0"));
    const QCommandLineOption heartbeat(QStringLiteral("heartbeat"),
        tr("Ping every client this often, in seconds (default 30; 0: never)."), tr("seconds"),
        QString::number(config.heartbeatIntervalS));
    const QCommandLineOption heartbeatTimeout(QStringLiteral("heartbeat-timeout"),
        tr("Drop a client that has not answered for this long, in seconds (default 75)."), tr("seconds"),
        QString::number(config.heartbeatTimeoutS));
    const QCommandLineOption maxPending(QStringLiteral("max-pending-output"),
        tr("Close a client that does not read once this many bytes wait for it (default 4 MiB)."), tr("bytes"),
        QString::number(config.maxPendingOutput));
    const QCommandLineOption allowOrigin(QStringLiteral("allow-origin"),
        tr("Also accept WebSocket connections from pages of this origin (repeatable; * for any). Same origin, "
           "localhost and clients without Origin are always accepted."),
        tr("origin"));
    const QCommandLineOption token(QStringLiteral("token"),
        tr("Require this access token from WebSocket clients (?token= or Authorization: Bearer) and on /api/."),
        tr("token"));
    const QCommandLineOption cert(
        QStringLiteral("cert"), tr("PEM certificate: serve https:// and wss://."), tr("file"));
    const QCommandLineOption key(QStringLiteral("key"), tr("PEM private key for --cert."), tr("file"));
    const QCommandLineOption maxFrame(QStringLiteral("max-frame-size"),
        tr("Largest frame a client may send, in bytes (default: the largest message)."), tr("bytes"));
    const QCommandLineOption handshakeTimeout(QStringLiteral("handshake-timeout"),
        tr("Drop a client that sends no complete request or handshake within this many seconds (default 10)."),
        tr("seconds"), QString::number(config.handshakeTimeoutMs / 1000));
    const QCommandLineOption maxHeader(QStringLiteral("max-header-size"),
        tr("Largest request head, in bytes; a larger one gets 431 (default 16384)."), tr("bytes"),
        QString::number(config.maxHeaderBytes));
    const QCommandLineOption threads(QStringLiteral("threads"),
        tr("Network threads serving WebSocket connections (default 0: one per CPU core this process may use, here "
           "%1).")
            .arg(QThread::idealThreadCount()),
        tr("count"), QStringLiteral("0"));
    parser.addOptions({maxConnections, rateLimit, heartbeat, heartbeatTimeout, maxPending, allowOrigin, token, cert,
        key, maxFrame, handshakeTimeout, maxHeader, threads});
    const QCommandLineOption qr(QStringLiteral("qr"),
        tr("Print the chat page's address on each network interface and a QR code to open it on a phone (with "
           "--host 0.0.0.0 or another address beyond this computer)."));
    parser.addOption(qr);
    // parse(), not process(): a bad option is our exit code 2 with our prefix, like every other bad argument.
    if (!parser.parse(arguments))
        return parser.errorText();
    if (parser.isSet(helpOption))
        parser.showHelp(0);
    if (parser.isSet(versionOption)) {
        // The program's own name: the application name is "duplex" (the data folder shared with the desktop app).
        std::printf("duplex-server %s\n", DUPLEX_VERSION);
        std::exit(0);
    }
    if (!parser.positionalArguments().isEmpty())
        return tr("Unexpected argument \"%1\": options start with -- (see --help).")
            .arg(parser.positionalArguments().first());
    if (parser.isSet(lang) && !availableLanguages().contains(parser.value(lang)))
        return tr("Unknown language \"%1\": use %2.").arg(parser.value(lang), availableLanguages().join(u", "));

    if (!parseHost(parser.value(host), config.host))
        return tr("Invalid address \"%1\": give an IPv4 or IPv6 address such as 127.0.0.1 or ::1.")
            .arg(parser.value(host));
    bool ok = false;
    const uint portNumber = parser.value(port).toUInt(&ok);
    if (!ok || portNumber > 65535)
        return tr("Invalid port \"%1\": give a number from 0 to 65535.").arg(parser.value(port));
    config.port = quint16(portNumber);
    const auto parsedMode = modeFromName(parser.value(mode));
    if (!parsedMode)
        return tr("Invalid mode \"%1\": use echo, broadcast or raw.").arg(parser.value(mode));
    config.mode = *parsedMode;
    if (parser.isSet(root)) {
        const QFileInfo info(parser.value(root));
        if (!info.isDir())
            return tr("The document root \"%1\" is not a folder.").arg(parser.value(root));
        config.documentRoot = info.absoluteFilePath();
    }
    if (parser.isSet(reply))
        config.replyTemplate = parser.value(reply);
    const qint64 maxSize = parser.value(maxMessage).toLongLong(&ok);
    if (!ok || maxSize < 1)
        return tr("Invalid message size \"%1\".").arg(parser.value(maxMessage));
    config.maxMessageSize = maxSize;
    config.maxFrameSize = maxSize;
    const QString logFormat = parser.value(format);
    if (logFormat != u"text" && logFormat != u"json")
        return tr("Invalid log format \"%1\": use text or json.").arg(logFormat);
    json = logFormat == u"json";
    if (parser.isSet(redis)) {
        RedisAddress address;
        if (const QString error = RedisAddress::parse(parser.value(redis), address); !error.isEmpty())
            return error;
        config.redisUrl = parser.value(redis);
    }
    config.nodeName = parser.value(nodeName).trimmed();
    if (parser.isSet(database) && parser.isSet(noHistory))
        return tr("--database and --no-history exclude each other.");
    if (parser.isSet(database)) {
        if (parser.value(database).isEmpty())
            return tr("--database needs a file name.");
        config.databasePath = QFileInfo(parser.value(database)).absoluteFilePath();
    }
    config.historyEnabled = !parser.isSet(noHistory);
    config.metricsOpen = parser.isSet(metricsOpen);
    const auto positive = [&parser](const QCommandLineOption &option, double min, double &out) {
        bool good = false;
        out = parser.value(option).toDouble(&good);
        return good && out >= min;
    };
    double number = 0;
    if (!positive(maxConnections, 1, number))
        return tr("Invalid --max-connections \"%1\".").arg(parser.value(maxConnections));
    config.maxConnections = int(number);
    if (!positive(rateLimit, 0, number))
        return tr("Invalid --rate-limit \"%1\".").arg(parser.value(rateLimit));
    config.maxMessagesPerSecond = number;
    if (!positive(heartbeat, 0, number))
        return tr("Invalid --heartbeat \"%1\".").arg(parser.value(heartbeat));
    config.heartbeatIntervalS = int(number);
    if (!positive(heartbeatTimeout, 1, number))
        return tr("Invalid --heartbeat-timeout \"%1\".").arg(parser.value(heartbeatTimeout));
    config.heartbeatTimeoutS = int(number);
    if (!positive(maxPending, 1024, number))
        return tr("Invalid --max-pending-output \"%1\": give at least 1024 bytes.").arg(parser.value(maxPending));
    config.maxPendingOutput = qint64(number);
    if (parser.isSet(maxFrame)) {
        if (!positive(maxFrame, 1, number))
            return tr("Invalid --max-frame-size \"%1\".").arg(parser.value(maxFrame));
        config.maxFrameSize = qint64(number);
    }
    if (!positive(handshakeTimeout, 0.1, number) || number > 3600)
        return tr("Invalid --handshake-timeout \"%1\": give seconds from 0.1 to 3600.")
            .arg(parser.value(handshakeTimeout));
    config.handshakeTimeoutMs = int(number * 1000);
    if (!positive(maxHeader, 256, number) || number > 1024 * 1024)
        return tr("Invalid --max-header-size \"%1\": give 256 to 1048576 bytes.").arg(parser.value(maxHeader));
    config.maxHeaderBytes = int(number);
    if (!positive(threads, 0, number) || number > 64 || number != std::floor(number))
        return tr("Invalid --threads \"%1\": give 1 to 64, or 0 for one per CPU core.").arg(parser.value(threads));
    config.threads = number == 0 ? std::max(QThread::idealThreadCount(), 1) : int(number);
    config.allowedOrigins = parser.values(allowOrigin);
    config.token = parser.value(token);
    if (parser.isSet(cert) != parser.isSet(key))
        return tr("--cert and --key go together.");
    config.certificateFile = parser.value(cert);
    config.keyFile = parser.value(key);
    if (parser.isSet(rules) && parser.value(rules).isEmpty())
        return tr("--rules needs a file name.");
    files.rules = parser.value(rules);
    if (parser.isSet(fault)) {
        QString faultError;
        files.faults = FaultSet::fromSpec(parser.value(fault), &faultError);
        if (!files.faults)
            return tr("Invalid --fault \"%1\": %2").arg(parser.value(fault), faultError);
        if (!files.faults->connections.isEmpty())
            return tr("--fault applies to the whole server; per connection, use PUT /api/faults.");
    }
    if (parser.isSet(script) && parser.value(script).isEmpty())
        return tr("--script needs a file name.");
    files.script = parser.value(script);
    if (!positive(scriptTimeout, 1, number) || number > 60'000)
        return tr("Invalid --script-timeout \"%1\": give 1 to 60000 ms.").arg(parser.value(scriptTimeout));
    files.scriptTimeoutMs = int(number);
    files.qr = parser.isSet(qr);
    config.compression = !parser.isSet(noCompression);
    const std::optional<Engine> chosenEngine = engineFromName(parser.value(engine));
    if (!chosenEngine)
        return tr("Invalid --engine \"%1\": give native or qt.").arg(parser.value(engine));
    config.engine = *chosenEngine;
    quiet = parser.isSet(quietOption);
    verbose = parser.isSet(verboseOption);
    return {};
}

// The mode as a person reads it in the log's language; the literal (--mode echo) stays visible where it differs.
QString modeText(Mode mode)
{
    switch (mode) {
    case Mode::Echo:
        return QCoreApplication::translate("ServerCommandLine", "echo");
    case Mode::Broadcast:
        return QCoreApplication::translate("ServerCommandLine", "broadcast");
    case Mode::Raw:
        return QCoreApplication::translate("ServerCommandLine", "raw");
    }
    return modeName(mode);
}

QStringList languageArgument(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--lang") == 0)
            return {QString::fromLocal8Bit(argv[i + 1])};
    }
    return {};
}

// --qr: where other devices find the page, and a QR code of the first (best) address.
void printLanAddresses(QTextStream &out, const ServerConfig &config, quint16 port, bool json)
{
    const bool tls = !config.certificateFile.isEmpty();
    const QList<LanAddress> addresses = LanAddresses::forServer(config.host, port, tls, config.token);
    if (json) {
        QJsonArray list;
        for (const LanAddress &a : addresses)
            list.append(QJsonObject {{QStringLiteral("interface"), a.interfaceName},
                {QStringLiteral("url"), a.url.toString(QUrl::FullyEncoded)}, {QStringLiteral("virtual"), a.isVirtual}});
        const QJsonObject line {{QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
            {QStringLiteral("event"), QStringLiteral("lan")}, {QStringLiteral("addresses"), list}};
        out << QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact)) << Qt::endl;
        return;
    }
    if (addresses.isEmpty()) {
        out << (LanAddresses::reachableFromOtherDevices(config.host)
                ? QCoreApplication::translate(
                    "ServerCommandLine", "No network interface is up: other devices cannot reach this computer now.")
                : QCoreApplication::translate("ServerCommandLine",
                    "Only this computer can open the page: the server listens on %1. Start it with "
                    "--host 0.0.0.0 to open it on a phone.")
                      .arg(config.host.toString()))
            << Qt::endl;
        return;
    }
    out << QCoreApplication::translate("ServerCommandLine", "Open on another device:") << '\n';
    for (const LanAddress &a : addresses) {
        out << "  " << a.url.toString(QUrl::FullyEncoded);
        if (!a.interfaceName.isEmpty())
            out << "  (" << a.interfaceName
                << (a.isVirtual ? QStringLiteral(", ") + QCoreApplication::translate("ServerCommandLine", "virtual")
                                : QString())
                << ')';
        out << '\n';
    }
    const QrCode code = QrCode::encode(addresses.first().url.toString(QUrl::FullyEncoded).toUtf8());
    out << code.toText(isatty(STDOUT_FILENO) != 0);
    if (!config.token.isEmpty())
        out << QCoreApplication::translate(
            "ServerCommandLine", "The address contains the access token: whoever scans it can connect.")
            << '\n';
    out.flush();
}

} // namespace

int main(int argc, char *argv[])
{
    // Qt's own event dispatcher is faster than glib's under load (QT-NOTES.md).
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    std::signal(SIGPIPE, SIG_IGN);
    raiseFileDescriptorLimit();
    tuneMemoryAllocator();

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("duplex"));
    QCoreApplication::setOrganizationName(QStringLiteral("Duplex"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DUPLEX_VERSION));
    const QStringList lang = languageArgument(argc, argv);
    installTranslations(lang.isEmpty() ? QLocale::system() : QLocale(lang.first()));

    ServerConfig config;
    bool quiet = false;
    bool json = false;
    bool verbose = false;
    ServerCommandLine::Files files;
    const QString error = ServerCommandLine::parse(QCoreApplication::arguments(), config, quiet, json, verbose, files);
    const QString &rulesPath = files.rules;
    QTextStream err(stderr);
    if (!error.isEmpty()) {
        err << "duplex-server: " << error << Qt::endl;
        return 2;
    }

    QTextStream out(stdout);
    Server server;
    server.setEventsEnabled(!quiet);
    // A line about the server itself on stdout: text, or with --log-format json an object like the events' (every
    // stdout line is JSON then), with `fields` besides "time", "event" and "message".
    const auto notice = [&](const char *event, const QString &text, QJsonObject fields = {}) {
        if (!json) {
            out << text << Qt::endl;
            return;
        }
        fields.insert(QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        fields.insert(QStringLiteral("event"), QLatin1String(event));
        fields.insert(QStringLiteral("message"), text);
        out << QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact)) << Qt::endl;
    };

    if (files.faults && !files.faults->isEmpty()) {
        server.applyFaults(*files.faults);
        notice("faults", QCoreApplication::translate("ServerCommandLine", "Faults on: %1").arg(files.faults->summary()),
            {{QStringLiteral("faults"), files.faults->toJson()}});
    }

    std::unique_ptr<RulesFile> rulesFile;
    if (!rulesPath.isEmpty()) {
        rulesFile = std::make_unique<RulesFile>(rulesPath);
        QString rulesError;
        const std::shared_ptr<const RuleSet> rules = rulesFile->load(&rulesError);
        if (!rules) {
            err << "duplex-server: " << rulesError << Qt::endl;
            return 2;
        }
        server.setRules(rules);
        notice("rules",
            QCoreApplication::translate("ServerCommandLine", "%n rule(s) from %1", nullptr, int(rules->rules().size()))
                .arg(rulesFile->path()),
            {{QStringLiteral("file"), rulesFile->path()}, {QStringLiteral("rules"), int(rules->rules().size())}});
        // Said once the server has the new rules (its rulesChanged), so that a client may rely on the line.
        auto reloadedCount = std::make_shared<int>(-1);
        QObject::connect(&server, &Server::rulesChanged, &app, [&, reloadedCount] {
            const int count = std::exchange(*reloadedCount, -1);
            if (count < 0)
                return;
            notice("rules",
                QCoreApplication::translate("ServerCommandLine", "Rules reloaded: %n rule(s) from %1", nullptr, count)
                    .arg(rulesFile->path()),
                {{QStringLiteral("file"), rulesFile->path()}, {QStringLiteral("rules"), count},
                    {QStringLiteral("reloaded"), true}});
        });
        QObject::connect(rulesFile.get(), &RulesFile::reloaded, &app,
            [&, reloadedCount](const std::shared_ptr<const RuleSet> &next) {
                *reloadedCount = int(next->rules().size());
                server.setRules(next);
            });
        QObject::connect(rulesFile.get(), &RulesFile::reloadFailed, &app, [&](const QString &why) {
            err << "duplex-server: "
                << QCoreApplication::translate("ServerCommandLine", "rules not reloaded, the previous ones stay: %1")
                       .arg(why)
                << Qt::endl;
        });
        rulesFile->watch();
    }
    QObject::connect(&server, &Server::started, &app, [&](const QUrl &url) {
        const QString listening
            = QCoreApplication::translate("ServerCommandLine", "Duplex listening on %1").arg(url.toString());
        QString mode = QCoreApplication::translate("ServerCommandLine", "Mode: %1").arg(modeText(config.mode));
        if (config.engine == Engine::Qt) {
            mode += u'\n'
                + QCoreApplication::translate("ServerCommandLine",
                    "Engine: Qt WebSockets (QWebSocketServer; no compression, less strict framing: README "
                    "\"Engines\")");
        }
        if (json)
            notice("listening", listening + QStringLiteral("; ") + mode,
                {{QStringLiteral("url"), url.toString()}, {QStringLiteral("mode"), modeName(config.mode)},
                    {QStringLiteral("engine"), engineName(config.engine)}});
        else
            out << listening << '\n' << mode << Qt::endl;
        if (files.qr)
            printLanAddresses(out, config, quint16(url.port()), json);
    });
    QObject::connect(&server, &Server::startFailed, &app, [&](const QString &message) {
        err << "duplex-server: " << message << Qt::endl;
        QCoreApplication::exit(1);
    });
    QObject::connect(&server, &Server::eventsReady, &app, [&](const QList<ServerEvent> &events) {
        for (const ServerEvent &event : events) {
            if (event.type == ServerEvent::Type::FrameOut && !verbose)
                continue;
            if (json)
                out << QString::fromUtf8(EventFormatter::toJson(event)) << '\n';
            else
                out << EventFormatter::toText(event) << '\n';
        }
        out.flush();
    });
    QObject::connect(&server, &Server::stopped, &app, [] { QCoreApplication::quit(); });

    std::unique_ptr<WatchedFile> scriptFile;
    bool scriptStarted = false; // the first scriptLoaded() starts the server; later ones are reloads
    SignalWatcher watcher({SIGINT, SIGTERM, SIGHUP});
    QObject::connect(&watcher, &SignalWatcher::received, &app, [&](int signalNumber) {
        if (signalNumber == SIGHUP) { // reload the rules, as daemons reload their configuration
            if (rulesFile)
                rulesFile->reload();
            if (scriptFile)
                scriptFile->reload();
            return;
        }
        if (!server.isRunning()) {
            QCoreApplication::quit();
            return;
        }
        notice("stopping",
            QCoreApplication::translate("ServerCommandLine", "Shutting down: closing every connection with 1001"));
        server.stop(1001);
    });

    // The script first: one that does not compile is exit code 2 before the server listens.
    if (!files.script.isEmpty()) {
        scriptFile = std::make_unique<WatchedFile>(files.script);
        QString readError;
        const QByteArray source = scriptFile->read(&readError);
        if (!readError.isEmpty()) {
            err << "duplex-server: " << readError << Qt::endl;
            return 2;
        }
        QObject::connect(&server, &Server::scriptLoaded, &app, [&](const QString &scriptError) {
            if (!scriptStarted) {
                scriptStarted = true;
                if (!scriptError.isEmpty()) {
                    err << "duplex-server: " << scriptError << Qt::endl;
                    QCoreApplication::exit(2);
                    return;
                }
                notice("script", QCoreApplication::translate("ServerCommandLine", "Script: %1").arg(scriptFile->path()),
                    {{QStringLiteral("file"), scriptFile->path()}});
                server.start(config);
                return;
            }
            if (scriptError.isEmpty())
                notice("script",
                    QCoreApplication::translate("ServerCommandLine", "Script reloaded from %1").arg(scriptFile->path()),
                    {{QStringLiteral("file"), scriptFile->path()}, {QStringLiteral("reloaded"), true}});
            else
                err << "duplex-server: "
                    << QCoreApplication::translate(
                           "ServerCommandLine", "script not reloaded, the previous one keeps running: %1")
                           .arg(scriptError)
                    << Qt::endl;
        });
        QObject::connect(scriptFile.get(), &WatchedFile::changed, &app, [&](const QByteArray &bytes) {
            server.setScript(QString::fromUtf8(bytes), scriptFile->path(), files.scriptTimeoutMs);
        });
        scriptFile->watch();
        server.setScript(QString::fromUtf8(source), scriptFile->path(), files.scriptTimeoutMs);
    } else {
        server.start(config);
    }
    return QCoreApplication::exec();
}

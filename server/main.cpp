// duplex-server: the Duplex server without a window.
#include "eventformatter.h"
#include "redisbridge.h"
#include "server.h"
#include "signalwatcher.h"
#include "translations.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTextStream>

#include <csignal>
#include <cstdio>

using namespace Duplex;

namespace {

class ServerCommandLine
{
    Q_DECLARE_TR_FUNCTIONS(ServerCommandLine)

public:
    // Returns an error message, or an empty string when the options are good.
    static QString parse(const QStringList &arguments, ServerConfig &config, bool &quiet, bool &json, bool &verbose);
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
    const QStringList &arguments, ServerConfig &config, bool &quiet, bool &json, bool &verbose)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Duplex WebSocket chat server: one port serves the chat page over HTTP and takes WebSocket connections."));
    parser.addHelpOption();
    parser.addVersionOption();
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
    parser.process(arguments); // --help and --version exit here

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
    quiet = parser.isSet(quietOption);
    verbose = parser.isSet(verboseOption);
    return {};
}

QStringList languageArgument(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--lang") == 0)
            return {QString::fromLocal8Bit(argv[i + 1])};
    }
    return {};
}

} // namespace

int main(int argc, char *argv[])
{
    // Qt's own event dispatcher is faster than glib's under load (QT-NOTES.md).
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    std::signal(SIGPIPE, SIG_IGN);

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
    const QString error = ServerCommandLine::parse(QCoreApplication::arguments(), config, quiet, json, verbose);
    QTextStream err(stderr);
    if (!error.isEmpty()) {
        err << "duplex-server: " << error << Qt::endl;
        return 2;
    }

    QTextStream out(stdout);
    Server server;
    server.setEventsEnabled(!quiet);
    QObject::connect(&server, &Server::started, &app, [&](const QUrl &url) {
        out << QCoreApplication::translate("ServerCommandLine", "Duplex listening on %1").arg(url.toString()) << '\n'
            << QCoreApplication::translate("ServerCommandLine", "Mode: %1").arg(modeName(config.mode)) << Qt::endl;
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

    SignalWatcher watcher({SIGINT, SIGTERM});
    QObject::connect(&watcher, &SignalWatcher::received, &app, [&](int) {
        if (!server.isRunning()) {
            QCoreApplication::quit();
            return;
        }
        out << QCoreApplication::translate("ServerCommandLine", "Shutting down: closing every connection with 1001")
            << Qt::endl;
        server.stop(1001);
    });

    server.start(config);
    return QCoreApplication::exec();
}

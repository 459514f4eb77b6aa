// duplex-client: talk to any WebSocket server from a terminal or a script, like wscat.
#include "bench.h"
#include "replay.h"
#include "translations.h"
#include "websocketclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <optional>
#include <unistd.h>
#include <utility>

using namespace Duplex;

namespace {

enum ExitCode {
    ExitSuccess = 0,
    ExitBadArguments = 2,
    ExitCannotConnect = 3,
    ExitServerClosed = 4,
};

constexpr qint64 MaxSendFileBytes = 64 * 1024 * 1024;
constexpr qsizetype MaxLineBytes = 1024 * 1024; // a longer line without a newline goes out as it is
constexpr int HexPreviewBytes = 64;

struct Settings
{
    ClientOptions options;
    std::optional<QByteArray> oneShotPayload; // --send or --send-file
    bool oneShotAsText = true;
    int waitMs = 1000;
    bool quiet = false;
    bool slashCommands = false; // "/ping", "/close …" are commands (on for a terminal, or with --slash)
    int pingIntervalMs = 0;
    int closeCode = 1000;
    QString closeReason;
};

class ClientCommandLine
{
    Q_DECLARE_TR_FUNCTIONS(ClientCommandLine)

public:
    // Returns an error message, or an empty string when the arguments are good.
    static QString parse(const QStringList &arguments, Settings &settings);
    static QString checkClose(const QString &codeText, const QString &reason, int &code);
};

QString ClientCommandLine::parse(const QStringList &arguments, Settings &settings)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Duplex WebSocket client: each line typed on standard input is sent as a text "
                                        "message; replies are printed as they arrive.\n"
                                        "\n"
                                        "Output: \"< \" received, \"> \" sent, \"* \" connection events.\n"
                                        "\n"
                                        "Exit codes:\n"
                                        "  0  success (input ended, or --send finished)\n"
                                        "  2  bad arguments\n"
                                        "  3  could not connect (refused, handshake failed, or no connection "
                                        "within 10 s)\n"
                                        "  4  the server closed the connection while we still wanted to talk "
                                        "(the close code is printed on stderr); while waiting for replies "
                                        "only a close code other than 1000 counts\n"
                                        "\n"
                                        "Commands (typed on a terminal, or with --slash):\n"
                                        "  /ping [text]            send a ping\n"
                                        "  /close [code [reason]]  close with this code (1000 by default)\n"
                                        "  /help                   list the commands\n"
                                        "  //text                  send \"/text\" as a message"));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("url"),
        tr("The server, e.g. ws://127.0.0.1:8090/chat?name=alice (optional with --profile)."), tr("[url]"));
    const QCommandLineOption profile(QStringLiteral("profile"),
        tr("Use a connection profile saved in the desktop app's built-in client (URL, subprotocol, headers, token, "
           "options); a URL given too replaces the profile's."),
        tr("name"));
    const QCommandLineOption send(
        QStringLiteral("send"), tr("Send this text message, print the replies, then exit."), tr("text"));
    const QCommandLineOption sendFile(QStringLiteral("send-file"),
        tr("Send the file's content as one binary message (text with --text), print the replies, then exit."),
        tr("file"));
    const QCommandLineOption text(QStringLiteral("text"), tr("With --send-file: send the file as a text message."));
    const QCommandLineOption wait(QStringLiteral("wait"),
        tr("After sending (or at the end of input), close after this many milliseconds without a message "
           "(default 1000)."),
        tr("ms"), QStringLiteral("1000"));
    const QCommandLineOption subprotocol(
        QStringLiteral("subprotocol"), tr("Ask for this subprotocol, e.g. duplex.v1 (repeatable)."), tr("name"));
    const QCommandLineOption header(
        QStringLiteral("header"), tr("Add a request header, e.g. \"User-Agent: me\" (repeatable)."), tr("K: V"));
    const QCommandLineOption origin(QStringLiteral("origin"), tr("Send this Origin header."), tr("origin"));
    const QCommandLineOption insecure(
        QStringLiteral("insecure"), tr("Accept any TLS certificate (wss:// to a self-signed server)."));
    const QCommandLineOption compress(QStringLiteral("compress"),
        tr("Offer permessage-deflate compression (RFC 7692); the connection line says whether the server agreed."));
    const QCommandLineOption quiet(QStringLiteral("quiet"),
        tr("Print only the received messages (binary as hex), without timestamps: for scripts."));
    const QCommandLineOption slash(QStringLiteral("slash"),
        tr("Treat input lines starting with / as commands (/ping, /close) even when standard input is not a "
           "terminal."));
    const QCommandLineOption pingInterval(QStringLiteral("ping-interval"),
        tr("Send a ping every this many seconds while connected (0: never, the default)."), tr("s"),
        QStringLiteral("0"));
    const QCommandLineOption closeCode(QStringLiteral("close-code"),
        tr("Close with this code when done (1000 by default; 1000-1003, 1007-1014 or 3000-4999)."), tr("code"),
        QStringLiteral("1000"));
    const QCommandLineOption closeReason(
        QStringLiteral("close-reason"), tr("Close with this reason when done (at most 123 bytes)."), tr("text"));
    parser.addOptions({send, sendFile, text, wait, subprotocol, header, origin, insecure, compress, quiet, slash,
        pingInterval, closeCode, closeReason, profile});
    // parse() rather than process(): a bad option must exit with 2, not QCommandLineParser's 1.
    if (!parser.parse(arguments))
        return parser.errorText();
    if (parser.isSet(help))
        parser.showHelp(ExitSuccess);
    if (parser.isSet(version))
        parser.showVersion();

    QStringList positional = parser.positionalArguments();
    QJsonObject saved;
    if (parser.isSet(profile)) {
        // The desktop app keeps its profiles in its settings (organisation Duplex, application duplex).
        const QJsonArray profiles
            = QJsonDocument::fromJson(QSettings(QStringLiteral("Duplex"), QStringLiteral("duplex"))
                                          .value(QStringLiteral("client/profiles"))
                                          .toString()
                                          .toUtf8())
                  .array();
        QStringList names;
        for (const QJsonValue &value : profiles) {
            names.append(value.toObject().value(u"name").toString());
            if (names.last() == parser.value(profile))
                saved = value.toObject();
        }
        if (saved.isEmpty())
            return names.isEmpty()
                ? tr("No profile \"%1\": the desktop app has no saved profiles.").arg(parser.value(profile))
                : tr("No profile \"%1\"; saved profiles: %2.")
                      .arg(parser.value(profile), names.join(QStringLiteral(", ")));
        if (positional.isEmpty())
            positional.append(saved.value(u"url").toString());
        for (const QString &line : saved.value(u"headers").toString().split(u'\n', Qt::SkipEmptyParts)) {
            const qsizetype colon = line.indexOf(u':');
            if (colon > 0)
                settings.options.headers.append(
                    {line.left(colon).trimmed().toLatin1(), line.mid(colon + 1).trimmed().toUtf8()});
        }
        if (const QString token = saved.value(u"token").toString(); !token.isEmpty())
            settings.options.headers.append({"Authorization", "Bearer " + token.toUtf8()});
        for (const QString &p : saved.value(u"subprotocol").toString().split(u',', Qt::SkipEmptyParts))
            settings.options.subprotocols.append(p.trimmed());
        settings.options.insecure = saved.value(u"ignoreCertificateErrors").toBool();
        settings.options.compress = saved.value(u"compress").toBool();
        settings.pingIntervalMs = saved.value(u"pingSeconds").toInt() * 1000;
    }
    if (positional.size() != 1)
        return tr("Give exactly one URL, e.g. ws://127.0.0.1:8090/ (see --help).");
    QString urlText = positional.first();
    if (!urlText.contains(u"://"))
        urlText.prepend(u"ws://");
    const QUrl url(urlText, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"ws" && url.scheme() != u"wss"))
        return tr("Invalid URL \"%1\": use ws://host:port/path or wss://…").arg(positional.first());
    settings.options.url = url;

    if (parser.isSet(send) && parser.isSet(sendFile))
        return tr("Give either --send or --send-file, not both.");
    if (parser.isSet(text) && !parser.isSet(sendFile))
        return tr("--text only applies to --send-file.");
    if (parser.isSet(send)) {
        settings.oneShotPayload = parser.value(send).toUtf8();
        settings.oneShotAsText = true;
    }
    if (parser.isSet(sendFile)) {
        QFile file(parser.value(sendFile));
        if (!file.open(QIODevice::ReadOnly))
            return tr("Cannot read \"%1\": %2").arg(file.fileName(), file.errorString());
        if (file.size() > MaxSendFileBytes)
            return tr("\"%1\" is larger than %2 MiB.").arg(file.fileName()).arg(MaxSendFileBytes / (1024 * 1024));
        settings.oneShotPayload = file.read(MaxSendFileBytes);
        settings.oneShotAsText = parser.isSet(text);
    }

    bool ok = false;
    settings.waitMs = parser.value(wait).toInt(&ok);
    if (!ok || settings.waitMs < 0)
        return tr("Invalid --wait \"%1\": give a number of milliseconds.").arg(parser.value(wait));

    settings.options.subprotocols += parser.values(subprotocol);
    for (const QString &value : parser.values(header)) {
        const qsizetype colon = value.indexOf(u':');
        const QString name = value.left(colon).trimmed();
        if (colon < 0 || name.isEmpty() || name.contains(u' '))
            return tr("Invalid header \"%1\": use \"Name: value\".").arg(value);
        settings.options.headers.append({name.toLatin1(), value.mid(colon + 1).trimmed().toUtf8()});
    }
    settings.options.origin = parser.value(origin);
    settings.options.insecure = settings.options.insecure || parser.isSet(insecure);
    settings.options.compress = settings.options.compress || parser.isSet(compress);
    settings.quiet = parser.isSet(quiet);
    settings.slashCommands = parser.isSet(slash) || ::isatty(STDIN_FILENO);
    const double pingSeconds = parser.value(pingInterval).toDouble(&ok);
    if (!ok || pingSeconds < 0 || pingSeconds > 86400)
        return tr("Invalid --ping-interval \"%1\": give a number of seconds (0 for none).")
            .arg(parser.value(pingInterval));
    if (parser.isSet(pingInterval) || !parser.isSet(profile))
        settings.pingIntervalMs = int(pingSeconds * 1000);
    if (const QString error = checkClose(parser.value(closeCode), parser.value(closeReason), settings.closeCode);
        !error.isEmpty())
        return error;
    settings.closeReason = parser.value(closeReason);
    return {};
}

// A close code a client may send (RFC 6455 7.4) and a reason that fits a control frame.
QString ClientCommandLine::checkClose(const QString &codeText, const QString &reason, int &code)
{
    bool ok = false;
    code = codeText.toInt(&ok);
    if (!ok || !WebSocketClient::closeError(code, QString()).isEmpty())
        return tr("Invalid close code \"%1\": use 1000-1003, 1007-1014 or 3000-4999.").arg(codeText);
    return WebSocketClient::closeError(code, reason);
}

QString hex(const QByteArray &data, qsizetype limit)
{
    QString out = QString::fromLatin1(data.left(limit).toHex(' '));
    if (data.size() > limit)
        out += u" …";
    return out;
}

// Runs one conversation and decides the exit code.
class Session final : public QObject
{
    Q_DECLARE_TR_FUNCTIONS(Session)

public:
    explicit Session(const Settings &settings) : m_settings(settings), m_out(stdout), m_err(stderr)
    {
        m_silence.setSingleShot(true);
        m_silence.setInterval(settings.waitMs);
        connect(&m_silence, &QTimer::timeout, this, [this] { finish(); });
        connect(&m_client, &WebSocketClient::frame, this, [this](const ClientFrame &f) { print(f); });
        connect(&m_client, &WebSocketClient::connected, this, [this] { onConnected(); });
        connect(&m_client, &WebSocketClient::textReceived, this, [this] { restartSilence(); });
        connect(&m_client, &WebSocketClient::binaryReceived, this, [this] { restartSilence(); });
        connect(&m_client, &WebSocketClient::disconnected, this,
            [this](int code, const QString &reason) { onDisconnected(code, reason); });
        m_client.setCertificateHint(tr("run again with --insecure to accept it"));
        m_client.setPingInterval(settings.pingIntervalMs);
    }

    void start() { m_client.open(m_settings.options); }

private:
    void onConnected()
    {
        m_everConnected = true;
        if (!m_settings.options.subprotocols.isEmpty() && m_client.negotiatedSubprotocol().isEmpty())
            m_err << "duplex-client: "
                  << tr("warning: the server accepted none of the subprotocols asked for (%1)")
                         .arg(m_settings.options.subprotocols.join(QStringLiteral(", ")))
                  << Qt::endl;
        if (m_settings.oneShotPayload) {
            const QByteArray &payload = *m_settings.oneShotPayload;
            const bool sent = m_settings.oneShotAsText ? m_client.sendText(QString::fromUtf8(payload))
                                                       : m_client.sendBinary(payload);
            if (!sent)
                m_err << "duplex-client: " << tr("could not send the message") << Qt::endl;
            windDown();
            return;
        }
        m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
        connect(m_stdin, &QSocketNotifier::activated, this, [this] { readStdin(); });
    }

    void readStdin()
    {
        char buffer[64 * 1024];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            return;
        if (n <= 0) {
            // End of input: send a last unterminated line, then wait for the replies.
            if (!m_line.isEmpty())
                sendLine(std::exchange(m_line, {}));
            m_stdin->setEnabled(false);
            windDown();
            return;
        }
        m_line.append(buffer, n);
        qsizetype newline;
        while ((newline = m_line.indexOf('\n')) >= 0) {
            QByteArray line = m_line.left(newline);
            m_line.remove(0, newline + 1);
            if (line.endsWith('\r'))
                line.chop(1);
            sendLine(line);
        }
        if (m_line.size() > MaxLineBytes)
            sendLine(std::exchange(m_line, {}));
    }

    void sendLine(const QByteArray &line)
    {
        if (m_settings.slashCommands && line.startsWith('/')) {
            if (!line.startsWith("//")) {
                command(QString::fromUtf8(line));
                return;
            }
            if (!m_client.sendText(QString::fromUtf8(line.sliced(1))))
                m_err << "duplex-client: " << tr("could not send a line: the connection is not open") << Qt::endl;
            return;
        }
        if (!m_client.sendText(QString::fromUtf8(line)))
            m_err << "duplex-client: " << tr("could not send a line: the connection is not open") << Qt::endl;
    }

    void command(const QString &line)
    {
        const QString name = line.section(u' ', 0, 0);
        const QString rest = line.section(u' ', 1).trimmed();
        if (name == u"/ping") {
            if (!m_client.ping(rest.toUtf8()))
                m_err << "duplex-client: " << tr("could not ping: not connected, or the text is over 125 bytes")
                      << Qt::endl;
        } else if (name == u"/close") {
            int code = 1000;
            const QString codeText = rest.section(u' ', 0, 0);
            const QString reason = rest.section(u' ', 1).trimmed();
            const QString error
                = ClientCommandLine::checkClose(codeText.isEmpty() ? QStringLiteral("1000") : codeText, reason, code);
            if (!error.isEmpty()) {
                m_err << "duplex-client: " << error << Qt::endl;
                return;
            }
            m_finishing = true;
            m_client.close(code, reason);
        } else if (name == u"/help") {
            m_err << tr("Commands: /ping [text], /close [code [reason]], //text sends \"/text\".") << Qt::endl;
        } else {
            m_err << "duplex-client: "
                  << tr("unknown command %1: try /help, or start the line with // to send it as text").arg(name)
                  << Qt::endl;
        }
    }

    // We have said everything: close after --wait ms without a message.
    void windDown()
    {
        m_windingDown = true;
        m_silence.start();
    }

    void restartSilence()
    {
        if (m_silence.isActive())
            m_silence.start();
    }

    void finish()
    {
        m_finishing = true;
        m_client.close(m_settings.closeCode, m_settings.closeReason);
    }

    void onDisconnected(int code, const QString &reason)
    {
        m_silence.stop();
        if (m_stdin)
            m_stdin->setEnabled(false);
        const QString closeText = reason.isEmpty() ? QString::number(code) : QString::number(code) + u' ' + reason;
        if (!m_everConnected) {
            m_err << "duplex-client: "
                  << tr("could not connect to %1: %2")
                         .arg(m_settings.options.url.toDisplayString(), m_client.errorString())
                  << Qt::endl;
            QCoreApplication::exit(ExitCannotConnect);
        } else if (m_finishing || (m_windingDown && code == 1000)) {
            QCoreApplication::exit(ExitSuccess);
        } else {
            m_err << "duplex-client: " << tr("the server closed the connection: %1").arg(closeText) << Qt::endl;
            QCoreApplication::exit(ExitServerClosed);
        }
    }

    void print(const ClientFrame &f)
    {
        using Direction = ClientFrame::Direction;
        using Kind = ClientFrame::Kind;
        if (m_settings.quiet) {
            if (f.direction != Direction::In)
                return;
            if (f.kind == Kind::Text)
                m_out << QString::fromUtf8(f.payload) << Qt::endl;
            else if (f.kind == Kind::Binary)
                m_out << QString::fromLatin1(f.payload.toHex(' ')) << Qt::endl;
            return;
        }
        QString body;
        switch (f.kind) {
        case Kind::Text:
            body = QString::fromUtf8(f.payload);
            break;
        case Kind::Binary:
            body = tr("[binary %n bytes]", "", int(f.payload.size()));
            if (!f.payload.isEmpty())
                body += u' ' + hex(f.payload, HexPreviewBytes);
            break;
        case Kind::Ping:
            body = f.payload.isEmpty() ? tr("[ping]") : tr("[ping] %1").arg(hex(f.payload, HexPreviewBytes));
            break;
        case Kind::Pong:
            body = tr("[pong %1]").arg(f.note);
            break;
        case Kind::Close:
            body = f.direction == Direction::System ? f.note : tr("[close %1]").arg(f.note);
            break;
        case Kind::Info:
        case Kind::Error:
            body = f.note;
            break;
        }
        if (f.wireSize >= 0)
            body += u' ' + tr("[deflate: %1 of %2 bytes on the wire]").arg(f.wireSize).arg(f.payload.size());
        const QChar marker = f.direction == Direction::In ? u'<' : f.direction == Direction::Out ? u'>' : u'*';
        m_out << QDateTime::fromMSecsSinceEpoch(f.timestampMs).toString(QStringLiteral("HH:mm:ss.zzz")) << ' ' << marker
              << ' ' << body << Qt::endl;
    }

    Settings m_settings;
    WebSocketClient m_client;
    QTimer m_silence;
    QSocketNotifier *m_stdin = nullptr;
    QByteArray m_line;
    QTextStream m_out;
    QTextStream m_err;
    bool m_everConnected = false;
    bool m_windingDown = false;
    bool m_finishing = false;
};

} // namespace

int main(int argc, char *argv[])
{
    // Qt's own event dispatcher is faster than glib's (QT-NOTES.md).
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    std::signal(SIGPIPE, SIG_IGN);

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("duplex-client"));
    QCoreApplication::setOrganizationName(QStringLiteral("Duplex"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DUPLEX_VERSION));
    installTranslations(QLocale::system());

    if (argc > 1 && qstrcmp(argv[1], "bench") == 0)
        return runBench(QCoreApplication::arguments());
    if (argc > 1 && qstrcmp(argv[1], "replay") == 0)
        return runReplay(QCoreApplication::arguments());

    Settings settings;
    const QString error = ClientCommandLine::parse(QCoreApplication::arguments(), settings);
    if (!error.isEmpty()) {
        QTextStream(stderr) << "duplex-client: " << error << Qt::endl;
        return ExitBadArguments;
    }

    Session session(settings);
    QTimer::singleShot(0, &session, [&session] { session.start(); });
    return QCoreApplication::exec();
}

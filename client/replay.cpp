#include "replay.h"

#include "har.h"
#include "websocketclient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QTextStream>
#include <QTimer>

namespace Duplex {

namespace {

enum ReplayExit { ReplayOk = 0, ReplayDifferent = 1, ReplayBadArguments = 2, ReplayCannotConnect = 3 };

struct ReplaySettings
{
    HarConnection recorded;
    QUrl url;
    double speed = 1; // 0: as fast as possible
    bool expect = false;
    bool quiet = false;
    bool insecure = false;
    int waitMs = 1000;
};

class ReplayCommandLine
{
    Q_DECLARE_TR_FUNCTIONS(ReplayCommandLine)

public:
    static QString parse(const QStringList &arguments, ReplaySettings &settings);
};

QString ReplayCommandLine::parse(const QStringList &arguments, ReplaySettings &settings)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Replays a WebSocket connection recorded in a HAR file (Chrome DevTools' \"Save all as HAR\", Duplex's "
           "export or GET /api/log.har): the messages the client sent go out again with their original timing; "
           "with --expect, what the server answers is compared with what it answered then.\n"
           "\n"
           "Exit codes: 0 done (with --expect: every answer as recorded), 1 an answer differs, "
           "2 bad arguments or file, 3 could not connect."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("replay"), tr("The subcommand."));
    parser.addPositionalArgument(QStringLiteral("file"), tr("The HAR file."));
    const QCommandLineOption url(QStringLiteral("url"), tr("Connect here instead of the recorded URL."), tr("ws://…"));
    const QCommandLineOption connection(QStringLiteral("connection"),
        tr("Which WebSocket connection of the file, counted from 1 (default 1)."), tr("N"), QStringLiteral("1"));
    const QCommandLineOption speed(QStringLiteral("speed"),
        tr("1 keeps the recorded timing (default), 2 twice as fast, max without waiting."), tr("speed"),
        QStringLiteral("1"));
    const QCommandLineOption expect(QStringLiteral("expect"),
        tr("Compare the server's answers with the recorded ones; exit 1 on the first difference."));
    const QCommandLineOption wait(QStringLiteral("wait"),
        tr("After the last message, wait this long without an answer before finishing (default 1000)."), tr("ms"),
        QStringLiteral("1000"));
    const QCommandLineOption insecure(QStringLiteral("insecure"), tr("Accept any TLS certificate."));
    const QCommandLineOption quiet(QStringLiteral("quiet"), tr("Print only the verdict."));
    parser.addOptions({url, connection, speed, expect, wait, insecure, quiet});
    if (!parser.parse(arguments))
        return parser.errorText();
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ReplayOk);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return tr("Give one HAR file after \"replay\" (see replay --help).");
    QFile file(positional.at(1));
    if (!file.open(QIODevice::ReadOnly))
        return tr("Cannot read \"%1\": %2").arg(file.fileName(), file.errorString());
    QString error;
    const std::optional<QList<HarConnection>> connections = Har::read(file.readAll(), &error);
    if (!connections)
        return tr("\"%1\": %2").arg(file.fileName(), error);
    bool ok = false;
    const int index = parser.value(connection).toInt(&ok);
    if (!ok || index < 1 || index > connections->size())
        return tr("--connection must be from 1 to %1 (the WebSocket connections in the file).")
            .arg(connections->size());
    settings.recorded = connections->at(index - 1);
    settings.url = QUrl(parser.isSet(url) ? parser.value(url) : settings.recorded.url);
    if (!settings.url.isValid() || (settings.url.scheme() != u"ws" && settings.url.scheme() != u"wss"))
        return tr("Invalid URL \"%1\": use ws://host:port/path or wss://…").arg(settings.url.toString());
    if (parser.value(speed) == u"max") {
        settings.speed = 0;
    } else {
        settings.speed = parser.value(speed).toDouble(&ok);
        if (!ok || settings.speed <= 0)
            return tr("Invalid --speed \"%1\": give 1, 2, 0.5 … or max.").arg(parser.value(speed));
    }
    settings.waitMs = parser.value(wait).toInt(&ok);
    if (!ok || settings.waitMs < 0)
        return tr("Invalid --wait \"%1\": give a number of milliseconds.").arg(parser.value(wait));
    settings.expect = parser.isSet(expect);
    settings.quiet = parser.isSet(quiet);
    settings.insecure = parser.isSet(insecure);
    return {};
}

QString shown(const HarMessage &m)
{
    if (m.opcode == 1) {
        const QString text = QString::fromUtf8(m.data);
        return text.size() > 300 ? QString(u'"' + text.left(300) + QStringLiteral("\"…")) : QString(u'"' + text + u'"');
    }
    return ReplayCommandLine::tr("binary %1").arg(QString::fromLatin1(m.data.left(100).toHex(' ')));
}

// Sends the recorded messages on their schedule, collects the answers, decides the exit code.
class Replay final : public QObject
{
    Q_DECLARE_TR_FUNCTIONS(Replay)

public:
    explicit Replay(ReplaySettings settings) : m_settings(std::move(settings)), m_out(stdout), m_err(stderr)
    {
        for (const HarMessage &m : std::as_const(m_settings.recorded.messages))
            (m.fromClient ? m_toSend : m_expected).append(m);
        m_silence.setSingleShot(true);
        connect(&m_silence, &QTimer::timeout, this, [this] { finish(); });
        connect(&m_next, &QTimer::timeout, this, [this] { sendNext(); });
        m_next.setSingleShot(true);
        connect(&m_client, &WebSocketClient::connected, this, [this] {
            if (!m_settings.quiet)
                m_out << tr("replaying %n message(s) to %1", nullptr, int(m_toSend.size()))
                             .arg(m_settings.url.toDisplayString())
                      << Qt::endl;
            sendNext();
        });
        connect(&m_client, &WebSocketClient::textReceived, this, [this](const QString &text) {
            received({false, 0, 1, text.toUtf8()});
        });
        connect(&m_client, &WebSocketClient::binaryReceived, this, [this](const QByteArray &data) {
            received({false, 0, 2, data});
        });
        connect(&m_client, &WebSocketClient::disconnected, this, [this](int code, const QString &) {
            if (!m_connectedOnce && !m_done) {
                m_err << "duplex-client replay: "
                      << tr("could not connect to %1: %2").arg(m_settings.url.toDisplayString(), m_client.errorString())
                      << Qt::endl;
                QCoreApplication::exit(ReplayCannotConnect);
            } else if (!m_done) {
                m_err << "duplex-client replay: " << tr("the server closed the connection (%1)").arg(code) << Qt::endl;
                finish();
            }
        });
        connect(&m_client, &WebSocketClient::connected, this, [this] { m_connectedOnce = true; });
    }

    void start()
    {
        ClientOptions options;
        options.url = m_settings.url;
        options.insecure = m_settings.insecure;
        m_client.setCertificateHint(tr("run again with --insecure to accept it"));
        m_client.open(options);
    }

private:
    void sendNext()
    {
        if (m_sent >= m_toSend.size()) {
            m_silence.start(m_settings.waitMs);
            return;
        }
        const HarMessage &m = m_toSend.at(m_sent++);
        const bool ok = m.opcode == 2 ? m_client.sendBinary(m.data) : m_client.sendText(QString::fromUtf8(m.data));
        if (!m_settings.quiet && ok)
            m_out << "> " << shown(m) << Qt::endl;
        if (m_sent >= m_toSend.size()) {
            m_silence.start(m_settings.waitMs);
            return;
        }
        const double gap = m_toSend.at(m_sent).time - m.time;
        const int delay = m_settings.speed == 0 ? 0 : int(std::clamp(gap / m_settings.speed * 1000, 0.0, 3.6e6));
        m_next.start(delay);
    }

    void received(const HarMessage &m)
    {
        m_received.append(m);
        if (!m_settings.quiet)
            m_out << "< " << shown(m) << Qt::endl;
        if (m_settings.expect && !compareSoFar())
            return;
        if (m_silence.isActive())
            m_silence.start(m_settings.waitMs);
    }

    // The first answer that differs ends the replay at once.
    bool compareSoFar()
    {
        const qsizetype i = m_received.size() - 1;
        if (i >= m_expected.size()) {
            fail(tr("the server sent more than was recorded: answer %1 is new:\n  received: %2")
                     .arg(i + 1)
                     .arg(shown(m_received.at(i))));
            return false;
        }
        const HarMessage &want = m_expected.at(i);
        const HarMessage &got = m_received.at(i);
        if (want.opcode != got.opcode || want.data != got.data) {
            fail(tr("answer %1 differs:\n  recorded: %2\n  received: %3").arg(i + 1).arg(shown(want), shown(got)));
            return false;
        }
        return true;
    }

    void fail(const QString &why)
    {
        m_done = true;
        m_err << "duplex-client replay: " << why << Qt::endl;
        m_client.close(1000);
        QCoreApplication::exit(ReplayDifferent);
    }

    void finish()
    {
        if (m_done)
            return;
        m_done = true;
        m_client.close(1000);
        if (m_settings.expect && m_received.size() < m_expected.size()) {
            m_err << "duplex-client replay: "
                  << tr("%1 of %2 recorded answers came back; the first missing:\n  recorded: %3")
                         .arg(m_received.size())
                         .arg(m_expected.size())
                         .arg(shown(m_expected.at(m_received.size())))
                  << Qt::endl;
            QCoreApplication::exit(ReplayDifferent);
            return;
        }
        m_out << (m_settings.expect ? tr("replayed %n message(s); every answer as recorded", nullptr, int(m_sent))
                                    : tr("replayed %n message(s)", nullptr, int(m_sent)))
              << Qt::endl;
        QCoreApplication::exit(ReplayOk);
    }

    ReplaySettings m_settings;
    WebSocketClient m_client;
    QList<HarMessage> m_toSend, m_expected, m_received;
    qsizetype m_sent = 0;
    QTimer m_next, m_silence;
    QTextStream m_out, m_err;
    bool m_connectedOnce = false;
    bool m_done = false;
};

} // namespace

int runReplay(const QStringList &arguments)
{
    ReplaySettings settings;
    const QString error = ReplayCommandLine::parse(arguments, settings);
    if (!error.isEmpty()) {
        QTextStream(stderr) << "duplex-client replay: " << error << Qt::endl;
        return ReplayBadArguments;
    }
    Replay replay(settings);
    QTimer::singleShot(0, &replay, [&replay] { replay.start(); });
    return QCoreApplication::exec();
}

} // namespace Duplex

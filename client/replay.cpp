#include "replay.h"

#include "har.h"
#include "harreplay.h"

#include <QCommandLineParser>
#include <QCoreApplication>
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

// Prints what the replay does and decides the exit code.
class Replay final : public QObject
{
    Q_DECLARE_TR_FUNCTIONS(Replay)

public:
    explicit Replay(ReplaySettings settings) : m_settings(std::move(settings)), m_out(stdout), m_err(stderr)
    {
        m_replay.client()->setCertificateHint(tr("run again with --insecure to accept it"));
        connect(&m_replay, &HarReplay::connected, this, [this] {
            if (!m_settings.quiet)
                m_out << tr("replaying %n message(s) to %1", nullptr, int(m_replay.toSend().size()))
                             .arg(m_settings.url.toDisplayString())
                      << Qt::endl;
        });
        connect(&m_replay, &HarReplay::sent, this, [this](qsizetype, const HarMessage &m) {
            if (!m_settings.quiet)
                m_out << "> " << shown(m) << Qt::endl;
        });
        connect(&m_replay, &HarReplay::answered, this, [this](qsizetype index, const HarMessage &m, bool matches) {
            if (!m_settings.quiet)
                m_out << "< " << shown(m) << Qt::endl;
            if (!m_settings.expect || matches)
                return;
            // The first answer that differs ends the replay at once.
            if (index >= m_replay.expected().size())
                m_err << "duplex-client replay: "
                      << tr("the server sent more than was recorded: answer %1 is new:\n  received: %2")
                             .arg(index + 1)
                             .arg(shown(m))
                      << Qt::endl;
            else
                m_err << "duplex-client replay: "
                      << tr("answer %1 differs:\n  recorded: %2\n  received: %3")
                             .arg(index + 1)
                             .arg(shown(m_replay.expected().at(index)), shown(m))
                      << Qt::endl;
            m_replay.stop();
            QCoreApplication::exit(ReplayDifferent);
        });
        connect(&m_replay, &HarReplay::failed, this, [this](const QString &error) {
            m_err << "duplex-client replay: "
                  << tr("could not connect to %1: %2").arg(m_settings.url.toDisplayString(), error) << Qt::endl;
            QCoreApplication::exit(ReplayCannotConnect);
        });
        connect(&m_replay, &HarReplay::finished, this, [this](qsizetype, qsizetype missing) {
            const qsizetype sent = m_replay.sentCount();
            if (m_settings.expect && missing > 0) {
                const qsizetype got = m_replay.received().size();
                m_err << "duplex-client replay: "
                      << tr("%1 of %2 recorded answers came back; the first missing:\n  recorded: %3")
                             .arg(got)
                             .arg(m_replay.expected().size())
                             .arg(shown(m_replay.expected().at(got)))
                      << Qt::endl;
                QCoreApplication::exit(ReplayDifferent);
                return;
            }
            m_out << (m_settings.expect ? tr("replayed %n message(s); every answer as recorded", nullptr, int(sent))
                                        : tr("replayed %n message(s)", nullptr, int(sent)))
                  << Qt::endl;
            QCoreApplication::exit(ReplayOk);
        });
    }

    void start()
    {
        ClientOptions options;
        options.url = m_settings.url;
        options.insecure = m_settings.insecure;
        m_replay.start(m_settings.recorded, options,
            m_settings.speed == 0 ? HarReplay::Pace::AsFastAsPossible : HarReplay::Pace::Recorded, m_settings.speed,
            m_settings.waitMs);
    }

private:
    ReplaySettings m_settings;
    HarReplay m_replay;
    QTextStream m_out, m_err;
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

// The duplex-client executable, run as a script or a person would: real process, real server, real sockets.
#include "har.h"
#include "server.h"
#include "testclient.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Duplex;

class TestClientCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void help_listsOptionsAndExitCodes();
    void badArguments_exitWith2_data();
    void badArguments_exitWith2();
    void send_printsEchoReplyAndExits0_data();
    void send_printsEchoReplyAndExits0();
    void send_timestampsSentAndReceivedLines();
    void sendFile_binaryComesBackAsHex();
    void sendFile_asText();
    void cannotConnect_exits3_data();
    void cannotConnect_exits3();
    void serverDisconnect_exits4WithCodeOnStderr();
    void stdin_sendsEachLineThenExits0OnEof();
    void headerAndSubprotocol_reachTheServer();
    void errors_sayWhatHappenedAndWhatToTry_data();
    void errors_sayWhatHappenedAndWhatToTry();
    void refusedSubprotocol_warnsOnStderr();
    void slashCommands_pingAndCloseWithCodeAndReason();
    void closeCodeOption_isSentWhenDone();
    void profile_fromTheDesktopsSettings();
    void replay_harRoundTripPassesThenFailsWhenTheServerChanges();
    void bench_againstDuplexServer_messagesFlowAndNoneAreLost();

private:
    static QString binary() { return qEnvironmentVariable("DUPLEX_CLIENT_BIN"); }
    static QString reply(const QString &text) { return u"I am the server. I received your message. You said: " + text; }
    // Runs the client to the end while the event loop keeps turning (the in-process server reports through it).
    static bool run(QProcess &process, const QStringList &arguments, int timeoutMs = 15'000);

    Server m_server;
    QString m_url;
};

void TestClientCli::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY2(QFileInfo(binary()).isExecutable(), "DUPLEX_CLIENT_BIN must name the duplex-client binary");
    QVERIFY(DuplexTest::startServer(m_server));
    m_url = DuplexTest::wsUrl(m_server).toString();
}

bool TestClientCli::run(QProcess &process, const QStringList &arguments, int timeoutMs)
{
    process.start(binary(), arguments);
    if (!process.waitForStarted(5000))
        return false;
    QDeadlineTimer deadline(timeoutMs);
    while (process.state() != QProcess::NotRunning && !deadline.hasExpired())
        QTest::qWait(20);
    return process.state() == QProcess::NotRunning && process.exitStatus() == QProcess::NormalExit;
}

void TestClientCli::help_listsOptionsAndExitCodes()
{
    QProcess process;
    QVERIFY(run(process, {QStringLiteral("--help")}));
    QCOMPARE(process.exitCode(), 0);
    const QByteArray text = process.readAllStandardOutput();
    for (const char *option : {"--send", "--send-file", "--text", "--wait", "--subprotocol", "--header", "--origin",
             "--insecure", "--quiet", "--version", "Exit codes", "could not connect"})
        QVERIFY2(text.contains(option), option);

    QProcess version;
    QVERIFY(run(version, {QStringLiteral("--version")}));
    QCOMPARE(version.exitCode(), 0);
    QVERIFY(version.readAllStandardOutput().contains(DUPLEX_VERSION));
}

void TestClientCli::badArguments_exitWith2_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString url = QStringLiteral("ws://127.0.0.1:1/");
    QTest::newRow("no url") << QStringList() << QStringLiteral("exactly one URL");
    QTest::newRow("two urls") << QStringList {url, url} << QStringLiteral("exactly one URL");
    QTest::newRow("http url") << QStringList {QStringLiteral("http://127.0.0.1:1/")} << QStringLiteral("Invalid URL");
    QTest::newRow("unknown option") << QStringList {url, QStringLiteral("--shout")} << QStringLiteral("shout");
    QTest::newRow("send and send-file") << QStringList {url, QStringLiteral("--send"), QStringLiteral("a"),
        QStringLiteral("--send-file"), QStringLiteral("/etc/hostname")}
                                        << QStringLiteral("not both");
    QTest::newRow("text without file") << QStringList {url, QStringLiteral("--text")} << QStringLiteral("--text");
    QTest::newRow("missing file") << QStringList {url, QStringLiteral("--send-file"), QStringLiteral("/no/such/file")}
                                  << QStringLiteral("Cannot read");
    QTest::newRow("negative wait") << QStringList {url, QStringLiteral("--wait"), QStringLiteral("-5")}
                                   << QStringLiteral("Invalid --wait");
    QTest::newRow("reserved close code") << QStringList {url, QStringLiteral("--close-code"), QStringLiteral("1005")}
                                         << QStringLiteral("Invalid close code");
    QTest::newRow("long close reason") << QStringList {url, QStringLiteral("--close-reason"), QString(124, u'x')}
                                       << QStringLiteral("at most 123");
    QTest::newRow("bad ping interval") << QStringList {url, QStringLiteral("--ping-interval"), QStringLiteral("soon")}
                                       << QStringLiteral("Invalid --ping-interval");
    QTest::newRow("header without colon")
        << QStringList {url, QStringLiteral("--header"), QStringLiteral("nocolon")} << QStringLiteral("Invalid header");
}

void TestClientCli::badArguments_exitWith2()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess process;
    QVERIFY(run(process, arguments));
    QCOMPARE(process.exitCode(), 2);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(message), qPrintable(err));
}

void TestClientCli::send_printsEchoReplyAndExits0_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ascii") << QStringLiteral("hello");
    QTest::newRow("chinese") << QStringLiteral("你好,我是客户端");
}

void TestClientCli::send_printsEchoReplyAndExits0()
{
    QFETCH(QString, text);
    QProcess process;
    QVERIFY(run(process,
        {m_url, QStringLiteral("--quiet"), QStringLiteral("--wait"), QStringLiteral("300"), QStringLiteral("--send"),
            text}));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()), reply(text) + u'\n');
    QCOMPARE(process.readAllStandardError(), QByteArray());
}

void TestClientCli::send_timestampsSentAndReceivedLines()
{
    QProcess process;
    QVERIFY(run(process,
        {m_url, QStringLiteral("--wait"), QStringLiteral("300"), QStringLiteral("--send"), QStringLiteral("hello")}));
    QCOMPARE(process.exitCode(), 0);
    const QStringList lines = QString::fromUtf8(process.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
    const QString stamp = QStringLiteral("^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d ");
    const auto has = [&](const QString &pattern) {
        const QRegularExpression re(stamp + pattern + u'$');
        return std::any_of(lines.begin(), lines.end(), [&re](const QString &l) { return re.match(l).hasMatch(); });
    };
    QVERIFY2(has(QStringLiteral("\\* connecting to ws://127\\.0\\.0\\.1:\\d+/ …")), qPrintable(lines.join(u'\n')));
    QVERIFY2(has(QStringLiteral("\\* connected")), qPrintable(lines.join(u'\n')));
    QVERIFY2(has(QStringLiteral("> hello")), qPrintable(lines.join(u'\n')));
    QVERIFY2(has(QRegularExpression::escape(u"< " + reply(QStringLiteral("hello")))), qPrintable(lines.join(u'\n')));
    QVERIFY2(has(QStringLiteral("> \\[close 1000\\]")), qPrintable(lines.join(u'\n')));
    QVERIFY2(has(QStringLiteral("\\* closed \\(1000\\)")), qPrintable(lines.join(u'\n')));
}

void TestClientCli::sendFile_binaryComesBackAsHex()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("data.bin")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray("\xde\xad\xbe\xef", 4));
    file.close();

    QProcess process;
    QVERIFY(run(process,
        {m_url, QStringLiteral("--wait"), QStringLiteral("300"), QStringLiteral("--send-file"), file.fileName()}));
    QCOMPARE(process.exitCode(), 0);
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(out.contains(u"> [binary 4 bytes] de ad be ef\n"), qPrintable(out));
    QVERIFY2(out.contains(u"< [binary 4 bytes] de ad be ef\n"), qPrintable(out));

    QProcess quiet;
    QVERIFY(run(quiet,
        {m_url, QStringLiteral("--quiet"), QStringLiteral("--wait"), QStringLiteral("300"),
            QStringLiteral("--send-file"), file.fileName()}));
    QCOMPARE(quiet.exitCode(), 0);
    QCOMPARE(quiet.readAllStandardOutput(), QByteArray("de ad be ef\n"));
}

void TestClientCli::sendFile_asText()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(QStringLiteral("message.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("来自文件").toUtf8());
    file.close();

    QProcess process;
    QVERIFY(run(process,
        {m_url, QStringLiteral("--quiet"), QStringLiteral("--wait"), QStringLiteral("300"),
            QStringLiteral("--send-file"), file.fileName(), QStringLiteral("--text")}));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()), reply(QStringLiteral("来自文件")) + u'\n');
}

void TestClientCli::cannotConnect_exits3_data()
{
    QTest::addColumn<bool>("listen");
    QTest::addColumn<QString>("message");
    QTest::newRow("refused") << false << QStringLiteral("refused");
    QTest::newRow("not a websocket server") << true << QStringLiteral("404");
}

void TestClientCli::cannotConnect_exits3()
{
    QFETCH(bool, listen);
    QFETCH(QString, message);
    // Either nobody listens, or a plain HTTP server turns the upgrade down.
    QTcpServer http;
    QVERIFY(http.listen(QHostAddress::LocalHost));
    const quint16 port = http.serverPort();
    if (!listen)
        http.close();
    connect(&http, &QTcpServer::newConnection, this, [&http] {
        while (QTcpSocket *socket = http.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                socket->disconnectFromHost();
            });
        }
    });
    QProcess process;
    QVERIFY(run(process,
        {QStringLiteral("ws://127.0.0.1:%1/").arg(port), QStringLiteral("--send"), QStringLiteral("anyone?")}));
    QCOMPARE(process.exitCode(), 3);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(u"could not connect") && err.contains(message, Qt::CaseInsensitive), qPrintable(err));
}

void TestClientCli::serverDisconnect_exits4WithCodeOnStderr()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    QProcess process;
    process.start(binary(), {DuplexTest::wsUrl(server).toString()});
    QVERIFY(process.waitForStarted(5000));
    QTRY_COMPARE_WITH_TIMEOUT(server.connections().size(), 1, 10'000);

    server.disconnectClient(server.connections().first().id, 4000, QStringLiteral("kicked"));
    QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 10'000);
    QCOMPARE(process.exitCode(), 4);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(u"the server closed the connection: 4000 kicked"), qPrintable(err));
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(out.contains(u"* closed (4000 kicked)"), qPrintable(out));
}

void TestClientCli::stdin_sendsEachLineThenExits0OnEof()
{
    QProcess process;
    process.start(binary(), {m_url, QStringLiteral("--wait"), QStringLiteral("500")});
    QVERIFY(process.waitForStarted(5000));
    process.write("first line\r\n");
    process.write(QStringLiteral("第二行\nlast, without newline").toUtf8());
    process.closeWriteChannel();
    QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 10'000);
    QCOMPARE(process.exitCode(), 0);
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    for (const QString &line :
        {QStringLiteral("first line"), QStringLiteral("第二行"), QStringLiteral("last, without newline")}) {
        QVERIFY2(out.contains(u"> " + line + u'\n'), qPrintable(out));
        QVERIFY2(out.contains(u"< " + reply(line) + u'\n'), qPrintable(out));
    }
    QVERIFY2(out.contains(u"* closed (1000)"), qPrintable(out));
    QCOMPARE(process.readAllStandardError(), QByteArray());
}

void TestClientCli::headerAndSubprotocol_reachTheServer()
{
    Server server;
    ServerConfig config;
    config.allowedOrigins = {QStringLiteral("http://cli.test")}; // a foreign origin must be allowed explicitly
    QVERIFY(DuplexTest::startServer(server, config));
    QProcess process;
    process.start(binary(),
        {DuplexTest::wsUrl(server, QStringLiteral("/?name=cli")).toString(), QStringLiteral("--quiet"),
            QStringLiteral("--subprotocol"), QStringLiteral("duplex.v1"), QStringLiteral("--header"),
            QStringLiteral("User-Agent: duplex-cli-test"), QStringLiteral("--origin"),
            QStringLiteral("http://cli.test")});
    QVERIFY(process.waitForStarted(5000));
    QTRY_COMPARE_WITH_TIMEOUT(server.connections().size(), 1, 10'000);
    const ConnectionInfo info = server.connections().first();
    QCOMPARE(info.userAgent, QStringLiteral("duplex-cli-test"));
    QCOMPARE(info.subprotocol, QStringLiteral("duplex.v1"));
    QCOMPARE(info.origin, QStringLiteral("http://cli.test"));
    // duplex.v1 greets with JSON, printed as it came.
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("\"type\":\"welcome\""), 5000);
    process.closeWriteChannel();
    QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 10'000);
    QCOMPARE(process.exitCode(), 0);
}

void TestClientCli::errors_sayWhatHappenedAndWhatToTry_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("token refused") << QStringLiteral(
        "token") << QStringList {QStringLiteral("the server refused the token (HTTP 401)"), QStringLiteral("?token=")};
    // Answered at once in plain HTTP (not after the 10 s handshake timeout, which says "timed out").
    QTest::newRow("wss to a plain port") << QStringLiteral(
        "plain") << QStringList {QStringLiteral("did not answer with TLS"), QStringLiteral("try ws://")};
    QTest::newRow("self-signed certificate") << QStringLiteral(
        "tls") << QStringList {QStringLiteral("certificate is not trusted"), QStringLiteral("--insecure")};
}

void TestClientCli::errors_sayWhatHappenedAndWhatToTry()
{
    QFETCH(QString, kind);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    Server server;
    ServerConfig config;
    QString scheme = QStringLiteral("ws");
    if (kind == u"token")
        config.token = QStringLiteral("s3cret");
    if (kind == u"plain")
        scheme = QStringLiteral("wss");
    if (kind == u"tls") {
        const QString error = DuplexTest::makeCertificate(dir.path(), config.certificateFile, config.keyFile);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        scheme = QStringLiteral("wss");
    }
    QVERIFY(DuplexTest::startServer(server, config));
    QProcess process;
    QVERIFY(run(process,
        {QStringLiteral("%1://127.0.0.1:%2/").arg(scheme).arg(server.port()), QStringLiteral("--send"),
            QStringLiteral("hi")}));
    QCOMPARE(process.exitCode(), 3);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    for (const QString &text : expected)
        QVERIFY2(err.contains(text), qPrintable(err));
    QVERIFY2(!err.contains(u"Unhandled") && !err.contains(u"timed out"), qPrintable(err));
    // A connection that never opened is not reported as closed with 1006.
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(out.contains(u"* not connected") && !out.contains(u"1006"), qPrintable(out));
}

void TestClientCli::refusedSubprotocol_warnsOnStderr()
{
    QProcess process;
    QVERIFY(run(process,
        {m_url, QStringLiteral("--quiet"), QStringLiteral("--subprotocol"), QStringLiteral("mqtt"),
            QStringLiteral("--wait"), QStringLiteral("200"), QStringLiteral("--send"), QStringLiteral("x")}));
    QCOMPARE(process.exitCode(), 0);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(u"accepted none of the subprotocols asked for (mqtt)"), qPrintable(err));
}

void TestClientCli::slashCommands_pingAndCloseWithCodeAndReason()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    QSignalSpy events(&server, &Server::eventsReady);
    QProcess process;
    process.start(binary(), {DuplexTest::wsUrl(server).toString(), QStringLiteral("--slash")});
    QVERIFY(process.waitForStarted(5000));
    QTRY_COMPARE_WITH_TIMEOUT(server.connections().size(), 1, 10'000);
    process.write("/ping abc\n//slash is text\n/nonsense\n");
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("[pong"), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(
        (out += process.readAllStandardOutput()).contains(reply(QStringLiteral("/slash is text")).toUtf8()), 5000);
    process.write("/close 4001 done here\n");
    QTRY_COMPARE_WITH_TIMEOUT(process.state(), QProcess::NotRunning, 10'000);
    QCOMPARE(process.exitCode(), 0);
    out += process.readAllStandardOutput();
    QVERIFY2(out.contains("> [ping] 61 62 63"), out.constData());
    QVERIFY2(out.contains("* closed (4001 done here)"), out.constData());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(u"unknown command /nonsense"), qPrintable(err));
    // The server saw the code and the reason.
    bool seen = false;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        for (const QList<QVariant> &call : std::as_const(events)) {
            for (const ServerEvent &e : call.first().value<QList<ServerEvent>>())
                seen = seen || (e.type == ServerEvent::Type::Closed && e.closeCode == 4001);
        }
        return seen;
    }()),
        5000);
}

void TestClientCli::closeCodeOption_isSentWhenDone()
{
    QProcess process;
    QVERIFY(run(process,
        {m_url, QStringLiteral("--wait"), QStringLiteral("200"), QStringLiteral("--close-code"), QStringLiteral("4321"),
            QStringLiteral("--close-reason"), QStringLiteral("再见"), QStringLiteral("--send"), QStringLiteral("x")}));
    QCOMPARE(process.exitCode(), 0);
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    QVERIFY2(out.contains(u"> [close 4321 再见]"), qPrintable(out));
}

void TestClientCli::profile_fromTheDesktopsSettings()
{
    Server server;
    ServerConfig config;
    config.token = QStringLiteral("pr0file");
    QVERIFY(DuplexTest::startServer(server, config));
    QTemporaryDir home;
    {
        // Where the desktop app keeps its settings (organisation Duplex, application duplex).
        QSettings desktop(home.path() + u"/Duplex/duplex.conf", QSettings::IniFormat);
        const QJsonArray profiles {QJsonObject {{QStringLiteral("name"), QStringLiteral("local")},
            {QStringLiteral("url"), DuplexTest::wsUrl(server, QStringLiteral("/?name=cli")).toString()},
            {QStringLiteral("token"), QStringLiteral("pr0file")},
            {QStringLiteral("headers"), QStringLiteral("User-Agent: from-profile")}}};
        desktop.setValue(QStringLiteral("client/profiles"),
            QString::fromUtf8(QJsonDocument(profiles).toJson(QJsonDocument::Compact)));
    }
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
    process.setProcessEnvironment(env);
    QVERIFY(run(process,
        {QStringLiteral("--profile"), QStringLiteral("local"), QStringLiteral("--quiet"), QStringLiteral("--wait"),
            QStringLiteral("200"), QStringLiteral("--send"), QStringLiteral("hi")}));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(process.readAllStandardOutput()), reply(QStringLiteral("hi")) + u'\n');

    QProcess unknown;
    unknown.setProcessEnvironment(env);
    QVERIFY(run(unknown, {QStringLiteral("--profile"), QStringLiteral("nope")}));
    QCOMPARE(unknown.exitCode(), 2);
    const QString err = QString::fromUtf8(unknown.readAllStandardError());
    QVERIFY2(err.contains(u"saved profiles: local"), qPrintable(err));
}

// Record (the server's GET /api/log.har) → replay --expect passes; the server answers differently → exit 1 with a diff.
void TestClientCli::replay_harRoundTripPassesThenFailsWhenTheServerChanges()
{
    QTemporaryDir dir;
    Server server;
    ServerConfig config;
    config.historyEnabled = true;
    config.databasePath = dir.filePath(QStringLiteral("history.db"));
    QVERIFY(DuplexTest::startServer(server, config));
    QProcess record;
    record.start(binary(),
        {DuplexTest::wsUrl(server, QStringLiteral("/room?name=rec")).toString(), QStringLiteral("--wait"),
            QStringLiteral("300")});
    QVERIFY(record.waitForStarted(5000));
    record.write("first\n");
    QTest::qWait(150);
    record.write(QStringLiteral("第二\n").toUtf8());
    record.closeWriteChannel();
    QTRY_COMPARE_WITH_TIMEOUT(record.state(), QProcess::NotRunning, 10'000);
    QCOMPARE(record.exitCode(), 0);

    const QByteArray answer = DuplexTest::httpGet(server.port(), "/api/log.har?connection=1");
    QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.left(300).constData());
    const QByteArray har = answer.mid(answer.indexOf("\r\n\r\n") + 4);
    QString error;
    const std::optional<QList<HarConnection>> read = Har::read(har, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->size(), 1);
    QVERIFY2(read->first().url.endsWith(u"/room?name=rec"), qPrintable(read->first().url));
    QCOMPARE(read->first().messages.size(), 4); // send, receive, send, receive
    QVERIFY(read->first().messages.at(0).fromClient && !read->first().messages.at(1).fromClient);
    const QString file = dir.filePath(QStringLiteral("session.har"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(har);
    out.close();
    QCOMPARE(DuplexTest::httpGet(server.port(), "/api/log.har?connection=99").mid(9, 3), QByteArray("404"));

    // (httpGet's Host header has no port, so the recorded URL has none: --url gives the server's.)
    const QString url = DuplexTest::wsUrl(server, QStringLiteral("/room?name=rec")).toString();
    QProcess replay;
    QVERIFY(run(replay,
        {QStringLiteral("replay"), file, QStringLiteral("--url"), url, QStringLiteral("--expect"),
            QStringLiteral("--wait"), QStringLiteral("300")}));
    QCOMPARE(replay.exitCode(), 0);
    QVERIFY(QString::fromUtf8(replay.readAllStandardOutput()).contains(u"every answer as recorded"));

    server.setReplyTemplate(QStringLiteral("v2: {text}"));
    QProcess changed;
    QVERIFY(run(changed,
        {QStringLiteral("replay"), file, QStringLiteral("--url"), url, QStringLiteral("--expect"),
            QStringLiteral("--speed"), QStringLiteral("max")}));
    QCOMPARE(changed.exitCode(), 1);
    const QString diff = QString::fromUtf8(changed.readAllStandardError());
    QVERIFY2(diff.contains(u"answer 1 differs") && diff.contains(u"received: \"v2: first\""), qPrintable(diff));

    QProcess badFile;
    QVERIFY(run(badFile, {QStringLiteral("replay"), QStringLiteral("/etc/hostname")}));
    QCOMPARE(badFile.exitCode(), 2);
}

// The smoke run of the load generator (issue 6): the real duplex-client bench against the real duplex-server,
// 10 connections for 2 s. Asserts only that messages flowed and came back intact, never a speed.
void TestClientCli::bench_againstDuplexServer_messagesFlowAndNoneAreLost()
{
    const QString serverBinary = qEnvironmentVariable("DUPLEX_SERVER_BIN");
    QVERIFY2(QFileInfo(serverBinary).isExecutable(), "DUPLEX_SERVER_BIN must name the duplex-server binary");
    QProcess server;
    server.start(serverBinary,
        {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--mode"), QStringLiteral("raw"),
            QStringLiteral("--no-history"), QStringLiteral("--quiet")});
    QVERIFY(server.waitForStarted(5000));
    QByteArray banner;
    QTRY_VERIFY_WITH_TIMEOUT((banner += server.readAllStandardOutput()).contains("listening on"), 10'000);
    const QRegularExpressionMatch url
        = QRegularExpression(QStringLiteral("http://([^/\\s]+)/")).match(QString::fromUtf8(banner));
    QVERIFY2(url.hasMatch(), banner.constData());

    QProcess bench;
    bench.start(binary(),
        {QStringLiteral("bench"), QStringLiteral("ws://%1/").arg(url.captured(1)), QStringLiteral("--connections"),
            QStringLiteral("10"), QStringLiteral("--duration"), QStringLiteral("2"), QStringLiteral("--json"),
            QStringLiteral("--quiet")});
    QVERIFY(bench.waitForFinished(30'000));
    const QByteArray output = bench.readAllStandardOutput();
    QCOMPARE(bench.exitCode(), 0);
    const QJsonObject result = QJsonDocument::fromJson(output.trimmed().split('\n').last()).object();
    QVERIFY2(!result.isEmpty(), output.constData());
    QCOMPARE(result.value(QLatin1String("open")).toInt(), 10);
    QVERIFY2(result.value(QLatin1String("messages")).toInteger() > 0, output.constData());
    QCOMPARE(result.value(QLatin1String("lost")).toInteger(), 0);
    QCOMPARE(result.value(QLatin1String("mismatches")).toInteger(), 0);
    QCOMPARE(result.value(QLatin1String("errors")).toInteger(), 0);
    QVERIFY(result.value(QLatin1String("ok")).toBool());

    server.terminate(); // SIGTERM: closes with 1001 and exits 0
    QVERIFY(server.waitForFinished(5000));
    QCOMPARE(server.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestClientCli)
#include "tst_client_cli.moc"

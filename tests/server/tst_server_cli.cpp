// The duplex-server executable, run as a user would: real process, real sockets, signals.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QUrl>
#include <QWebSocket>

#include <csignal>

class TestServerCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void help_andVersion();
    void badArguments_failWithClearMessage_data();
    void badArguments_failWithClearMessage();
    void takenPort_failsNonZero();
    void logsConnectionsMessagesAndGoodbye_thenExitsOnSigterm();
    void jsonLogFormat_printsOneObjectPerLine();
    void quiet_printsOnlyTheUrl();

private:
    static QString binary() { return qEnvironmentVariable("DUPLEX_SERVER_BIN"); }
    // Starts the server and returns its port, read from the "Duplex listening on" line.
    static quint16 startServer(QProcess &process, const QStringList &arguments);
    static QString readUntil(QProcess &process, const QString &needle, QString &seen);
};

quint16 TestServerCli::startServer(QProcess &process, const QStringList &arguments)
{
    process.start(binary(), QStringList {QStringLiteral("--port"), QStringLiteral("0")} + arguments);
    if (!process.waitForStarted(5000))
        return 0;
    QString seen;
    const QString line = readUntil(process, QStringLiteral("Duplex listening on "), seen);
    const QRegularExpression re(QStringLiteral("^Duplex listening on http://127\\.0\\.0\\.1:(\\d+)/$"));
    const auto match = re.match(line);
    if (match.hasMatch())
        return quint16(match.captured(1).toUInt());
    // --log-format json: {"event":"listening","url":"http://127.0.0.1:PORT/",…}
    const QJsonObject object = QJsonDocument::fromJson(line.toUtf8()).object();
    return object.value(u"event").toString() == u"listening" ? quint16(QUrl(object.value(u"url").toString()).port())
                                                             : 0;
}

QString TestServerCli::readUntil(QProcess &process, const QString &needle, QString &seen)
{
    QDeadlineTimer deadline(10'000);
    while (!deadline.hasExpired()) {
        while (process.canReadLine()) {
            const QString line = QString::fromUtf8(process.readLine()).trimmed();
            seen += line + u'\n';
            if (line.contains(needle))
                return line;
        }
        if (process.state() == QProcess::NotRunning)
            break;
        process.waitForReadyRead(100);
    }
    return {};
}

void TestServerCli::help_andVersion()
{
    QProcess help;
    help.start(binary(), {QStringLiteral("--help")});
    QVERIFY(help.waitForFinished(10'000));
    QCOMPARE(help.exitCode(), 0);
    const QByteArray text = help.readAllStandardOutput();
    for (const char *option : {"--host", "--port", "--mode", "--document-root", "--reply", "--quiet", "--log-format"})
        QVERIFY2(text.contains(option), option);

    QProcess version;
    version.start(binary(), {QStringLiteral("--version")});
    QVERIFY(version.waitForFinished(10'000));
    QCOMPARE(version.exitCode(), 0);
    QVERIFY(version.readAllStandardOutput().contains(DUPLEX_VERSION));
}

void TestServerCli::badArguments_failWithClearMessage_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("host") << QStringList {QStringLiteral("--host"), QStringLiteral("999.1.1.1")}
                          << QStringLiteral("Invalid address");
    QTest::newRow("port") << QStringList {QStringLiteral("--port"), QStringLiteral("70000")}
                          << QStringLiteral("Invalid port");
    QTest::newRow("mode") << QStringList {QStringLiteral("--mode"), QStringLiteral("shout")}
                          << QStringLiteral("Invalid mode");
    QTest::newRow("root") << QStringList {QStringLiteral("--document-root"), QStringLiteral("/no/such/folder")}
                          << QStringLiteral("is not a folder");
    QTest::newRow("threads not a number") << QStringList {QStringLiteral("--threads"), QStringLiteral("many")}
                                          << QStringLiteral("Invalid --threads \"many\"");
    QTest::newRow("threads too many") << QStringList {QStringLiteral("--threads"), QStringLiteral("65")}
                                      << QStringLiteral("give 1 to 64");
    QTest::newRow("unknown option") << QStringList {QStringLiteral("--bogus")}
                                    << QStringLiteral("duplex-server: Unknown option 'bogus'");
    QTest::newRow("stray argument") << QStringList {QStringLiteral("8091")}
                                    << QStringLiteral("Unexpected argument \"8091\"");
    QTest::newRow("unknown language") << QStringList {QStringLiteral("--lang"), QStringLiteral("fr")}
                                      << QStringLiteral("Unknown language \"fr\": use en, zh_CN");
    QTest::newRow("unreachable host") << QStringList {QStringLiteral("--host"), QStringLiteral("192.0.2.1")}
                                      << QStringLiteral("Cannot listen on 192.0.2.1");
}

void TestServerCli::badArguments_failWithClearMessage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QProcess process;
    process.start(binary(), arguments);
    QVERIFY(process.waitForFinished(10'000));
    // bad arguments: 2 (README); a server that cannot listen: 1
    QCOMPARE(process.exitCode(), message.startsWith(u"Cannot listen") ? 1 : 2);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(message), qPrintable(err));
}

void TestServerCli::takenPort_failsNonZero()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost));
    QProcess process;
    process.start(binary(), {QStringLiteral("--port"), QString::number(blocker.serverPort())});
    QVERIFY(process.waitForFinished(10'000));
    QCOMPARE(process.exitCode(), 1);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("Cannot listen on 127.0.0.1:%1").arg(blocker.serverPort())), qPrintable(err));
    QVERIFY2(err.contains(u"in use", Qt::CaseInsensitive), qPrintable(err));
}

void TestServerCli::logsConnectionsMessagesAndGoodbye_thenExitsOnSigterm()
{
    QProcess process;
    const quint16 port = startServer(process, {});
    QVERIFY(port != 0);

    QWebSocket client;
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/?name=alice").arg(port)));
    QSignalSpy connected(&client, &QWebSocket::connected);
    QVERIFY(connected.wait(5000));
    QStringList replies;
    connect(&client, &QWebSocket::textMessageReceived, this, [&replies](const QString &t) { replies.append(t); });
    client.sendTextMessage(QStringLiteral("hello"));
    QTRY_COMPARE(replies.size(), 1);
    QCOMPARE(replies.first(), QStringLiteral("I am the server. I received your message. You said: hello"));

    QString seen;
    const QString opened = readUntil(process, QStringLiteral("connected from"), seen);
    QCOMPARE(opened, QStringLiteral("client 1 connected from 127.0.0.1:%1 path /?name=alice").arg(client.localPort()));
    QCOMPARE(readUntil(process, QStringLiteral("said:"), seen),
        QStringLiteral("client 1 said: hello (opcode 1, fin 1, 5 bytes)"));

    QSignalSpy disconnected(&client, &QWebSocket::disconnected);
    ::kill(pid_t(process.processId()), SIGTERM);
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(int(client.closeCode()), 1001);
    QVERIFY(readUntil(process, QStringLiteral("disconnected"), seen).startsWith(u"client 1 disconnected (code 1001"));
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);
}

void TestServerCli::jsonLogFormat_printsOneObjectPerLine()
{
    QProcess process;
    const quint16 port = startServer(process,
        {QStringLiteral("--log-format"), QStringLiteral("json"), QStringLiteral("--mode"), QStringLiteral("raw")});
    QVERIFY(port != 0);
    QWebSocket client;
    client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/raw").arg(port)));
    QSignalSpy connected(&client, &QWebSocket::connected);
    QVERIFY(connected.wait(5000));
    QSignalSpy echoed(&client, &QWebSocket::textMessageReceived);
    client.sendTextMessage(QStringLiteral("你好"));
    QVERIFY(echoed.wait(5000));
    QCOMPARE(echoed.first().first().toString(), QStringLiteral("你好"));
    QString seen;
    const QString line = readUntil(process, QStringLiteral("\"event\":\"in\""), seen);
    const QJsonObject o = QJsonDocument::fromJson(line.toUtf8()).object();
    QVERIFY2(!o.isEmpty(), qPrintable(seen));
    QCOMPARE(o.value(u"id").toInt(), 1);
    QCOMPARE(o.value(u"opcode").toInt(), 1);
    QCOMPARE(o.value(u"fin").toBool(), true);
    QCOMPARE(o.value(u"size").toInt(), 6);
    QCOMPARE(o.value(u"text").toString(), QStringLiteral("你好"));
    process.terminate();
    QVERIFY(process.waitForFinished(5000));
    QCOMPARE(process.exitCode(), 0);
    // Every stdout line is a JSON object, the server's own lines (listening, stopping) included.
    seen += QString::fromUtf8(process.readAllStandardOutput());
    const QStringList lines = seen.split(u'\n', Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 3); // in, out and stopping at least (the listening line was read to find the port)
    for (const QString &l : lines)
        QVERIFY2(QJsonDocument::fromJson(l.toUtf8()).isObject(), qPrintable(l));
    QVERIFY(seen.contains(QStringLiteral("\"event\":\"stopping\"")));
}

void TestServerCli::quiet_printsOnlyTheUrl()
{
    QProcess process;
    const quint16 port = startServer(process, {QStringLiteral("--quiet")});
    QVERIFY(port != 0);
    {
        QWebSocket client;
        client.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port)));
        QSignalSpy connected(&client, &QWebSocket::connected);
        QVERIFY(connected.wait(5000));
        QSignalSpy received(&client, &QWebSocket::textMessageReceived);
        client.sendTextMessage(QStringLiteral("hi"));
        QVERIFY(received.wait(5000));
    }
    process.terminate();
    QVERIFY(process.waitForFinished(5000));
    const QByteArray rest = process.readAllStandardOutput();
    QVERIFY2(!rest.contains("client 1"), rest.constData());
}

QTEST_GUILESS_MAIN(TestServerCli)
#include "tst_server_cli.moc"

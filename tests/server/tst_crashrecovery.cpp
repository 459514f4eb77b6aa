// Kills a real duplex-server (SIGKILL) while a client streams chat messages into it, restarts it on the same
// database, and checks that nothing acknowledged before the last flush was lost.
#include "historystore.h"
#include "serverevent.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <memory>

namespace {

constexpr int StreamMs = 3000;
constexpr int SafeMarginMs = 1200; // one flush interval (1 s) plus the 50 ms event batching and some slack
constexpr int MaxMessages = 5000;

QString chatText(int n)
{
    return QStringLiteral("crash test %1").arg(n);
}

int numberOf(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^crash test (\\d+)$"));
    const auto match = pattern.match(text);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

// What the database holds, read the way another process would after the crash.
struct Stored
{
    QSet<int> logged; // chat messages in the message log (frames in)
    QSet<int> chat; // chat messages in the chat history table
    QList<int> lastChat; // the newest 50, oldest first
};

Stored readDatabase(const QString &path)
{
    Stored stored;
    Duplex::HistoryStore store;
    if (!store.open(path))
        return stored;
    const QList<Duplex::ServerEvent> log = store.recentLog(std::numeric_limits<int>::max());
    for (const Duplex::ServerEvent &e : log) {
        if (e.type != Duplex::ServerEvent::Type::FrameIn)
            continue;
        const QJsonObject o = QJsonDocument::fromJson(e.payload).object();
        if (const int n = numberOf(o.value(QLatin1String("text")).toString()); n >= 0)
            stored.logged.insert(n);
    }
    const QList<Duplex::ChatProtocol::ChatMessage> chat = store.recentChat(std::numeric_limits<int>::max());
    for (const Duplex::ChatProtocol::ChatMessage &m : chat) {
        if (const int n = numberOf(m.text); n >= 0) {
            stored.chat.insert(n);
            stored.lastChat.append(n);
        }
    }
    stored.lastChat = stored.lastChat.mid(std::max<qsizetype>(0, stored.lastChat.size() - 50));
    return stored;
}

} // namespace

class TestCrashRecovery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sigkillMidStream_keepsEveryMessageAcknowledgedBeforeTheLastFlush_data();
    void sigkillMidStream_keepsEveryMessageAcknowledgedBeforeTheLastFlush();

private:
    static quint16 startServer(QProcess &process, const QString &database, const QStringList &extra);
    QString m_binary;
};

void TestCrashRecovery::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_binary = qEnvironmentVariable("DUPLEX_SERVER_BIN");
    QVERIFY2(QFile::exists(m_binary), "set DUPLEX_SERVER_BIN to the duplex-server binary");
}

quint16 TestCrashRecovery::startServer(QProcess &process, const QString &database, const QStringList &extra)
{
    process.setProcessChannelMode(QProcess::SeparateChannels);
    QStringList arguments {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--mode"),
        QStringLiteral("broadcast"), QStringLiteral("--database"), database};
    arguments += extra;
    process.start(qEnvironmentVariable("DUPLEX_SERVER_BIN"), arguments);
    if (!process.waitForStarted(5000))
        return 0;
    static const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)/"));
    QString seen;
    QElapsedTimer deadline;
    deadline.start();
    while (deadline.elapsed() < 10'000 && process.state() == QProcess::Running) {
        process.waitForReadyRead(200);
        seen += QString::fromUtf8(process.readAllStandardOutput());
        if (const auto match = listening.match(seen); match.hasMatch())
            return quint16(match.captured(1).toUInt());
    }
    qWarning().noquote() << "server output:" << seen << process.readAllStandardError();
    return 0;
}

void TestCrashRecovery::sigkillMidStream_keepsEveryMessageAcknowledgedBeforeTheLastFlush_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::newRow("quiet") << QStringList {QStringLiteral("--quiet")};
    QTest::newRow("logging every frame") << QStringList {QStringLiteral("--verbose")};
}

void TestCrashRecovery::sigkillMidStream_keepsEveryMessageAcknowledgedBeforeTheLastFlush()
{
    QFETCH(QStringList, extra);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString database = dir.filePath(QStringLiteral("duplex.sqlite"));

    QProcess server;
    const quint16 port = startServer(server, database, extra);
    QVERIFY(port != 0);
    // Drain the log so that a full pipe never stalls the server.
    connect(&server, &QProcess::readyReadStandardOutput, this, [&server] { server.readAllStandardOutput(); });
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/?name=streamer").arg(port));
    QWebSocketHandshakeOptions options;
    options.setSubprotocols({QStringLiteral("duplex.v1")});

    QElapsedTimer clock;
    QHash<int, qint64> acknowledged; // message number -> when its broadcast came back
    QWebSocket client;
    connect(&client, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
        const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
        if (o.value(QLatin1String("type")).toString() == u"message") {
            if (const int n = numberOf(o.value(QLatin1String("text")).toString()); n >= 0)
                acknowledged.insert(n, clock.elapsed());
        }
    });
    client.open(url, options);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), QAbstractSocket::ConnectedState, 5000);

    int sent = 0;
    QTimer sender;
    sender.setTimerType(Qt::PreciseTimer);
    sender.setInterval(5);
    connect(&sender, &QTimer::timeout, this, [&] {
        for (int i = 0; i < 4 && sent < MaxMessages; ++i)
            client.sendTextMessage(QStringLiteral(R"({"type":"message","text":"%1"})").arg(chatText(sent++)));
    });
    clock.start();
    sender.start();
    QTest::qWait(StreamMs);
    const qint64 killedAt = clock.elapsed();
    server.kill(); // SIGKILL: no flush, no goodbye
    QVERIFY(server.waitForFinished(5000));
    QCOMPARE(server.exitStatus(), QProcess::CrashExit);
    sender.stop();

    QList<int> safe; // acknowledged at least one flush interval (plus slack) before the kill
    for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it) {
        if (it.value() < killedAt - SafeMarginMs)
            safe.append(it.key());
    }
    std::sort(safe.begin(), safe.end());
    qInfo("sent %d, acknowledged %lld, acknowledged more than %d ms before the kill %lld", sent,
        qlonglong(acknowledged.size()), SafeMarginMs, qlonglong(safe.size()));
    QVERIFY2(safe.size() >= 50, "too few messages were acknowledged early enough to check anything");
    QVERIFY2(sent > acknowledged.size() || acknowledged.size() > safe.size(), "the kill did not happen mid-stream");

    const Stored stored = readDatabase(database);
    QList<int> missingFromLog;
    QList<int> missingFromChat;
    for (int n : std::as_const(safe)) {
        if (!stored.logged.contains(n))
            missingFromLog.append(n);
        if (!stored.chat.contains(n))
            missingFromChat.append(n);
    }
    QVERIFY2(missingFromLog.isEmpty(),
        qPrintable(QStringLiteral("%1 acknowledged messages missing from the log, first %2")
                       .arg(missingFromLog.size())
                       .arg(missingFromLog.value(0))));
    QVERIFY2(missingFromChat.isEmpty(),
        qPrintable(QStringLiteral("%1 acknowledged messages missing from the chat history, first %2")
                       .arg(missingFromChat.size())
                       .arg(missingFromChat.value(0))));
    QCOMPARE(stored.lastChat.size(), 50);
    int lost = 0; // acknowledged in the last second before the kill and not yet written: allowed
    for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it)
        lost += stored.logged.contains(it.key()) ? 0 : 1;
    qInfo("stored %lld of them in the log; %d acknowledged messages were still unwritten at the kill",
        qlonglong(stored.logged.size()), lost);

    // Restart on the same database: a new duplex.v1 client gets the last 50 stored chat messages.
    QProcess again;
    const quint16 port2 = startServer(again, database, extra);
    QVERIFY(port2 != 0);
    connect(&again, &QProcess::readyReadStandardOutput, this, [&again] { again.readAllStandardOutput(); });
    QWebSocket newcomer;
    QJsonArray history;
    bool gotHistory = false;
    connect(&newcomer, &QWebSocket::textMessageReceived, this, [&](const QString &text) {
        const QJsonObject o = QJsonDocument::fromJson(text.toUtf8()).object();
        if (o.value(QLatin1String("type")).toString() == u"history") {
            history = o.value(QLatin1String("messages")).toArray();
            gotHistory = true;
        }
    });
    newcomer.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/?name=newcomer").arg(port2)), options);
    QTRY_VERIFY_WITH_TIMEOUT(gotHistory, 5000);
    QList<int> received;
    for (const QJsonValue &m : std::as_const(history))
        received.append(numberOf(m.toObject().value(QLatin1String("text")).toString()));
    QCOMPARE(received, stored.lastChat);
    QVERIFY(received.last() >= safe.last());
    for (qsizetype i = 1; i < received.size(); ++i)
        QCOMPARE(received.at(i), received.at(i - 1) + 1); // one client, in order: no gaps
    QCOMPARE(history.last().toObject().value(QLatin1String("name")).toString(), QStringLiteral("streamer"));

    newcomer.close();
    again.terminate();
    QVERIFY(again.waitForFinished(5000));
    QCOMPARE(again.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"

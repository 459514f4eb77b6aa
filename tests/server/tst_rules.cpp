// Auto-reply rules on a running server with real sockets: every action and target, delays that hold nobody up,
// periodic pushes that die with their connection, close codes, the fallback, duplex.v1 pages, live replacement,
// the bound on regexes, GET/PUT /api/rules, and duplex-server --rules (bad file, reload on change and SIGHUP).
#include "ruleset.h"
#include "rulesfile.h"
#include "server.h"
#include "testclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Duplex;
using DuplexTest::Client;

namespace {

QJsonObject table(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

// Starts a server with these rules (applied before it listens).
bool startWithRules(Server &server, const char *rules, ServerConfig config = {})
{
    server.setRules(table(rules));
    return DuplexTest::startServer(server, config);
}

// An HTTP request over a plain socket; returns the status code and puts the body in *body.
int httpRequest(quint16 port, const QByteArray &method, const QByteArray &target, const QByteArray &body,
    QByteArray *responseBody, const QByteArray &extraHeaders = {})
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return 0;
    socket.write(method + ' ' + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: "
          "application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body);
    QByteArray answer;
    QDeadlineTimer deadline(5000);
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(100);
        answer += socket.readAll();
        const qsizetype end = answer.indexOf("\r\n\r\n");
        const QRegularExpressionMatch length
            = QRegularExpression(QStringLiteral("(?i)content-length: *(\\d+)")).match(QString::fromLatin1(answer));
        if (end > 0 && length.hasMatch() && answer.size() - end - 4 >= length.captured(1).toLongLong())
            break;
    }
    if (responseBody)
        *responseBody = answer.mid(answer.indexOf("\r\n\r\n") + 4);
    return answer.mid(9, 3).toInt();
}

} // namespace

class TestRules final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void reply_reachesSenderAllOrOthers();
    void unmatched_getsTheModesBehaviour_orNothingWithIgnore();
    void delayedReply_holdsUpNeitherTheSenderNorOthers();
    void periodicPush_countsAndDiesWithItsConnection();
    void closeAction_closesWithItsCode_data();
    void closeAction_closesWithItsCode();
    void openAndCloseRules_greetAndAnnounce();
    void binaryRules_matchHexPrefixAndReplyBinary();
    void chatPage_seesItsMessageThenTheRulesReply();
    void events_nameTheRule();
    void replacedLive_appliesToTheNextMessageWithoutDroppingAnyone();
    void catastrophicRegex_othersKeepTheirReplies();
    void rulesRunOnEveryNetworkThread();
    void api_getAndPutRules();
    void examples_loadAndBehaveAsTheReadmeSays();
    void cli_badRulesFile_exits2NamingTheRule();
    void cli_reloadsOnChangeAndSighup_keepsOldRulesWhenBad();
};

void TestRules::reply_reachesSenderAllOrOthers()
{
    Server server;
    QVERIFY(startWithRules(server, R"({"rules":[
        {"name":"me","match":{"type":"exact","pattern":"me"},"reply":"to you, {name}"},
        {"name":"all","match":{"type":"exact","pattern":"all"},"reply":"to all from {id}","to":"all"},
        {"name":"others","match":{"type":"exact","pattern":"others"},"reply":"to others","to":"others"}]})"));
    Client a(DuplexTest::wsUrl(server, QStringLiteral("/?name=a")));
    QVERIFY(a.waitConnected());
    Client b(DuplexTest::wsUrl(server, QStringLiteral("/?name=b")));
    QVERIFY(b.waitConnected());
    a.socket.sendTextMessage(QStringLiteral("me"));
    QTRY_COMPARE(a.texts, QStringList {QStringLiteral("to you, a")});
    a.socket.sendTextMessage(QStringLiteral("all"));
    QTRY_COMPARE(b.texts, QStringList {QStringLiteral("to all from 1")});
    QTRY_COMPARE(a.texts.size(), 2);
    QCOMPARE(a.texts.last(), QStringLiteral("to all from 1"));
    a.socket.sendTextMessage(QStringLiteral("others"));
    QTRY_COMPARE(b.texts.size(), 2);
    QCOMPARE(b.texts.last(), QStringLiteral("to others"));
    a.socket.sendTextMessage(QStringLiteral("me")); // a marker: "others" sent nothing to a before it
    QTRY_COMPARE(a.texts.size(), 3);
    QCOMPARE(a.texts.last(), QStringLiteral("to you, a"));
}

void TestRules::unmatched_getsTheModesBehaviour_orNothingWithIgnore()
{
    Server server;
    QVERIFY(startWithRules(server, R"({"rules":[{"match":{"type":"exact","pattern":"hi"},"reply":"hello"}]})"));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral("other"));
    QTRY_COMPARE(c.texts.size(), 1);
    QCOMPARE(c.texts.first(), defaultReplyTemplate().replace(QStringLiteral("{text}"), QStringLiteral("other")));

    server.setRules(
        table(R"({"fallback":"ignore","rules":[{"match":{"type":"exact","pattern":"hi"},"reply":"hello"}]})"));
    QTRY_COMPARE(server.connections().size(), 1); // the table is in place once a queued call after it has run
    c.socket.sendTextMessage(QStringLiteral("swallowed"));
    c.socket.sendTextMessage(QStringLiteral("hi"));
    QTRY_COMPARE(c.texts.size(), 2);
    QCOMPARE(c.texts.last(), QStringLiteral("hello"));
}

void TestRules::delayedReply_holdsUpNeitherTheSenderNorOthers()
{
    Server server;
    QVERIFY(startWithRules(server, R"({"rules":[
        {"name":"sum","match":{"type":"regex","pattern":"^add (\\d+) (\\d+)$"},"reply":"adding {1} and {2}",
         "delayMs":500},
        {"name":"echo","reply":"now: {text}"}]})"));
    Client a(DuplexTest::wsUrl(server));
    QVERIFY(a.waitConnected());
    Client b(DuplexTest::wsUrl(server));
    QVERIFY(b.waitConnected());
    QElapsedTimer timer;
    timer.start();
    a.socket.sendTextMessage(QStringLiteral("add 2 3"));
    a.socket.sendTextMessage(QStringLiteral("next"));
    b.socket.sendTextMessage(QStringLiteral("other"));
    QTRY_COMPARE(a.texts.size(), 1);
    QTRY_COMPARE(b.texts.size(), 1);
    const qint64 quick = timer.elapsed();
    QCOMPARE(a.texts.first(), QStringLiteral("now: next")); // not held up behind the delayed reply
    QCOMPARE(b.texts.first(), QStringLiteral("now: other"));
    QTRY_COMPARE(a.texts.size(), 2);
    const qint64 delayed = timer.elapsed();
    QCOMPARE(a.texts.last(), QStringLiteral("adding 2 and 3"));
    qInfo("undelayed replies after %lld ms, the delayed one after %lld ms", quick, delayed);
    QVERIFY(quick < 450);
    QVERIFY(delayed >= 490);
}

void TestRules::periodicPush_countsAndDiesWithItsConnection()
{
    Server server;
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    QVERIFY(startWithRules(server, R"({"rules":[{"name":"tick","on":"open","reply":"tick {counter}","everyMs":50}]})"));
    auto c = std::make_unique<Client>(DuplexTest::wsUrl(server));
    QVERIFY(c->waitConnected());
    QTRY_VERIFY(c->texts.size() >= 3);
    QCOMPARE(c->texts.mid(0, 3),
        (QStringList {QStringLiteral("tick 1"), QStringLiteral("tick 2"), QStringLiteral("tick 3")}));
    c->socket.close();
    QTRY_COMPARE(server.connections().size(), 0);
    QTest::qWait(200);
    const auto sentAfterClose = [&events] {
        bool closed = false;
        int sent = 0;
        for (const ServerEvent &e : std::as_const(events)) {
            closed = closed || (e.type == ServerEvent::Type::Closed && e.connectionId == 1);
            sent += closed && e.type == ServerEvent::Type::FrameOut ? 1 : 0;
        }
        return closed ? sent : -1;
    };
    QTRY_COMPARE(sentAfterClose(), 0);
    QTest::qWait(200); // several periods later: still nothing
    QCOMPARE(sentAfterClose(), 0);
}

void TestRules::closeAction_closesWithItsCode_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::newRow("4001 bye") << 4001 << QStringLiteral("bye");
    QTest::newRow("1000") << 1000 << QString();
    QTest::newRow("1008 policy") << 1008 << QStringLiteral("not allowed");
    QTest::newRow("3000 chinese reason") << 3000 << QStringLiteral("再见");
}

void TestRules::closeAction_closesWithItsCode()
{
    QFETCH(int, code);
    QFETCH(QString, reason);
    Server server;
    const QByteArray rules = QJsonDocument(
        QJsonObject {{QStringLiteral("rules"),
            QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("bye")},
                {QStringLiteral("reply"), QStringLiteral("goodbye")},
                {QStringLiteral("close"),
                    QJsonObject {{QStringLiteral("code"), code}, {QStringLiteral("reason"), reason}}}}}}})
                                 .toJson();
    QVERIFY(startWithRules(server, rules.constData()));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    QSignalSpy disconnected(&c.socket, &QWebSocket::disconnected);
    c.socket.sendTextMessage(QStringLiteral("anything"));
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(c.texts, QStringList {QStringLiteral("goodbye")}); // the reply goes out before the close
    QCOMPARE(int(c.socket.closeCode()), code);
    QCOMPARE(c.socket.closeReason(), reason);
}

void TestRules::openAndCloseRules_greetAndAnnounce()
{
    Server server;
    QVERIFY(startWithRules(server, R"({"rules":[
        {"name":"greet","on":"open","reply":"welcome {name} ({query.room}) on {path}"},
        {"name":"left","on":"close","reply":"{name} left","to":"others"}]})"));
    Client a(DuplexTest::wsUrl(server, QStringLiteral("/lobby?name=ann&room=1")));
    QVERIFY(a.waitConnected());
    QTRY_COMPARE(a.texts, QStringList {QStringLiteral("welcome ann (1) on /lobby")});
    auto b = std::make_unique<Client>(DuplexTest::wsUrl(server, QStringLiteral("/?name=bob")));
    QVERIFY(b->waitConnected());
    QTRY_COMPARE(b->texts.size(), 1);
    b->socket.close();
    QTRY_COMPARE(a.texts.size(), 2);
    QCOMPARE(a.texts.last(), QStringLiteral("bob left"));
}

void TestRules::binaryRules_matchHexPrefixAndReplyBinary()
{
    Server server;
    QVERIFY(startWithRules(server, R"({"fallback":"ignore","rules":[
        {"name":"png","match":{"type":"binary","hex":"89504e47"},"hex":"6f6b"},
        {"name":"text","match":{"type":"contains","pattern":"x"},"reply":"text"}]})"));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    c.socket.sendBinaryMessage(QByteArray::fromHex("0001")); // no match: ignored
    c.socket.sendBinaryMessage(QByteArray::fromHex("89504e470d0a"));
    QTRY_COMPARE(c.binaries.size(), 1);
    QCOMPARE(c.binaries.first(), QByteArray("ok"));
    QVERIFY(c.texts.isEmpty());
}

void TestRules::chatPage_seesItsMessageThenTheRulesReply()
{
    Server server;
    QVERIFY(startWithRules(
        server, R"({"rules":[{"name":"hi","match":{"type":"exact","pattern":"你好"},"reply":"你好,{name}"}]})"));
    Client c(DuplexTest::wsUrl(server, QStringLiteral("/?name=李")), {QStringLiteral("duplex.v1")});
    QVERIFY(c.waitConnected());
    QTRY_COMPARE(c.objectsOfType(QStringLiteral("welcome")).size(), 1);
    c.socket.sendTextMessage(QStringLiteral(R"({"type":"message","text":"你好"})"));
    QTRY_COMPARE(c.objectsOfType(QStringLiteral("message")).size(), 2);
    const QList<QJsonObject> messages = c.objectsOfType(QStringLiteral("message"));
    QCOMPARE(messages[0].value(u"text").toString(), QStringLiteral("你好"));
    QCOMPARE(messages[0].value(u"from").toInt(), 1);
    QCOMPARE(messages[1].value(u"text").toString(), QStringLiteral("你好,李"));
    QCOMPARE(messages[1].value(u"from").toInt(), 0);
}

void TestRules::events_nameTheRule()
{
    Server server;
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    QVERIFY(startWithRules(server, R"({"rules":[{"name":"ping","match":{"type":"exact","pattern":"ping"},"reply":"pong",
        "close":{"code":4000,"reason":"done"}}]})"));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral("ping"));
    QTRY_VERIFY(std::any_of(
        events.cbegin(), events.cend(), [](const ServerEvent &e) { return e.type == ServerEvent::Type::Closed; }));
    QStringList seen;
    for (const ServerEvent &e : std::as_const(events)) {
        if (e.type != ServerEvent::Type::Info)
            seen.append(eventTypeName(e.type) + u'=' + e.rule);
    }
    QCOMPARE(seen,
        (QStringList {QStringLiteral("opened="), QStringLiteral("in=ping"), QStringLiteral("out=ping"),
            QStringLiteral("closed=ping")}));
}

void TestRules::replacedLive_appliesToTheNextMessageWithoutDroppingAnyone()
{
    Server server;
    QVERIFY(startWithRules(server, R"({"rules":[{"name":"v","reply":"one"}]})"));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts, QStringList {QStringLiteral("one")});
    QSignalSpy changed(&server, &Server::rulesChanged);
    server.setRules(table(R"({"rules":[{"name":"v","reply":"two"}]})"));
    QVERIFY(changed.wait(2000));
    QCOMPARE(changed.last().first().toJsonObject().value(u"rules").toArray().first().toObject().value(u"reply"),
        QJsonValue(QStringLiteral("two")));
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts.size(), 2);
    QCOMPARE(c.texts.last(), QStringLiteral("two"));
    server.setRules(QJsonObject {}); // no rules: the mode again
    QVERIFY(changed.wait(2000));
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts.size(), 3);
    QVERIFY(c.texts.last().endsWith(QStringLiteral(": x")));
    QCOMPARE(c.socket.state(), QAbstractSocket::ConnectedState);
}

void TestRules::catastrophicRegex_othersKeepTheirReplies()
{
    Server server;
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    ServerConfig config;
    config.threads = 1; // the evil messages and the other client share one network thread
    QVERIFY(startWithRules(server, R"({"rules":[{"name":"evil","match":{"type":"regex","pattern":"^(a+)+$"},
        "reply":"matched"}]})",
        config));
    Client evil(DuplexTest::wsUrl(server));
    QVERIFY(evil.waitConnected());
    Client other(DuplexTest::wsUrl(server));
    QVERIFY(other.waitConnected());
    const QString attack = QString(5000, u'a') + u'b';
    for (int i = 0; i < 20; ++i)
        evil.socket.sendTextMessage(attack);
    QElapsedTimer timer;
    qint64 elapsed = -1;
    connect(&other.socket, &QWebSocket::textMessageReceived, this, [&] { elapsed = timer.elapsed(); });
    timer.start();
    other.socket.sendTextMessage(QStringLiteral("still there?"));
    QTRY_COMPARE(other.texts.size(), 1);
    qInfo("the other client's reply came after %lld ms while 20 catastrophic messages were matched", elapsed);
    QVERIFY(elapsed >= 0 && elapsed < 1000); // generous for a loaded CI machine; an unbounded match never ends
    QTRY_COMPARE(evil.texts.size(), 20); // no match: the mode's echo
    const auto reports = [&events] {
        return std::count_if(events.cbegin(), events.cend(), [](const ServerEvent &e) {
            return e.type == ServerEvent::Type::Error && e.text.contains(QStringLiteral("\"evil\""));
        });
    };
    QTRY_COMPARE(reports(), 1);
    QTest::qWait(100);
    QCOMPARE(reports(), 1); // logged once
}

void TestRules::rulesRunOnEveryNetworkThread()
{
    Server server;
    ServerConfig config;
    config.threads = 3;
    config.minPerThread = 1; // a connection per thread
    QVERIFY(startWithRules(server, R"({"rules":[{"name":"all","reply":"{id} says {text}","to":"all"}]})", config));
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<Client>(DuplexTest::wsUrl(server)));
        QVERIFY(clients.back()->waitConnected());
    }
    QTRY_COMPARE(server.connections().size(), 3);
    QSet<int> threads;
    for (const ConnectionInfo &info : server.connections())
        threads.insert(info.thread);
    QCOMPARE(threads.size(), 3);
    clients[2]->socket.sendTextMessage(QStringLiteral("hi"));
    for (const auto &client : clients)
        QTRY_COMPARE(client->texts, QStringList {QStringLiteral("3 says hi")});
}

void TestRules::api_getAndPutRules()
{
    Server server;
    ServerConfig config;
    config.token = QStringLiteral("s3cret");
    QVERIFY(startWithRules(server, R"({"rules":[{"name":"a","reply":"A"}]})", config));
    const QByteArray auth = "Authorization: Bearer s3cret\r\n";
    QByteArray body;
    QCOMPARE(httpRequest(server.port(), "GET", "/api/rules", {}, &body), 401);
    QCOMPARE(httpRequest(server.port(), "PUT", "/api/rules", R"({"rules":[]})", &body), 401);
    QCOMPARE(httpRequest(server.port(), "GET", "/api/rules", {}, &body, auth), 200);
    QCOMPARE(
        QJsonDocument::fromJson(body).object(), table(R"({"fallback":"mode","rules":[{"name":"a","reply":"A"}]})"));

    Client c(DuplexTest::wsUrl(server, QStringLiteral("/?token=s3cret")));
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts, QStringList {QStringLiteral("A")});

    const QByteArray good
        = R"({"fallback":"ignore","rules":[{"name":"b","match":{"type":"exact","pattern":"x"},"reply":"B"}]})";
    QCOMPARE(httpRequest(server.port(), "PUT", "/api/rules", good, &body, auth), 200);
    QCOMPARE(QJsonDocument::fromJson(body).object(), table(good.constData()));
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts.size(), 2);
    QCOMPARE(c.texts.last(), QStringLiteral("B"));

    const QByteArray bad
        = R"({"rules":[{"name":"ok","reply":"x"},{"name":"broken","match":{"type":"regex","pattern":"("},"reply":"x"}]})";
    QCOMPARE(httpRequest(server.port(), "PUT", "/api/rules", bad, &body, auth), 400);
    const QJsonObject error = QJsonDocument::fromJson(body).object();
    QCOMPARE(error.value(u"status").toInt(), 400);
    QVERIFY2(error.value(u"error").toString().contains(QStringLiteral("rule 2 \"broken\": bad regular expression")),
        body.constData());
    QCOMPARE(httpRequest(server.port(), "PUT", "/api/rules", "{not json", &body, auth), 400);
    QCOMPARE(httpRequest(server.port(), "POST", "/api/rules", good, &body, auth), 405);
    QCOMPARE(httpRequest(server.port(), "GET", "/api/rules", {}, &body, auth), 200);
    QCOMPARE(QJsonDocument::fromJson(body).object(), table(good.constData())); // the old rules stay
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts.size(), 3);
    QCOMPARE(c.texts.last(), QStringLiteral("B"));
}

namespace {

QString serverBinary()
{
    return qEnvironmentVariable("DUPLEX_SERVER_BIN");
}

// Reads the process's output until a line contains `needle`; all that was read goes to *seen.
bool waitForLine(QProcess &process, const QString &needle, QString *seen, int timeoutMs = 10'000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const QString chunk = QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
        *seen += chunk;
        if (seen->contains(needle))
            return true;
        if (process.state() == QProcess::NotRunning)
            return false;
        process.waitForReadyRead(100);
    }
    return false;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

} // namespace

void TestRules::examples_loadAndBehaveAsTheReadmeSays()
{
    const QDir examples(QStringLiteral(DUPLEX_SOURCE_DIR "/examples/rules"));
    const QStringList files = examples.entryList({QStringLiteral("*.json")}, QDir::Files);
    QCOMPARE(files,
        (QStringList {
            QStringLiteral("chat-bot.json"), QStringLiteral("login-flow.json"), QStringLiteral("ticker.json")}));
    const auto load = [&examples](const QString &file) {
        QString error;
        std::optional<RuleSet> rules = RulesFile::read(examples.filePath(file), &error);
        if (!rules)
            qWarning("%s", qPrintable(error));
        return rules ? std::make_shared<const RuleSet>(std::move(*rules)) : nullptr;
    };
    {
        Server server;
        const auto rules = load(QStringLiteral("chat-bot.json"));
        QVERIFY(rules);
        server.setRules(rules);
        QVERIFY(DuplexTest::startServer(server));
        Client bob(DuplexTest::wsUrl(server, QStringLiteral("/?name=bob")));
        QVERIFY(bob.waitConnected());
        Client ann(DuplexTest::wsUrl(server, QStringLiteral("/?name=ann")));
        QVERIFY(ann.waitConnected());
        QTRY_COMPARE(bob.texts.size(), 1);
        QVERIFY(bob.texts.first().startsWith(QStringLiteral("Welcome bob!")));
        bob.socket.sendTextMessage(QStringLiteral("add 2 3"));
        bob.socket.sendTextMessage(QStringLiteral("你好"));
        QTRY_COMPARE(bob.texts.size(), 3);
        QCOMPARE(bob.texts.at(1), QStringLiteral("你好,bob!我是服务端。"));
        QCOMPARE(bob.texts.at(2), QStringLiteral("adding 2 and 3…"));
        QSignalSpy closed(&bob.socket, &QWebSocket::disconnected);
        bob.socket.sendTextMessage(QStringLiteral("bye"));
        QVERIFY(closed.wait(5000));
        QCOMPARE(int(bob.socket.closeCode()), 4001);
        QTRY_VERIFY(ann.texts.contains(QStringLiteral("bob left")));
    }
    {
        Server server;
        const auto rules = load(QStringLiteral("login-flow.json"));
        QVERIFY(rules);
        server.setRules(rules);
        QVERIFY(DuplexTest::startServer(server));
        Client c(DuplexTest::wsUrl(server, QStringLiteral("/app?name=carol")));
        QVERIFY(c.waitConnected());
        c.socket.sendTextMessage(QStringLiteral(R"({"type":"login","user":"carol","password":"x"})"));
        c.socket.sendTextMessage(QStringLiteral(R"({"type":"whoami"})"));
        QTRY_COMPARE(c.texts.size(), 2);
        const QJsonObject ok = QJsonDocument::fromJson(c.texts.at(0).toUtf8()).object();
        QCOMPARE(ok.value(u"type").toString(), QStringLiteral("ok"));
        QCOMPARE(ok.value(u"user").toString(), QStringLiteral("carol"));
        QVERIFY(!ok.value(u"session").toString().isEmpty());
        const QJsonObject you = QJsonDocument::fromJson(c.texts.at(1).toUtf8()).object();
        QCOMPARE(you.value(u"id").toInt(), 1);
        QCOMPARE(you.value(u"path").toString(), QStringLiteral("/app"));
        QSignalSpy closed(&c.socket, &QWebSocket::disconnected);
        c.socket.sendTextMessage(QStringLiteral(R"({"type":"logout"})"));
        QVERIFY(closed.wait(5000));
        QCOMPARE(int(c.socket.closeCode()), 4001);
        QCOMPARE(
            QJsonDocument::fromJson(c.texts.last().toUtf8()).object().value(u"type").toString(), QStringLiteral("bye"));
    }
    {
        Server server;
        const auto rules = load(QStringLiteral("ticker.json"));
        QVERIFY(rules);
        server.setRules(rules);
        QVERIFY(DuplexTest::startServer(server));
        Client c(DuplexTest::wsUrl(server));
        QVERIFY(c.waitConnected());
        c.socket.sendTextMessage(QStringLiteral("ignored"));
        c.socket.sendTextMessage(QStringLiteral("ping"));
        QTRY_COMPARE(c.texts.size(), 1);
        QCOMPARE(c.texts.first(), QStringLiteral("pong"));
        QTRY_COMPARE_WITH_TIMEOUT(c.texts.size(), 2, 3000);
        const QJsonObject tick = QJsonDocument::fromJson(c.texts.at(1).toUtf8()).object();
        QCOMPARE(tick.value(u"type").toString(), QStringLiteral("tick"));
        QCOMPARE(tick.value(u"n").toInt(), 1);
        QVERIFY(tick.value(u"price").isDouble());
    }
}

void TestRules::cli_badRulesFile_exits2NamingTheRule()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rules.json"));
    QVERIFY(writeFile(path, R"({"rules":[{"name":"ok","reply":"x"},{"name":"bye","close":{"code":1005}}]})"));
    QProcess process;
    process.start(serverBinary(),
        {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-history"), QStringLiteral("--rules"),
            path});
    QVERIFY(process.waitForFinished(10'000));
    QCOMPARE(process.exitCode(), 2);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("rule 2 \"bye\": close code 1005 cannot be sent")), qPrintable(err));
    QVERIFY(!QString::fromUtf8(process.readAllStandardOutput()).contains(QStringLiteral("listening")));

    process.start(serverBinary(),
        {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-history"), QStringLiteral("--rules"),
            dir.filePath(QStringLiteral("missing.json"))});
    QVERIFY(process.waitForFinished(10'000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains(QStringLiteral("missing.json")));
}

void TestRules::cli_reloadsOnChangeAndSighup_keepsOldRulesWhenBad()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rules.json"));
    QVERIFY(writeFile(path, R"({"rules":[{"name":"v","reply":"one"}]})"));
    QProcess process;
    process.start(serverBinary(),
        {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-history"), QStringLiteral("--rules"),
            path});
    QString seen;
    QVERIFY2(waitForLine(process, QStringLiteral("Duplex listening on"), &seen), qPrintable(seen));
    QVERIFY(seen.contains(QStringLiteral("1 rule(s) from")) || seen.contains(QStringLiteral("1 rule from")));
    const QRegularExpressionMatch port = QRegularExpression(QStringLiteral("127\\.0\\.0\\.1:(\\d+)/")).match(seen);
    QVERIFY(port.hasMatch());
    Client c(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port.captured(1))));
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts, QStringList {QStringLiteral("one")});

    // Edited on disk: applied without a restart, the connection stays.
    QVERIFY(writeFile(path, R"({"rules":[{"name":"v","reply":"two"}]})"));
    QVERIFY2(waitForLine(process, QStringLiteral("Rules reloaded"), &seen), qPrintable(seen));
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts.size(), 2);
    QCOMPARE(c.texts.last(), QStringLiteral("two"));

    // A bad edit is reported and the previous rules stay.
    QVERIFY(writeFile(path, R"({"rules":[{"name":"v","reply":"{nope}"}]})"));
    QVERIFY2(waitForLine(process, QStringLiteral("previous ones stay"), &seen), qPrintable(seen));
    QVERIFY(seen.contains(QStringLiteral("unknown field {nope}")));
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts.size(), 3);
    QCOMPARE(c.texts.last(), QStringLiteral("two"));

    // Replaced by rename, as editors save: still followed.
    const QString temp = dir.filePath(QStringLiteral("rules.json.tmp"));
    QVERIFY(writeFile(temp, R"({"rules":[{"name":"v","reply":"three"}]})"));
    QVERIFY(QFile::remove(path) && QFile::rename(temp, path));
    const qsizetype before = seen.count(QStringLiteral("Rules reloaded"));
    QTRY_VERIFY_WITH_TIMEOUT((waitForLine(process, QStringLiteral("Rules reloaded"), &seen, 200),
                                 seen.count(QStringLiteral("Rules reloaded")) > before),
        10'000);
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts.size(), 4);
    QCOMPARE(c.texts.last(), QStringLiteral("three"));

    // SIGHUP reads the file again.
    const qsizetype reloads = seen.count(QStringLiteral("Rules reloaded"));
    ::kill(pid_t(process.processId()), SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT((waitForLine(process, QStringLiteral("Rules reloaded"), &seen, 200),
                                 seen.count(QStringLiteral("Rules reloaded")) > reloads),
        10'000);
    QCOMPARE(c.socket.state(), QAbstractSocket::ConnectedState);
    process.terminate();
    QVERIFY(process.waitForFinished(15'000));
}

QTEST_MAIN(TestRules)
#include "tst_rules.moc"

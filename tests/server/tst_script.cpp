// Server scripts with real sockets: every API call, binary in and out, timers, shared state, reloads with
// connections open, the runaway loop, deep recursion, the sandbox, syntax errors at start and at reload, rules
// before the script, duplex.v1 pages, every example in examples/scripts, and duplex-server --script.
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

class TestScript final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void messageHandler_ownsTheReplies();
    void openAndCloseHandlersAlone_leaveTheModesReplies();
    void request_hasFdPathQueryHeadersNameAddressSubprotocol();
    void pushBroadcastCloseExistsConnections();
    void binary_inAsArrayBufferOutAsBinary();
    void timers_fireRepeatAndAreCleared();
    void globals_areSharedByEveryConnection();
    void reload_keepsConnectionsAndReplacesHandlers();
    void syntaxError_atLoadKeepsTheRunningScript();
    void runawayLoop_isInterruptedAndOthersAreServed();
    void deepRecursionAndThrows_areLoggedNotFatal();
    void sandbox_hasNoWayOut();
    void rulesFirst_thenTheScript();
    void chatPage_scriptSeesTheTextAndPushesAreServerMessages();
    void consoleFlood_isBounded();
    void examples_runAsDescribed();
    void cli_badScriptExits2_reloadsOnChange();

private:
    // Starts `server` with `source` loaded; false when it did not load.
    static bool start(Server &server, const QString &source, ServerConfig config = {}, int timeoutMs = 200);
    static QStringList consoleLines(const QList<ServerEvent> &events);
};

bool TestScript::start(Server &server, const QString &source, ServerConfig config, int timeoutMs)
{
    QSignalSpy loaded(&server, &Server::scriptLoaded);
    server.setScript(source, QStringLiteral("test.js"), timeoutMs);
    if (!loaded.wait(5000) || !loaded.first().first().toString().isEmpty()) {
        qWarning() << "script did not load:" << (loaded.isEmpty() ? QVariant() : loaded.first().first());
        return false;
    }
    return DuplexTest::startServer(server, config);
}

QStringList TestScript::consoleLines(const QList<ServerEvent> &events)
{
    QStringList lines;
    for (const ServerEvent &e : events) {
        if (e.type == ServerEvent::Type::Console)
            lines.append(e.text);
    }
    return lines;
}

void TestScript::messageHandler_ownsTheReplies()
{
    Server server;
    QVERIFY(start(server, QStringLiteral(R"(
        server.on('message', (frame) => {
            if (frame.data !== 'quiet')
                server.push(frame.fd, 'got ' + frame.data + ' from ' + frame.fd + ' op ' + frame.opcode + ' ' + frame.finish);
            if (frame.data === 'twice')
                server.push(frame.fd, 'again');
        });)")));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral("quiet")); // no push: no reply at all (not the mode's)
    c.socket.sendTextMessage(QStringLiteral("hi"));
    c.socket.sendTextMessage(QStringLiteral("twice"));
    QTRY_COMPARE(c.texts.size(), 3);
    QCOMPARE(c.texts,
        (QStringList {QStringLiteral("got hi from 1 op 1 true"), QStringLiteral("got twice from 1 op 1 true"),
            QStringLiteral("again")}));
}

void TestScript::openAndCloseHandlersAlone_leaveTheModesReplies()
{
    Server server;
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    QVERIFY(start(server, QStringLiteral(R"(
        server.on('open', (req) => console.log('open', req.fd));
        server.on('close', (fd, code, reason) => console.log('close', fd, code, reason));)")));
    auto c = std::make_unique<Client>(DuplexTest::wsUrl(server));
    QVERIFY(c->waitConnected());
    c->socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c->texts.size(), 1);
    QVERIFY(c->texts.first().endsWith(QStringLiteral("You said: x")));
    c->socket.close(QWebSocketProtocol::CloseCode(4005), QStringLiteral("done"));
    QTRY_COMPARE(consoleLines(events), (QStringList {QStringLiteral("open 1"), QStringLiteral("close 1 4005 done")}));
}

void TestScript::request_hasFdPathQueryHeadersNameAddressSubprotocol()
{
    Server server;
    QVERIFY(start(server, QStringLiteral(R"(
        server.on('open', (req) => server.push(req.fd, JSON.stringify(req)));)")));
    QWebSocket socket;
    QStringList texts;
    connect(&socket, &QWebSocket::textMessageReceived, this, [&texts](const QString &t) { texts.append(t); });
    QNetworkRequest request(DuplexTest::wsUrl(server, QStringLiteral("/room/1?name=ann&tag=%E4%BD%A0")));
    request.setRawHeader("X-Custom-Thing", "yes");
    socket.open(request);
    QTRY_COMPARE(texts.size(), 1);
    const QJsonObject req = QJsonDocument::fromJson(texts.first().toUtf8()).object();
    QCOMPARE(req.value(u"fd").toInt(), 1);
    QCOMPARE(req.value(u"path").toString(), QStringLiteral("/room/1"));
    QCOMPARE(req.value(u"query").toObject().value(u"name").toString(), QStringLiteral("ann"));
    QCOMPARE(req.value(u"query").toObject().value(u"tag").toString(), QStringLiteral("你"));
    QCOMPARE(req.value(u"headers").toObject().value(u"x-custom-thing").toString(), QStringLiteral("yes"));
    QCOMPARE(req.value(u"headers").toObject().value(u"upgrade").toString().toLower(), QStringLiteral("websocket"));
    QCOMPARE(req.value(u"name").toString(), QStringLiteral("ann"));
    QCOMPARE(req.value(u"address").toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(req.value(u"subprotocol").toString(), QString());
}

void TestScript::pushBroadcastCloseExistsConnections()
{
    Server server;
    QVERIFY(start(server, QStringLiteral(R"(
        server.on('message', (frame) => {
            const [cmd, arg] = frame.data.split(' ');
            if (cmd === 'all') server.broadcast('to all from ' + frame.fd);
            if (cmd === 'others') server.broadcast('to others', frame.fd);
            if (cmd === 'list') server.push(frame.fd, JSON.stringify(server.connections));
            if (cmd === 'exists') server.push(frame.fd, String(server.exists(Number(arg))));
            if (cmd === 'gone') server.push(frame.fd, String(server.push(99, 'x')));
            if (cmd === 'obj') server.push(frame.fd, { a: [1, 2] });
            if (cmd === 'kick') server.close(Number(arg), 4001, 'kicked');
            if (cmd === 'badcode') server.push(frame.fd, String(server.close(frame.fd, 1005)));
        });)")));
    Client a(DuplexTest::wsUrl(server));
    QVERIFY(a.waitConnected());
    Client b(DuplexTest::wsUrl(server));
    QVERIFY(b.waitConnected());
    a.socket.sendTextMessage(QStringLiteral("all"));
    QTRY_COMPARE(b.texts, QStringList {QStringLiteral("to all from 1")});
    QTRY_COMPARE(a.texts, QStringList {QStringLiteral("to all from 1")});
    a.socket.sendTextMessage(QStringLiteral("others"));
    QTRY_COMPARE(b.texts.size(), 2);
    a.socket.sendTextMessage(QStringLiteral("list"));
    a.socket.sendTextMessage(QStringLiteral("exists 2"));
    a.socket.sendTextMessage(QStringLiteral("exists 7"));
    a.socket.sendTextMessage(QStringLiteral("gone"));
    a.socket.sendTextMessage(QStringLiteral("obj"));
    a.socket.sendTextMessage(QStringLiteral("badcode"));
    QTRY_COMPARE(a.texts.size(), 7);
    QCOMPARE(a.texts.mid(1),
        (QStringList {QStringLiteral("[1,2]"), QStringLiteral("true"), QStringLiteral("false"), QStringLiteral("false"),
            QStringLiteral(R"({"a":[1,2]})"), QStringLiteral("false")}));
    QSignalSpy closed(&b.socket, &QWebSocket::disconnected);
    a.socket.sendTextMessage(QStringLiteral("kick 2"));
    QVERIFY(closed.wait(5000));
    QCOMPARE(int(b.socket.closeCode()), 4001);
    QCOMPARE(b.socket.closeReason(), QStringLiteral("kicked"));
    QTRY_COMPARE(server.connections().size(), 1);
    a.socket.sendTextMessage(QStringLiteral("list"));
    QTRY_COMPARE(a.texts.size(), 8);
    QCOMPARE(a.texts.last(), QStringLiteral("[1]"));
}

void TestScript::binary_inAsArrayBufferOutAsBinary()
{
    Server server;
    QVERIFY(start(server, QStringLiteral(R"(
        server.on('message', (frame) => {
            if (frame.data instanceof ArrayBuffer) {
                const bytes = new Uint8Array(frame.data);
                server.push(frame.fd, 'binary ' + frame.opcode + ' ' + bytes.length + ' first ' + bytes[0]);
                server.push(frame.fd, frame.data);                                  // the ArrayBuffer back
                server.push(frame.fd, bytes.subarray(1, 3));                        // a typed array view
            }
        });)")));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    const QByteArray data = QByteArray::fromHex("ff00fe01");
    c.socket.sendBinaryMessage(data);
    QTRY_COMPARE(c.binaries.size(), 2);
    QCOMPARE(c.texts, QStringList {QStringLiteral("binary 2 4 first 255")});
    QCOMPARE(c.binaries.at(0), data);
    QCOMPARE(c.binaries.at(1), QByteArray::fromHex("00fe"));
}

void TestScript::timers_fireRepeatAndAreCleared()
{
    Server server;
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    QVERIFY(start(server, QStringLiteral(R"(
        const ticks = new Map();
        server.on('open', (req) => {
            setTimeout((who, what) => server.push(who, what), 50, req.fd, 'later');
            let n = 0;
            ticks.set(req.fd, setInterval(() => server.push(req.fd, 'tick ' + (++n)), 30));
            const never = setTimeout(() => server.push(req.fd, 'never'), 60);
            clearTimeout(never);
        });
        server.on('message', (frame) => { clearInterval(ticks.get(frame.fd)); server.push(frame.fd, 'stopped'); });
        server.on('close', (fd) => { clearInterval(ticks.get(fd)); ticks.delete(fd); console.log('cleared', fd); });)")));
    auto c = std::make_unique<Client>(DuplexTest::wsUrl(server));
    QVERIFY(c->waitConnected());
    QTRY_VERIFY(c->texts.contains(QStringLiteral("later")) && c->texts.contains(QStringLiteral("tick 3")));
    c->socket.sendTextMessage(QStringLiteral("stop"));
    QTRY_VERIFY(c->texts.contains(QStringLiteral("stopped")));
    const qsizetype after = c->texts.size();
    QTest::qWait(150);
    QCOMPARE(c->texts.size(), after); // the interval is cleared
    QVERIFY(!c->texts.contains(QStringLiteral("never")));
    Client d(DuplexTest::wsUrl(server));
    QVERIFY(d.waitConnected());
    QTRY_VERIFY(d.texts.contains(QStringLiteral("tick 2")));
    d.socket.close();
    QTRY_VERIFY(consoleLines(events).contains(QStringLiteral("cleared 2")));
}

void TestScript::globals_areSharedByEveryConnection()
{
    Server server;
    QVERIFY(start(server, QStringLiteral(R"(
        let count = 0;
        server.on('message', (frame) => server.push(frame.fd, String(++count)));)")));
    Client a(DuplexTest::wsUrl(server));
    QVERIFY(a.waitConnected());
    Client b(DuplexTest::wsUrl(server));
    QVERIFY(b.waitConnected());
    a.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(a.texts, QStringList {QStringLiteral("1")});
    b.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(b.texts, QStringList {QStringLiteral("2")});
    a.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(a.texts.size(), 2);
    QCOMPARE(a.texts.last(), QStringLiteral("3"));
}

void TestScript::reload_keepsConnectionsAndReplacesHandlers()
{
    Server server;
    QVERIFY(start(server, QStringLiteral("server.on('message', (f) => server.push(f.fd, 'one'));")));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts, QStringList {QStringLiteral("one")});
    QSignalSpy loaded(&server, &Server::scriptLoaded);
    server.setScript(QStringLiteral("server.on('message', (f) => server.push(f.fd, 'two ' + server.connections));"),
        QStringLiteral("test.js"));
    QVERIFY(loaded.wait(5000));
    QCOMPARE(loaded.first().first().toString(), QString());
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts.size(), 2);
    QCOMPARE(c.texts.last(), QStringLiteral("two 1")); // the new script knows who is connected
    // Unloaded: the mode answers again.
    server.setScript(QString(), QString());
    QVERIFY(loaded.wait(5000));
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts.size(), 3);
    QVERIFY(c.texts.last().endsWith(QStringLiteral("You said: x")));
    QCOMPARE(c.socket.state(), QAbstractSocket::ConnectedState);
}

void TestScript::syntaxError_atLoadKeepsTheRunningScript()
{
    Server server;
    QVERIFY(start(server, QStringLiteral("server.on('message', (f) => server.push(f.fd, 'good'));")));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    QSignalSpy loaded(&server, &Server::scriptLoaded);
    server.setScript(QStringLiteral("// a comment\nserver.on('message', (f) => {\n  server.push(f.fd, 'bad'\n});"),
        QStringLiteral("/tmp/broken.js"));
    QVERIFY(loaded.wait(5000));
    const QString error = loaded.first().first().toString();
    QVERIFY2(
        error.startsWith(QStringLiteral("/tmp/broken.js:4:1: SyntaxError")), qPrintable(error)); // file:line:column
    server.setScript(QStringLiteral("server.on('message', () => {});\nnull.boom;"), QStringLiteral("/tmp/throws.js"));
    QVERIFY(loaded.wait(5000));
    QVERIFY2(loaded.last().first().toString().startsWith(QStringLiteral("/tmp/throws.js:2: TypeError")),
        qPrintable(loaded.last().first().toString()));
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts, QStringList {QStringLiteral("good")});
}

void TestScript::runawayLoop_isInterruptedAndOthersAreServed()
{
    Server server;
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    QVERIFY(start(server, QStringLiteral(R"(
        server.on('message', (frame) => {
            if (frame.data === 'loop')
                while (true) {}
            server.push(frame.fd, 'ok ' + frame.data);
        });)"),
        {}, 100));
    Client a(DuplexTest::wsUrl(server));
    QVERIFY(a.waitConnected());
    Client b(DuplexTest::wsUrl(server));
    QVERIFY(b.waitConnected());
    QElapsedTimer timer;
    timer.start();
    a.socket.sendTextMessage(QStringLiteral("loop"));
    b.socket.sendTextMessage(QStringLiteral("b"));
    QTRY_COMPARE(b.texts, QStringList {QStringLiteral("ok b")});
    qInfo("the other client was answered after %lld ms (timeout 100 ms)", timer.elapsed());
    a.socket.sendTextMessage(QStringLiteral("again")); // the handler runs again after an interruption
    QTRY_COMPARE(a.texts, QStringList {QStringLiteral("ok again")});
    QTRY_VERIFY(std::any_of(events.cbegin(), events.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::Console
            && e.text.startsWith(
                QStringLiteral("error: test.js: the message handler (client 1) ran for more than 100 ms"));
    }));
    QCOMPARE(a.socket.state(), QAbstractSocket::ConnectedState);
}

void TestScript::deepRecursionAndThrows_areLoggedNotFatal()
{
    Server server;
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    QVERIFY(start(server,
        QStringLiteral("function deep(n) { return deep(n + 1) + 1; }\n"
                       "server.on('message', (frame) => {\n"
                       "    if (frame.data === 'deep') deep(0);\n"
                       "    if (frame.data === 'throw') throw new Error('on purpose');\n"
                       "    server.push(frame.fd, 'fine');\n"
                       "});")));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral("deep"));
    c.socket.sendTextMessage(QStringLiteral("throw"));
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts, QStringList {QStringLiteral("fine")});
    QTRY_COMPARE(consoleLines(events).size(), 2);
    const QStringList lines = consoleLines(events);
    QVERIFY2(lines.at(0).contains(QStringLiteral("RangeError")), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("error: test.js:4: Error: on purpose")), qPrintable(lines.at(1)));
}

void TestScript::sandbox_hasNoWayOut()
{
    Server server;
    QVERIFY(start(server, QStringLiteral(R"(
        server.on('message', (frame) => {
            const names = ['require', 'fetch', 'XMLHttpRequest', 'Qt', 'process', 'WebSocket', 'Worker', 'importScripts',
                           'print', 'gc', 'qsTr', 'module', 'exports', 'File', 'Deno', 'Bun'];
            server.push(frame.fd, names.map((n) => n + ':' + eval('typeof ' + n)).join(' '));
        });)")));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts.size(), 1);
    for (const QString &pair : c.texts.first().split(u' '))
        QVERIFY2(pair.endsWith(QStringLiteral(":undefined")), qPrintable(pair));
}

void TestScript::rulesFirst_thenTheScript()
{
    Server server;
    server.setRules(
        QJsonDocument::fromJson(R"({"rules":[{"match":{"type":"exact","pattern":"ping"},"reply":"pong"}]})").object());
    QVERIFY(start(server, QStringLiteral("server.on('message', (f) => server.push(f.fd, 'script: ' + f.data));")));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral("ping"));
    QTRY_COMPARE(c.texts.size(), 1);
    c.socket.sendTextMessage(QStringLiteral("other"));
    QTRY_COMPARE(c.texts.size(), 2);
    QCOMPARE(c.texts, (QStringList {QStringLiteral("pong"), QStringLiteral("script: other")}));
}

void TestScript::chatPage_scriptSeesTheTextAndPushesAreServerMessages()
{
    Server server;
    QVERIFY(start(server, QStringLiteral("server.on('message', (f) => server.push(f.fd, '收到:' + f.data));")));
    Client c(DuplexTest::wsUrl(server), {QStringLiteral("duplex.v1")});
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral(R"({"type":"message","text":"你好"})"));
    QTRY_COMPARE(c.objectsOfType(QStringLiteral("message")).size(), 2);
    const QList<QJsonObject> messages = c.objectsOfType(QStringLiteral("message"));
    QCOMPARE(messages[0].value(u"text").toString(), QStringLiteral("你好")); // the page's own message
    QCOMPARE(messages[0].value(u"from").toInt(), 1);
    QCOMPARE(messages[1].value(u"text").toString(), QStringLiteral("收到:你好"));
    QCOMPARE(messages[1].value(u"from").toInt(), 0); // from the server
}

void TestScript::consoleFlood_isBounded()
{
    Server server;
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    QVERIFY(start(server, QStringLiteral(R"(
        server.on('message', (frame) => { for (let i = 0; i < 3000; ++i) console.log('line', i); server.push(frame.fd, 'done'); });)")));
    Client c(DuplexTest::wsUrl(server));
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts, QStringList {QStringLiteral("done")});
    QTest::qWait(1100);
    c.socket.sendTextMessage(QStringLiteral("x")); // a new second: the dropped lines are reported
    QTRY_COMPARE(c.texts.size(), 2);
    QTRY_VERIFY(std::any_of(events.cbegin(), events.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::Console && e.text.contains(QStringLiteral("not shown"));
    }));
    QVERIFY(consoleLines(events).size() <= 2 * 1000 + 2);
}

void TestScript::examples_runAsDescribed()
{
    const QDir dir(QStringLiteral(DUPLEX_SOURCE_DIR "/examples/scripts"));
    QCOMPARE(dir.entryList({QStringLiteral("*.js")}, QDir::Files),
        (QStringList {QStringLiteral("chat-rooms.js"), QStringLiteral("delayed-bot.js"), QStringLiteral("json-rpc.js"),
            QStringLiteral("swoole-echo.js"), QStringLiteral("ticker.js")}));
    const auto source = [&dir](const char *file) {
        QFile f(dir.filePath(QLatin1String(file)));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    };
    {
        Server server;
        QList<ServerEvent> events;
        connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
        QVERIFY(start(server, source("swoole-echo.js")));
        Client c(DuplexTest::wsUrl(server));
        QVERIFY(c.waitConnected());
        c.socket.sendTextMessage(QStringLiteral("hello"));
        QTRY_COMPARE(c.texts, QStringList {QStringLiteral("我是服务端,我已收到您的消息,您说的是:hello")});
        QTRY_VERIFY(consoleLines(events).contains(QStringLiteral("receive from 1:hello,opcode:1,fin:true")));
        QVERIFY(consoleLines(events).contains(QStringLiteral("server: handshake success with fd1")));
    }
    {
        Server server;
        QVERIFY(start(server, source("chat-rooms.js")));
        Client ann(DuplexTest::wsUrl(server, QStringLiteral("/?name=ann")));
        QVERIFY(ann.waitConnected());
        Client bob(DuplexTest::wsUrl(server, QStringLiteral("/?name=bob")));
        QVERIFY(bob.waitConnected());
        QTRY_COMPARE(bob.texts.size(), 1);
        ann.socket.sendTextMessage(QStringLiteral("/join games"));
        QTRY_VERIFY(bob.texts.contains(QStringLiteral("ann left for games")));
        bob.socket.sendTextMessage(QStringLiteral("hi lobby"));
        QTRY_VERIFY(bob.texts.contains(QStringLiteral("[lobby] bob: hi lobby")));
        ann.socket.sendTextMessage(QStringLiteral("/who"));
        QTRY_VERIFY(ann.texts.contains(QStringLiteral("games: ann")));
        QVERIFY(!ann.texts.contains(QStringLiteral("[lobby] bob: hi lobby")));
    }
    {
        Server server;
        QVERIFY(start(server, source("ticker.js")));
        Client c(DuplexTest::wsUrl(server));
        QVERIFY(c.waitConnected());
        QTRY_VERIFY_WITH_TIMEOUT(!c.texts.isEmpty(), 3000);
        QCOMPARE(QJsonDocument::fromJson(c.texts.first().toUtf8()).object().value(u"type").toString(),
            QStringLiteral("tick"));
        c.socket.sendTextMessage(QStringLiteral("stop"));
        QTRY_VERIFY(c.texts.contains(QStringLiteral(R"({"type":"ack","ticking":false})")));
    }
    {
        Server server;
        QVERIFY(start(server, source("json-rpc.js")));
        Client c(DuplexTest::wsUrl(server));
        QVERIFY(c.waitConnected());
        c.socket.sendTextMessage(QStringLiteral(R"({"jsonrpc":"2.0","id":1,"method":"add","params":[2,3]})"));
        c.socket.sendTextMessage(QStringLiteral(R"({"jsonrpc":"2.0","id":2,"method":"nope"})"));
        c.socket.sendTextMessage(QStringLiteral("{broken"));
        c.socket.sendTextMessage(QStringLiteral(R"({"jsonrpc":"2.0","method":"echo","params":1})")); // notification
        c.socket.sendTextMessage(QStringLiteral(R"({"jsonrpc":"2.0","id":3,"method":"echo","params":{"a":1}})"));
        QTRY_COMPARE(c.texts.size(), 4);
        QCOMPARE(c.texts,
            (QStringList {QStringLiteral(R"({"jsonrpc":"2.0","id":1,"result":5})"),
                QStringLiteral(R"({"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"Method not found"}})"),
                QStringLiteral(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})"),
                QStringLiteral(R"({"jsonrpc":"2.0","id":3,"result":{"a":1}})")}));
    }
    {
        Server server;
        QVERIFY(start(server, source("delayed-bot.js")));
        Client c(DuplexTest::wsUrl(server, QStringLiteral("/?name=zoe")));
        QVERIFY(c.waitConnected());
        Client other(DuplexTest::wsUrl(server));
        QVERIFY(other.waitConnected());
        QElapsedTimer timer;
        timer.start();
        c.socket.sendTextMessage(QStringLiteral("hello"));
        other.socket.sendTextMessage(QStringLiteral("quick?"));
        QTRY_COMPARE(other.texts.size(), 1); // "…" at once for the other client too
        QTRY_COMPARE(c.texts.size(), 2);
        QCOMPARE(c.texts, (QStringList {QStringLiteral("…"), QStringLiteral("hello zoe!")}));
        QVERIFY(timer.elapsed() >= 300);
        QSignalSpy closed(&c.socket, &QWebSocket::disconnected);
        c.socket.sendTextMessage(QStringLiteral("bye"));
        QVERIFY(closed.wait(5000));
        QCOMPARE(int(c.socket.closeCode()), 4000);
    }
}

void TestScript::cli_badScriptExits2_reloadsOnChange()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("server.js"));
    const auto write = [&path](const QByteArray &bytes) {
        QFile f(path);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
    };
    QVERIFY(write("server.on('message', (f) => {\n  server.push(f.fd, 'x'\n});\n"));
    QProcess process;
    const QString binary = qEnvironmentVariable("DUPLEX_SERVER_BIN");
    process.start(binary,
        {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-history"), QStringLiteral("--script"),
            path});
    QVERIFY(process.waitForFinished(10'000));
    QCOMPARE(process.exitCode(), 2);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(path + QStringLiteral(":3:1: SyntaxError")), qPrintable(err));

    QVERIFY(write("server.on('message', (f) => server.push(f.fd, 'one'));\n"));
    process.start(binary,
        {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--no-history"), QStringLiteral("--script"),
            path, QStringLiteral("--script-timeout"), QStringLiteral("50")});
    QVERIFY(process.waitForStarted(5000));
    QString seen;
    // Until `needle` has been printed `times` times in all.
    const auto waitFor = [&](const QString &needle, qsizetype times = 1) {
        QDeadlineTimer deadline(10'000);
        while (seen.count(needle) < times && !deadline.hasExpired() && process.state() == QProcess::Running) {
            process.waitForReadyRead(100);
            seen += QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
        }
        return seen.count(needle) >= times;
    };
    QVERIFY2(waitFor(QStringLiteral("Duplex listening on")), qPrintable(seen));
    const QRegularExpressionMatch port = QRegularExpression(QStringLiteral("127\\.0\\.0\\.1:(\\d+)/")).match(seen);
    Client c(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port.captured(1))));
    QVERIFY(c.waitConnected());
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts, QStringList {QStringLiteral("one")});
    QVERIFY(write("server.on('message', (f) => server.push(f.fd, 'two'));\n"));
    QVERIFY2(waitFor(QStringLiteral("Script reloaded")), qPrintable(seen));
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts.size(), 2);
    QCOMPARE(c.texts.last(), QStringLiteral("two"));
    QVERIFY(write("server.on('message', (f) => {\n"));
    QVERIFY2(waitFor(QStringLiteral("keeps running")), qPrintable(seen));
    QVERIFY2(QRegularExpression(QRegularExpression::escape(path) + QStringLiteral(":\\d+:\\d+: SyntaxError"))
                 .match(seen)
                 .hasMatch(),
        qPrintable(seen));
    c.socket.sendTextMessage(QStringLiteral("x"));
    QTRY_COMPARE(c.texts.size(), 3);
    QCOMPARE(c.texts.last(), QStringLiteral("two"));
    const qsizetype reloads = seen.count(QStringLiteral("Script reloaded"));
    QVERIFY(write("server.on('message', (f) => server.push(f.fd, 'three'));\n"));
    QVERIFY2(waitFor(QStringLiteral("Script reloaded"), reloads + 1), qPrintable(seen));
    ::kill(pid_t(process.processId()), SIGHUP);
    QVERIFY2(waitFor(QStringLiteral("Script reloaded"), reloads + 2), qPrintable(seen));
    QCOMPARE(c.socket.state(), QAbstractSocket::ConnectedState);
    process.terminate();
    QVERIFY(process.waitForFinished(15'000));
}

QTEST_MAIN(TestScript)
#include "tst_script.moc"

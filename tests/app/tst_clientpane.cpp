#include "clientlogmodel.h"
#include "clientpane.h"
#include "clienttab.h"
#include "har.h"
#include "harreplay.h"
#include "replaydialog.h"
#include "server.h"
#include "testclient.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace Duplex;

class TestClientPane final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void simulateClients_runsOffTheGuiThreadAndLogsTheResult();
    void lastTab_hasNoCloseButton();
    void savedMessage_clickSelectsDoubleClickSends();
    void url_followsTheServerWhenItMoves();
    void tls_ownCertificateTrustedOthersNeedTheMarkedBox();
    void close_withCodeAndReasonOfTheUsersChoice();
    void editor_enterSendsShiftEnterNewLineFormatJson();
    void profiles_saveApplyDeleteSharedByTabs();
    void log_copyAndInspectReceivedJson();
    void pingInterval_pingsWhileConnected();
    void compress_boxOffersDeflateAndTheLogShowsWireSizes();
    void resend_sendsWhenConnectedElseFillsTheEditor();
    void replayDialog_showsRecordedBesideReceivedAndHighlightsDifferences();

private:
    static QStringList received(const QList<ServerEvent> &events, ServerEvent::Type type);
};

QStringList TestClientPane::received(const QList<ServerEvent> &events, ServerEvent::Type type)
{
    QStringList texts;
    for (const ServerEvent &e : events) {
        if (e.type == type && e.opcode == ServerEvent::Opcode::Text)
            texts.append(QString::fromUtf8(e.payload));
    }
    return texts;
}

void TestClientPane::savedMessage_clickSelectsDoubleClickSends()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    ClientPane pane;
    pane.setDefaultUrl(DuplexTest::wsUrl(server).toString());
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    ClientTab *tab = pane.currentTab();
    tab->setSavedMessages({QStringLiteral("first"), QStringLiteral("second")});
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    tab->connectToServer();
    QTRY_COMPARE(server.connections().size(), 1);
    auto *saved = tab->findChild<QListWidget *>(QStringLiteral("clientSaved"));
    QVERIFY(saved);
    const QPoint second = saved->visualItemRect(saved->item(1)).center();
    QTest::mouseClick(saved->viewport(), Qt::LeftButton, {}, second);
    QCOMPARE(saved->currentRow(), 1); // selected, e.g. to remove it
    QTest::qWait(300);
    const auto sent = [&events] {
        QStringList texts;
        for (const ServerEvent &e : std::as_const(events)) {
            if (e.type == ServerEvent::Type::FrameIn)
                texts.append(QString::fromUtf8(e.payload));
        }
        return texts;
    };
    QCOMPARE(sent(), QStringList()); // a click does not send
    QTest::mouseDClick(saved->viewport(), Qt::LeftButton, {}, second);
    QTRY_COMPARE(sent(), QStringList {QStringLiteral("second")});
}

void TestClientPane::lastTab_hasNoCloseButton()
{
    ClientPane pane;
    auto *tabs = pane.findChild<QTabWidget *>(QStringLiteral("clientTabs"));
    QVERIFY(tabs);
    QVERIFY(!tabs->tabsClosable()); // one client: no × that would do nothing
    pane.addTab();
    QVERIFY(tabs->tabsClosable());
    Q_EMIT tabs->tabCloseRequested(1);
    QCOMPARE(tabs->count(), 1);
    QVERIFY(!tabs->tabsClosable());
}

void TestClientPane::simulateClients_runsOffTheGuiThreadAndLogsTheResult()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    config.simulationKey = "5ec4e7";
    QVERIFY(DuplexTest::startServer(server, config));
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    ClientPane pane;
    pane.setDefaultUrl(DuplexTest::wsUrl(server).toString());
    pane.show();
    ClientTab *tab = pane.currentTab();
    QVERIFY(tab);
    tab->connectToServer(); // a real client beside the simulated ones: logged as always
    QTRY_COMPARE(tab->client()->state(), WebSocketClient::State::Connected);
    auto *button = tab->findChild<QPushButton *>(QStringLiteral("clientSimulate"));
    QVERIFY(button);
    const QString idleText = button->text();

    LoadOptions options;
    options.url = DuplexTest::wsUrl(server);
    options.connections = 10;
    options.durationSeconds = 2;
    options.binary = true;
    options.headers = {{"X-Duplex-Simulation", config.simulationKey}}; // what the dialog adds unless asked not to
    QSignalSpy finished(tab->loadGenerator(), &LoadGenerator::finished);
    QSignalSpy progress(tab->loadGenerator(), &LoadGenerator::progress);
    QElapsedTimer gui;
    gui.start();
    tab->startSimulation(options);
    QVERIFY(button->text() != idleText); // it now stops the simulation
    // The GUI thread keeps turning while the load runs: a 10 ms timer fires on time.
    int lateTicks = 0;
    for (int i = 0; i < 100 && finished.isEmpty(); ++i) {
        QElapsedTimer tick;
        tick.start();
        QTest::qWait(10);
        if (tick.elapsed() > 500)
            ++lateTicks;
    }
    QVERIFY(finished.wait(20000) || !finished.isEmpty());
    QCOMPARE(lateTicks, 0);
    QVERIFY(progress.size() >= 2);
    const auto r = finished.first().first().value<LoadResult>();
    QVERIFY2(r.ok, qPrintable(r.error));
    QVERIFY(r.messages > 0);
    QCOMPARE(r.lost, 0u);
    QCOMPARE(r.mismatches, 0u);
    QCOMPARE(button->text(), idleText);
    const QString text = tab->logText();
    QVERIFY2(text.contains(QStringLiteral("Simulation done")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("lost 0")));

    // The server summarised the simulated traffic: no frame of theirs in the log, one line when they were done.
    tab->client()->sendText(QStringLiteral("real"));
    QTRY_VERIFY(std::any_of(events.cbegin(), events.cend(),
        [](const ServerEvent &e) { return e.type == ServerEvent::Type::FrameIn && e.payload == "real"; }));
    QTRY_VERIFY(std::any_of(events.cbegin(), events.cend(),
        [](const ServerEvent &e) { return e.text.startsWith(u"Simulated clients done: 10 connections"); }));
    const qsizetype frames = std::count_if(events.cbegin(), events.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::FrameIn || e.type == ServerEvent::Type::FrameOut;
    });
    QCOMPARE(frames, 2); // "real" and its echo
    const qsizetype opened = std::count_if(
        events.cbegin(), events.cend(), [](const ServerEvent &e) { return e.type == ServerEvent::Type::Opened; });
    QCOMPARE(opened, 1);
}

void TestClientPane::url_followsTheServerWhenItMoves()
{
    ClientTab tab;
    tab.setDefaultUrl(QStringLiteral("ws://127.0.0.1:8090/?name=operator"));
    QCOMPARE(tab.url(), QStringLiteral("ws://127.0.0.1:8090/?name=operator"));
    // Untouched: follows entirely (another port, then TLS).
    tab.setDefaultUrl(QStringLiteral("ws://127.0.0.1:8091/?name=operator"));
    QCOMPARE(tab.url(), QStringLiteral("ws://127.0.0.1:8091/?name=operator"));
    // Typed, but still this server: the address moves, the path and query stay.
    tab.setUrl(QStringLiteral("ws://127.0.0.1:8091/chat?name=bob"));
    tab.setDefaultUrl(QStringLiteral("wss://127.0.0.1:8443/?name=operator"));
    QCOMPARE(tab.url(), QStringLiteral("wss://127.0.0.1:8443/chat?name=bob"));
    // Another server entirely: left alone.
    tab.setUrl(QStringLiteral("wss://echo.example.org/"));
    tab.setDefaultUrl(QStringLiteral("ws://127.0.0.1:8092/?name=operator"));
    QCOMPARE(tab.url(), QStringLiteral("wss://echo.example.org/"));
    // A URL kept from an earlier run follows the server of that run too.
    ClientTab restored;
    restored.restoreUrl(QStringLiteral("ws://127.0.0.1:8090/room"), QStringLiteral("ws://127.0.0.1:8090/"));
    restored.setDefaultUrl(QStringLiteral("ws://127.0.0.1:9000/?name=operator"));
    QCOMPARE(restored.url(), QStringLiteral("ws://127.0.0.1:9000/room"));
}

void TestClientPane::tls_ownCertificateTrustedOthersNeedTheMarkedBox()
{
    QTemporaryDir dir;
    Server server;
    ServerConfig config;
    const QString error = DuplexTest::makeCertificate(dir.path(), config.certificateFile, config.keyFile);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(DuplexTest::startServer(server, config));
    const QString url = QStringLiteral("wss://127.0.0.1:%1/").arg(server.port());

    // Without the server's certificate and without the box: refused, and the error says what to tick.
    ClientTab stranger;
    stranger.setUrl(url);
    stranger.connectToServer();
    QTRY_VERIFY(stranger.logText().contains(u"not connected"));
    QVERIFY2(stranger.logText().contains(u"Ignore certificate errors"), qPrintable(stranger.logText()));
    QCOMPARE(stranger.client()->state(), WebSocketClient::State::Disconnected);

    // The box, ticked: connects, and the state says certificates are not checked.
    auto *box = stranger.findChild<QCheckBox *>(QStringLiteral("clientIgnoreCertificateErrors"));
    QVERIFY(box && !box->isChecked()); // off by default
    box->setChecked(true);
    stranger.connectToServer();
    QTRY_COMPARE(stranger.client()->state(), WebSocketClient::State::Connected);
    QLabel *state = nullptr;
    for (QLabel *label : stranger.findChildren<QLabel *>()) {
        if (label->text().startsWith(u"Connected"))
            state = label;
    }
    QVERIFY(state);
    QVERIFY2(state->text().contains(u"certificates not checked"), qPrintable(state->text()));

    // The desktop's own server's certificate: trusted without the box.
    ClientPane pane;
    pane.setServerCertificates(QSslCertificate::fromPath(config.certificateFile));
    pane.setDefaultUrl(url);
    pane.currentTab()->connectToServer();
    QTRY_COMPARE(pane.currentTab()->client()->state(), WebSocketClient::State::Connected);
}

void TestClientPane::close_withCodeAndReasonOfTheUsersChoice()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    ClientTab tab;
    tab.setDefaultUrl(DuplexTest::wsUrl(server).toString());
    tab.connectToServer();
    QTRY_COMPARE(tab.client()->state(), WebSocketClient::State::Connected);
    QVERIFY(tab.closeWith(1005, {}).contains(u"cannot be sent")); // reserved: refused, still connected
    QVERIFY(tab.closeWith(4000, QString(124, u'x')).contains(u"123"));
    QCOMPARE(tab.client()->state(), WebSocketClient::State::Connected);
    QCOMPARE(tab.closeWith(4001, QStringLiteral("再见")), QString());
    QTRY_COMPARE(tab.client()->state(), WebSocketClient::State::Disconnected);
    QTRY_VERIFY(std::any_of(events.cbegin(), events.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::Closed && e.closeCode == 4001 && e.text.contains(u"再见");
    }));
}

void TestClientPane::editor_enterSendsShiftEnterNewLineFormatJson()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    ClientTab tab;
    tab.setDefaultUrl(DuplexTest::wsUrl(server).toString());
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    tab.connectToServer();
    QTRY_COMPARE(tab.client()->state(), WebSocketClient::State::Connected);
    auto *input = tab.findChild<QPlainTextEdit *>(QStringLiteral("clientInput"));
    QVERIFY(input);
    input->setFocus();
    QTest::keyClicks(input, QStringLiteral("line one"));
    QTest::keyClick(input, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(input, QStringLiteral("line two"));
    QTest::keyClick(input, Qt::Key_Return);
    QTRY_COMPARE(received(events, ServerEvent::Type::FrameIn), QStringList {QStringLiteral("line one\nline two")});
    QVERIFY(input->toPlainText().isEmpty());

    input->setPlainText(QStringLiteral("{\"a\":[1,2],\"b\":\"x\"}"));
    QVERIFY(tab.formatJson());
    QCOMPARE(
        input->toPlainText(), QStringLiteral("{\n    \"a\": [\n        1,\n        2\n    ],\n    \"b\": \"x\"\n}"));
    input->setPlainText(QStringLiteral("{broken"));
    QVERIFY(!tab.formatJson());
    QCOMPARE(input->toPlainText(), QStringLiteral("{broken")); // left as typed
    QVERIFY2(tab.logText().contains(u"not JSON"), qPrintable(tab.logText()));
}

void TestClientPane::profiles_saveApplyDeleteSharedByTabs()
{
    ClientPane pane;
    QSignalSpy changed(&pane, &ClientPane::profilesChanged);
    ClientTab *first = pane.currentTab();
    first->setUrl(QStringLiteral("wss://echo.example.org/socket"));
    first->findChild<QLineEdit *>(QStringLiteral("clientSubprotocol"))->setText(QStringLiteral("mqtt"));
    first->findChild<QLineEdit *>(QStringLiteral("clientToken"))->setText(QStringLiteral("t0k"));
    first->findChild<QPlainTextEdit *>(QStringLiteral("clientHeaders"))->setPlainText(QStringLiteral("X-A: 1"));
    first->findChild<QSpinBox *>(QStringLiteral("clientPingEvery"))->setValue(30);
    first->findChild<QCheckBox *>(QStringLiteral("clientCompress"))->setChecked(true);
    first->saveProfile(QStringLiteral("echo"));
    QCOMPARE(changed.size(), 1);
    const QJsonObject saved = changed.first().first().toJsonArray().first().toObject();
    QCOMPARE(saved.value(u"url").toString(), QStringLiteral("wss://echo.example.org/socket"));
    QCOMPARE(saved.value(u"token").toString(), QStringLiteral("t0k"));
    QCOMPARE(saved.value(u"pingSeconds").toInt(), 30);
    QCOMPARE(saved.value(u"compress").toBool(), true);

    // Another tab sees it and takes every field from it.
    ClientTab *second = pane.addTab();
    auto *combo = second->findChild<QComboBox *>(QStringLiteral("clientProfile"));
    QCOMPARE(combo->count(), 2);
    QCOMPARE(combo->itemText(1), QStringLiteral("echo"));
    second->applyProfile(QStringLiteral("echo"));
    QCOMPARE(second->url(), QStringLiteral("wss://echo.example.org/socket"));
    QCOMPARE(second->findChild<QLineEdit *>(QStringLiteral("clientSubprotocol"))->text(), QStringLiteral("mqtt"));
    QCOMPARE(
        second->findChild<QPlainTextEdit *>(QStringLiteral("clientHeaders"))->toPlainText(), QStringLiteral("X-A: 1"));
    QCOMPARE(second->findChild<QSpinBox *>(QStringLiteral("clientPingEvery"))->value(), 30);
    QVERIFY(second->findChild<QCheckBox *>(QStringLiteral("clientCompress"))->isChecked());

    // Saving under the same name replaces; Delete removes it everywhere.
    second->setUrl(QStringLiteral("ws://127.0.0.1:1/"));
    second->saveProfile(QStringLiteral("echo"));
    QCOMPARE(first->profiles().size(), 1);
    QCOMPARE(first->profiles().first().toObject().value(u"url").toString(), QStringLiteral("ws://127.0.0.1:1/"));
    QTest::mouseClick(second->findChild<QToolButton *>(QStringLiteral("clientDeleteProfile")), Qt::LeftButton);
    QCOMPARE(first->profiles().size(), 0);
    QCOMPARE(first->findChild<QComboBox *>(QStringLiteral("clientProfile"))->count(), 1);
}

void TestClientPane::log_copyAndInspectReceivedJson()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    ClientTab tab;
    tab.setDefaultUrl(DuplexTest::wsUrl(server).toString());
    tab.resize(500, 700);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    tab.connectToServer();
    QTRY_COMPARE(tab.client()->state(), WebSocketClient::State::Connected);
    const QString json = QStringLiteral("{\"user\":\"alice\",\"text\":\"<b>你好</b>\"}");
    tab.client()->sendText(json);
    auto *log = tab.findChild<QListView *>(QStringLiteral("clientLog"));
    QVERIFY(log);
    int row = -1;
    QTRY_VERIFY([&] {
        for (int r = 0; r < tab.logModel()->rowCount(); ++r) {
            const ClientFrame &f = tab.logModel()->frame(r);
            if (f.direction == ClientFrame::Direction::In && f.kind == ClientFrame::Kind::Text)
                row = r;
        }
        return row >= 0;
    }());
    log->setCurrentIndex(tab.logModel()->index(row));
    QTest::keySequence(log, QKeySequence::Copy);
    QCOMPARE(QApplication::clipboard()->text(), json); // the message as it came, not the log line
    auto *tree = tab.findChild<QTreeWidget *>(QStringLiteral("clientDetailJson"));
    auto *inspector = tab.findChild<QWidget *>(QStringLiteral("clientInspector"));
    QVERIFY(tree && inspector);
    QTRY_VERIFY(inspector->isVisible() && inspector->height() > 50); // the inspector opened
    QTreeWidgetItem *root = tree->topLevelItem(0);
    QCOMPARE(root->childCount(), 2);
    QCOMPARE(root->child(0)->text(1), QStringLiteral("\"<b>你好</b>\"")); // markup stays text
}

void TestClientPane::pingInterval_pingsWhileConnected()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    ClientTab tab;
    tab.setDefaultUrl(DuplexTest::wsUrl(server).toString());
    tab.findChild<QSpinBox *>(QStringLiteral("clientPingEvery"))->setValue(1);
    QSignalSpy pongs(tab.client(), &WebSocketClient::pongReceived);
    tab.connectToServer();
    QTRY_COMPARE(tab.client()->state(), WebSocketClient::State::Connected);
    QTRY_VERIFY_WITH_TIMEOUT(pongs.size() >= 2, 5000);
    tab.findChild<QSpinBox *>(QStringLiteral("clientPingEvery"))->setValue(0);
    const qsizetype after = pongs.size();
    QTest::qWait(1500);
    QVERIFY(pongs.size() <= after + 1); // at most one already under way
}

void TestClientPane::compress_boxOffersDeflateAndTheLogShowsWireSizes()
{
    Server server;
    ServerConfig config;
    config.mode = Mode::Raw;
    QVERIFY(DuplexTest::startServer(server, config));
    ClientTab tab;
    tab.setDefaultUrl(DuplexTest::wsUrl(server).toString());
    auto *box = tab.findChild<QCheckBox *>(QStringLiteral("clientCompress"));
    QVERIFY(box);
    QVERIFY(!box->isChecked()); // off unless asked for
    box->setChecked(true);
    tab.connectToServer();
    QTRY_COMPARE(tab.client()->state(), WebSocketClient::State::Connected);
    QVERIFY(!box->isEnabled()); // an option of the connection: fixed while it is open
    QTRY_COMPARE(server.connections().size(), 1);
    QVERIFY(server.connections().first().compression.startsWith(u"permessage-deflate"));
    QVERIFY2(tab.logText().contains(u"compression agreed: permessage-deflate"), qPrintable(tab.logText()));
    bool compressed = false;
    for (QLabel *label : tab.findChildren<QLabel *>())
        compressed = compressed || label->text() == u"Connected · compressed";
    QVERIFY(compressed);

    tab.client()->sendText(QString(2000, u'a'));
    QTRY_VERIFY2(tab.logText().count(u"[deflate: ") == 2, qPrintable(tab.logText())); // sent and echoed
    QVERIFY2(tab.logText().contains(QRegularExpression(QStringLiteral("> \\[deflate: \\d+ of 2000 bytes\\] a+…"))),
        qPrintable(tab.logText()));
}

void TestClientPane::resend_sendsWhenConnectedElseFillsTheEditor()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    QList<ServerEvent> events;
    connect(&server, &Server::eventsReady, this, [&events](const QList<ServerEvent> &batch) { events += batch; });
    ClientTab tab;
    tab.setDefaultUrl(DuplexTest::wsUrl(server).toString());
    auto *input = tab.findChild<QPlainTextEdit *>(QStringLiteral("clientInput"));
    tab.resend(QByteArray("\x01\x02", 2), true);
    QCOMPARE(input->toPlainText(), QStringLiteral("01 02")); // not connected: in the editor, as hex
    QCOMPARE(tab.findChild<QComboBox *>(QStringLiteral("clientType"))->currentIndex(), 1);
    QVERIFY(tab.logText().contains(u"Not connected"));
    tab.connectToServer();
    QTRY_COMPARE(tab.client()->state(), WebSocketClient::State::Connected);
    tab.resend("again", false);
    QTRY_COMPARE(received(events, ServerEvent::Type::FrameIn), QStringList {QStringLiteral("again")});
}

void TestClientPane::replayDialog_showsRecordedBesideReceivedAndHighlightsDifferences()
{
    Server server;
    QVERIFY(DuplexTest::startServer(server));
    const QString reply = QStringLiteral("I am the server. I received your message. You said: ");
    HarConnection recorded;
    recorded.url = QStringLiteral("ws://elsewhere.invalid/");
    recorded.messages = {{true, 100.0, 1, "one"}, {false, 100.01, 1, (reply + u"one").toUtf8()},
        {true, 100.2, 1, "two"}, {false, 100.21, 1, (reply + u"two").toUtf8()}};
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.har"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(Har::write({recorded}, QStringLiteral("test")));
    file.close();

    ReplayDialog dialog(DuplexTest::wsUrl(server).toString());
    QVERIFY(dialog.openFile(path));
    auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("replayTable"));
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(table->item(1, 2)->text(), reply + u"one");
    QSignalSpy finished(dialog.replay(), &HarReplay::finished);
    dialog.start(); // the recorded timing: 0.2 s between the two
    QVERIFY(finished.wait(10'000));
    QCOMPARE(finished.first().at(0).value<qsizetype>(), 0); // no mismatch
    QCOMPARE(table->item(3, 3)->text(), reply + u"two");
    QCOMPARE(table->item(3, 3)->background().color(), QColor(0xd4, 0xed, 0xda));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("replayStatus"))->text().contains(u"every one as recorded"));

    // The server changed: the difference is highlighted; step by step, one message per click.
    server.setReplyTemplate(QStringLiteral("v2: {text}"));
    dialog.findChild<QComboBox *>(QStringLiteral("replayPace"))->setCurrentIndex(2);
    finished.clear();
    dialog.start();
    QTRY_VERIFY(dialog.replay()->client()->state() == WebSocketClient::State::Connected);
    QCOMPARE(dialog.replay()->sentCount(), 0);
    dialog.replay()->step();
    QTRY_COMPARE(table->item(1, 3) ? table->item(1, 3)->text() : QString(), QStringLiteral("v2: one"));
    QCOMPARE(table->item(1, 3)->background().color(), QColor(0xf8, 0xd7, 0xda));
    QCOMPARE(dialog.replay()->sentCount(), 1);
    dialog.replay()->step();
    QVERIFY(finished.wait(10'000));
    QCOMPARE(finished.first().at(0).value<qsizetype>(), 2);
}

QTEST_MAIN(TestClientPane)
#include "tst_clientpane.moc"

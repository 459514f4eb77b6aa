// The desktop window, driven as a user would: real server on port 0, the built-in client, the operator's dialogs,
// and an external QWebSocket client on the other end.
#include "clientpane.h"
#include "clienttab.h"
#include "connectionsmodel.h"
#include "dialogs.h"
#include "logmodel.h"
#include "mainwindow.h"
#include "redisprocess.h"
#include "server.h"
#include "translations.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QWebSocket>

using namespace Duplex;

class TestMainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void builtInClient_chatsAndShowsUpInConnectionsAndLog();
    void operator_pushesAndDisconnectsAnExternalClient();
    void busyPort_isSaidPlainlyWithTheNextFreePort();
    void language_switchesAtRuntime();
    void log_followsAfterFilteringAndKeepsTheFrameWhenEvicted();
    void cluster_listsAnotherServersClientsAndActsOnThem();
    void faults_dialogAppliesBarShowsAndClearsThem();

private:
    static bool startWindow(MainWindow &window);
    static int selectConnection(MainWindow &window, quint64 id);
    QTemporaryDir m_settingsDir;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("DuplexTest"));
}

bool TestMainWindow::startWindow(MainWindow &window)
{
    window.show();
    QSignalSpy started(window.server(), &Server::started);
    window.startServer();
    return started.wait(5000);
}

int TestMainWindow::selectConnection(MainWindow &window, quint64 id)
{
    const int row = window.connectionsModel()->rowOfId(id);
    if (row >= 0)
        window.connectionsView()->selectRow(row);
    return row;
}

void TestMainWindow::builtInClient_chatsAndShowsUpInConnectionsAndLog()
{
    MainWindow window({QHostAddress(QHostAddress::LocalHost), quint16(0), Mode::Echo});
    QVERIFY(startWindow(window));
    ClientTab *tab = window.clientPane()->currentTab();
    QVERIFY(tab);
    QTRY_COMPARE(tab->url(), QStringLiteral("ws://127.0.0.1:%1/?name=operator").arg(window.server()->port()));

    QTest::mouseClick(tab->findChild<QPushButton *>(QStringLiteral("clientConnect")), Qt::LeftButton);
    QTRY_COMPARE(tab->client()->state(), WebSocketClient::State::Connected);
    auto *input = tab->findChild<QPlainTextEdit *>(QStringLiteral("clientInput"));
    QTRY_VERIFY(!input->isReadOnly());
    input->setFocus();
    QTest::keyClicks(input, QStringLiteral("hello from the pane"));
    QTest::keyClick(input, Qt::Key_Return);

    QTRY_VERIFY(tab->logText().contains(u"You said: hello from the pane"));

    // Its own connection shows up like any other client, and the log has the frames.
    QTRY_COMPARE(window.connectionsModel()->rowCount(), 1);
    QCOMPARE(window.connectionsModel()->connection(0).name, QStringLiteral("operator"));
    QCOMPARE(window.connectionsModel()->connection(0).port, tab->client()->localPort());
    QTRY_COMPARE(window.connectionsModel()->connection(0).messagesIn, 1u);
    LogModel *log = window.logModel();
    QTRY_VERIFY(log->rowCount() >= 3);
    QStringList kinds;
    for (int row = 0; row < log->rowCount(); ++row)
        kinds.append(log->index(row, LogModel::Direction).data().toString() + u'/'
            + log->index(row, LogModel::Preview).data().toString().left(19));
    QVERIFY2(kinds.contains(u"in/hello from the pane"), qPrintable(kinds.join(u", ")));
    QVERIFY2(kinds.contains(u"out/I am the server. I "), qPrintable(kinds.join(u", ")));

    // The detail pane shows the selected frame whole, as text and as hex.
    const int inRow = int(kinds.indexOf(u"in/hello from the pane"));
    window.logView()->setCurrentIndex(window.logFilter()->mapFromSource(log->index(inRow, 0)));
    auto *detailHex = window.findChild<QPlainTextEdit *>(QStringLiteral("detailHex"));
    QVERIFY(detailHex->toPlainText().startsWith(u"00000000  68 65 6c 6c 6f"));

    auto *detailText = window.findChild<QPlainTextEdit *>(QStringLiteral("detailText"));
    QVERIFY2(!detailText->toPlainText().contains(u"kept"), qPrintable(detailText->toPlainText()));

    // A frame of which only the start is kept (the stored log keeps 1 KiB) says so above its bytes.
    ServerEvent shortened;
    shortened.type = ServerEvent::Type::FrameIn;
    shortened.opcode = ServerEvent::Opcode::Text;
    shortened.connectionId = 1;
    shortened.timestampMs = ServerEvent::now();
    shortened.size = 70'000;
    shortened.payload = QByteArray(1024, 'x');
    log->append({shortened});
    window.logView()->setCurrentIndex(window.logFilter()->mapFromSource(log->index(log->rowCount() - 1, 0)));
    QTRY_VERIFY2(detailText->toPlainText().contains(u"70000 bytes · only its first 1024 bytes are kept"),
        qPrintable(detailText->toPlainText().left(200)));

    // Selecting a connection filters the log to it.
    QCOMPARE(selectConnection(window, 1), 0);
    QTRY_COMPARE(window.logFilter()->connection(), 1u);
}

void TestMainWindow::operator_pushesAndDisconnectsAnExternalClient()
{
    MainWindow window({QHostAddress(QHostAddress::LocalHost), quint16(0), Mode::Echo});
    QVERIFY(startWindow(window));
    QWebSocket external;
    QStringList received;
    connect(&external, &QWebSocket::textMessageReceived, this, [&received](const QString &t) { received.append(t); });
    QSignalSpy connected(&external, &QWebSocket::connected);
    external.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/?name=external").arg(window.server()->port())));
    QVERIFY(connected.wait(5000));
    QTRY_COMPARE(window.connectionsModel()->rowCount(), 1);
    const quint64 id = window.connectionsModel()->connection(0).id;
    QWebSocket bystander;
    QSignalSpy bystanderConnected(&bystander, &QWebSocket::connected);
    bystander.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/?name=bystander").arg(window.server()->port())));
    QVERIFY(bystanderConnected.wait(5000));
    QTRY_COMPARE(window.connectionsModel()->rowCount(), 2);
    QCOMPARE(selectConnection(window, id), 0);

    // Send… opens a dialog; typing and pressing Send pushes the message to that client.
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
    SendDialog *send = nullptr;
    QTRY_VERIFY((send = window.findChild<SendDialog *>()) != nullptr);
    send->findChild<QPlainTextEdit *>(QStringLiteral("sendText"))->setPlainText(QStringLiteral("服务器推送 <b>x</b>"));
    QTest::mouseClick(send->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_COMPARE(received, QStringList {QStringLiteral("服务器推送 <b>x</b>")});

    // Binary with invalid hex cannot be sent.
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
    QTRY_VERIFY((send = window.findChild<SendDialog *>()) != nullptr);
    send->setMessage(QStringLiteral("zz 1"), true);
    QVERIFY(!send->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    send->reject();
    QTRY_VERIFY(window.findChild<SendDialog *>() == nullptr);

    // Disconnect… with an application close code and a reason.
    QSignalSpy disconnected(&external, &QWebSocket::disconnected);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("disconnectButton")), Qt::LeftButton);
    DisconnectDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<DisconnectDialog *>()) != nullptr);
    auto *code = dialog->findChild<QComboBox *>(QStringLiteral("closeCode"));
    code->setCurrentIndex(code->findData(0));
    dialog->findChild<QSpinBox *>(QStringLiteral("customCode"))->setValue(4321);
    dialog->findChild<QLineEdit *>(QStringLiteral("closeReason"))->setText(QStringLiteral("bye from the operator"));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(int(external.closeCode()), 4321);
    QCOMPARE(external.closeReason(), QStringLiteral("bye from the operator"));
    QTRY_COMPARE(window.connectionsModel()->rowCount(), 1); // the bystander stays
    // The kicked connection was selected: now nothing is (the selection did not jump to the bystander).
    QVERIFY(window.connectionsView()->selectionModel()->selectedRows().isEmpty());
    QCOMPARE(window.selectedConnection().id, quint64(0));
}

void TestMainWindow::busyPort_isSaidPlainlyWithTheNextFreePort()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost));
    MainWindow window({QHostAddress(QHostAddress::LocalHost), blocker.serverPort(), Mode::Echo});
    window.show();
    QSignalSpy failed(window.server(), &Server::startFailed);
    window.startServer();
    QVERIFY(failed.wait(5000));
    auto *message = window.findChild<QLabel *>(QStringLiteral("serverMessage"));
    QTRY_VERIFY(message->isVisible());
    QVERIFY2(message->text().contains(QString::number(blocker.serverPort())), qPrintable(message->text()));
    QVERIFY2(QRegularExpression(QStringLiteral("in use\\. Port \\d+ is free\\.$")).match(message->text()).hasMatch(),
        qPrintable(message->text())); // two sentences, each with its full stop
    auto *usePort = window.findChild<QPushButton *>(QStringLiteral("serverUsePort"));
    QVERIFY(usePort->isVisible());
    QSignalSpy started(window.server(), &Server::started);
    QTest::mouseClick(usePort, Qt::LeftButton);
    QVERIFY(started.wait(5000));
    QVERIFY(window.server()->port() != blocker.serverPort());
    QVERIFY(!message->isVisible());
}

void TestMainWindow::language_switchesAtRuntime()
{
    MainWindow window({QHostAddress(QHostAddress::LocalHost), quint16(0), Mode::Echo});
    QVERIFY(startWindow(window));
    const QString english = window.windowTitle();
    // Usable on a 1024x700 screen (issue 15): nothing forces the window wider, in either language.
    QVERIFY2(window.minimumSizeHint().width() <= 1024, qPrintable(QString::number(window.minimumSizeHint().width())));
    QVERIFY(window.minimumSizeHint().height() <= 700);
    const QString header = window.connectionsModel()->headerData(ConnectionsModel::Name, Qt::Horizontal).toString();
    auto *pause = window.findChild<QPushButton *>(QStringLiteral("logPause"));
    const QString pauseEnglish = pause->text();
    window.setLanguage(QStringLiteral("zh_CN"));
    QTRY_VERIFY(window.windowTitle() != english);
    QCOMPARE(window.connectionsModel()->headerData(ConnectionsModel::Name, Qt::Horizontal).toString(),
        QStringLiteral("名称"));
    QVERIFY(pause->text() != pauseEnglish);
    QCOMPARE(defaultReplyTemplate(), QStringLiteral("我是服务端,我已收到您的消息,您说的是:{text}"));
    QCOMPARE(currentLanguage(), QStringLiteral("zh_CN"));
    QVERIFY2(window.minimumSizeHint().width() <= 1024, qPrintable(QString::number(window.minimumSizeHint().width())));
    QVERIFY(QFile::exists(QStringLiteral(":/docs/docs/protocol.zh_CN.md"))); // Help → wire protocol, in Chinese
    // The default reply follows the language, in the server bar and on the wire.
    auto *reply = window.findChild<QLineEdit *>(QStringLiteral("serverReply"));
    QVERIFY(reply);
    QCOMPARE(reply->text(), QStringLiteral("我是服务端,我已收到您的消息,您说的是:{text}"));
    QWebSocket client;
    QStringList replies;
    connect(&client, &QWebSocket::textMessageReceived, this, [&replies](const QString &t) { replies.append(t); });
    QSignalSpy connected(&client, &QWebSocket::connected);
    client.open(window.server()->webSocketUrl());
    QVERIFY(connected.wait(5000));
    client.sendTextMessage(QStringLiteral("你好"));
    QTRY_COMPARE(replies, QStringList {QStringLiteral("我是服务端,我已收到您的消息,您说的是:你好")});
    window.setLanguage(QStringLiteral("en"));
    QTRY_COMPARE(window.windowTitle(), english);
    QCOMPARE(window.connectionsModel()->headerData(ConnectionsModel::Name, Qt::Horizontal).toString(), header);
}

void TestMainWindow::log_followsAfterFilteringAndKeepsTheFrameWhenEvicted()
{
    MainWindow window({QHostAddress(QHostAddress::LocalHost), quint16(0), Mode::Echo});
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const auto rows = [](int from, int count) {
        QList<ServerEvent> events;
        for (int i = from; i < from + count; ++i) {
            ServerEvent e;
            e.type = ServerEvent::Type::FrameIn;
            e.connectionId = 1 + i % 2;
            e.opcode = ServerEvent::Opcode::Text;
            e.payload = QStringLiteral("row %1").arg(i).toUtf8();
            e.size = e.payload.size();
            e.timestampMs = ServerEvent::now();
            events.append(e);
        }
        return events;
    };
    window.logModel()->setCapacity(100);
    window.logModel()->append(rows(0, 100));
    QTableView *view = window.logView();
    QScrollBar *bar = view->verticalScrollBar();
    // A search typed and cleared: the log follows new rows again.
    auto *search = window.findChild<QLineEdit *>(QStringLiteral("logSearch"));
    search->setText(QStringLiteral("row 1"));
    search->clear();
    QTRY_COMPARE(bar->value(), bar->maximum());

    // The oldest row selected, then dropped at the capacity: nothing is selected, the pane keeps that frame.
    view->selectRow(0);
    auto *detail = window.findChild<QPlainTextEdit *>(QStringLiteral("detailText"));
    QTRY_VERIFY(detail->toPlainText().endsWith(QStringLiteral("row 0")));
    window.logModel()->append(rows(100, 5));
    QVERIFY(view->selectionModel()->selectedRows().isEmpty());
    QVERIFY2(detail->toPlainText().endsWith(QStringLiteral("row 0")), qPrintable(detail->toPlainText()));
}

// Two servers on one real redis-server: the window's and another in this process. The window lists the other's
// client with its server's name, and Send… and Disconnect… on it are carried out by that server.
void TestMainWindow::cluster_listsAnotherServersClientsAndActsOnThem()
{
    QVERIFY2(
        !DuplexTest::RedisProcess::binary().isEmpty(), "redis-server is not installed (Debian package redis-server)");
    DuplexTest::RedisProcess redis;
    QVERIFY(redis.start(m_settingsDir.path()));
    const QString redisUrl = redis.url();

    QSettings().setValue(QStringLiteral("cluster/redis"), redisUrl);
    QSettings().setValue(QStringLiteral("cluster/nodeName"), QStringLiteral("desk"));
    const auto forget = qScopeGuard([] { QSettings().remove(QStringLiteral("cluster")); });
    MainWindow window({QHostAddress(QHostAddress::LocalHost), quint16(0), Mode::Broadcast});
    QVERIFY(startWindow(window));

    ServerConfig otherConfig;
    otherConfig.port = 0;
    otherConfig.mode = Mode::Broadcast;
    otherConfig.redisUrl = redisUrl;
    otherConfig.nodeName = QStringLiteral("annex");
    Server other;
    QSignalSpy otherStarted(&other, &Server::started);
    other.start(otherConfig);
    QVERIFY(otherStarted.wait(5000));

    QWebSocket remote;
    QStringList received;
    connect(&remote, &QWebSocket::textMessageReceived, this, [&received](const QString &t) { received.append(t); });
    QSignalSpy connected(&remote, &QWebSocket::connected);
    remote.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/?name=far").arg(other.port())));
    QVERIFY(connected.wait(5000));

    // The other server's client shows up with its server's name; the status bar shows the cluster.
    ConnectionsModel *model = window.connectionsModel();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(QStringLiteral("annex"), 1) >= 0, 10'000);
    const int row = model->rowOf(QStringLiteral("annex"), 1);
    QCOMPARE(model->connection(row).name, QStringLiteral("far"));
    QCOMPARE(model->index(row, ConnectionsModel::Node).data().toString(), QStringLiteral("annex"));
    auto *cluster = window.findChild<QLabel *>(QStringLiteral("statusCluster"));
    QTRY_VERIFY(cluster->isVisible());
    QTRY_VERIFY2(cluster->text().contains(u"2 servers"), qPrintable(cluster->text()));
    QVERIFY2(cluster->text().contains(u"Redis connected"), qPrintable(cluster->text()));

    // Send… on it: the other server pushes the text.
    window.connectionsView()->selectRow(row);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("sendButton")), Qt::LeftButton);
    SendDialog *send = nullptr;
    QTRY_VERIFY((send = window.findChild<SendDialog *>()) != nullptr);
    QVERIFY(!send->findChild<QComboBox *>(QStringLiteral("sendType"))->isEnabled()); // text only across servers
    send->findChild<QPlainTextEdit *>(QStringLiteral("sendText"))->setPlainText(QStringLiteral("来自桌面 across"));
    QTest::mouseClick(send->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(received.contains(QStringLiteral("来自桌面 across")), 5000);

    // Disconnect… on it: its own server closes it with the chosen code.
    QSignalSpy disconnected(&remote, &QWebSocket::disconnected);
    QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("disconnectButton")), Qt::LeftButton);
    DisconnectDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<DisconnectDialog *>()) != nullptr);
    auto *code = dialog->findChild<QComboBox *>(QStringLiteral("closeCode"));
    code->setCurrentIndex(code->findData(0));
    dialog->findChild<QSpinBox *>(QStringLiteral("customCode"))->setValue(4100);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(int(remote.closeCode()), 4100);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(QStringLiteral("annex"), 1) < 0, 10'000);

    QSignalSpy otherStopped(&other, &Server::stopped);
    other.stop();
    QVERIFY(otherStopped.wait(5000));
}

void TestMainWindow::faults_dialogAppliesBarShowsAndClearsThem()
{
    MainWindow window({QHostAddress(QHostAddress::LocalHost), quint16(0), Mode::Raw});
    QVERIFY(startWindow(window));
    auto *indicator = window.findChild<QToolButton *>(QStringLiteral("serverFaults"));
    QVERIFY(indicator && !indicator->isVisible());
    // Server → Faults…: set a latency and apply.
    QAction *faults = nullptr;
    for (QAction *action : window.findChildren<QAction *>()) {
        if (action->text() == u"&Faults…")
            faults = action;
    }
    QVERIFY(faults);
    faults->trigger();
    auto *dialog = window.findChild<QDialog *>(QStringLiteral("faultsDialog"));
    QVERIFY(dialog);
    dialog->findChild<QSpinBox *>(QStringLiteral("faultLatency"))->setValue(120);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("faultApply")), Qt::LeftButton);
    QTRY_VERIFY(indicator->isVisible());
    QVERIFY2(indicator->toolTip().contains(u"latency 120 ms"), qPrintable(indicator->toolTip()));
    QVERIFY(!window.logView()->isColumnHidden(LogModel::Rule));

    // A client of this server now gets its echo late, and the log says why.
    QWebSocket client;
    QSignalSpy connected(&client, &QWebSocket::connected);
    QStringList replies;
    connect(&client, &QWebSocket::textMessageReceived, this, [&replies](const QString &t) { replies.append(t); });
    client.open(window.server()->webSocketUrl());
    QVERIFY(connected.wait(5000));
    QElapsedTimer clock;
    clock.start();
    client.sendTextMessage(QStringLiteral("slow"));
    QTRY_COMPARE(replies.size(), 1);
    QVERIFY(clock.elapsed() >= 120);
    bool marked = false;
    QTRY_VERIFY([&] {
        for (int row = 0; row < window.logModel()->rowCount(); ++row)
            marked = marked || window.logModel()->index(row, LogModel::Rule).data().toString().contains(u"delayed");
        return marked;
    }());

    // One click clears them all.
    QTest::mouseClick(window.findChild<QToolButton *>(QStringLiteral("serverClearFaults")), Qt::LeftButton);
    QTRY_VERIFY(!indicator->isVisible());
    QCOMPARE(window.server()->faults().value(u"active").toBool(true), false);
    dialog->close();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

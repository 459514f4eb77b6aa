#include "clientpane.h"
#include "clienttab.h"
#include "server.h"
#include "testclient.h"

#include <QApplication>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace Duplex;

class TestClientPane final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void simulateClients_runsOffTheGuiThreadAndLogsTheResult();
    void lastTab_hasNoCloseButton();
    void savedMessage_clickSelectsDoubleClickSends();
};

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
    QVERIFY(DuplexTest::startServer(server, config));
    ClientPane pane;
    pane.setDefaultUrl(DuplexTest::wsUrl(server).toString());
    pane.show();
    ClientTab *tab = pane.currentTab();
    QVERIFY(tab);
    auto *button = tab->findChild<QPushButton *>(QStringLiteral("clientSimulate"));
    auto *log = tab->findChild<QPlainTextEdit *>(QStringLiteral("clientLog"));
    QVERIFY(button && log);
    const QString idleText = button->text();

    LoadOptions options;
    options.url = DuplexTest::wsUrl(server);
    options.connections = 10;
    options.durationSeconds = 2;
    options.binary = true;
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
    const QString text = log->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Simulation done")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("lost 0")));
}

QTEST_MAIN(TestClientPane)
#include "tst_clientpane.moc"

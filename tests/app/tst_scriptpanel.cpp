// The Script tab as a user drives it: an example applied to the window's running server, a syntax error marked on
// its line while the previous script keeps running, Ctrl+S, Turn off, and the script kept for the next start.
#include "codeeditor.h"
#include "mainwindow.h"
#include "scriptpanel.h"
#include "server.h"

#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QWebSocket>

using namespace Duplex;

class TestScriptPanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void examples_areAllOffered();
    void window_appliesMarksErrorsTurnsOffAndRemembers();
    void editor_marksTheErrorLine();

private:
    QTemporaryDir m_settingsDir;
};

void TestScriptPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("DuplexScriptTest"));
}

void TestScriptPanel::examples_areAllOffered()
{
    ScriptPanel panel;
    auto *examples = panel.findChild<QToolButton *>(QStringLiteral("scriptExamples"));
    QVERIFY(examples && examples->menu());
    QStringList names;
    for (QAction *action : examples->menu()->actions())
        names.append(action->text());
    QCOMPARE(names,
        (QStringList {QStringLiteral("chat-rooms.js"), QStringLiteral("delayed-bot.js"), QStringLiteral("json-rpc.js"),
            QStringLiteral("swoole-echo.js"), QStringLiteral("ticker.js")}));
    examples->menu()->actions().at(3)->trigger();
    QVERIFY(panel.source().contains(QStringLiteral("server.on('message'")));
}

void TestScriptPanel::window_appliesMarksErrorsTurnsOffAndRemembers()
{
    QString savedSource;
    {
        MainWindow window({QHostAddress(QHostAddress::LocalHost), quint16(0), Mode::Echo});
        window.show();
        QSignalSpy started(window.server(), &Server::started);
        window.startServer();
        QVERIFY(started.wait(5000));
        QWebSocket client;
        QStringList received;
        connect(&client, &QWebSocket::textMessageReceived, this, [&received](const QString &t) { received.append(t); });
        QSignalSpy connected(&client, &QWebSocket::connected);
        client.open(window.server()->webSocketUrl());
        QVERIFY(connected.wait(5000));

        ScriptPanel *panel = window.scriptPanel();
        window.centralTabs()->setCurrentWidget(panel);
        panel->loadExample(QStringLiteral(":/examples/scripts/swoole-echo.js"));
        QSignalSpy loaded(window.server(), &Server::scriptLoaded);
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        panel->editor()->setFocus();
        QTest::keySequence(panel->editor(), QKeySequence::Save); // Ctrl+S applies
        QVERIFY(loaded.wait(5000));
        auto *status = panel->findChild<QLabel *>(QStringLiteral("scriptStatus"));
        QVERIFY2(status->text().startsWith(QStringLiteral("Running swoole-echo.js")), qPrintable(status->text()));
        client.sendTextMessage(QStringLiteral("hi"));
        QTRY_COMPARE(received, QStringList {QStringLiteral("我是服务端,我已收到您的消息,您说的是:hi")});

        // A syntax error: said with its line, marked in the editor, and the running script stays.
        panel->setSource(QStringLiteral("server.on('message', (f) => {\n  server.push(f.fd, 'x'\n});\n"), QString());
        panel->apply();
        QVERIFY(loaded.wait(5000));
        QVERIFY2(
            status->text().contains(QStringLiteral("the previous script keeps running")), qPrintable(status->text()));
        QVERIFY2(status->text().contains(QStringLiteral("script.js:3:1: SyntaxError")), qPrintable(status->text()));
        QCOMPARE(panel->editor()->errorLine(), 3);
        client.sendTextMessage(QStringLiteral("again"));
        QTRY_COMPARE(received.size(), 2);
        QCOMPARE(received.last(), QStringLiteral("我是服务端,我已收到您的消息,您说的是:again"));

        // Fixed: the error mark goes.
        panel->setSource(QStringLiteral("server.on('message', (f) => server.push(f.fd, 'v2 ' + f.data));"), QString());
        panel->apply();
        QVERIFY(loaded.wait(5000));
        QCOMPARE(panel->editor()->errorLine(), 0);
        client.sendTextMessage(QStringLiteral("x"));
        QTRY_COMPARE(received.size(), 3);
        QCOMPARE(received.last(), QStringLiteral("v2 x"));
        savedSource = panel->source();

        // Turned off: the mode answers; the client was never dropped.
        panel->findChild<QPushButton *>(QStringLiteral("scriptOff"))->click();
        QVERIFY(loaded.wait(5000));
        QVERIFY(status->text().startsWith(QStringLiteral("No script runs")));
        client.sendTextMessage(QStringLiteral("y"));
        QTRY_COMPARE(received.size(), 4);
        QVERIFY(received.last().endsWith(QStringLiteral("You said: y")));
        QCOMPARE(client.state(), QAbstractSocket::ConnectedState);
        panel->apply(); // on again, for the next start
        QVERIFY(loaded.wait(5000));
    }
    // The next start runs the script that ran when the window closed.
    MainWindow again({QHostAddress(QHostAddress::LocalHost), quint16(0), Mode::Echo});
    QCOMPARE(again.scriptPanel()->source(), savedSource);
    QSignalSpy loaded(again.server(), &Server::scriptLoaded);
    QVERIFY(loaded.wait(5000));
    QCOMPARE(loaded.first().first().toString(), QString());
}

void TestScriptPanel::editor_marksTheErrorLine()
{
    CodeEditor editor;
    editor.setPlainText(QStringLiteral("a\nb\nc"));
    editor.setErrorLine(2);
    QCOMPARE(editor.extraSelections().size(), 2); // the current line and the error line
    QCOMPARE(editor.extraSelections().last().cursor.blockNumber(), 1);
    editor.setErrorLine(0);
    QCOMPARE(editor.extraSelections().size(), 1);
}

QTEST_MAIN(TestScriptPanel)
#include "tst_scriptpanel.moc"

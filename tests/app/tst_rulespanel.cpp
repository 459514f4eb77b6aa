// The Rules tab as a user drives it: the table, the editor and its test field, import/export, and edits that reach
// the running server of the desktop window without a restart (a real QWebSocket client on the other end).
#include "logmodel.h"
#include "mainwindow.h"
#include "ruleeditor.h"
#include "rulesfile.h"
#include "rulesmodel.h"
#include "rulespanel.h"
#include "server.h"

#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace Duplex;

class TestRulesPanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void model_showsEachRuleAndMarksBrokenOnesWithTheReason();
    void model_checkboxAndMovesEditTheTable();
    void model_dragAndDropMovesARow();
    void editor_roundTripsEveryKindOfRule_data();
    void editor_roundTripsEveryKindOfRule();
    void editor_formEditsBecomeJson();
    void testField_showsWhatTheRuleWouldDo_data();
    void testField_showsWhatTheRuleWouldDo();
    void panel_addDuplicateDeleteMove();
    void panel_importAndExportUseTheFileFormat();
    void window_editsApplyLiveAndTheLogNamesTheRule();

private:
    QTemporaryDir m_settingsDir;
};

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

// After the test class: moc reads R"(…\"…)" as an ordinary string and would lose its place before the class.
const char *const ExampleTable
    = R"({"fallback":"mode","rules":[)"
      R"({"name":"login","match":{"type":"json","path":"type","equals":"login"},"reply":"{{\"type\":\"ok\",\"user\":\"{json.user}\"}}"},)"
      R"({"name":"sum","match":{"type":"regex","pattern":"^add (\\d+) (\\d+)$"},"reply":"adding {1} and {2}","delayMs":500},)"
      R"({"name":"tick","on":"open","reply":"tick {counter}","everyMs":1000},)"
      R"({"name":"bye","match":{"type":"exact","pattern":"bye"},"close":{"code":4001,"reason":"bye"}}]})";

QStringList names(const RulesModel &model)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row)
        list.append(model.index(row, RulesModel::Name).data().toString());
    return list;
}

} // namespace

void TestRulesPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("DuplexRulesTest"));
}

void TestRulesPanel::model_showsEachRuleAndMarksBrokenOnesWithTheReason()
{
    RulesModel model;
    model.setTable(json(R"({"rules":[{"name":"ok","match":{"type":"exact","pattern":"hi"},"reply":"hello"},
        {"name":"broken","match":{"type":"regex","pattern":"(a"},"reply":"x"},
        {"name":"off","enabled":false,"on":"open","reply":"welcome"}]})"));
    QCOMPARE(names(model), (QStringList {QStringLiteral("ok"), QStringLiteral("broken"), QStringLiteral("off")}));
    QCOMPARE(model.index(0, RulesModel::Match).data().toString(), QStringLiteral("is “hi”"));
    QVERIFY(model.index(0, RulesModel::Action).data().toString().contains(QStringLiteral("hello")));
    QCOMPARE(model.index(0, RulesModel::Status).data().toString(), QStringLiteral("on"));
    QVERIFY(model.index(1, RulesModel::Status).data().toString().startsWith(QStringLiteral("bad regular expression")));
    QVERIFY(model.index(1, RulesModel::Name).data(Qt::ToolTipRole).toString().contains(QStringLiteral("is off")));
    QVERIFY(!model.index(1, RulesModel::Status).data(Qt::DecorationRole).isNull());
    QCOMPARE(model.index(2, RulesModel::Name).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    QCOMPARE(model.index(2, RulesModel::Status).data().toString(), QStringLiteral("off"));
    QCOMPARE(model.table(),
        json(R"({"fallback":"mode","rules":[{"name":"ok","match":{"type":"exact","pattern":"hi"},"reply":"hello"},
        {"name":"broken","match":{"type":"regex","pattern":"(a"},"reply":"x"},
        {"name":"off","enabled":false,"on":"open","reply":"welcome"}]})"));
}

void TestRulesPanel::model_checkboxAndMovesEditTheTable()
{
    RulesModel model;
    model.setTable(json(ExampleTable));
    QSignalSpy edited(&model, &RulesModel::edited);
    QVERIFY(model.setData(model.index(1, RulesModel::Name), Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(model.rule(1).value(u"enabled"), QJsonValue(false));
    QVERIFY(model.setData(model.index(1, RulesModel::Name), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(!model.rule(1).contains(u"enabled")); // the default is left out of the file
    QVERIFY(model.moveRows({}, 3, 1, {}, 0));
    QCOMPARE(names(model).first(), QStringLiteral("bye"));
    QVERIFY(!model.moveRows({}, 0, 1, {}, 1)); // onto itself
    QCOMPARE(edited.size(), 3);
}

void TestRulesPanel::model_dragAndDropMovesARow()
{
    RulesModel model;
    model.setTable(json(ExampleTable));
    std::unique_ptr<QMimeData> mime(model.mimeData({model.index(0, RulesModel::Match)}));
    QVERIFY(mime);
    // Dropped between rows 2 and 3: the view's InternalMove. dropMimeData moves the row itself and says false, so
    // that the view does not remove the source row a second time.
    QVERIFY(!model.dropMimeData(mime.get(), Qt::MoveAction, 3, 0, {}));
    QCOMPARE(names(model),
        (QStringList {QStringLiteral("sum"), QStringLiteral("tick"), QStringLiteral("login"), QStringLiteral("bye")}));
    QCOMPARE(model.rowCount(), 4);
}

void TestRulesPanel::editor_roundTripsEveryKindOfRule_data()
{
    QTest::addColumn<QString>("rule");
    const auto row = [](const char *name, const char *rule) { QTest::newRow(name) << QString::fromUtf8(rule); };
    row("exact", R"({"name":"a","on":"message","match":{"type":"exact","pattern":"hi"},"reply":"hello"})");
    row("contains to all",
        R"({"name":"a","on":"message","match":{"type":"contains","pattern":"你好"},"reply":"x","to":"all"})");
    row("regex delayed",
        R"({"name":"a","on":"message","match":{"type":"regex","pattern":"^(\\d+)$"},"reply":"{1}","delayMs":500,"jitterMs":50})");
    row("json equals string",
        R"({"name":"a","on":"message","match":{"type":"json","path":"type","equals":"login"},"reply":"ok"})");
    row("json equals number",
        R"({"name":"a","on":"message","match":{"type":"json","path":"user.id","equals":42},"reply":"ok"})");
    row("json equals numeric string",
        R"({"name":"a","on":"message","match":{"type":"json","path":"v","equals":"42"},"reply":"ok"})");
    row("json exists", R"({"name":"a","on":"message","match":{"type":"json","path":"token"},"reply":"ok"})");
    row("json absent",
        R"({"name":"a","on":"message","match":{"type":"json","path":"token","exists":false},"reply":"ok"})");
    row("binary to others",
        R"({"name":"a","on":"message","match":{"type":"binary","hex":"89504e47"},"hex":"6f6b","to":"others"})");
    row("close",
        R"({"name":"a","on":"message","match":{"type":"exact","pattern":"bye"},"close":{"code":4001,"reason":"bye"}})");
    row("reply then close",
        R"({"name":"a","on":"message","match":{"type":"any"},"reply":"bye","close":{"code":1000}})");
    row("ignore, disabled", R"({"name":"a","enabled":false,"on":"message","match":{"type":"any"},"ignore":true})");
    row("open, every", R"({"name":"a","on":"open","reply":"tick {counter}","everyMs":1000})");
    row("close rule", R"({"name":"a","on":"close","reply":"{name} left","to":"others"})");
    row("unknown fields kept", R"({"name":"a","on":"message","match":{"type":"any"},"reply":"x","note":"mine"})");
}

void TestRulesPanel::editor_roundTripsEveryKindOfRule()
{
    QFETCH(QString, rule);
    RuleEditor editor;
    const QJsonObject object = json(rule.toUtf8().constData());
    editor.setRule(object, QString());
    QCOMPARE(editor.rule(), object);
}

void TestRulesPanel::editor_formEditsBecomeJson()
{
    RuleEditor editor;
    editor.setRule(json(R"({"name":"a","on":"message","match":{"type":"any"},"reply":"x"})"), QString());
    QSignalSpy edited(&editor, &RuleEditor::ruleEdited);
    auto *type = editor.findChild<QComboBox *>(QStringLiteral("ruleMatchType"));
    type->setCurrentIndex(type->findData(QStringLiteral("regex")));
    auto *pattern = editor.findChild<QLineEdit *>(QStringLiteral("rulePattern"));
    pattern->setFocus();
    QTest::keyClicks(pattern, QStringLiteral("^add (\\d+)$"));
    auto *reply = editor.findChild<QPlainTextEdit *>(QStringLiteral("ruleReply"));
    reply->setPlainText(QStringLiteral("got {1}"));
    editor.findChild<QSpinBox *>(QStringLiteral("ruleDelay"))->setValue(250);
    QVERIFY(!edited.isEmpty());
    QCOMPARE(edited.last().first().toJsonObject(),
        json(
            R"({"name":"a","on":"message","match":{"type":"regex","pattern":"^add (\\d+)$"},"reply":"got {1}","delayMs":250})"));
    // A bad pattern is said at once, under the form.
    pattern->clear();
    QTest::keyClicks(pattern, QStringLiteral("(unclosed"));
    auto *error = editor.findChild<QLabel *>(QStringLiteral("ruleError"));
    QVERIFY(!error->isHidden());
    QVERIFY2(error->text().contains(QStringLiteral("bad regular expression")), qPrintable(error->text()));
}

void TestRulesPanel::testField_showsWhatTheRuleWouldDo_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("sample");
    QTest::addColumn<QString>("expected");
    QTest::newRow("regex with captures and delay") << QStringLiteral(
        R"({"match":{"type":"regex","pattern":"^add (\\d+) (\\d+)$"},"reply":"adding {1} and {2}","delayMs":500})")
                                                   << QStringLiteral("add 2 3")
                                                   << QStringLiteral(
                                                          "Sends to the sender: adding 2 and 3\nAfter 500 ms.");
    QTest::newRow("json login") << QStringLiteral(
        R"({"match":{"type":"json","path":"type","equals":"login"},"reply":"{{\"user\":\"{json.user}\"}}","to":"all"})")
                                << QStringLiteral(R"({"type":"login","user":"bob"})")
                                << QStringLiteral(R"(Sends to everyone: {"user":"bob"})");
    QTest::newRow("no match") << QStringLiteral(R"({"match":{"type":"exact","pattern":"bye"},"reply":"x"})")
                              << QStringLiteral("hello")
                              << QStringLiteral("No match: the next rule, or the mode, answers.");
    QTest::newRow("close") << QStringLiteral(
        R"({"match":{"type":"exact","pattern":"bye"},"close":{"code":4001,"reason":"bye"}})")
                           << QStringLiteral("bye") << QStringLiteral("Then closes the connection with 4001 bye");
    QTest::newRow("open rule needs no sample")
        << QStringLiteral(R"({"on":"open","reply":"hi {name}","everyMs":1000})") << QString()
        << QStringLiteral("Sends to the sender: hi alice\nRepeated every 1000 ms while connected.");
    QTest::newRow("broken") << QStringLiteral(R"({"reply":"{nope}"})") << QStringLiteral("x")
                            << QStringLiteral("Cannot test: bad reply template: unknown field {nope}");
}

void TestRulesPanel::testField_showsWhatTheRuleWouldDo()
{
    QFETCH(QString, rule);
    QFETCH(QString, sample);
    QFETCH(QString, expected);
    const QString result = RuleEditor::tryRule(json(rule.toUtf8().constData()), sample);
    QVERIFY2(result.startsWith(expected), qPrintable(result));
    // The same through the widget: typed into "Test with", shown as plain text.
    RuleEditor editor;
    editor.setRule(json(rule.toUtf8().constData()), QString());
    QTest::keyClicks(editor.findChild<QLineEdit *>(QStringLiteral("ruleSample")), sample);
    auto *shown = editor.findChild<QLabel *>(QStringLiteral("ruleResult"));
    QCOMPARE(shown->text(), result);
    QCOMPARE(shown->textFormat(), Qt::PlainText);
}

void TestRulesPanel::panel_addDuplicateDeleteMove()
{
    RulesPanel panel;
    QSignalSpy changed(&panel, &RulesPanel::tableChanged);
    panel.addRule();
    QCOMPARE(panel.model()->rowCount(), 1);
    QCOMPARE(panel.model()->error(0), QString()); // a new rule works as it is
    panel.duplicateRule();
    QCOMPARE(names(*panel.model()), (QStringList {QStringLiteral("new rule"), QStringLiteral("new rule (2)")}));
    QCOMPARE(panel.view()->currentIndex().row(), 1);
    panel.moveRule(-1);
    QCOMPARE(names(*panel.model()), (QStringList {QStringLiteral("new rule (2)"), QStringLiteral("new rule")}));
    QCOMPARE(panel.view()->currentIndex().row(), 0);
    panel.deleteRule();
    QCOMPARE(names(*panel.model()), QStringList {QStringLiteral("new rule")});
    QVERIFY(changed.wait(2000)); // the edits reach the server once typing stops
    QCOMPARE(changed.last().first().toJsonObject(), panel.table());
}

void TestRulesPanel::panel_importAndExportUseTheFileFormat()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rules.json"));
    QString error;
    QVERIFY(RulesFile::write(path, RuleSet::fromJson(json(ExampleTable)), &error));
    const std::optional<RuleSet> read = RulesFile::read(path, &error);
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->toJson(), json(ExampleTable));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().endsWith("}\n")); // indented, as people keep it in a repository
}

void TestRulesPanel::window_editsApplyLiveAndTheLogNamesTheRule()
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

    RulesPanel *panel = window.rulesPanel();
    window.centralTabs()->setCurrentWidget(panel);
    panel->addRule(); // exact "ping" → "pong"
    QSignalSpy applied(window.server(), &Server::rulesChanged);
    QVERIFY(applied.wait(3000));
    client.sendTextMessage(QStringLiteral("ping"));
    QTRY_COMPARE(received, QStringList {QStringLiteral("pong")});

    // Edited in the form: the next message gets the new reply, the client stays connected.
    auto *reply = panel->editor()->findChild<QPlainTextEdit *>(QStringLiteral("ruleReply"));
    reply->setPlainText(QStringLiteral("pong #{counter} to {id}"));
    QVERIFY(applied.wait(3000));
    client.sendTextMessage(QStringLiteral("ping"));
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(received.last(), QStringLiteral("pong #2 to 1")); // the counter carried over the edit
    QCOMPARE(client.state(), QAbstractSocket::ConnectedState);

    // Turned off by its checkbox: the mode answers again.
    panel->model()->setData(panel->model()->index(0, RulesModel::Name), Qt::Unchecked, Qt::CheckStateRole);
    QVERIFY(applied.wait(3000));
    client.sendTextMessage(QStringLiteral("ping"));
    QTRY_COMPARE(received.size(), 3);
    QVERIFY(received.last().endsWith(QStringLiteral("You said: ping")));

    // The log names the rule on the frames it matched and sent.
    LogModel *log = window.logModel();
    QTRY_VERIFY(log->rowCount() >= 6);
    QStringList rules;
    for (int row = 0; row < log->rowCount(); ++row) {
        if (!log->event(row).rule.isEmpty())
            rules.append(log->kindOf(log->event(row)) + u':' + log->index(row, LogModel::Rule).data().toString());
    }
    QCOMPARE(rules.size(), 4); // two pings in, two pongs out
    QVERIFY(rules.contains(QStringLiteral("text:new rule")));
    QVERIFY(!window.logView()->isColumnHidden(LogModel::Rule));

    // Kept for the next start.
    const QJsonObject saved
        = QJsonDocument::fromJson(QSettings().value(QStringLiteral("rules/table")).toString().toUtf8()).object();
    QCOMPARE(saved, panel->table());

    // A table PUT over /api/rules shows up in the tab.
    window.server()->setRules(json(ExampleTable));
    QTRY_COMPARE(panel->model()->rowCount(), 4);
    QTRY_VERIFY(window.centralTabs()->tabText(1).contains(u'4'));
}

QTEST_MAIN(TestRulesPanel)
#include "tst_rulespanel.moc"

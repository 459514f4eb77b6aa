#include "ruleset.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Duplex;

namespace {

QJsonObject object(const char *json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s in %s", qPrintable(error.errorString()), json);
    return document.object();
}

// One rule in a table of its own.
RuleSet single(const char *rule)
{
    return RuleSet::fromJson(QJsonObject {{QStringLiteral("rules"), QJsonArray {object(rule)}}});
}

TemplateInput input(const QString &text, const RuleMatch &match)
{
    TemplateInput in;
    in.text = text;
    in.id = 7;
    in.name = QStringLiteral("alice");
    in.path = QStringLiteral("/chat?name=alice&room=%E5%A4%A7%E5%8E%85");
    in.captures = match.captures;
    in.json = match.json ? &*match.json : nullptr;
    in.counter = 3;
    return in;
}

} // namespace

class TestRuleSet final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchTypes_data();
    void matchTypes();
    void templateFields_data();
    void templateFields();
    void badRule_data();
    void badRule();
    void actions_areRead();
    void firstMatchWins_disabledAndBrokenSkipped();
    void binaryMessage_matchesOnlyAnyAndBinary();
    void parse_namesTheRuleAndReason();
    void parse_badDocuments_data();
    void parse_badDocuments();
    void toJson_givesBackWhatWasWritten();
    void issueExample_parses();
    void counters_carryOverByName();
    void catastrophicRegex_isCutOffQuickly();
};

void TestRuleSet::matchTypes_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("matches");
    const auto row = [](const char *name, const char *rule, const QString &message, bool matches) {
        QTest::newRow(name) << QString::fromUtf8(rule) << message << matches;
    };
    row("any", R"({"reply":"x"})", QStringLiteral("anything"), true);
    row("any, explicit", R"({"match":{"type":"any"},"reply":"x"})", QString(), true);
    row("exact", R"({"match":{"type":"exact","pattern":"bye"},"reply":"x"})", QStringLiteral("bye"), true);
    row("exact, not a prefix", R"({"match":{"type":"exact","pattern":"bye"},"reply":"x"})", QStringLiteral("bye now"),
        false);
    row("exact, case matters", R"({"match":{"type":"exact","pattern":"bye"},"reply":"x"})", QStringLiteral("Bye"),
        false);
    row("contains", R"({"match":{"type":"contains","pattern":"服务"},"reply":"x"})", QStringLiteral("我是服务端"),
        true);
    row("contains, no", R"({"match":{"type":"contains","pattern":"xyz"},"reply":"x"})", QStringLiteral("abc"), false);
    row("regex", R"({"match":{"type":"regex","pattern":"^add (\\d+) (\\d+)$"},"reply":"x"})", QStringLiteral("add 2 3"),
        true);
    row("regex, no", R"({"match":{"type":"regex","pattern":"^add (\\d+) (\\d+)$"},"reply":"x"})",
        QStringLiteral("add two 3"), false);
    row("regex, unicode", R"({"match":{"type":"regex","pattern":"^你.好$"},"reply":"x"})", QStringLiteral("你们好"),
        true);
    row("json equals string", R"({"match":{"type":"json","path":"type","equals":"login"},"reply":"x"})",
        QStringLiteral(R"({"type":"login","user":"bob"})"), true);
    row("json equals, other value", R"({"match":{"type":"json","path":"type","equals":"login"},"reply":"x"})",
        QStringLiteral(R"({"type":"logout"})"), false);
    row("json equals number", R"({"match":{"type":"json","path":"user.id","equals":42},"reply":"x"})",
        QStringLiteral(R"({"user":{"id":42.0}})"), true);
    row("json number is not its string", R"({"match":{"type":"json","path":"user.id","equals":42},"reply":"x"})",
        QStringLiteral(R"({"user":{"id":"42"}})"), false);
    row("json equals bool", R"({"match":{"type":"json","path":"ok","equals":true},"reply":"x"})",
        QStringLiteral(R"({"ok":true})"), true);
    row("json array index", R"({"match":{"type":"json","path":"items.1","equals":"b"},"reply":"x"})",
        QStringLiteral(R"({"items":["a","b"]})"), true);
    row("json exists", R"({"match":{"type":"json","path":"token"},"reply":"x"})", QStringLiteral(R"({"token":null})"),
        true);
    row("json exists, absent", R"({"match":{"type":"json","path":"token","exists":true},"reply":"x"})",
        QStringLiteral(R"({"tok":1})"), false);
    row("json exists false", R"({"match":{"type":"json","path":"token","exists":false},"reply":"x"})",
        QStringLiteral(R"({"tok":1})"), true);
    row("json, not json", R"({"match":{"type":"json","path":"type"},"reply":"x"})", QStringLiteral("type"), false);
    row("json, broken json", R"({"match":{"type":"json","path":"type"},"reply":"x"})", QStringLiteral(R"({"type":)"),
        false);
    row("binary rule, text message", R"({"match":{"type":"binary","hex":"00"},"reply":"x"})", QStringLiteral("\0"),
        false);
}

void TestRuleSet::matchTypes()
{
    QFETCH(QString, rule);
    QFETCH(QString, message);
    QFETCH(bool, matches);
    const RuleSet set = single(rule.toUtf8().constData());
    QCOMPARE(set.firstError(), QString());
    QCOMPARE(set.matchMessage(message, nullptr).rule != nullptr, matches);
}

void TestRuleSet::templateFields_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("reply"); // QRegularExpression for the whole reply
    const auto row = [](const char *name, const char *rule, const QString &message, const QString &reply) {
        QTest::newRow(name) << QString::fromUtf8(rule) << message << reply;
    };
    row("text", R"({"reply":"you said {text}"})", QStringLiteral("{id} hi"), QStringLiteral(R"(you said \{id\} hi)"));
    row("id and name", R"({"reply":"{id}/{name}"})", QStringLiteral("x"), QStringLiteral("7/alice"));
    row("time is ISO 8601 UTC", R"({"reply":"{time}"})", QStringLiteral("x"),
        QStringLiteral(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"));
    row("path without query", R"({"reply":"{path}"})", QStringLiteral("x"), QStringLiteral("/chat"));
    row("query, decoded", R"({"reply":"{query.room}|{query.name}|{query.none}"})", QStringLiteral("x"),
        QStringLiteral("大厅\\|alice\\|"));
    row("captures", R"({"match":{"type":"regex","pattern":"^add (\\d+) (\\d+)$"},"reply":"{2}+{1}"})",
        QStringLiteral("add 2 3"), QStringLiteral("3\\+2"));
    row("unset capture is empty", R"({"match":{"type":"regex","pattern":"^a(x)?(b)$"},"reply":"[{1}][{2}]"})",
        QStringLiteral("ab"), QStringLiteral(R"(\[\]\[b\])"));
    row("json string", R"({"reply":"{json.user}"})", QStringLiteral(R"({"user":"bob"})"), QStringLiteral("bob"));
    row("json number", R"({"reply":"{json.n}|{json.f}"})", QStringLiteral(R"({"n":42,"f":0.1})"),
        QStringLiteral(R"(42\|0\.1)"));
    row("json object is raw JSON", R"({"reply":"{json.user}"})", QStringLiteral(R"({"user":{"id":1,"tags":["a"]}})"),
        QStringLiteral(R"(\{"id":1,"tags":\["a"\]\})"));
    row("json missing is empty", R"({"reply":"<{json.nope.deeper}>"})", QStringLiteral(R"({"user":1})"),
        QStringLiteral("<>"));
    row("json of non-JSON is empty", R"({"reply":"<{json.user}>"})", QStringLiteral("user"), QStringLiteral("<>"));
    row("counter", R"({"reply":"n={counter}"})", QStringLiteral("x"), QStringLiteral("n=3"));
    row("random", R"({"reply":"{random}"})", QStringLiteral("x"), QStringLiteral(R"(\d+)"));
    row("braces",
        R"({"match":{"type":"json","path":"type","equals":"login"},)"
        R"("reply":"{{\"type\":\"ok\",\"user\":\"{json.user}\"}}"})",
        QStringLiteral(R"({"type":"login","user":"bob"})"), QStringLiteral(R"(\{"type":"ok","user":"bob"\})"));
    row("chinese literal", R"({"reply":"我是服务端,我已收到您的消息,您说的是:{text}"})", QStringLiteral("你好"),
        QStringLiteral("我是服务端,我已收到您的消息,您说的是:你好"));
}

void TestRuleSet::templateFields()
{
    QFETCH(QString, rule);
    QFETCH(QString, message);
    QFETCH(QString, reply);
    const RuleSet set = single(rule.toUtf8().constData());
    QCOMPARE(set.firstError(), QString());
    const RuleMatch match = set.matchMessage(message, nullptr);
    QVERIFY(match.rule);
    const QString expanded = match.rule->reply.expand(input(message, match));
    QVERIFY2(QRegularExpression(QRegularExpression::anchoredPattern(reply)).match(expanded).hasMatch(),
        qPrintable(expanded));
}

void TestRuleSet::badRule_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("reason"); // part of the error
    const auto row = [](const char *name, const char *rule, const char *reason) {
        QTest::newRow(name) << QString::fromUtf8(rule) << QString::fromUtf8(reason);
    };
    row("does nothing", R"({"name":"x"})", "does nothing");
    row("bad on", R"({"on":"connect","reply":"x"})", "on must be");
    row("bad match type", R"({"match":{"type":"glob","pattern":"*"},"reply":"x"})", "match type");
    row("match not an object", R"({"match":"exact","reply":"x"})", "match must be an object");
    row("exact without pattern", R"({"match":{"type":"exact"},"reply":"x"})", "needs a pattern");
    row("bad regex", R"({"match":{"type":"regex","pattern":"(a"},"reply":"x"})", "bad regular expression");
    row("json without path", R"({"match":{"type":"json"},"reply":"x"})", "dotted path");
    row("json empty path part", R"({"match":{"type":"json","path":"a..b"},"reply":"x"})", "dotted path");
    row("json equals object", R"({"match":{"type":"json","path":"a","equals":{}},"reply":"x"})", "equals must be");
    row("binary bad hex", R"({"match":{"type":"binary","hex":"zz"},"reply":"x"})", "needs hex");
    row("binary odd hex", R"({"match":{"type":"binary","hex":"abc"},"reply":"x"})", "needs hex");
    row("unknown field", R"({"reply":"{txt}"})", "unknown field {txt}");
    row("unclosed field", R"({"reply":"{text"})", "not closed");
    row("lone brace", R"({"reply":"a } b"})", "lone }");
    row("empty json path in template", R"({"reply":"{json.a..b}"})", "no empty parts");
    row("capture without regex", R"({"match":{"type":"exact","pattern":"a"},"reply":"{1}"})", "no such regex group");
    row("capture past the groups", R"x({"match":{"type":"regex","pattern":"(a)"},"reply":"{2}"})x", "no such regex");
    row("text in open rule", R"({"on":"open","reply":"{text}"})", "only in message rules");
    row("match in open rule", R"({"on":"open","match":{"type":"exact","pattern":"a"},"reply":"x"})",
        "only message rules");
    row("reply and hex", R"({"reply":"x","hex":"00"})", "not both");
    row("bad hex reply", R"({"hex":"0g"})", "pairs of hex digits");
    row("ignore and reply", R"({"ignore":true,"reply":"x"})", "cannot be combined");
    row("bad to", R"({"reply":"x","to":"everyone"})", "to must be");
    row("close rule to sender", R"({"on":"close","reply":"bye"})", "who has left");
    row("close rule closes", R"({"on":"close","close":{"code":1000},"to":"all"})", "already closed");
    row("close code 1005", R"({"close":{"code":1005}})", "1005 cannot be sent");
    row("close code 1004", R"({"close":{"code":1004}})", "1004 cannot be sent");
    row("close code 2999", R"({"close":{"code":2999}})", "2999 cannot be sent");
    row("close code 5000", R"({"close":{"code":5000}})", "5000 cannot be sent");
    row("close without code", R"({"close":{"reason":"x"}})", "with a code");
    row("close reason too long",
        R"({"close":{"code":4000,"reason":"0123456789012345678901234567890123456789012345678901234567890123456789)"
        R"(0123456789012345678901234567890123456789012345678901234567890"}})",
        "longer than 123 bytes");
    row("negative delay", R"({"reply":"x","delayMs":-1})", "delayMs must be");
    row("fractional delay", R"({"reply":"x","delayMs":1.5})", "delayMs must be");
    row("delay as string", R"({"reply":"x","delayMs":"5"})", "delayMs must be");
    row("every too fast", R"({"on":"open","reply":"x","everyMs":1})", "everyMs must be");
    row("every on message rule", R"({"reply":"x","everyMs":1000})", "open rule");
    row("every with close", R"({"on":"open","reply":"x","everyMs":1000,"close":{"code":1000}})", "cannot repeat");
    row("enabled not bool", R"({"reply":"x","enabled":"yes"})", "enabled must be");
}

void TestRuleSet::badRule()
{
    QFETCH(QString, rule);
    QFETCH(QString, reason);
    const RuleSet set = single(rule.toUtf8().constData());
    QCOMPARE(set.rules().size(), std::size_t(1));
    QVERIFY2(set.rules().front().error.contains(reason), qPrintable(set.rules().front().error));
    QVERIFY(!set.rules().front().active());
    QVERIFY(!set.matchMessage(QStringLiteral("a"), nullptr).rule); // a broken rule stays off
}

void TestRuleSet::actions_areRead()
{
    const RuleSet set = RuleSet::fromJson(object(R"({"rules":[
        {"name":"a","reply":"x","to":"all","delayMs":500,"jitterMs":20},
        {"name":"b","hex":"de ad:be ef","to":"others"},
        {"name":"c","close":{"code":4001,"reason":"bye"}},
        {"name":"d","ignore":true},
        {"name":"e","on":"open","reply":"tick","everyMs":1000}]})"));
    QCOMPARE(set.firstError(), QString());
    const auto &r = set.rules();
    QCOMPARE(int(r[0].to), int(Rule::To::All));
    QCOMPARE(r[0].delayMs, 500);
    QCOMPARE(r[0].jitterMs, 20);
    QVERIFY(r[1].binaryReply);
    QCOMPARE(r[1].hex, QByteArray::fromHex("deadbeef"));
    QCOMPARE(int(r[1].to), int(Rule::To::Others));
    QCOMPARE(r[2].closeCode, 4001);
    QCOMPARE(r[2].closeReason, QStringLiteral("bye"));
    QVERIFY(!r[2].hasReply);
    QVERIFY(r[3].ignore);
    QCOMPARE(r[4].everyMs, 1000);
    QCOMPARE(set.first(Rule::On::Open), &r[4]);
    QCOMPARE(set.first(Rule::On::Close), nullptr);
}

void TestRuleSet::firstMatchWins_disabledAndBrokenSkipped()
{
    const RuleSet set = RuleSet::fromJson(object(R"({"rules":[
        {"name":"off","enabled":false,"match":{"type":"contains","pattern":"a"},"reply":"off"},
        {"name":"broken","match":{"type":"regex","pattern":"(a"},"reply":"broken"},
        {"name":"first","match":{"type":"contains","pattern":"a"},"reply":"first"},
        {"name":"second","match":{"type":"contains","pattern":"a"},"reply":"second"}]})"));
    const RuleMatch match = set.matchMessage(QStringLiteral("abc"), nullptr);
    QVERIFY(match.rule);
    QCOMPARE(match.rule->name, QStringLiteral("first"));
    QVERIFY(!set.matchMessage(QStringLiteral("xyz"), nullptr).rule);
    QCOMPARE(set.fallback(), RuleSet::Fallback::Mode);
}

void TestRuleSet::binaryMessage_matchesOnlyAnyAndBinary()
{
    const RuleSet set = RuleSet::fromJson(object(R"({"fallback":"ignore","rules":[
        {"name":"text","match":{"type":"contains","pattern":""},"reply":"t"},
        {"name":"png","match":{"type":"binary","hex":"89504e47"},"reply":"png"},
        {"name":"any","reply":"any"}]})"));
    const QByteArray png = QByteArray::fromHex("89504e470d0a1a0a");
    const QByteArray other = QByteArray::fromHex("0001");
    QCOMPARE(set.matchMessage(QString(), &png).rule->name, QStringLiteral("png"));
    QCOMPARE(set.matchMessage(QString(), &other).rule->name, QStringLiteral("any"));
    QCOMPARE(set.fallback(), RuleSet::Fallback::Ignore);
}

void TestRuleSet::parse_namesTheRuleAndReason()
{
    QString error;
    const auto set = RuleSet::parse(R"({"rules":[{"name":"ok","reply":"x"},
        {"name":"sum","match":{"type":"regex","pattern":"(\\d+"},"reply":"x"}]})",
        &error);
    QVERIFY(!set);
    QVERIFY2(error.startsWith(QStringLiteral("rule 2 \"sum\": bad regular expression")), qPrintable(error));
}

void TestRuleSet::parse_badDocuments_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not json") << QByteArray("{rules:") << QStringLiteral("not valid JSON at byte");
    QTest::newRow("array") << QByteArray("[]") << QStringLiteral("expected an object");
    QTest::newRow("bad fallback") << QByteArray(R"({"fallback":"echo"})") << QStringLiteral("fallback must be");
    QTest::newRow("rules not array") << QByteArray(R"({"rules":{}})") << QStringLiteral("rules must be an array");
    QTest::newRow("rule not object") << QByteArray(R"({"rules":[5]})") << QStringLiteral("rule 1 \"rule 1\": a rule");
}

void TestRuleSet::parse_badDocuments()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!RuleSet::parse(json, &error));
    QVERIFY2(error.startsWith(reason), qPrintable(error));
}

void TestRuleSet::toJson_givesBackWhatWasWritten()
{
    const QJsonObject written = object(R"({"fallback":"ignore","rules":[
        {"name":"a","match":{"type":"exact","pattern":"hi"},"reply":"hello","note":"kept"},
        {"name":"b","enabled":false,"on":"open","reply":"welcome"}]})");
    QCOMPARE(RuleSet::fromJson(written).toJson(), written);
    QCOMPARE(RuleSet::fromJson({}).toJson().value(u"fallback").toString(), QStringLiteral("mode"));
}

void TestRuleSet::issueExample_parses()
{
    QString error;
    const auto set = RuleSet::parse(R"({"fallback": "mode",
   "rules": [
     {"name": "login", "on": "message", "match": {"type": "json", "path": "type", "equals": "login"},
      "reply": "{{\"type\":\"ok\",\"user\":\"{json.user}\"}}", "to": "sender"},
     {"name": "sum", "on": "message", "match": {"type": "regex", "pattern": "^add (\\d+) (\\d+)$"},
      "reply": "adding {1} and {2}", "delayMs": 500},
     {"name": "tick", "on": "open", "reply": "tick {counter}", "everyMs": 1000},
     {"name": "bye", "on": "message", "match": {"type": "exact", "pattern": "bye"},
      "close": {"code": 4001, "reason": "bye"}}
   ]})",
        &error);
    QVERIFY2(set, qPrintable(error));
    QCOMPARE(set->rules().size(), std::size_t(4));
}

void TestRuleSet::counters_carryOverByName()
{
    RuleSet before = single(R"({"name":"a","reply":"x"})");
    before.rules().front().fired->store(5);
    RuleSet after = RuleSet::fromJson(object(R"({"rules":[{"name":"b","reply":"x"},{"name":"a","reply":"y"}]})"));
    after.carryCountersFrom(before);
    QCOMPARE(after.rules()[0].fired->load(), 0u);
    QCOMPARE(after.rules()[1].fired->load(), 5u);
}

void TestRuleSet::catastrophicRegex_isCutOffQuickly()
{
    const RuleSet set = RuleSet::fromJson(object(R"({"rules":[
        {"name":"evil","match":{"type":"regex","pattern":"^(a+)+$"},"reply":"evil"},
        {"name":"after","reply":"after"}]})"));
    const QString subject = QString(5000, u'a') + u'b';
    QElapsedTimer timer;
    timer.start();
    const RuleMatch match = set.matchMessage(subject, nullptr);
    const qint64 elapsed = timer.elapsed();
    qInfo("^(a+)+$ against 5,000 a's and a b gave up after %lld ms", elapsed);
    QCOMPARE(match.cutOff.size(), 1);
    QCOMPARE(match.cutOff.front()->name, QStringLiteral("evil"));
    QVERIFY(match.rule);
    QCOMPARE(match.rule->name, QStringLiteral("after")); // treated as no match: the next rule is tried
    QVERIFY2(elapsed < 1000, "the bound on matching did not hold"); // generous: the unbounded match never ends
}

QTEST_GUILESS_MAIN(TestRuleSet)
#include "tst_ruleset.moc"

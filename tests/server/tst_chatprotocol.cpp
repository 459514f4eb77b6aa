#include "chatprotocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Duplex;

class TestChatProtocol final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void frames_areCompactJsonWithType();
};

void TestChatProtocol::parse_data()
{
    QTest::addColumn<QString>("frame");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("value");
    using Kind = ChatProtocol::Request::Kind;
    QTest::newRow("message") << QStringLiteral(R"({"type":"message","text":"hi"})") << int(Kind::Message)
                             << QStringLiteral("hi");
    QTest::newRow("empty message") << QStringLiteral(R"({"type":"message","text":""})") << int(Kind::Message)
                                   << QString();
    QTest::newRow("chinese") << QStringLiteral(R"({"type":"message","text":"你好"})") << int(Kind::Message)
                             << QStringLiteral("你好");
    QTest::newRow("rename") << QStringLiteral(R"({"type":"name","name":"  bob "})") << int(Kind::Rename)
                            << QStringLiteral("bob");
    QTest::newRow("blank name") << QStringLiteral(R"({"type":"name","name":"  "})") << int(Kind::Invalid) << QString();
    QTest::newRow("text not a string") << QStringLiteral(R"({"type":"message","text":5})") << int(Kind::Invalid)
                                       << QString();
    QTest::newRow("not json") << QStringLiteral("hello") << int(Kind::Invalid) << QString();
    QTest::newRow("array") << QStringLiteral("[1,2]") << int(Kind::Invalid) << QString();
    QTest::newRow("unknown type") << QStringLiteral(R"({"type":"dance"})") << int(Kind::Invalid) << QString();
}

void TestChatProtocol::parse()
{
    QFETCH(QString, frame);
    QFETCH(int, kind);
    QFETCH(QString, value);
    const ChatProtocol::Request request = ChatProtocol::parse(frame);
    QCOMPARE(int(request.kind), kind);
    if (kind == int(ChatProtocol::Request::Kind::Invalid))
        QVERIFY(!request.value.isEmpty()); // says why
    else
        QCOMPARE(request.value, value);
}

void TestChatProtocol::frames_areCompactJsonWithType()
{
    const QString welcome = ChatProtocol::welcome(3, QStringLiteral("alice"), QStringLiteral("echo"), 0);
    QVERIFY(!welcome.contains(u'\n'));
    const QJsonObject w = QJsonDocument::fromJson(welcome.toUtf8()).object();
    QCOMPARE(w.value(u"type").toString(), QStringLiteral("welcome"));
    QCOMPARE(w.value(u"id").toInt(), 3);
    QCOMPARE(w.value(u"time").toString(), QStringLiteral("1970-01-01T00:00:00.000Z"));

    const ChatProtocol::ChatMessage m {7, QStringLiteral("bob"), QStringLiteral("<i>x</i>"), 1000};
    const QJsonObject history = QJsonDocument::fromJson(ChatProtocol::history({m, m}).toUtf8()).object();
    QCOMPARE(history.value(u"type").toString(), QStringLiteral("history"));
    QCOMPARE(history.value(u"messages").toArray().size(), 2);
    QCOMPARE(history.value(u"messages").toArray().at(0).toObject().value(u"from").toInt(), 7);

    const QJsonObject leave
        = QJsonDocument::fromJson(ChatProtocol::presence(QStringLiteral("leave"), 4, QStringLiteral("bob"), 0).toUtf8())
              .object();
    QCOMPARE(leave.value(u"type").toString(), QStringLiteral("leave"));
    QCOMPARE(leave.value(u"id").toInt(), 4);
}

QTEST_GUILESS_MAIN(TestChatProtocol)
#include "tst_chatprotocol.moc"

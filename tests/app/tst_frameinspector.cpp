// The frame inspector: hex dump, JSON tree and Socket.IO / Engine.IO decoding, as pure functions and as the widget.
#include "frameinspector.h"
#include "payloadformat.h"
#include "translations.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTest>
#include <QTreeWidget>

using namespace Duplex;

class TestFrameInspector final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { installTranslations(QLocale(QLocale::English)); } // English plurals: "1 item", "2 keys"
    void hexDump_offsetSixteenBytesAscii();
    void hexDump_isBounded();
    void prettyJson_indentsOrSaysWhy();
    void socketIo_decodesEngineAndSocketPackets_data();
    void socketIo_decodesEngineAndSocketPackets();
    void widget_showsSocketIoEventAsTree();
    void widget_jsonTreeFoldsAndNonJsonFallsBackToText();
};

void TestFrameInspector::hexDump_offsetSixteenBytesAscii()
{
    const QString dump = PayloadFormat::hexDump(QByteArray("Hello, WebSocket!\x01\xff", 19));
    const QStringList lines = dump.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(
        lines.at(0), QStringLiteral("00000000  48 65 6c 6c 6f 2c 20 57 65 62 53 6f 63 6b 65 74  Hello, WebSocket"));
    // The ASCII column lines up even on a short last line; unprintable bytes are dots.
    QCOMPARE(lines.at(1), QStringLiteral("00000010  21 01 ff") + QString(47 - 8, u' ') + QStringLiteral("  !.."));
}

void TestFrameInspector::hexDump_isBounded()
{
    const QString dump = PayloadFormat::hexDump(QByteArray(1000, 'a'), 64);
    QCOMPARE(dump.count(u'\n'), 4);
    QVERIFY2(dump.endsWith(u"936 more bytes"), qPrintable(dump));
}

void TestFrameInspector::prettyJson_indentsOrSaysWhy()
{
    QCOMPARE(PayloadFormat::prettyJson(R"({"a":[1,2]})"),
        QStringLiteral("{\n    \"a\": [\n        1,\n        2\n    ]\n}"));
    QCOMPARE(PayloadFormat::prettyJson("42"), QStringLiteral("42"));
    QString error;
    QVERIFY(PayloadFormat::prettyJson("{\"a\":", &error).isEmpty());
    QVERIFY2(error.startsWith(u"not JSON:") && error.contains(u"at byte"), qPrintable(error));
    QVERIFY(PayloadFormat::prettyJson("hello", &error).isEmpty());
}

void TestFrameInspector::socketIo_decodesEngineAndSocketPackets_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("socket");
    QTest::addColumn<QString>("nameSpace");
    QTest::addColumn<QString>("event");
    QTest::addColumn<qint64>("ackId");
    QTest::addColumn<int>("attachments");
    QTest::addColumn<QByteArray>("data"); // compact JSON of the data/arguments, or empty

    QTest::newRow("open") << QByteArray(R"(0{"sid":"abc","upgrades":[],"pingInterval":25000})") << true
                          << QStringLiteral("open") << QString() << QStringLiteral("/") << QString() << qint64(-1) << 0
                          << QByteArray(R"({"pingInterval":25000,"sid":"abc","upgrades":[]})");
    QTest::newRow("ping") << QByteArray("2") << true << QStringLiteral("ping") << QString() << QStringLiteral("/")
                          << QString() << qint64(-1) << 0 << QByteArray();
    QTest::newRow("pong probe") << QByteArray("3probe") << true << QStringLiteral("pong") << QString()
                                << QStringLiteral("/") << QString() << qint64(-1) << 0 << QByteArray();
    QTest::newRow("connect") << QByteArray("40") << true << QStringLiteral("message") << QStringLiteral("CONNECT")
                             << QStringLiteral("/") << QString() << qint64(-1) << 0 << QByteArray();
    QTest::newRow("connect to a namespace with auth")
        << QByteArray(R"(40/admin,{"token":"x"})") << true << QStringLiteral("message") << QStringLiteral("CONNECT")
        << QStringLiteral("/admin") << QString() << qint64(-1) << 0 << QByteArray(R"({"token":"x"})");
    QTest::newRow("event") << QByteArray(R"(42["chat",{"text":"你好"}])") << true << QStringLiteral("message")
                           << QStringLiteral("EVENT") << QStringLiteral("/") << QStringLiteral("chat") << qint64(-1)
                           << 0 << QByteArray(R"([{"text":"你好"}])");
    QTest::newRow("event with ack in a namespace")
        << QByteArray(R"(42/chat,17["hello",1,2])") << true << QStringLiteral("message") << QStringLiteral("EVENT")
        << QStringLiteral("/chat") << QStringLiteral("hello") << qint64(17) << 0 << QByteArray("[1,2]");
    QTest::newRow("ack") << QByteArray(R"(4317["ok"])") << true << QStringLiteral("message") << QStringLiteral("ACK")
                         << QStringLiteral("/") << QString() << qint64(17) << 0 << QByteArray(R"(["ok"])");
    QTest::newRow("binary event") << QByteArray(R"(451-["upload",{"_placeholder":true,"num":0}])") << true
                                  << QStringLiteral("message") << QStringLiteral("BINARY_EVENT") << QStringLiteral("/")
                                  << QStringLiteral("upload") << qint64(-1) << 1
                                  << QByteArray(R"([{"_placeholder":true,"num":0}])");
    QTest::newRow("disconnect") << QByteArray("41") << true << QStringLiteral("message") << QStringLiteral("DISCONNECT")
                                << QStringLiteral("/") << QString() << qint64(-1) << 0 << QByteArray();
    QTest::newRow("plain text") << QByteArray("hello") << false << QString() << QString() << QStringLiteral("/")
                                << QString() << qint64(-1) << 0 << QByteArray();
    QTest::newRow("event without a name")
        << QByteArray("42[1,2]") << false << QStringLiteral("message") << QStringLiteral("EVENT") << QStringLiteral("/")
        << QString() << qint64(-1) << 0 << QByteArray("[1,2]");
    QTest::newRow("broken json") << QByteArray("42[\"a\",") << false << QStringLiteral("message")
                                 << QStringLiteral("EVENT") << QStringLiteral("/") << QString() << qint64(-1) << 0
                                 << QByteArray();
}

void TestFrameInspector::socketIo_decodesEngineAndSocketPackets()
{
    QFETCH(QByteArray, frame);
    QFETCH(bool, valid);
    const SocketIoPacket p = PayloadFormat::decodeSocketIo(frame);
    QCOMPARE(p.valid, valid);
    if (!valid)
        return;
    QFETCH(QString, engine);
    QFETCH(QString, socket);
    QFETCH(QString, nameSpace);
    QFETCH(QString, event);
    QFETCH(qint64, ackId);
    QFETCH(int, attachments);
    QFETCH(QByteArray, data);
    QCOMPARE(p.engineTypeName(), engine);
    QCOMPARE(p.socketTypeName(), socket);
    QCOMPARE(p.nameSpace, nameSpace);
    QCOMPARE(p.event, event);
    QCOMPARE(p.ackId, ackId);
    QCOMPARE(p.attachments, attachments);
    if (data.isEmpty()) {
        QVERIFY(p.data.isUndefined());
    } else {
        const QByteArray compact = p.data.isObject() ? QJsonDocument(p.data.toObject()).toJson(QJsonDocument::Compact)
                                                     : QJsonDocument(p.data.toArray()).toJson(QJsonDocument::Compact);
        QCOMPARE(compact, data);
    }
}

void TestFrameInspector::widget_showsSocketIoEventAsTree()
{
    FrameInspector inspector(QStringLiteral("t"));
    inspector.showFrame(
        QStringLiteral("header"), QStringLiteral("text"), R"(42/chat,5["message",{"user":"alice"}])", true);
    auto *tree = inspector.findChild<QTreeWidget *>(QStringLiteral("tJson"));
    QVERIFY(tree);
    QStringList rows;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        rows.append(tree->topLevelItem(i)->text(0) + u'=' + tree->topLevelItem(i)->text(1));
    QCOMPARE(rows,
        QStringList({QStringLiteral("Engine.IO packet=message (4)"), QStringLiteral("Socket.IO packet=EVENT (2)"),
            QStringLiteral("Namespace=/chat"), QStringLiteral("Event=message"), QStringLiteral("Acknowledgement id=5"),
            QStringLiteral("Arguments=[1 item]")}));
    QTreeWidgetItem *args = tree->topLevelItem(5);
    QVERIFY(args->isExpanded());
    QCOMPARE(args->child(0)->child(0)->text(0), QStringLiteral("user"));
    QCOMPARE(args->child(0)->child(0)->text(1), QStringLiteral("\"alice\""));
}

void TestFrameInspector::widget_jsonTreeFoldsAndNonJsonFallsBackToText()
{
    FrameInspector inspector(QStringLiteral("t"));
    auto *tree = inspector.findChild<QTreeWidget *>(QStringLiteral("tJson"));
    auto *notJson = inspector.findChild<QPlainTextEdit *>(QStringLiteral("tNotJson"));
    auto *stack = qobject_cast<QStackedWidget *>(tree->parentWidget());
    inspector.showFrame({}, {}, R"({"a":{"b":[true,null]},"n":1.5})", true);
    QCOMPARE(stack->currentWidget(), tree);
    QTreeWidgetItem *root = tree->topLevelItem(0);
    QCOMPARE(root->text(1), QStringLiteral("{2 keys}"));
    QCOMPARE(root->child(0)->text(0), QStringLiteral("a"));
    QCOMPARE(root->child(0)->childCount(), 1); // folds: "a" holds "b"
    QCOMPARE(root->child(0)->child(0)->child(1)->text(1), QStringLiteral("null"));
    QCOMPARE(root->child(1)->text(2), QStringLiteral("number"));

    // Markup stays text: a plain text edit, never rich text.
    inspector.showFrame({}, {}, "<b>not json</b>", true);
    QCOMPARE(stack->currentWidget(), notJson);
    QVERIFY2(notJson->toPlainText().contains(u"<b>not json</b>"), qPrintable(notJson->toPlainText()));
    QVERIFY(notJson->toPlainText().startsWith(u"Not JSON"));

    inspector.showFrame({}, {}, QByteArray("\x00\x01", 2), false);
    QVERIFY(notJson->toPlainText().contains(u"binary"));
    auto *hex = inspector.findChild<QPlainTextEdit *>(QStringLiteral("tHex"));
    QVERIFY(hex->toPlainText().startsWith(u"00000000  00 01"));
}

QTEST_MAIN(TestFrameInspector)
#include "tst_frameinspector.moc"

#include "logexport.h"
#include "logmodel.h"
#include "translations.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Duplex;

namespace {

ServerEvent frame(
    quint64 id, ServerEvent::Type type, const QByteArray &text, ServerEvent::Opcode opcode = ServerEvent::Opcode::Text)
{
    ServerEvent e;
    e.type = type;
    e.connectionId = id;
    e.opcode = opcode;
    e.payload = text;
    e.size = text.size();
    e.timestampMs = QDateTime::currentMSecsSinceEpoch();
    return e;
}

QList<ServerEvent> numbered(int from, int count)
{
    QList<ServerEvent> list;
    for (int i = from; i < from + count; ++i)
        list.append(frame(1, ServerEvent::Type::FrameIn, QByteArray::number(i)));
    return list;
}

} // namespace

class TestLogModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void append_keepsAtMostCapacityDroppingTheOldest();
    void append_batchLargerThanCapacityKeepsItsNewest();
    void setCapacity_shrinksFromTheFront();
    void largePayloads_oldestAreShortenedPastTheBudget();
    void columns_describeFramesAndSystemEvents();
    void filter_byDirectionKindConnectionAndText();
    void preview_followsTheLanguageOfTheMoment();
    void runs_connectionFilterKeepsToOneRunAndEarlierRunsAreMarked();
    void export_harCsvAndJsonLines();
};

void TestLogModel::append_keepsAtMostCapacityDroppingTheOldest()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(10);
    model.append(numbered(0, 7));
    QCOMPARE(model.rowCount(), 7);
    model.append(numbered(7, 7));
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.event(0).payload, QByteArray("4"));
    QCOMPARE(model.event(9).payload, QByteArray("13"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestLogModel::append_batchLargerThanCapacityKeepsItsNewest()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(10);
    model.append(numbered(0, 5));
    model.append(numbered(5, 25));
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.event(0).payload, QByteArray("20"));
    QCOMPARE(model.event(9).payload, QByteArray("29"));
}

void TestLogModel::setCapacity_shrinksFromTheFront()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(numbered(0, 100));
    QCOMPARE(model.capacity(), 100'000);
    model.setCapacity(30);
    QCOMPARE(model.rowCount(), 30);
    QCOMPARE(model.event(0).payload, QByteArray("70"));
}

void TestLogModel::largePayloads_oldestAreShortenedPastTheBudget()
{
    // 64 KiB messages at full speed must not fill the desktop's memory: 100,000 rows of them would be 6.4 GB.
    LogModel model;
    QByteArray big(1024 * 1024, 'x'); // one buffer shared by every row (the model counts each row's size)
    big[0] = 'a';
    const int rows = int(LogModel::MaxPayloadBytes / big.size()) + 10;
    for (int i = 0; i < rows; ++i)
        model.append({frame(1, ServerEvent::Type::FrameIn, big)});
    QCOMPARE(model.rowCount(), rows);
    QVERIFY(model.payloadBytes() <= LogModel::MaxPayloadBytes);
    QCOMPARE(model.event(0).payload, big.first(LogModel::ShortPayloadBytes)); // the oldest: its start
    QCOMPARE(model.event(0).size, big.size()); // and still its whole size
    QCOMPARE(model.event(rows - 1).payload, big); // the newest: whole
    // Dropping rows gives their bytes back; clearing, all of them.
    model.setCapacity(5);
    QCOMPARE(model.payloadBytes(), 5 * big.size());
    model.clear();
    QCOMPARE(model.payloadBytes(), 0);
}

void TestLogModel::columns_describeFramesAndSystemEvents()
{
    LogModel model;
    ServerEvent opened = frame(3, ServerEvent::Type::Opened, {}, ServerEvent::Opcode::None);
    opened.text = QStringLiteral("127.0.0.1:5000");
    opened.path = QStringLiteral("/?name=a");
    ServerEvent closed = frame(3, ServerEvent::Type::Closed, {}, ServerEvent::Opcode::Close);
    closed.closeCode = 1001;
    model.append({opened, frame(3, ServerEvent::Type::FrameIn, "hello"),
        frame(3, ServerEvent::Type::FrameOut, QByteArray("\x01\xff", 2), ServerEvent::Opcode::Binary), closed});
    QCOMPARE(model.index(0, LogModel::Direction).data().toString(), QStringLiteral("system"));
    QCOMPARE(model.index(0, LogModel::Kind).data().toString(), QStringLiteral("open"));
    QVERIFY(model.index(0, LogModel::Preview).data().toString().contains(u"/?name=a"));
    QCOMPARE(model.index(1, LogModel::Direction).data().toString(), QStringLiteral("in"));
    QCOMPARE(model.index(1, LogModel::Connection).data().toInt(), 3);
    QCOMPARE(model.index(1, LogModel::Kind).data().toString(), QStringLiteral("text"));
    QCOMPARE(model.index(1, LogModel::Fin).data().toString(), QStringLiteral("1"));
    QCOMPARE(model.index(1, LogModel::Size).data().toInt(), 5);
    QCOMPARE(model.index(1, LogModel::Preview).data().toString(), QStringLiteral("hello"));
    QCOMPARE(model.index(2, LogModel::Kind).data().toString(), QStringLiteral("binary"));
    QCOMPARE(model.index(2, LogModel::Preview).data().toString(), QStringLiteral("01 ff"));
    QCOMPARE(model.index(3, LogModel::Kind).data().toString(), QStringLiteral("close 1001"));
    QVERIFY(
        QTime::fromString(model.index(1, LogModel::Time).data().toString(), QStringLiteral("HH:mm:ss.zzz")).isValid());
}

void TestLogModel::filter_byDirectionKindConnectionAndText()
{
    LogModel model;
    LogFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({frame(1, ServerEvent::Type::FrameIn, "apple"), frame(1, ServerEvent::Type::FrameOut, "Apple pie"),
        frame(2, ServerEvent::Type::FrameIn, "banana"),
        frame(2, ServerEvent::Type::FrameIn, "\x00\x01", ServerEvent::Opcode::Binary)});
    QCOMPARE(filter.rowCount(), 4);
    filter.setConnection(2);
    QCOMPARE(filter.rowCount(), 2);
    filter.setConnection(0);
    filter.setDirection(int(LogModel::DirectionValue::Out));
    QCOMPARE(filter.rowCount(), 1);
    filter.setDirection(-1);
    filter.setKind(QStringLiteral("binary"));
    QCOMPARE(filter.rowCount(), 1);
    filter.setKind({});
    filter.setSearchText(QStringLiteral("APPLE"));
    QCOMPARE(filter.rowCount(), 2);
    model.append({frame(3, ServerEvent::Type::FrameIn, "pineapple")}); // new rows are filtered as they come
    QCOMPARE(filter.rowCount(), 3);
    filter.setSearchText({});
    QCOMPARE(filter.rowCount(), 5);
}

QTEST_MAIN(TestLogModel)
void TestLogModel::preview_followsTheLanguageOfTheMoment()
{
    LogModel model;
    ServerEvent pong;
    pong.type = ServerEvent::Type::FrameIn;
    pong.opcode = ServerEvent::Opcode::Pong;
    pong.connectionId = 3;
    pong.sentence = Sentence::make("Duplex::Hub", "round trip %1 ms", {QStringLiteral("12")});
    pong.text = pong.sentence->translated();
    ServerEvent dropped;
    dropped.type = ServerEvent::Type::Info;
    dropped.sentence = Sentence::make("Duplex::Hub", "%n event(s) not shown: the observer fell behind", {}, 5);
    model.append({pong, dropped});
    const auto preview = [&model](int row) { return model.data(model.index(row, LogModel::Preview)).toString(); };
    QVERIFY(installTranslations(QLocale(QStringLiteral("zh_CN"))));
    model.retranslate();
    QCOMPARE(preview(0), QStringLiteral("往返时间 12 毫秒"));
    QVERIFY2(preview(1).contains(u"5") && !preview(1).contains(u"not shown"), qPrintable(preview(1)));
    QVERIFY(installTranslations(QLocale(QLocale::English)));
    QCOMPARE(preview(0), QStringLiteral("round trip 12 ms"));
    QCOMPARE(preview(1), QStringLiteral("5 events not shown: the observer fell behind"));
}

void TestLogModel::runs_connectionFilterKeepsToOneRunAndEarlierRunsAreMarked()
{
    installTranslations(QLocale(QLocale::English));
    LogModel model;
    LogFilterModel filter;
    filter.setSourceModel(&model);
    const auto frame = [](qint64 run, quint64 id, const char *text) {
        ServerEvent e;
        e.type = ServerEvent::Type::FrameIn;
        e.opcode = ServerEvent::Opcode::Text;
        e.connectionId = id;
        e.run = run;
        e.payload = text;
        e.size = e.payload.size();
        return e;
    };
    // Yesterday's #1 and today's #1: the ids are the same, the runs are not.
    model.append({frame(1000, 1, "yesterday"), frame(0, 1, "stored before runs were kept"), frame(2000, 1, "today"),
        frame(2000, 2, "other")});
    model.setCurrentRun(2000);
    filter.setConnection(1, 2000);
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, LogModel::Preview).data().toString(), QStringLiteral("today"));
    filter.setConnection(0, 2000);
    QCOMPARE(filter.rowCount(), 4);

    QVERIFY(model.isEarlierRun(model.event(0)) && model.isEarlierRun(model.event(1)));
    QVERIFY(!model.isEarlierRun(model.event(2)));
    QVERIFY(model.index(0, LogModel::Time).data(Qt::ToolTipRole).toString().startsWith(u"earlier run, started"));
    QCOMPARE(model.index(1, LogModel::Time).data(Qt::ToolTipRole).toString(), QStringLiteral("earlier run"));
    QVERIFY(model.index(2, LogModel::Time).data(Qt::ToolTipRole).isNull());
    QVERIFY(model.index(0, LogModel::Time).data(Qt::FontRole).value<QFont>().italic());
}

void TestLogModel::export_harCsvAndJsonLines()
{
    LogModel model;
    QList<ServerEvent> events;
    ServerEvent opened;
    opened.type = ServerEvent::Type::Opened;
    opened.connectionId = 5;
    opened.timestampMs = 1'700'000'000'000;
    opened.text = QStringLiteral("127.0.0.1:4000");
    opened.path = QStringLiteral("/chat?name=a");
    events.append(opened);
    const auto frame = [&](ServerEvent::Type type, ServerEvent::Opcode opcode, const QByteArray &payload, qint64 dt) {
        ServerEvent e;
        e.type = type;
        e.opcode = opcode;
        e.connectionId = 5;
        e.timestampMs = opened.timestampMs + dt;
        e.payload = payload;
        e.size = payload.size();
        return e;
    };
    events.append(frame(ServerEvent::Type::FrameIn, ServerEvent::Opcode::Text, "hi, \"you\"", 10));
    events.append(frame(ServerEvent::Type::FrameOut, ServerEvent::Opcode::Binary, QByteArray("\0\xff", 2), 20));
    ServerEvent dropped = frame(ServerEvent::Type::FrameOut, ServerEvent::Opcode::Text, "never sent", 30);
    dropped.dropped = true;
    events.append(dropped);
    ServerEvent closed = frame(ServerEvent::Type::Closed, ServerEvent::Opcode::Close, {}, 40);
    closed.closeCode = 4001;
    events.append(closed);
    QTemporaryDir dir;

    const QString har = dir.filePath(QStringLiteral("log.har"));
    QCOMPARE(LogExport::formatFor(har, LogExport::Format::JsonLines), LogExport::Format::Har);
    QCOMPARE(LogExport::write(har, LogExport::Format::Har, events, model, QUrl(QStringLiteral("ws://127.0.0.1:8090/"))),
        QString());
    QFile harFile(har);
    QVERIFY(harFile.open(QIODevice::ReadOnly));
    const QJsonObject entry = QJsonDocument::fromJson(harFile.readAll())
                                  .object()
                                  .value(u"log")
                                  .toObject()
                                  .value(u"entries")
                                  .toArray()
                                  .first()
                                  .toObject();
    QCOMPARE(entry.value(u"_resourceType").toString(), QStringLiteral("websocket"));
    QCOMPARE(
        entry.value(u"request").toObject().value(u"url").toString(), QStringLiteral("ws://127.0.0.1:8090/chat?name=a"));
    const QJsonArray messages = entry.value(u"_webSocketMessages").toArray();
    QCOMPARE(messages.size(), 2); // the dropped frame was never sent
    QCOMPARE(messages.at(0).toObject().value(u"type").toString(), QStringLiteral("send"));
    QCOMPARE(messages.at(0).toObject().value(u"data").toString(), QStringLiteral("hi, \"you\""));
    QCOMPARE(messages.at(1).toObject().value(u"type").toString(), QStringLiteral("receive"));
    QCOMPARE(messages.at(1).toObject().value(u"opcode").toInt(), 2);
    QCOMPARE(messages.at(1).toObject().value(u"data").toString(), QStringLiteral("AP8=")); // base64
    QCOMPARE(messages.at(1).toObject().value(u"time").toDouble(), 1'700'000'000.02);

    const QString csv = dir.filePath(QStringLiteral("log.csv"));
    QCOMPARE(LogExport::write(csv, LogExport::Format::Csv, events, model, {}), QString());
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csvFile.readAll()).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), QStringLiteral("time,run,direction,connection,kind,fin,size,close_code,payload"));
    QVERIFY2(lines.at(2).endsWith(u",\"hi, \"\"you\"\"\""), qPrintable(lines.at(2))); // quoted
    QVERIFY2(lines.last().contains(u",4001,"), qPrintable(lines.last()));
}

#include "tst_logmodel.moc"

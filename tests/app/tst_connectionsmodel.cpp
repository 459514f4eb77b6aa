#include "connectionsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Duplex;

namespace {

QList<ConnectionInfo> snapshot(std::initializer_list<quint64> ids, quint64 messages = 0)
{
    QList<ConnectionInfo> list;
    for (quint64 id : ids) {
        ConnectionInfo c;
        c.id = id;
        c.address = QHostAddress::LocalHost;
        c.port = quint16(40000 + id);
        c.path = QStringLiteral("/?name=u%1").arg(id);
        c.name = QStringLiteral("u%1").arg(id);
        c.connectedAt = QDateTime::currentDateTimeUtc().addSecs(-90);
        c.lastActivity = QDateTime::currentDateTimeUtc();
        c.messagesIn = messages;
        c.bytesIn = 2048;
        list.append(c);
    }
    return list;
}

QList<quint64> ids(const ConnectionsModel &model)
{
    QList<quint64> list;
    for (int row = 0; row < model.rowCount(); ++row)
        list.append(model.connection(row).id);
    return list;
}

} // namespace

class TestConnectionsModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void snapshots_addUpdateAndRemoveRows();
    void display_showsEveryColumn();
    void cluster_otherServersRowsFollowInOrderOfServerAndId();
};

void TestConnectionsModel::snapshots_addUpdateAndRemoveRows()
{
    ConnectionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    model.setConnections(snapshot({1, 2, 3}));
    QCOMPARE(ids(model), (QList<quint64> {1, 2, 3}));
    QCOMPARE(inserted.size(), 1);

    model.setConnections(snapshot({1, 3, 4}, 7)); // 2 left, 4 came, the others updated
    QCOMPARE(ids(model), (QList<quint64> {1, 3, 4}));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.connection(0).messagesIn, 7u);
    QCOMPARE(model.rowOfId(3), 1);
    QCOMPARE(model.rowOfId(2), -1);

    model.setConnections(snapshot({5, 6, 7, 8}));
    QCOMPARE(ids(model), (QList<quint64> {5, 6, 7, 8}));

    model.setConnections(snapshot({5, 8}));
    QCOMPARE(ids(model), (QList<quint64> {5, 8}));

    model.setConnections({});
    QCOMPARE(model.rowCount(), 0);
    model.refreshDurations();
}

void TestConnectionsModel::display_showsEveryColumn()
{
    ConnectionsModel model;
    model.setConnections(snapshot({42}, 3));
    QCOMPARE(model.columnCount(), int(ConnectionsModel::ColumnCount));
    QCOMPARE(model.index(0, ConnectionsModel::Id).data().toULongLong(), 42u);
    QCOMPARE(model.index(0, ConnectionsModel::Address).data().toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(model.index(0, ConnectionsModel::Port).data().toInt(), 40042);
    QCOMPARE(model.index(0, ConnectionsModel::Path).data().toString(), QStringLiteral("/?name=u42"));
    QCOMPARE(model.index(0, ConnectionsModel::Name).data().toString(), QStringLiteral("u42"));
    QVERIFY(model.index(0, ConnectionsModel::ConnectedSince).data().toString().contains(u"1 min 30 s"));
    QCOMPARE(model.index(0, ConnectionsModel::MessagesIn).data().toInt(), 3);
    QCOMPARE(model.index(0, ConnectionsModel::BytesIn).data().toString(), QStringLiteral("2.0 KiB"));
    QCOMPARE(model.index(0, 0).data(ConnectionsModel::IdRole).toULongLong(), 42u);
    for (int column = 0; column < model.columnCount(); ++column)
        QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
}

namespace {

QList<ConnectionInfo> onNode(QList<ConnectionInfo> list, const QString &node)
{
    for (ConnectionInfo &c : list)
        c.node = node;
    return list;
}

QStringList keys(const ConnectionsModel &model)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row)
        list.append(model.connection(row).node + u'#' + QString::number(model.connection(row).id));
    return list;
}

} // namespace

void TestConnectionsModel::cluster_otherServersRowsFollowInOrderOfServerAndId()
{
    ConnectionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLocalNode(QStringLiteral("desk"));
    // Ids repeat across servers; the snapshot comes in any order.
    model.setConnections(onNode(snapshot({2, 1}), QStringLiteral("b")) + snapshot({1, 3}));
    QCOMPARE(keys(model),
        QStringList({QStringLiteral("#1"), QStringLiteral("#3"), QStringLiteral("b#1"), QStringLiteral("b#2")}));
    QCOMPARE(model.index(0, ConnectionsModel::Node).data().toString(), QStringLiteral("desk (this server)"));
    QCOMPARE(model.index(2, ConnectionsModel::Node).data().toString(), QStringLiteral("b"));
    QCOMPARE(model.index(2, 0).data(ConnectionsModel::NodeRole).toString(), QStringLiteral("b"));
    QCOMPARE(model.rowOfId(3), 1);
    QCOMPARE(model.rowOf(QStringLiteral("b"), 2), 3);
    QCOMPARE(model.rowOf(QStringLiteral("b"), 3), -1);

    // A server that appears in the middle, one that goes, and a new local client: inserted where they belong.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setConnections(snapshot({1, 3, 4}) + onNode(snapshot({7}), QStringLiteral("a"))
        + onNode(snapshot({1, 2}), QStringLiteral("b")));
    QCOMPARE(keys(model),
        QStringList({QStringLiteral("#1"), QStringLiteral("#3"), QStringLiteral("#4"), QStringLiteral("a#7"),
            QStringLiteral("b#1"), QStringLiteral("b#2")}));
    QCOMPARE(inserted.size(), 1); // #4 and a#7 are one run
    model.setConnections(snapshot({4}) + onNode(snapshot({7, 8}), QStringLiteral("a")));
    QCOMPARE(keys(model), QStringList({QStringLiteral("#4"), QStringLiteral("a#7"), QStringLiteral("a#8")}));

    // Idle time and the last ping's round trip.
    QList<ConnectionInfo> pinged = snapshot({4});
    pinged.first().lastRoundTripMs = 12;
    pinged.first().lastActivity = QDateTime::currentDateTimeUtc().addSecs(-65);
    model.setConnections(pinged);
    QCOMPARE(model.index(0, ConnectionsModel::RoundTrip).data().toString(), QStringLiteral("12 ms"));
    QCOMPARE(model.index(0, ConnectionsModel::Idle).data().toString(), QStringLiteral("1 min 5 s"));
}

QTEST_MAIN(TestConnectionsModel)
#include "tst_connectionsmodel.moc"

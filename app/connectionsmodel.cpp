#include "connectionsmodel.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace Duplex {

namespace {

// Rows are ordered by server (this one first) and then by id.
bool before(const ConnectionInfo &a, const ConnectionInfo &b)
{
    if (a.node != b.node)
        return a.node.isEmpty() || (!b.node.isEmpty() && a.node < b.node);
    return a.id < b.id;
}

bool sameConnection(const ConnectionInfo &a, const ConnectionInfo &b)
{
    return a.id == b.id && a.node == b.node;
}

} // namespace

ConnectionsModel::ConnectionsModel(QObject *parent) : QAbstractTableModel(parent)
{ }

int ConnectionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConnectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ConnectionsModel::formatBytes(quint64 bytes)
{
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeIecFormat);
}

QString ConnectionsModel::formatDuration(qint64 seconds)
{
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

QVariant ConnectionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ConnectionInfo &c = m_rows.at(index.row());
    if (role == IdRole)
        return QVariant::fromValue(c.id);
    if (role == NodeRole)
        return c.node;
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Id:
        case Port:
        case MessagesIn:
        case MessagesOut:
        case BytesIn:
        case BytesOut:
        case RoundTrip:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == UserAgent || index.column() == Path || index.column() == Origin)
            return data(index, Qt::DisplayRole);
        if (index.column() == ConnectedSince)
            return QLocale().toString(c.connectedAt.toLocalTime(), QLocale::LongFormat);
        if (index.column() == Compression)
            return c.compression.isEmpty()
                ? tr("Messages go uncompressed (the client did not offer permessage-deflate, "
                     "or the server has compression off)")
                : c.compression;
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    switch (index.column()) {
    case Id:
        return QVariant::fromValue(c.id);
    case Address:
        return c.address.toString();
    case Port:
        return c.port;
    case Path:
        return c.path;
    case Name:
        return c.name;
    case Origin:
        return c.origin;
    case UserAgent:
        return c.userAgent;
    case ConnectedSince:
        return tr("%1 (for %2)")
            .arg(c.connectedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                formatDuration(c.connectedAt.secsTo(now)));
    case MessagesIn:
        return QVariant::fromValue(c.messagesIn);
    case MessagesOut:
        return QVariant::fromValue(c.messagesOut);
    case BytesIn:
        return formatBytes(c.bytesIn);
    case BytesOut:
        return formatBytes(c.bytesOut);
    case LastActivity:
        return tr("%1 ago").arg(formatDuration(c.lastActivity.secsTo(now)));
    case Idle:
        return formatDuration(std::max<qint64>(0, c.lastActivity.secsTo(now)));
    case RoundTrip:
        return c.lastRoundTripMs < 0 ? QString() : tr("%1 ms").arg(c.lastRoundTripMs);
    case Compression:
        return c.compression.isEmpty() ? tr("none") : tr("deflate");
    case Node:
        if (!c.node.isEmpty())
            return c.node;
        return m_localNode.isEmpty() ? tr("this server") : tr("%1 (this server)").arg(m_localNode);
    default:
        return {};
    }
}

QVariant ConnectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("ID");
    case Address:
        return tr("Address");
    case Port:
        return tr("Port");
    case Path:
        return tr("Path and query");
    case Name:
        return tr("Name");
    case Origin:
        return tr("Origin");
    case UserAgent:
        return tr("User agent");
    case ConnectedSince:
        return tr("Connected since");
    case MessagesIn:
        return tr("Msgs in");
    case MessagesOut:
        return tr("Msgs out");
    case BytesIn:
        return tr("Bytes in");
    case BytesOut:
        return tr("Bytes out");
    case LastActivity:
        return tr("Last activity");
    case Idle:
        return tr("Idle");
    case RoundTrip:
        return tr("Ping RTT");
    case Compression:
        return tr("Compression");
    case Node:
        return tr("Server");
    default:
        return {};
    }
}

int ConnectionsModel::rowOf(const QString &node, quint64 id) const
{
    ConnectionInfo key;
    key.node = node;
    key.id = id;
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), key, before);
    return it != m_rows.cend() && sameConnection(*it, key) ? int(it - m_rows.cbegin()) : -1;
}

void ConnectionsModel::setLocalNode(const QString &name)
{
    if (m_localNode == name)
        return;
    m_localNode = name;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Node), index(int(m_rows.size()) - 1, Node), {Qt::DisplayRole});
}

void ConnectionsModel::setConnections(const QList<ConnectionInfo> &snapshot)
{
    QList<ConnectionInfo> connections = snapshot;
    if (!std::is_sorted(connections.cbegin(), connections.cend(), before))
        std::sort(connections.begin(), connections.end(), before);
    // First drop the rows that are gone, in runs from the back (a merge: both lists are sorted).
    QList<bool> keep(m_rows.size(), false);
    for (qsizetype row = 0, i = 0; row < m_rows.size() && i < connections.size();) {
        if (sameConnection(m_rows.at(row), connections.at(i))) {
            keep[row++] = true;
            ++i;
        } else if (before(m_rows.at(row), connections.at(i))) {
            ++row;
        } else {
            ++i;
        }
    }
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (keep.at(row)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !keep.at(first - 1))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    // Every row left is in the snapshot: update them and insert the new ones, a run at a time, in order.
    qsizetype row = 0;
    for (qsizetype i = 0; i < connections.size();) {
        if (row < m_rows.size() && sameConnection(m_rows.at(row), connections.at(i))) {
            m_rows[row++] = connections.at(i++);
            continue;
        }
        qsizetype end = i + 1;
        while (end < connections.size() && (row >= m_rows.size() || before(connections.at(end), m_rows.at(row))))
            ++end;
        beginInsertRows({}, int(row), int(row + end - i) - 1);
        m_rows.insert(row, end - i, ConnectionInfo());
        std::copy(connections.cbegin() + i, connections.cbegin() + end, m_rows.begin() + row);
        endInsertRows();
        row += end - i;
        i = end;
    }
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void ConnectionsModel::refreshDurations()
{
    if (!m_rows.isEmpty()) {
        Q_EMIT dataChanged(index(0, ConnectedSince), index(int(m_rows.size()) - 1, Idle), {Qt::DisplayRole});
    }
}

void ConnectionsModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    refreshDurations();
}

} // namespace Duplex

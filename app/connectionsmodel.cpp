#include "connectionsmodel.h"

#include <QDateTime>
#include <QLocale>

namespace Duplex {

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
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Id:
        case Port:
        case MessagesIn:
        case MessagesOut:
        case BytesIn:
        case BytesOut:
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
    default:
        return {};
    }
}

int ConnectionsModel::rowOfId(quint64 id) const
{
    const auto it = std::lower_bound(
        m_rows.cbegin(), m_rows.cend(), id, [](const ConnectionInfo &c, quint64 value) { return c.id < value; });
    return it != m_rows.cend() && it->id == id ? int(it - m_rows.cbegin()) : -1;
}

void ConnectionsModel::setConnections(const QList<ConnectionInfo> &connections)
{
    // Ids only grow, so both lists are sorted: first drop the rows that are gone, in runs from the back.
    QSet<quint64> present;
    present.reserve(connections.size());
    for (const ConnectionInfo &c : connections)
        present.insert(c.id);
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (present.contains(m_rows.at(row).id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !present.contains(m_rows.at(first - 1).id))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    // Then update the rows that stayed (same order) and append the new ones.
    const qsizetype kept = m_rows.size();
    for (qsizetype i = 0; i < kept; ++i)
        m_rows[i] = connections.at(i);
    if (kept > 0)
        Q_EMIT dataChanged(index(0, 0), index(int(kept) - 1, ColumnCount - 1));
    if (connections.size() > kept) {
        beginInsertRows({}, int(kept), int(connections.size()) - 1);
        m_rows.append(connections.mid(kept));
        endInsertRows();
    }
}

void ConnectionsModel::refreshDurations()
{
    if (!m_rows.isEmpty()) {
        Q_EMIT dataChanged(index(0, ConnectedSince), index(int(m_rows.size()) - 1, LastActivity), {Qt::DisplayRole});
    }
}

void ConnectionsModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    refreshDurations();
}

} // namespace Duplex

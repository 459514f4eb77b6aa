#pragma once

#include "connectioninfo.h"

#include <QAbstractTableModel>

namespace Duplex {

// The open connections as a table, fed by the server's snapshots (at most two a second).
class ConnectionsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionsModel)

public:
    enum Column {
        Id,
        Address,
        Port,
        Path,
        Name,
        Origin,
        UserAgent,
        ConnectedSince,
        MessagesIn,
        MessagesOut,
        BytesIn,
        BytesOut,
        LastActivity,
        Idle,
        RoundTrip,
        Compression,
        Node,
        ColumnCount
    };
    enum Role { IdRole = Qt::UserRole + 1, NodeRole };

    explicit ConnectionsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows with a new snapshot: removed rows go, new ones are inserted, the rest update. This server's
    // connections (node empty) come first by id, then each other server's of a cluster.
    void setConnections(const QList<ConnectionInfo> &connections);
    const ConnectionInfo &connection(int row) const { return m_rows.at(row); }
    // The row of this server's connection id, or -1; rowOf() for a connection of any server.
    int rowOfId(quint64 id) const { return rowOf({}, id); }
    int rowOf(const QString &node, quint64 id) const;
    // The name shown in the Server column for this server's own connections (its --node-name in a cluster).
    void setLocalNode(const QString &name);
    // Durations ("for 3 min") move on: called once a second.
    void refreshDurations();
    void retranslate();

    static QString formatBytes(quint64 bytes);
    static QString formatDuration(qint64 seconds);

private:
    QList<ConnectionInfo> m_rows;
    QString m_localNode;
};

} // namespace Duplex

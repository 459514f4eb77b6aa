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
        ColumnCount
    };
    enum Role { IdRole = Qt::UserRole + 1 };

    explicit ConnectionsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows with a new snapshot (sorted by id): removed rows go, new ones are appended, the rest update.
    void setConnections(const QList<ConnectionInfo> &connections);
    const ConnectionInfo &connection(int row) const { return m_rows.at(row); }
    int rowOfId(quint64 id) const;
    // Durations ("for 3 min") move on: called once a second.
    void refreshDurations();
    void retranslate();

    static QString formatBytes(quint64 bytes);
    static QString formatDuration(qint64 seconds);

private:
    QList<ConnectionInfo> m_rows;
};

} // namespace Duplex

#pragma once

#include "serverevent.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <deque>

namespace Duplex {

// Every frame and connection event the server reported, newest last, bounded: past the capacity the oldest rows go.
class LogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogModel)

public:
    enum Column {
        Time,
        Direction,
        Connection,
        Kind,
        Fin,
        Size,
        Rule,
        Preview,
        ColumnCount
    }; // Rule: the auto-reply rule
    enum class DirectionValue { In, Out, System };
    enum Role { DirectionRole = Qt::UserRole + 1, KindRole, ConnectionRole, SearchTextRole };

    explicit LogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Rows keep their payloads whole until the log holds MaxPayloadBytes of them; then the oldest rows keep the
    // first ShortPayloadBytes of theirs (their size stays: the Size column and exports say how large they were).
    static constexpr qsizetype MaxPayloadBytes = 256 * 1024 * 1024;
    static constexpr qsizetype ShortPayloadBytes = 4 * 1024;
    void append(const QList<ServerEvent> &events);
    qsizetype payloadBytes() const { return m_payloadBytes; }
    void clear();
    void setCapacity(int rows);
    int capacity() const { return m_capacity; }
    const ServerEvent &event(int row) const { return m_events.at(std::size_t(row)); }
    void retranslate();
    // Rows of other runs (kept from earlier starts, or before a restart) are marked as earlier runs.
    void setCurrentRun(qint64 run);
    qint64 currentRun() const { return m_currentRun; }
    bool isEarlierRun(const ServerEvent &event) const { return event.run != m_currentRun; }
    // "earlier run, started 04:12:33 on 3 Dec" (empty for the current run)
    QString runLabel(const ServerEvent &event) const;

    static DirectionValue directionOf(const ServerEvent &event);
    // "text", "binary", "ping", "pong", "close", "open", "error", "info": stable names for filters and exports.
    static QString kindOf(const ServerEvent &event);
    QString kindLabel(const ServerEvent &event) const;
    QString directionLabel(DirectionValue direction) const;
    QString describe(const ServerEvent &event, int maxChars) const;

private:
    void dropOldest(int count);
    void shortenOldPayloads();

    std::deque<ServerEvent> m_events;
    int m_capacity = 100'000;
    qsizetype m_payloadBytes = 0; // of every row's payload
    std::size_t m_shortUpTo = 0; // rows before it hold at most ShortPayloadBytes of payload
    qint64 m_currentRun = -1; // none yet: every stored row is from an earlier run
};

// Search box and filters over the log: text, direction, kind and connection.
class LogFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFilterModel)

public:
    explicit LogFilterModel(QObject *parent = nullptr);

    void setSearchText(const QString &text);
    void setDirection(int direction); // -1 all, else LogModel::DirectionValue
    void setKind(const QString &kind); // empty: all
    // One connection of one run (ids restart at 1 every run); 0: all. run 0: any run.
    void setConnection(quint64 id, qint64 run = 0);
    quint64 connection() const { return m_connection; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_search;
    int m_direction = -1;
    QString m_kind;
    quint64 m_connection = 0;
    qint64 m_run = 0;
};

} // namespace Duplex

#include "logmodel.h"

#include "eventformatter.h"

#include <QBrush>
#include <QDateTime>
#include <QFont>
#include <QLocale>
#include <QPalette>

namespace Duplex {

namespace {
constexpr int PreviewChars = 160;
}

LogModel::LogModel(QObject *parent) : QAbstractTableModel(parent)
{ }

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

LogModel::DirectionValue LogModel::directionOf(const ServerEvent &event)
{
    switch (event.type) {
    case ServerEvent::Type::FrameIn:
        return DirectionValue::In;
    case ServerEvent::Type::FrameOut:
        return DirectionValue::Out;
    default:
        return DirectionValue::System;
    }
}

QString LogModel::kindOf(const ServerEvent &event)
{
    switch (event.type) {
    case ServerEvent::Type::Opened:
        return QStringLiteral("open");
    case ServerEvent::Type::Closed:
        return QStringLiteral("close");
    case ServerEvent::Type::Error:
        return QStringLiteral("error");
    case ServerEvent::Type::Info:
        return QStringLiteral("info");
    case ServerEvent::Type::Console:
        return QStringLiteral("console");
    case ServerEvent::Type::FrameIn:
    case ServerEvent::Type::FrameOut:
        return opcodeName(event.opcode);
    }
    return {};
}

QString LogModel::kindLabel(const ServerEvent &event) const
{
    switch (event.type) {
    case ServerEvent::Type::Opened:
        return tr("open");
    case ServerEvent::Type::Closed:
        return tr("close %1").arg(event.closeCode);
    case ServerEvent::Type::Error:
        return tr("error");
    case ServerEvent::Type::Info:
        return tr("info");
    case ServerEvent::Type::Console:
        return tr("console");
    case ServerEvent::Type::FrameIn:
    case ServerEvent::Type::FrameOut:
        break;
    }
    switch (event.opcode) {
    case ServerEvent::Opcode::Text:
        return tr("text");
    case ServerEvent::Opcode::Binary:
        return tr("binary");
    case ServerEvent::Opcode::Ping:
        return tr("ping");
    case ServerEvent::Opcode::Pong:
        return tr("pong");
    case ServerEvent::Opcode::Close:
        return tr("close %1").arg(event.closeCode);
    case ServerEvent::Opcode::Continuation:
        return tr("continuation");
    case ServerEvent::Opcode::None:
        break;
    }
    return {};
}

QString LogModel::directionLabel(DirectionValue direction) const
{
    switch (direction) {
    case DirectionValue::In:
        return tr("in");
    case DirectionValue::Out:
        return tr("out");
    case DirectionValue::System:
        return tr("system");
    }
    return {};
}

QString LogModel::describe(const ServerEvent &event, int maxChars) const
{
    switch (event.type) {
    case ServerEvent::Type::Opened:
        return tr("connected from %1, path %2").arg(event.text, event.path);
    case ServerEvent::Type::Closed:
        return event.text.isEmpty() ? tr("disconnected") : tr("disconnected: %1").arg(event.text);
    case ServerEvent::Type::Error:
    case ServerEvent::Type::Info:
    case ServerEvent::Type::Console:
        return event.displayText();
    case ServerEvent::Type::FrameIn:
    case ServerEvent::Type::FrameOut:
        if (event.opcode == ServerEvent::Opcode::Pong)
            return event.displayText();
        return EventFormatter::preview(event, maxChars);
    }
    return {};
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ServerEvent &e = m_events[std::size_t(index.row())];
    switch (role) {
    case DirectionRole:
        return int(directionOf(e));
    case KindRole:
        return kindOf(e);
    case ConnectionRole:
        return QVariant::fromValue(e.connectionId);
    case SearchTextRole:
        return e.rule.isEmpty() ? describe(e, 4096) : describe(e, 4096) + u' ' + e.rule;
    case Qt::ToolTipRole:
        if (isEarlierRun(e))
            return runLabel(e);
        if (index.column() == Size && e.wireSize >= 0)
            return tr("%1 bytes of payload, %2 bytes on the wire (compressed with permessage-deflate)")
                .arg(e.size)
                .arg(e.wireSize);
        return {};
    case Qt::FontRole:
        if (isEarlierRun(e)) {
            QFont italic;
            italic.setItalic(true);
            return italic;
        }
        return {};
    case Qt::ForegroundRole:
        if (isEarlierRun(e))
            return QPalette().brush(QPalette::Disabled, QPalette::Text);
        if (e.type == ServerEvent::Type::Error)
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (directionOf(e) == DirectionValue::System)
            return QPalette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Connection || index.column() == Size)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(e.timestampMs).toString(QStringLiteral("HH:mm:ss.zzz"));
    case Direction:
        return directionLabel(directionOf(e));
    case Connection:
        return e.connectionId == 0 ? QVariant(QStringLiteral("-")) : QVariant::fromValue(e.connectionId);
    case Kind:
        return kindLabel(e);
    case Fin:
        return directionOf(e) == DirectionValue::System ? QString()
                                                        : (e.fin ? QStringLiteral("1") : QStringLiteral("0"));
    case Size:
        if (directionOf(e) == DirectionValue::System)
            return {};
        // Compressed: the payload's size / what crossed the wire, short enough for the column (the tooltip says it).
        return e.wireSize >= 0 ? QVariant(QStringLiteral("%1/%2").arg(e.size).arg(e.wireSize)) : QVariant(e.size);
    case Rule: // the rule behind the frame, or what a fault did to it
        return e.fault.isEmpty() ? e.rule : u"\u26a0 " + e.fault;
    case Preview:
        return describe(e, PreviewChars);
    default:
        return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Direction:
        return tr("Direction");
    case Connection:
        return tr("Conn.");
    case Kind:
        return tr("Kind");
    case Fin:
        return tr("FIN");
    case Size:
        return tr("Size");
    case Rule:
        return tr("Rule");
    case Preview:
        return tr("Preview");
    default:
        return {};
    }
}

void LogModel::append(const QList<ServerEvent> &events)
{
    if (events.isEmpty() || m_capacity <= 0)
        return;
    qsizetype first = 0;
    if (events.size() > m_capacity)
        first = events.size() - m_capacity; // the batch alone overflows: keep its newest rows
    const qsizetype incoming = events.size() - first;
    const qsizetype overflow = qsizetype(m_events.size()) + incoming - m_capacity;
    if (overflow > 0)
        dropOldest(int(overflow));
    const int start = int(m_events.size());
    beginInsertRows({}, start, start + int(incoming) - 1);
    for (qsizetype i = first; i < events.size(); ++i) {
        m_events.push_back(events.at(i));
        m_payloadBytes += events.at(i).payload.size();
    }
    endInsertRows();
    shortenOldPayloads();
}

void LogModel::shortenOldPayloads()
{
    while (m_payloadBytes > MaxPayloadBytes && m_shortUpTo < m_events.size()) {
        QByteArray &payload = m_events[m_shortUpTo++].payload;
        if (payload.size() <= ShortPayloadBytes)
            continue;
        m_payloadBytes -= payload.size() - ShortPayloadBytes;
        payload = QByteArray(payload.constData(), ShortPayloadBytes); // a copy: the whole one is let go
    }
}

void LogModel::dropOldest(int count)
{
    count = std::min(count, int(m_events.size()));
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    for (auto it = m_events.begin(); it != m_events.begin() + count; ++it)
        m_payloadBytes -= it->payload.size();
    m_shortUpTo -= std::min(m_shortUpTo, std::size_t(count));
    m_events.erase(m_events.begin(), m_events.begin() + count);
    endRemoveRows();
}

void LogModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_payloadBytes = 0;
    m_shortUpTo = 0;
    endResetModel();
}

void LogModel::setCapacity(int rows)
{
    m_capacity = std::max(1, rows);
    if (int(m_events.size()) > m_capacity)
        dropOldest(int(m_events.size()) - m_capacity);
}

void LogModel::setCurrentRun(qint64 run)
{
    m_currentRun = run;
    if (!m_events.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QString LogModel::runLabel(const ServerEvent &event) const
{
    if (!isEarlierRun(event))
        return {};
    if (event.run == 0)
        return tr("earlier run");
    return tr("earlier run, started %1")
        .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(event.run), QLocale::ShortFormat));
}

void LogModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_events.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::DisplayRole});
}

LogFilterModel::LogFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{ }

void LogFilterModel::setSearchText(const QString &text)
{
    m_search = text;
    invalidateFilter();
}

void LogFilterModel::setDirection(int direction)
{
    m_direction = direction;
    invalidateFilter();
}

void LogFilterModel::setKind(const QString &kind)
{
    m_kind = kind;
    invalidateFilter();
}

void LogFilterModel::setConnection(quint64 id, qint64 run)
{
    m_connection = id;
    m_run = run;
    invalidateFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_search.isEmpty() && m_direction < 0 && m_kind.isEmpty() && m_connection == 0)
        return true;
    const auto *log = static_cast<const LogModel *>(sourceModel());
    const ServerEvent &e = log->event(sourceRow);
    if (m_connection != 0 && (e.connectionId != m_connection || (m_run != 0 && e.run != m_run)))
        return false;
    if (m_direction >= 0 && int(LogModel::directionOf(e)) != m_direction)
        return false;
    if (!m_kind.isEmpty() && LogModel::kindOf(e) != m_kind)
        return false;
    if (!m_search.isEmpty() && !log->describe(e, 4096).contains(m_search, Qt::CaseInsensitive))
        return false;
    return true;
}

} // namespace Duplex

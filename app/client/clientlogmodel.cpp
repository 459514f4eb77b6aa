#include "clientlogmodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QPalette>

namespace Duplex {

namespace {
constexpr qsizetype LineChars = 300; // a row shows the start of a long message; the inspector shows all of it
} // namespace

ClientLogModel::ClientLogModel(QObject *parent) : QAbstractListModel(parent)
{ }

int ClientLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_frames.size());
}

QVariant ClientLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_frames.size()))
        return {};
    const ClientFrame &f = m_frames.at(size_t(index.row()));
    switch (role) {
    case Qt::DisplayRole:
        return line(f);
    case Qt::ForegroundRole:
        if (f.kind == ClientFrame::Kind::Error)
            return QBrush(QColor(0xc0, 0x1c, 0x28));
        if (f.direction == ClientFrame::Direction::System)
            return QBrush(QPalette().color(QPalette::PlaceholderText));
        return {};
    case FrameRole:
        return QVariant::fromValue(f);
    default:
        return {};
    }
}

void ClientLogModel::append(const ClientFrame &frame)
{
    if (int(m_frames.size()) >= m_capacity) {
        beginRemoveRows({}, 0, 0);
        m_frames.pop_front();
        endRemoveRows();
    }
    const int row = int(m_frames.size());
    beginInsertRows({}, row, row);
    m_frames.push_back(frame);
    endInsertRows();
}

void ClientLogModel::clear()
{
    beginResetModel();
    m_frames.clear();
    endResetModel();
}

void ClientLogModel::setCapacity(int rows)
{
    m_capacity = std::max(rows, 1);
    const int excess = int(m_frames.size()) - m_capacity;
    if (excess > 0) {
        beginRemoveRows({}, 0, excess - 1);
        m_frames.erase(m_frames.begin(), m_frames.begin() + excess);
        endRemoveRows();
    }
}

QString ClientLogModel::body(const ClientFrame &frame, qsizetype limit)
{
    switch (frame.kind) {
    case ClientFrame::Kind::Text: {
        QString text = QString::fromUtf8(frame.payload.left(limit * 4));
        if (text.size() > limit)
            text = text.left(limit) + u'…';
        return text;
    }
    case ClientFrame::Kind::Binary: {
        QString hex = QString::fromLatin1(frame.payload.left(limit / 3 + 1).toHex(' '));
        if (frame.payload.size() > limit / 3 + 1)
            hex += u" …";
        return tr("[binary, %n byte(s)] ", nullptr, int(frame.payload.size())) + hex;
    }
    case ClientFrame::Kind::Ping:
        return frame.payload.isEmpty() ? tr("ping") : tr("ping %1").arg(QString::fromUtf8(frame.payload));
    case ClientFrame::Kind::Pong:
        return frame.note.isEmpty() ? tr("pong") : tr("pong %1").arg(frame.note);
    case ClientFrame::Kind::Close:
        return frame.direction == ClientFrame::Direction::Out ? tr("close %1").arg(frame.note) : frame.note;
    default:
        return frame.note;
    }
}

QString ClientLogModel::line(const ClientFrame &frame)
{
    const QString time = QDateTime::fromMSecsSinceEpoch(frame.timestampMs).toString(QStringLiteral("HH:mm:ss.zzz"));
    const QChar arrow = frame.direction == ClientFrame::Direction::In ? u'<'
        : frame.direction == ClientFrame::Direction::Out              ? u'>'
                                                                      : u'*';
    QString text = body(frame, LineChars);
    // One row per frame: a multi-line message shows its line breaks as ⏎.
    text.replace(u'\n', QChar(0x23ce));
    text.remove(u'\r');
    // A compressed message's size on the wire first: the log's lines are cut at its right edge.
    if (frame.wireSize >= 0)
        text.prepend(tr("[deflate: %1 of %2 bytes]").arg(frame.wireSize).arg(frame.payload.size()) + u' ');
    return time + u' ' + arrow + u' ' + text;
}

QString ClientLogModel::copyText(const ClientFrame &frame)
{
    switch (frame.kind) {
    case ClientFrame::Kind::Text:
        return QString::fromUtf8(frame.payload);
    case ClientFrame::Kind::Binary:
        return QString::fromLatin1(frame.payload.toHex(' '));
    default:
        return body(frame, 1 << 20);
    }
}

} // namespace Duplex

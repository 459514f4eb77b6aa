#pragma once

#include "websocketclient.h"

#include <QAbstractListModel>

#include <deque>

namespace Duplex {

// A built-in client's frame log: the frames themselves (so a row can be inspected and copied), bounded.
class ClientLogModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientLogModel)

public:
    enum Role { FrameRole = Qt::UserRole + 1 };

    explicit ClientLogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    void append(const ClientFrame &frame);
    void clear();
    const ClientFrame &frame(int row) const { return m_frames.at(size_t(row)); }
    int capacity() const { return m_capacity; }
    void setCapacity(int rows);

    // One line: time, direction marker, and the message (binary as hex), shortened for the list.
    static QString line(const ClientFrame &frame);
    // What "Copy" puts on the clipboard: a text message as it is, binary as hex, other lines as shown.
    static QString copyText(const ClientFrame &frame);
    // The body without time and marker, whole (the inspector's Text tab).
    static QString body(const ClientFrame &frame, qsizetype limit);

private:
    std::deque<ClientFrame> m_frames;
    int m_capacity = 5000;
};

} // namespace Duplex

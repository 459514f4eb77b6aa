#pragma once

#include "serverevent.h"

#include <QByteArray>
#include <QList>

namespace Duplex {

// The message log's storage format: events in blocks, one SQLite row per block (HistoryStore). Format 2: a marker
// (0xffffffff, never an event count: format 1 began with the count), the format, the count, then per event its run,
// time, type, connection, opcode, fin, size, the first `payloadLimit` bytes of its payload, close code, text and
// path, each as QDataStream (Qt 6.4, big-endian) writes them.
class LogBlock
{
public:
    explicit LogBlock(qsizetype payloadLimit);

    // Encodes the event at once, by hand (a QDataStream through a QBuffer cost a virtual write per field).
    void append(const ServerEvent &event);
    qsizetype count() const { return m_count; }
    // A finished block: what its row holds.
    struct Sealed
    {
        qint64 firstTime = 0;
        qint64 lastTime = 0;
        qsizetype count = 0;
        QByteArray data;
    };
    // The block as it is; the builder starts a new, empty one.
    Sealed take();

    // Reads a block of format 1 or 2, leaving out its first `skip` events; empty if written by a newer Duplex.
    static QList<ServerEvent> decode(const QByteArray &data, qsizetype skip = 0);

private:
    void start();

    qsizetype m_payloadLimit;
    QByteArray m_data;
    qsizetype m_count = 0;
    qint64 m_firstTime = 0;
    qint64 m_lastTime = 0;
};

} // namespace Duplex

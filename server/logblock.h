#pragma once

#include "serverevent.h"

#include <QByteArray>
#include <QList>

namespace Duplex {

// The message log's storage format: events in blocks, one SQLite row per block (HistoryStore). Format 2: a marker
// (0xffffffff, never an event count: format 1 began with the count), the format, the count, then per event its run,
// time, type, connection, opcode, fin, size, the first `payloadLimit` bytes of its payload, close code, text and
// path, each as QDataStream (Qt 6.4, big-endian) writes them. Format 3: the same marker, 3, the count, then format
// 2's events as qCompress() writes them (their size, big-endian, and a zlib stream at level 1). A block is stored in
// format 3 when that saves an eighth of it: a busy server's log repeats itself (one benchmark's blocks shrank 27x,
// and so did the disk writes), while payloads that do not compress (random binary, base64) stay as they are and are
// tried again only every 16th block, so that they cost little CPU.
class LogBlock
{
public:
    explicit LogBlock(qsizetype payloadLimit);

    // Encodes the event at once, by hand (a QDataStream through a QBuffer cost a virtual write per field).
    void append(const ServerEvent &event);
    qsizetype count() const { return m_count; }
    qsizetype bytes() const { return m_data.size(); } // encoded so far, before compression
    // A finished block: what its row holds.
    struct Sealed
    {
        qint64 firstTime = 0;
        qint64 lastTime = 0;
        qsizetype count = 0;
        QByteArray data;
    };
    // The block, compressed if that pays (format 3) or not (format 2); the builder starts a new, empty one.
    Sealed take();

    // Reads a block of format 1, 2 or 3, leaving out its first `skip` events; empty if written by a newer Duplex or
    // damaged (a compressed block that does not inflate, or claims more than MaxBlockBytes).
    static QList<ServerEvent> decode(const QByteArray &data, qsizetype skip = 0);

    // What a block may inflate to when read (HistoryStore closes a block at 256 KiB, or 2,048 events of a few KiB).
    static constexpr qsizetype MaxBlockBytes = 64 * 1024 * 1024;

private:
    void start();

    qsizetype m_payloadLimit;
    QByteArray m_data;
    int m_blocksUntilTry = 0; // blocks to store uncompressed before trying again
    qsizetype m_count = 0;
    qint64 m_firstTime = 0;
    qint64 m_lastTime = 0;
};

} // namespace Duplex

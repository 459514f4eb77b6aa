#include "logblock.h"

#include <QDataStream>
#include <QtEndian>

#include <cstring>

#include <zlib.h>

namespace Duplex {

namespace {

constexpr QDataStream::Version BlockFormat = QDataStream::Qt_6_4;
constexpr quint32 BlockMarker = 0xffffffffu;
constexpr quint32 NullMarker = 0xffffffffu; // QDataStream's length of a null QByteArray or QString
constexpr qsizetype CountOffset = 8; // after the marker and the format
constexpr qsizetype HeaderSize = 12; // the marker, the format and the count
constexpr int CompressionLevel = 1; // 450 MB/s on a benchmark's blocks, 0.4 ms for one; level 6 saved 10 % more in 3x
constexpr int BlocksBetweenTries = 15;
constexpr qsizetype MinEventBytes = 51; // format 2, every field empty or null

// Writes at `at` and moves it on; the caller has made room (Writer).
class Writer
{
public:
    Writer(QByteArray &out, qsizetype most) : m_out(out), m_start(out.size())
    {
        if (out.capacity() < m_start + most)
            out.reserve(std::max(m_start + most, out.capacity() * 2));
        out.resize(m_start + most);
        m_at = out.data() + m_start;
    }
    ~Writer() { m_out.resize(m_at - m_out.constData()); }
    Q_DISABLE_COPY_MOVE(Writer)

    template<typename T> void put(T value)
    {
        qToBigEndian(value, m_at);
        m_at += sizeof(T);
    }
    void putBytes(const char *data, qsizetype size)
    {
        put(quint32(size));
        std::memcpy(m_at, data, std::size_t(size));
        m_at += size;
    }
    void putString(const QString &text)
    {
        if (text.isNull()) {
            put(NullMarker);
            return;
        }
        put(quint32(text.size() * 2));
        qToBigEndian<char16_t>(text.utf16(), text.size(), m_at);
        m_at += text.size() * 2;
    }

private:
    QByteArray &m_out;
    qsizetype m_start;
    char *m_at;
};

// A format 3 block inflated into format 2 (its header, then its events), or empty if it does not inflate to exactly
// the size it gives (at most MaxBlockBytes): zlib writes into a buffer of that size and no further.
QByteArray inflate(const QByteArray &data)
{
    const quint32 size = qFromBigEndian<quint32>(data.constData() + HeaderSize); // as qCompress() writes it
    if (size > quint32(LogBlock::MaxBlockBytes))
        return {};
    QByteArray out(HeaderSize + qsizetype(size), Qt::Uninitialized);
    std::memcpy(out.data(), data.constData(), HeaderSize);
    qToBigEndian(quint32(2), out.data() + 4);
    z_stream stream {};
    if (inflateInit(&stream) != Z_OK)
        return {};
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData() + HeaderSize + 4));
    stream.avail_in = uInt(data.size() - HeaderSize - 4);
    stream.next_out = reinterpret_cast<Bytef *>(out.data() + HeaderSize);
    stream.avail_out = uInt(size);
    const int result = ::inflate(&stream, Z_FINISH);
    const bool whole = result == Z_STREAM_END && stream.avail_out == 0;
    inflateEnd(&stream);
    return whole ? out : QByteArray();
}

} // namespace

LogBlock::LogBlock(qsizetype payloadLimit) : m_payloadLimit(payloadLimit)
{
    start();
}

void LogBlock::start()
{
    m_data.clear();
    Writer out(m_data, 12);
    out.put(BlockMarker);
    out.put(quint32(2));
    out.put(quint32(0)); // the count, written by take()
    m_count = 0;
}

void LogBlock::append(const ServerEvent &e)
{
    if (m_count == 0) {
        m_firstTime = m_lastTime = e.timestampMs;
    } else {
        m_firstTime = std::min(m_firstTime, e.timestampMs);
        m_lastTime = std::max(m_lastTime, e.timestampMs);
    }
    const qsizetype payload = std::min(e.payload.size(), m_payloadLimit);
    Writer out(m_data, 8 + 8 + 1 + 8 + 1 + 1 + 8 + 4 + payload + 4 + 4 + e.text.size() * 2 + 4 + e.path.size() * 2);
    out.put(qint64(e.run));
    out.put(qint64(e.timestampMs));
    out.put(qint8(e.type));
    out.put(quint64(e.connectionId));
    out.put(qint8(e.opcode));
    out.put(qint8(e.fin ? 1 : 0));
    out.put(qint64(e.size));
    out.putBytes(e.payload.constData(), payload);
    out.put(qint32(e.closeCode));
    out.putString(e.text);
    out.putString(e.path);
    ++m_count;
}

LogBlock::Sealed LogBlock::take()
{
    qToBigEndian(quint32(m_count), m_data.data() + CountOffset);
    Sealed sealed {m_firstTime, m_lastTime, m_count, {}};
    const qsizetype body = m_data.size() - HeaderSize;
    if (m_blocksUntilTry > 0) {
        --m_blocksUntilTry;
    } else if (body > 0) {
        QByteArray compressed
            = qCompress(reinterpret_cast<const uchar *>(m_data.constData() + HeaderSize), body, CompressionLevel);
        if (!compressed.isEmpty() && compressed.size() <= body - body / 8) {
            sealed.data.reserve(HeaderSize + compressed.size());
            sealed.data.append(m_data.constData(), HeaderSize);
            qToBigEndian(quint32(3), sealed.data.data() + 4);
            sealed.data.append(compressed);
        } else {
            m_blocksUntilTry = BlocksBetweenTries;
        }
    }
    if (sealed.data.isEmpty())
        sealed.data = std::exchange(m_data, {});
    start();
    return sealed;
}

QList<ServerEvent> LogBlock::decode(const QByteArray &data, qsizetype skip)
{
    QByteArray inflated; // format 3: format 2's header and its events, inflated
    if (data.size() >= HeaderSize + 4 && qFromBigEndian<quint32>(data.constData()) == BlockMarker
        && qFromBigEndian<quint32>(data.constData() + 4) == 3) {
        inflated = inflate(data);
        if (inflated.isEmpty())
            return {}; // damaged
    }
    QDataStream in(inflated.isNull() ? data : inflated);
    in.setVersion(BlockFormat);
    quint32 count = 0;
    in >> count;
    const bool withRuns = count == BlockMarker;
    if (withRuns) {
        quint32 format = 0;
        in >> format >> count;
        if (format != 2)
            return {}; // written by a newer Duplex
    }
    QList<ServerEvent> events;
    // The count is the block's word: room for no more events than its bytes can hold.
    const qsizetype encoded = (inflated.isNull() ? data : inflated).size();
    events.reserve(std::max<qsizetype>(0, std::min<qsizetype>(count, encoded / MinEventBytes) - skip));
    for (quint32 i = 0; i < count; ++i) {
        ServerEvent e;
        qint64 time = 0, size = 0;
        qint8 type = 0, opcode = 0;
        quint64 connection = 0;
        qint32 closeCode = 0;
        qint64 run = 0; // format 1: an earlier run, unknown which
        if (withRuns)
            in >> run;
        in >> time >> type >> connection >> opcode >> e.fin >> size >> e.payload >> closeCode >> e.text >> e.path;
        if (in.status() != QDataStream::Ok)
            break; // the block ends before its count says: what was there is read
        if (qsizetype(i) < skip)
            continue;
        e.run = run;
        e.timestampMs = time;
        e.type = ServerEvent::Type(type);
        e.connectionId = connection;
        e.opcode = ServerEvent::Opcode(opcode);
        e.size = size;
        e.closeCode = closeCode;
        events.append(std::move(e));
    }
    return events;
}

} // namespace Duplex

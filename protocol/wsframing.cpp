#include "wsframing.h"

#include "permessagedeflate.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QStringDecoder>
#include <QStringEncoder>
#include <QtEndian>

#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace Duplex::WsFraming {

namespace {

// Messages and frames larger than this are refused whatever the limits say (QByteArray's practical ceiling).
constexpr qint64 HardMaxSize = qint64(2) * 1024 * 1024 * 1024 - 64;
// At most this much is reserved for a frame announced but not come yet (a header alone must not claim 16 MiB).
constexpr qsizetype MaxReservedFrame = 1024 * 1024 + 14; // 1 MiB of payload and the longest header
constexpr qsizetype SpareFrameFrom = 16 * 1024; // smaller frame buffers are just freed
constexpr QStringConverter::Flags Exact = QStringConverter::Flag::Stateless | QStringConverter::Flag::ConvertInitialBom;

void unmask(char *p, qsizetype n, const char *mask)
{
    quint32 m32;
    std::memcpy(&m32, mask, 4);
    const quint64 m64 = (quint64(m32) << 32) | m32;
    qsizetype i = 0;
#ifdef __SSE2__
    // 64 bytes a step (x86-64 always has SSE2): a 64 KiB payload in a thousand steps.
    const __m128i m128 = _mm_set1_epi32(int(m32));
    for (; i + 64 <= n; i += 64) {
        auto *v = reinterpret_cast<__m128i *>(p + i);
        _mm_storeu_si128(v, _mm_xor_si128(_mm_loadu_si128(v), m128));
        _mm_storeu_si128(v + 1, _mm_xor_si128(_mm_loadu_si128(v + 1), m128));
        _mm_storeu_si128(v + 2, _mm_xor_si128(_mm_loadu_si128(v + 2), m128));
        _mm_storeu_si128(v + 3, _mm_xor_si128(_mm_loadu_si128(v + 3), m128));
    }
#endif
    for (; i + 8 <= n; i += 8) {
        quint64 v;
        std::memcpy(&v, p + i, 8);
        v ^= m64;
        std::memcpy(p + i, &v, 8);
    }
    for (; i < n; ++i)
        p[i] = char(p[i] ^ mask[i & 3]);
}

// Writes the header of an unmasked frame of `length` bytes at `out`; returns its size (2, 4 or 10).
int writeHeader(char *out, Opcode opcode, quint64 length, bool compressed = false)
{
    out[0] = char(0x80 | (compressed ? 0x40 : 0) | opcode);
    if (length < 126) {
        out[1] = char(length);
        return 2;
    }
    if (length <= 0xffff) {
        out[1] = char(126);
        qToBigEndian(quint16(length), out + 2);
        return 4;
    }
    out[1] = char(127);
    qToBigEndian(length, out + 2);
    return 10;
}

bool decodeUtf8(QByteArrayView bytes, QString &text)
{
    QStringDecoder decoder(QStringConverter::Utf8, Exact);
    text = decoder.decode(bytes);
    return !decoder.hasError();
}

} // namespace

QByteArray acceptKey(QByteArrayView key)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(key);
    sha1.addData(QByteArrayView("258EAFA5-E914-47DA-95CA-C5AB0DC85B11"));
    return sha1.result().toBase64();
}

void appendFrame(QByteArray &out, Opcode opcode, QByteArrayView payload, bool compressed)
{
    char header[10];
    out.append(header, writeHeader(header, opcode, quint64(payload.size()), compressed));
    out.append(payload);
}

void appendMaskedFrame(QByteArray &out, Opcode opcode, QByteArrayView payload, quint32 mask, bool compressed)
{
    char header[14];
    int size = writeHeader(header, opcode, quint64(payload.size()), compressed);
    header[1] = char(header[1] | 0x80);
    std::memcpy(header + size, &mask, 4);
    size += 4;
    const qsizetype start = out.size();
    out.append(header, size);
    out.append(payload);
    unmask(out.data() + start + size, payload.size(), header + size - 4); // XOR both ways
}

void appendTextFrame(QByteArray &out, QStringView text)
{
    // Encode behind room for the longest header, then close the gap to the header the length needs.
    QStringEncoder encoder(QStringConverter::Utf8, Exact);
    const qsizetype start = out.size();
    out.resize(start + 10 + encoder.requiredSpace(text.size()));
    char *payload = out.data() + start + 10;
    const qsizetype length = encoder.appendToBuffer(payload, text) - payload;
    char header[10];
    const int headerSize = writeHeader(header, Text, quint64(length));
    char *frame = out.data() + start;
    if (headerSize != 10)
        std::memmove(frame + headerSize, payload, std::size_t(length));
    std::memcpy(frame, header, std::size_t(headerSize));
    out.resize(start + headerSize + length);
}

QByteArray closePayload(int code, const QString &reason)
{
    QByteArray payload(2, Qt::Uninitialized);
    qToBigEndian(quint16(code), payload.data());
    QByteArray utf8 = reason.toUtf8();
    if (utf8.size() > 123) {
        qsizetype cut = 123;
        while (cut > 0 && (quint8(utf8.at(cut)) & 0xc0) == 0x80) // do not split a character
            --cut;
        utf8.truncate(cut);
    }
    return payload + utf8;
}

bool FrameParser::isValidCloseCode(int code)
{
    // RFC 6455 7.4 and the IANA registry: 1004, 1005, 1006 and 1015 are never sent; 1015–2999 are unassigned.
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

void FrameParser::setLimits(qint64 maxMessageSize, qint64 maxFrameSize)
{
    m_maxMessageSize = maxMessageSize > 0 ? std::min(maxMessageSize, HardMaxSize) : HardMaxSize;
    m_maxFrameSize = maxFrameSize > 0 ? std::min(maxFrameSize, HardMaxSize) : HardMaxSize;
}

bool FrameParser::feed(char *data, qsizetype size)
{
    if (m_failed)
        return false;
    if (m_partial.isEmpty())
        return parse(data, size, false);
    m_partial.append(data, size);
    return parse(m_partial.data(), m_partial.size(), true);
}

char *FrameParser::readSpace(qsizetype &room)
{
    if (m_failed || m_partial.isEmpty())
        return nullptr;
    room = m_partial.capacity() - m_partial.size();
    return room > 0 ? m_partial.data() + m_partial.size() : nullptr;
}

bool FrameParser::feedReadSpace(qsizetype size)
{
    if (m_failed)
        return false;
    m_partial.resize(m_partial.size() + size); // within its capacity: the bytes read are kept as they are
    return parse(m_partial.data(), m_partial.size(), true);
}

namespace {

// One large frame buffer kept per thread between frames, so that a stream of large messages does not allocate
// (and fault in) a fresh one for each.
QByteArray &spareFrameBuffer()
{
    thread_local QByteArray spare;
    return spare;
}

} // namespace

bool FrameParser::parse(char *p, qsizetype n, bool held)
{
    qsizetype used = 0;
    bool more = true;
    while (used < n) {
        const qsizetype length = frame(p + used, n - used);
        if (length == 0)
            break;
        if (length < 0) {
            more = false;
            break;
        }
        used += length;
    }
    if (m_failed || !more) {
        m_failed = true; // stopped for good: what follows a close frame, or a stop, is not read
        m_partial.clear();
        m_message.clear();
        return false;
    }
    if (held && used == n) {
        // Let go of the memory a large frame needed, into the thread's spare if it is the larger one.
        QByteArray &spare = spareFrameBuffer();
        if (m_partial.capacity() > SpareFrameFrom && m_partial.capacity() > spare.capacity()) {
            m_partial.resize(0);
            spare.swap(m_partial);
        }
        m_partial.clear();
    } else if (held) {
        if (used == 0) {
            // Still incomplete; once its header is in, make room for the whole frame (see below).
            if (m_incompleteFrame > m_partial.capacity())
                m_partial.reserve(std::min(m_incompleteFrame, std::max(MaxReservedFrame, m_partial.size())));
            m_incompleteFrame = 0;
            return true;
        }
        // Moved to the front by hand: QByteArray::remove() would leave free space before the data, which its
        // capacity() still counts, and readSpace() must not hand out more room than there is after it.
        std::memmove(m_partial.data(), m_partial.constData() + used, std::size_t(n - used));
        m_partial.resize(n - used);
    } else if (used < n) {
        // Room for the whole frame at once when its length is known: the rest of a large frame then comes in
        // without the buffer growing (and copying) step by step, read straight into it (readSpace()).
        const qsizetype room = std::max(n - used, std::min(m_incompleteFrame, MaxReservedFrame));
        if (room > SpareFrameFrom && spareFrameBuffer().capacity() >= room)
            m_partial.swap(spareFrameBuffer());
        else
            m_partial.reserve(room);
        m_partial.append(p + used, n - used);
    }
    m_incompleteFrame = 0;
    return true;
}

qsizetype FrameParser::fail(int code, const QString &reason)
{
    m_failed = true;
    m_partial.clear();
    m_message.clear();
    m_sink.fail(code, reason);
    return -1;
}

qsizetype FrameParser::frame(char *p, qsizetype n)
{
    if (n < 2)
        return 0;
    const auto b0 = quint8(p[0]);
    const auto b1 = quint8(p[1]);
    const bool fin = b0 & 0x80;
    const quint8 opcode = b0 & 0x0f;
    const bool compressed = b0 & 0x40;
    if ((b0 & 0x30) || (compressed && !m_inflater))
        return fail(1002, tr("reserved bits set without an extension that defines them"));
    if (opcode > Binary && opcode != Close && opcode != Ping && opcode != Pong)
        return fail(1002, tr("reserved opcode %1").arg(opcode));
    const bool control = opcode & 0x8;
    // RFC 7692 6.1: RSV1 marks a compressed message on its first frame, never a control or continuation frame.
    if (compressed && control)
        return fail(1002, tr("compressed control frame"));
    if (compressed && opcode == Continuation)
        return fail(1002, tr("compression bit on a continuation frame"));
    quint64 length = b1 & 0x7f;
    if (control && !fin)
        return fail(1002, tr("fragmented control frame"));
    if (control && length > 125)
        return fail(1002, tr("control frame over 125 bytes"));
    qsizetype header = 2;
    if (length == 126) {
        if (n < 4)
            return 0;
        length = qFromBigEndian<quint16>(p + 2);
        if (length < 126)
            return fail(1002, tr("frame length not in its shortest form"));
        header = 4;
    } else if (length == 127) {
        if (n < 10)
            return 0;
        length = qFromBigEndian<quint64>(p + 2);
        if (length >> 63)
            return fail(1002, tr("64-bit frame length with the top bit set"));
        if (length <= 0xffff)
            return fail(1002, tr("frame length not in its shortest form"));
        header = 10;
    }
    const bool masked = b1 & 0x80;
    if (masked == m_serverFrames) // RFC 6455 5.1: clients mask every frame, servers none
        return fail(1002, masked ? tr("masked server frame") : tr("unmasked client frame"));
    if (masked)
        header += 4;
    if (!control) {
        if (opcode == Continuation && m_messageOpcode == 0)
            return fail(1002, tr("continuation frame without a message to continue"));
        if (opcode != Continuation && m_messageOpcode != 0)
            return fail(1002, tr("new message inside a fragmented one"));
        if (length > quint64(m_maxFrameSize))
            return fail(1009, tr("frame of %1 bytes is over the limit of %2").arg(length).arg(m_maxFrameSize));
        if (quint64(m_message.size()) + length > quint64(m_maxMessageSize))
            return fail(1009,
                tr("message of %1 bytes or more is over the limit of %2")
                    .arg(quint64(m_message.size()) + length)
                    .arg(m_maxMessageSize));
    }
    if (n < header || quint64(n - header) < length) {
        m_incompleteFrame = header + qsizetype(length); // incomplete: the masking key or some payload is to come
        return 0;
    }
    char *payload = p + header;
    const auto size = qsizetype(length);
    if (masked)
        unmask(payload, size, p + header - 4);
    const QByteArrayView view(payload, size);
    const qsizetype total = header + size;

    switch (opcode) {
    case Ping:
        return m_sink.ping(view) ? total : -1;
    case Pong:
        return m_sink.pong(view) ? total : -1;
    case Close: {
        if (size == 1)
            return fail(1002, tr("close frame with a 1-byte payload"));
        int code = 1005;
        QString reason;
        if (size >= 2) {
            code = qFromBigEndian<quint16>(payload);
            if (!isValidCloseCode(code))
                return fail(1002, tr("invalid close code %1").arg(code));
            if (!decodeUtf8(view.sliced(2), reason))
                return fail(1007, tr("close reason is not valid UTF-8"));
        }
        m_sink.closeFrame(code, reason);
        return -1; // nothing after a close frame is read
    }
    default:
        break;
    }
    if (fin && opcode != Continuation)
        return deliver(opcode, view, compressed) ? total : -1;
    m_message.append(view);
    if (opcode != Continuation) {
        m_messageOpcode = opcode;
        m_messageCompressed = compressed;
    }
    if (!fin)
        return total;
    const QByteArray message = std::exchange(m_message, {});
    return deliver(std::exchange(m_messageOpcode, 0), message, std::exchange(m_messageCompressed, false)) ? total : -1;
}

bool FrameParser::deliver(quint8 opcode, QByteArrayView payload, bool compressed)
{
    m_lastWireSize = compressed ? payload.size() : -1;
    if (compressed) {
        // Inflated into a buffer of the thread's, bounded by the message limit while it inflates.
        thread_local QByteArray inflated;
        switch (m_inflater->inflate(payload, m_maxMessageSize, inflated)) {
        case PerMessageDeflate::Inflater::Result::Ok:
            break;
        case PerMessageDeflate::Inflater::Result::TooBig:
            inflated = QByteArray(); // let go of the limit's worth of memory
            fail(1009, m_inflater->error());
            return false;
        case PerMessageDeflate::Inflater::Result::Corrupt:
            fail(1007, tr("compressed message cannot be inflated: %1").arg(m_inflater->error()));
            return false;
        }
        payload = inflated;
        if (inflated.capacity() > 256 * 1024) {
            const QByteArray large = std::exchange(inflated, QByteArray()); // kept only while it is delivered
            return deliverInflated(opcode, large);
        }
    }
    return deliverInflated(opcode, payload);
}

bool FrameParser::deliverInflated(quint8 opcode, QByteArrayView payload)
{
    if (opcode == Binary)
        return m_sink.binaryMessage(payload);
    if (!isValidUtf8(payload)) {
        fail(1007, tr("text message is not valid UTF-8"));
        return false;
    }
    return m_sink.textMessage(TextMessage(payload));
}

} // namespace Duplex::WsFraming

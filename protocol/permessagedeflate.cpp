#include "permessagedeflate.h"

#include <QCoreApplication>
#include <QList>

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace Duplex::PerMessageDeflate {

namespace {

std::atomic<int> g_clientContexts {0};
std::atomic<int> g_serverContexts {0};
// The server's own context: 2^11-byte window, memLevel 3 (zlib: 2^(11+2) + 2^(3+9) bytes + ~6 KiB of state).
constexpr int ContextWindowBits = 11;
constexpr int ContextMemLevel = 3;
constexpr uchar SyncTail[4] = {0x00, 0x00, 0xff, 0xff}; // RFC 7692 7.2.1: removed by the sender, added back here

// A parameter's value: a token or a quoted string (RFC 7692 5.1 wants a bare token once unquoted).
QByteArray unquote(QByteArray value)
{
    value = value.trimmed();
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
        value = value.sliced(1, value.size() - 2);
    return value;
}

// 8 to 15 in decimal without leading zeros (RFC 7692 7.1.2.1); 0 when not.
int windowBits(const QByteArray &value)
{
    if (value.size() == 1 && value.at(0) >= '8' && value.at(0) <= '9')
        return value.at(0) - '0';
    if (value.size() == 2 && value.at(0) == '1' && value.at(1) >= '0' && value.at(1) <= '5')
        return 10 + value.at(1) - '0';
    return 0;
}

// Compresses `payload` into `out` (appended) and ends it with a sync flush whose 00 00 ff ff tail is removed
// (RFC 7692 7.2.1); false, with `out` as it was, if zlib fails.
bool deflateWithSyncFlush(z_stream &z, QByteArrayView payload, QByteArray &out)
{
    const qsizetype start = out.size();
    out.resize(start + qsizetype(::deflateBound(&z, uLong(payload.size()))) + 16);
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(payload.data()));
    z.avail_in = uInt(payload.size());
    z.next_out = reinterpret_cast<Bytef *>(out.data() + start);
    z.avail_out = uInt(out.size() - start);
    const int status = ::deflate(&z, Z_SYNC_FLUSH);
    const qsizetype written = out.size() - start - qsizetype(z.avail_out);
    if (status != Z_OK || z.avail_in != 0 || written < 4
        || std::memcmp(out.constData() + start + written - 4, SyncTail, 4) != 0) {
        out.resize(start);
        return false;
    }
    out.resize(start + written - 4);
    return true;
}

// Splits on `separator` outside quoted strings.
QList<QByteArray> split(QByteArrayView text, char separator)
{
    QList<QByteArray> parts;
    QByteArray current;
    bool quoted = false;
    for (const char c : text) {
        if (c == '"')
            quoted = !quoted;
        if (c == separator && !quoted) {
            parts.append(current.trimmed());
            current.clear();
        } else {
            current.append(c);
        }
    }
    parts.append(current.trimmed());
    return parts;
}

std::optional<Agreement> accept(const QList<QByteArray> &params, bool refuseClientContext, bool refuseServerContext)
{
    Agreement agreement;
    agreement.clientNoContextTakeover = refuseClientContext;
    agreement.serverNoContextTakeover = refuseServerContext;
    QList<QByteArray> seen;
    for (qsizetype i = 1; i < params.size(); ++i) {
        const qsizetype eq = params.at(i).indexOf('=');
        const QByteArray name = params.at(i).first(eq < 0 ? params.at(i).size() : eq).trimmed().toLower();
        const bool hasValue = eq >= 0;
        const QByteArray value = hasValue ? unquote(params.at(i).sliced(eq + 1)) : QByteArray();
        if (seen.contains(name))
            return std::nullopt; // 5.1: a parameter twice declines the offer
        seen.append(name);
        if (name == "server_no_context_takeover" || name == "client_no_context_takeover") {
            if (hasValue)
                return std::nullopt;
            if (name == "client_no_context_takeover")
                agreement.clientNoContextTakeover = true; // a hint; the answer may carry it
            else
                agreement.serverNoContextTakeover = true; // the client asks: the answer must carry it
        } else if (name == "server_max_window_bits") {
            const int bits = windowBits(value);
            if (bits == 0 || bits == 8) // zlib's raw deflate has no 256-byte window
                return std::nullopt;
            agreement.serverMaxWindowBits = bits;
            agreement.serverMaxWindowBitsOffered = true;
        } else if (name == "client_max_window_bits") {
            if (hasValue && windowBits(value) == 0)
                return std::nullopt;
            // Answered with the client's own value (or 15): the inflater's window is 15 whatever the client uses.
            agreement.clientMaxWindowBits = hasValue ? windowBits(value) : 15;
        } else {
            return std::nullopt;
        }
    }
    return agreement;
}

} // namespace

QByteArray Agreement::responseValue() const
{
    QByteArray value = "permessage-deflate";
    if (serverNoContextTakeover)
        value += "; server_no_context_takeover";
    if (clientNoContextTakeover)
        value += "; client_no_context_takeover";
    // RFC 7692 7.1.2.1: an offer with server_max_window_bits is accepted by answering it (the same value or less);
    // Python's websockets refuses an answer without it.
    if (serverMaxWindowBits != 15 || serverMaxWindowBitsOffered)
        value += "; server_max_window_bits=" + QByteArray::number(serverMaxWindowBits);
    if (clientMaxWindowBits)
        value += "; client_max_window_bits=" + QByteArray::number(*clientMaxWindowBits);
    return value;
}

std::optional<Agreement> negotiate(QByteArrayView extensionsHeader, bool refuseClientContext, bool refuseServerContext)
{
    for (const QByteArray &offer : split(extensionsHeader, ',')) {
        const QList<QByteArray> params = split(offer, ';');
        if (params.first().toLower() != "permessage-deflate")
            continue;
        if (auto agreement = accept(params, refuseClientContext, refuseServerContext))
            return agreement;
    }
    return std::nullopt;
}

QByteArray clientOffer()
{
    return QByteArrayLiteral("permessage-deflate; client_max_window_bits");
}

std::optional<Agreement> acceptAnswer(QByteArrayView answer, QString &error)
{
    const QString quoted = QString::fromLatin1(answer);
    const auto refuse = [&error](const QString &why) -> std::optional<Agreement> {
        error = why;
        return std::nullopt;
    };
    error.clear();
    if (answer.trimmed().isEmpty())
        return std::nullopt;
    const QList<QByteArray> extensions = split(answer, ',');
    if (extensions.size() != 1)
        return refuse(QCoreApplication::translate(
            "Duplex::PerMessageDeflate", "the server's extension answer \"%1\" accepts more than was offered")
                          .arg(quoted));
    const QList<QByteArray> params = split(extensions.first(), ';');
    if (params.first().toLower() != "permessage-deflate")
        return refuse(QCoreApplication::translate(
            "Duplex::PerMessageDeflate", "the server's extension answer \"%1\" names an extension not offered")
                          .arg(quoted));
    Agreement agreement;
    QList<QByteArray> seen;
    for (qsizetype i = 1; i < params.size(); ++i) {
        const qsizetype eq = params.at(i).indexOf('=');
        const QByteArray name = params.at(i).first(eq < 0 ? params.at(i).size() : eq).trimmed().toLower();
        const bool hasValue = eq >= 0;
        const int bits = hasValue ? windowBits(unquote(params.at(i).sliced(eq + 1))) : 0;
        if (seen.contains(name))
            return refuse(QCoreApplication::translate(
                "Duplex::PerMessageDeflate", "the server's extension answer \"%1\" repeats %2")
                              .arg(quoted, QString::fromLatin1(name)));
        seen.append(name);
        if ((name == "server_no_context_takeover" || name == "client_no_context_takeover") && !hasValue) {
            (name == "server_no_context_takeover" ? agreement.serverNoContextTakeover
                                                  : agreement.clientNoContextTakeover)
                = true;
        } else if (name == "server_max_window_bits" && bits != 0) {
            agreement.serverMaxWindowBits = bits; // the inflater's 32 KiB window reads any smaller one
            agreement.serverMaxWindowBitsOffered = true;
        } else if (name == "client_max_window_bits" && bits != 0) {
            agreement.clientMaxWindowBits = bits; // offered without a value: any window is allowed
        } else {
            return refuse(QCoreApplication::translate(
                "Duplex::PerMessageDeflate", "the server's extension answer \"%1\" has an invalid parameter %2")
                              .arg(quoted, QString::fromLatin1(params.at(i))));
        }
    }
    return agreement;
}

int clientContexts()
{
    return g_clientContexts.load(std::memory_order_relaxed);
}

int serverContexts()
{
    return g_serverContexts.load(std::memory_order_relaxed);
}

struct Deflater::Stream
{
    z_stream z {};
    bool ready = false;
    int windowBits = ContextWindowBits;
};

Deflater::Deflater(int maxWindowBits, bool counted) : m_stream(std::make_unique<Stream>()), m_counted(counted)
{
    m_stream->windowBits = std::clamp(maxWindowBits, 9, ContextWindowBits); // zlib's raw deflate has no 2^8 window
    if (m_counted)
        g_serverContexts.fetch_add(1, std::memory_order_relaxed);
}

Deflater::~Deflater()
{
    if (m_stream->ready)
        ::deflateEnd(&m_stream->z);
    if (m_counted)
        g_serverContexts.fetch_sub(1, std::memory_order_relaxed);
}

qsizetype Deflater::heldBytes() const
{
    return m_stream->ready ? (1 << (m_stream->windowBits + 2)) + (1 << (ContextMemLevel + 9)) + 6 * 1024 : 0;
}

bool Deflater::compress(QByteArrayView payload, QByteArray &out)
{
    z_stream &z = m_stream->z;
    if (!m_stream->ready) {
        // Never a larger window than the client allowed (server_max_window_bits): its inflater may have no more.
        if (::deflateInit2(&z, 1, Z_DEFLATED, -m_stream->windowBits, ContextMemLevel, Z_DEFAULT_STRATEGY) != Z_OK)
            return false;
        m_stream->ready = true;
    }
    return deflateWithSyncFlush(z, payload, out);
}

struct Inflater::Stream
{
    z_stream z {};
    bool ready = false;
};

Inflater::Inflater(bool noContextTakeover, bool counted)
    : m_stream(std::make_unique<Stream>()), m_noContextTakeover(noContextTakeover), m_countable(counted)
{ }

Inflater::~Inflater()
{
    if (m_stream->ready)
        ::inflateEnd(&m_stream->z);
    if (m_counted)
        g_clientContexts.fetch_sub(1, std::memory_order_relaxed);
}

qsizetype Inflater::heldBytes() const
{
    // zlib's inflate state is about 7 KiB; its window 32 KiB, allocated at the first output.
    return m_stream->ready ? 7 * 1024 + 32 * 1024 : 0;
}

Inflater::Result Inflater::inflate(QByteArrayView compressed, qint64 limit, QByteArray &out)
{
    z_stream &z = m_stream->z;
    if (!m_stream->ready) {
        if (::inflateInit2(&z, -15) != Z_OK) {
            m_error = tr("out of memory for the inflater");
            return Result::Corrupt;
        }
        m_stream->ready = true;
        if (!m_noContextTakeover && m_countable && !m_counted) {
            m_counted = true;
            g_clientContexts.fetch_add(1, std::memory_order_relaxed);
        }
    }
    out.clear();
    qint64 produced = 0;
    bool ended = false;
    const auto run = [&](const uchar *data, uInt size) {
        z.next_in = const_cast<uchar *>(data);
        z.avail_in = size;
        while (!ended) {
            if (produced == out.size()) {
                if (produced > limit)
                    return Result::TooBig;
                // Grow by what the input suggests, never past one byte over the limit.
                const qint64 step = std::max<qint64>(16 * 1024, qint64(compressed.size()) * 4);
                out.resize(qsizetype(std::min(produced + step, limit + 1)));
            }
            z.next_out = reinterpret_cast<uchar *>(out.data() + produced);
            z.avail_out = uInt(out.size() - produced);
            const int status = ::inflate(&z, Z_SYNC_FLUSH);
            produced = out.size() - z.avail_out;
            if (produced > limit)
                return Result::TooBig;
            if (status == Z_STREAM_END) {
                ended = true; // a final block: the client's next message starts a new stream
                break;
            }
            if (status == Z_BUF_ERROR || (status == Z_OK && z.avail_in == 0 && z.avail_out > 0))
                break; // all input used
            if (status != Z_OK) {
                m_error = z.msg ? QString::fromLatin1(z.msg) : tr("zlib error %1").arg(status);
                return Result::Corrupt;
            }
        }
        return Result::Ok;
    };
    Result result = run(reinterpret_cast<const uchar *>(compressed.data()), uInt(compressed.size()));
    if (result == Result::Ok && !ended)
        result = run(SyncTail, sizeof SyncTail);
    out.resize(qsizetype(std::min(produced, qint64(out.size()))));
    if (result == Result::TooBig)
        m_error = tr("the message inflates past the limit of %1 bytes").arg(limit);
    if (result != Result::Ok || m_noContextTakeover || ended) {
        if (result != Result::Ok || m_noContextTakeover) {
            ::inflateEnd(&z); // nothing kept between messages
            z = z_stream {};
            m_stream->ready = false;
        } else {
            ::inflateReset(&z);
        }
    }
    return result;
}

namespace {

// One raw-deflate compressor per window size, message size class and thread, reset before every message. A reset
// clears the hash table (2^(memLevel + 8) bytes): small messages use a small one, or the reset costs more than the
// compression (memLevel 8 made a 250-byte echo cost 2.5 times the server CPU of an uncompressed one).
class Compressor
{
public:
    Compressor(int bits, int memLevel)
    {
        m_ok = ::deflateInit2(&m_z, 1, Z_DEFLATED, -bits, memLevel, Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~Compressor()
    {
        if (m_ok)
            ::deflateEnd(&m_z);
    }
    Q_DISABLE_COPY_MOVE(Compressor)

    bool compress(QByteArrayView in, QByteArray &out)
    {
        if (!m_ok || ::deflateReset(&m_z) != Z_OK)
            return false;
        return deflateWithSyncFlush(m_z, in, out);
    }

private:
    z_stream m_z {};
    bool m_ok = false;
};

} // namespace

bool deflateMessage(QByteArrayView payload, int windowBits, QByteArray &out)
{
    thread_local std::unique_ptr<Compressor> compressors[16][2];
    const int bits = std::clamp(windowBits, 9, 15);
    const bool large = payload.size() > 16 * 1024;
    std::unique_ptr<Compressor> &compressor = compressors[bits][large];
    if (!compressor)
        compressor = std::make_unique<Compressor>(bits, large ? 8 : 2);
    const qsizetype start = out.size();
    if (!compressor->compress(payload, out))
        return false;
    if (out.size() - start >= payload.size()) {
        out.resize(start);
        return false;
    }
    return true;
}

} // namespace Duplex::PerMessageDeflate

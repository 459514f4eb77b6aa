#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <memory>
#include <optional>

namespace Duplex::PerMessageDeflate {

// What a permessage-deflate negotiation agreed on (RFC 7692 7.1).
struct Agreement
{
    // The server compresses each message on its own (a compressor per thread, none per connection): when the
    // client asks, or when many connections keep a server context already. Otherwise it keeps a small one.
    bool serverNoContextTakeover = false;
    // The client starts each message afresh: asked of it when many connections keep a context already.
    bool clientNoContextTakeover = false;
    int serverMaxWindowBits = 15; // the server's window: at most what the client offered
    bool serverMaxWindowBitsOffered = false; // then the answer must carry it
    std::optional<int> clientMaxWindowBits; // answered when the client offered the parameter
    QByteArray responseValue() const; // for Sec-WebSocket-Extensions
};

// Picks the first permessage-deflate offer in the Sec-WebSocket-Extensions value(s) this server can honour;
// nullopt when there is none (the connection goes on without compression). An offer with an unknown, repeated or
// invalid parameter is declined, as RFC 7692 5 asks; so is server_max_window_bits=8, which zlib cannot produce.
// refuseClientContext: answer client_no_context_takeover (the server keeps no inflate state between messages);
// refuseServerContext: answer server_no_context_takeover (the server keeps no deflate state between messages).
std::optional<Agreement> negotiate(
    QByteArrayView extensionsHeader, bool refuseClientContext = false, bool refuseServerContext = false);

// A client's side (RFC 7692 5 and 7.1): the offer it sends, "permessage-deflate; client_max_window_bits" (the
// client can keep to any window the server asks for).
QByteArray clientOffer();
// Checks the server's Sec-WebSocket-Extensions answer to clientOffer(). An empty answer: nullopt, `error` empty (no
// compression). Anything the offer did not allow (another extension, two answers, an unknown, repeated or invalid
// parameter): nullopt and `error` says why; the client must then fail the connection (RFC 6455 9.1).
std::optional<Agreement> acceptAnswer(QByteArrayView answer, QString &error);

// Connections whose client keeps its compression context, so that the server keeps an inflate state (32 KiB
// window + about 7 KiB) for them from their first compressed message on. Past MaxClientContexts new connections
// are asked for client_no_context_takeover instead.
constexpr int MaxClientContexts = 1000;
int clientContexts();

// Inflates the client's compressed messages of one connection, bounded by a limit while it inflates.
class Inflater
{
    Q_DECLARE_TR_FUNCTIONS(Duplex::PerMessageDeflate::Inflater)

public:
    enum class Result { Ok, TooBig, Corrupt };

    // counted: a server's connection, counted in clientContexts() while it keeps a context (a client's is not).
    explicit Inflater(bool noContextTakeover, bool counted = true);
    ~Inflater();
    Q_DISABLE_COPY_MOVE(Inflater)

    // Inflates one whole message (its frames' payloads joined) into `out`; stops with TooBig as soon as more than
    // `limit` bytes would come out, so a small message that inflates to gigabytes allocates at most limit + 16 KiB.
    Result inflate(QByteArrayView compressed, qint64 limit, QByteArray &out);
    QString error() const { return m_error; }
    // Bytes of zlib state held between messages (0 without context takeover or before the first message).
    qsizetype heldBytes() const;

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream;
    bool m_noContextTakeover;
    bool m_countable;
    bool m_counted = false; // in clientContexts()
    QString m_error;
};

// Compresses one message for a connection (server_no_context_takeover: every message on its own) with a
// compressor shared by the thread. Returns false when compressing would not make it smaller.
bool deflateMessage(QByteArrayView payload, int windowBits, QByteArray &out);

// Connections for which the server keeps its compression context (counted from the handshake): a 2 KiB window and
// a small hash table, about 18 KiB each from the first compressed message on. Past MaxServerContexts new ones get
// server_no_context_takeover instead (the per-thread compressor, nothing per connection).
constexpr int MaxServerContexts = 1000;
int serverContexts();

// The server's compressor for one connection with context takeover: each message may refer to the earlier
// ones, so once a message has gone into it, it must be sent compressed.
class Deflater
{
public:
    // maxWindowBits: the agreed server_max_window_bits (a client's: client_max_window_bits); the window is the
    // smaller of it and 2 KiB. counted: a server's connection, counted in serverContexts() (a client's is not).
    explicit Deflater(int maxWindowBits, bool counted = true);
    ~Deflater();
    Q_DISABLE_COPY_MOVE(Deflater)

    // Appends the compressed message (the 4-byte tail removed) to `out`; false if zlib failed.
    bool compress(QByteArrayView payload, QByteArray &out);
    qsizetype heldBytes() const;

private:
    struct Stream;
    std::unique_ptr<Stream> m_stream;
    bool m_counted;
};

} // namespace Duplex::PerMessageDeflate

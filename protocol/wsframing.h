#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include "textmessage.h"

namespace Duplex::PerMessageDeflate {
class Inflater;
}

namespace Duplex::WsFraming {

enum Opcode : quint8 { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xa };

// RFC 6455 4.2.2: the Sec-WebSocket-Accept value for a Sec-WebSocket-Key.
QByteArray acceptKey(QByteArrayView key);

// Appends one unmasked (server) frame with FIN set to `out`; `compressed` sets RSV1 (permessage-deflate).
void appendFrame(QByteArray &out, Opcode opcode, QByteArrayView payload, bool compressed = false);
// Appends one masked (client) frame with FIN set: the payload XORed with `mask` (RFC 6455 5.3).
void appendMaskedFrame(QByteArray &out, Opcode opcode, QByteArrayView payload, quint32 mask, bool compressed = false);
// Appends a text frame, encoding the text as UTF-8 straight into `out`.
void appendTextFrame(QByteArray &out, QStringView text);
// A close frame's payload: the code, then the reason cut to fit in 125 bytes on a UTF-8 character boundary.
QByteArray closePayload(int code, const QString &reason);

// Reads client frames (RFC 6455 5) from a byte stream fed in pieces, or a server's frames for a client, and checks
// every rule the reader must check: masking (client frames masked, server frames not), reserved bits and opcodes,
// control-frame size and fragmentation, the shortest length form, continuation order, close codes, UTF-8 of text and
// close reasons, and the frame and message size limits. On the first breach it reports fail() with the close code to
// answer with and reads nothing more.
class FrameParser
{
    Q_DECLARE_TR_FUNCTIONS(Duplex::WsFraming::FrameParser)

public:
    class Sink
    {
    public:
        virtual ~Sink() = default;
        // Each returns false to stop reading (the connection is going away).
        virtual bool textMessage(const TextMessage &text) = 0; // checked UTF-8
        virtual bool binaryMessage(QByteArrayView data) = 0;
        virtual bool ping(QByteArrayView payload) = 0;
        virtual bool pong(QByteArrayView payload) = 0;
        virtual bool closeFrame(int code, const QString &reason) = 0; // 1005 when the frame had no code
        virtual void fail(int code, const QString &reason) = 0;
    };

    explicit FrameParser(Sink &sink) : m_sink(sink) { }
    Q_DISABLE_COPY_MOVE(FrameParser)

    // The frames come from a server (unmasked; a masked one fails with 1002): the parser of a client.
    void setReadsServerFrames(bool serverFrames) { m_serverFrames = serverFrames; }
    // 0 means no limit (up to 2 GiB).
    void setLimits(qint64 maxMessageSize, qint64 maxFrameSize);
    // permessage-deflate was agreed: RSV1 on a message's first frame marks it compressed, and it is inflated with
    // `inflater` (not owned) within the message size limit before it is checked and delivered.
    void setInflater(PerMessageDeflate::Inflater *inflater) { m_inflater = inflater; }
    // The size on the wire of the last message delivered when it was compressed; -1 when it was not.
    qsizetype lastWireSize() const { return m_lastWireSize; }
    // Reads `size` bytes; unmasks complete frames in place. Returns false once failed or stopped (a close frame, or
    // a Sink call that returned false), and from then on reads nothing more.
    bool feed(char *data, qsizetype size);
    bool stopped() const { return m_failed; }
    // While a frame is incomplete: where the rest of it can be read to, straight into the parser's buffer, and how
    // much fits (nullptr when no frame is pending). feedReadSpace() then takes the `size` bytes read there.
    char *readSpace(qsizetype &room);
    bool feedReadSpace(qsizetype size);
    // Bytes held back: an incomplete frame, or the fragments of an unfinished message.
    qsizetype buffered() const { return m_partial.size() + m_message.size(); }

    static bool isValidCloseCode(int code);

private:
    // Handles the frame at the start of [p, p + n): its length, 0 when incomplete, -1 to stop.
    qsizetype frame(char *p, qsizetype n);
    bool parse(char *p, qsizetype n, bool held);
    qsizetype fail(int code, const QString &reason);
    bool deliver(quint8 opcode, QByteArrayView payload, bool compressed);
    bool deliverInflated(quint8 opcode, QByteArrayView payload);

    Sink &m_sink;
    QByteArray m_partial; // the start of a frame not complete yet, always at the start of its allocation
    qsizetype m_incompleteFrame = 0; // its whole size, once its header has come (within the frame size limit)
    QByteArray m_message; // the fragments so far of a fragmented message
    quint8 m_messageOpcode = 0; // Text or Binary while a fragmented message is open
    bool m_messageCompressed = false; // RSV1 on the open fragmented message's first frame
    PerMessageDeflate::Inflater *m_inflater = nullptr;
    qsizetype m_lastWireSize = -1;
    qint64 m_maxMessageSize = 0;
    qint64 m_maxFrameSize = 0;
    bool m_failed = false; // failed or stopped
    bool m_serverFrames = false;
};

} // namespace Duplex::WsFraming

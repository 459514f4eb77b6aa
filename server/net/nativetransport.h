#pragma once

#include "iobatch.h"
#include "permessagedeflate.h"
#include "tlscontext.h"
#include "tlsrecords.h"
#include "transport.h"
#include "wsframing.h"

#include <QBasicTimer>
#include <QElapsedTimer>

#include <memory>

class QSocketNotifier;
class QTcpSocket;

namespace Duplex {

// A ws:// or wss:// connection served straight on its socket descriptor: RFC 6455 framing (WsFraming), one read
// per readable notification and one write per flush(), both with those of the thread's other connections in one
// io_uring submission where the kernel has it (IoBatch; else read() into a buffer shared by the thread and send());
// over TLS 1.2, OpenSSL's SSL_read() and SSL_write() on the same descriptor (an idle connection keeps no TLS buffers:
// TlsContext). Per message this saves the QTcpSocket and QWebSocket layers (their ring buffers, the FIONREAD ioctl
// before every read, several signal emissions) and per idle connection their buffers: README "Performance".
class NativeTransport final : public Transport,
                              private WsFraming::FrameParser::Sink,
                              private IoBatch::Writer,
                              private IoBatch::Reader
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NativeTransport)

public:
    // An open descriptor, closed with the last copy unless taken.
    class Descriptor
    {
    public:
        explicit Descriptor(int fd) : m_fd(fd) { }
        ~Descriptor();
        Q_DISABLE_COPY_MOVE(Descriptor)
        int take() { return std::exchange(m_fd, -1); }

    private:
        int m_fd;
    };

    // Everything a connection needs to start on another thread: copyable, so it can travel in a queued call.
    struct Setup
    {
        std::shared_ptr<Descriptor> descriptor;
        HandshakeInfo handshake;
        QByteArray response; // the 101 answer, written first
        QByteArray early; // what the client sent after its request head, read already
        std::shared_ptr<TlsHandle> tls; // wss://: the connection's TLS state, on the descriptor
        std::optional<PerMessageDeflate::Agreement> deflate; // agreed in the handshake
        std::shared_ptr<void> ticket; // held as long as the connection lives (HubGroup's count per thread)
    };

    // Answers the opening handshake of a socket whose request head the Listener has checked, and takes its
    // descriptor (and, for the plain side of a TlsBridge, the TLS connection behind it); the socket is aborted and
    // its owner frees it. Fails (returns a Setup without
    // descriptor) only if the system is out of descriptors. `serverName` goes in the Server header; `compression`:
    // permessage-deflate is agreed to when the client offers it.
    static Setup takeOver(
        QTcpSocket *socket, const QString &serverName, const QStringList &subprotocols, bool compression = true);

    explicit NativeTransport(Setup setup, QObject *parent = nullptr);
    ~NativeTransport() override;

    bool isOpen() const override { return m_state == State::Open; }
    void sendText(const QString &text) override;
    void sendTextUtf8(QByteArrayView utf8) override;
    void sendBinary(const QByteArray &data) override;
    void ping() override;
    void flush() override;
    void flushWith(IoBatch &batch) override;
    qint64 bytesToWrite() const override { return m_out.size() - m_written + m_wire.size() - m_wireWritten; }
    void setMessageLimits(qint64 maxMessageSize, qint64 maxFrameSize) override;
    void close(int code, const QString &reason) override;
    void abort() override;
    void reset() override;
    void setAnswerPings(bool answer) override { m_answerPings = answer; }
    void setReadPaused(bool paused) override;
    qint64 lastReceivedWireSize() const override { return m_parser.lastWireSize(); }
    qint64 lastSentWireSize() const override { return m_lastSentWireSize; }
    int closeCode() const override { return m_closeCode; }
    QString closeReason() const override { return m_closeReason; }

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    class Notifier;
    enum class State { Open, Closing, Closed };

    void readable();
    void readyRead(); // the read notifier's: now or with the thread's IoBatch
    char *directReadSpace(qsizetype &room); // the rest of a large frame goes straight into the parser's buffer
    void handleRead(qint64 result, char *buffer, bool direct);
    void readTls();
    void openRecords(char *data, qsizetype size);
    void sendCloseNotify();
    bool writeTls(); // false: stopped (blocked, or the connection failed)
    void waitWritable(QByteArray &out, qsizetype &written);
    void tlsFailed(int result);
    void sendCompressed(WsFraming::Opcode opcode, QByteArrayView payload);
    void feed(char *data, qsizetype size);
    void feedHeld(qsizetype size); // bytes read into the parser's readSpace()
    void afterFeed();
    void takeSpareOutput(qsizetype size);
    static void releaseOutput(QByteArray &out);
    // Sends a close frame with `payload` and waits at most timeoutMs for the client's answer or hang-up.
    void startClosing(int code, const QString &reason, const QByteArray &payload, int timeoutMs);
    void peerGone();
    void socketError(int error);
    void finish();

    bool textMessage(const TextMessage &text) override;
    bool binaryMessage(QByteArrayView data) override;
    bool ping(QByteArrayView payload) override;
    bool pong(QByteArrayView payload) override;
    bool closeFrame(int code, const QString &reason) override;
    void fail(int code, const QString &reason) override;

    bool pendingWrite(int &fd, const char *&data, std::size_t &size) override;
    void written(int result) override;
    void afterWrite(int result) override;
    bool pendingRead(int &fd, char *&data, std::size_t &size) override;
    void readDone(int result, char *data, bool ownSpace) override;

    int m_fd = -1;
    // wss://: TLS 1.3 connections are served by TlsRecords once OpenSSL has done the handshake; m_out's frames are
    // sealed into m_wire at flush(). Others (TLS 1.2) keep OpenSSL's SSL.
    std::unique_ptr<TlsRecords> m_records;
    QByteArray m_wire;
    qsizetype m_wireWritten = 0;
    SSL *m_ssl = nullptr;
    bool m_tlsBroken = false; // after a TLS error OpenSSL must not send close_notify
    bool m_readWantsWrite = false; // SSL_read needs the socket writable first (a TLS 1.3 key update's answer)
    State m_state = State::Open;
    Notifier *m_read = nullptr;
    Notifier *m_write = nullptr; // made when a send() first falls short
    WsFraming::FrameParser m_parser {*this};
    QByteArray m_out; // frames not written yet, from m_written on
    qsizetype m_written = 0;
    bool m_finishWhenWritten = false; // the close handshake is complete: end once the answer is out
    bool m_shutdownWhenWritten = false; // failed: send FIN after the close frame, then wait for the peer's
    bool m_discardInput = false;
    bool m_pongQueued = false; // by the current read: written at its end
    bool m_answerPings = true; // a fault turns it off
    bool m_readPaused = false; // a fault: the client's sends back up in TCP
    bool m_inBatch = false; // added to the thread's IoBatch, not told yet
    bool m_inReadBatch = false;
    bool m_readsLarge = false; // its last batched read filled a small slice
    bool m_outHeldAnswer = true; // m_out was made for the 101 answer: let go of it once everything is written
    int m_closeCode = 1006; // RFC 6455 7.1.5: no close frame (yet)
    QString m_closeReason;
    QElapsedTimer m_pingSent;
    QBasicTimer m_closeTimer;
    std::shared_ptr<void> m_ticket;
    std::unique_ptr<PerMessageDeflate::Inflater> m_inflater; // permessage-deflate agreed
    std::unique_ptr<PerMessageDeflate::Deflater> m_deflater; // the server keeps its context
    int m_deflateWindowBits = 0; // 0: messages go out uncompressed
    qint64 m_lastSentWireSize = -1;
};

} // namespace Duplex

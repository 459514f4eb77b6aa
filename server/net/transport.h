#pragma once

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>

#include "textmessage.h"

class QWebSocket;

namespace Duplex {

class IoBatch;

// What the opening handshake of a connection said.
struct HandshakeInfo
{
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    QUrl requestUrl; // the request target: path and query
    QString origin;
    QString userAgent;
    QString subprotocol; // the one agreed on, or empty
    QString compression; // the permessage-deflate parameters agreed on (Sec-WebSocket-Extensions), or empty
    QByteArray head; // the request head, for a script's req.headers
};

// Told what arrives on a Transport. Called on the transport's thread; after closed() nothing more.
class TransportHandler
{
public:
    virtual ~TransportHandler() = default;
    virtual void textReceived(const TextMessage &text) = 0;
    virtual void binaryReceived(const QByteArray &data) = 0;
    virtual void pongReceived(qint64 elapsedMs, const QByteArray &payload) = 0;
    virtual void errorOccurred(const QString &error) = 0; // worth a line in the log; closed() may follow
    virtual void closed() = 0;
};

// One WebSocket connection after its opening handshake, as the Hub sees it: messages in through a
// TransportHandler, messages out through the send functions. Sends are buffered until flush(). Plain ws://
// connections are a NativeTransport (RFC 6455 framing on the socket descriptor); wss:// ones a QtTransport.
class Transport : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Transport)

public:
    explicit Transport(QObject *parent = nullptr) : QObject(parent) { }

    void setHandler(TransportHandler *handler) { m_handler = handler; }
    const HandshakeInfo &handshake() const
    {
        static const HandshakeInfo released;
        return m_handshake ? *m_handshake : released;
    }
    // Once the Hub has copied what it keeps (ConnectionInfo): the head, URL and address go (about 0.4 KB a connection,
    // the struct itself included).
    void releaseHandshake() { m_handshake.reset(); }

    virtual bool isOpen() const = 0; // messages may be sent: connected, and no close sent or received
    virtual void sendText(const QString &text) = 0;
    virtual void sendTextUtf8(QByteArrayView utf8) = 0; // well-formed UTF-8 (a checked message, or encoded here)
    virtual void sendBinary(const QByteArray &data) = 0;
    virtual void ping() = 0;
    virtual void flush() = 0; // writes what has been sent; may report closed() at once if the peer is gone
    // The same, with the writes of other connections in one system call, when `batch` is submitted.
    virtual void flushWith(IoBatch &batch)
    {
        Q_UNUSED(batch);
        flush();
    }
    virtual qint64 bytesToWrite() const = 0;
    virtual void setMessageLimits(qint64 maxMessageSize, qint64 maxFrameSize) = 0;
    // Starts the closing handshake (RFC 6455 7.1.2); closed() follows once it is complete or has timed out.
    virtual void close(int code, const QString &reason) = 0;
    virtual void abort() = 0; // drops the connection at once; closed() follows
    // Drops the connection with a TCP reset (RST) and no close frame, where the transport can; closed() follows.
    virtual void reset() { abort(); }
    // Faults (README "Testing your client"); the native transport does them, QWebSocket (wss://) cannot.
    virtual void setAnswerPings(bool answer) { Q_UNUSED(answer); }
    virtual void setReadPaused(bool paused) { Q_UNUSED(paused); }
    // The last message's payload size on the wire when it was compressed (permessage-deflate), else -1.
    virtual qint64 lastReceivedWireSize() const { return -1; }
    virtual qint64 lastSentWireSize() const { return -1; }
    virtual int closeCode() const = 0; // once closed: the code of the close frame (1006 if there was none)
    virtual QString closeReason() const = 0;

protected:
    // Hands over to the handler once; no further calls after this.
    void reportClosed()
    {
        if (TransportHandler *handler = std::exchange(m_handler, nullptr))
            handler->closed();
    }

    TransportHandler *m_handler = nullptr;
    std::unique_ptr<HandshakeInfo> m_handshake;
};

// A QWebSocket (wss://: TLS stays with Qt's QSslSocket) behind the Transport interface.
class QtTransport final : public Transport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QtTransport)

public:
    explicit QtTransport(QWebSocket *socket, QObject *parent = nullptr); // takes ownership
    ~QtTransport() override;

    bool isOpen() const override;
    void sendText(const QString &text) override;
    void sendTextUtf8(QByteArrayView utf8) override;
    void sendBinary(const QByteArray &data) override;
    void ping() override;
    void flush() override;
    qint64 bytesToWrite() const override;
    void setMessageLimits(qint64 maxMessageSize, qint64 maxFrameSize) override;
    void close(int code, const QString &reason) override;
    void abort() override;
    int closeCode() const override;
    QString closeReason() const override;

private:
    QWebSocket *m_socket;
};

} // namespace Duplex

#pragma once

#include <QBasicTimer>
#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>

using SSL = struct ssl_st;

class QSocketNotifier;

namespace Duplex {

class TlsContext;

// One TLS connection on the native engine until it is known what it carries. It does the TLS handshake (OpenSSL on
// the descriptor), then hands the Listener a plain QTcpSocket on one end of a socket pair (a TlsPlainSocket that
// reports the client's address) and carries bytes between the two, bounded both ways: the Listener and the HTTP
// front end read and write plain HTTP as on a ws:// port. A WebSocket upgrade takes the descriptor and the SSL back
// (release()), so that wss:// frames never pass through the pair: NativeTransport reads and writes them with OpenSSL.
// A client that does not start with a TLS record gets a plain-HTTP 400 that says what the port speaks.
class TlsBridge final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsBridge)

public:
    TlsBridge(int fd, const TlsContext &context, int handshakeTimeoutMs, QObject *parent = nullptr);
    ~TlsBridge() override;

    struct Released
    {
        int fd = -1;
        SSL *ssl = nullptr;
        QByteArray plain; // decrypted already but not handed to the pair: comes after what the pair holds
    };
    // Hands the TLS connection over (the bridge deletes itself later); only after ready().
    Released release();

    QHostAddress peerAddress() const { return m_peer; }
    quint16 peerPort() const { return m_peerPort; }

Q_SIGNALS:
    // The handshake is done: `plain` (no parent, this thread) carries the decrypted stream.
    void ready(QTcpSocket *plain);
    // No TLS connection: status 400 when the client was answered in plain HTTP, else 0; the bridge is gone after.
    void failed(int status, const QString &reason);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void activity();
    void handshake();
    void pump();
    void fail(int status, const QString &reason);
    void end();
    void updateNotifiers();

    int m_fd;
    SSL *m_ssl;
    int m_handshakeTimeoutMs;
    int m_pair = -1; // our end of the socket pair, once the handshake is done
    QHostAddress m_peer;
    quint16 m_peerPort = 0;
    QSocketNotifier *m_tlsRead = nullptr;
    QSocketNotifier *m_tlsWrite = nullptr;
    QSocketNotifier *m_pairRead = nullptr;
    QSocketNotifier *m_pairWrite = nullptr;
    QByteArray m_toPlain; // from the client, for the pair
    QByteArray m_toTls; // from the pair, for the client
    bool m_tlsEnded = false; // the client sent close_notify or hung up
    bool m_pairEnded = false; // the plain side closed
    bool m_readWantsWrite = false;
    bool m_ended = false;
    bool m_checkedFirstByte = false;
    QBasicTimer m_handshakeTimer;
};

// The plain side of a TlsBridge: a QTcpSocket on a socket pair that says it is connected to the TLS client.
class TlsPlainSocket final : public QTcpSocket
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsPlainSocket)

public:
    explicit TlsPlainSocket(TlsBridge *bridge);
    bool attach(int fd, const QHostAddress &local, quint16 localPort);
    TlsBridge *bridge() const { return m_bridge; }

private:
    QPointer<TlsBridge> m_bridge;
};

} // namespace Duplex

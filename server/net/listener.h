#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QSslConfiguration>
#include <QTcpServer>

#include <functional>
#include <memory>

class QTcpSocket;
class QTimer;

namespace Duplex {

class TlsContext;

// Accepts TCP connections on the one port and reads the first request head without consuming it: a WebSocket
// upgrade goes to webSocketRequest(), anything else to httpRequest(). A client that sends no complete head
// in time, or a head that is too large, is dropped.
class Listener final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Listener)

public:
    explicit Listener(QObject *parent = nullptr);

    void setHandshakeTimeout(int msecs) { m_handshakeTimeoutMs = msecs; }
    void setMaxHeaderBytes(int bytes) { m_maxHeaderBytes = bytes; }
    // Decides on a WebSocket upgrade's request head before the handshake: status 0 lets it through (after delayMs,
    // when set), any other status refuses it with the reason (and Retry-After, when set).
    struct Verdict
    {
        int status = 0;
        QString reason;
        int retryAfter = 0; // seconds
        int delayMs = 0; // hold the handshake this long first (a fault, README "Testing your client")
    };
    using UpgradeGate = std::function<Verdict(const QByteArray &head)>;
    void setUpgradeGate(UpgradeGate gate) { m_gate = std::move(gate); }
    // With a configuration holding a certificate and key, every connection is TLS (https:// and wss://), through
    // Qt's QSslSocket (the Qt engine: QWebSocket takes wss:// connections over it) ...
    void setSslConfiguration(const QSslConfiguration &configuration) { m_ssl = configuration; }
    // ... or through OpenSSL on the descriptor (the native engine: TlsBridge, then NativeTransport for wss://).
    void setTlsContext(std::shared_ptr<const TlsContext> context) { m_tls = std::move(context); }
    bool isSecure() const { return !m_ssl.isNull() || m_tls; }
    int pendingCount() const { return m_pending; }

    // True when the request head asks for "Upgrade: websocket".
    static bool isWebSocketUpgrade(const QByteArray &head);

Q_SIGNALS:
    void webSocketRequest(QTcpSocket *socket);
    void httpRequest(QTcpSocket *socket);
    void rejected(const QString &peer, int status, const QString &reason);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void adopt(QTcpSocket *socket);
    void handshakeDone();
    void inspect(QTcpSocket *socket);
    void dropLateClients();
    void reject(QTcpSocket *socket, int status, const QString &reason, int retryAfter = 0);

    int m_handshakeTimeoutMs = 10'000;
    int m_maxHeaderBytes = 16 * 1024;
    int m_pending = 0;
    QHash<QTcpSocket *, qint64> m_deadlines; // sockets still sending their request head: when they must be done
    QElapsedTimer m_clock;
    QTimer *m_sweep = nullptr;
    UpgradeGate m_gate;
    QHash<QTcpSocket *, bool> m_held; // handshakes held by a delay: true while waiting, false once released
    QSslConfiguration m_ssl;
    std::shared_ptr<const TlsContext> m_tls;
    QTimer *m_trim = nullptr; // gives memory back after TLS handshakes
};

} // namespace Duplex

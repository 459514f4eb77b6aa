#pragma once

#include <QTcpServer>

class QTcpSocket;

namespace Duplex {

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
    int pendingCount() const { return m_pending; }

    // True when the request head asks for "Upgrade: websocket".
    static bool isWebSocketUpgrade(const QByteArray &head);

Q_SIGNALS:
    void webSocketRequest(QTcpSocket *socket);
    void httpRequest(QTcpSocket *socket);
    void rejected(const QString &peer, const QString &reason);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void inspect(QTcpSocket *socket);
    void reject(QTcpSocket *socket, const QByteArray &statusLine, const QString &reason);

    int m_handshakeTimeoutMs = 10'000;
    int m_maxHeaderBytes = 16 * 1024;
    int m_pending = 0;
};

} // namespace Duplex

#include "listener.h"

#include <QTcpSocket>
#include <QTimer>

namespace Duplex {

namespace {

constexpr QByteArrayView HeadEnd = "\r\n\r\n";

QString peerOf(const QTcpSocket *socket)
{
    return socket->peerAddress().toString() + u':' + QString::number(socket->peerPort());
}

} // namespace

Listener::Listener(QObject *parent) : QTcpServer(parent)
{ }

bool Listener::isWebSocketUpgrade(const QByteArray &head)
{
    // Header names are case-insensitive; the value may list several tokens ("Upgrade: websocket, foo").
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) { // line 0 is the request line
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        if (QByteArrayView(line).first(colon).trimmed().compare("upgrade", Qt::CaseInsensitive) != 0)
            continue;
        if (line.sliced(colon + 1).toLower().contains("websocket"))
            return true;
    }
    return false;
}

void Listener::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    ++m_pending;
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        --m_pending;
        socket->disconnect(this);
        socket->deleteLater();
    });
    QTimer::singleShot(m_handshakeTimeoutMs, socket, [this, socket] {
        // Still ours after the timeout: the client never sent a complete request head (slowloris).
        if (socket->property("duplexPending").toBool())
            reject(socket, "HTTP/1.1 408 Request Timeout",
                tr("no complete request within %1 ms").arg(m_handshakeTimeoutMs));
    });
    socket->setProperty("duplexPending", true);
    if (socket->bytesAvailable() > 0)
        inspect(socket);
}

void Listener::inspect(QTcpSocket *socket)
{
    const QByteArray head = socket->peek(m_maxHeaderBytes + HeadEnd.size());
    const qsizetype end = head.indexOf(HeadEnd);
    if (end < 0) {
        if (head.size() > m_maxHeaderBytes)
            reject(socket, "HTTP/1.1 431 Request Header Fields Too Large",
                tr("request head over %1 bytes").arg(m_maxHeaderBytes));
        return;
    }
    // From here on the socket belongs to the WebSocket server or to the HTTP server.
    socket->disconnect(this);
    socket->setProperty("duplexPending", false);
    --m_pending;
    if (isWebSocketUpgrade(head.first(end)))
        Q_EMIT webSocketRequest(socket);
    else
        Q_EMIT httpRequest(socket);
}

void Listener::reject(QTcpSocket *socket, const QByteArray &statusLine, const QString &reason)
{
    Q_EMIT rejected(peerOf(socket), reason);
    socket->setProperty("duplexPending", false);
    socket->write(statusLine + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    socket->disconnectFromHost();
}

} // namespace Duplex

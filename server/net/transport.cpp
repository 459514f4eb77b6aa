#include "transport.h"

#include <QNetworkRequest>
#include <QWebSocket>

namespace Duplex {

QtTransport::QtTransport(QWebSocket *socket, QObject *parent) : Transport(parent), m_socket(socket)
{
    socket->setParent(this);
    m_handshake = std::make_unique<HandshakeInfo>();
    HandshakeInfo &info = *m_handshake;
    info.peerAddress = socket->peerAddress();
    info.peerPort = socket->peerPort();
    info.requestUrl = socket->requestUrl();
    info.origin = socket->origin();
    info.userAgent = QString::fromUtf8(socket->request().rawHeader("User-Agent"));
    info.subprotocol = socket->subprotocol();
    info.head = "GET " + socket->requestUrl().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority) + " HTTP/1.1";
    const QNetworkRequest request = socket->request();
    for (const QByteArray &name : request.rawHeaderList())
        info.head += "\r\n" + name + ": " + request.rawHeader(name);

    connect(socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        if (m_handler)
            m_handler->textReceived(TextMessage(text));
    });
    connect(socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        if (m_handler)
            m_handler->binaryReceived(data);
    });
    connect(socket, &QWebSocket::pong, this, [this](quint64 elapsed, const QByteArray &payload) {
        if (m_handler)
            m_handler->pongReceived(qint64(elapsed), payload);
    });
    connect(socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
        [this](QAbstractSocket::SocketError error) {
            if (error != QAbstractSocket::RemoteHostClosedError && m_handler)
                m_handler->errorOccurred(m_socket->errorString());
        });
    connect(socket, &QWebSocket::disconnected, this, [this] { reportClosed(); });
}

QtTransport::~QtTransport()
{
    m_socket->disconnect(this);
}

bool QtTransport::isOpen() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void QtTransport::sendText(const QString &text)
{
    m_socket->sendTextMessage(text);
}

void QtTransport::sendTextUtf8(QByteArrayView utf8)
{
    m_socket->sendTextMessage(QString::fromUtf8(utf8));
}

void QtTransport::sendBinary(const QByteArray &data)
{
    m_socket->sendBinaryMessage(data);
}

void QtTransport::ping()
{
    m_socket->ping();
}

void QtTransport::flush()
{
    m_socket->flush();
}

qint64 QtTransport::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

void QtTransport::setMessageLimits(qint64 maxMessageSize, qint64 maxFrameSize)
{
    m_socket->setMaxAllowedIncomingMessageSize(quint64(maxMessageSize));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(maxFrameSize));
}

void QtTransport::close(int code, const QString &reason)
{
    m_socket->close(QWebSocketProtocol::CloseCode(code), reason);
}

void QtTransport::abort()
{
    m_socket->abort();
}

int QtTransport::closeCode() const
{
    return int(m_socket->closeCode());
}

QString QtTransport::closeReason() const
{
    return m_socket->closeReason();
}

} // namespace Duplex

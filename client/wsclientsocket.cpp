#include "wsclientsocket.h"

#include "permessagedeflate.h"

#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslSocket>

namespace Duplex {

namespace {

constexpr qsizetype MaxResponseHead = 16 * 1024;
constexpr int MaxControlPayload = 125;

// The value of a header in a response head ("Name: value" lines); empty when absent. Repeated headers are joined
// with ", " as RFC 9110 5.3 allows.
QByteArray headerValue(const QList<QByteArray> &lines, QByteArrayView name)
{
    QByteArray value;
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (!value.isEmpty())
            value += ", ";
        value += line.sliced(colon + 1).trimmed();
    }
    return value;
}

bool hasToken(const QByteArray &value, QByteArrayView token)
{
    for (const QByteArray &part : value.split(','))
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

quint32 maskKey()
{
    return QRandomGenerator::system()->generate(); // RFC 6455 10.3: unpredictable
}

} // namespace

WsClientSocket::WsClientSocket(const QString &origin, QObject *parent) : QObject(parent), m_origin(origin)
{
    m_parser.setReadsServerFrames(true);
}

WsClientSocket::~WsClientSocket()
{
    if (m_socket)
        QObject::disconnect(m_socket, nullptr, this, nullptr);
}

void WsClientSocket::open(const QNetworkRequest &request, const QStringList &subprotocols)
{
    m_url = request.url();
    m_subprotocols = subprotocols;
    m_headers.clear();
    for (const QByteArray &name : request.rawHeaderList())
        m_headers.append({name, request.rawHeader(name)});
    const bool secure = m_url.scheme() == u"wss";
    QTcpSocket *socket = nullptr;
    if (secure) {
        auto *ssl = new QSslSocket(this);
        connect(ssl, &QSslSocket::encrypted, this, &WsClientSocket::sendHandshake);
        connect(ssl, &QSslSocket::sslErrors, this, &WsClientSocket::sslErrors);
        socket = ssl;
    } else {
        socket = new QTcpSocket(this);
        connect(socket, &QTcpSocket::connected, this, &WsClientSocket::sendHandshake);
    }
    m_socket = socket;
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QTcpSocket::readyRead, this, [this] { m_handshakeDone ? readFrames() : readHandshake(); });
    connect(socket, &QTcpSocket::disconnected, this, &WsClientSocket::onSocketDisconnected);
    connect(socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        if (!m_socket)
            return;
        setError(error, m_socket->errorString());
        // A failed connect leaves the socket unconnected without a disconnected() signal.
        if (m_socket->state() == QAbstractSocket::UnconnectedState && m_state != QAbstractSocket::UnconnectedState)
            onSocketDisconnected();
    });
    m_state = QAbstractSocket::ConnectingState;
    const quint16 port = quint16(m_url.port(secure ? 443 : 80));
    if (auto *ssl = qobject_cast<QSslSocket *>(socket))
        ssl->connectToHostEncrypted(m_url.host(), port);
    else
        socket->connectToHost(m_url.host(), port);
}

void WsClientSocket::sendHandshake()
{
    QByteArray nonce(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(nonce.data()), 4);
    m_key = nonce.toBase64();
    const bool secure = m_url.scheme() == u"wss";
    QByteArray host = m_url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']'; // an IPv6 address
    if (m_url.port() != -1 && m_url.port() != (secure ? 443 : 80))
        host += ':' + QByteArray::number(m_url.port());
    QByteArray target = m_url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (m_url.hasQuery())
        target += '?' + m_url.query(QUrl::FullyEncoded).toLatin1();

    QByteArray head = "GET " + target + " HTTP/1.1\r\nHost: " + host
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + m_key
        + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: " + PerMessageDeflate::clientOffer() + "\r\n";
    if (!m_origin.isEmpty())
        head += "Origin: " + m_origin.toUtf8() + "\r\n";
    if (!m_subprotocols.isEmpty())
        head += "Sec-WebSocket-Protocol: " + m_subprotocols.join(QStringLiteral(", ")).toUtf8() + "\r\n";
    if (!m_url.userName().isEmpty())
        head += "Authorization: Basic "
            + (m_url.userName(QUrl::FullyDecoded) + u':' + m_url.password(QUrl::FullyDecoded)).toUtf8().toBase64()
            + "\r\n";
    for (const auto &[name, value] : std::as_const(m_headers))
        head += name + ": " + value + "\r\n";
    head += "\r\n";
    m_socket->write(head);
}

void WsClientSocket::readHandshake()
{
    m_head += m_socket->readAll();
    const qsizetype end = m_head.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_head.size() > MaxResponseHead)
            handshakeFailed(tr("the server's handshake response is over %1 bytes").arg(MaxResponseHead),
                QAbstractSocket::UnknownSocketError);
        return;
    }
    QByteArray rest = m_head.sliced(end + 4);
    if (!checkResponse(m_head.first(end)))
        return;
    m_head.clear();
    m_handshakeDone = true;
    m_state = QAbstractSocket::ConnectedState;
    m_parser.setLimits(qint64(m_maxMessageSize), qint64(m_maxFrameSize));
    Q_EMIT connected();
    if (!rest.isEmpty() && m_state == QAbstractSocket::ConnectedState)
        m_parser.feed(rest.data(), rest.size()); // frames that came with the response
}

bool WsClientSocket::checkResponse(const QByteArray &head)
{
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray &line : lines)
        line = line.trimmed();
    const QList<QByteArray> status = lines.first().split(' ');
    const int code = status.size() >= 2 ? status.at(1).toInt() : 0;
    if (!status.first().startsWith("HTTP/1.") || code == 0) {
        handshakeFailed(
            tr("the server did not answer with HTTP: \"%1\"").arg(QString::fromLatin1(lines.first().left(80))),
            QAbstractSocket::UnknownSocketError);
        return false;
    }
    if (code != 101) {
        m_handshakeStatus = code; // explained by WebSocketClient
        const QByteArray phrase = lines.first().split(' ').mid(2).join(' ');
        handshakeFailed(tr("the server answered the handshake with HTTP status code: %1 %2")
                            .arg(code)
                            .arg(QString::fromLatin1(phrase)),
            QAbstractSocket::UnknownSocketError);
        return false;
    }
    QString why;
    if (!hasToken(headerValue(lines, "Upgrade"), "websocket"))
        why = tr("no \"Upgrade: websocket\" in the server's handshake response");
    else if (!hasToken(headerValue(lines, "Connection"), "upgrade"))
        why = tr("no \"Connection: Upgrade\" in the server's handshake response");
    else if (headerValue(lines, "Sec-WebSocket-Accept") != WsFraming::acceptKey(m_key))
        why = tr("the server's Sec-WebSocket-Accept does not match the key sent");
    const QString protocol = QString::fromUtf8(headerValue(lines, "Sec-WebSocket-Protocol"));
    if (why.isEmpty() && !protocol.isEmpty() && !m_subprotocols.contains(protocol))
        why = tr("the server chose the subprotocol \"%1\", which was not asked for").arg(protocol);
    QString extensionError;
    const QByteArray extensions = headerValue(lines, "Sec-WebSocket-Extensions");
    const std::optional<PerMessageDeflate::Agreement> agreement
        = PerMessageDeflate::acceptAnswer(extensions, extensionError);
    if (why.isEmpty() && !extensionError.isEmpty())
        why = extensionError;
    if (!why.isEmpty()) {
        handshakeFailed(why, QAbstractSocket::UnknownSocketError);
        return false;
    }
    m_subprotocol = protocol;
    if (agreement) {
        m_extensions = extensions;
        m_agreement = std::make_unique<PerMessageDeflate::Agreement>(*agreement);
        m_inflater = std::make_unique<PerMessageDeflate::Inflater>(agreement->serverNoContextTakeover, false);
        m_parser.setInflater(m_inflater.get());
        const int bits = agreement->clientMaxWindowBits.value_or(15);
        // A 256-byte window (8) is one zlib cannot produce: then messages go uncompressed, which is always allowed.
        if (!agreement->clientNoContextTakeover && bits >= 9)
            m_deflater = std::make_unique<PerMessageDeflate::Deflater>(bits, false);
    }
    return true;
}

void WsClientSocket::handshakeFailed(const QString &message, QAbstractSocket::SocketError error)
{
    setError(error, message);
    if (m_socket)
        m_socket->abort(); // disconnected() follows
    if (m_state != QAbstractSocket::UnconnectedState)
        onSocketDisconnected();
}

void WsClientSocket::setError(QAbstractSocket::SocketError error, const QString &message)
{
    m_error = error;
    m_errorString = message;
    Q_EMIT errorOccurred(error);
}

void WsClientSocket::readFrames()
{
    if (!m_socket)
        return;
    QByteArray data = m_socket->readAll();
    if (!data.isEmpty())
        m_parser.feed(data.data(), data.size());
}

qint64 WsClientSocket::sendMessage(WsFraming::Opcode opcode, QByteArrayView payload)
{
    if (m_state != QAbstractSocket::ConnectedState || m_closeSent || !m_socket)
        return -1;
    QByteArray frame;
    m_lastSentWireSize = -1;
    if (m_agreement) {
        QByteArray compressed;
        const int bits = m_agreement->clientMaxWindowBits.value_or(15);
        const bool ok = m_deflater ? m_deflater->compress(payload, compressed)
            : bits >= 9            ? PerMessageDeflate::deflateMessage(payload, bits, compressed)
                                   : false;
        if (ok) {
            m_lastSentWireSize = compressed.size();
            WsFraming::appendMaskedFrame(frame, opcode, compressed, maskKey(), true);
        } else if (m_deflater) {
            // The shared context has seen the message: it cannot go uncompressed. Only zlib failing gets here.
            failConnection(1011, tr("compressing a message failed"));
            return -1;
        }
    }
    if (frame.isEmpty())
        WsFraming::appendMaskedFrame(frame, opcode, payload, maskKey());
    return m_socket->write(frame);
}

qint64 WsClientSocket::sendTextMessage(const QString &text)
{
    return sendMessage(WsFraming::Text, text.toUtf8());
}

qint64 WsClientSocket::sendBinaryMessage(const QByteArray &data)
{
    return sendMessage(WsFraming::Binary, data);
}

void WsClientSocket::sendControl(WsFraming::Opcode opcode, QByteArrayView payload)
{
    if (!m_socket || m_closeSent)
        return;
    QByteArray frame;
    WsFraming::appendMaskedFrame(
        frame, opcode, payload.first(std::min<qsizetype>(payload.size(), MaxControlPayload)), maskKey());
    m_socket->write(frame);
}

void WsClientSocket::ping(const QByteArray &payload)
{
    if (m_state != QAbstractSocket::ConnectedState)
        return;
    m_pingTimer.start();
    sendControl(WsFraming::Ping, payload);
}

void WsClientSocket::close(int code, const QString &reason)
{
    if (m_state != QAbstractSocket::ConnectedState) {
        abort();
        return;
    }
    startClose(code, reason);
}

void WsClientSocket::startClose(int code, const QString &reason)
{
    if (m_closeSent)
        return;
    if (!m_closeReceived) {
        m_closeCode = code;
        m_closeReason = reason;
    }
    m_state = QAbstractSocket::ClosingState;
    Q_EMIT aboutToClose();
    // 1005 is never sent: answering a close frame without a code, the answer has none either.
    sendControl(WsFraming::Close, code == 1005 ? QByteArray() : WsFraming::closePayload(code, reason));
    m_closeSent = true;
    // RFC 6455 7.1.1: the server closes TCP first; once it has, so do we (WebSocketClient times out a server that
    // never does). After a close frame from the server, its TCP close is on its way.
    if (m_closeReceived && m_socket)
        m_socket->disconnectFromHost();
}

void WsClientSocket::abort()
{
    m_aborted = true; // by the user: not an error
    if (m_socket)
        m_socket->abort();
    if (m_state != QAbstractSocket::UnconnectedState)
        onSocketDisconnected();
}

void WsClientSocket::onSocketDisconnected()
{
    if (m_state == QAbstractSocket::UnconnectedState)
        return;
    if (!m_handshakeDone && m_errorString.isEmpty() && !m_aborted)
        setError(QAbstractSocket::RemoteHostClosedError, tr("the server closed the connection during the handshake"));
    m_state = QAbstractSocket::UnconnectedState;
    Q_EMIT disconnected();
}

void WsClientSocket::ignoreSslErrors()
{
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket.data()))
        ssl->ignoreSslErrors();
}

void WsClientSocket::ignoreSslErrors(const QList<QSslError> &errors)
{
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket.data()))
        ssl->ignoreSslErrors(errors);
}

qint64 WsClientSocket::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

quint16 WsClientSocket::localPort() const
{
    return m_socket ? m_socket->localPort() : 0;
}

bool WsClientSocket::Reader::textMessage(const TextMessage &text)
{
    Q_EMIT s.textMessageReceived(text.text());
    return s.m_state == QAbstractSocket::ConnectedState;
}

bool WsClientSocket::Reader::binaryMessage(QByteArrayView data)
{
    Q_EMIT s.binaryMessageReceived(data.toByteArray());
    return s.m_state == QAbstractSocket::ConnectedState;
}

bool WsClientSocket::Reader::ping(QByteArrayView payload)
{
    s.sendControl(WsFraming::Pong, payload);
    return true;
}

bool WsClientSocket::Reader::pong(QByteArrayView payload)
{
    Q_EMIT s.pong(s.m_pingTimer.isValid() ? quint64(s.m_pingTimer.elapsed()) : 0, payload.toByteArray());
    return true;
}

bool WsClientSocket::Reader::closeFrame(int code, const QString &reason)
{
    s.m_closeReceived = true;
    if (!s.m_closeSent) {
        s.m_closeCode = code;
        s.m_closeReason = reason;
        s.startClose(code, QString());
    } else if (s.m_socket) {
        s.m_socket->disconnectFromHost();
    }
    return false;
}

void WsClientSocket::Reader::fail(int code, const QString &reason)
{
    s.failConnection(code, reason);
}

void WsClientSocket::failConnection(int code, const QString &reason)
{
    // The server broke the protocol: close with the code and say why (RFC 6455 7.1.7).
    m_closeReceived = true; // nothing more is read; do not wait for its close frame
    m_closeCode = code;
    m_closeReason = reason;
    startClose(code, reason);
    if (m_socket)
        m_socket->disconnectFromHost();
}

} // namespace Duplex

#include "websocketclient.h"

#include "wsclientsocket.h"

#include <QDateTime>
#include <QNetworkRequest>
#include <QPointer>
#include <QRegularExpression>
#include <QSslError>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <algorithm>

namespace Duplex {

namespace {

constexpr int AbnormalClosure = 1006;
constexpr int MaxPingPayload = 125; // RFC 6455 5.5: control frames carry at most 125 bytes
constexpr int FirstReconnectDelayS = 1;
constexpr int MaxReconnectDelayS = 30;

// The error signal of either socket: QWebSocket's is overloaded with its getter.
auto errorSignal(QWebSocket *)
{
    return qOverload<QAbstractSocket::SocketError>(&QWebSocket::error);
}

auto errorSignal(WsClientSocket *)
{
    return &WsClientSocket::errorOccurred;
}

// The HTTP status a refused handshake was answered with: WsClientSocket keeps it; QWebSocket only says it in words.
int handshakeStatus(QWebSocket *)
{
    return 0;
}

int handshakeStatus(WsClientSocket *s)
{
    return s->handshakeStatus();
}

bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

} // namespace

struct WebSocketClient::Private
{
    WebSocketClient *q = nullptr;
    // A fresh socket per attempt (the origin can only be given to QWebSocket's constructor): a QWebSocket, or a
    // WsClientSocket when compression is offered. Both have the members used here; visit() calls the right one.
    QPointer<QObject> socket;
    QTimer connectTimer; // gives up on an attempt that neither connects nor fails
    QTimer reconnectTimer;
    QTimer pingTimer; // the periodic ping, while connected
    QString certificateHint; // what to do about an untrusted certificate, in the front end's words
    int connectTimeoutMs = 10'000;
    int reconnectDelayS = FirstReconnectDelayS;
    quint64 maxIncomingMessageSize = 16 * 1024 * 1024;
    qint64 maxBytesToWrite = 64 * 1024 * 1024;
    bool autoReconnect = false;
    bool userClosing = false; // close() was called: report the user's code, do not reconnect
    bool closeStarted = false; // a close frame came in (or QWebSocket closed for a protocol error)
    bool wasConnected = false;
    bool timedOut = false;
    bool certificateRejected = false; // said why; the handshake failure that follows adds nothing
    int closeCode = 1000;
    QString closeReason;
    QString errorString;
    QString subprotocol;
    QString extensions;

    explicit Private(WebSocketClient *client) : q(client) { }

    void emitFrame(ClientFrame::Direction direction, ClientFrame::Kind kind, const QByteArray &payload = {},
        const QString &note = {}, qsizetype wireSize = -1) const
    {
        ClientFrame f;
        f.wireSize = wireSize;
        f.timestampMs = QDateTime::currentMSecsSinceEpoch();
        f.direction = direction;
        f.kind = kind;
        f.payload = payload;
        f.note = note;
        Q_EMIT q->frame(f);
    }

    void systemLine(const QString &note, ClientFrame::Kind kind = ClientFrame::Kind::Info) const
    {
        emitFrame(ClientFrame::Direction::System, kind, {}, note);
    }

    void setState(State state)
    {
        if (q->m_state == state)
            return;
        q->m_state = state;
        Q_EMIT q->stateChanged(state);
    }

    // The wire size of the message just received or sent when it went compressed (only WsClientSocket compresses).
    static qsizetype receivedWireSize(QWebSocket *) { return -1; }
    static qsizetype receivedWireSize(WsClientSocket *s) { return s->lastReceivedWireSize(); }
    qsizetype sentWireSize() const
    {
        const auto *own = qobject_cast<WsClientSocket *>(socket.data());
        return own ? own->lastSentWireSize() : -1;
    }

    template<class F> decltype(auto) visit(QObject *s, F &&f) const
    {
        if (auto *own = qobject_cast<WsClientSocket *>(s))
            return f(own);
        return f(static_cast<QWebSocket *>(s));
    }

    void dropSocket()
    {
        connectTimer.stop();
        if (!socket)
            return;
        QObject *old = socket;
        socket.clear();
        QObject::disconnect(old, nullptr, q, nullptr);
        visit(old, [](auto *s) { s->abort(); });
        old->deleteLater();
    }

    void startAttempt();
    template<class Socket> void wire(Socket *s);
    void finishAttempt(QObject *s);
    void onConnected(const QString &agreedSubprotocol, const QString &agreedExtensions);
    void onPong(qint64 ms, const QByteArray &payload);
    // Whether to go on despite the certificate errors (a certificate the user trusts); if not, says why.
    bool acceptCertificate(const QList<QSslError> &errors);
    void reportError(const QString &message);
    // `httpStatus`: the status a refused handshake was answered with, when the transport knows it (0: look for
    // QWebSocket's "status code: N" in the message).
    QString explain(QAbstractSocket::SocketError error, const QString &message, int httpStatus = 0) const;
};

// Turns QWebSocket's and QSslSocket's messages into what happened and what to try.
QString WebSocketClient::Private::explain(
    QAbstractSocket::SocketError error, const QString &message, int httpStatus) const
{
    const QUrl &url = q->m_options.url;
    int code = httpStatus;
    if (code == 0) {
        static const QRegularExpression status(QStringLiteral("status code: (\\d+)"));
        if (const QRegularExpressionMatch m = status.match(message); m.hasMatch())
            code = m.captured(1).toInt();
    }
    if (code != 0) {
        switch (code) {
        case 401:
            return WebSocketClient::tr("the server refused the token (HTTP 401): add ?token=… to the URL or send "
                                       "an \"Authorization: Bearer …\" header");
        case 403:
            return WebSocketClient::tr("the server refused this client (HTTP 403): its origin or address is not "
                                       "allowed");
        case 404:
            return WebSocketClient::tr("no WebSocket endpoint at %1 (HTTP 404): check the path").arg(url.path());
        case 429:
            return WebSocketClient::tr("the server is refusing connections for now (HTTP 429): try again later");
        case 503:
            return WebSocketClient::tr("the server is full or unavailable (HTTP 503): try again later");
        default:
            return WebSocketClient::tr("the server refused the WebSocket handshake (HTTP %1)").arg(code);
        }
    }
    if (message.contains(u"wrong version number")) {
        QUrl plain = url;
        plain.setScheme(QStringLiteral("ws"));
        return WebSocketClient::tr("the server did not answer with TLS: this port speaks plain ws://, try %1")
            .arg(plain.toDisplayString());
    }
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return WebSocketClient::tr("connection refused: nothing listens on %1 port %2 (is the server running, is "
                                   "the port right?)")
            .arg(url.host())
            .arg(url.port(url.scheme() == u"wss" ? 443 : 80));
    case QAbstractSocket::HostNotFoundError:
        return WebSocketClient::tr("host \"%1\" not found").arg(url.host());
    default:
        return message;
    }
}

void WebSocketClient::Private::reportError(const QString &text)
{
    // Qt prefixes some handshake errors with its private function's name; users need only the reason.
    static const QRegularExpression internalPrefix(QStringLiteral("^QWebSocket\\w*::\\w+: "));
    QString message = text;
    message.remove(internalPrefix);
    if (message == errorString)
        return; // QWebSocket reports a failed handshake twice
    errorString = message;
    systemLine(WebSocketClient::tr("error: %1").arg(message), ClientFrame::Kind::Error);
    Q_EMIT q->errorOccurred(message);
}

void WebSocketClient::Private::startAttempt()
{
    dropSocket();
    userClosing = false;
    closeStarted = false;
    wasConnected = false;
    timedOut = false;
    certificateRejected = false;
    subprotocol.clear();
    errorString.clear();

    extensions.clear();

    const ClientOptions &options = q->m_options;
    QNetworkRequest request(options.url);
    for (const auto &[name, value] : options.headers)
        request.setRawHeader(name, value);
    setState(State::Connecting);
    systemLine(WebSocketClient::tr("connecting to %1 …").arg(options.url.toDisplayString()));
    connectTimer.start(connectTimeoutMs);
    if (options.compress) {
        auto *s = new WsClientSocket(options.origin, q);
        socket = s;
        wire(s);
        s->open(request, options.subprotocols);
    } else {
        auto *s = new QWebSocket(options.origin, QWebSocketProtocol::VersionLatest, q);
        socket = s;
        wire(s);
        QWebSocketHandshakeOptions handshake;
        handshake.setSubprotocols(options.subprotocols);
        s->open(request, handshake);
    }
}

// Plumbing only: what happens lives in the members it calls (lupdate files tr() calls in a template under the wrong
// context).
template<class Socket> void WebSocketClient::Private::wire(Socket *s)
{
    s->setMaxAllowedIncomingMessageSize(maxIncomingMessageSize);
    s->setMaxAllowedIncomingFrameSize(maxIncomingMessageSize);
    QObject::connect(s, &Socket::connected, q, [this, s] {
        if constexpr (std::is_same_v<Socket, WsClientSocket>)
            onConnected(s->subprotocol(), QString::fromLatin1(s->extensions()));
        else
            onConnected(s->subprotocol(), QString());
    });
    QObject::connect(s, &Socket::aboutToClose, q, [this] {
        // QWebSocket closes on a close frame from the server or on a protocol error (1002, 1007, 1009): either way
        // its closeCode() is meaningful, unlike after a dropped TCP connection.
        if (!userClosing)
            closeStarted = true;
    });
    QObject::connect(s, &Socket::disconnected, q, [this, s] { finishAttempt(s); });
    QObject::connect(s, &Socket::textMessageReceived, q, [this, s](const QString &text) {
        emitFrame(ClientFrame::Direction::In, ClientFrame::Kind::Text, text.toUtf8(), {}, receivedWireSize(s));
        Q_EMIT q->textReceived(text);
    });
    QObject::connect(s, &Socket::binaryMessageReceived, q, [this, s](const QByteArray &data) {
        emitFrame(ClientFrame::Direction::In, ClientFrame::Kind::Binary, data, {}, receivedWireSize(s));
        Q_EMIT q->binaryReceived(data);
    });
    QObject::connect(
        s, &Socket::pong, q, [this](quint64 elapsed, const QByteArray &payload) { onPong(qint64(elapsed), payload); });
    QObject::connect(s, errorSignal(s), q, [this, s](QAbstractSocket::SocketError error) {
        // The peer closing TCP after a close handshake is not worth a line.
        if (error == QAbstractSocket::RemoteHostClosedError && (closeStarted || userClosing))
            return;
        if (error == QAbstractSocket::SslHandshakeFailedError && certificateRejected)
            return;
        reportError(explain(error, s->errorString(), handshakeStatus(s)));
        // Some failures (e.g. a rejected handshake) leave the socket unconnected without a disconnected() signal.
        if (s->state() == QAbstractSocket::UnconnectedState)
            QTimer::singleShot(0, q, [this, guard = QPointer<Socket>(s)] {
                if (guard && guard == socket)
                    finishAttempt(guard);
            });
    });
#ifndef QT_NO_SSL
    QObject::connect(s, &Socket::sslErrors, q, [this, s](const QList<QSslError> &errors) {
        if (q->m_options.insecure)
            s->ignoreSslErrors();
        else if (acceptCertificate(errors))
            s->ignoreSslErrors(errors);
    });
#endif
}

void WebSocketClient::Private::onConnected(const QString &agreedSubprotocol, const QString &agreedExtensions)
{
    connectTimer.stop();
    wasConnected = true;
    reconnectDelayS = FirstReconnectDelayS;
    subprotocol = agreedSubprotocol;
    extensions = agreedExtensions;
    setState(State::Connected);
    systemLine(subprotocol.isEmpty() ? WebSocketClient::tr("connected")
                                     : WebSocketClient::tr("connected (subprotocol %1)").arg(subprotocol));
    if (q->m_options.compress)
        systemLine(extensions.isEmpty() ? WebSocketClient::tr("the server did not agree to compression "
                                                              "(permessage-deflate): messages go uncompressed")
                                        : WebSocketClient::tr("compression agreed: %1").arg(extensions));
    if (subprotocol.isEmpty() && !q->m_options.subprotocols.isEmpty())
        systemLine(WebSocketClient::tr("the server accepted none of the subprotocols asked for (%1)")
                       .arg(q->m_options.subprotocols.join(QStringLiteral(", "))),
            ClientFrame::Kind::Error);
    if (pingTimer.interval() > 0)
        pingTimer.start();
    Q_EMIT q->connected();
}

void WebSocketClient::Private::onPong(qint64 ms, const QByteArray &payload)
{
    emitFrame(ClientFrame::Direction::In, ClientFrame::Kind::Pong, payload, WebSocketClient::tr("%n ms", "", int(ms)));
    Q_EMIT q->pongReceived(ms);
}

bool WebSocketClient::Private::acceptCertificate(const QList<QSslError> &errors)
{
    // A certificate the user trusts (the desktop's own server's): its self-signed and name errors are expected.
    const auto trusted = [this](const QSslError &e) {
        return !e.certificate().isNull() && q->m_options.trustedCertificates.contains(e.certificate());
    };
    if (!q->m_options.trustedCertificates.isEmpty() && std::all_of(errors.begin(), errors.end(), trusted))
        return true;
    QStringList reasons;
    for (const QSslError &e : errors)
        reasons.append(e.errorString());
    QString message = WebSocketClient::tr("the server's certificate is not trusted: %1").arg(reasons.join(u"; "));
    if (!certificateHint.isEmpty())
        message += u" (" + certificateHint + u')';
    reportError(message);
    certificateRejected = true;
    return false;
}

void WebSocketClient::Private::finishAttempt(QObject *s)
{
    if (s != socket)
        return; // already finished
    connectTimer.stop();

    if (timedOut || (!closeStarted && !userClosing)) {
        closeCode = AbnormalClosure;
        closeReason = timedOut ? errorString : QString();
    } else {
        visit(s, [this](auto *socket) {
            closeCode = int(socket->closeCode());
            closeReason = socket->closeReason();
        });
    }
    if (closeCode == AbnormalClosure && errorString.isEmpty() && !userClosing) {
        // QAbstractSocket reports the state change before the error: take the error from the socket.
        visit(s, [this](auto *socket) {
            reportError(socket->error() != QAbstractSocket::UnknownSocketError && !socket->errorString().isEmpty()
                    ? explain(socket->error(), socket->errorString(), handshakeStatus(socket))
                    : WebSocketClient::tr("the connection dropped without a close frame"));
        });
    }
    const bool reconnect = autoReconnect && !userClosing;
    dropSocket();
    pingTimer.stop();

    if (!wasConnected)
        systemLine(userClosing ? WebSocketClient::tr("connecting cancelled") : WebSocketClient::tr("not connected"),
            ClientFrame::Kind::Close);
    else
        systemLine(closeReason.isEmpty()
                ? WebSocketClient::tr("closed (%1)").arg(closeCode)
                : WebSocketClient::tr("closed (%1 %2)").arg(QString::number(closeCode), closeReason),
            ClientFrame::Kind::Close);
    setState(reconnect ? State::WaitingToReconnect : State::Disconnected);
    Q_EMIT q->disconnected(closeCode, closeReason);

    // A slot connected to disconnected() may have called open() or close().
    if (reconnect && q->m_state == State::WaitingToReconnect) {
        systemLine(WebSocketClient::tr("reconnecting in %n s", "", reconnectDelayS));
        reconnectTimer.start(reconnectDelayS * 1000);
        reconnectDelayS = std::min(reconnectDelayS * 2, MaxReconnectDelayS);
    }
}

WebSocketClient::WebSocketClient(QObject *parent) : QObject(parent), d(std::make_unique<Private>(this))
{
    d->connectTimer.setSingleShot(true);
    d->reconnectTimer.setSingleShot(true);
    connect(&d->connectTimer, &QTimer::timeout, this, [this] {
        if (!d->socket)
            return;
        QObject *s = d->socket;
        if (m_state == State::Closing) {
            d->reportError(tr("the server did not answer the close frame within %n ms", "", d->connectTimeoutMs));
        } else {
            d->timedOut = true;
            d->reportError(tr("timed out after %n ms without a connection", "", d->connectTimeoutMs));
        }
        d->visit(s, [](auto *socket) { socket->abort(); });
        d->finishAttempt(s); // no-op if abort() already emitted disconnected()
    });
    connect(&d->reconnectTimer, &QTimer::timeout, this, [this] { d->startAttempt(); });
    connect(&d->pingTimer, &QTimer::timeout, this, [this] { ping(); });
}

WebSocketClient::~WebSocketClient()
{
    d->reconnectTimer.stop();
    if (d->socket)
        QObject::disconnect(d->socket, nullptr, this, nullptr); // no signals from a half-destroyed object
}

void WebSocketClient::open(const ClientOptions &options)
{
    d->reconnectTimer.stop();
    m_options = options;
    d->autoReconnect = options.autoReconnect;
    d->reconnectDelayS = FirstReconnectDelayS;
    if (!options.url.isValid() || (options.url.scheme() != u"ws" && options.url.scheme() != u"wss")) {
        d->dropSocket();
        d->closeCode = AbnormalClosure;
        d->closeReason.clear();
        d->reportError(tr("invalid WebSocket URL \"%1\": use ws:// or wss://").arg(options.url.toDisplayString()));
        d->setState(State::Disconnected);
        Q_EMIT disconnected(d->closeCode, d->closeReason);
        return;
    }
    d->startAttempt();
}

void WebSocketClient::close(int closeCode, const QString &reason)
{
    d->reconnectTimer.stop();
    d->userClosing = true;
    if (!d->socket) {
        d->setState(State::Disconnected);
        return;
    }
    QObject *s = d->socket;
    if (m_state == State::Connected) {
        d->emitFrame(ClientFrame::Direction::Out, ClientFrame::Kind::Close, reason.toUtf8(),
            reason.isEmpty() ? QString::number(closeCode) : QString::number(closeCode) + u' ' + reason);
        d->setState(State::Closing);
        d->visit(s, [&](auto *socket) {
            if constexpr (std::is_same_v<std::remove_pointer_t<decltype(socket)>, WsClientSocket>)
                socket->close(closeCode, reason);
            else
                socket->close(QWebSocketProtocol::CloseCode(closeCode), reason); // QWebSocket's API takes only this
        });
        // A server that never answers the close frame must not keep us waiting forever.
        d->connectTimer.start(d->connectTimeoutMs);
        return;
    }
    if (m_state == State::Closing)
        return;
    // Still connecting: give up on the attempt.
    d->visit(s, [](auto *socket) { socket->abort(); });
    d->finishAttempt(s);
}

bool WebSocketClient::sendText(const QString &text)
{
    if (m_state != State::Connected || !d->socket)
        return false;
    const bool sent = d->visit(d->socket,
        [this, &text](auto *s) { return s->bytesToWrite() <= d->maxBytesToWrite && s->sendTextMessage(text) >= 0; });
    if (sent)
        d->emitFrame(ClientFrame::Direction::Out, ClientFrame::Kind::Text, text.toUtf8(), {}, d->sentWireSize());
    return sent;
}

bool WebSocketClient::sendBinary(const QByteArray &data)
{
    if (m_state != State::Connected || !d->socket)
        return false;
    const bool sent = d->visit(d->socket,
        [this, &data](auto *s) { return s->bytesToWrite() <= d->maxBytesToWrite && s->sendBinaryMessage(data) >= 0; });
    if (sent)
        d->emitFrame(ClientFrame::Direction::Out, ClientFrame::Kind::Binary, data, {}, d->sentWireSize());
    return sent;
}

bool WebSocketClient::ping(const QByteArray &payload)
{
    if (m_state != State::Connected || !d->socket || payload.size() > MaxPingPayload)
        return false;
    d->visit(d->socket, [&payload](auto *s) { s->ping(payload); });
    d->emitFrame(ClientFrame::Direction::Out, ClientFrame::Kind::Ping, payload);
    return true;
}

QString WebSocketClient::negotiatedSubprotocol() const
{
    return d->subprotocol;
}

QString WebSocketClient::negotiatedExtensions() const
{
    return d->extensions;
}

int WebSocketClient::closeCode() const
{
    return d->closeCode;
}

QString WebSocketClient::closeReason() const
{
    return d->closeReason;
}

QString WebSocketClient::errorString() const
{
    return d->errorString;
}

quint16 WebSocketClient::localPort() const
{
    return d->socket ? d->visit(d->socket, [](auto *s) { return s->localPort(); }) : 0;
}

void WebSocketClient::setAutoReconnect(bool enabled)
{
    d->autoReconnect = enabled;
    m_options.autoReconnect = enabled;
    if (!enabled && m_state == State::WaitingToReconnect) {
        d->reconnectTimer.stop();
        d->setState(State::Disconnected);
    }
}

void WebSocketClient::setPingInterval(int ms)
{
    d->pingTimer.setInterval(std::max(ms, 0));
    if (ms > 0 && m_state == State::Connected)
        d->pingTimer.start();
    else if (ms <= 0)
        d->pingTimer.stop();
}

int WebSocketClient::pingInterval() const
{
    return d->pingTimer.interval();
}

void WebSocketClient::setCertificateHint(const QString &hint)
{
    d->certificateHint = hint;
}

void WebSocketClient::setConnectTimeout(int ms)
{
    d->connectTimeoutMs = std::max(ms, 1);
}

int WebSocketClient::connectTimeout() const
{
    return d->connectTimeoutMs;
}

int WebSocketClient::reconnectDelay() const
{
    return d->reconnectTimer.isActive() ? d->reconnectTimer.interval() / 1000 : 0;
}

QString WebSocketClient::closeError(int code, const QString &reason)
{
    const bool valid
        = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    if (!valid)
        return tr("Close code %1 cannot be sent: use 1000-1003, 1007-1014 or 3000-4999.").arg(code);
    if (reason.toUtf8().size() > 123)
        return tr("The close reason is %1 bytes; at most 123 fit in a close frame.").arg(reason.toUtf8().size());
    return {};
}

bool WebSocketClient::parseHex(const QString &text, QByteArray &out)
{
    QByteArray result;
    const QStringList tokens = text.simplified().split(u' ', Qt::SkipEmptyParts);
    for (QString token : tokens) {
        if (token.startsWith(u"0x", Qt::CaseInsensitive))
            token.remove(0, 2);
        if (token.isEmpty() || token.size() % 2 != 0)
            return false;
        for (qsizetype i = 0; i < token.size(); i += 2) {
            if (!isHexDigit(token.at(i)) || !isHexDigit(token.at(i + 1)))
                return false;
            result.append(char(token.mid(i, 2).toUInt(nullptr, 16)));
        }
    }
    out = result;
    return true;
}

} // namespace Duplex

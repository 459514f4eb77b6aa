#include "listener.h"

#include "tlsbridge.h"
#include "tlscontext.h"

#include <QHash>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <malloc.h>

#include <algorithm>

namespace Duplex {

namespace {

constexpr QByteArrayView HeadEnd = "\r\n\r\n";

QString peerOf(const QTcpSocket *socket)
{
    return socket->peerAddress().toString() + u':' + QString::number(socket->peerPort());
}

constexpr qint64 MaxBodyBytes = 1024 * 1024; // no route takes a body; a larger Content-Length is refused

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isToken(QByteArrayView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c)
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
    });
}

// The HTTP (RFC 9112) and opening-handshake (RFC 6455, 4.2.1) rules for the first request head, checked here so
// that a bad request gets a status and a log line: QHttpServer and QWebSocketServer drop some without a word and
// let others through. Returns 0 when the head is fine, else the status to refuse it with, and sets the reason.
int checkRequestHead(const QByteArray &head, bool upgrade, QString &reason)
{
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    const QList<QByteArray> parts = lines.first().split(' ');
    const bool printableTarget = parts.size() == 3 && !parts.at(1).isEmpty()
        && std::all_of(parts.at(1).begin(), parts.at(1).end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (!printableTarget || !isToken(parts.at(0)) || !parts.at(2).startsWith("HTTP/")) {
        reason = Listener::tr("malformed request line");
        return 400;
    }
    const QByteArray &version = parts.at(2);
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        reason = Listener::tr("unsupported protocol %1").arg(QString::fromLatin1(version.left(16)));
        const bool wellFormed
            = version.size() == 8 && isDigit(version.at(5)) && version.at(6) == '.' && isDigit(version.at(7));
        return wellFormed ? 505 : 400;
    }
    int hosts = 0;
    bool hasVersion = false;
    QByteArray key, webSocketVersion, connection;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon))) {
            reason = Listener::tr("malformed header line");
            return 400;
        }
        const QByteArray name = line.first(colon).toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed();
        if (name == "host") {
            ++hosts;
        } else if (name == "content-length") {
            if (value.isEmpty() || value.size() > 18 || !std::all_of(value.begin(), value.end(), isDigit)) {
                reason = Listener::tr("invalid Content-Length");
                return 400;
            }
            if (value.toLongLong() > MaxBodyBytes) {
                reason = Listener::tr("request body of %1 bytes is too large").arg(value.toLongLong());
                return 413;
            }
        } else if (name == "sec-websocket-key") {
            key = value;
        } else if (name == "sec-websocket-version") {
            hasVersion = true;
            webSocketVersion = value;
        } else if (name == "connection") {
            connection += value.toLower() + ',';
        }
    }
    if (version == "HTTP/1.1" && hosts != 1) {
        reason = hosts == 0 ? Listener::tr("no Host header") : Listener::tr("more than one Host header");
        return 400;
    }
    if (!upgrade)
        return 0;
    if (parts.at(0) != "GET" || version != "HTTP/1.1") {
        reason = Listener::tr("a WebSocket upgrade must be a GET request over HTTP/1.1");
        return 400;
    }
    const QList<QByteArray> tokens = connection.split(',');
    if (std::none_of(tokens.begin(), tokens.end(), [](const QByteArray &t) { return t.trimmed() == "upgrade"; })) {
        reason = Listener::tr("a WebSocket upgrade without \"Connection: Upgrade\"");
        return 400;
    }
    if (!hasVersion) {
        reason = Listener::tr("a WebSocket upgrade without Sec-WebSocket-Version");
        return 400;
    }
    if (webSocketVersion != "13") {
        reason = Listener::tr("unsupported Sec-WebSocket-Version %1 (13 is supported)")
                     .arg(QString::fromLatin1(webSocketVersion.left(16)));
        return 426;
    }
    const auto decoded = QByteArray::fromBase64Encoding(key, QByteArray::AbortOnBase64DecodingErrors);
    if (key.size() != 24 || !decoded || decoded.decoded.size() != 16) {
        reason = Listener::tr("invalid Sec-WebSocket-Key");
        return 400;
    }
    return 0;
}

} // namespace

Listener::Listener(QObject *parent) : QTcpServer(parent), m_sweep(new QTimer(this))
{
    m_clock.start();
    connect(m_sweep, &QTimer::timeout, this, &Listener::dropLateClients);
}

// One timer for every socket still sending its request head, rather than a timer object per connection.
void Listener::dropLateClients()
{
    const qint64 now = m_clock.elapsed();
    QList<QTcpSocket *> late;
    for (auto it = m_deadlines.cbegin(); it != m_deadlines.cend(); ++it) {
        if (it.value() <= now)
            late.append(it.key());
    }
    // Still ours after the timeout: the client never sent a complete request head (slowloris).
    for (QTcpSocket *socket : std::as_const(late))
        reject(socket, 408, tr("no complete request within %1 ms").arg(m_handshakeTimeoutMs));
    if (m_deadlines.isEmpty())
        m_sweep->stop();
}

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
    if (m_tls) {
        // The TLS handshake first (under the handshake timeout), then the request head as on a plain port.
        ++m_pending;
        auto *bridge = new TlsBridge(int(descriptor), *m_tls, m_handshakeTimeoutMs, this);
        connect(bridge, &TlsBridge::ready, this, [this](QTcpSocket *plain) {
            --m_pending;
            adopt(plain);
            handshakeDone();
        });
        connect(bridge, &TlsBridge::failed, this, [this, bridge](int status, const QString &reason) {
            --m_pending;
            handshakeDone();
            if (!reason.isEmpty()) {
                Q_EMIT rejected(
                    bridge->peerAddress().toString() + u':' + QString::number(bridge->peerPort()), status, reason);
            }
        });
        return;
    }
    QTcpSocket *socket = nullptr;
    if (isSecure()) {
        auto *ssl = new QSslSocket;
        ssl->setSslConfiguration(m_ssl);
        socket = ssl;
    } else {
        socket = new QTcpSocket;
    }
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        // A plain-HTTP client on a TLS port fails the handshake: drop it, the timeout below also covers the handshake.
        connect(ssl, &QSslSocket::sslErrors, ssl, [ssl](const QList<QSslError> &) { ssl->abort(); });
        ssl->startServerEncryption();
    }
    adopt(socket);
}

// A TLS handshake allocates about 100 KB for a moment (OpenSSL's buffers, key exchange, certificate), a plain one
// some KB (the QTcpSocket's buffers, the request head); hundreds at once leave free pages between the connections'
// small long-lived blocks, which malloc keeps. Once a second while handshakes happen, they go back to the system:
// 2,000 idle wss:// connections hold 7.3 → 5.1 KB each.
void Listener::handshakeDone()
{
    if (!m_trim) {
        m_trim = new QTimer(this);
        m_trim->setSingleShot(true);
        m_trim->setInterval(1000);
        connect(m_trim, &QTimer::timeout, this, [] { malloc_trim(0); });
    }
    if (!m_trim->isActive())
        m_trim->start();
}

void Listener::adopt(QTcpSocket *socket)
{
    ++m_pending;
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspect(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        --m_pending;
        m_deadlines.remove(socket);
        m_held.remove(socket);
        socket->disconnect(this);
        socket->deleteLater();
    });
    m_deadlines.insert(socket, m_clock.elapsed() + m_handshakeTimeoutMs);
    if (!m_sweep->isActive())
        m_sweep->start(std::clamp(m_handshakeTimeoutMs / 4, 20, 250));
    if (socket->bytesAvailable() > 0)
        inspect(socket);
}

void Listener::inspect(QTcpSocket *socket)
{
    const QByteArray head = socket->peek(m_maxHeaderBytes + HeadEnd.size());
    // A TLS ClientHello (a handshake record: 0x16, version 3.x) on a plain port would wait for the handshake timeout
    // and the client would see a timeout: answer in plain HTTP at once, which a TLS client reports as such.
    if (!isSecure() && head.size() >= 2 && head.at(0) == 0x16 && head.at(1) == 0x03) {
        reject(socket, 400, tr("a TLS handshake on a plain port: this port speaks ws:// and http://"));
        return;
    }
    const qsizetype end = head.indexOf(HeadEnd);
    if (end < 0) {
        if (head.size() > m_maxHeaderBytes)
            reject(socket, 431, tr("request head over %1 bytes").arg(m_maxHeaderBytes));
        return;
    }
    const QByteArray requestHead = head.first(end);
    const bool upgrade = isWebSocketUpgrade(requestHead);
    if (QString reason; const int status = checkRequestHead(requestHead, upgrade, reason)) {
        reject(socket, status, reason);
        return;
    }
    if (const auto held = m_held.constFind(socket); held != m_held.cend() && held.value())
        return; // waiting out a handshake delay
    if (upgrade && m_gate && !m_held.contains(socket)) {
        const Verdict verdict = m_gate(requestHead);
        if (verdict.status != 0) {
            reject(socket, verdict.status, verdict.reason, verdict.retryAfter);
            return;
        }
        if (verdict.delayMs > 0) {
            m_held.insert(socket, true);
            QTimer::singleShot(verdict.delayMs, socket, [this, socket] {
                if (m_held.contains(socket)) {
                    m_held.insert(socket, false);
                    inspect(socket);
                }
            });
            return;
        }
    }
    m_held.remove(socket);
    // From here on the socket belongs to the WebSocket server or to the HTTP server.
    socket->disconnect(this);
    m_deadlines.remove(socket);
    --m_pending;
    if (upgrade) {
        // QWebSocket does not delete the QTcpSocket it was upgraded from once the close handshake has completed
        // (LeakSanitizer, tst_hub): free it when the connection ends. QWebSocket forgets it on destroyed().
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        Q_EMIT webSocketRequest(socket);
        handshakeDone(); // the socket's buffers are freed once its descriptor is taken
    } else
        Q_EMIT httpRequest(socket);
}

void Listener::reject(QTcpSocket *socket, int status, const QString &reason, int retryAfter)
{
    m_held.remove(socket);
    static const QHash<int, QByteArray> phrases {{400, "Bad Request"}, {401, "Unauthorized"}, {403, "Forbidden"},
        {404, "Not Found"}, {408, "Request Timeout"}, {413, "Content Too Large"}, {426, "Upgrade Required"},
        {429, "Too Many Requests"}, {431, "Request Header Fields Too Large"}, {500, "Internal Server Error"},
        {502, "Bad Gateway"}, {503, "Service Unavailable"}, {504, "Gateway Timeout"},
        {505, "HTTP Version Not Supported"}};
    Q_EMIT rejected(peerOf(socket), status, reason);
    m_deadlines.remove(socket);
    socket->disconnect(this);
    if (auto *ssl = qobject_cast<QSslSocket *>(socket); ssl && !ssl->isEncrypted()) {
        // A TLS handshake that never finished (the Qt engine): no answer can reach the client, and
        // disconnectFromHost() would wait for one to be written. The native engine's TlsBridge has its own timeout.
        --m_pending;
        ssl->abort();
        ssl->deleteLater();
        return;
    }
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        --m_pending;
        socket->deleteLater();
    });
    const QByteArray body = reason.toUtf8() + '\n';
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + phrases.value(status, "Error")
        + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n";
    if (retryAfter > 0)
        response += "Retry-After: " + QByteArray::number(retryAfter) + "\r\n";
    if (status == 401)
        response += "WWW-Authenticate: Bearer\r\n";
    else if (status == 426)
        response += "Sec-WebSocket-Version: 13\r\n"; // RFC 6455, 4.4: the versions this server speaks
    socket->write(response + "\r\n" + body);
    socket->disconnectFromHost();
}

} // namespace Duplex

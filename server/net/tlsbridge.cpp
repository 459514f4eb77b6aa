#include "tlsbridge.h"

#include "tlscontext.h"

#include <QSocketNotifier>
#include <QTimerEvent>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace Duplex {

namespace {

constexpr qsizetype Chunk = 16 * 1024; // one TLS record
constexpr qsizetype Bound = 64 * 1024; // buffered each way before the other side is read no more

QByteArray plainHttpOnTlsPort()
{
    const QByteArray body = "This port speaks TLS: open it with https:// (the page) or wss:// (WebSocket).\n";
    return "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

void addressOf(const sockaddr_storage &storage, QHostAddress &address, quint16 &port)
{
    address.setAddress(reinterpret_cast<const sockaddr *>(&storage));
    if (storage.ss_family == AF_INET)
        port = ntohs(reinterpret_cast<const sockaddr_in &>(storage).sin_port);
    else if (storage.ss_family == AF_INET6)
        port = ntohs(reinterpret_cast<const sockaddr_in6 &>(storage).sin6_port);
}

} // namespace

TlsBridge::TlsBridge(int fd, const TlsContext &context, int handshakeTimeoutMs, QObject *parent)
    : QObject(parent), m_fd(fd), m_ssl(context.newConnection(fd)), m_handshakeTimeoutMs(handshakeTimeoutMs)
{
    // accept() gave a blocking descriptor (QTcpSocket would make it non-blocking; OpenSSL must not wait on it).
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    sockaddr_storage peer {};
    socklen_t length = sizeof peer;
    if (::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &length) == 0)
        addressOf(peer, m_peer, m_peerPort);
    m_tlsRead = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    m_tlsWrite = new QSocketNotifier(fd, QSocketNotifier::Write, this);
    m_tlsWrite->setEnabled(false);
    connect(m_tlsRead, &QSocketNotifier::activated, this, &TlsBridge::activity);
    connect(m_tlsWrite, &QSocketNotifier::activated, this, &TlsBridge::activity);
    m_handshakeTimer.start(handshakeTimeoutMs, this);
    if (!m_ssl)
        QMetaObject::invokeMethod(
            this, [this] { fail(0, TlsContext::lastError()); }, Qt::QueuedConnection);
}

TlsBridge::~TlsBridge()
{
    if (m_ssl)
        SSL_free(m_ssl);
    if (m_fd >= 0)
        ::close(m_fd);
    if (m_pair >= 0)
        ::close(m_pair);
}

void TlsBridge::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_handshakeTimer.timerId())
        return QObject::timerEvent(event);
    m_handshakeTimer.stop();
    fail(0, tr("no TLS handshake within %1 ms").arg(m_handshakeTimeoutMs));
}

void TlsBridge::activity()
{
    if (m_ended)
        return;
    if (m_pair < 0)
        handshake();
    else
        pump();
}

void TlsBridge::handshake()
{
    if (!m_ssl)
        return;
    // What a TLS client sends first is a handshake record (0x16). Anything else is most likely plain HTTP on the TLS
    // port: answer it in plain HTTP, which a browser shows, rather than with a TLS alert it cannot read.
    char first = 0x16;
    const ssize_t peeked = std::exchange(m_checkedFirstByte, true) ? 1 : ::recv(m_fd, &first, 1, MSG_PEEK);
    if (peeked == 0) {
        fail(0, {}); // gone before saying anything (a port scan, a health check of the TCP port)
        return;
    }
    if (peeked < 0)
        m_checkedFirstByte = false; // nothing to read yet
    if (peeked == 1 && first != 0x16) {
        const QByteArray answer = plainHttpOnTlsPort();
        [[maybe_unused]] const ssize_t sent
            = ::send(m_fd, answer.constData(), std::size_t(answer.size()), MSG_NOSIGNAL);
        ::shutdown(m_fd, SHUT_WR);
        fail(400, tr("plain HTTP on the TLS port: this port speaks https:// and wss://"));
        return;
    }
    ERR_clear_error();
    const int result = SSL_do_handshake(m_ssl);
    if (result != 1) {
        const int error = SSL_get_error(m_ssl, result);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
            m_tlsWrite->setEnabled(error == SSL_ERROR_WANT_WRITE);
            return;
        }
        const QString why = TlsContext::lastError();
        fail(0,
            why.isEmpty() ? tr("TLS handshake failed: the client hung up") : tr("TLS handshake failed: %1").arg(why));
        return;
    }
    m_handshakeTimer.stop();
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) != 0) {
        fail(0, tr("out of file descriptors"));
        return;
    }
    m_pair = pair[1];
    m_pairRead = new QSocketNotifier(m_pair, QSocketNotifier::Read, this);
    m_pairWrite = new QSocketNotifier(m_pair, QSocketNotifier::Write, this);
    m_pairWrite->setEnabled(false);
    connect(m_pairRead, &QSocketNotifier::activated, this, &TlsBridge::activity);
    connect(m_pairWrite, &QSocketNotifier::activated, this, &TlsBridge::activity);

    sockaddr_storage local {};
    socklen_t length = sizeof local;
    QHostAddress localAddress;
    quint16 localPort = 0;
    if (::getsockname(m_fd, reinterpret_cast<sockaddr *>(&local), &length) == 0)
        addressOf(local, localAddress, localPort);
    auto *plain = new TlsPlainSocket(this);
    if (!plain->attach(pair[0], localAddress, localPort)) {
        ::close(pair[0]);
        delete plain;
        fail(0, tr("out of file descriptors"));
        return;
    }
    pump(); // what came with the handshake's last flight
    if (!m_ended)
        Q_EMIT ready(plain);
    else
        delete plain;
}

void TlsBridge::pump()
{
    char buffer[Chunk];
    for (;;) {
        bool progress = false;
        // Client → pair. OpenSSL holds whole records: read until it wants more from the socket.
        m_readWantsWrite = false;
        while (!m_tlsEnded && m_toPlain.size() < Bound) {
            ERR_clear_error();
            const int n = SSL_read(m_ssl, buffer, int(sizeof buffer));
            if (n > 0) {
                m_toPlain.append(buffer, n);
                progress = true;
                continue;
            }
            const int error = SSL_get_error(m_ssl, n);
            if (error == SSL_ERROR_WANT_WRITE)
                m_readWantsWrite = true;
            else if (error != SSL_ERROR_WANT_READ)
                m_tlsEnded = true; // close_notify, a hang-up or a broken record: the client is done either way
            break;
        }
        while (!m_toPlain.isEmpty()) {
            const ssize_t n = ::send(m_pair, m_toPlain.constData(), std::size_t(m_toPlain.size()), MSG_NOSIGNAL);
            if (n > 0) {
                m_toPlain.remove(0, n);
                progress = true;
            } else if (n < 0 && errno == EINTR) {
                continue;
            } else {
                if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                    m_toPlain.clear(); // the plain side is gone
                    m_pairEnded = true;
                }
                break;
            }
        }
        // Pair → client.
        while (!m_pairEnded && m_toTls.size() < Bound) {
            const ssize_t n = ::read(m_pair, buffer, sizeof buffer);
            if (n > 0) {
                m_toTls.append(buffer, n);
                progress = true;
            } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
                m_pairEnded = true;
            } else {
                break;
            }
        }
        bool writeBlocked = false;
        while (!m_toTls.isEmpty() && !m_tlsEnded) {
            ERR_clear_error();
            const int n = SSL_write(m_ssl, m_toTls.constData(), int(std::min<qsizetype>(m_toTls.size(), Chunk)));
            if (n > 0) {
                m_toTls.remove(0, n);
                progress = true;
                continue;
            }
            const int error = SSL_get_error(m_ssl, n);
            if (error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ)
                writeBlocked = true;
            else {
                m_tlsEnded = true; // the client is gone: what was for it is dropped
                m_toTls.clear();
            }
            break;
        }
        if (m_tlsEnded && m_toPlain.isEmpty() && m_pair >= 0)
            ::shutdown(m_pair, SHUT_WR); // the plain side sees the client hang up once it has read everything
        if (m_pairEnded && m_toTls.isEmpty()) {
            if (!m_tlsEnded) {
                SSL_shutdown(m_ssl); // close_notify: the response is complete
                ::shutdown(m_fd, SHUT_WR);
            }
            end();
            return;
        }
        if (m_tlsEnded && m_pairEnded) {
            end();
            return;
        }
        if (!progress || writeBlocked)
            break;
    }
    updateNotifiers();
}

void TlsBridge::updateNotifiers()
{
    m_tlsRead->setEnabled(!m_tlsEnded && m_toPlain.size() < Bound);
    m_tlsWrite->setEnabled(!m_tlsEnded && (!m_toTls.isEmpty() || m_readWantsWrite));
    m_pairRead->setEnabled(!m_pairEnded && m_toTls.size() < Bound);
    m_pairWrite->setEnabled(!m_toPlain.isEmpty());
}

TlsBridge::Released TlsBridge::release()
{
    Released released {std::exchange(m_fd, -1), std::exchange(m_ssl, nullptr), std::exchange(m_toPlain, {})};
    end();
    return released;
}

void TlsBridge::fail(int status, const QString &reason)
{
    if (m_ended)
        return;
    Q_EMIT failed(status, reason);
    end();
}

void TlsBridge::end()
{
    if (m_ended)
        return;
    m_ended = true;
    m_handshakeTimer.stop();
    for (QSocketNotifier *notifier : {m_tlsRead, m_tlsWrite, m_pairRead, m_pairWrite}) {
        if (notifier)
            notifier->setEnabled(false);
    }
    deleteLater(); // the descriptors and the SSL go in the destructor, after any notifier call on the stack
}

TlsPlainSocket::TlsPlainSocket(TlsBridge *bridge) : m_bridge(bridge)
{ }

bool TlsPlainSocket::attach(int fd, const QHostAddress &local, quint16 localPort)
{
    if (!setSocketDescriptor(fd))
        return false;
    setPeerAddress(m_bridge->peerAddress());
    setPeerPort(m_bridge->peerPort());
    setLocalAddress(local);
    setLocalPort(localPort);
    return true;
}

} // namespace Duplex

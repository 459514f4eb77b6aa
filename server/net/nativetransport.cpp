#include "nativetransport.h"

#include "accesspolicy.h"
#include "tlsbridge.h"

#include <QEvent>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QTimerEvent>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace Duplex {

namespace {

// A 64 KiB message arrives in one read and is handled where it was read: a smaller buffer left its frame incomplete
// and had it copied into the connection's own buffer first.
constexpr qsizetype ReadChunk = 256 * 1024;
constexpr qsizetype KeptOutputCapacity = 16 * 1024; // more than this is given back once written
constexpr qsizetype DirectReadFrom = 4 * 1024; // less room than this left in a pending frame: read the usual way
// A batched read (IoBatch) that brought this much asks for a whole ReadChunk next time: large messages then arrive
// whole instead of cut at the batch's smallest slice (16 KiB) and put together in a buffer of their own.
constexpr qsizetype LargeReadFrom = 16 * 1024;
constexpr int CloseTimeoutMs = 3000; // how long a client may take to answer our close frame
constexpr int FailTimeoutMs = 1000; // after a protocol error: how long to wait for the client to hang up
// Shorter messages go out uncompressed: deflate's few bytes of overhead would eat what it saves.
constexpr qsizetype CompressFromBytes = 64;

// One buffer per thread for every read(): a connection keeps only what it could not handle yet.
char *readBuffer()
{
    thread_local const std::unique_ptr<char[]> buffer(new char[ReadChunk]);
    return buffer.get();
}

} // namespace

// A read or write notifier that calls its transport directly rather than emitting activated(): saves a signal
// emission per message.
class NativeTransport::Notifier final : public QSocketNotifier
{
public:
    Notifier(int fd, Type type, NativeTransport *owner) : QSocketNotifier(fd, type, owner), m_owner(owner) { }

protected:
    bool event(QEvent *e) override
    {
        if (e->type() != QEvent::SockAct)
            return QSocketNotifier::event(e);
        if (type() == Read)
            m_owner->readyRead();
        else
            m_owner->flush();
        return true; // `this` may be disabled now, but it is deleted only with its owner, later
    }

private:
    NativeTransport *m_owner;
};

NativeTransport::Descriptor::~Descriptor()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

NativeTransport::Setup NativeTransport::takeOver(
    QTcpSocket *socket, const QString &serverName, const QStringList &subprotocols, bool compression)
{
    Setup setup;
    QByteArray data = socket->readAll(); // the request head the Listener checked, and what followed it
    HandshakeInfo &info = setup.handshake;
    info.peerAddress = socket->peerAddress();
    info.peerPort = socket->peerPort();
    int fd = -1;
    if (auto *plain = qobject_cast<TlsPlainSocket *>(socket); plain && plain->bridge()) {
        // wss://: what the socket pair still holds, then what the bridge had decrypted, came after the head.
        char chunk[16 * 1024];
        ssize_t n = 0;
        while ((n = ::read(int(socket->socketDescriptor()), chunk, sizeof chunk)) > 0)
            data.append(chunk, n);
        TlsBridge::Released released = plain->bridge()->release();
        data += released.plain;
        fd = released.fd;
        setup.tls = std::make_shared<TlsHandle>(released.ssl);
    } else {
        // The kernel's socket outlives the QTcpSocket through a second descriptor; abort() closes only Qt's.
        fd = ::fcntl(int(socket->socketDescriptor()), F_DUPFD_CLOEXEC, 0);
    }
    socket->abort();
    if (fd >= 0)
        setup.descriptor = std::make_shared<Descriptor>(fd);
    const qsizetype end = data.indexOf("\r\n\r\n");
    const QByteArray head = data.first(std::max<qsizetype>(end, 0));

    info.requestUrl = QUrl::fromEncoded(AccessPolicy::requestTarget(head));
    info.origin = QString::fromUtf8(AccessPolicy::headerValue(head, "origin"));
    info.userAgent = QString::fromUtf8(AccessPolicy::headerValue(head, "user-agent"));
    info.head = head;
    const QList<QByteArray> offered = AccessPolicy::headerList(head, "sec-websocket-protocol");
    for (const QString &mine : subprotocols) {
        if (offered.contains(mine.toUtf8())) {
            info.subprotocol = mine;
            break;
        }
    }

    QByteArray &r = setup.response;
    r = "HTTP/1.1 101 Switching Protocols\r\nServer: " + serverName.toUtf8()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "
        + WsFraming::acceptKey(AccessPolicy::headerValue(head, "sec-websocket-key")) + "\r\n";
    if (!info.subprotocol.isEmpty())
        r += "Sec-WebSocket-Protocol: " + info.subprotocol.toUtf8() + "\r\n";
    if (compression) {
        const QList<QByteArray> offers = AccessPolicy::headerList(head, "sec-websocket-extensions");
        // Past Max*Contexts connections that keep a zlib state, the next ones keep none on that side.
        setup.deflate = PerMessageDeflate::negotiate(offers.join(", "),
            PerMessageDeflate::clientContexts() >= PerMessageDeflate::MaxClientContexts,
            PerMessageDeflate::serverContexts() >= PerMessageDeflate::MaxServerContexts);
        if (setup.deflate) {
            const QByteArray agreed = setup.deflate->responseValue();
            info.compression = QString::fromLatin1(agreed);
            r += "Sec-WebSocket-Extensions: " + agreed + "\r\n";
        }
    }
    r += "\r\n";
    if (end >= 0)
        setup.early = data.sliced(end + 4);
    return setup;
}

NativeTransport::NativeTransport(Setup setup, QObject *parent)
    : Transport(parent),
      m_fd(setup.descriptor->take()),
      m_out(std::move(setup.response)),
      m_ticket(std::move(setup.ticket))
{
    m_handshake = std::make_unique<HandshakeInfo>(std::move(setup.handshake));
    if (setup.tls) {
        m_ssl = setup.tls->take();
        m_records = TlsRecords::fromHandshake(m_ssl);
        if (m_records) {
            SSL_free(m_ssl); // TLS 1.3 from here on without OpenSSL's per-connection state
            m_ssl = nullptr;
        }
    }
    m_read = new Notifier(m_fd, QSocketNotifier::Read, this);
    m_parser.setLimits(0, 0);
    if (setup.deflate) {
        m_inflater = std::make_unique<PerMessageDeflate::Inflater>(setup.deflate->clientNoContextTakeover);
        m_parser.setInflater(m_inflater.get());
        m_deflateWindowBits = setup.deflate->serverMaxWindowBits;
        if (!setup.deflate->serverNoContextTakeover)
            m_deflater = std::make_unique<PerMessageDeflate::Deflater>(setup.deflate->serverMaxWindowBits);
    }
    // Written with the first flush() (the Hub's, once it has taken the connection); read after that. Over TLS,
    // OpenSSL may hold a record already read from the socket: read once without waiting for the socket.
    if (!setup.early.isEmpty() || m_ssl) {
        QMetaObject::invokeMethod(
            this,
            [this, early = std::move(setup.early)]() mutable {
                if (!early.isEmpty())
                    feed(early.data(), early.size());
                if (m_ssl && m_state != State::Closed && !m_readPaused)
                    readTls();
            },
            Qt::QueuedConnection);
    }
}

NativeTransport::~NativeTransport()
{
    if (m_inBatch)
        IoBatch::forThread()->forget(static_cast<IoBatch::Writer *>(this));
    if (m_inReadBatch)
        IoBatch::forThread()->forgetReader(this);
    m_handler = nullptr;
    if (m_state != State::Closed)
        finish();
}

void NativeTransport::setMessageLimits(qint64 maxMessageSize, qint64 maxFrameSize)
{
    m_parser.setLimits(maxMessageSize, maxFrameSize);
}

void NativeTransport::sendText(const QString &text)
{
    m_lastSentWireSize = -1;
    if (m_state != State::Open)
        return;
    if (m_deflateWindowBits != 0 && text.size() >= CompressFromBytes) {
        thread_local QByteArray utf8;
        utf8 = text.toUtf8();
        sendCompressed(WsFraming::Text, utf8);
        if (utf8.capacity() > KeptOutputCapacity)
            utf8 = QByteArray();
        return;
    }
    takeSpareOutput(text.size() * 3 + 10);
    WsFraming::appendTextFrame(m_out, text);
}

void NativeTransport::sendTextUtf8(QByteArrayView utf8)
{
    m_lastSentWireSize = -1;
    if (m_state != State::Open)
        return;
    if (m_deflateWindowBits != 0 && utf8.size() >= CompressFromBytes) {
        sendCompressed(WsFraming::Text, utf8);
    } else {
        takeSpareOutput(utf8.size() + 10);
        WsFraming::appendFrame(m_out, WsFraming::Text, utf8);
    }
}

void NativeTransport::sendBinary(const QByteArray &data)
{
    m_lastSentWireSize = -1;
    if (m_state != State::Open)
        return;
    if (m_deflateWindowBits != 0 && data.size() >= CompressFromBytes)
        sendCompressed(WsFraming::Binary, data);
    else {
        takeSpareOutput(data.size() + 10);
        WsFraming::appendFrame(m_out, WsFraming::Binary, data);
    }
}

void NativeTransport::sendCompressed(WsFraming::Opcode opcode, QByteArrayView payload)
{
    thread_local QByteArray compressed;
    compressed.resize(0);
    // With the server's context, what went into the compressor must go out compressed: the next messages refer to it.
    const bool ok = m_deflater ? m_deflater->compress(payload, compressed)
                               : PerMessageDeflate::deflateMessage(payload, m_deflateWindowBits, compressed);
    if (!ok && m_deflater)
        m_deflater.reset(); // from here on every message on its own: the client's inflater reads those too
    if (ok) {
        WsFraming::appendFrame(m_out, opcode, compressed, true);
        m_lastSentWireSize = compressed.size();
    } else
        WsFraming::appendFrame(m_out, opcode, payload); // it would not get smaller
    if (compressed.capacity() > KeptOutputCapacity)
        compressed = QByteArray();
}

void NativeTransport::ping()
{
    if (m_state != State::Open)
        return;
    WsFraming::appendFrame(m_out, WsFraming::Ping, {});
    m_pingSent.start();
}

namespace {

// One large output buffer kept per thread between messages: a stream of large answers then does not allocate (and
// fault in) a fresh buffer for each, and idle connections keep none.
QByteArray &spareOutput()
{
    thread_local QByteArray spare;
    return spare;
}

} // namespace

void NativeTransport::takeSpareOutput(qsizetype size)
{
    if (m_out.isEmpty() && size > KeptOutputCapacity && spareOutput().capacity() >= size)
        m_out.swap(spareOutput());
}

// Everything in `out` was written: keep a small buffer, and give a large one to the thread (or let it go).
void NativeTransport::releaseOutput(QByteArray &out)
{
    if (out.capacity() <= KeptOutputCapacity) {
        out.resize(0);
        return;
    }
    QByteArray &spare = spareOutput();
    if (out.capacity() > spare.capacity()) {
        out.resize(0);
        spare.swap(out);
    }
    out = QByteArray();
}

void NativeTransport::flush()
{
    if (m_readWantsWrite) {
        m_readWantsWrite = false;
        readTls();
        if (m_state == State::Closed)
            return;
    }
    if (m_ssl && !writeTls())
        return;
    if (m_records && m_written < m_out.size()) {
        m_records->seal(QByteArrayView(m_out).sliced(m_written), m_wire);
        m_written = 0;
        if (m_out.capacity() > KeptOutputCapacity)
            m_out = QByteArray();
        else
            m_out.resize(0);
    }
    // What goes on the socket: the frames themselves, or the records sealing them.
    QByteArray &out = m_records ? m_wire : m_out;
    qsizetype &written = m_records ? m_wireWritten : m_written;
    while (written < out.size()) {
        const ssize_t n = ::send(m_fd, out.constData() + written, std::size_t(out.size() - written), MSG_NOSIGNAL);
        if (n >= 0) {
            written += n;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            waitWritable(out, written);
            return;
        }
        socketError(errno);
        return;
    }
    written = 0;
    releaseOutput(out);
    if (std::exchange(m_outHeldAnswer, false)) {
        // The 101 answer's buffer (a few hundred bytes) is not kept for the replies: an idle connection holds none.
        m_out = QByteArray();
        m_wire = QByteArray();
    }
    if (m_write)
        m_write->setEnabled(false);
    if (m_finishWhenWritten) {
        finish();
    } else if (std::exchange(m_shutdownWhenWritten, false)) {
        sendCloseNotify(); // then FIN
        ::shutdown(m_fd, SHUT_WR);
    }
}

// Plain ws:// with nothing waiting for the socket: written with the batch. Otherwise now.
void NativeTransport::flushWith(IoBatch &batch)
{
    if (m_inBatch)
        return;
    if (m_ssl || m_records || m_readWantsWrite || m_state == State::Closed || m_written >= m_out.size()
        || (m_write && m_write->isEnabled()) || !batch.add(this)) {
        flush();
        return;
    }
    m_inBatch = true;
}

bool NativeTransport::pendingWrite(int &fd, const char *&data, std::size_t &size)
{
    if (m_state == State::Closed || m_written >= m_out.size()) {
        m_inBatch = false;
        return false;
    }
    fd = m_fd;
    data = m_out.constData() + m_written;
    size = std::size_t(m_out.size() - m_written);
    return true;
}

void NativeTransport::written(int result)
{
    if (result > 0 && m_state != State::Closed)
        m_written += result;
}

// Until here the batch holds this writer (m_inBatch): one that goes away before is forgotten by it.
void NativeTransport::afterWrite(int result)
{
    m_inBatch = false;
    if (m_state == State::Closed)
        return;
    if (result == -EAGAIN || result == -EWOULDBLOCK) {
        waitWritable(m_out, m_written);
    } else if (result < 0 && result != -EINTR && result != -ECANCELED) {
        socketError(-result);
    } else {
        flush(); // the rest, if the socket took only part; then what follows a complete write
    }
}

// TLS's own goodbye before the TCP one, if the socket takes it now (nothing waits for it).
void NativeTransport::sendCloseNotify()
{
    if (m_tlsBroken)
        return;
    m_tlsBroken = true; // once
    if (m_ssl) {
        SSL_shutdown(m_ssl);
    } else if (m_records) {
        QByteArray alert;
        m_records->sealCloseNotify(alert);
        [[maybe_unused]] const ssize_t sent
            = ::send(m_fd, alert.constData(), std::size_t(alert.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
}

void NativeTransport::openRecords(char *data, qsizetype size)
{
    QString error;
    const TlsRecords::Result result = m_records->open(
        data, size,
        [this](char *plain, qsizetype length) {
            feed(plain, length);
            return m_state != State::Closed;
        },
        m_wire, &error);
    if (m_state == State::Closed)
        return;
    if (result == TlsRecords::Result::Closed) {
        peerGone();
    } else if (result == TlsRecords::Result::Failed) {
        m_tlsBroken = true;
        if (m_handler)
            m_handler->errorOccurred(tr("TLS error: %1").arg(error));
        peerGone();
    } else if (m_wireWritten < m_wire.size()) {
        flush(); // a KeyUpdate's answer
    }
}

// The socket takes no more: wait until it does. A client that reads a little slower than it is sent to must not make
// the server keep everything ever written, so what is out goes.
void NativeTransport::waitWritable(QByteArray &out, qsizetype &written)
{
    if (written >= KeptOutputCapacity && written * 2 >= out.size()) {
        out.remove(0, written);
        written = 0;
    }
    if (!m_write)
        m_write = new Notifier(m_fd, QSocketNotifier::Write, this);
    m_write->setEnabled(true);
}

bool NativeTransport::writeTls()
{
    while (m_written < m_out.size()) {
        ERR_clear_error();
        // Partial writes and a moving buffer are allowed (TlsContext): a retry may pass a grown or moved m_out.
        const int n = SSL_write(
            m_ssl, m_out.constData() + m_written, int(std::min<qsizetype>(m_out.size() - m_written, 1 << 30)));
        if (n > 0) {
            m_written += n;
            continue;
        }
        const int error = SSL_get_error(m_ssl, n);
        if (error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ) {
            waitWritable(m_out, m_written);
            return false;
        }
        tlsFailed(n);
        return false;
    }
    return true;
}

void NativeTransport::readTls()
{
    char *buffer = readBuffer();
    // A record at a time (at most 16 KiB, so nothing stays inside OpenSSL: the buffer is larger), until the socket
    // has no more; at most 64 records per notification, so that one busy client does not hold the thread.
    for (int records = 0; records < 64; ++records) {
        if (m_state == State::Closed || m_readPaused)
            return;
        ERR_clear_error();
        const int n = SSL_read(m_ssl, buffer, int(ReadChunk));
        if (n > 0) {
            feed(buffer, n);
            continue;
        }
        const int error = SSL_get_error(m_ssl, n);
        if (error == SSL_ERROR_WANT_READ)
            return;
        if (error == SSL_ERROR_WANT_WRITE) {
            m_readWantsWrite = true;
            if (!m_write)
                m_write = new Notifier(m_fd, QSocketNotifier::Write, this);
            m_write->setEnabled(true);
            return;
        }
        tlsFailed(n);
        return;
    }
    if (m_state != State::Closed && !m_readPaused && SSL_has_pending(m_ssl))
        QMetaObject::invokeMethod(this, &NativeTransport::readable, Qt::QueuedConnection);
}

void NativeTransport::tlsFailed(int result)
{
    const int error = SSL_get_error(m_ssl, result);
    if (error == SSL_ERROR_ZERO_RETURN) { // close_notify: the client is done sending
        peerGone();
        return;
    }
    m_tlsBroken = true;
    if (error == SSL_ERROR_SYSCALL) {
        const int code = errno;
        if (code == 0)
            peerGone(); // a hang-up without close_notify
        else
            socketError(code);
        return;
    }
    if (m_handler)
        m_handler->errorOccurred(tr("TLS error: %1").arg(TlsContext::lastError()));
    peerGone();
}

void NativeTransport::readyRead()
{
    if (m_inReadBatch)
        return;
    IoBatch *batch = m_ssl ? nullptr : IoBatch::forThread(); // OpenSSL reads the socket itself
    if (batch && batch->addRead(this))
        m_inReadBatch = true;
    else
        readable();
}

bool NativeTransport::pendingRead(int &fd, char *&data, std::size_t &size)
{
    if (m_state == State::Closed || m_readPaused) {
        m_inReadBatch = false; // the batch lets go of it
        return false;
    }
    qsizetype room = 0;
    fd = m_fd;
    data = directReadSpace(room);
    size = data ? std::size_t(room) : m_readsLarge ? std::size_t(ReadChunk) : 0;
    return true;
}

// Until here the batch holds this reader (m_inReadBatch): one that goes away before is forgotten by it.
void NativeTransport::readDone(int result, char *data, bool ownSpace)
{
    m_inReadBatch = false;
    if (m_state == State::Closed)
        return;
    if (!ownSpace)
        m_readsLarge = result >= LargeReadFrom;
    if (result == -ECANCELED)
        readable(); // not tried: read the usual way
    else
        handleRead(result, data, ownSpace);
}

char *NativeTransport::directReadSpace(qsizetype &room)
{
    char *held = m_records ? nullptr : m_parser.readSpace(room);
    return held && room >= DirectReadFrom ? held : nullptr;
}

void NativeTransport::readable()
{
    if (m_ssl) {
        readTls();
        return;
    }
    qsizetype room = 0;
    char *held = directReadSpace(room);
    char *buffer = held ? held : readBuffer();
    const ssize_t n = ::read(m_fd, buffer, std::size_t(held ? room : ReadChunk));
    handleRead(n >= 0 ? n : -errno, buffer, held != nullptr);
}

// What a read returned: bytes, 0 at the end of the stream, or -errno.
void NativeTransport::handleRead(qint64 result, char *buffer, bool direct)
{
    if (result > 0 && m_records)
        openRecords(buffer, result);
    else if (result > 0 && direct)
        feedHeld(result);
    else if (result > 0)
        feed(buffer, result);
    else if (result == 0)
        peerGone();
    else if (result != -EAGAIN && result != -EWOULDBLOCK && result != -EINTR)
        socketError(int(-result));
}

void NativeTransport::feed(char *data, qsizetype size)
{
    if (m_state == State::Closed || m_discardInput)
        return;
    m_parser.feed(data, size);
    afterFeed();
}

void NativeTransport::feedHeld(qsizetype size)
{
    if (m_state == State::Closed || m_discardInput)
        return;
    m_parser.feedReadSpace(size);
    afterFeed();
}

void NativeTransport::afterFeed()
{
    // Only the pongs queued by this read: what the Hub sent is written when the Hub says (its flush queue batches
    // a broadcast pass into one write per client).
    if (std::exchange(m_pongQueued, false) && m_state == State::Open)
        flush();
}

bool NativeTransport::textMessage(const TextMessage &text)
{
    if (m_state == State::Open && m_handler)
        m_handler->textReceived(text);
    return m_state != State::Closed;
}

bool NativeTransport::binaryMessage(QByteArrayView data)
{
    if (m_state == State::Open && m_handler)
        m_handler->binaryReceived(data.toByteArray());
    return m_state != State::Closed;
}

bool NativeTransport::ping(QByteArrayView payload)
{
    // While the client does not read, its pings go unanswered (RFC 6455 5.5.3 allows answering only the latest):
    // a client that sends pings and never reads must not make the server buffer pongs without bound. Replies to the
    // messages before the ping may wait for the end of the pass (IoBatch): written first, to see.
    if (m_state == State::Open && m_answerPings && bytesToWrite() >= KeptOutputCapacity) {
        flush();
        if (m_state == State::Closed)
            return false;
    }
    if (m_state == State::Open && m_answerPings && bytesToWrite() < KeptOutputCapacity) {
        WsFraming::appendFrame(m_out, WsFraming::Pong, payload);
        m_pongQueued = true;
    }
    return true;
}

bool NativeTransport::pong(QByteArrayView payload)
{
    if (m_state == State::Open && m_handler)
        m_handler->pongReceived(m_pingSent.isValid() ? m_pingSent.elapsed() : 0, payload.toByteArray());
    return m_state != State::Closed;
}

bool NativeTransport::closeFrame(int code, const QString &reason)
{
    if (m_state == State::Open) {
        // The client closes: answer with its code (RFC 6455 5.5.1), then hang up once the answer is out.
        m_discardInput = true; // nothing after a close frame counts
        m_finishWhenWritten = true;
        startClosing(
            code, reason, code == 1005 ? QByteArray() : WsFraming::closePayload(code, QString()), CloseTimeoutMs);
    } else if (m_state == State::Closing) {
        finish(); // the answer to ours
    }
    return false;
}

void NativeTransport::fail(int code, const QString &reason)
{
    if (m_handler)
        m_handler->errorOccurred(tr("closing with %1: %2").arg(code).arg(reason));
    if (m_state != State::Open) {
        finish();
        return;
    }
    m_discardInput = true;
    m_shutdownWhenWritten = true;
    startClosing(code, reason, WsFraming::closePayload(code, reason), FailTimeoutMs);
}

void NativeTransport::close(int code, const QString &reason)
{
    if (m_state == State::Open)
        startClosing(code, reason, WsFraming::closePayload(code, reason), CloseTimeoutMs);
}

void NativeTransport::startClosing(int code, const QString &reason, const QByteArray &payload, int timeoutMs)
{
    m_closeCode = code;
    m_closeReason = reason;
    m_state = State::Closing;
    WsFraming::appendFrame(m_out, WsFraming::Close, payload);
    m_closeTimer.start(timeoutMs, this);
    flush();
}

void NativeTransport::abort()
{
    if (m_state != State::Closed)
        finish();
}

void NativeTransport::reset()
{
    if (m_state == State::Closed)
        return;
    // SO_LINGER with a zero timeout: close() sends a RST instead of a FIN, and unsent data is discarded.
    const linger hard {1, 0};
    ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    m_tlsBroken = true; // no close_notify either
    m_closeCode = 1006;
    m_closeReason.clear();
    finish();
}

void NativeTransport::setReadPaused(bool paused)
{
    m_readPaused = paused;
    if (m_state != State::Closed)
        m_read->setEnabled(!paused);
    if (!paused && m_ssl && m_state != State::Closed && SSL_has_pending(m_ssl))
        QMetaObject::invokeMethod(this, &NativeTransport::readable, Qt::QueuedConnection);
}

void NativeTransport::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_closeTimer.timerId())
        finish(); // the client did not answer our close frame in time
    else
        Transport::timerEvent(event);
}

void NativeTransport::peerGone()
{
    if (m_state == State::Open) {
        m_closeCode = 1006;
        m_closeReason.clear();
    }
    finish();
}

void NativeTransport::socketError(int error)
{
    if (error != ECONNRESET && error != EPIPE && m_handler)
        m_handler->errorOccurred(QString::fromLocal8Bit(std::strerror(error)));
    peerGone();
}

void NativeTransport::finish()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_closeTimer.stop();
    // Disabled, not deleted: this may run inside one of their own event() calls. The descriptor goes after them.
    m_read->setEnabled(false);
    if (m_write)
        m_write->setEnabled(false);
    sendCloseNotify();
    if (m_ssl) {
        SSL_free(m_ssl);
        m_ssl = nullptr;
    }
    m_records.reset();
    m_wire.clear();
    ::close(m_fd);
    m_fd = -1;
    m_out.clear();
    m_written = 0;
    m_ticket.reset();
    reportClosed();
}

} // namespace Duplex

#include "tlscontext.h"

#include <QFile>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace Duplex {

namespace {

int trackIndex()
{
    static const int index = SSL_get_ex_new_index(
        0, nullptr, nullptr, nullptr, [](void *, void *track, CRYPTO_EX_DATA *, int, long, void *) {
            if (auto *t = static_cast<TlsContext::Track *>(track)) {
                OPENSSL_cleanse(t->clientSecret.data(), std::size_t(t->clientSecret.size()));
                OPENSSL_cleanse(t->serverSecret.data(), std::size_t(t->serverSecret.size()));
                delete t;
            }
        });
    return index;
}

// "CLIENT_TRAFFIC_SECRET_0 <client random> <secret>" and the server's: the first application traffic secrets.
void keyLog(const SSL *ssl, const char *line)
{
    TlsContext::Track *track = TlsContext::track(ssl);
    const QList<QByteArray> parts = QByteArray(line).split(' ');
    if (!track || parts.size() != 3)
        return;
    if (parts.at(0) == "CLIENT_TRAFFIC_SECRET_0")
        track->clientSecret = QByteArray::fromHex(parts.at(2));
    else if (parts.at(0) == "SERVER_TRAFFIC_SECRET_0")
        track->serverSecret = QByteArray::fromHex(parts.at(2));
}

// Every record's header passes here, and so does each handshake message once it is read or written: counting
// records from the Finished message on gives the next sequence number each way. (OpenSSL reports a record's header
// before the messages in it when reading, and after the message it carries when writing.)
void recordSeen(int write, int, int contentType, const void *buffer, std::size_t length, SSL *ssl, void *)
{
    TlsContext::Track *track = TlsContext::track(ssl);
    if (!track)
        return;
    if (contentType == SSL3_RT_HEADER) {
        ++(write ? track->recordsWritten : track->recordsRead);
    } else if (contentType == SSL3_RT_HANDSHAKE && length >= 1
        && static_cast<const unsigned char *>(buffer)[0] == SSL3_MT_FINISHED) {
        (write ? track->recordsWritten : track->recordsRead) = 0;
    }
}

} // namespace

std::shared_ptr<TlsContext> TlsContext::load(const QString &certificateFile, const QString &keyFile, QString *error)
{
    ERR_clear_error();
    SSL_CTX *context = SSL_CTX_new(TLS_server_method());
    if (!context) {
        *error = lastError();
        return nullptr;
    }
    std::shared_ptr<TlsContext> tls(new TlsContext(context));
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
    // No renegotiation (a client could make the server do handshakes at will); RELEASE_BUFFERS: an idle connection
    // keeps no 16 KiB read or write buffer (README "TLS"); partial and moving writes: NativeTransport writes from a
    // buffer that grows while a write waits.
    SSL_CTX_set_options(context, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_mode(
        context, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    // Read ahead: one read() fills OpenSSL's buffer with as many records as have arrived, rather than a read() for
    // each record's header and another for its body. NativeTransport and TlsBridge read until OpenSSL wants more.
    SSL_CTX_set_read_ahead(context, 1);
    // Resumption through stateless tickets (TLS 1.3 and 1.2): nothing kept per session on the server.
    SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(context, 1);
    // TlsRecords takes TLS 1.3 connections over after the handshake: it needs the secrets and the record counts.
    SSL_CTX_set_keylog_callback(context, keyLog);
    SSL_CTX_set_msg_callback(context, recordSeen);
    const QByteArray certificate = QFile::encodeName(certificateFile);
    const QByteArray key = QFile::encodeName(keyFile);
    if (SSL_CTX_use_certificate_chain_file(context, certificate.constData()) != 1
        || SSL_CTX_use_PrivateKey_file(context, key.constData(), SSL_FILETYPE_PEM) != 1
        || SSL_CTX_check_private_key(context) != 1) {
        *error = lastError();
        return nullptr;
    }
    return tls;
}

TlsContext::~TlsContext()
{
    SSL_CTX_free(m_context);
}

SSL *TlsContext::newConnection(int fd) const
{
    SSL *ssl = SSL_new(m_context);
    if (ssl && SSL_set_fd(ssl, fd) != 1) {
        SSL_free(ssl);
        return nullptr;
    }
    if (ssl) {
        SSL_set_ex_data(ssl, trackIndex(), new Track);
        SSL_set_accept_state(ssl);
    }
    return ssl;
}

TlsContext::Track *TlsContext::track(const SSL *ssl)
{
    return static_cast<Track *>(SSL_get_ex_data(ssl, trackIndex()));
}

QString TlsContext::lastError()
{
    QStringList reasons;
    while (const unsigned long code = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(code, text, sizeof text);
        reasons.append(QString::fromLatin1(text));
    }
    return reasons.join(QLatin1String("; "));
}

TlsHandle::~TlsHandle()
{
    if (m_ssl)
        SSL_free(m_ssl);
}

} // namespace Duplex

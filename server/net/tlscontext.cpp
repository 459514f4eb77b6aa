#include "tlscontext.h"

#include <QFile>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace Duplex {

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
    if (ssl)
        SSL_set_accept_state(ssl);
    return ssl;
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

#pragma once

#include <QString>

#include <memory>

using SSL = struct ssl_st;
using SSL_CTX = struct ssl_ctx_st;

namespace Duplex {

// The server's certificate, key and TLS settings in OpenSSL's terms: one SSL_CTX that every network thread makes its
// connections from (OpenSSL allows that). The native engine speaks TLS through it on the socket descriptor
// (TlsBridge for the handshake and HTTP, NativeTransport for wss://), so that wss:// has the same framing as ws://.
class TlsContext
{
public:
    // Reads PEM files (the certificate chain, leaf first, and an unencrypted key); on failure returns null and says
    // why.
    static std::shared_ptr<TlsContext> load(const QString &certificateFile, const QString &keyFile, QString *error);
    ~TlsContext();
    Q_DISABLE_COPY_MOVE(TlsContext)

    SSL *newConnection(int fd) const; // a server-side SSL on the descriptor, or null (out of memory)

    // OpenSSL's error queue as text (and emptied), for a log line.
    static QString lastError();

    // What TlsRecords needs to take a TLS 1.3 connection over from OpenSSL, gathered while OpenSSL runs it: the
    // application traffic secrets (OpenSSL hands them out through its key log) and the number of records each way
    // since the Finished messages, which are the sequence numbers of the next records (RFC 8446 5.3).
    struct Track
    {
        QByteArray clientSecret;
        QByteArray serverSecret;
        quint64 recordsRead = 0;
        quint64 recordsWritten = 0;
    };
    static Track *track(const SSL *ssl);

private:
    explicit TlsContext(SSL_CTX *context) : m_context(context) { }
    SSL_CTX *m_context;
};

// Frees an SSL. Shared, so that it can travel in a copyable Setup; take() hands it on.
class TlsHandle
{
public:
    explicit TlsHandle(SSL *ssl) : m_ssl(ssl) { }
    ~TlsHandle();
    Q_DISABLE_COPY_MOVE(TlsHandle)
    SSL *take() { return std::exchange(m_ssl, nullptr); }

private:
    SSL *m_ssl;
};

} // namespace Duplex

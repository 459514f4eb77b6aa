#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <array>
#include <functional>
#include <memory>

using SSL = struct ssl_st;
using EVP_CIPHER = struct evp_cipher_st;
using EVP_MD = struct evp_md_st;

namespace Duplex {

// The TLS 1.3 record layer (RFC 8446 5) of one wss:// connection after OpenSSL has done its handshake: the traffic
// keys, their sequence numbers and nothing else, so that the SSL object (about 16 KB in OpenSSL 3.0, most of it
// the SSL struct itself) can be freed and an idle wss:// connection costs a few hundred bytes more than a ws:// one.
// Records are sealed and opened with OpenSSL's AEAD ciphers (a context per thread, keyed per record). Handles what
// a client may send after the handshake: application data, KeyUpdate (RFC 8446 4.6.3), close_notify and alerts.
// TlsContext records the traffic secrets and counts records while OpenSSL runs the connection (fromHandshake()).
class TlsRecords
{
public:
    // The record layer of a finished TLS 1.3 handshake with an AEAD suite of RFC 8446, or null when OpenSSL must
    // stay (TLS 1.2, data OpenSSL has read ahead and not decrypted, a write it has not finished): the caller keeps
    // the SSL then.
    static std::unique_ptr<TlsRecords> fromHandshake(SSL *ssl);
    ~TlsRecords();
    Q_DISABLE_COPY_MOVE(TlsRecords)

    enum class Result { Ok, Closed, Failed };
    // Opens the records in `data` (what was read from the socket; decrypted in place) and hands each record's
    // plaintext to `deliver`, which returns false to stop (the connection has closed). A record cut by the end of
    // `data` is kept for the next call. What must be answered (a KeyUpdate) is sealed onto `wire`, the records not
    // written yet, where `deliver`'s own output goes too, so that the order of sequence numbers holds. Closed:
    // close_notify arrived. Failed: `error` says why.
    Result open(char *data, qsizetype size, const std::function<bool(char *, qsizetype)> &deliver, QByteArray &wire,
        QString *error);
    // Appends `plain` to `out` as application-data records.
    void seal(QByteArrayView plain, QByteArray &out);
    void sealCloseNotify(QByteArray &out);
    // Memory held for an incomplete record (0 for an idle connection).
    qsizetype pendingInput() const { return m_partial.size(); }

private:
    struct Direction
    {
        QByteArray secret; // the current traffic secret: the next one after a KeyUpdate derives from it
        std::array<unsigned char, 32> key {};
        std::array<unsigned char, 12> iv {};
        quint64 sequence = 0;
        std::array<unsigned char, 12> nextNonce();
    };

    TlsRecords() = default;
    bool install(Direction &d, const QByteArray &secret);
    bool update(Direction &d); // KeyUpdate: the next generation of traffic secret
    void sealRecord(quint8 type, QByteArrayView plain, QByteArray &out);
    Result openRecord(char *record, qsizetype size, const std::function<bool(char *, qsizetype)> &deliver,
        QByteArray &wire, QString *error);

    const EVP_CIPHER *m_cipher = nullptr;
    const EVP_MD *m_digest = nullptr;
    int m_keyLength = 0;
    Direction m_read;
    Direction m_write;
    QByteArray m_partial;
};

} // namespace Duplex

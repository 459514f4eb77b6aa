#include "tlsrecords.h"

#include "tlscontext.h"

#include <QCoreApplication>
#include <QtEndian>

#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/ssl.h>

#include <map>

namespace Duplex {

namespace {

constexpr quint8 ChangeCipherSpec = 20;
constexpr quint8 Alert = 21;
constexpr quint8 Handshake = 22;
constexpr quint8 ApplicationData = 23;
constexpr quint8 KeyUpdate = 24;
constexpr qsizetype HeaderSize = 5;
constexpr qsizetype TagSize = 16;
constexpr qsizetype MaxPlaintext = 16 * 1024; // RFC 8446 5.1
constexpr qsizetype MaxCiphertext = MaxPlaintext + 256; // 5.2
constexpr quint64 RecordsPerKey = quint64(1) << 23;

QString tr(const char *text)
{
    return QCoreApplication::translate("Duplex::TlsRecords", text);
}

// HKDF-Expand-Label(secret, label, "", length) of RFC 8446 7.1.
QByteArray expandLabel(const EVP_MD *digest, const QByteArray &secret, QByteArrayView label, int length)
{
    QByteArray info;
    info += char(length >> 8);
    info += char(length & 0xff);
    const QByteArray full = "tls13 " + label.toByteArray();
    info += char(full.size());
    info += full;
    info += char(0); // no context
    QByteArray out(length, Qt::Uninitialized);
    std::size_t outLength = std::size_t(length);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr);
    const bool ok = ctx && EVP_PKEY_derive_init(ctx) > 0
        && EVP_PKEY_CTX_set_hkdf_mode(ctx, EVP_PKEY_HKDEF_MODE_EXPAND_ONLY) > 0
        && EVP_PKEY_CTX_set_hkdf_md(ctx, digest) > 0
        && EVP_PKEY_CTX_set1_hkdf_key(
               ctx, reinterpret_cast<const unsigned char *>(secret.constData()), int(secret.size()))
            > 0
        && EVP_PKEY_CTX_add1_hkdf_info(ctx, reinterpret_cast<const unsigned char *>(info.constData()), int(info.size()))
            > 0
        && EVP_PKEY_derive(ctx, reinterpret_cast<unsigned char *>(out.data()), &outLength) > 0
        && outLength == std::size_t(length);
    EVP_PKEY_CTX_free(ctx);
    return ok ? out : QByteArray();
}

// One cipher context per thread, cipher and direction, keyed again for each record: a connection keeps only its keys.
EVP_CIPHER_CTX *cipherContext(const EVP_CIPHER *cipher, bool encrypt)
{
    struct Free
    {
        void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
    };
    thread_local std::map<std::pair<const EVP_CIPHER *, bool>, std::unique_ptr<EVP_CIPHER_CTX, Free>> contexts;
    auto &slot = contexts[{cipher, encrypt}];
    if (!slot) {
        slot.reset(EVP_CIPHER_CTX_new());
        if (!slot || EVP_CipherInit_ex(slot.get(), cipher, nullptr, nullptr, nullptr, encrypt ? 1 : 0) != 1)
            slot.reset();
    }
    return slot.get();
}

} // namespace

std::unique_ptr<TlsRecords> TlsRecords::fromHandshake(SSL *ssl)
{
    const TlsContext::Track *track = TlsContext::track(ssl);
    const SSL_CIPHER *suite = SSL_get_current_cipher(ssl);
    if (!track || !suite || SSL_version(ssl) != TLS1_3_VERSION || !SSL_is_init_finished(ssl) || SSL_has_pending(ssl)
        || SSL_want(ssl) == SSL_WRITING || track->clientSecret.isEmpty() || track->serverSecret.isEmpty())
        return nullptr;
    std::unique_ptr<TlsRecords> records(new TlsRecords);
    switch (SSL_CIPHER_get_id(suite) & 0xffff) {
    case 0x1301: // TLS_AES_128_GCM_SHA256
        records->m_cipher = EVP_aes_128_gcm();
        records->m_keyLength = 16;
        break;
    case 0x1302: // TLS_AES_256_GCM_SHA384
        records->m_cipher = EVP_aes_256_gcm();
        records->m_keyLength = 32;
        break;
    case 0x1303: // TLS_CHACHA20_POLY1305_SHA256
        records->m_cipher = EVP_chacha20_poly1305();
        records->m_keyLength = 32;
        break;
    default:
        return nullptr;
    }
    records->m_digest = SSL_CIPHER_get_handshake_digest(suite);
    if (!records->m_digest || !records->install(records->m_read, track->clientSecret)
        || !records->install(records->m_write, track->serverSecret))
        return nullptr;
    records->m_read.sequence = track->recordsRead;
    records->m_write.sequence = track->recordsWritten;
    return records;
}

TlsRecords::~TlsRecords()
{
    for (Direction *d : {&m_read, &m_write}) {
        OPENSSL_cleanse(d->secret.data(), std::size_t(d->secret.size()));
        OPENSSL_cleanse(d->key.data(), d->key.size());
    }
}

// RFC 8446 5.3: the sequence number, big-endian, XORed into the end of the IV; then the next number.
std::array<unsigned char, 12> TlsRecords::Direction::nextNonce()
{
    std::array<unsigned char, 12> nonce = iv;
    for (int i = 0; i < 8; ++i)
        nonce[11 - i] ^= (sequence >> (8 * i)) & 0xff;
    ++sequence;
    return nonce;
}

bool TlsRecords::install(Direction &d, const QByteArray &secret)
{
    const QByteArray key = expandLabel(m_digest, secret, "key", m_keyLength);
    const QByteArray iv = expandLabel(m_digest, secret, "iv", int(d.iv.size()));
    if (key.isEmpty() || iv.isEmpty())
        return false;
    d.secret = secret;
    std::copy(key.begin(), key.end(), d.key.begin());
    std::copy(iv.begin(), iv.end(), d.iv.begin());
    d.sequence = 0;
    return true;
}

bool TlsRecords::update(Direction &d)
{
    const QByteArray next = expandLabel(m_digest, d.secret, "traffic upd", EVP_MD_get_size(m_digest));
    return !next.isEmpty() && install(d, next);
}

void TlsRecords::seal(QByteArrayView plain, QByteArray &out)
{
    for (qsizetype at = 0; at < plain.size(); at += MaxPlaintext) {
        // AES-GCM keys are good for 2^24.5 records (RFC 8446 5.5): a fresh key well before that.
        if (m_write.sequence >= RecordsPerKey) {
            sealRecord(Handshake, QByteArrayView("\x18\x00\x00\x01\x00", 5), out); // KeyUpdate, not requested
            update(m_write);
        }
        sealRecord(ApplicationData, plain.sliced(at, std::min(MaxPlaintext, plain.size() - at)), out);
    }
}

void TlsRecords::sealCloseNotify(QByteArray &out)
{
    sealRecord(Alert, QByteArrayView("\x01\x00", 2), out); // warning, close_notify
}

// TLSInnerPlaintext (content, type, no padding) sealed into a TLSCiphertext record: RFC 8446 5.2.
void TlsRecords::sealRecord(quint8 type, QByteArrayView plain, QByteArray &out)
{
    const qsizetype length = plain.size() + 1 + TagSize;
    const qsizetype start = out.size();
    out.resize(start + HeaderSize + length);
    auto *record = reinterpret_cast<unsigned char *>(out.data() + start);
    record[0] = ApplicationData;
    record[1] = 0x03;
    record[2] = 0x03;
    qToBigEndian(quint16(length), record + 3);
    unsigned char *body = record + HeaderSize;
    std::copy(plain.begin(), plain.end(), body);
    body[plain.size()] = type;
    const std::array<unsigned char, 12> nonce = m_write.nextNonce();
    EVP_CIPHER_CTX *ctx = cipherContext(m_cipher, true);
    int n = 0;
    const bool ok = ctx && EVP_EncryptInit_ex(ctx, nullptr, nullptr, m_write.key.data(), nonce.data()) == 1
        && EVP_EncryptUpdate(ctx, nullptr, &n, record, int(HeaderSize)) == 1
        && EVP_EncryptUpdate(ctx, body, &n, body, int(plain.size() + 1)) == 1
        && EVP_EncryptFinal_ex(ctx, body + plain.size() + 1, &n) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, int(TagSize), body + plain.size() + 1) == 1;
    if (!ok)
        out.resize(start); // cannot happen with a valid key; the peer would see a gap and fail the connection
}

TlsRecords::Result TlsRecords::open(
    char *data, qsizetype size, const std::function<bool(char *, qsizetype)> &deliver, QByteArray &wire, QString *error)
{
    if (!m_partial.isEmpty()) {
        m_partial.append(data, size);
        QByteArray input = std::exchange(m_partial, {});
        return open(input.data(), input.size(), deliver, wire, error);
    }
    qsizetype at = 0;
    while (size - at >= HeaderSize) {
        const auto *header = reinterpret_cast<const unsigned char *>(data + at);
        const qsizetype length = qFromBigEndian<quint16>(header + 3);
        if (header[0] != ApplicationData || header[1] != 0x03 || length > MaxCiphertext || length < TagSize + 1) {
            *error = header[0] == ChangeCipherSpec ? tr("a TLS ChangeCipherSpec after the handshake")
                                                   : tr("not a TLS 1.3 record");
            return Result::Failed;
        }
        if (size - at < HeaderSize + length)
            break;
        const Result result = openRecord(data + at, HeaderSize + length, deliver, wire, error);
        at += HeaderSize + length;
        if (result != Result::Ok)
            return result;
    }
    if (at < size)
        m_partial = QByteArray(data + at, size - at);
    return Result::Ok;
}

TlsRecords::Result TlsRecords::openRecord(char *record, qsizetype size,
    const std::function<bool(char *, qsizetype)> &deliver, QByteArray &wire, QString *error)
{
    auto *bytes = reinterpret_cast<unsigned char *>(record);
    unsigned char *body = bytes + HeaderSize;
    const qsizetype sealed = size - HeaderSize - TagSize;
    const std::array<unsigned char, 12> nonce = m_read.nextNonce();
    EVP_CIPHER_CTX *ctx = cipherContext(m_cipher, false);
    int n = 0;
    const bool ok = ctx && EVP_DecryptInit_ex(ctx, nullptr, nullptr, m_read.key.data(), nonce.data()) == 1
        && EVP_DecryptUpdate(ctx, nullptr, &n, bytes, int(HeaderSize)) == 1
        && EVP_DecryptUpdate(ctx, body, &n, body, int(sealed)) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, int(TagSize), body + sealed) == 1
        && EVP_DecryptFinal_ex(ctx, body + sealed, &n) == 1;
    if (!ok) {
        *error = tr("a TLS record that does not decrypt (bad_record_mac)");
        return Result::Failed;
    }
    // The content type is the last non-zero byte; zeros after it are padding.
    qsizetype end = sealed;
    while (end > 0 && body[end - 1] == 0)
        --end;
    if (end == 0) {
        *error = tr("a TLS record without a content type");
        return Result::Failed;
    }
    const quint8 type = body[--end];
    if (type == ApplicationData)
        return end == 0 || deliver(reinterpret_cast<char *>(body), end) ? Result::Ok : Result::Closed;
    if (type == Alert) {
        if (end == 2 && body[1] == 0)
            return Result::Closed; // close_notify
        if (end == 2 && body[1] == 90)
            return Result::Ok; // user_canceled: close_notify follows
        *error = tr("the client sent TLS alert %1").arg(end == 2 ? body[1] : -1);
        return Result::Failed;
    }
    if (type == Handshake && end == 5 && body[0] == KeyUpdate && body[1] == 0 && body[2] == 0 && body[3] == 1
        && body[4] <= 1) {
        if (!update(m_read)) {
            *error = tr("a TLS key update failed");
            return Result::Failed;
        }
        if (body[4] == 1) { // update_requested: answer with ours (not requested), then send with the new key
            sealRecord(Handshake, QByteArrayView("\x18\x00\x00\x01\x00", 5), wire);
            if (!update(m_write)) {
                *error = tr("a TLS key update failed");
                return Result::Failed;
            }
        }
        return Result::Ok;
    }
    *error = tr("an unexpected TLS message after the handshake (type %1)").arg(type);
    return Result::Failed;
}

} // namespace Duplex

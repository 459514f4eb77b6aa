#pragma once

// Client frames and handshakes written byte by byte, for tests that must send what a library would not
// (tst_badinput, tst_deflate), and a reader of the server's frames.
#include <QByteArray>
#include <QList>
#include <QtEndian>

namespace DuplexTest {

inline const QByteArray ValidKey = "dGhlIHNhbXBsZSBub25jZQ==";

inline QByteArray upgradeRequest(const QByteArray &requestLine = "GET /chat HTTP/1.1", const QByteArray &extra = {},
    const QByteArray &key = ValidKey, const QByteArray &version = "13", bool host = true)
{
    QByteArray r = requestLine + "\r\n";
    if (host)
        r += "Host: 127.0.0.1\r\n";
    r += "Upgrade: websocket\r\nConnection: Upgrade\r\n";
    if (!key.isNull())
        r += "Sec-WebSocket-Key: " + key + "\r\n";
    if (!version.isNull())
        r += "Sec-WebSocket-Version: " + version + "\r\n";
    return r + extra + "\r\n";
}

// A frame as a client sends it: first byte (FIN, RSV, opcode), then the length in its shortest form, then the
// masking key and the masked payload (or the plain payload when masked is false).
inline QByteArray frame(quint8 first, const QByteArray &payload, bool masked = true)
{
    QByteArray f(1, char(first));
    const quint8 maskBit = masked ? 0x80 : 0;
    const qsizetype n = payload.size();
    if (n < 126) {
        f += char(maskBit | n);
    } else if (n <= 0xffff) {
        f += char(maskBit | 126);
        f += char(n >> 8);
        f += char(n & 0xff);
    } else {
        f += char(maskBit | 127);
        quint64 be = qToBigEndian(quint64(n));
        f += QByteArray(reinterpret_cast<const char *>(&be), 8);
    }
    if (!masked)
        return f + payload;
    const QByteArray mask("\x12\x34\x56\x78", 4);
    f += mask;
    for (qsizetype i = 0; i < n; ++i)
        f += char(payload.at(i) ^ mask.at(i % 4));
    return f;
}

// One frame the server sent.
struct ServerFrame
{
    quint8 first = 0; // FIN, RSV bits, opcode
    QByteArray payload;
    quint8 opcode() const { return first & 0x0f; }
    bool rsv1() const { return first & 0x40; }
};

// Takes the complete server frames (unmasked) off the front of `bytes`.
inline QList<ServerFrame> takeServerFrames(QByteArray &bytes)
{
    QList<ServerFrame> frames;
    qsizetype at = 0;
    while (bytes.size() - at >= 2) {
        quint64 length = quint8(bytes.at(at + 1)) & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (bytes.size() - at < 4)
                break;
            length = qFromBigEndian<quint16>(bytes.constData() + at + 2);
            header = 4;
        } else if (length == 127) {
            if (bytes.size() - at < 10)
                break;
            length = qFromBigEndian<quint64>(bytes.constData() + at + 2);
            header = 10;
        }
        if (quint64(bytes.size() - at - header) < length)
            break;
        frames.append({quint8(bytes.at(at)), bytes.mid(at + header, qsizetype(length))});
        at += header + qsizetype(length);
    }
    bytes.remove(0, at);
    return frames;
}

} // namespace DuplexTest

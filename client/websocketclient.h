#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPair>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

class QWebSocket;

namespace Duplex {

// One line of a client's own frame log.
struct ClientFrame
{
    enum class Direction { In, Out, System };
    enum class Kind { Text, Binary, Ping, Pong, Close, Info, Error };

    qint64 timestampMs = 0; // ms since the epoch, UTC
    Direction direction = Direction::System;
    Kind kind = Kind::Info;
    QByteArray payload; // text as UTF-8, binary as is
    QString note; // system lines, close reason, round-trip time …
    qsizetype wireSize = -1; // a message sent or received compressed: its size on the wire; -1 when not compressed
};

struct ClientOptions
{
    QUrl url;
    QStringList subprotocols;
    QList<QPair<QByteArray, QByteArray>> headers; // extra request headers
    QString origin;
    bool insecure = false; // accept any certificate (wss)
    QList<QSslCertificate> trustedCertificates; // accepted even when self-signed or for another name
    // Offer permessage-deflate (RFC 7692). The connection then runs on Duplex's own client transport
    // (WsClientSocket) rather than QWebSocket, which has no extensions.
    bool compress = false;
    bool autoReconnect = false; // reconnect with back-off (1 s, 2 s, 4 s … 30 s) after an unexpected close
};

// A WebSocket test client: the built-in client pane and duplex-client both drive it. Lives on the thread that
// creates it (a client's traffic is small).
class WebSocketClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebSocketClient)

public:
    enum class State { Disconnected, Connecting, Connected, Closing, WaitingToReconnect };
    Q_ENUM(State)

    explicit WebSocketClient(QObject *parent = nullptr);
    ~WebSocketClient() override;

    // Drops the current connection, if any, without a close handshake, and connects anew.
    void open(const ClientOptions &options);
    // Closes with the code and reason and stops any reconnecting.
    void close(int closeCode = 1000, const QString &reason = QString());

    bool sendText(const QString &text);
    bool sendBinary(const QByteArray &data);
    bool ping(const QByteArray &payload = QByteArray());

    State state() const { return m_state; }
    ClientOptions options() const { return m_options; }
    QString negotiatedSubprotocol() const;
    // The server's permessage-deflate answer when it agreed to compress; empty otherwise.
    QString negotiatedExtensions() const;
    int closeCode() const; // of the last close (1000 normal, 1006 abnormal …)
    QString closeReason() const;
    QString errorString() const;
    quint16 localPort() const;
    void setAutoReconnect(bool enabled);
    // Pings every ms milliseconds while connected (0: off); the pongs come as frames and pongReceived().
    void setPingInterval(int ms);
    int pingInterval() const;
    // Added to the error about an untrusted certificate: how to accept it in this front end (an option, a box).
    void setCertificateHint(const QString &hint);
    // How long an attempt may take to connect, and a close handshake to finish (10 s by default).
    void setConnectTimeout(int ms);
    int connectTimeout() const;
    // Seconds until the next reconnect attempt while WaitingToReconnect, else 0.
    int reconnectDelay() const;

    // Why a client may not close with this code and reason (RFC 6455 7.4: 1000-1003, 1007-1014, 3000-4999; a
    // reason of at most 123 bytes), or nothing when it may.
    static QString closeError(int code, const QString &reason);
    // Parses "de ad be ef", "deadbeef" or "0xde 0xad": returns false on anything else (odd digits, non-hex).
    static bool parseHex(const QString &text, QByteArray &out);

Q_SIGNALS:
    void stateChanged(Duplex::WebSocketClient::State state);
    void connected();
    // closeCode 1006 when the connection failed or dropped without a close frame.
    void disconnected(int closeCode, const QString &reason);
    void frame(const Duplex::ClientFrame &frame); // every frame in and out, and system lines
    void textReceived(const QString &text);
    void binaryReceived(const QByteArray &data);
    void pongReceived(qint64 roundTripMs);
    void errorOccurred(const QString &message);

private:
    // implementation details are the implementer's choice
    struct Private;
    std::unique_ptr<Private> d;
    State m_state = State::Disconnected;
    ClientOptions m_options;
};

} // namespace Duplex

Q_DECLARE_METATYPE(Duplex::ClientFrame)

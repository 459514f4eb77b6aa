#pragma once

#include "wsframing.h"

#include <QAbstractSocket>
#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSslError>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QWebSocketProtocol>

#include <memory>
#include <optional>

class QNetworkRequest;
class QTcpSocket;

namespace Duplex {

namespace PerMessageDeflate {
class Deflater;
class Inflater;
struct Agreement;
} // namespace PerMessageDeflate

// A WebSocket client connection of Duplex's own: RFC 6455 over a QTcpSocket or QSslSocket with the framing of
// protocol/ (the server's native engine reads and writes the same frames), and permessage-deflate (RFC 7692), which
// QWebSocket cannot offer. WebSocketClient drives it when compression is asked for; its interface is the part of
// QWebSocket's that WebSocketClient uses, so that one code drives either.
class WsClientSocket final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WsClientSocket)

public:
    explicit WsClientSocket(const QString &origin, QObject *parent = nullptr);
    ~WsClientSocket() override;

    void setMaxAllowedIncomingMessageSize(quint64 size) { m_maxMessageSize = size; }
    void setMaxAllowedIncomingFrameSize(quint64 size) { m_maxFrameSize = size; }
    // Connects and sends the opening handshake with the request's URL and headers, the subprotocols, and the
    // permessage-deflate offer.
    void open(const QNetworkRequest &request, const QStringList &subprotocols);
    // Sends a close frame and waits for the server's, which ends the connection.
    // Close codes are ints here: 3000-4999 are valid codes but no values of QWebSocketProtocol::CloseCode, whose range
    // ends at 2047 (UBSan reports loading one).
    void close(int code = 1000, const QString &reason = {});
    void abort();
    // The bytes handed to the socket for the message (-1 when not connected).
    qint64 sendTextMessage(const QString &text);
    qint64 sendBinaryMessage(const QByteArray &data);
    void ping(const QByteArray &payload = {});
    void ignoreSslErrors();
    void ignoreSslErrors(const QList<QSslError> &errors);

    QAbstractSocket::SocketState state() const { return m_state; }
    QAbstractSocket::SocketError error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    // The HTTP status the server refused the handshake with (401, 404, 503 …); 0 when it did not answer with one.
    int handshakeStatus() const { return m_handshakeStatus; }
    int closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }
    QString subprotocol() const { return m_subprotocol; }
    qint64 bytesToWrite() const;
    quint16 localPort() const;
    // The server's Sec-WebSocket-Extensions answer when it agreed to permessage-deflate; empty when it did not.
    QByteArray extensions() const { return m_extensions; }
    // The size on the wire of the last message received, and sent, when it was compressed; -1 when not.
    qsizetype lastReceivedWireSize() const { return m_parser.lastWireSize(); }
    qsizetype lastSentWireSize() const { return m_lastSentWireSize; }

Q_SIGNALS:
    void connected();
    void disconnected();
    void aboutToClose();
    void textMessageReceived(const QString &message);
    void binaryMessageReceived(const QByteArray &message);
    void pong(quint64 elapsedMs, const QByteArray &payload);
    void errorOccurred(QAbstractSocket::SocketError error);
    void sslErrors(const QList<QSslError> &errors);

private:
    // The server's frames, from the parser (its Sink's names would clash with QWebSocket's signals ping/pong).
    struct Reader final : WsFraming::FrameParser::Sink
    {
        explicit Reader(WsClientSocket &socket) : s(socket) { }
        bool textMessage(const TextMessage &text) override;
        bool binaryMessage(QByteArrayView data) override;
        bool ping(QByteArrayView payload) override;
        bool pong(QByteArrayView payload) override;
        bool closeFrame(int code, const QString &reason) override;
        void fail(int code, const QString &reason) override;
        WsClientSocket &s;
    };

    void failConnection(int code, const QString &reason);

    void sendHandshake();
    void readHandshake();
    void readFrames();
    bool checkResponse(const QByteArray &head);
    void handshakeFailed(const QString &message, QAbstractSocket::SocketError error);
    qint64 sendMessage(WsFraming::Opcode opcode, QByteArrayView payload);
    void sendControl(WsFraming::Opcode opcode, QByteArrayView payload);
    void startClose(int code, const QString &reason);
    void onSocketDisconnected();
    void setError(QAbstractSocket::SocketError error, const QString &message);

    QString m_origin;
    QPointer<QTcpSocket> m_socket;
    QUrl m_url;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QStringList m_subprotocols;
    QByteArray m_key; // Sec-WebSocket-Key
    QByteArray m_head; // the server's response head while it comes in
    Reader m_reader {*this};
    WsFraming::FrameParser m_parser {m_reader};
    std::unique_ptr<PerMessageDeflate::Deflater> m_deflater; // with context takeover
    std::unique_ptr<PerMessageDeflate::Inflater> m_inflater;
    std::unique_ptr<PerMessageDeflate::Agreement> m_agreement;
    QByteArray m_extensions;
    QString m_subprotocol;
    QAbstractSocket::SocketState m_state = QAbstractSocket::UnconnectedState;
    QAbstractSocket::SocketError m_error = QAbstractSocket::UnknownSocketError;
    QString m_errorString;
    int m_handshakeStatus = 0;
    int m_closeCode = 1000;
    QString m_closeReason;
    QElapsedTimer m_pingTimer;
    quint64 m_maxMessageSize = 16 * 1024 * 1024;
    quint64 m_maxFrameSize = 16 * 1024 * 1024;
    qsizetype m_lastSentWireSize = -1;
    bool m_handshakeDone = false;
    bool m_closeSent = false;
    bool m_closeReceived = false;
    bool m_aborted = false;
};

} // namespace Duplex

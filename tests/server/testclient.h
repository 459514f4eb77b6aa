#pragma once

// Shared helpers for the server tests: a running Server on 127.0.0.1 port 0 and a real QWebSocket client that
// records what it receives.

#include "server.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <memory>

namespace DuplexTest {

inline bool startServer(Duplex::Server &server, Duplex::ServerConfig config = {})
{
    config.host = QHostAddress::LocalHost;
    config.port = 0;
    QSignalSpy started(&server, &Duplex::Server::started);
    server.start(config);
    return started.wait(5000) && server.port() != 0;
}

class Client final : public QObject
{
public:
    explicit Client(const QUrl &url, const QStringList &subprotocols = {})
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &t) { texts.append(t); });
        connect(&socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &b) { binaries.append(b); });
        QWebSocketHandshakeOptions options;
        options.setSubprotocols(subprotocols);
        socket.open(url, options);
    }

    bool waitConnected()
    {
        if (socket.state() == QAbstractSocket::ConnectedState)
            return true;
        QSignalSpy connected(&socket, &QWebSocket::connected);
        return connected.wait(5000);
    }

    // The JSON objects received so far (duplex.v1).
    QList<QJsonObject> objects() const
    {
        QList<QJsonObject> list;
        for (const QString &t : texts)
            list.append(QJsonDocument::fromJson(t.toUtf8()).object());
        return list;
    }

    QList<QJsonObject> objectsOfType(const QString &type) const
    {
        QList<QJsonObject> list;
        for (const QJsonObject &o : objects()) {
            if (o.value(QLatin1String("type")).toString() == type)
                list.append(o);
        }
        return list;
    }

    QWebSocket socket;
    QStringList texts;
    QList<QByteArray> binaries;
};

// GET over a plain socket: the whole response (status line, headers, body). Reads until the body is complete by its
// Content-Length or the server closes, at most 5 s.
inline QByteArray httpGet(quint16 port, const QByteArray &target, const QByteArray &extraHeaders = {})
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extraHeaders + "\r\n");
    QByteArray answer;
    const auto complete = [&answer] {
        const qsizetype end = answer.indexOf("\r\n\r\n");
        const qsizetype at = answer.toLower().indexOf("\r\ncontent-length:");
        if (end < 0 || at < 0 || at > end)
            return false;
        const qsizetype eol = answer.indexOf("\r\n", at + 2);
        return answer.size() - (end + 4) >= answer.mid(at + 17, eol - at - 17).trimmed().toLongLong();
    };
    QDeadlineTimer deadline(5000);
    while (!complete() && socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(100);
        answer += socket.readAll();
    }
    return answer + socket.readAll();
}

// GET over TLS (any certificate) with "Connection: close": everything until the server closes, at most 10 s.
inline QByteArray httpsGet(quint16 port, const QByteArray &target)
{
    QSslSocket https;
    https.setPeerVerifyMode(QSslSocket::VerifyNone);
    https.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    if (!https.waitForEncrypted(10'000))
        return {};
    https.write("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    QByteArray response;
    QDeadlineTimer deadline(10'000);
    while (https.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        https.waitForReadyRead(50);
        response += https.readAll();
    }
    return response + https.readAll();
}

// Any request over a plain socket while the event loop turns (a PUT or POST body with its length): the status and
// the body.
inline QPair<int, QByteArray> httpRequest(quint16 port, const QByteArray &method, const QByteArray &target,
    const QByteArray &body = {}, const QByteArray &headers = {})
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {0, {}};
    socket.write(method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n" + headers + "\r\n" + body);
    QByteArray answer;
    QDeadlineTimer deadline(5000);
    while (socket.state() == QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        QTest::qWait(10);
        answer += socket.readAll();
        const qsizetype end = answer.indexOf("\r\n\r\n");
        const qsizetype at = answer.toLower().indexOf("content-length:");
        if (end > 0 && at > 0 && at < end) {
            const qsizetype eol = answer.indexOf("\r\n", at);
            if (answer.size() - end - 4 >= answer.mid(at + 15, eol - at - 15).trimmed().toLongLong())
                break;
        }
    }
    answer += socket.readAll();
    return {answer.mid(9, 3).toInt(), answer.mid(answer.indexOf("\r\n\r\n") + 4)};
}

// The JSON body of httpGet().
inline QJsonDocument getJson(quint16 port, const QByteArray &target)
{
    const QByteArray answer = httpGet(port, target);
    return QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4));
}

// A self-signed certificate for localhost and its key (EC P-256), made with openssl in `folder`: cert.pem and
// key.pem. Returns openssl's complaint, or nothing.
inline QString makeCertificate(const QString &folder, QString &cert, QString &key)
{
    cert = QDir(folder).filePath(QStringLiteral("cert.pem"));
    key = QDir(folder).filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
            QStringLiteral("-subj"), QStringLiteral("/CN=localhost"), QStringLiteral("-days"), QStringLiteral("1"),
            QStringLiteral("-keyout"), key, QStringLiteral("-out"), cert});
    if (!openssl.waitForFinished(30'000) || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0)
        return QStringLiteral("openssl failed: ") + QString::fromLocal8Bit(openssl.readAllStandardError());
    return {};
}

inline QUrl wsUrl(const Duplex::Server &server, const QString &pathAndQuery = QStringLiteral("/"))
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(server.port()).arg(pathAndQuery));
}

} // namespace DuplexTest

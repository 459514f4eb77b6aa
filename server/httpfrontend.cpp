#include "httpfrontend.h"

#include "hub.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace Duplex {

// A QTcpServer that never listens: the Listener hands it sockets whose first request is plain HTTP.
class HttpFrontend::Handoff final : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;
    void hand(QTcpSocket *socket)
    {
        addPendingConnection(socket);
        Q_EMIT newConnection();
    }
};

namespace {

using Status = QHttpServerResponder::StatusCode;

void writeJson(QHttpServerResponder &responder, const QJsonDocument &document, Status status = Status::Ok)
{
    responder.write(document.toJson(QJsonDocument::Compact),
        {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}}, status);
}

void writeError(QHttpServerResponder &responder, Status status, const QString &message)
{
    writeJson(responder,
        QJsonDocument(QJsonObject {{QStringLiteral("error"), message}, {QStringLiteral("status"), int(status)}}),
        status);
}

} // namespace

HttpFrontend::HttpFrontend(Hub *hub, const QString &documentRoot, QObject *parent)
    : QAbstractHttpServer(parent), m_handoff(new Handoff), m_hub(hub), m_files(documentRoot)
{
    // bind() warns that the hand-off server is not listening, which is by design: silence just that call.
    static QLoggingCategory::CategoryFilter previous = nullptr;
    previous = QLoggingCategory::installFilter([](QLoggingCategory *category) {
        if (previous)
            previous(category);
        if (qstrcmp(category->categoryName(), "qt.httpserver") == 0)
            category->setEnabled(QtWarningMsg, false);
    });
    bind(m_handoff); // takes ownership
    QLoggingCategory::installFilter(previous);
}

HttpFrontend::~HttpFrontend() = default;

void HttpFrontend::hand(QTcpSocket *socket)
{
    m_handoff->hand(socket);
    // The request head is already in the socket's buffer: make the HTTP server look at it.
    QTimer::singleShot(0, socket, [socket] { Q_EMIT socket->readyRead(); });
}

bool HttpFrontend::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    const QString path = request.url().path();
    const bool readOnly
        = request.method() == QHttpServerRequest::Method::Get || request.method() == QHttpServerRequest::Method::Head;

    if (path.startsWith(u"/api/") || path == u"/healthz") {
        if (!readOnly) {
            writeError(responder, Status::MethodNotAllowed, tr("Only GET is allowed here."));
            return true;
        }
        if (path == u"/healthz") {
            writeJson(responder,
                QJsonDocument(QJsonObject {{QStringLiteral("status"), QStringLiteral("ok")},
                    {QStringLiteral("version"), QStringLiteral(DUPLEX_VERSION)},
                    {QStringLiteral("mode"), modeName(m_hub->mode())},
                    {QStringLiteral("connections"), m_hub->count()}}));
        } else if (path == u"/api/connections") {
            QJsonArray array;
            const QList<ConnectionInfo> connections = m_hub->connections();
            for (const ConnectionInfo &info : connections)
                array.append(info.toJson());
            writeJson(responder, QJsonDocument(array));
        } else if (path == u"/api/stats") {
            QJsonObject stats = m_hub->stats().toJson();
            stats.insert(QStringLiteral("mode"), modeName(m_hub->mode()));
            writeJson(responder, QJsonDocument(stats));
        } else {
            writeError(responder, Status::NotFound, tr("No such API route."));
        }
        return true;
    }

    if (!readOnly) {
        writeError(responder, Status::MethodNotAllowed, tr("Only GET and HEAD are allowed for files."));
        return true;
    }
    // The path exactly as the client sent it, so that encoded traversal attempts are seen as such.
    const StaticFiles::Result found = m_files.resolve(request.url().path(QUrl::FullyEncoded).toUtf8());
    if (found.status != 200) {
        writeError(responder, found.status == 403 ? Status::Forbidden : Status::NotFound,
            found.status == 403 ? tr("Forbidden.") : tr("Not found."));
        return true;
    }
    QFile file(found.filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        writeError(responder, Status::NotFound, tr("Not found."));
        return true;
    }
    const QByteArray body = file.readAll();
    const QByteArray type = StaticFiles::mimeTypeFor(found.filePath);
    responder.write(request.method() == QHttpServerRequest::Method::Head ? QByteArray() : body,
        {{"Content-Type", type}, {"Cache-Control", "no-cache"}, {"X-Content-Type-Options", "nosniff"}}, Status::Ok);
    return true;
}

void HttpFrontend::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    writeError(responder, Status::NotFound, tr("Not found."));
}

} // namespace Duplex

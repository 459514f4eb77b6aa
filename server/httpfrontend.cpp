#include "httpfrontend.h"

#include "hubgroup.h"
#include "redisbridge.h"
#include "ruleset.h"

#include <QFile>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QQueue>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace Duplex {

// A QTcpServer that never listens: the Listener hands it sockets whose first request is plain HTTP. It keeps its own
// queue because QTcpServer::nextPendingConnection() warns when the server is not listening.
class HttpFrontend::Handoff final : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;
    void hand(QTcpSocket *socket)
    {
        m_queue.enqueue(socket);
        // QAbstractHttpServer listens to the private pendingConnectionAvailable(); emit it through the meta-object.
        QMetaObject::invokeMethod(this, "pendingConnectionAvailable", Qt::DirectConnection);
    }
    bool hasPendingConnections() const override { return !m_queue.isEmpty(); }
    QTcpSocket *nextPendingConnection() override { return m_queue.isEmpty() ? nullptr : m_queue.dequeue(); }

private:
    QQueue<QTcpSocket *> m_queue;
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

HttpFrontend::HttpFrontend(HubGroup *hub, const QString &documentRoot, QObject *parent)
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
        const bool put = request.method() == QHttpServerRequest::Method::Put && path == u"/api/rules";
        if (!readOnly && !put) {
            writeError(responder, Status::MethodNotAllowed,
                path == u"/api/rules" ? tr("Use GET or PUT here.") : tr("Only GET is allowed here."));
            return true;
        }
        if (path.startsWith(u"/api/")
            && !m_policy.tokenAccepted(
                request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority), request.value("Authorization"))) {
            responder.write(QJsonDocument(QJsonObject {{QStringLiteral("error"), tr("Missing or wrong access token.")},
                                              {QStringLiteral("status"), 401}})
                                .toJson(QJsonDocument::Compact),
                {{"Content-Type", "application/json"}, {"WWW-Authenticate", "Bearer"}}, Status::Unauthorized);
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
            stats.insert(QStringLiteral("limits"), m_limits);
            stats.insert(QStringLiteral("cluster"),
                m_cluster ? m_cluster->summaryJson()
                          : QJsonObject {{QStringLiteral("nodes"), 1}, {QStringLiteral("clients"), m_hub->count()},
                              {QStringLiteral("redis"), QStringLiteral("off")}});
            writeJson(responder, QJsonDocument(stats));
        } else if (path == u"/api/rules") {
            if (put) {
                QString error;
                std::optional<RuleSet> rules = RuleSet::parse(request.body(), &error);
                if (!rules) {
                    writeError(responder, Status::BadRequest, tr("The rules were not changed: %1").arg(error));
                    return true;
                }
                m_hub->setRules(std::make_shared<const RuleSet>(std::move(*rules)));
            }
            const std::shared_ptr<const RuleSet> rules = m_hub->rules();
            writeJson(responder, QJsonDocument(rules ? rules->toJson() : RuleSet().toJson()));
        } else if (path == u"/api/cluster") {
            if (m_cluster) {
                writeJson(responder, QJsonDocument(m_cluster->clusterJson()));
            } else {
                QJsonArray connections;
                const QList<ConnectionInfo> local = m_hub->connections();
                for (const ConnectionInfo &info : local)
                    connections.append(info.toJson());
                writeJson(responder,
                    QJsonDocument(QJsonObject {{QStringLiteral("redis"), QStringLiteral("off")},
                        {QStringLiteral("nodes"),
                            QJsonArray {QJsonObject {
                                {QStringLiteral("clients"), connections.size()}, {QStringLiteral("local"), true}}}},
                        {QStringLiteral("clients"), connections.size()},
                        {QStringLiteral("connections"), connections}}));
            }
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

#include "httpfrontend.h"

#include "har.h"

#include "eventformatter.h"

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
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

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
    // RFC 9112 9.6: after "Connection: close" the server closes once the response is out (Qt 6.4's QHttpServer keeps
    // the connection open, and a client reading to the end waits). Every route answers before returning.
    const QList<QByteArray> connection = request.value("Connection").toLower().split(',');
    if (std::any_of(
            connection.cbegin(), connection.cend(), [](const QByteArray &t) { return t.trimmed() == "close"; })) {
        QMetaObject::invokeMethod(
            socket, [socket] { socket->disconnectFromHost(); }, Qt::QueuedConnection);
    }
    QHttpServerResponder responder = makeResponder(request, socket);
    const QString path = request.url().path();
    const bool readOnly
        = request.method() == QHttpServerRequest::Method::Get || request.method() == QHttpServerRequest::Method::Head;

    if (path == u"/metrics" && m_metrics) {
        const bool allowed = m_metricsOpen
            || m_policy.tokenAccepted(
                request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority), request.value("Authorization"));
        if (!readOnly) {
            writeError(responder, Status::MethodNotAllowed, tr("Only GET is allowed here."));
        } else if (!allowed) {
            responder.write(QJsonDocument(QJsonObject {{QStringLiteral("error"), tr("Missing or wrong access token.")},
                                              {QStringLiteral("status"), 401}})
                                .toJson(QJsonDocument::Compact),
                {{"Content-Type", "application/json"}, {"WWW-Authenticate", "Bearer"}}, Status::Unauthorized);
        } else {
            responder.write(
                renderMetrics(m_metrics()), {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}}, Status::Ok);
        }
        return true;
    }
    if (path.startsWith(u"/api/") || path == u"/healthz") {
        const bool isPut = request.method() == QHttpServerRequest::Method::Put;
        const bool isPost = request.method() == QHttpServerRequest::Method::Post;
        static const QRegularExpression action(QStringLiteral("^/api/connections/(\\d+)/(send|close|abort)$"));
        const QRegularExpressionMatch acting = action.match(path);
        const bool putRoute = path == u"/api/rules" || path == u"/api/faults";
        const bool postRoute = acting.hasMatch() || path == u"/api/broadcast";
        const bool put = isPut && putRoute;
        if (postRoute ? !isPost : (!readOnly && !put)) {
            writeError(responder, Status::MethodNotAllowed,
                postRoute      ? tr("Use POST here.")
                    : putRoute ? tr("Use GET or PUT here.")
                               : tr("Only GET is allowed here."));
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
        } else if (postRoute) {
            handleAction(responder, request, acting.hasMatch() ? acting.captured(1).toULongLong() : 0,
                acting.hasMatch() ? acting.captured(2) : QStringLiteral("broadcast"));
        } else if (path == u"/api/log.har") {
            if (!m_recorded) {
                writeError(responder, Status::NotFound, tr("The history is off: nothing is recorded to export."));
                return true;
            }
            const QString wanted = QUrlQuery(request.url()).queryItemValue(QStringLiteral("connection"));
            bool ok = true;
            const quint64 id = wanted.isEmpty() ? 0 : wanted.toULongLong(&ok);
            if (!ok || (!wanted.isEmpty() && id == 0)) {
                writeError(responder, Status::BadRequest, tr("\"connection\" must be a connection id."));
                return true;
            }
            QList<ServerEvent> events = m_recorded();
            if (id != 0) {
                events.removeIf([id](const ServerEvent &e) { return e.connectionId != id; });
                if (events.isEmpty()) {
                    writeError(responder, Status::NotFound, tr("No connection %1 in this run's log.").arg(id));
                    return true;
                }
            }
            QUrl base;
            base.setScheme(m_secure ? QStringLiteral("wss") : QStringLiteral("ws"));
            base.setAuthority(QString::fromLatin1(request.value("Host")));
            responder.write(Har::write(EventFormatter::toHar(events, base), QStringLiteral("Duplex")),
                {{"Content-Type", "application/json"}, {"Content-Disposition", "attachment; filename=\"duplex.har\""}},
                Status::Ok);
        } else if (path == u"/api/faults") {
            if (put) {
                const QJsonDocument body = QJsonDocument::fromJson(request.body());
                QString error;
                const std::optional<FaultSet> set
                    = body.isObject() ? FaultSet::fromJson(body.object(), &error) : std::nullopt;
                if (!set) {
                    writeError(responder, Status::BadRequest,
                        tr("The faults were not changed: %1")
                            .arg(body.isObject() ? error : tr("the body must be a JSON object")));
                    return true;
                }
                for (quint64 id : set->connections) {
                    if (!m_hub->hasClient(id)) {
                        writeError(responder, Status::NotFound, tr("No connection %1.").arg(id));
                        return true;
                    }
                }
                m_hub->applyFaults(*set);
            }
            writeJson(responder, QJsonDocument(m_hub->faults()->toJson()));
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

// POST /api/connections/{id}/send|close|abort and /api/broadcast: a client's test suite pushes and breaks things
// on cue (README "Testing your client").
void HttpFrontend::handleAction(
    QHttpServerResponder &responder, const QHttpServerRequest &request, quint64 id, const QString &verb)
{
    QJsonObject body;
    if (!request.body().trimmed().isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
        if (!document.isObject()) {
            writeError(responder, Status::BadRequest,
                parseError.error != QJsonParseError::NoError
                    ? tr("The body is not JSON: %1 at byte %2").arg(parseError.errorString()).arg(parseError.offset)
                    : tr("The body must be a JSON object."));
            return;
        }
        body = document.object();
    }
    if (verb != u"broadcast" && !m_hub->hasClient(id)) {
        writeError(responder, Status::NotFound, tr("No connection %1.").arg(id));
        return;
    }
    bool ok = true;
    int count = 1;
    if (verb == u"send" || verb == u"broadcast") {
        const bool hasText = body.value(u"text").isString();
        const bool hasHex = body.value(u"hex").isString();
        if (hasText == hasHex) {
            writeError(responder, Status::BadRequest, tr("Give either \"text\" or \"hex\" (a string)."));
            return;
        }
        QByteArray data;
        if (hasHex) {
            const QString hex = body.value(u"hex").toString().remove(u' ');
            data = QByteArray::fromHex(hex.toLatin1());
            if (hex.size() % 2 != 0 || data.size() * 2 != hex.size()) {
                writeError(responder, Status::BadRequest, tr("\"hex\" must be pairs of hex digits."));
                return;
            }
        }
        if (verb == u"send")
            ok = hasText ? m_hub->sendText(id, body.value(u"text").toString()) : m_hub->sendBinary(id, data);
        else
            count = hasText ? m_hub->broadcastText(body.value(u"text").toString()) : m_hub->broadcastBinary(data);
    } else if (verb == u"close") {
        const int code = body.value(u"code").toInt(1000);
        const QString reason = body.value(u"reason").toString();
        // The same close codes and reasons as a rule's close: one definition of what the server may send.
        QString why = RuleSet::closeCodeError(code);
        if (why.isEmpty())
            why = RuleSet::closeReasonError(reason);
        if (!why.isEmpty()) {
            writeError(responder, Status::BadRequest, why);
            return;
        }
        ok = m_hub->disconnectClient(id, code, reason);
    } else {
        ok = m_hub->resetClient(id);
    }
    if (!ok) {
        writeError(responder, Status::NotFound, tr("No connection %1.").arg(id));
        return;
    }
    QJsonObject answer {{QStringLiteral("ok"), true}};
    if (verb == u"broadcast")
        answer.insert(QStringLiteral("sent"), count);
    writeJson(responder, QJsonDocument(answer));
}

void HttpFrontend::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    writeError(responder, Status::NotFound, tr("Not found."));
}

} // namespace Duplex

#pragma once

#include "accesspolicy.h"
#include "metrics.h"
#include "serverevent.h"
#include "staticfiles.h"

#include <QAbstractHttpServer>
#include <QJsonObject>
#include <QPointer>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace Duplex {

class HubGroup;
class RedisBridge;

// The HTTP side of the port: the chat page and its files, /healthz and the JSON API. Requests reach it through
// hand(), after the Listener has seen that they are not WebSocket upgrades.
class HttpFrontend final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpFrontend)

public:
    explicit HttpFrontend(HubGroup *hub, const QString &documentRoot, QObject *parent = nullptr);
    ~HttpFrontend() override;

    void hand(QTcpSocket *socket);
    // The /api/ routes answer only with the access token when one is set.
    void setAccessPolicy(const AccessPolicy &policy) { m_policy = policy; }
    // The limits /api/stats shows (README, "Limits and access").
    void setLimits(const QJsonObject &limits) { m_limits = limits; }
    // The cluster that /api/cluster and /api/stats describe; none: this server alone.
    void setCluster(RedisBridge *bridge) { m_cluster = bridge; }
    // GET /api/log.har: this run's stored events (empty function: the history is off), and whether the server
    // speaks TLS (wss:// in the recorded URLs).
    // GET /metrics (Prometheus text format): what to report; open: served without the token.
    void setMetrics(std::function<MetricsInput()> source, bool open)
    {
        m_metrics = std::move(source);
        m_metricsOpen = open;
    }
    void setRecordedEvents(std::function<QList<ServerEvent>()> source, bool secure)
    {
        m_recorded = std::move(source);
        m_secure = secure;
    }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void handleAction(
        QHttpServerResponder &responder, const QHttpServerRequest &request, quint64 id, const QString &verb);
    class Handoff;
    Handoff *m_handoff = nullptr;
    HubGroup *m_hub = nullptr;
    QPointer<RedisBridge> m_cluster;
    StaticFiles m_files;
    AccessPolicy m_policy;
    std::function<QList<ServerEvent>()> m_recorded;
    std::function<MetricsInput()> m_metrics;
    bool m_metricsOpen = false;
    bool m_secure = false;
    QJsonObject m_limits;
};

} // namespace Duplex

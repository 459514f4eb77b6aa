#include "metrics.h"

#include <QDateTime>

namespace Duplex {

namespace {

// A label value: backslash, double quote and line feed escaped (exposition format).
QByteArray labelValue(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

class Writer
{
public:
    void family(const char *name, const char *type, const char *help)
    {
        m_out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    }
    void sample(const char *name, double value, const QByteArray &labels = {})
    {
        m_out += name;
        if (!labels.isEmpty())
            m_out += '{' + labels + '}';
        m_out += ' ' + QByteArray::number(value, 'g', 17) + '\n';
    }
    QByteArray take() { return std::move(m_out); }

private:
    QByteArray m_out;
};

} // namespace

QByteArray renderMetrics(const MetricsInput &in)
{
    Writer w;
    const ServerStats &s = in.stats;
    w.family("duplex_build_info", "gauge", "Duplex's version (always 1).");
    w.sample("duplex_build_info", 1, "version=\"" + labelValue(QStringLiteral(DUPLEX_VERSION)) + '"');
    w.family("duplex_start_time_seconds", "gauge", "When this run of the server started, in seconds since the epoch.");
    w.sample("duplex_start_time_seconds", s.startedAt.isValid() ? double(s.startedAt.toMSecsSinceEpoch()) / 1000 : 0);
    w.family("duplex_connections", "gauge", "WebSocket connections open now.");
    w.sample("duplex_connections", double(s.connectionsNow));
    w.family("duplex_connections_total", "counter", "WebSocket connections opened since the start.");
    w.sample("duplex_connections_total", double(s.connectionsTotal));
    w.family("duplex_messages_total", "counter", "WebSocket messages, by direction.");
    w.sample("duplex_messages_total", double(s.messagesIn), "direction=\"in\"");
    w.sample("duplex_messages_total", double(s.messagesOut), "direction=\"out\"");
    w.family("duplex_bytes_total", "counter", "WebSocket payload bytes, by direction.");
    w.sample("duplex_bytes_total", double(s.bytesIn), "direction=\"in\"");
    w.sample("duplex_bytes_total", double(s.bytesOut), "direction=\"out\"");
    w.family(
        "duplex_closes_total", "counter", "WebSocket connections closed, by close code (1006: without a close frame).");
    for (auto it = in.closeCodes.cbegin(); it != in.closeCodes.cend(); ++it)
        w.sample("duplex_closes_total", double(it.value()), "code=\"" + QByteArray::number(it.key()) + '"');
    w.family("duplex_refusals_total", "counter",
        "Handshakes and requests refused before the WebSocket opened, by HTTP status.");
    for (auto it = in.refusals.cbegin(); it != in.refusals.cend(); ++it)
        w.sample("duplex_refusals_total", double(it.value()), "status=\"" + QByteArray::number(it.key()) + '"');
    w.family("duplex_thread_connections", "gauge", "WebSocket connections open now, by network thread.");
    for (int i = 0; i < in.connectionsPerThread.size(); ++i)
        w.sample("duplex_thread_connections", in.connectionsPerThread.at(i), "thread=\"" + QByteArray::number(i) + '"');
    w.family("duplex_rule_matches_total", "counter", "Messages and events an auto-reply rule answered, by rule.");
    for (auto it = in.rulesFired.cbegin(); it != in.rulesFired.cend(); ++it)
        w.sample("duplex_rule_matches_total", double(it.value()), "rule=\"" + labelValue(it.key()) + '"');
    w.family("duplex_script_loaded", "gauge", "1 while a server script runs.");
    w.sample("duplex_script_loaded", in.scriptLoaded ? 1 : 0);
    w.family("duplex_faults_active", "gauge", "1 while any fault is injected (README \"Testing your client\").");
    w.sample("duplex_faults_active", in.faultsActive ? 1 : 0);
    if (!in.redisState.isEmpty()) {
        w.family("duplex_redis_up", "gauge", "1 while the Redis link of the cluster is up.");
        w.sample("duplex_redis_up", in.redisState == u"connected" ? 1 : 0);
        w.family("duplex_cluster_servers", "gauge", "Servers seen in the cluster, this one included.");
        w.sample("duplex_cluster_servers", s.clusterNodes);
        w.family("duplex_cluster_clients", "gauge", "Clients of every server in the cluster.");
        w.sample("duplex_cluster_clients", s.clusterClients);
    }
    return w.take();
}

} // namespace Duplex

#pragma once

#include "connectioninfo.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

namespace Duplex {

// What GET /metrics reports, gathered by the HTTP front end on the server's thread.
struct MetricsInput
{
    ServerStats stats;
    QList<int> connectionsPerThread; // index: network thread
    QMap<int, quint64> closeCodes; // connections closed, by close code
    QMap<int, quint64> refusals; // handshakes and requests refused, by HTTP status
    QMap<QString, quint64> rulesFired; // by rule name
    bool faultsActive = false;
    bool scriptLoaded = false;
    QString redisState; // empty: no cluster
};

// The Prometheus text exposition format (version 0.0.4), checked by `promtool check metrics` in tst_metrics.
QByteArray renderMetrics(const MetricsInput &input);

} // namespace Duplex

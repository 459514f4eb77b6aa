#pragma once

#include <QDateTime>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

namespace Duplex {

// A snapshot of one open WebSocket connection.
struct ConnectionInfo
{
    quint64 id = 0;
    QHostAddress address;
    quint16 port = 0;
    QString path; // path and query as requested, e.g. "/chat?name=alice"
    QString name;
    QString origin;
    QString userAgent;
    QString subprotocol;
    QString compression; // permessage-deflate and its parameters, as agreed; empty: uncompressed
    QDateTime connectedAt;
    QDateTime lastActivity;
    quint64 messagesIn = 0;
    quint64 messagesOut = 0;
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    qint64 lastRoundTripMs = -1; // of the last heartbeat ping; -1: none answered yet
    QString node; // the server it is connected to, in a cluster; empty: this one
    int thread = 0; // the network thread serving it (ServerConfig::threads); 0: the first

    QJsonObject toJson() const;
};

// Totals since the server started.
struct ServerStats
{
    quint64 connectionsNow = 0;
    quint64 connectionsTotal = 0;
    quint64 messagesIn = 0;
    quint64 messagesOut = 0;
    quint64 bytesIn = 0;
    quint64 bytesOut = 0;
    QMap<int, quint64> closeCodes; // connections closed, by close code (GET /metrics)
    QDateTime startedAt;

    // With --redis: this server's name, the Redis link ("connecting", "connected", "disconnected"), and the
    // servers seen (this one included) with their clients in total. redisState empty: no cluster.
    QString node;
    QString redisState;
    int clusterNodes = 0;
    int clusterClients = 0;

    QJsonObject toJson() const;
};

} // namespace Duplex

Q_DECLARE_METATYPE(Duplex::ConnectionInfo)
Q_DECLARE_METATYPE(Duplex::ServerStats)

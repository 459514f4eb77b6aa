#pragma once

#include "chatprotocol.h"
#include "connectioninfo.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

#include <map>
#include <memory>

class QTimer;

namespace Duplex {

class HubGroup;

// Where a Redis server is, from redis://HOST:PORT[/DB] (DESIGN.md, "Beyond one machine").
struct RedisAddress
{
    QString host;
    quint16 port = 6379;
    int database = 0;
    QString password;

    // Returns an error message, or an empty string when the URL is good.
    static QString parse(const QString &url, RedisAddress &address);
};

// Joins the Hub of this server to the Hubs of other servers through Redis pub/sub: publishes its broadcast chat
// messages and its presence, delivers the others' to the local clients, and carries out operator actions that
// other servers send for its clients. Lives on the network thread next to the Hub. Without Redis the local
// service goes on; the bridge reconnects with back-off and resumes.
class RedisBridge final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisBridge)

public:
    enum class State { Connecting, Connected, Disconnected };

    RedisBridge(HubGroup *hub, const RedisAddress &address, const QString &nodeName, QObject *parent = nullptr);
    ~RedisBridge() override;

    void start();

    QString nodeName() const { return m_nodeName; }
    State state() const { return m_state; }
    // "connecting", "connected" or "disconnected", as /api/stats shows it.
    QString stateName() const;

    // Servers seen, this one included, and their clients in total.
    int nodeCount() const;
    int clientCount() const;
    QList<ConnectionInfo> remoteConnections() const;
    // {"nodes": N, "clients": M, "redis": "..."}
    QJsonObject summaryJson() const;
    // Every server and every client, for /api/cluster.
    QJsonObject clusterJson() const;

    // Operator actions on a client of any server: carried out here for this node, published to the others.
    void sendText(const QString &node, quint64 id, const QString &text);
    void disconnectClient(const QString &node, quint64 id, int closeCode, const QString &reason);

Q_SIGNALS:
    void stateChanged(Duplex::RedisBridge::State state);

private:
    class Link;
    struct RemoteNode
    {
        QString instance;
        qint64 expiresMs = 0;
        quint64 lastSeq = 0;
        std::map<quint64, ConnectionInfo> connections;
    };

    void connectToRedis();
    void linkReady();
    void linkLost(const QString &error);
    void scheduleReconnect(const QString &error);
    void setState(State state);

    void publish(const QByteArray &channel, const QJsonObject &object);
    void publishChat(const ChatProtocol::ChatMessage &message);
    void publishPresence(const QString &type, const QJsonObject &extra);
    void publishSnapshot();
    void receive(const QByteArray &channel, const QByteArray &payload);
    void receiveChat(const QJsonObject &object);
    void receivePresence(const QJsonObject &object);
    void receiveCommand(const QJsonObject &object);
    RemoteNode &touch(const QString &node, const QString &instance, qint64 ttlMs);
    void expireNodes();

    QPointer<HubGroup> m_hub;
    RedisAddress m_address;
    QString m_nodeName;
    QString m_instance; // tells this process's messages from those of another with the same name
    std::unique_ptr<Link> m_subscriber;
    std::unique_ptr<Link> m_publisher;
    State m_state = State::Disconnected;
    bool m_outageLogged = false;
    bool m_everConnected = false;
    int m_retryDelayMs = 0;
    quint64 m_seq = 0;
    std::map<QString, RemoteNode> m_nodes;
    QTimer *m_retryTimer = nullptr;
    QTimer *m_connectTimer = nullptr;
    QTimer *m_snapshotTimer = nullptr;
    QTimer *m_expiryTimer = nullptr;
};

} // namespace Duplex

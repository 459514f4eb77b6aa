#include "redisbridge.h"

#include "hubgroup.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrl>

#include <hiredis/adapters/qt.h>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <algorithm>
#include <vector>

namespace Duplex {

namespace {

constexpr const char *Context = "Duplex::RedisBridge"; // tr() context of the log sentences
constexpr int SnapshotIntervalMs = 2000;
constexpr int PresenceTtlMs = 6000; // three snapshots: a server that stops sending drops out after this
constexpr int ExpiryCheckMs = 500;
constexpr int ConnectTimeoutMs = 3000;
constexpr int FirstRetryMs = 500;
constexpr int MaxRetryMs = 5000;

const QByteArray ChatChannel = QByteArrayLiteral("duplex:chat");
const QByteArray PresenceChannel = QByteArrayLiteral("duplex:presence");

QByteArray nodeChannel(const QString &node)
{
    return "duplex:node:" + node.toUtf8();
}

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QDateTime dateFromJson(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

ConnectionInfo connectionFromJson(const QJsonObject &o, const QString &node)
{
    ConnectionInfo info;
    info.id = quint64(o.value(QLatin1String("id")).toInteger());
    info.address = QHostAddress(o.value(QLatin1String("address")).toString());
    info.port = quint16(o.value(QLatin1String("port")).toInt());
    info.path = o.value(QLatin1String("path")).toString();
    info.name = o.value(QLatin1String("name")).toString();
    info.origin = o.value(QLatin1String("origin")).toString();
    info.userAgent = o.value(QLatin1String("userAgent")).toString();
    info.subprotocol = o.value(QLatin1String("subprotocol")).toString();
    info.connectedAt = dateFromJson(o.value(QLatin1String("connectedAt")));
    info.lastActivity = dateFromJson(o.value(QLatin1String("lastActivity")));
    info.messagesIn = quint64(o.value(QLatin1String("messagesIn")).toInteger());
    info.messagesOut = quint64(o.value(QLatin1String("messagesOut")).toInteger());
    info.bytesIn = quint64(o.value(QLatin1String("bytesIn")).toInteger());
    info.bytesOut = quint64(o.value(QLatin1String("bytesOut")).toInteger());
    info.node = node;
    return info;
}

// RedisQtAdapter's destructor writes to the context it was given, which hiredis frees on its own after a
// disconnect: once retired, the adapter points at a blank context that lives exactly as long as it does.
class RetiredAdapter final : public QObject
{
public:
    explicit RetiredAdapter(std::unique_ptr<RedisQtAdapter> adapter) : m_adapter(std::move(adapter))
    {
        m_adapter->setContext(&m_blank);
    }
    ~RetiredAdapter() override { m_adapter.reset(); }

private:
    redisAsyncContext m_blank {};
    std::unique_ptr<RedisQtAdapter> m_adapter;
};

} // namespace

QString RedisAddress::parse(const QString &text, RedisAddress &address)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != u"redis" || url.host().isEmpty())
        return QCoreApplication::translate(
            "Duplex::RedisBridge", "Invalid Redis URL \"%1\": use redis://HOST:PORT[/DB].")
            .arg(text);
    address.host = url.host();
    address.port = quint16(url.port(6379));
    address.password = url.password();
    const QString path = url.path().mid(1);
    address.database = 0;
    if (!path.isEmpty()) {
        bool ok = false;
        address.database = path.toInt(&ok);
        if (!ok || address.database < 0)
            return QCoreApplication::translate(
                "Duplex::RedisBridge", "Invalid Redis database \"%1\": give a number such as 0.")
                .arg(path);
    }
    return {};
}

// One hiredis asynchronous connection, driven by hiredis's own Qt adapter on the bridge's thread.
class RedisBridge::Link
{
public:
    explicit Link(RedisBridge *bridge) : m_bridge(bridge) { }
    ~Link() { close(); }
    Q_DISABLE_COPY_MOVE(Link)

    bool open(const RedisAddress &address, QString &error)
    {
        close();
        const QByteArray host = address.host.toUtf8();
        redisAsyncContext *context = redisAsyncConnect(host.constData(), address.port);
        if (!context) {
            error = RedisBridge::tr("out of memory");
            return false;
        }
        if (context->err) {
            error = QString::fromLocal8Bit(context->errstr);
            redisAsyncFree(context);
            return false;
        }
        m_context = context;
        m_connected = false;
        m_subscribed = 0;
        context->data = this;
        m_adapter = std::make_unique<RedisQtAdapter>();
        m_adapter->setContext(context); // before the callbacks: setting the connect callback watches for writes
        redisAsyncSetConnectCallback(context, &Link::onConnect);
        redisAsyncSetDisconnectCallback(context, &Link::onDisconnect);
        if (!address.password.isEmpty())
            command({QByteArrayLiteral("AUTH"), address.password.toUtf8()}, &Link::onReply);
        return true;
    }

    // Frees the context now (or, inside one of its callbacks, as soon as hiredis returns): no callback reaches
    // the bridge after this.
    void close()
    {
        redisAsyncContext *context = m_context;
        if (!context)
            return;
        detach();
        redisAsyncFree(context);
    }

    bool command(const QList<QByteArray> &arguments, redisCallbackFn *callback = nullptr)
    {
        if (!m_context)
            return false;
        std::vector<const char *> argv;
        std::vector<size_t> lengths;
        for (const QByteArray &a : arguments) {
            argv.push_back(a.constData());
            lengths.push_back(size_t(a.size()));
        }
        return redisAsyncCommandArgv(m_context, callback, nullptr, int(argv.size()), argv.data(), lengths.data())
            == REDIS_OK;
    }

    void subscribe(const QList<QByteArray> &channels)
    {
        m_channels = int(channels.size());
        command(QList<QByteArray> {QByteArrayLiteral("SUBSCRIBE")} + channels, &Link::onMessage);
    }

    bool isConnected() const { return m_context && m_connected; }
    bool isSubscribed() const { return isConnected() && m_channels > 0 && m_subscribed == m_channels; }

private:
    static Link *linkOf(const redisAsyncContext *context) { return static_cast<Link *>(context->data); }

    static void onConnect(const redisAsyncContext *context, int status)
    {
        Link *link = linkOf(context);
        if (!link)
            return;
        if (status != REDIS_OK) {
            const QString error = QString::fromLocal8Bit(context->errstr);
            link->detach(); // hiredis frees the context when this returns
            link->m_bridge->linkLost(error);
            return;
        }
        link->m_connected = true;
        link->m_bridge->linkReady();
    }

    static void onDisconnect(const redisAsyncContext *context, int status)
    {
        Link *link = linkOf(context);
        if (!link)
            return;
        const QString error = status == REDIS_OK || !context->errstr[0] ? RedisBridge::tr("connection closed")
                                                                        : QString::fromLocal8Bit(context->errstr);
        link->detach();
        link->m_bridge->linkLost(error);
    }

    static void onReply(redisAsyncContext *context, void *reply, void *)
    {
        Link *link = linkOf(context);
        const auto *r = static_cast<const redisReply *>(reply);
        if (link && r && r->type == REDIS_REPLY_ERROR)
            link->m_bridge->linkLost(QString::fromUtf8(r->str, qsizetype(r->len)));
    }

    static void onMessage(redisAsyncContext *context, void *reply, void *)
    {
        Link *link = linkOf(context);
        const auto *r = static_cast<const redisReply *>(reply);
        if (!link || !r)
            return;
        if (r->type == REDIS_REPLY_ERROR) {
            link->m_bridge->linkLost(QString::fromUtf8(r->str, qsizetype(r->len)));
            return;
        }
        if (r->type != REDIS_REPLY_ARRAY || r->elements < 3 || r->element[0]->type != REDIS_REPLY_STRING)
            return;
        const QByteArray kind(r->element[0]->str, qsizetype(r->element[0]->len));
        if (kind == "message" && r->element[1]->type == REDIS_REPLY_STRING
            && r->element[2]->type == REDIS_REPLY_STRING) {
            link->m_bridge->receive(QByteArray(r->element[1]->str, qsizetype(r->element[1]->len)),
                QByteArray::fromRawData(r->element[2]->str, qsizetype(r->element[2]->len)));
        } else if (kind == "subscribe") {
            if (++link->m_subscribed == link->m_channels)
                link->m_bridge->linkReady();
        }
    }

    // Unhooks the adapter and the bridge from the context, which hiredis or close() frees.
    void detach()
    {
        redisAsyncContext *context = std::exchange(m_context, nullptr);
        m_connected = false;
        m_subscribed = 0;
        if (!context)
            return;
        context->data = nullptr;
        if (context->ev.cleanup)
            context->ev.cleanup(context->ev.data); // deletes the adapter's socket notifiers
        context->ev.data = nullptr;
        context->ev.addRead = nullptr;
        context->ev.delRead = nullptr;
        context->ev.addWrite = nullptr;
        context->ev.delWrite = nullptr;
        context->ev.cleanup = nullptr;
        if (m_adapter)
            (new RetiredAdapter(std::move(m_adapter)))->deleteLater(); // we may be inside one of its slots
    }

    RedisBridge *m_bridge = nullptr;
    redisAsyncContext *m_context = nullptr;
    std::unique_ptr<RedisQtAdapter> m_adapter;
    bool m_connected = false;
    int m_channels = 0;
    int m_subscribed = 0;
};

RedisBridge::RedisBridge(HubGroup *hub, const RedisAddress &address, const QString &nodeName, QObject *parent)
    : QObject(parent),
      m_hub(hub),
      m_address(address),
      m_nodeName(nodeName),
      m_instance(QString::number(QRandomGenerator::global()->generate64(), 36)),
      m_subscriber(std::make_unique<Link>(this)),
      m_publisher(std::make_unique<Link>(this)),
      m_retryTimer(new QTimer(this)),
      m_connectTimer(new QTimer(this)),
      m_snapshotTimer(new QTimer(this)),
      m_expiryTimer(new QTimer(this))
{
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &RedisBridge::connectToRedis);
    m_connectTimer->setSingleShot(true);
    m_connectTimer->setInterval(ConnectTimeoutMs);
    connect(m_connectTimer, &QTimer::timeout, this, [this] { linkLost(tr("no answer in time")); });
    m_snapshotTimer->setInterval(SnapshotIntervalMs);
    connect(m_snapshotTimer, &QTimer::timeout, this, &RedisBridge::publishSnapshot);
    m_expiryTimer->setInterval(ExpiryCheckMs);
    connect(m_expiryTimer, &QTimer::timeout, this, &RedisBridge::expireNodes);

    connect(hub, &HubGroup::chatBroadcast, this, &RedisBridge::publishChat);
    connect(hub, &HubGroup::clientJoined, this, [this](const ConnectionInfo &info) {
        publishPresence(QStringLiteral("join"), {{QStringLiteral("connection"), info.toJson()}});
    });
    connect(hub, &HubGroup::clientLeft, this, [this](quint64 id) {
        publishPresence(QStringLiteral("leave"), {{QStringLiteral("id"), qint64(id)}});
    });
}

RedisBridge::~RedisBridge()
{
    m_subscriber.reset();
    m_publisher.reset();
}

void RedisBridge::start()
{
    m_snapshotTimer->start();
    m_expiryTimer->start();
    connectToRedis();
}

QString RedisBridge::stateName() const
{
    switch (m_state) {
    case State::Connected:
        return QStringLiteral("connected");
    case State::Connecting:
        return QStringLiteral("connecting");
    case State::Disconnected:
        break;
    }
    return QStringLiteral("disconnected");
}

void RedisBridge::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void RedisBridge::connectToRedis()
{
    setState(State::Connecting);
    QString error;
    if (!m_subscriber->open(m_address, error) || !m_publisher->open(m_address, error)) {
        linkLost(error);
        return;
    }
    m_subscriber->subscribe({ChatChannel, PresenceChannel, nodeChannel(m_nodeName)});
    if (m_address.database != 0)
        m_publisher->command({QByteArrayLiteral("SELECT"), QByteArray::number(m_address.database)});
    m_connectTimer->start();
}

void RedisBridge::linkReady()
{
    if (m_state == State::Connected || !m_publisher->isConnected() || !m_subscriber->isSubscribed())
        return;
    m_connectTimer->stop();
    m_retryDelayMs = 0;
    setState(State::Connected);
    const QString where = m_address.host + u':' + QString::number(m_address.port);
    if (m_hub) {
        if (std::exchange(m_outageLogged, false))
            m_hub->recordInfo(Sentence::make(Context,
                QT_TRANSLATE_NOOP("Duplex::RedisBridge", "Redis at %1 is back: messages reach the other servers again"),
                {where}));
        else if (!m_everConnected)
            m_hub->recordInfo(Sentence::make(Context,
                QT_TRANSLATE_NOOP("Duplex::RedisBridge", "Joined the cluster through Redis at %1 as \"%2\""),
                {where, m_nodeName}));
    }
    m_everConnected = true;
    publishSnapshot();
}

void RedisBridge::linkLost(const QString &error)
{
    if (m_state == State::Disconnected)
        return; // the other link, or a late answer, reporting the same outage
    m_connectTimer->stop();
    m_subscriber->close();
    m_publisher->close();
    scheduleReconnect(error);
}

void RedisBridge::scheduleReconnect(const QString &error)
{
    if (!m_outageLogged && m_hub) {
        const QString where = m_address.host + u':' + QString::number(m_address.port);
        m_hub->recordInfo(m_everConnected
                ? tr("Lost Redis at %1 (%2): serving local clients only, reconnecting").arg(where, error)
                : tr("Cannot reach Redis at %1 (%2): serving local clients only, retrying").arg(where, error),
            ServerEvent::Type::Error);
        m_outageLogged = true;
    }
    setState(State::Disconnected);
    m_retryDelayMs = m_retryDelayMs == 0 ? FirstRetryMs : std::min(m_retryDelayMs * 2, MaxRetryMs);
    m_retryTimer->start(m_retryDelayMs);
}

void RedisBridge::publish(const QByteArray &channel, const QJsonObject &object)
{
    if (m_state != State::Connected)
        return; // during an outage only local clients are served
    m_publisher->command({QByteArrayLiteral("PUBLISH"), channel, QJsonDocument(object).toJson(QJsonDocument::Compact)});
}

void RedisBridge::publishChat(const ChatProtocol::ChatMessage &message)
{
    if (m_state != State::Connected)
        return;
    publish(ChatChannel,
        QJsonObject {
            {QStringLiteral("node"), m_nodeName},
            {QStringLiteral("instance"), m_instance},
            {QStringLiteral("seq"), qint64(++m_seq)},
            {QStringLiteral("from"), qint64(message.from)},
            {QStringLiteral("name"), message.name},
            {QStringLiteral("text"), message.text},
            {QStringLiteral("time"), message.timeMs},
        });
}

void RedisBridge::publishPresence(const QString &type, const QJsonObject &extra)
{
    if (m_state != State::Connected)
        return;
    QJsonObject object = extra;
    object.insert(QStringLiteral("type"), type);
    object.insert(QStringLiteral("node"), m_nodeName);
    object.insert(QStringLiteral("instance"), m_instance);
    object.insert(QStringLiteral("ttl"), PresenceTtlMs);
    publish(PresenceChannel, object);
}

void RedisBridge::publishSnapshot()
{
    if (m_state != State::Connected || !m_hub)
        return;
    QJsonArray connections;
    for (const ConnectionInfo &info : m_hub->connections())
        connections.append(info.toJson());
    publishPresence(QStringLiteral("snapshot"), {{QStringLiteral("connections"), connections}});
}

void RedisBridge::receive(const QByteArray &channel, const QByteArray &payload)
{
    const QJsonObject object = QJsonDocument::fromJson(payload).object();
    if (object.isEmpty() || object.value(QLatin1String("instance")).toString() == m_instance)
        return; // our own message, back from Redis
    if (channel == ChatChannel)
        receiveChat(object);
    else if (channel == PresenceChannel)
        receivePresence(object);
    else if (channel == nodeChannel(m_nodeName))
        receiveCommand(object);
}

RedisBridge::RemoteNode &RedisBridge::touch(const QString &node, const QString &instance, qint64 ttlMs)
{
    auto [it, added] = m_nodes.try_emplace(node);
    RemoteNode &n = it->second;
    if (n.instance != instance) {
        // A new process under that name: its numbering starts again.
        n.instance = instance;
        n.lastSeq = 0;
        n.connections.clear();
    }
    n.expiresMs = now() + (ttlMs > 0 ? ttlMs : PresenceTtlMs);
    if (added && m_hub)
        m_hub->recordInfo(Sentence::make(
            Context, QT_TRANSLATE_NOOP("Duplex::RedisBridge", "Server \"%1\" joined the cluster"), {node}));
    return n;
}

void RedisBridge::receiveChat(const QJsonObject &o)
{
    const QString node = o.value(QLatin1String("node")).toString();
    if (node.isEmpty() || !m_hub)
        return;
    RemoteNode &n = touch(node, o.value(QLatin1String("instance")).toString(), 0);
    const auto seq = quint64(o.value(QLatin1String("seq")).toInteger());
    if (seq <= n.lastSeq)
        return; // seen already: deliver each message once
    n.lastSeq = seq;
    m_hub->deliverRemote(
        {quint64(o.value(QLatin1String("from")).toInteger()), o.value(QLatin1String("name")).toString(),
            o.value(QLatin1String("text")).toString(), o.value(QLatin1String("time")).toInteger()},
        node);
}

void RedisBridge::receivePresence(const QJsonObject &o)
{
    const QString node = o.value(QLatin1String("node")).toString();
    const QString type = o.value(QLatin1String("type")).toString();
    if (node.isEmpty())
        return;
    if (type == u"bye") {
        m_nodes.erase(node);
        return;
    }
    RemoteNode &n
        = touch(node, o.value(QLatin1String("instance")).toString(), o.value(QLatin1String("ttl")).toInteger());
    if (type == u"snapshot") {
        n.connections.clear();
        const QJsonArray list = o.value(QLatin1String("connections")).toArray();
        for (const QJsonValue &v : list) {
            ConnectionInfo info = connectionFromJson(v.toObject(), node);
            n.connections.insert_or_assign(info.id, std::move(info));
        }
    } else if (type == u"join") {
        ConnectionInfo info = connectionFromJson(o.value(QLatin1String("connection")).toObject(), node);
        n.connections.insert_or_assign(info.id, std::move(info));
    } else if (type == u"leave") {
        n.connections.erase(quint64(o.value(QLatin1String("id")).toInteger()));
    }
}

void RedisBridge::receiveCommand(const QJsonObject &o)
{
    if (!m_hub)
        return;
    const QString op = o.value(QLatin1String("op")).toString();
    const auto id = quint64(o.value(QLatin1String("id")).toInteger());
    const QString by = o.value(QLatin1String("by")).toString();
    if (op == u"send") {
        if (m_hub->sendText(id, o.value(QLatin1String("text")).toString()))
            m_hub->recordInfo(Sentence::make(Context,
                QT_TRANSLATE_NOOP("Duplex::RedisBridge", "Pushed a message to #%1 for server \"%2\""),
                {QString::number(id), by}));
    } else if (op == u"disconnect") {
        if (m_hub->disconnectClient(
                id, o.value(QLatin1String("code")).toInt(1000), o.value(QLatin1String("reason")).toString()))
            m_hub->recordInfo(
                Sentence::make(Context, QT_TRANSLATE_NOOP("Duplex::RedisBridge", "Disconnected #%1 for server \"%2\""),
                    {QString::number(id), by}));
    }
}

void RedisBridge::expireNodes()
{
    const qint64 t = now();
    for (auto it = m_nodes.begin(); it != m_nodes.end();) {
        if (it->second.expiresMs < t) {
            if (m_hub)
                m_hub->recordInfo(tr("Server \"%1\" left the cluster: not heard from in %2 s")
                                      .arg(it->first)
                                      .arg(PresenceTtlMs / 1000));
            it = m_nodes.erase(it);
        } else {
            ++it;
        }
    }
}

void RedisBridge::sendText(const QString &node, quint64 id, const QString &text)
{
    if (node.isEmpty() || node == m_nodeName) {
        if (m_hub)
            m_hub->sendText(id, text);
        return;
    }
    publish(nodeChannel(node),
        QJsonObject {{QStringLiteral("op"), QStringLiteral("send")}, {QStringLiteral("id"), qint64(id)},
            {QStringLiteral("text"), text}, {QStringLiteral("by"), m_nodeName},
            {QStringLiteral("instance"), m_instance}});
}

void RedisBridge::disconnectClient(const QString &node, quint64 id, int closeCode, const QString &reason)
{
    if (node.isEmpty() || node == m_nodeName) {
        if (m_hub)
            m_hub->disconnectClient(id, closeCode, reason);
        return;
    }
    publish(nodeChannel(node),
        QJsonObject {{QStringLiteral("op"), QStringLiteral("disconnect")}, {QStringLiteral("id"), qint64(id)},
            {QStringLiteral("code"), closeCode}, {QStringLiteral("reason"), reason}, {QStringLiteral("by"), m_nodeName},
            {QStringLiteral("instance"), m_instance}});
}

int RedisBridge::nodeCount() const
{
    return int(m_nodes.size()) + 1;
}

int RedisBridge::clientCount() const
{
    int count = m_hub ? m_hub->count() : 0;
    for (const auto &[name, node] : m_nodes)
        count += int(node.connections.size());
    return count;
}

QList<ConnectionInfo> RedisBridge::remoteConnections() const
{
    QList<ConnectionInfo> list;
    for (const auto &[name, node] : m_nodes) {
        for (const auto &[id, info] : node.connections)
            list.append(info);
    }
    return list;
}

QJsonObject RedisBridge::summaryJson() const
{
    return QJsonObject {
        {QStringLiteral("nodes"), nodeCount()},
        {QStringLiteral("clients"), clientCount()},
        {QStringLiteral("redis"), stateName()},
    };
}

QJsonObject RedisBridge::clusterJson() const
{
    const QList<ConnectionInfo> local = m_hub ? m_hub->connections() : QList<ConnectionInfo>();
    QJsonArray nodes {QJsonObject {{QStringLiteral("name"), m_nodeName}, {QStringLiteral("clients"), int(local.size())},
        {QStringLiteral("local"), true}}};
    QJsonArray connections;
    for (ConnectionInfo info : local) {
        info.node = m_nodeName;
        connections.append(info.toJson());
    }
    const qint64 t = now();
    for (const auto &[name, node] : m_nodes) {
        nodes.append(
            QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("clients"), int(node.connections.size())},
                {QStringLiteral("local"), false}, {QStringLiteral("expiresInMs"), node.expiresMs - t}});
        for (const auto &[id, info] : node.connections)
            connections.append(info.toJson());
    }
    return QJsonObject {
        {QStringLiteral("node"), m_nodeName},
        {QStringLiteral("redis"), stateName()},
        {QStringLiteral("nodes"), nodes},
        {QStringLiteral("clients"), connections.size()},
        {QStringLiteral("connections"), connections},
    };
}

} // namespace Duplex

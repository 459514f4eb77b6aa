#include "hub.h"

#include "accesspolicy.h"
#include "hubconnection.h"
#include "iobatch.h"
#include "ruleset.h"
#include "scripthost.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocketProtocol>

namespace Duplex {

namespace {

constexpr int MaxNameLength = 64;
constexpr qint64 BatchedReplyBytes = 16 * 1024; // larger echo and raw replies are written at once (ReplyScope)

} // namespace

Hub::Hub(QObject *parent) : QObject(parent), m_replyTemplate(defaultReplyTemplate())
{
    m_stats.startedAt = QDateTime::currentDateTimeUtc();
}

Hub::~Hub()
{
    abortAll();
}

void Hub::setMode(Mode mode)
{
    if (std::exchange(m_mode, mode) != mode && !m_connections.empty())
        sendToChatClients(ChatProtocol::modeChanged(modeName(mode), ServerEvent::now())); // pages show the new mode
}

void Hub::setReplyTemplate(const QString &replyTemplate)
{
    m_replyTemplate = ReplyTemplate(replyTemplate.isEmpty() ? defaultReplyTemplate() : replyTemplate);
}

void Hub::setMessageLimits(qint64 maxMessageSize, qint64 maxFrameSize)
{
    m_maxMessageSize = maxMessageSize;
    m_maxFrameSize = maxFrameSize;
}

void Hub::adopt(Transport *transport)
{
    transport->setParent(this);
    if (m_closingAll) {
        // the server is stopping (a handshake that finished after closeAll()): say goodbye at once
        transport->close(m_closeAllCode, m_closeAllReason);
        transport->flush();
        QTimer::singleShot(1000, transport, [transport] {
            transport->abort();
            transport->deleteLater(); // no handler to do it
        });
        return;
    }
    auto connection = std::make_unique<Connection>(*this, transport);
    Connection &c = *connection;
    const HandshakeInfo &handshake = transport->handshake();
    c.chat = handshake.subprotocol == QLatin1String(ChatProtocol::Name);

    ConnectionInfo &info = c.info;
    info.id = m_ids->fetch_add(1, std::memory_order_relaxed) + 1;
    info.thread = m_threadIndex;
    info.address = handshake.peerAddress;
    if (const auto v4 = info.address.toIPv4Address();
        v4 != 0 && info.address.protocol() == QAbstractSocket::IPv6Protocol)
        info.address = QHostAddress(v4); // show ::ffff:127.0.0.1 as 127.0.0.1
    info.port = handshake.peerPort;
    const QUrl &url = handshake.requestUrl;
    info.path = AccessPolicy::displayedPath(url); // the token masked: the path is shown and logged
    const QString requested = QUrlQuery(url).queryItemValue(QStringLiteral("name"), QUrl::FullyDecoded).trimmed();
    info.name = requested.isEmpty() ? u'#' + QString::number(info.id) : requested.left(MaxNameLength);
    info.origin = handshake.origin;
    info.userAgent = handshake.userAgent;
    info.subprotocol = handshake.subprotocol;
    info.compression = handshake.compression;
    info.connectedAt = QDateTime::currentDateTimeUtc();
    info.lastActivity = info.connectedAt;
    c.lastSeenMs = c.lastMessageMs = c.rateWindowStartMs = info.connectedAt.toMSecsSinceEpoch();

    transport->setMessageLimits(m_maxMessageSize, m_maxFrameSize);
    transport->setHandler(&c);

    if (!m_simulationKey.isEmpty()
        && AccessPolicy::headerValue(handshake.head, "x-duplex-simulation") == m_simulationKey) {
        c.simulated = true;
        if (m_simulated.open++ == 0 && m_simulated.connections == 0)
            recordInfo(Sentence::make("Duplex::Hub",
                QT_TRANSLATE_NOOP("Duplex::Hub",
                    "Simulated clients are connecting: their messages are counted in the "
                    "statistics and summarised here when they are done, not logged one "
                    "by one")));
        ++m_simulated.connections;
    }
    const quint64 id = info.id;
    ++m_stats.connectionsNow;
    ++m_stats.connectionsTotal;
    m_changed = true;
    m_connections.emplace(id, std::move(connection));
    applyFaults(c);

    ServerEvent opened;
    opened.type = ServerEvent::Type::Opened;
    opened.connectionId = id;
    opened.text = info.address.toString() + u':' + QString::number(info.port);
    opened.path = info.path;
    record(std::move(opened));

    const qint64 now = ServerEvent::now();
    if (c.chat) {
        sendTextTo(c, ChatProtocol::welcome(id, info.name, modeName(m_mode), now));
        if (m_mode == Mode::Broadcast)
            sendTextTo(c, ChatProtocol::history(m_history));
    }
    if (m_mode == Mode::Broadcast) {
        QString presence = ChatProtocol::presence(QStringLiteral("join"), id, info.name, now);
        sendToChatClients(presence, id);
        relayToPeers({Relay::Kind::ChatClients, std::move(presence), {}, {}, {}});
    }
    if (m_rules) {
        if (const Rule *rule = m_rules->first(Rule::On::Open))
            runEventRule(&c, info, *rule);
    }
    if (m_script) {
        ScriptEvent e;
        e.kind = ScriptEvent::Kind::Open;
        e.fd = id;
        e.data = handshake.head;
        e.path = info.path;
        e.name = info.name;
        e.address = info.address.toString();
        e.subprotocol = info.subprotocol;
        toScript(std::move(e));
    }
    transport->releaseHandshake(); // `handshake` is not used after this
    Q_EMIT clientJoined(info);
    queueFlush(c); // the handshake's answer too, when nothing else is sent yet
}

void Hub::onPong(Connection &c, qint64 elapsedMs, const QByteArray &payload)
{
    c.lastSeenMs = ServerEvent::now();
    c.info.lastRoundTripMs = elapsedMs;
    m_changed = true;
    if (m_eventsEnabled) {
        ServerEvent e;
        e.type = ServerEvent::Type::FrameIn;
        e.connectionId = c.info.id;
        e.opcode = ServerEvent::Opcode::Pong;
        e.size = payload.size();
        e.payload = payload;
        e.sentence = Sentence::make(
            "Duplex::Hub", QT_TRANSLATE_NOOP("Duplex::Hub", "round trip %1 ms"), {QString::number(elapsedMs)});
        e.text = e.sentence->translated();
        record(std::move(e));
    }
}

QList<ConnectionInfo> Hub::connections() const
{
    QList<ConnectionInfo> list;
    list.reserve(qsizetype(m_connections.size()));
    for (const auto &[id, connection] : m_connections) {
        list.append(connection->info);
        list.last().lastActivity = QDateTime::fromMSecsSinceEpoch(connection->lastMessageMs, Qt::UTC);
    }
    return list;
}

ServerStats Hub::stats() const
{
    return m_stats;
}

void Hub::resetStats()
{
    m_stats = ServerStats {};
    m_stats.connectionsNow = m_connections.size();
    m_stats.startedAt = QDateTime::currentDateTimeUtc();
}

bool Hub::takeChanged()
{
    return std::exchange(m_changed, false);
}

Hub::Connection *Hub::find(quint64 id) const
{
    const auto it = m_connections.find(id);
    return it == m_connections.end() ? nullptr : it->second.get();
}

// Bookkeeping for every message in; false when the connection is being closed or has just broken the rate limit.
bool Hub::admit(Connection &c)
{
    if (c.closing)
        return false;
    const qint64 now = ServerEvent::now();
    c.lastSeenMs = now;
    c.lastMessageMs = now;
    if (m_maxMessagesPerSecond > 0) {
        if (now - c.rateWindowStartMs >= 1000) {
            c.rateWindowStartMs = now;
            c.rateWindowCount = 0;
        }
        if (++c.rateWindowCount > m_maxMessagesPerSecond) {
            closeForPolicy(c, QWebSocketProtocol::CloseCodePolicyViolated,
                tr("more than %1 messages per second").arg(m_maxMessagesPerSecond));
            return false;
        }
    }
    return true;
}

void Hub::closeForPolicy(Connection &c, int code, const QString &reason)
{
    if (c.closing)
        return;
    c.closing = true;
    ServerEvent e;
    e.type = ServerEvent::Type::Error;
    e.connectionId = c.info.id;
    e.sentence = Sentence::make(
        "Duplex::Hub", QT_TRANSLATE_NOOP("Duplex::Hub", "closing with %1: %2"), {QString::number(code), reason});
    e.text = e.sentence->translated();
    record(std::move(e));
    // Close from the event loop, not here: we may be inside a loop over the connections, and a close that finishes
    // at once would erase from under it. `closing` already stops every further send to this client.
    Transport *transport = c.transport;
    QMetaObject::invokeMethod(
        transport, [transport, code, reason] { transport->close(code, reason); }, Qt::QueuedConnection);
    // A client that does not read would never see the close frame: do not wait long for its answer.
    QTimer::singleShot(1000, transport, [transport] { transport->abort(); });
}

void Hub::heartbeat(qint64 timeoutMs)
{
    const qint64 now = ServerEvent::now();
    QList<Connection *> silent;
    for (const auto &[id, c] : m_connections) {
        if (now - c->lastSeenMs > timeoutMs)
            silent.append(c.get());
        else if (!c->closing) {
            c->transport->ping();
            queueFlush(*c); // not written here: a write that finds the client gone would erase from this map
        }
    }
    for (Connection *c : std::as_const(silent))
        closeForPolicy(*c, QWebSocketProtocol::CloseCodeGoingAway,
            tr("no answer to pings for %1 s").arg((now - c->lastSeenMs) / 1000));
}

void Hub::setFlowLimits(double maxMessagesPerSecond, qint64 maxPendingOutput)
{
    m_maxMessagesPerSecond = maxMessagesPerSecond;
    m_maxPendingOutput = maxPendingOutput;
}

// Echo and raw answer the sender only: its reply is written as soon as its message is handled, while the
// connection's buffers are still in the CPU's cache (README "Performance"). Broadcast waits for the end of the pass,
// so that what many senders say reaches each client in one write.
class Hub::ReplyScope
{
public:
    ReplyScope(Hub &hub, Connection &c) : m_hub(hub), m_c(c)
    {
        if (hub.m_mode != Mode::Broadcast)
            hub.m_replyTo = &c;
    }
    ~ReplyScope()
    {
        m_hub.m_replyTo = nullptr;
        if (!std::exchange(m_c.replyPending, false))
            return;
        // With an IoBatch a small reply waits for the end of the pass: written with the others in one system call.
        // A large one goes now, from a buffer still in the cache that the next reply then uses again (a pass of
        // 64 KiB replies kept for the end took 2x the CPU).
        if (m_c.transport->bytesToWrite() <= BatchedReplyBytes && IoBatch::forThread())
            m_hub.queueFlush(m_c);
        else
            m_c.transport->flush(); // may close it: m_c is not touched after this
    }
    Q_DISABLE_COPY_MOVE(ReplyScope)

private:
    Hub &m_hub;
    Connection &m_c;
};

void Hub::onText(Connection &c, const TextMessage &message)
{
    if (!admit(c))
        return;
    const ReplyScope scope(*this, c);
    ++c.info.messagesIn;
    ++m_stats.messagesIn;
    m_changed = true;
    const RuleDecision rules = m_rules ? decideByRules(c, message.text(), nullptr) : RuleDecision {};
    // The bytes as they came: counted, kept by the event and, in raw mode, sent back without a QString between.
    const QByteArrayView utf8 = message.utf8();
    c.info.bytesIn += quint64(utf8.size());
    m_stats.bytesIn += quint64(utf8.size());
    QByteArray kept;
    if (m_eventsEnabled) {
        kept = eventPayload(utf8);
        const RuleScope named(*this, rules.match.rule ? rules.match.rule->name : QString());
        recordKept(ServerEvent::Type::FrameIn, c.info.id, ServerEvent::Opcode::Text, kept, utf8.size(),
            c.transport->lastReceivedWireSize());
    }
    if (takenBeforeMode(c, rules, &message, nullptr))
        return;

    switch (m_mode) {
    case Mode::Raw:
        sendUtf8To(c, utf8, kept);
        break;
    case Mode::Echo:
        if (c.chat) {
            handleChatRequest(c, message.text());
        } else {
            const QByteArray reply = m_replyTemplate.expandUtf8(c.info.id, c.info.name, utf8);
            sendUtf8To(c, reply, keptOf(reply)); // the event shares the reply's bytes
        }
        break;
    case Mode::Broadcast:
        if (c.chat)
            handleChatRequest(c, message.text());
        else
            chat(c, message.text());
        break;
    }
}

void Hub::onBinary(Connection &c, const QByteArray &data)
{
    if (!admit(c))
        return;
    const ReplyScope scope(*this, c);
    ++c.info.messagesIn;
    ++m_stats.messagesIn;
    c.info.bytesIn += quint64(data.size());
    m_stats.bytesIn += quint64(data.size());
    m_changed = true;
    const RuleDecision rules = m_rules ? decideByRules(c, QString(), &data) : RuleDecision {};
    {
        const RuleScope named(*this, rules.match.rule ? rules.match.rule->name : QString());
        recordFrame(ServerEvent::Type::FrameIn, c.info.id, ServerEvent::Opcode::Binary, data,
            c.transport->lastReceivedWireSize());
    }
    if (takenBeforeMode(c, rules, nullptr, &data))
        return;

    if (m_mode == Mode::Broadcast) {
        for (const auto &[id, other] : m_connections)
            sendBinaryTo(*other, data);
        relayToPeers({Relay::Kind::Binary, {}, {}, data, {}});
    } else {
        sendBinaryTo(c, data);
    }
}

// The behaviour chain's links before the mode (DESIGN.md): the rules, then the script when it has a message handler.
// True when one of them took the message; the mode answers it otherwise.
bool Hub::takenBeforeMode(Connection &c, const RuleDecision &rules, const TextMessage *text, const QByteArray *binary)
{
    if (rules.decided) {
        runMessageRule(c, rules);
        return true;
    }
    if (!m_scriptMessages)
        return false;
    ScriptEvent e;
    e.fd = c.info.id;
    if (binary) {
        e.binary = true;
        e.data = *binary;
    } else if (c.chat) {
        // The page's {"type":"message","text":…}: the script sees the text, and the page its own message first.
        const ChatProtocol::Request request = ChatProtocol::parse(text->text());
        if (request.kind != ChatProtocol::Request::Kind::Message)
            return false; // a rename: the page's protocol
        e.text = request.value;
        sendTextTo(c, ChatProtocol::message({c.info.id, c.info.name, request.value, ServerEvent::now()}));
    } else {
        e.text = text->text();
    }
    toScript(std::move(e));
    return true;
}

void Hub::handleChatRequest(Connection &c, const QString &frame)
{
    const ChatProtocol::Request request = ChatProtocol::parse(frame);
    switch (request.kind) {
    case ChatProtocol::Request::Kind::Message:
        chat(c, request.value);
        break;
    case ChatProtocol::Request::Kind::Rename: {
        const QString old = std::exchange(c.info.name, request.value.left(MaxNameLength));
        const QString json = ChatProtocol::renamed(c.info.id, c.info.name, old, ServerEvent::now());
        if (m_mode == Mode::Broadcast) {
            sendToChatClients(json);
            relayToPeers({Relay::Kind::ChatClients, json, {}, {}, {}});
        } else
            sendTextTo(c, json);
        break;
    }
    case ChatProtocol::Request::Kind::Invalid:
        sendTextTo(c, ChatProtocol::error(request.value));
        break;
    }
}

// A chat message from a client: answered (echo) or relayed to everyone (broadcast).
void Hub::chat(Connection &from, const QString &text)
{
    const ChatProtocol::ChatMessage message {from.info.id, from.info.name, text, ServerEvent::now()};
    if (m_mode == Mode::Echo) {
        // A duplex.v1 page shows only what the server sent: its own message first, then the reply.
        sendTextTo(from, ChatProtocol::message(message));
        sendTextTo(from, ChatProtocol::message({0, tr("server"), expandReply(from, text), message.timeMs}));
        return;
    }
    remember(message);
    const QString plain = from.info.name + u": " + text;
    const QString json = ChatProtocol::message(message);
    sendToEveryone(json, plain);
    relayToPeers({Relay::Kind::Chat, json, plain, {}, message});
    Q_EMIT chatBroadcast(message);
}

void Hub::deliverRelay(const Relay &relay)
{
    switch (relay.kind) {
    case Relay::Kind::Chat:
        remember(relay.message);
        sendToEveryone(relay.json, relay.plain);
        break;
    case Relay::Kind::ChatClients:
        sendToChatClients(relay.json);
        break;
    case Relay::Kind::Text:
        sendToEveryone(relay.json, relay.plain);
        break;
    case Relay::Kind::Binary:
        for (const auto &[id, c] : m_connections)
            sendBinaryTo(*c, relay.data);
        break;
    }
}

void Hub::deliverRemote(const ChatProtocol::ChatMessage &message, const QString &node)
{
    if (m_mode != Mode::Broadcast)
        return;
    remember(message);
    QJsonObject object = message.toJson();
    object.insert(QStringLiteral("node"), node);
    const QString json = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    sendToEveryone(json, message.name + u": " + message.text);
}

void Hub::remember(const ChatProtocol::ChatMessage &message)
{
    m_history.append(message);
    if (m_history.size() > m_historySize)
        m_history.remove(0, m_history.size() - m_historySize);
}

void Hub::sendToEveryone(const QString &json, const QString &plain, const Connection *except)
{
    for (const auto &[id, c] : m_connections) {
        if (c.get() != except)
            sendTextTo(*c, c->chat ? json : plain);
    }
}

void Hub::sendToChatClients(const QString &json, quint64 except)
{
    for (const auto &[id, connection] : m_connections) {
        if (connection->chat && id != except)
            sendTextTo(*connection, json);
    }
}

QString Hub::expandReply(const Connection &c, const QString &text) const
{
    return m_replyTemplate.expand(c.info.id, c.info.name, text);
}

void Hub::sendTextTo(Connection &c, const QString &text)
{
    if (c.closing || !c.transport->isOpen())
        return;
    if (c.fault && !m_faultBypass && faultOut(c, &text, nullptr))
        return;
    if (m_eventsEnabled) {
        const QByteArray utf8 = text.toUtf8(); // once, for the frame and the event
        writeText(c, utf8, keptOf(utf8));
        return;
    }
    if (!checkBackpressure(c))
        return;
    c.transport->sendText(text); // encoded straight into the output
    countSent(c, text.size()); // without observers, UTF-16 code units as an estimate rather than encode every frame
}

void Hub::sendUtf8To(Connection &c, QByteArrayView utf8, const QByteArray &kept)
{
    if (c.closing || !c.transport->isOpen())
        return;
    if (c.fault && !m_faultBypass) {
        const QString text = QString::fromUtf8(utf8); // the fault table works on text
        if (faultOut(c, &text, nullptr))
            return;
    }
    writeText(c, utf8, kept);
}

void Hub::writeText(Connection &c, QByteArrayView utf8, const QByteArray &kept)
{
    if (!checkBackpressure(c))
        return;
    c.transport->sendTextUtf8(utf8);
    countSent(c, utf8.size());
    recordKept(ServerEvent::Type::FrameOut, c.info.id, ServerEvent::Opcode::Text, kept, utf8.size(),
        c.transport->lastSentWireSize());
}

void Hub::sendBinaryTo(Connection &c, const QByteArray &data)
{
    if (c.closing || !c.transport->isOpen())
        return;
    if (c.fault && !m_faultBypass && faultOut(c, nullptr, &data))
        return;
    if (!checkBackpressure(c))
        return;
    c.transport->sendBinary(data);
    countSent(c, data.size());
    recordFrame(
        ServerEvent::Type::FrameOut, c.info.id, ServerEvent::Opcode::Binary, data, c.transport->lastSentWireSize());
}

void Hub::countSent(Connection &c, qint64 bytes)
{
    queueFlush(c);
    ++c.info.messagesOut;
    ++m_stats.messagesOut;
    c.info.bytesOut += quint64(bytes);
    m_stats.bytesOut += quint64(bytes);
    m_changed = true;
}

// What was sent while handling this pass's frames is written once they are all handled, in one write per client,
// instead of on a later pass once poll() reports the socket writable: that costs a notifier armed and disarmed and
// a poll() per message (README "Performance").
void Hub::queueFlush(Connection &c)
{
    if (&c == m_replyTo) {
        c.replyPending = true;
        return;
    }
    if (c.flushQueued)
        return;
    c.flushQueued = true;
    m_flushQueue.push_back(&c);
    if (!std::exchange(m_flushPosted, true))
        QMetaObject::invokeMethod(this, &Hub::flushPending, Qt::QueuedConnection);
}

void Hub::flushPending()
{
    m_flushPosted = false;
    std::swap(m_flushQueue, m_flushing); // both keep their capacity from pass to pass
    IoBatch *batch = IoBatch::forThread();
    // A flush that fails closes that connection at once (onClosed() takes it out of m_flushing): index, not iterate.
    for (std::size_t i = 0; i < m_flushing.size(); ++i) {
        Connection *c = m_flushing[i];
        if (!c)
            continue;
        c->flushQueued = false;
        if (batch)
            c->transport->flushWith(*batch);
        else
            c->transport->flush();
    }
    m_flushing.clear();
    if (batch)
        batch->submit();
}

// A client that stops reading must not make the server buffer without bound: with more than the limit still
// waiting for it, the next message closes it instead (one large message on its own is fine).
bool Hub::checkBackpressure(Connection &c)
{
    if (m_maxPendingOutput <= 0 || c.transport->bytesToWrite() <= m_maxPendingOutput)
        return true;
    closeForPolicy(c, QWebSocketProtocol::CloseCodePolicyViolated,
        tr("%1 bytes waiting to be sent: the client is not reading").arg(c.transport->bytesToWrite()));
    return false;
}

bool Hub::sendText(quint64 id, const QString &text)
{
    Connection *c = find(id);
    if (!c)
        return false;
    sendTextTo(*c, c->chat ? ChatProtocol::message({0, tr("server"), text, ServerEvent::now()}) : text);
    return true;
}

bool Hub::sendBinary(quint64 id, const QByteArray &data)
{
    Connection *c = find(id);
    if (!c)
        return false;
    sendBinaryTo(*c, data);
    return true;
}

int Hub::broadcastText(const QString &text, quint64 except)
{
    sendToEveryone(ChatProtocol::message({0, tr("server"), text, ServerEvent::now()}), text, find(except));
    return count();
}

int Hub::broadcastBinary(const QByteArray &data, quint64 except)
{
    for (const auto &[id, c] : m_connections) {
        if (id != except)
            sendBinaryTo(*c, data);
    }
    return count();
}

void Hub::setScript(ScriptHost *host, bool messages)
{
    if (host && host != m_script) {
        // A script applied while clients are connected knows them (server.connections, push), without an open.
        for (const auto &[id, c] : m_connections) {
            ScriptEvent e;
            e.kind = ScriptEvent::Kind::Known;
            e.fd = id;
            m_scriptBatch.append(std::move(e));
        }
        m_script = host;
        if (!m_scriptBatch.isEmpty() && !std::exchange(m_scriptPosted, true))
            QMetaObject::invokeMethod(this, &Hub::flushScript, Qt::QueuedConnection);
    }
    m_script = host;
    m_scriptMessages = host && messages;
}

void Hub::toScript(ScriptEvent &&event)
{
    m_scriptBatch.append(std::move(event));
    if (!std::exchange(m_scriptPosted, true))
        QMetaObject::invokeMethod(this, &Hub::flushScript, Qt::QueuedConnection);
}

// One queued call to the script's thread per pass of this thread's event loop, whatever the number of messages.
void Hub::flushScript()
{
    m_scriptPosted = false;
    if (!m_script || m_scriptBatch.isEmpty()) {
        m_scriptBatch.clear();
        return;
    }
    QMetaObject::invokeMethod(
        m_script, [host = m_script, batch = std::exchange(m_scriptBatch, {})] { host->handle(batch); },
        Qt::QueuedConnection);
}

bool Hub::disconnectClient(quint64 id, int closeCode, const QString &reason)
{
    Connection *c = find(id);
    if (!c)
        return false;
    c->transport->close(closeCode, reason);
    return true;
}

void Hub::closeAll(int closeCode, const QString &reason)
{
    m_closingAll = true;
    m_closeAllCode = closeCode;
    m_closeAllReason = reason;
    if (m_connections.empty()) {
        Q_EMIT allClosed();
        return;
    }
    // close() can finish synchronously and erase from the map: iterate over a copy of the ids.
    QList<quint64> ids;
    for (const auto &[id, c] : m_connections)
        ids.append(id);
    for (quint64 id : std::as_const(ids)) {
        if (Connection *c = find(id))
            c->transport->close(closeCode, reason);
    }
}

void Hub::abortAll()
{
    auto connections = std::move(m_connections);
    m_connections.clear();
    m_flushQueue.clear();
    m_flushing.clear();
    for (auto &[id, c] : connections) {
        c->transport->setHandler(nullptr);
        c->transport->abort();
        c->transport->deleteLater();
    }
    m_stats.connectionsNow = 0;
    m_closingAll = false;
    m_changed = true;
}

void Hub::onClosed(quint64 id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return;
    std::unique_ptr<Connection> c = std::move(it->second);
    m_connections.erase(it);
    if (c->flushQueued) {
        // rare (closed between a send and the end of the pass): drop it from the queues that point to it
        std::erase(m_flushQueue, c.get());
        std::replace(m_flushing.begin(), m_flushing.end(), c.get(), static_cast<Connection *>(nullptr));
    }
    c->transport->setHandler(nullptr);
    c->transport->deleteLater();
    --m_stats.connectionsNow;
    m_changed = true;

    ServerEvent closed;
    closed.type = ServerEvent::Type::Closed;
    closed.connectionId = id;
    closed.opcode = ServerEvent::Opcode::Close;
    closed.closeCode = c->transport->closeCode();
    ++m_stats.closeCodes[closed.closeCode];
    closed.text = c->transport->closeReason();
    closed.rule = c->closedByRule;
    if (c->simulated) {
        if (--m_simulated.open == 0)
            recordSimulatedSummary();
    } else {
        record(std::move(closed));
    }

    if (m_mode == Mode::Broadcast) {
        QString presence = ChatProtocol::presence(QStringLiteral("leave"), id, c->info.name, ServerEvent::now());
        sendToChatClients(presence);
        relayToPeers({Relay::Kind::ChatClients, std::move(presence), {}, {}, {}});
    }
    if (m_rules) {
        if (const Rule *rule = m_rules->first(Rule::On::Close))
            runEventRule(nullptr, c->info, *rule);
    }
    if (m_script) {
        ScriptEvent e;
        e.kind = ScriptEvent::Kind::Close;
        e.fd = id;
        e.code = c->transport->closeCode();
        e.text = c->transport->closeReason();
        toScript(std::move(e));
    }
    Q_EMIT clientLeft(id);
    if (m_closingAll && m_connections.empty()) {
        m_closingAll = false;
        Q_EMIT allClosed();
    }
}

void Hub::recordFrame(
    ServerEvent::Type type, quint64 id, ServerEvent::Opcode opcode, const QByteArray &payload, qint64 wireSize)
{
    if (!m_eventsEnabled)
        return;
    recordKept(type, id, opcode, keptOf(payload), payload.size(), wireSize);
}

void Hub::recordKept(ServerEvent::Type type, quint64 id, ServerEvent::Opcode opcode, const QByteArray &kept,
    qint64 size, qint64 wireSize)
{
    if (!m_eventsEnabled)
        return;
    ServerEvent e;
    e.type = type;
    e.connectionId = id;
    e.opcode = opcode;
    e.size = size;
    e.wireSize = wireSize;
    e.payload = kept;
    record(std::move(e));
}

void Hub::recordInfo(std::shared_ptr<const Sentence> sentence, ServerEvent::Type type)
{
    ServerEvent e;
    e.type = type;
    e.text = sentence->translated();
    e.sentence = std::move(sentence);
    record(std::move(e));
}

void Hub::recordInfo(const QString &text, ServerEvent::Type type)
{
    ServerEvent e;
    e.type = type;
    e.text = text;
    record(std::move(e));
}

void Hub::recordSimulatedSummary()
{
    recordInfo(Sentence::make("Duplex::Hub",
        QT_TRANSLATE_NOOP("Duplex::Hub",
            "Simulated clients done: %1 connections, %2 messages in, %3 out (not logged "
            "one by one)"),
        {QString::number(m_simulated.connections), QString::number(m_simulated.messagesIn),
            QString::number(m_simulated.messagesOut)}));
    m_simulated = {};
}

void Hub::record(ServerEvent &&event)
{
    if (!m_eventsEnabled)
        return;
    if (m_simulated.open > 0 && event.connectionId != 0) {
        const auto it = m_connections.find(event.connectionId);
        if (it != m_connections.end() && it->second->simulated) {
            if (event.type == ServerEvent::Type::FrameIn)
                ++m_simulated.messagesIn;
            else if (event.type == ServerEvent::Type::FrameOut)
                ++m_simulated.messagesOut;
            return;
        }
    }
    if (m_events.size() >= m_maxPendingEvents || m_pendingEventBytes + event.payload.size() > MaxPendingEventBytes) {
        ++m_droppedEvents; // nobody is taking events: keep memory bounded
        return;
    }
    m_pendingEventBytes += event.payload.size();
    event.timestampMs = ServerEvent::now();
    event.run = m_runId;
    if (!m_rule.isNull())
        event.rule = m_rule;
    if (!m_faultNote.isNull())
        event.fault = m_faultNote;
    event.dropped = m_faultDropped;
    const bool first = m_events.isEmpty();
    m_events.append(std::move(event));
    if (first)
        Q_EMIT eventsAvailable();
}

QList<ServerEvent> Hub::takeEvents()
{
    QList<ServerEvent> events = std::exchange(m_events, {});
    // Room for as many as this batch had: growing the list event by event moved every event a dozen times.
    m_events.reserve(std::min<qsizetype>(events.size(), 16384));
    m_pendingEventBytes = 0;
    if (m_droppedEvents > 0)
        events.append(droppedNotice(std::exchange(m_droppedEvents, 0)));
    return events;
}

ServerEvent Hub::droppedNotice(quint64 dropped)
{
    ServerEvent e;
    e.type = ServerEvent::Type::Info;
    e.timestampMs = ServerEvent::now();
    e.sentence = Sentence::make("Duplex::Hub",
        QT_TRANSLATE_N_NOOP("Duplex::Hub", "%n event(s) not shown: the observer fell behind"), {}, int(dropped));
    e.text = e.sentence->translated();
    return e;
}

} // namespace Duplex

#pragma once

#include "hub.h"
#include "ruleset.h"

#include "faultset.h"

#include <QTimer>

#include <deque>
#include <memory>
#include <optional>
#include <random>

namespace Duplex {

// One open connection of a Hub; private to the Hub's sources (hub.cpp, behaviour/hubrules.cpp).
struct Hub::Connection final : TransportHandler
{
    Connection(Hub &hub, Transport *transport) : hub(hub), transport(transport) { }

    void textReceived(const TextMessage &text) override { hub.onText(*this, text); }
    void binaryReceived(const QByteArray &data) override { hub.onBinary(*this, data); }
    void pongReceived(qint64 elapsedMs, const QByteArray &payload) override { hub.onPong(*this, elapsedMs, payload); }
    void errorOccurred(const QString &error) override
    {
        ServerEvent e;
        e.type = ServerEvent::Type::Error;
        e.connectionId = info.id;
        e.text = error;
        hub.record(std::move(e));
    }
    void closed() override { hub.onClosed(info.id); }

    Hub &hub;
    Transport *transport; // owned; deleted with deleteLater() once closed
    ConnectionInfo info;
    bool chat = false; // speaks duplex.v1 JSON
    qint64 lastSeenMs = 0; // last frame or pong from the client (heartbeat)
    qint64 rateWindowStartMs = 0; // rate limit: a one-second window
    int rateWindowCount = 0;
    qint64 lastMessageMs = 0; // last message from the client ("last activity")
    // Faults (faultset.h): the set in force for this connection, its seeded generator and what is held back.
    struct Held
    {
        qint64 dueMs;
        qint64 heldMs;
        bool text;
        QString message;
        QByteArray data;
    };
    std::unique_ptr<FaultSet> fault; // null: none (a FaultSet in place took 88 bytes of every connection)
    std::unique_ptr<std::mt19937> faultRandom; // 5 KB of state: made when a fault first applies to the connection
    QList<Held> held; // empty, it allocates nothing (a std::deque took 576 bytes of every connection)
    qint64 faultDueMs = 0; // the last held message's due time: later ones never overtake it
    std::unique_ptr<QTimer> faultTimer;
    bool simulated = false; // the desktop's simulated clients: counted, summarised, not logged one by one
    bool closing = false; // closed by a limit: ignore what still arrives
    bool flushQueued = false; // in m_flushQueue: written at the end of this pass of the event loop
    bool replyPending = false; // answered while its own message is handled: written once that is done
    std::unique_ptr<QObject> ruleTimers; // context of delayed rule replies: they die with the connection
    std::unique_ptr<QTimer> tick; // an open rule's everyMs push
    QString closedByRule; // named on the Closed event
};

// Names the rule on every event recorded while its action runs (the log row says why a frame was sent).
class Hub::RuleScope
{
public:
    RuleScope(Hub &hub, const QString &rule) : m_hub(hub), m_previous(std::exchange(hub.m_rule, rule)) { }
    ~RuleScope() { m_hub.m_rule = m_previous; }
    Q_DISABLE_COPY_MOVE(RuleScope)

private:
    Hub &m_hub;
    QString m_previous;
};

struct Hub::RuleDecision
{
    RuleMatch match;
    QString text; // what the rules saw: the message, or a duplex.v1 message's own text
    bool decided = false; // a rule matched, or the fallback is ignore: the mode does nothing
};

} // namespace Duplex

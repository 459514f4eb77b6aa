// The rules link of the Hub's behaviour chain: what a matching rule does with an event (README "Rules"). Rules are
// matched here, on the network thread that owns the connection; delayed and periodic replies are timers whose
// context dies with the connection.
#include "../hub.h" // the relative path lets lupdate see that Hub is Duplex::Hub

#include "hubconnection.h"
#include "ruleset.h"

#include <QRandomGenerator>

namespace Duplex {

void Hub::setRules(std::shared_ptr<const RuleSet> rules)
{
    if (rules && rules->isEmpty())
        rules = nullptr;
    m_rules = std::move(rules);
    // A periodic push follows the table as it is now: stopped, or restarted at the new rule's pace.
    for (const auto &[id, c] : m_connections) {
        c->tick.reset();
        if (m_rules)
            startTick(*c);
    }
}

Hub::RuleDecision Hub::decideByRules(Connection &c, const QString &text, const QByteArray *binary)
{
    RuleDecision decision;
    const bool any = m_rules->hasActive(Rule::On::Message) || m_rules->fallback() == RuleSet::Fallback::Ignore;
    if (!any)
        return decision;
    decision.text = text;
    if (c.chat && !binary) {
        // The page's {"type":"message","text":…}: rules see the text the user typed; renames stay the page's.
        const ChatProtocol::Request request = ChatProtocol::parse(text);
        if (request.kind != ChatProtocol::Request::Kind::Message)
            return decision;
        decision.text = request.value;
    }
    decision.match = m_rules->matchMessage(decision.text, binary);
    for (const Rule *rule : std::as_const(decision.match.cutOff)) {
        if (!rule->cutOffLogged->exchange(true)) {
            recordInfo(tr("Rule \"%1\": its regular expression gave up on a message from client %2 (too much "
                          "backtracking) and was treated as not matching. Reported once per rule.")
                           .arg(rule->name)
                           .arg(c.info.id),
                ServerEvent::Type::Error);
        }
    }
    decision.decided = decision.match.rule || m_rules->fallback() == RuleSet::Fallback::Ignore;
    return decision;
}

void Hub::runMessageRule(Connection &c, const RuleDecision &decision)
{
    if (c.chat) // a page shows only what the server sends: its own message first, as in echo mode
        sendTextTo(c, ChatProtocol::message({c.info.id, c.info.name, decision.text, ServerEvent::now()}));
    const Rule *rule = decision.match.rule;
    if (!rule)
        return; // fallback: ignore
    TemplateInput input;
    input.text = decision.text;
    input.id = c.info.id;
    input.name = c.info.name;
    input.path = c.info.path;
    input.captures = decision.match.captures;
    input.json = decision.match.json ? &*decision.match.json : nullptr;
    input.counter = rule->fired->fetch_add(1, std::memory_order_relaxed) + 1;
    if (rule->ignore)
        return;
    fireRule(&c, c.info.id, m_rules, *rule,
        rule->hasReply && !rule->binaryReply ? rule->reply.expand(input) : QString(), rule->hex);
}

void Hub::runEventRule(Connection *c, const ConnectionInfo &info, const Rule &rule)
{
    TemplateInput input;
    input.id = info.id;
    input.name = info.name;
    input.path = info.path;
    if (rule.everyMs > 0) {
        startTick(*c); // the first push after delayMs (or everyMs), then every everyMs
        return;
    }
    input.counter = rule.fired->fetch_add(1, std::memory_order_relaxed) + 1;
    fireRule(
        c, info.id, m_rules, rule, rule.hasReply && !rule.binaryReply ? rule.reply.expand(input) : QString(), rule.hex);
}

// Carries out a rule's action now, or after delayMs (+ jitter) on a timer that dies with the connection.
void Hub::fireRule(Connection *c, quint64 id, const std::shared_ptr<const RuleSet> &set, const Rule &rule,
    const QString &text, const QByteArray &binary)
{
    const int delay
        = rule.delayMs + (rule.jitterMs > 0 ? int(QRandomGenerator::global()->bounded(rule.jitterMs + 1)) : 0);
    if (delay <= 0) {
        ruleSend(c, rule, text, binary);
        return;
    }
    QObject *context = this; // close rules: the connection is gone, the Hub stays
    if (c) {
        if (!c->ruleTimers)
            c->ruleTimers = std::make_unique<QObject>();
        context = c->ruleTimers.get();
    }
    // `set` keeps the rule alive even if the table is replaced before the timer fires.
    QTimer::singleShot(delay, Qt::PreciseTimer, context, [this, id, set, &rule, text, binary] {
        Connection *now = nullptr;
        if (rule.on != Rule::On::Close) {
            now = find(id);
            if (!now)
                return;
        }
        ruleSend(now, rule, text, binary);
    });
}

void Hub::ruleSend(Connection *c, const Rule &rule, const QString &text, const QByteArray &binary)
{
    const RuleScope scope(*this, rule.name);
    if (rule.hasReply) {
        if (rule.to == Rule::To::Sender) {
            if (!c)
                return;
            if (rule.binaryReply)
                sendBinaryTo(*c, binary);
            else
                sendTextTo(*c, c->chat ? ChatProtocol::message({0, tr("server"), text, ServerEvent::now()}) : text);
        } else {
            const Connection *except = rule.to == Rule::To::Others ? c : nullptr;
            if (rule.binaryReply) {
                for (const auto &[id, other] : m_connections) {
                    if (other.get() != except)
                        sendBinaryTo(*other, binary);
                }
                relayToPeers({Relay::Kind::Binary, {}, {}, binary, {}});
            } else {
                QString json = ChatProtocol::message({0, tr("server"), text, ServerEvent::now()});
                sendToEveryone(json, text, except);
                relayToPeers({Relay::Kind::Text, std::move(json), text, {}, {}});
            }
        }
    }
    if (rule.closeCode != 0 && c && !c->closing) {
        c->closing = true; // nothing more is sent to it
        c->closedByRule = rule.name;
        c->tick.reset();
        recordInfo(
            Sentence::make("Duplex::Hub", QT_TRANSLATE_NOOP("Duplex::Hub", "Rule \"%1\" closes client %2 with %3 %4"),
                {rule.name, QString::number(c->info.id), QString::number(rule.closeCode), rule.closeReason}));
        Transport *transport = c->transport;
        // From the event loop: we may be inside a loop over the connections. The reply above goes out first.
        QMetaObject::invokeMethod(
            transport,
            [transport, code = rule.closeCode, reason = rule.closeReason] { transport->close(code, reason); },
            Qt::QueuedConnection);
        QTimer::singleShot(5000, transport, [transport] { transport->abort(); }); // a client that never answers
    }
}

void Hub::startTick(Connection &c)
{
    const Rule *rule = m_rules ? m_rules->first(Rule::On::Open) : nullptr;
    if (!rule || rule->everyMs <= 0 || c.closing)
        return;
    c.tick = std::make_unique<QTimer>();
    c.tick->setSingleShot(true);
    const int first = rule->delayMs > 0 ? rule->delayMs : rule->everyMs;
    const std::shared_ptr<const RuleSet> set = m_rules;
    const quint64 id = c.info.id;
    QObject::connect(c.tick.get(), &QTimer::timeout, c.tick.get(), [this, id, set, rule] {
        Connection *now = find(id);
        if (!now)
            return;
        TemplateInput input;
        input.id = id;
        input.name = now->info.name;
        input.path = now->info.path;
        input.counter = rule->fired->fetch_add(1, std::memory_order_relaxed) + 1;
        ruleSend(now, *rule, rule->binaryReply ? QString() : rule->reply.expand(input), rule->hex);
        if (now->tick) {
            const int jitter = rule->jitterMs > 0 ? int(QRandomGenerator::global()->bounded(rule->jitterMs + 1)) : 0;
            now->tick->start(rule->everyMs + jitter);
        }
    });
    c.tick->start(first);
}

} // namespace Duplex

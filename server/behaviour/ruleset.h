#pragma once

#include "boundedregex.h"
#include "ruletemplate.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace Duplex {

// One auto-reply rule (README "Rules"): when an event matches, an action, possibly delayed or repeated.
struct Rule
{
    enum class On { Open, Message, Close };
    enum class Match { Any, Exact, Contains, Regex, Json, Binary };
    enum class To { Sender, All, Others };

    QJsonObject source; // as written: what toJson() gives back, unknown fields included
    QString name;
    bool enabled = true;
    On on = On::Message;
    Match match = Match::Any;
    QString pattern; // Exact, Contains, Regex
    QStringList jsonPath; // Json
    std::optional<QJsonValue> equals; // Json: compared as JSON values; unset: the path must exist
    QByteArray binaryPrefix; // Binary

    bool hasReply = false; // a text reply (reply) or a binary one (hex)
    RuleTemplate reply;
    bool binaryReply = false;
    QByteArray hex;
    To to = To::Sender;
    int closeCode = 0; // 0: no close
    QString closeReason;
    bool ignore = false;
    int delayMs = 0;
    int jitterMs = 0;
    int everyMs = 0; // open rules: push the reply this often while the connection is open

    QString error; // why this rule cannot work (it stays off); empty: it is fine
    std::shared_ptr<const BoundedRegex> regex;
    std::shared_ptr<std::atomic<quint64>> fired = std::make_shared<std::atomic<quint64>>(0);
    std::shared_ptr<std::atomic_bool> cutOffLogged = std::make_shared<std::atomic_bool>(false);

    bool active() const { return enabled && error.isEmpty(); }
};

// What matched a message, with what the reply needs.
struct RuleMatch
{
    const Rule *rule = nullptr; // null: no rule matched
    QStringList captures;
    std::optional<QJsonDocument> json; // parsed once per message, when a rule needed it
    QList<const Rule *> cutOff; // regex rules that gave up on this message (treated as no match)
};

// The rules table: evaluated in order for every event, the first match wins. Immutable once made, so that the
// network threads share one (std::shared_ptr<const RuleSet>); only the fired counters change, atomically.
class RuleSet final
{
    Q_DECLARE_TR_FUNCTIONS(Duplex::RuleSet)

public:
    enum class Fallback { Mode, Ignore }; // when no message rule matches: the mode's behaviour, or nothing

    // Every rule, each checked: a rule that cannot work keeps its reason in Rule::error and stays off.
    static RuleSet fromJson(const QJsonObject &object);
    // The file and HTTP form: a document that does not parse, or any rule with an error, is an error naming the
    // rule and the reason (in *error); the set is returned only when every rule is fine.
    static std::optional<RuleSet> parse(const QByteArray &json, QString *error);
    QJsonObject toJson() const;
    // The first problem ("rule 2 \"sum\": …"), empty when there is none.
    QString firstError() const;

    // Keeps the fired counts of the rules of `previous` with the same name (a live edit does not reset them).
    void carryCountersFrom(const RuleSet &previous);

    bool isEmpty() const { return m_rules.empty(); }
    const std::vector<Rule> &rules() const { return m_rules; }
    Fallback fallback() const { return m_fallback; }
    bool hasActive(Rule::On on) const { return m_active[int(on)]; }

    // The first active rule for this message: text, or binary when `binary` is set.
    RuleMatch matchMessage(const QString &text, const QByteArray *binary) const;
    // The first active open or close rule.
    const Rule *first(Rule::On on) const;

    // Checks one rule (fills error, compiles regex and template); exposed for the desktop's rule editor.
    static Rule parseRule(const QJsonObject &object, int index);
    // Empty when the server may close with this code / reason (a rule's close, POST /api/connections/{id}/close).
    static QString closeCodeError(int code);
    static QString closeReasonError(const QString &reason);

private:
    static bool matches(const Rule &rule, const QString &text, RuleMatch &match);
    std::vector<Rule> m_rules;
    Fallback m_fallback = Fallback::Mode;
    bool m_active[3] = {false, false, false};
};

} // namespace Duplex

#include "ruleset.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace Duplex {

namespace {

constexpr int MaxDelayMs = 3'600'000;
constexpr int MinEveryMs = 10;
constexpr qsizetype MaxCloseReasonBytes = 123; // RFC 6455 5.5: a control frame carries at most 125 bytes

// Hex digits, with spaces or colons between bytes allowed ("89 50 4e 47"); nullopt when it is not hex.
std::optional<QByteArray> parseHex(QString hex)
{
    hex.remove(u' ').remove(u':');
    if (hex.size() % 2 != 0)
        return std::nullopt;
    for (const QChar c : std::as_const(hex)) {
        if (!isxdigit(c.unicode()) || c.unicode() > 127)
            return std::nullopt;
    }
    return QByteArray::fromHex(hex.toLatin1());
}

} // namespace

QString RuleSet::closeCodeError(int code)
{
    if (code == 1000 || code == 1001 || code == 1003 || (code >= 1007 && code <= 1011)
        || (code >= 3000 && code <= 4999))
        return QString();
    return tr("close code %1 cannot be sent: use 1000, 1001, 1003, 1007–1011 or 3000–4999").arg(code);
}

QString RuleSet::closeReasonError(const QString &reason)
{
    if (reason.toUtf8().size() > MaxCloseReasonBytes)
        return tr("the close reason is longer than %1 bytes").arg(MaxCloseReasonBytes);
    return QString();
}

Rule RuleSet::parseRule(const QJsonObject &object, int index)
{
    Rule rule;
    rule.source = object;
    rule.name = object.value(u"name").toString();
    if (rule.name.trimmed().isEmpty())
        rule.name = tr("rule %1").arg(index + 1);

    // Each check returns the first problem; the rule keeps it and stays off.
    const auto check = [&]() -> QString {
        const auto integer = [&](QStringView key, int min, int max, int *out) -> QString {
            const QJsonValue v = object.value(key);
            if (v.isUndefined())
                return QString();
            const double d = v.toDouble(-1);
            if (!v.isDouble() || d != double(int(d)) || d < min || d > max)
                return tr("%1 must be a whole number from %2 to %3").arg(key).arg(min).arg(max);
            *out = int(d);
            return QString();
        };
        if (const QJsonValue enabled = object.value(u"enabled"); !enabled.isUndefined()) {
            if (!enabled.isBool())
                return tr("enabled must be true or false");
            rule.enabled = enabled.toBool();
        }
        const QString on = object.value(u"on").toString(QStringLiteral("message"));
        if (on == u"open")
            rule.on = Rule::On::Open;
        else if (on == u"message")
            rule.on = Rule::On::Message;
        else if (on == u"close")
            rule.on = Rule::On::Close;
        else
            return tr("on must be open, message or close, not \"%1\"").arg(on);

        if (const QJsonValue matchValue = object.value(u"match"); !matchValue.isUndefined()) {
            if (!matchValue.isObject())
                return tr("match must be an object such as {\"type\": \"exact\", \"pattern\": \"hi\"}");
            const QJsonObject match = matchValue.toObject();
            const QString type = match.value(u"type").toString(QStringLiteral("any"));
            if (type != u"any" && rule.on != Rule::On::Message)
                return tr("only message rules have a match");
            if (type == u"any") {
                rule.match = Rule::Match::Any;
            } else if (type == u"exact" || type == u"contains" || type == u"regex") {
                rule.match = type == u"exact" ? Rule::Match::Exact
                    : type == u"contains"     ? Rule::Match::Contains
                                              : Rule::Match::Regex;
                if (!match.value(u"pattern").isString())
                    return tr("a %1 match needs a pattern (a string)").arg(type);
                rule.pattern = match.value(u"pattern").toString();
                if (rule.match == Rule::Match::Regex) {
                    QString regexError;
                    rule.regex = BoundedRegex::compile(rule.pattern, &regexError);
                    if (!rule.regex)
                        return tr("bad regular expression: %1").arg(regexError);
                }
            } else if (type == u"json") {
                rule.match = Rule::Match::Json;
                const QString path = match.value(u"path").toString();
                rule.jsonPath = path.split(u'.');
                if (path.isEmpty() || rule.jsonPath.contains(QString()))
                    return tr("a json match needs a dotted path such as \"type\" or \"user.id\"");
                if (match.contains(u"equals")) {
                    const QJsonValue equals = match.value(u"equals");
                    if (!equals.isString() && !equals.isDouble() && !equals.isBool() && !equals.isNull())
                        return tr("equals must be a string, number, true, false or null");
                    rule.equals = equals;
                } else if (match.contains(u"exists") && !match.value(u"exists").isBool()) {
                    return tr("exists must be true or false");
                } else if (!match.value(u"exists").toBool(true)) {
                    rule.equals = QJsonValue(QJsonValue::Undefined); // the path must be absent
                }
            } else if (type == u"binary") {
                rule.match = Rule::Match::Binary;
                const std::optional<QByteArray> prefix = parseHex(match.value(u"hex").toString());
                if (!match.value(u"hex").isString() || !prefix)
                    return tr("a binary match needs hex, the bytes a message starts with (e.g. \"89504e47\")");
                rule.binaryPrefix = *prefix;
            } else {
                return tr("match type must be any, exact, contains, regex, json or binary, not \"%1\"").arg(type);
            }
        }

        const bool hasText = object.contains(u"reply");
        const bool hasHex = object.contains(u"hex");
        const bool hasClose = object.contains(u"close");
        rule.ignore = object.value(u"ignore").toBool(false);
        if (object.contains(u"ignore") && !object.value(u"ignore").isBool())
            return tr("ignore must be true or false");
        if (!hasText && !hasHex && !hasClose && !rule.ignore)
            return tr("the rule does nothing: give it a reply, hex, close or ignore");
        if (rule.ignore && (hasText || hasHex || hasClose))
            return tr("ignore cannot be combined with a reply or a close");
        if (hasText && hasHex)
            return tr("a rule has either a text reply or a hex (binary) reply, not both");
        if (rule.ignore && rule.on != Rule::On::Message)
            return tr("ignore applies to message rules only");
        if (hasText) {
            if (!object.value(u"reply").isString())
                return tr("reply must be a string");
            QString templateError;
            if (!rule.reply.compile(object.value(u"reply").toString(), &templateError))
                return tr("bad reply template: %1").arg(templateError);
            const RuleTemplate::Needs needs = rule.reply.needs();
            if (rule.on != Rule::On::Message && (needs.text || needs.json || needs.capture > 0))
                return tr("{text}, {json.…} and {1}…{9} exist only in message rules");
            if (needs.capture > 0 && (rule.match != Rule::Match::Regex || rule.regex->captureCount() < needs.capture))
                return tr("the reply uses {%1}, but the match has no such regex group").arg(needs.capture);
            rule.hasReply = true;
        }
        if (hasHex) {
            const std::optional<QByteArray> bytes = parseHex(object.value(u"hex").toString());
            if (!object.value(u"hex").isString() || !bytes)
                return tr("hex must be pairs of hex digits (e.g. \"0102ff\")");
            rule.hex = *bytes;
            rule.binaryReply = true;
            rule.hasReply = true;
        }
        if (object.contains(u"to")) {
            const QString to = object.value(u"to").toString();
            if (to == u"sender")
                rule.to = Rule::To::Sender;
            else if (to == u"all")
                rule.to = Rule::To::All;
            else if (to == u"others")
                rule.to = Rule::To::Others;
            else
                return tr("to must be sender, all or others");
        }
        if (rule.on == Rule::On::Close && rule.hasReply && rule.to == Rule::To::Sender)
            return tr("a close rule cannot answer the sender, who has left: send to all or others");
        if (hasClose) {
            if (rule.on == Rule::On::Close)
                return tr("a close rule cannot close: the connection is already closed");
            const QJsonObject close = object.value(u"close").toObject();
            const QJsonValue code = close.value(u"code");
            if (!object.value(u"close").isObject() || !code.isDouble())
                return tr("close must be an object with a code, e.g. {\"code\": 4001, \"reason\": \"bye\"}");
            rule.closeCode = code.toInt();
            if (const QString codeError = closeCodeError(rule.closeCode); !codeError.isEmpty())
                return codeError;
            rule.closeReason = close.value(u"reason").toString();
            if (const QString reasonError = closeReasonError(rule.closeReason); !reasonError.isEmpty())
                return reasonError;
        }
        if (QString e = integer(u"delayMs", 0, MaxDelayMs, &rule.delayMs); !e.isEmpty())
            return e;
        if (QString e = integer(u"jitterMs", 0, MaxDelayMs, &rule.jitterMs); !e.isEmpty())
            return e;
        if (QString e = integer(u"everyMs", MinEveryMs, MaxDelayMs, &rule.everyMs); !e.isEmpty())
            return e;
        if (rule.everyMs > 0 && (rule.on != Rule::On::Open || !rule.hasReply))
            return tr("everyMs repeats the reply of an open rule: it needs on: open and a reply");
        if (rule.everyMs > 0 && rule.closeCode != 0)
            return tr("everyMs repeats a reply; a rule that closes the connection cannot repeat");
        return QString();
    };
    rule.error = check();
    return rule;
}

RuleSet RuleSet::fromJson(const QJsonObject &object)
{
    RuleSet set;
    set.m_fallback = object.value(u"fallback").toString() == u"ignore" ? Fallback::Ignore : Fallback::Mode;
    const QJsonArray rules = object.value(u"rules").toArray();
    set.m_rules.reserve(std::size_t(rules.size()));
    for (qsizetype i = 0; i < rules.size(); ++i) {
        Rule rule = parseRule(rules.at(i).toObject(), int(i));
        if (!rules.at(i).isObject())
            rule.error = tr("a rule must be a JSON object");
        set.m_rules.push_back(std::move(rule));
    }
    for (const Rule &rule : set.m_rules) {
        if (rule.active())
            set.m_active[int(rule.on)] = true;
    }
    return set;
}

std::optional<RuleSet> RuleSet::parse(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("not valid JSON at byte %1: %2").arg(parseError.offset).arg(parseError.errorString());
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = tr("expected an object: {\"fallback\": \"mode\", \"rules\": […]}");
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    const QJsonValue fallback = object.value(u"fallback");
    if (!fallback.isUndefined() && fallback.toString() != u"mode" && fallback.toString() != u"ignore") {
        *error = tr("fallback must be \"mode\" or \"ignore\"");
        return std::nullopt;
    }
    if (!object.value(u"rules").isArray() && object.contains(u"rules")) {
        *error = tr("rules must be an array");
        return std::nullopt;
    }
    RuleSet set = fromJson(object);
    if (QString first = set.firstError(); !first.isEmpty()) {
        *error = first;
        return std::nullopt;
    }
    return set;
}

QString RuleSet::firstError() const
{
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        if (!m_rules[i].error.isEmpty())
            return tr("rule %1 \"%2\": %3").arg(i + 1).arg(m_rules[i].name, m_rules[i].error);
    }
    return QString();
}

QJsonObject RuleSet::toJson() const
{
    QJsonArray rules;
    for (const Rule &rule : m_rules)
        rules.append(rule.source);
    return {{QStringLiteral("fallback"),
                m_fallback == Fallback::Ignore ? QStringLiteral("ignore") : QStringLiteral("mode")},
        {QStringLiteral("rules"), rules}};
}

void RuleSet::carryCountersFrom(const RuleSet &previous)
{
    for (Rule &rule : m_rules) {
        for (const Rule &old : previous.m_rules) {
            if (old.name == rule.name) {
                rule.fired = old.fired;
                break;
            }
        }
    }
}

const Rule *RuleSet::first(Rule::On on) const
{
    if (!m_active[int(on)])
        return nullptr;
    for (const Rule &rule : m_rules) {
        if (rule.on == on && rule.active())
            return &rule;
    }
    return nullptr;
}

RuleMatch RuleSet::matchMessage(const QString &text, const QByteArray *binary) const
{
    RuleMatch result;
    if (!m_active[int(Rule::On::Message)])
        return result;
    for (const Rule &rule : m_rules) {
        if (rule.on != Rule::On::Message || !rule.active())
            continue;
        bool hit = false;
        if (rule.match == Rule::Match::Any)
            hit = true;
        else if (binary)
            hit = rule.match == Rule::Match::Binary && binary->startsWith(rule.binaryPrefix);
        else if (rule.match != Rule::Match::Binary)
            hit = matches(rule, text, result);
        if (hit) {
            result.rule = &rule;
            if (!binary && !result.json && rule.reply.needs().json)
                result.json = QJsonDocument::fromJson(text.toUtf8());
            return result;
        }
    }
    return result;
}

bool RuleSet::matches(const Rule &rule, const QString &text, RuleMatch &match)
{
    switch (rule.match) {
    case Rule::Match::Any:
        return true;
    case Rule::Match::Exact:
        return text == rule.pattern;
    case Rule::Match::Contains:
        return text.contains(rule.pattern);
    case Rule::Match::Regex:
        switch (rule.regex->match(text, &match.captures)) {
        case BoundedRegex::Result::Match:
            return true;
        case BoundedRegex::Result::NoMatch:
            return false;
        case BoundedRegex::Result::CutOff:
            match.cutOff.append(&rule);
            return false;
        }
        return false;
    case Rule::Match::Json: {
        if (!match.json) {
            // parsed once per message, and only when it looks like JSON
            qsizetype start = 0;
            while (start < text.size() && text.at(start).isSpace())
                ++start;
            match.json = start < text.size() && (text.at(start) == u'{' || text.at(start) == u'[')
                ? QJsonDocument::fromJson(text.toUtf8())
                : QJsonDocument();
        }
        const QJsonValue value = RuleTemplate::valueAt(*match.json, rule.jsonPath);
        if (!rule.equals)
            return !value.isUndefined();
        if (rule.equals->isUndefined())
            return value.isUndefined();
        return value == *rule.equals;
    }
    case Rule::Match::Binary:
        return false;
    }
    return false;
}

} // namespace Duplex

#include "ruleeditor.h"

#include "ruleset.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

namespace Duplex {

namespace {

// The form's rows, in order (m_labels follows it).
enum Row {
    NameRow,
    OnRow,
    MatchRow,
    PatternRow,
    PathRow,
    EqualsRow,
    PrefixRow,
    ActionRow,
    ReplyRow,
    HexRow,
    ToRow,
    CloseRow,
    TimingRow,
    EveryRow,
    RowCount
};

enum class ActionKind { Reply, Binary, Close, ReplyThenClose, Ignore };

// "login" → "login", 42 → 42, "42" → "\"42\"": a string shows bare unless it would read as another JSON value.
QString equalsText(const QJsonValue &value)
{
    const QByteArray json = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    const QString literal = QString::fromUtf8(json.mid(1, json.size() - 2));
    if (!value.isString())
        return literal;
    const QJsonDocument reread = QJsonDocument::fromJson("[" + value.toString().toUtf8() + "]");
    return reread.isArray() && reread.array().size() == 1 ? literal : value.toString();
}

QJsonValue equalsValue(const QString &text)
{
    const QJsonDocument document = QJsonDocument::fromJson("[" + text.trimmed().toUtf8() + "]");
    if (document.isArray() && document.array().size() == 1 && !document.array().first().isObject()
        && !document.array().first().isArray())
        return document.array().first();
    return text;
}

} // namespace

RuleEditor::RuleEditor(QWidget *parent) : QWidget(parent)
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("ruleName"));
    m_enabled = new QCheckBox(this);
    m_enabled->setObjectName(QStringLiteral("ruleEnabled"));
    m_on = new QComboBox(this);
    m_on->setObjectName(QStringLiteral("ruleOn"));
    for (const char *on : {"message", "open", "close"})
        m_on->addItem(QString(), QString::fromLatin1(on));
    m_matchType = new QComboBox(this);
    m_matchType->setObjectName(QStringLiteral("ruleMatchType"));
    for (const char *type : {"any", "exact", "contains", "regex", "json", "binary"})
        m_matchType->addItem(QString(), QString::fromLatin1(type));
    m_pattern = new QLineEdit(this);
    m_pattern->setObjectName(QStringLiteral("rulePattern"));
    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("rulePath"));
    m_condition = new QComboBox(this);
    m_condition->setObjectName(QStringLiteral("ruleCondition"));
    for (int i = 0; i < 3; ++i)
        m_condition->addItem(QString(), i);
    m_equals = new QLineEdit(this);
    m_equals->setObjectName(QStringLiteral("ruleEquals"));
    m_prefix = new QLineEdit(this);
    m_prefix->setObjectName(QStringLiteral("rulePrefix"));
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("ruleAction"));
    for (int i = 0; i < 5; ++i)
        m_action->addItem(QString(), i);
    m_reply = new QPlainTextEdit(this);
    m_reply->setObjectName(QStringLiteral("ruleReply"));
    m_reply->setTabChangesFocus(true);
    m_reply->setFixedHeight(m_reply->fontMetrics().lineSpacing() * 3 + 12);
    m_hex = new QLineEdit(this);
    m_hex->setObjectName(QStringLiteral("ruleHex"));
    m_to = new QComboBox(this);
    m_to->setObjectName(QStringLiteral("ruleTo"));
    for (const char *to : {"sender", "all", "others"})
        m_to->addItem(QString(), QString::fromLatin1(to));
    m_closeCode = new QSpinBox(this);
    m_closeCode->setObjectName(QStringLiteral("ruleCloseCode"));
    m_closeCode->setRange(1000, 4999);
    m_closeCode->setValue(4000);
    m_closeReason = new QLineEdit(this);
    m_closeReason->setObjectName(QStringLiteral("ruleCloseReason"));
    m_delay = new QSpinBox(this);
    m_delay->setObjectName(QStringLiteral("ruleDelay"));
    m_jitter = new QSpinBox(this);
    m_jitter->setObjectName(QStringLiteral("ruleJitter"));
    m_every = new QSpinBox(this);
    m_every->setObjectName(QStringLiteral("ruleEvery"));
    // The form lives in a narrow column: combo boxes elide instead of asking for their longest item's width.
    for (QComboBox *box : {m_on, m_matchType, m_condition, m_action, m_to}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(6);
    }
    for (QSpinBox *box : {m_delay, m_jitter, m_every}) {
        box->setRange(0, 3'600'000);
        box->setSingleStep(100);
        box->setSuffix(QStringLiteral(" ms"));
    }
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("ruleError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828"));
    m_sample = new QLineEdit(this);
    m_sample->setObjectName(QStringLiteral("ruleSample"));
    m_sample->setClearButtonEnabled(true);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("ruleResult"));
    m_result->setTextFormat(Qt::PlainText); // the sample and the reply are user text
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    for (int i = 0; i < RowCount; ++i)
        m_labels.append(new QLabel(this));
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const auto pair = [this](QWidget *a, QWidget *b, int stretchA = 1) {
        auto *row = new QHBoxLayout;
        row->setContentsMargins(0, 0, 0, 0);
        row->addWidget(a, stretchA);
        row->addWidget(b, 1);
        return row;
    };
    m_form->addRow(m_labels[NameRow], pair(m_name, m_enabled, 3));
    m_form->addRow(m_labels[OnRow], m_on);
    m_form->addRow(m_labels[MatchRow], m_matchType);
    m_form->addRow(m_labels[PatternRow], m_pattern);
    m_form->addRow(m_labels[PathRow], pair(m_path, m_condition));
    m_form->addRow(m_labels[EqualsRow], m_equals);
    m_form->addRow(m_labels[PrefixRow], m_prefix);
    m_form->addRow(m_labels[ActionRow], pair(m_action, m_to));
    m_form->addRow(m_labels[ReplyRow], m_reply);
    m_form->addRow(m_labels[HexRow], m_hex);
    m_form->addRow(m_labels[ToRow], new QWidget(this)); // "to" sits beside the action; the row keeps the order
    m_form->setRowVisible(ToRow, false);
    m_form->addRow(m_labels[CloseRow], pair(m_closeCode, m_closeReason, 0));
    m_form->addRow(m_labels[TimingRow], pair(m_delay, m_jitter));
    m_form->addRow(m_labels[EveryRow], m_every);

    auto *test = new QFormLayout;
    auto *testLabel = new QLabel(this);
    testLabel->setObjectName(QStringLiteral("ruleTestLabel"));
    m_labels.append(testLabel);
    test->addRow(testLabel, m_sample);
    test->addRow(m_result);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_form);
    layout->addWidget(m_error);
    layout->addLayout(test);
    layout->addStretch();

    for (QLineEdit *edit : {m_name, m_pattern, m_path, m_equals, m_prefix, m_hex, m_closeReason})
        connect(edit, &QLineEdit::textEdited, this, &RuleEditor::onEdited);
    connect(m_reply, &QPlainTextEdit::textChanged, this, &RuleEditor::onEdited);
    for (QComboBox *box : {m_on, m_matchType, m_condition, m_action, m_to})
        connect(box, &QComboBox::currentIndexChanged, this, &RuleEditor::onEdited);
    for (QSpinBox *box : {m_closeCode, m_delay, m_jitter, m_every})
        connect(box, &QSpinBox::valueChanged, this, &RuleEditor::onEdited);
    connect(m_enabled, &QCheckBox::toggled, this, &RuleEditor::onEdited);
    connect(m_sample, &QLineEdit::textChanged, this, &RuleEditor::updateTest);
    retranslate();
    setRule({}, QString());
}

void RuleEditor::retranslate()
{
    const QStringList labels {tr("Name:"), tr("When:"), tr("Match:"), tr("Pattern:"), tr("JSON path:"), tr("Value:"),
        tr("Starts with (hex):"), tr("Action:"), tr("Reply:"), tr("Bytes (hex):"), tr("To:"), tr("Close code:"),
        tr("Delay, jitter:"), tr("Repeat every:"), tr("Test with:")};
    for (int i = 0; i < m_labels.size(); ++i)
        m_labels[i]->setText(labels.value(i));
    m_enabled->setText(tr("Enabled"));
    const QStringList on {tr("a message arrives"), tr("a client connects"), tr("a client disconnects")};
    const QStringList match {tr("any message"), tr("text is exactly"), tr("text contains"), tr("regular expression"),
        tr("JSON field"), tr("binary prefix")};
    const QStringList condition {tr("equals"), tr("exists"), tr("is absent")};
    const QStringList action {tr("reply with text"), tr("reply with bytes"), tr("close the connection"),
        tr("reply, then close"), tr("ignore (no reply)")};
    const QStringList to {tr("to the sender"), tr("to everyone"), tr("to everyone else")};
    const auto name = [](QComboBox *box, const QStringList &texts) {
        for (int i = 0; i < box->count(); ++i)
            box->setItemText(i, texts.value(i));
    };
    name(m_on, on);
    name(m_matchType, match);
    name(m_condition, condition);
    name(m_action, action);
    name(m_to, to);
    m_pattern->setPlaceholderText(tr("e.g. ^add (\\d+) (\\d+)$ for a regular expression"));
    m_path->setPlaceholderText(tr("e.g. type or user.id"));
    m_equals->setPlaceholderText(tr("login, 42, true or \"42\""));
    m_prefix->setPlaceholderText(QStringLiteral("89504e47"));
    m_reply->setPlaceholderText(tr("Fields: {text} {id} {name} {time} {path} {query.NAME} {1}…{9} {json.PATH} "
                                   "{counter} {random}; {{ and }} for braces"));
    m_hex->setPlaceholderText(QStringLiteral("de ad be ef"));
    m_closeReason->setPlaceholderText(tr("reason (optional)"));
    m_delay->setToolTip(tr("Wait this long before acting; nobody else waits."));
    m_jitter->setToolTip(tr("Plus a random extra of up to this much."));
    m_every->setSpecialValueText(tr("off"));
    m_every->setToolTip(tr("Push the reply again and again while the client stays connected."));
    m_sample->setPlaceholderText(tr("a sample message, e.g. add 2 3"));
    updateTest();
}

void RuleEditor::setRule(const QJsonObject &rule, const QString &error)
{
    m_loading = true;
    m_source = rule;
    const QJsonObject match = rule.value(u"match").toObject();
    m_name->setText(rule.value(u"name").toString());
    m_enabled->setChecked(rule.value(u"enabled").toBool(true));
    m_on->setCurrentIndex(std::max(0, m_on->findData(rule.value(u"on").toString(QStringLiteral("message")))));
    m_matchType->setCurrentIndex(
        std::max(0, m_matchType->findData(match.value(u"type").toString(QStringLiteral("any")))));
    m_pattern->setText(match.value(u"pattern").toString());
    m_path->setText(match.value(u"path").toString());
    m_condition->setCurrentIndex(match.contains(u"equals") ? 0 : match.value(u"exists").toBool(true) ? 1 : 2);
    m_equals->setText(match.contains(u"equals") ? equalsText(match.value(u"equals")) : QString());
    m_prefix->setText(match.value(u"hex").toString());
    ActionKind action = ActionKind::Reply;
    if (rule.value(u"ignore").toBool())
        action = ActionKind::Ignore;
    else if (rule.contains(u"close"))
        action = rule.contains(u"reply") ? ActionKind::ReplyThenClose : ActionKind::Close;
    else if (rule.contains(u"hex"))
        action = ActionKind::Binary;
    m_action->setCurrentIndex(int(action));
    m_reply->setPlainText(rule.value(u"reply").toString());
    m_hex->setText(rule.value(u"hex").toString());
    m_to->setCurrentIndex(std::max(0, m_to->findData(rule.value(u"to").toString(QStringLiteral("sender")))));
    const QJsonObject close = rule.value(u"close").toObject();
    m_closeCode->setValue(close.value(u"code").toInt(4000));
    m_closeReason->setText(close.value(u"reason").toString());
    m_delay->setValue(rule.value(u"delayMs").toInt());
    m_jitter->setValue(rule.value(u"jitterMs").toInt());
    m_every->setValue(rule.value(u"everyMs").toInt());
    m_error->setText(error.isEmpty() ? QString() : tr("This rule is off: %1").arg(error));
    m_error->setVisible(!error.isEmpty());
    setEnabled(!rule.isEmpty());
    m_loading = false;
    updateVisibility();
    updateTest();
}

QJsonObject RuleEditor::rule() const
{
    QJsonObject rule = m_source;
    for (const char *key :
        {"name", "enabled", "on", "match", "reply", "hex", "to", "close", "ignore", "delayMs", "jitterMs", "everyMs"})
        rule.remove(QLatin1String(key));
    rule.insert(QStringLiteral("name"), m_name->text());
    if (!m_enabled->isChecked())
        rule.insert(QStringLiteral("enabled"), false);
    const QString on = m_on->currentData().toString();
    rule.insert(QStringLiteral("on"), on);
    if (on == u"message") {
        const QString type = m_matchType->currentData().toString();
        QJsonObject match {{QStringLiteral("type"), type}};
        if (type == u"exact" || type == u"contains" || type == u"regex")
            match.insert(QStringLiteral("pattern"), m_pattern->text());
        if (type == u"json") {
            match.insert(QStringLiteral("path"), m_path->text().trimmed());
            if (m_condition->currentIndex() == 0)
                match.insert(QStringLiteral("equals"), equalsValue(m_equals->text()));
            else if (m_condition->currentIndex() == 2)
                match.insert(QStringLiteral("exists"), false);
        }
        if (type == u"binary")
            match.insert(QStringLiteral("hex"), m_prefix->text().trimmed());
        rule.insert(QStringLiteral("match"), match);
    }
    const auto action = ActionKind(m_action->currentIndex());
    if (action == ActionKind::Reply || action == ActionKind::ReplyThenClose)
        rule.insert(QStringLiteral("reply"), m_reply->toPlainText());
    if (action == ActionKind::Binary)
        rule.insert(QStringLiteral("hex"), m_hex->text().trimmed());
    if (action == ActionKind::Reply || action == ActionKind::Binary || action == ActionKind::ReplyThenClose) {
        if (m_to->currentIndex() != 0)
            rule.insert(QStringLiteral("to"), m_to->currentData().toString());
    }
    if (action == ActionKind::Close || action == ActionKind::ReplyThenClose) {
        QJsonObject close {{QStringLiteral("code"), m_closeCode->value()}};
        if (!m_closeReason->text().isEmpty())
            close.insert(QStringLiteral("reason"), m_closeReason->text());
        rule.insert(QStringLiteral("close"), close);
    }
    if (action == ActionKind::Ignore)
        rule.insert(QStringLiteral("ignore"), true);
    if (m_delay->value() > 0)
        rule.insert(QStringLiteral("delayMs"), m_delay->value());
    if (m_jitter->value() > 0)
        rule.insert(QStringLiteral("jitterMs"), m_jitter->value());
    if (m_every->value() > 0 && on == u"open")
        rule.insert(QStringLiteral("everyMs"), m_every->value());
    return rule;
}

void RuleEditor::updateVisibility()
{
    const bool message = m_on->currentData().toString() == u"message";
    const QString type = m_matchType->currentData().toString();
    const auto action = ActionKind(m_action->currentIndex());
    m_form->setRowVisible(MatchRow, message);
    m_form->setRowVisible(PatternRow, message && (type == u"exact" || type == u"contains" || type == u"regex"));
    m_form->setRowVisible(PathRow, message && type == u"json");
    m_form->setRowVisible(EqualsRow, message && type == u"json" && m_condition->currentIndex() == 0);
    m_form->setRowVisible(PrefixRow, message && type == u"binary");
    m_form->setRowVisible(ReplyRow, action == ActionKind::Reply || action == ActionKind::ReplyThenClose);
    m_form->setRowVisible(HexRow, action == ActionKind::Binary);
    m_to->setVisible(
        action == ActionKind::Reply || action == ActionKind::Binary || action == ActionKind::ReplyThenClose);
    m_form->setRowVisible(CloseRow, action == ActionKind::Close || action == ActionKind::ReplyThenClose);
    m_form->setRowVisible(EveryRow, m_on->currentData().toString() == u"open");
}

void RuleEditor::onEdited()
{
    if (m_loading)
        return;
    updateVisibility();
    const QJsonObject edited = rule();
    const QString error = RuleSet::parseRule(edited, 0).error;
    m_error->setText(error.isEmpty() ? QString() : tr("This rule is off: %1").arg(error));
    m_error->setVisible(!error.isEmpty());
    updateTest();
    Q_EMIT ruleEdited(edited);
}

void RuleEditor::updateTest()
{
    m_result->setText(isEnabled() ? tryRule(rule(), m_sample->text()) : QString());
}

QString RuleEditor::tryRule(const QJsonObject &object, const QString &sample)
{
    QJsonObject rule = object;
    rule.remove(u"enabled"); // test it even while it is off
    const RuleSet set = RuleSet::fromJson({{QStringLiteral("rules"), QJsonArray {rule}}});
    const Rule &r = set.rules().front();
    if (!r.error.isEmpty())
        return tr("Cannot test: %1").arg(r.error);
    TemplateInput input;
    input.id = 1;
    input.name = QStringLiteral("alice");
    input.path = QStringLiteral("/?name=alice");
    input.counter = r.fired->load() + 1;
    RuleMatch match; // outlives `input`, which points into it
    if (r.on == Rule::On::Message) {
        if (sample.isEmpty())
            return tr("Type a sample message to see what this rule does with it.");
        match = set.matchMessage(sample, nullptr);
        if (!match.cutOff.isEmpty())
            return tr("The regular expression gave up on this message (too much backtracking): treated as no match.");
        if (!match.rule)
            return tr("No match: the next rule, or the mode, answers.");
        input.text = sample;
        input.captures = match.captures;
        input.json = match.json ? &*match.json : nullptr;
    }
    QStringList outcome;
    const QString to = r.to == Rule::To::All ? tr("everyone")
        : r.to == Rule::To::Others           ? tr("everyone else")
                                             : tr("the sender");
    if (r.ignore)
        outcome.append(tr("Matches: the message is ignored, nothing is sent."));
    if (r.hasReply && !r.binaryReply)
        outcome.append(tr("Sends to %1: %2").arg(to, r.reply.expand(input)));
    if (r.binaryReply)
        outcome.append(tr("Sends %n byte(s) to %1: %2", nullptr, int(r.hex.size()))
                           .arg(to, QString::fromLatin1(r.hex.toHex(' '))));
    if (r.closeCode != 0)
        outcome.append(tr("Then closes the connection with %1 %2").arg(r.closeCode).arg(r.closeReason).trimmed());
    if (r.delayMs > 0 || r.jitterMs > 0)
        outcome.append(r.jitterMs > 0 ? tr("After %1–%2 ms.").arg(r.delayMs).arg(r.delayMs + r.jitterMs)
                                      : tr("After %1 ms.").arg(r.delayMs));
    if (r.everyMs > 0)
        outcome.append(tr("Repeated every %1 ms while connected.").arg(r.everyMs));
    return outcome.join(u'\n');
}

} // namespace Duplex

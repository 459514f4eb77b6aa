#include "rulesmodel.h"

#include "ruleset.h"

#include <QApplication>
#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMimeData>
#include <QPalette>
#include <QSet>
#include <QStyle>

namespace Duplex {

namespace {
constexpr char MimeType[] = "application/x-duplex-rule-row";
} // namespace

RulesModel::RulesModel(QObject *parent) : QAbstractTableModel(parent)
{ }

int RulesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rules.size());
}

int RulesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RulesModel::check(int row) const
{
    return RuleSet::parseRule(m_rules.at(row), row).error;
}

QString RulesModel::matchSummary(const QJsonObject &rule) const
{
    const QString on = rule.value(u"on").toString(QStringLiteral("message"));
    if (on != u"message")
        return QString();
    const QJsonObject match = rule.value(u"match").toObject();
    const QString type = match.value(u"type").toString(QStringLiteral("any"));
    if (type == u"any")
        return tr("any message");
    if (type == u"exact")
        return tr("is “%1”").arg(match.value(u"pattern").toString());
    if (type == u"contains")
        return tr("contains “%1”").arg(match.value(u"pattern").toString());
    if (type == u"regex")
        return tr("regex %1").arg(match.value(u"pattern").toString());
    if (type == u"json") {
        const QString path = match.value(u"path").toString();
        if (match.contains(u"equals")) {
            QString value
                = QString::fromUtf8(QJsonDocument(QJsonArray {match.value(u"equals")}).toJson(QJsonDocument::Compact));
            return tr("JSON %1 = %2").arg(path, value.mid(1, value.size() - 2));
        }
        return match.value(u"exists").toBool(true) ? tr("JSON has %1").arg(path) : tr("JSON lacks %1").arg(path);
    }
    if (type == u"binary")
        return tr("binary starting %1").arg(match.value(u"hex").toString());
    return type;
}

QString RulesModel::actionSummary(const QJsonObject &rule) const
{
    QStringList parts;
    const QString to = rule.value(u"to").toString(QStringLiteral("sender"));
    const QString target = to == u"all" ? tr("to all") : to == u"others" ? tr("to others") : tr("to sender");
    if (rule.contains(u"reply"))
        parts.append(tr("reply %1: %2").arg(target, rule.value(u"reply").toString()));
    if (rule.contains(u"hex"))
        parts.append(tr("binary %1: %2").arg(target, rule.value(u"hex").toString()));
    if (rule.contains(u"close")) {
        const QJsonObject close = rule.value(u"close").toObject();
        parts.append(
            tr("close %1 %2").arg(close.value(u"code").toInt()).arg(close.value(u"reason").toString()).trimmed());
    }
    if (rule.value(u"ignore").toBool())
        parts.append(tr("ignore"));
    if (const int delay = rule.value(u"delayMs").toInt(); delay > 0)
        parts.append(tr("after %1 ms").arg(delay));
    if (const int every = rule.value(u"everyMs").toInt(); every > 0)
        parts.append(tr("every %1 ms").arg(every));
    return parts.join(QStringLiteral(" · "));
}

QVariant RulesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const QJsonObject &rule = m_rules.at(index.row());
    const QString &error = m_errors.at(index.row());
    const bool enabled = rule.value(u"enabled").toBool(true);
    if (role == ErrorRole)
        return error;
    if (role == Qt::CheckStateRole && index.column() == Name)
        return enabled ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::DecorationRole && index.column() == Status && !error.isEmpty())
        return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    if (role == Qt::ForegroundRole) {
        if (!error.isEmpty() && index.column() == Status)
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (!enabled || !error.isEmpty())
            return QPalette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    }
    if (role == Qt::ToolTipRole) {
        if (!error.isEmpty())
            return tr("This rule is off: %1").arg(error);
        return index.column() == Match || index.column() == Action ? data(index, Qt::DisplayRole) : QVariant();
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return RuleSet::parseRule(rule, index.row()).name;
    case On: {
        const QString on = rule.value(u"on").toString(QStringLiteral("message"));
        return on == u"open" ? tr("open") : on == u"close" ? tr("close") : on == u"message" ? tr("message") : on;
    }
    case Match:
        return matchSummary(rule);
    case Action:
        return actionSummary(rule);
    case Status:
        if (!error.isEmpty())
            return error;
        return enabled ? tr("on") : tr("off");
    default:
        return {};
    }
}

bool RulesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::CheckStateRole || index.column() != Name)
        return false;
    QJsonObject rule = m_rules.at(index.row());
    if (value.value<Qt::CheckState>() == Qt::Checked)
        rule.remove(u"enabled"); // true is the default: keep the file short
    else
        rule.insert(QStringLiteral("enabled"), false);
    setRule(index.row(), rule);
    return true;
}

QVariant RulesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Rule");
    case On:
        return tr("On");
    case Match:
        return tr("Match");
    case Action:
        return tr("Action");
    case Status:
        return tr("Status");
    default:
        return {};
    }
}

Qt::ItemFlags RulesModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled; // between rows
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
    if (index.column() == Name)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QStringList RulesModel::mimeTypes() const
{
    return {QLatin1String(MimeType)};
}

QMimeData *RulesModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(QLatin1String(MimeType), QByteArray::number(indexes.first().row()));
    return mime;
}

bool RulesModel::dropMimeData(
    const QMimeData *data, Qt::DropAction action, int row, int column, const QModelIndex &parent)
{
    Q_UNUSED(column)
    if (action != Qt::MoveAction || !data || !data->hasFormat(QLatin1String(MimeType)))
        return false;
    bool ok = false;
    const int source = data->data(QLatin1String(MimeType)).toInt(&ok);
    if (!ok || source < 0 || source >= rowCount())
        return false;
    int destination = row >= 0 ? row : parent.isValid() ? parent.row() : rowCount();
    if (destination == source || destination == source + 1)
        return false;
    moveRows({}, source, 1, {}, destination);
    return false; // moved here: the view must not remove the source row as well
}

bool RulesModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
    const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count != 1 || sourceRow < 0 || sourceRow >= rowCount()
        || destinationChild < 0 || destinationChild > rowCount() || destinationChild == sourceRow
        || destinationChild == sourceRow + 1)
        return false;
    beginMoveRows({}, sourceRow, sourceRow, {}, destinationChild);
    const int to = destinationChild > sourceRow ? destinationChild - 1 : destinationChild;
    m_rules.move(sourceRow, to);
    m_errors.move(sourceRow, to);
    endMoveRows();
    Q_EMIT edited();
    return true;
}

QJsonObject RulesModel::table() const
{
    QJsonArray rules;
    for (const QJsonObject &rule : m_rules)
        rules.append(rule);
    return {{QStringLiteral("fallback"), m_fallbackIgnore ? QStringLiteral("ignore") : QStringLiteral("mode")},
        {QStringLiteral("rules"), rules}};
}

void RulesModel::setTable(const QJsonObject &table)
{
    beginResetModel();
    m_rules.clear();
    m_errors.clear();
    const QJsonArray rules = table.value(u"rules").toArray();
    for (const QJsonValue &rule : rules)
        m_rules.append(rule.toObject());
    for (int row = 0; row < m_rules.size(); ++row)
        m_errors.append(check(row));
    m_fallbackIgnore = table.value(u"fallback").toString() == u"ignore";
    endResetModel();
}

void RulesModel::setFallbackIgnore(bool ignore)
{
    if (m_fallbackIgnore == ignore)
        return;
    m_fallbackIgnore = ignore;
    Q_EMIT edited();
}

void RulesModel::setRule(int row, const QJsonObject &rule)
{
    if (row < 0 || row >= rowCount() || m_rules.at(row) == rule)
        return;
    m_rules[row] = rule;
    m_errors[row] = check(row);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    Q_EMIT edited();
}

void RulesModel::insertRule(int row, const QJsonObject &rule)
{
    row = std::clamp(row, 0, rowCount());
    beginInsertRows({}, row, row);
    m_rules.insert(row, rule);
    m_errors.insert(row, QString());
    endInsertRows();
    // a rule's default name depends on its row: check them all again
    for (int r = 0; r < m_rules.size(); ++r)
        m_errors[r] = check(r);
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    Q_EMIT edited();
}

void RulesModel::removeRule(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows({}, row, row);
    m_rules.removeAt(row);
    m_errors.removeAt(row);
    endRemoveRows();
    Q_EMIT edited();
}

QString RulesModel::uniqueName(const QString &base) const
{
    QSet<QString> names;
    for (const QJsonObject &rule : m_rules)
        names.insert(rule.value(u"name").toString());
    if (!names.contains(base))
        return base;
    for (int i = 2;; ++i) {
        const QString candidate = QStringLiteral("%1 (%2)").arg(base).arg(i);
        if (!names.contains(candidate))
            return candidate;
    }
}

void RulesModel::retranslate()
{
    for (int row = 0; row < m_rules.size(); ++row)
        m_errors[row] = check(row);
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

} // namespace Duplex

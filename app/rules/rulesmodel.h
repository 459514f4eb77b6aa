#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>

namespace Duplex {

// The desktop's rules table: the rules as JSON objects, in order (the first match wins), each checked with
// RuleSet::parseRule so that a rule that cannot work shows why in its row. Rows move by drag and drop.
class RulesModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RulesModel)

public:
    enum Column { Name, On, Match, Action, Status, ColumnCount };
    enum Role { ErrorRole = Qt::UserRole + 1 };

    explicit RulesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool dropMimeData(
        const QMimeData *data, Qt::DropAction action, int row, int column, const QModelIndex &parent) override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count, const QModelIndex &destinationParent,
        int destinationChild) override;

    // The whole table in the file format ({"fallback": …, "rules": […]}).
    QJsonObject table() const;
    void setTable(const QJsonObject &table);
    bool fallbackIgnore() const { return m_fallbackIgnore; }
    void setFallbackIgnore(bool ignore);

    QJsonObject rule(int row) const { return m_rules.value(row); }
    QString error(int row) const { return m_errors.value(row); }
    void setRule(int row, const QJsonObject &rule);
    void insertRule(int row, const QJsonObject &rule);
    void removeRule(int row);
    // A name not yet used: "rule 3", "login (2)".
    QString uniqueName(const QString &base) const;
    void retranslate();

Q_SIGNALS:
    // The table changed through this model (not through setTable()): time to give it to the server.
    void edited();

private:
    QString check(int row) const;
    QString matchSummary(const QJsonObject &rule) const;
    QString actionSummary(const QJsonObject &rule) const;

    QList<QJsonObject> m_rules;
    QStringList m_errors;
    bool m_fallbackIgnore = false;
};

} // namespace Duplex

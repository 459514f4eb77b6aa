#pragma once

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QToolButton;
class QTimer;

namespace Duplex {

class RuleEditor;
class RulesModel;

// The Rules tab: the table (first match wins, drag to reorder, a checkbox per rule), buttons to add, duplicate,
// delete and move, "when nothing matches", import/export, and the editor with its test field for the current rule.
// Every edit goes to the server at once (tableChanged(), a quarter of a second after typing stops).
class RulesPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RulesPanel)

public:
    explicit RulesPanel(QWidget *parent = nullptr);

    RulesModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    RuleEditor *editor() const { return m_editor; }
    // From the server or the settings; does not echo back through tableChanged().
    void setTable(const QJsonObject &table);
    QJsonObject table() const;
    void importRules();
    void exportRules();
    void addRule();
    void duplicateRule();
    void deleteRule();
    void moveRule(int by);
    void retranslate();

Q_SIGNALS:
    void tableChanged(const QJsonObject &table);

private:
    int currentRow() const;
    void select(int row);
    void showCurrent();
    void updateButtons();

    RulesModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    RuleEditor *m_editor = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_fallbackLabel = nullptr;
    QComboBox *m_fallback = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_duplicate = nullptr;
    QPushButton *m_delete = nullptr;
    QToolButton *m_up = nullptr; // arrows: the panel fits a 1024 px window
    QToolButton *m_down = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_export = nullptr;
    QTimer *m_apply = nullptr;
    bool m_editing = false; // the editor is writing into the model: do not reload it
};

} // namespace Duplex

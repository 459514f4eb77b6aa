#pragma once

#include <QJsonObject>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace Duplex {

// The form for one rule, with "Test this rule": a sample message run through the real rule engine shows what the
// rule would send. Every change is reported at once as the rule's new JSON (ruleEdited()).
class RuleEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleEditor)

public:
    explicit RuleEditor(QWidget *parent = nullptr);

    // Shows this rule (an empty object and enabled=false: nothing to edit). `error` is why it cannot work.
    void setRule(const QJsonObject &rule, const QString &error);
    QJsonObject rule() const;
    // What the sample message leads to under this rule alone.
    static QString tryRule(const QJsonObject &rule, const QString &sample);
    void retranslate();

Q_SIGNALS:
    void ruleEdited(const QJsonObject &rule);

private:
    void updateVisibility();
    void onEdited();
    void updateTest();

    QJsonObject m_source; // fields the form does not know are kept
    bool m_loading = false;
    QFormLayout *m_form = nullptr;
    QLineEdit *m_name = nullptr;
    QCheckBox *m_enabled = nullptr;
    QComboBox *m_on = nullptr;
    QComboBox *m_matchType = nullptr;
    QLineEdit *m_pattern = nullptr;
    QLineEdit *m_path = nullptr;
    QComboBox *m_condition = nullptr;
    QLineEdit *m_equals = nullptr;
    QLineEdit *m_prefix = nullptr;
    QComboBox *m_action = nullptr;
    QPlainTextEdit *m_reply = nullptr;
    QLineEdit *m_hex = nullptr;
    QComboBox *m_to = nullptr;
    QSpinBox *m_closeCode = nullptr;
    QLineEdit *m_closeReason = nullptr;
    QSpinBox *m_delay = nullptr;
    QSpinBox *m_jitter = nullptr;
    QSpinBox *m_every = nullptr;
    QLabel *m_error = nullptr;
    QLineEdit *m_sample = nullptr;
    QLabel *m_result = nullptr;
    QList<QLabel *> m_labels;
};

} // namespace Duplex

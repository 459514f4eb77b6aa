#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;
class QToolButton;
class QMenu;

namespace Duplex {

class CodeEditor;

// The Script tab: the server's JavaScript in an editor (line numbers, highlighting, the error line marked), with
// Open, Save, Save as, an Examples menu, Apply (Ctrl+S: the running server takes it at once, connections stay),
// Turn off, the handler timeout, and what the server said about the last Apply.
class ScriptPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptPanel)

public:
    explicit ScriptPanel(QWidget *parent = nullptr);

    CodeEditor *editor() const { return m_editor; }
    QString source() const;
    void setSource(const QString &source, const QString &fileName);
    QString fileName() const { return m_fileName; }
    int timeoutMs() const;
    void setTimeoutMs(int ms);
    bool isOn() const { return m_on; }

    void apply(); // applyRequested()
    void turnOff(); // applyRequested() with an empty script
    void open();
    bool save();
    bool saveAs();
    void loadExample(const QString &resource);
    // The server's answer to the last applyRequested(): empty error when the script runs.
    void showResult(const QString &error);
    void retranslate();

Q_SIGNALS:
    void applyRequested(const QString &source, const QString &name, int timeoutMs);

private:
    void updateStatus();
    QString displayName() const;

    CodeEditor *m_editor = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_timeoutLabel = nullptr;
    QSpinBox *m_timeout = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_off = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_saveAs = nullptr;
    QToolButton *m_examples = nullptr;
    QMenu *m_examplesMenu = nullptr;
    QString m_fileName; // where Save writes; empty: not saved yet
    QString m_exampleName; // the example it was loaded from
    QString m_error; // from the last Apply
    QString m_applied; // the source of the last Apply
    bool m_on = false; // a script runs on the server
    bool m_pending = false; // applied, no answer yet
};

} // namespace Duplex

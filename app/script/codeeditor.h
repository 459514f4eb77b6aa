#pragma once

#include <QPlainTextEdit>

namespace Duplex {

// A plain-text editor for scripts: monospace, line numbers in a margin, the current line shaded and an error line
// marked (setErrorLine()), tabs as four spaces.
class CodeEditor final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CodeEditor)

public:
    explicit CodeEditor(QWidget *parent = nullptr);

    void setErrorLine(int line); // 1-based; 0 clears
    int errorLine() const { return m_errorLine; }
    int lineNumberAreaWidth() const;
    void paintLineNumbers(QPaintEvent *event);

Q_SIGNALS:
    // Ctrl+S in the editor (it wins over the window's Ctrl+S, Export log, while the editor has the focus).
    void applyRequested();

protected:
    bool event(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateMargins();
    void updateSelections();

    QWidget *m_lineNumbers = nullptr;
    int m_errorLine = 0;
};

} // namespace Duplex

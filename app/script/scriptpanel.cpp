#include "scriptpanel.h"

#include "codeeditor.h"
#include "jshighlighter.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSpinBox>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>

namespace Duplex {

ScriptPanel::ScriptPanel(QWidget *parent) : QWidget(parent)
{
    m_title = new QLabel(this);
    m_title->setStyleSheet(QStringLiteral("font-weight: bold"));
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // gives way to the buttons when narrow
    m_editor = new CodeEditor(this);
    m_editor->setObjectName(QStringLiteral("scriptEditor"));
    new JsHighlighter(m_editor->document());
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("scriptStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_timeoutLabel = new QLabel(this);
    m_timeout = new QSpinBox(this);
    m_timeout->setObjectName(QStringLiteral("scriptTimeout"));
    m_timeout->setRange(1, 60'000);
    m_timeout->setValue(200);
    m_timeout->setSuffix(QStringLiteral(" ms"));
    m_timeoutLabel->setBuddy(m_timeout);
    const auto button = [this](const char *name) {
        auto *b = new QPushButton(this);
        b->setObjectName(QLatin1String(name));
        return b;
    };
    m_apply = button("scriptApply");
    m_off = button("scriptOff");
    m_open = button("scriptOpen");
    m_save = button("scriptSave");
    m_saveAs = button("scriptSaveAs");
    m_examples = new QToolButton(this);
    m_examples->setObjectName(QStringLiteral("scriptExamples"));
    m_examples->setPopupMode(QToolButton::InstantPopup);
    m_examplesMenu = new QMenu(m_examples);
    m_examples->setMenu(m_examplesMenu);
    const QStringList examples = QDir(QStringLiteral(":/examples/scripts")).entryList({QStringLiteral("*.js")});
    for (const QString &file : examples) {
        m_examplesMenu->addAction(
            file, this, [this, file] { loadExample(QStringLiteral(":/examples/scripts/") + file); });
    }

    auto *top = new QHBoxLayout;
    top->addWidget(m_title);
    top->addStretch();
    top->addWidget(m_examples);
    top->addWidget(m_open);
    top->addWidget(m_save);
    top->addWidget(m_saveAs);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_apply);
    bottom->addWidget(m_off);
    bottom->addWidget(m_timeoutLabel);
    bottom->addWidget(m_timeout);
    bottom->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addLayout(top);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_status);
    layout->addLayout(bottom);

    connect(m_editor, &CodeEditor::applyRequested, this, &ScriptPanel::apply);
    connect(m_apply, &QPushButton::clicked, this, &ScriptPanel::apply);
    connect(m_off, &QPushButton::clicked, this, &ScriptPanel::turnOff);
    connect(m_open, &QPushButton::clicked, this, &ScriptPanel::open);
    connect(m_save, &QPushButton::clicked, this, &ScriptPanel::save);
    connect(m_saveAs, &QPushButton::clicked, this, &ScriptPanel::saveAs);
    connect(m_editor->document(), &QTextDocument::modificationChanged, this, &ScriptPanel::updateStatus);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (m_on)
            updateStatus(); // "Edited since"
    });
    retranslate();
}

void ScriptPanel::retranslate()
{
    m_title->setText(tr("Server script (JavaScript, Swoole-style handlers)"));
    m_examples->setText(tr("Examples"));
    m_open->setText(tr("Open…"));
    m_save->setText(tr("Save"));
    m_saveAs->setText(tr("Save as…"));
    m_apply->setText(tr("Apply (Ctrl+S)"));
    m_apply->setToolTip(tr("The running server takes the script at once; nobody is disconnected."));
    m_off->setText(tr("Turn off"));
    m_timeoutLabel->setText(tr("Stop a handler after:"));
    m_editor->setPlaceholderText(
        tr("server.on('message', (frame) => {\n    server.push(frame.fd, 'You said: ' + frame.data);\n});"));
    updateStatus();
}

QString ScriptPanel::source() const
{
    return m_editor->toPlainText();
}

void ScriptPanel::setSource(const QString &source, const QString &fileName)
{
    m_editor->setPlainText(source);
    m_editor->document()->setModified(false);
    m_editor->setErrorLine(0);
    m_fileName = fileName;
    m_exampleName.clear();
    updateStatus();
}

int ScriptPanel::timeoutMs() const
{
    return m_timeout->value();
}

void ScriptPanel::setTimeoutMs(int ms)
{
    m_timeout->setValue(ms);
}

QString ScriptPanel::displayName() const
{
    if (!m_fileName.isEmpty())
        return m_fileName;
    return m_exampleName.isEmpty() ? QStringLiteral("script.js") : m_exampleName;
}

void ScriptPanel::apply()
{
    if (!m_fileName.isEmpty() && m_editor->document()->isModified())
        save(); // Ctrl+S keeps the file and the running script the same
    m_pending = true;
    m_applied = source();
    updateStatus();
    Q_EMIT applyRequested(m_applied, displayName(), m_timeout->value());
}

void ScriptPanel::turnOff()
{
    m_pending = true;
    m_applied.clear();
    Q_EMIT applyRequested(QString(), QString(), m_timeout->value());
}

void ScriptPanel::showResult(const QString &error)
{
    m_pending = false;
    m_error = error;
    if (error.isEmpty())
        m_on = !m_applied.trimmed().isEmpty();
    // "file.js:12:5: SyntaxError: …" or "file.js:12: TypeError: …": mark line 12
    const QRegularExpressionMatch line = QRegularExpression(QStringLiteral(":(\\d+)(?::\\d+)?: ")).match(error);
    m_editor->setErrorLine(line.hasMatch() ? line.captured(1).toInt() : 0);
    updateStatus();
}

void ScriptPanel::updateStatus()
{
    QString text;
    QString style;
    if (m_pending) {
        text = tr("Applying…");
    } else if (!m_error.isEmpty()) {
        text = m_on ? tr("Not applied, the previous script keeps running: %1").arg(m_error)
                    : tr("Not applied: %1").arg(m_error);
        style = QStringLiteral("color: #c62828");
    } else if (m_on) {
        text = tr("Running %1 on the server.").arg(QFileInfo(displayName()).fileName());
        if (source() != m_applied)
            text += u' ' + tr("Edited since: Apply to run the changes.");
        style = QStringLiteral("color: #2e7d32");
    } else {
        text
            = tr("No script runs: messages get the rules and the mode. Write handlers or pick an example, then Apply.");
    }
    m_status->setText(text);
    m_status->setStyleSheet(style);
    m_off->setEnabled(m_on);
    m_save->setEnabled(!m_fileName.isEmpty());
}

void ScriptPanel::open()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Open script"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation), tr("JavaScript (*.js);;All files (*)"));
    if (file.isEmpty())
        return;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Open script"), tr("Could not open %1: %2").arg(file, f.errorString()));
        return;
    }
    setSource(QString::fromUtf8(f.readAll()), file);
}

bool ScriptPanel::save()
{
    if (m_fileName.isEmpty() || m_fileName.startsWith(u':'))
        return saveAs();
    QSaveFile f(m_fileName);
    if (!f.open(QIODevice::WriteOnly) || f.write(source().toUtf8()) < 0 || !f.commit()) {
        QMessageBox::warning(this, tr("Save script"), tr("Could not write %1: %2").arg(m_fileName, f.errorString()));
        return false;
    }
    m_editor->document()->setModified(false);
    updateStatus();
    return true;
}

bool ScriptPanel::saveAs()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Save script"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + u'/'
            + QFileInfo(displayName()).fileName(),
        tr("JavaScript (*.js)"));
    if (file.isEmpty())
        return false;
    m_fileName = file;
    return save();
}

void ScriptPanel::loadExample(const QString &resource)
{
    QFile f(resource);
    if (!f.open(QIODevice::ReadOnly))
        return;
    setSource(QString::fromUtf8(f.readAll()), QString());
    m_exampleName = QFileInfo(resource).fileName(); // Save asks where; errors name the example
    m_editor->document()->setModified(true);
    updateStatus();
}

} // namespace Duplex

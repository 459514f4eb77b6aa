#include "replaydialog.h"

#include "harreplay.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Duplex {

namespace {
enum Column { Number, What, Recorded, Now, ColumnCount };
const QColor Differs(0xf8, 0xd7, 0xda);
const QColor Same(0xd4, 0xed, 0xda);

QString shown(const HarMessage &m)
{
    return m.opcode == 1 ? QString::fromUtf8(m.data)
                         : ReplayDialog::tr("[binary] %1").arg(QString::fromLatin1(m.data.left(256).toHex(' ')));
}
} // namespace

ReplayDialog::ReplayDialog(const QString &defaultUrl, QWidget *parent)
    : QDialog(parent),
      m_replay(new HarReplay(this)),
      m_file(new QLineEdit(this)),
      m_connection(new QComboBox(this)),
      m_url(new QLineEdit(defaultUrl, this)),
      m_pace(new QComboBox(this)),
      m_start(new QPushButton(this)),
      m_step(new QPushButton(tr("Next message"), this)),
      m_table(new QTableWidget(0, ColumnCount, this)),
      m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("replayDialog"));
    setWindowTitle(tr("Replay a recorded session"));
    m_connection->setObjectName(QStringLiteral("replayConnection"));
    m_url->setObjectName(QStringLiteral("replayUrl"));
    m_pace->setObjectName(QStringLiteral("replayPace"));
    m_start->setObjectName(QStringLiteral("replayStart"));
    m_step->setObjectName(QStringLiteral("replayStep"));
    m_table->setObjectName(QStringLiteral("replayTable"));
    m_status->setObjectName(QStringLiteral("replayStatus"));
    m_file->setReadOnly(true);
    m_file->setPlaceholderText(tr("a .har file from Chrome DevTools, Duplex's export or /api/log.har"));
    m_pace->addItem(tr("Recorded timing"), int(HarReplay::Pace::Recorded));
    m_pace->addItem(tr("As fast as possible"), int(HarReplay::Pace::AsFastAsPossible));
    m_pace->addItem(tr("Step by step"), int(HarReplay::Pace::StepByStep));
    m_table->setHorizontalHeaderLabels({tr("#"), tr("What"), tr("Recorded"), tr("Now")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(Recorded, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(Now, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(Number, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(What, QHeaderView::ResizeToContents);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto *open = new QPushButton(tr("Open…"), this);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(open);
    auto *form = new QFormLayout;
    form->addRow(tr("File:"), fileRow);
    form->addRow(tr("Connection:"), m_connection);
    form->addRow(tr("Replay to:"), m_url);
    form->addRow(tr("Pace:"), m_pace);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_step);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    resize(760, 480);

    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open a HAR file"), QString(), tr("HAR files (*.har);;All files (*)"));
        if (!path.isEmpty())
            openFile(path);
    });
    connect(m_connection, &QComboBox::currentIndexChanged, this, &ReplayDialog::showConnection);
    connect(m_start, &QPushButton::clicked, this, [this] {
        if (m_replay->isRunning())
            m_replay->stop();
        else
            start();
        updateButtons();
    });
    connect(m_step, &QPushButton::clicked, m_replay, &HarReplay::step);
    connect(m_replay, &HarReplay::connected, this, [this] { m_status->setText(tr("Connected: replaying…")); });
    connect(m_replay, &HarReplay::sent, this, [this](qsizetype index, const HarMessage &) {
        if (index < m_sendRows.size())
            setCell(m_sendRows.at(index), Now, tr("sent"), Same);
    });
    connect(m_replay, &HarReplay::answered, this, [this](qsizetype index, const HarMessage &m, bool matches) {
        int row;
        if (index < m_answerRows.size()) {
            row = m_answerRows.at(index);
        } else { // an answer that was not recorded
            row = m_table->rowCount();
            m_table->insertRow(row);
            setCell(row, Number, QString::number(row + 1));
            setCell(row, What, tr("answer (new)"));
            setCell(row, Recorded, tr("(none)"));
        }
        setCell(row, Now, shown(m), matches ? Same : Differs);
        m_table->scrollToItem(m_table->item(row, Now));
    });
    connect(m_replay, &HarReplay::failed, this, [this](const QString &error) {
        m_status->setText(tr("Could not connect: %1").arg(error));
        updateButtons();
    });
    connect(m_replay, &HarReplay::finished, this, [this](qsizetype mismatches, qsizetype missing) {
        for (qsizetype i = m_replay->received().size(); i < m_answerRows.size(); ++i)
            setCell(m_answerRows.at(i), Now, tr("(nothing came)"), Differs);
        QStringList problems;
        if (mismatches > 0)
            problems << tr("%n answer(s) differ", nullptr, int(mismatches));
        if (missing > 0)
            problems << tr("%n recorded answer(s) did not come", nullptr, int(missing));
        m_status->setText(problems.isEmpty()
                ? tr("Done: %n answer(s), every one as recorded.", nullptr, int(m_replay->received().size()))
                : tr("Done: %1.").arg(problems.join(tr("; "))));
        updateButtons();
    });
    updateButtons();
}

bool ReplayDialog::openFile(const QString &path)
{
    QFile file(path);
    QString error;
    std::optional<QList<HarConnection>> read;
    if (file.open(QIODevice::ReadOnly))
        read = Har::read(file.readAll(), &error);
    else
        error = file.errorString();
    if (!read) {
        m_status->setText(tr("Cannot use %1: %2").arg(path, error));
        return false;
    }
    m_file->setText(path);
    m_connections = *read;
    const QSignalBlocker blocker(m_connection);
    m_connection->clear();
    for (int i = 0; i < m_connections.size(); ++i) {
        const HarConnection &c = m_connections.at(i);
        m_connection->addItem(tr("%1: %2 (%n message(s))", nullptr, int(c.messages.size())).arg(i + 1).arg(c.url));
    }
    showConnection(0);
    updateButtons();
    return true;
}

void ReplayDialog::showConnection(int index)
{
    m_table->setRowCount(0);
    m_sendRows.clear();
    m_answerRows.clear();
    if (index < 0 || index >= m_connections.size())
        return;
    const HarConnection &c = m_connections.at(index);
    if (m_url->text().trimmed().isEmpty())
        m_url->setText(c.url);
    for (const HarMessage &m : c.messages) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        (m.fromClient ? m_sendRows : m_answerRows).append(row);
        setCell(row, Number, QString::number(row + 1));
        setCell(row, What, m.fromClient ? tr("sent") : tr("answer %1").arg(m_answerRows.size()));
        setCell(row, Recorded, shown(m));
    }
    m_status->setText(
        tr("%1 message(s) to send, %2 answer(s) recorded.").arg(m_sendRows.size()).arg(m_answerRows.size()));
}

void ReplayDialog::start()
{
    const int index = m_connection->currentIndex();
    if (index < 0 || index >= m_connections.size())
        return;
    const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
    if (!url.isValid() || (url.scheme() != u"ws" && url.scheme() != u"wss")) {
        m_status->setText(tr("Enter a ws:// or wss:// URL."));
        return;
    }
    showConnection(index); // a fresh table
    ClientOptions options;
    options.url = url;
    m_status->setText(tr("Connecting to %1…").arg(url.toDisplayString()));
    m_replay->start(m_connections.at(index), options, HarReplay::Pace(m_pace->currentData().toInt()));
    updateButtons();
}

void ReplayDialog::setCell(int row, int column, const QString &text, const QColor &background)
{
    auto *item = new QTableWidgetItem(text); // plain text: a message is never rich text here
    item->setToolTip(text.left(2000));
    if (background.isValid())
        item->setBackground(background);
    m_table->setItem(row, column, item);
}

void ReplayDialog::updateButtons()
{
    const bool running = m_replay->isRunning();
    m_start->setText(running ? tr("Stop") : tr("Start replay"));
    m_start->setEnabled(running || !m_connections.isEmpty());
    m_step->setVisible(m_pace->currentData().toInt() == int(HarReplay::Pace::StepByStep));
    m_step->setEnabled(running);
    m_connection->setEnabled(!running);
    m_url->setEnabled(!running);
    m_pace->setEnabled(!running);
}

} // namespace Duplex

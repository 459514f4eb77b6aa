#include "rulespanel.h"

#include "ruleeditor.h"
#include "rulesfile.h"
#include "rulesmodel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QToolButton>

namespace Duplex {

namespace {
constexpr int ApplyDelayMs = 250;
} // namespace

RulesPanel::RulesPanel(QWidget *parent) : QWidget(parent), m_model(new RulesModel(this)), m_apply(new QTimer(this))
{
    m_title = new QLabel(this);
    m_title->setStyleSheet(QStringLiteral("font-weight: bold"));
    m_fallbackLabel = new QLabel(this);
    m_fallback = new QComboBox(this);
    m_fallback->setObjectName(QStringLiteral("rulesFallback"));
    m_fallback->addItem(QString(), false);
    m_fallback->addItem(QString(), true);
    m_fallbackLabel->setBuddy(m_fallback);
    const auto button = [this](const char *name) {
        auto *b = new QPushButton(this);
        b->setObjectName(QLatin1String(name));
        return b;
    };
    m_add = button("rulesAdd");
    m_duplicate = button("rulesDuplicate");
    m_delete = button("rulesDelete");
    const auto arrow = [this](const char *name, Qt::ArrowType type) {
        auto *b = new QToolButton(this);
        b->setObjectName(QLatin1String(name));
        b->setArrowType(type);
        return b;
    };
    m_up = arrow("rulesUp", Qt::UpArrow);
    m_down = arrow("rulesDown", Qt::DownArrow);
    m_import = button("rulesImport");
    m_export = button("rulesExport");

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("rulesView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setDragDropMode(QAbstractItemView::InternalMove);
    m_view->setDragDropOverwriteMode(false);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setDropIndicatorShown(true);
    m_view->verticalHeader()->setSectionsClickable(false); // the row numbers say the order: first match wins
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->setAlternatingRowColors(true);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->resizeSection(RulesModel::Name, 110);
    m_view->horizontalHeader()->resizeSection(RulesModel::On, 64);
    m_view->horizontalHeader()->resizeSection(RulesModel::Match, 130);
    m_view->horizontalHeader()->resizeSection(RulesModel::Action, 150);
    m_view->setWordWrap(false);

    m_editor = new RuleEditor(this);
    m_editor->setObjectName(QStringLiteral("ruleEditor"));
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_editor);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(280);

    auto *top = new QHBoxLayout;
    top->addWidget(m_title);
    top->addStretch();
    top->addWidget(m_fallbackLabel);
    top->addWidget(m_fallback);
    top->addWidget(m_import);
    top->addWidget(m_export);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_add, m_duplicate, m_delete})
        buttons->addWidget(b);
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addStretch();
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_view);
    leftLayout->addLayout(buttons);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("rulesSplitter"));
    split->addWidget(left);
    split->addWidget(scroll);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 0);
    split->setSizes({560, 320});
    split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    m_apply->setSingleShot(true);
    m_apply->setInterval(ApplyDelayMs);
    connect(m_apply, &QTimer::timeout, this, [this] { Q_EMIT tableChanged(m_model->table()); });
    connect(m_model, &RulesModel::edited, m_apply, qOverload<>(&QTimer::start));
    connect(m_model, &RulesModel::edited, this, [this] {
        if (!m_editing)
            showCurrent(); // a checkbox or a move: the editor shows the rule as it is now
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_fallback->setCurrentIndex(m_model->fallbackIgnore() ? 1 : 0);
        select(0);
        retranslate(); // the title counts the rules
    });
    connect(m_model, &QAbstractItemModel::rowsMoved, this,
        [this](const QModelIndex &, int, int, const QModelIndex &, int row) {
            Q_UNUSED(row)
            updateButtons();
        });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RulesPanel::showCurrent);
    connect(m_editor, &RuleEditor::ruleEdited, this, [this](const QJsonObject &rule) {
        const int row = currentRow();
        if (row < 0)
            return;
        m_editing = true;
        m_model->setRule(row, rule);
        m_editing = false;
    });
    connect(m_fallback, &QComboBox::currentIndexChanged, this,
        [this] { m_model->setFallbackIgnore(m_fallback->currentData().toBool()); });
    connect(m_add, &QPushButton::clicked, this, &RulesPanel::addRule);
    connect(m_duplicate, &QPushButton::clicked, this, &RulesPanel::duplicateRule);
    connect(m_delete, &QPushButton::clicked, this, &RulesPanel::deleteRule);
    connect(m_up, &QToolButton::clicked, this, [this] { moveRule(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveRule(1); });
    connect(m_import, &QPushButton::clicked, this, &RulesPanel::importRules);
    connect(m_export, &QPushButton::clicked, this, &RulesPanel::exportRules);
    retranslate();
    updateButtons();
}

void RulesPanel::retranslate()
{
    m_title->setText(tr("Rules (%1)").arg(m_model->rowCount()));
    m_fallbackLabel->setText(tr("When nothing matches:"));
    m_fallback->setItemText(0, tr("the mode answers"));
    m_fallback->setItemText(1, tr("ignore the message"));
    m_add->setText(tr("Add"));
    m_duplicate->setText(tr("Duplicate"));
    m_delete->setText(tr("Delete"));
    m_up->setToolTip(tr("Up: earlier rules are tried first; you can also drag rows."));
    m_down->setToolTip(tr("Down"));
    m_import->setText(tr("Import…"));
    m_export->setText(tr("Export…"));
    m_model->retranslate();
    m_editor->retranslate();
}

void RulesPanel::setTable(const QJsonObject &table)
{
    if (table == m_model->table())
        return;
    const int row = currentRow();
    m_model->setTable(table);
    select(std::clamp(row, 0, m_model->rowCount() - 1));
}

QJsonObject RulesPanel::table() const
{
    return m_model->table();
}

int RulesPanel::currentRow() const
{
    return m_view->selectionModel()->currentIndex().row();
}

void RulesPanel::select(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_view->selectionModel()->clearCurrentIndex();
        m_view->clearSelection();
        showCurrent();
        return;
    }
    m_view->selectionModel()->setCurrentIndex(
        m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    showCurrent();
}

void RulesPanel::showCurrent()
{
    const int row = currentRow();
    m_editor->setRule(row >= 0 ? m_model->rule(row) : QJsonObject(), row >= 0 ? m_model->error(row) : QString());
    updateButtons();
}

void RulesPanel::updateButtons()
{
    const int row = currentRow();
    m_duplicate->setEnabled(row >= 0);
    m_delete->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_model->rowCount());
    m_title->setText(tr("Rules (%1)").arg(m_model->rowCount()));
}

void RulesPanel::addRule()
{
    const int row = currentRow() < 0 ? m_model->rowCount() : currentRow() + 1;
    m_model->insertRule(row,
        QJsonObject {{QStringLiteral("name"), m_model->uniqueName(tr("new rule"))},
            {QStringLiteral("on"), QStringLiteral("message")},
            {QStringLiteral("match"),
                QJsonObject {{QStringLiteral("type"), QStringLiteral("exact")},
                    {QStringLiteral("pattern"), QStringLiteral("ping")}}},
            {QStringLiteral("reply"), QStringLiteral("pong")}});
    select(row);
}

void RulesPanel::duplicateRule()
{
    const int row = currentRow();
    if (row < 0)
        return;
    QJsonObject copy = m_model->rule(row);
    copy.insert(QStringLiteral("name"), m_model->uniqueName(copy.value(u"name").toString(tr("rule"))));
    m_model->insertRule(row + 1, copy);
    select(row + 1);
}

void RulesPanel::deleteRule()
{
    const int row = currentRow();
    if (row < 0)
        return;
    m_model->removeRule(row);
    select(std::min(row, m_model->rowCount() - 1));
}

void RulesPanel::moveRule(int by)
{
    const int row = currentRow();
    const int target = row + by;
    if (row < 0 || target < 0 || target >= m_model->rowCount())
        return;
    m_model->moveRows({}, row, 1, {}, by > 0 ? target + 1 : target);
    select(target);
}

void RulesPanel::importRules()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Import rules"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation), tr("Rules (*.json);;All files (*)"));
    if (file.isEmpty())
        return;
    QString error;
    const std::optional<RuleSet> rules = RulesFile::read(file, &error);
    if (!rules) {
        QMessageBox::warning(this, tr("Import rules"), tr("The rules were not imported.\n\n%1").arg(error));
        return;
    }
    m_model->setTable(rules->toJson());
    Q_EMIT tableChanged(m_model->table());
}

void RulesPanel::exportRules()
{
    QString file = QFileDialog::getSaveFileName(this, tr("Export rules"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QStringLiteral("/rules.json"),
        tr("Rules (*.json)"));
    if (file.isEmpty())
        return;
    QString error;
    if (!RulesFile::write(file, RuleSet::fromJson(m_model->table()), &error))
        QMessageBox::warning(this, tr("Export rules"), tr("Could not write %1: %2").arg(file, error));
}

} // namespace Duplex

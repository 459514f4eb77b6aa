#include "mainwindow.h"

#include "clientpane.h"
#include "clienttab.h"
#include "connectionsmodel.h"
#include "dialogs.h"
#include "eventformatter.h"
#include "faultsdialog.h"
#include "frameinspector.h"
#include "logexport.h"
#include "logmodel.h"
#include "replaydialog.h"
#include "ruleset.h"
#include "rulesmodel.h"
#include "rulespanel.h"
#include "scriptpanel.h"
#include "server.h"
#include "serverbar.h"
#include "settingsdialog.h"
#include "sharedialog.h"
#include "trafficgraph.h"
#include "translations.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QSslCertificate>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTextBrowser>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace Duplex {

namespace {

// The next port after `port` that can be bound on `host`, or 0.
quint16 nextFreePort(const QHostAddress &host, quint16 port)
{
    for (int candidate = port + 1; candidate <= std::min(65535, port + 100); ++candidate) {
        QTcpServer probe;
        if (probe.listen(host, quint16(candidate)))
            return quint16(candidate);
    }
    return 0;
}

QTableView *makeTable(QWidget *parent, const QString &name)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->setTextElideMode(Qt::ElideRight);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

} // namespace

MainWindow::MainWindow(const Overrides &overrides, QWidget *parent)
    : QMainWindow(parent),
      m_server(new Server(this)),
      m_connections(new ConnectionsModel(this)),
      m_log(new LogModel(this)),
      m_logFilter(new LogFilterModel(this)),
      m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/duplex.svg")));
    m_logFilter->setSourceModel(m_log);
    buildUi();
    buildMenus();
    loadSettings();
    // Simulate clients presents this key, so that this server summarises the simulated traffic (issue 15).
    QByteArray simulationKey(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(simulationKey.data()), 4);
    m_simulationKey = simulationKey.toHex();
    m_clientPane->setSimulationHeader("X-Duplex-Simulation", m_simulationKey);
    if (overrides.host || overrides.port || overrides.mode) {
        m_persistServer = false; // a command-line override holds for this run only
        if (overrides.host)
            m_config.host = *overrides.host;
        if (overrides.port)
            m_config.port = *overrides.port;
        if (overrides.mode)
            m_config.mode = *overrides.mode;
        m_serverBar->setConfig(m_config);
    }

    connect(m_server, &Server::started, this, [this](const QUrl &url) {
        m_serverBar->showRunning(url, LanAddresses::reachableFromOtherDevices(m_config.host));
        m_shareAction->setEnabled(true);
        updateShareDialog(quint16(url.port()));
        QUrl ws = m_server->webSocketUrl();
        ws.setQuery(QStringLiteral("name=operator"));
        m_clientPane->setDefaultUrl(ws.toString());
        m_log->setCurrentRun(m_server->runId()); // rows of earlier runs are marked as such
        // The built-in client trusts this server's own certificate (self-signed or not) without ignoring errors.
        m_clientPane->setServerCertificates(m_config.certificateFile.isEmpty()
                ? QList<QSslCertificate>()
                : QSslCertificate::fromPath(m_config.certificateFile, QSsl::Pem));
        m_startAction->setEnabled(false);
        m_stopAction->setEnabled(true);
        statusBar()->showMessage(tr("Listening on %1").arg(url.toString()), 5000);
    });
    connect(m_server, &Server::startFailed, this, &MainWindow::onStartFailed);
    connect(m_server, &Server::faultsChanged, this, &MainWindow::onFaultsChanged);
    connect(m_serverBar, &ServerBar::faultsRequested, this, [this] { showFaults(0); });
    connect(m_serverBar, &ServerBar::shareRequested, this, &MainWindow::showShareDialog);
    connect(m_serverBar, &ServerBar::clearFaultsRequested, this, [this] { m_server->applyFaults(FaultSet()); });
    connect(m_server, &Server::stopped, this, [this] {
        m_serverBar->showStopped();
        m_shareAction->setEnabled(false);
        updateShareDialog(0);
        m_startAction->setEnabled(true);
        m_stopAction->setEnabled(false);
        m_statusCluster->hide();
        if (m_quitting)
            close();
        else if (std::exchange(m_restartPending, false))
            startServer();
    });
    connect(m_server, &Server::eventsReady, this, &MainWindow::onEvents);
    connect(m_server, &Server::recentLogLoaded, this, &MainWindow::showStoredLog);
    connect(m_server, &Server::historyCleared, this,
        [this] { statusBar()->showMessage(tr("The stored history was cleared."), 8000); });
    connect(m_server, &Server::historyExported, this, [this](const QString &file, qint64 rows, const QString &error) {
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Export failed"), error);
        else
            statusBar()->showMessage(tr("Exported %n stored row(s) to %1", nullptr, int(rows)).arg(file), 8000);
    });
    connect(m_server, &Server::connectionsChanged, this, &MainWindow::onConnections);
    connect(m_rulesPanel, &RulesPanel::tableChanged, this, [this](const QJsonObject &table) {
        m_rulesSent = table;
        m_server->setRules(table);
        applyRules(table);
    });
    connect(m_scriptPanel, &ScriptPanel::applyRequested, this,
        [this](const QString &source, const QString &name, int timeoutMs) {
            m_server->setScript(source, name, timeoutMs);
            QSettings settings;
            settings.setValue(QStringLiteral("script/source"), source);
            settings.setValue(QStringLiteral("script/file"), m_scriptPanel->fileName());
            settings.setValue(QStringLiteral("script/timeoutMs"), timeoutMs);
        });
    connect(m_server, &Server::scriptLoaded, m_scriptPanel, &ScriptPanel::showResult);
    connect(m_server, &Server::rulesChanged, this, [this](const QJsonObject &table) {
        if (table != m_rulesSent) // changed by /api/rules
            applyRules(table);
    });
    connect(m_serverBar, &ServerBar::startRequested, this, &MainWindow::startServer);
    connect(m_serverBar, &ServerBar::stopRequested, this, &MainWindow::stopServer);
    connect(m_serverBar, &ServerBar::modeChanged, this, [this](Mode mode) {
        m_config.mode = mode;
        m_server->setMode(mode);
    });
    connect(m_serverBar, &ServerBar::replyTemplateChanged, this, [this](const QString &text) {
        m_config.replyTemplate = text == defaultReplyTemplate() ? QString() : text;
        m_server->setReplyTemplate(m_config.replyTemplate);
    });
    connect(m_serverBar, &ServerBar::openUrlRequested, this, [](const QUrl &url) { QDesktopServices::openUrl(url); });

    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &MainWindow::tick);
    m_tick->start();
    retranslateUi();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi()
{
    m_serverBar = new ServerBar(this);
    m_serverBar->setObjectName(QStringLiteral("serverBar"));

    // Connections
    auto *connectionsPanel = new QWidget(this);
    m_connectionsTitle = new QLabel(connectionsPanel);
    m_connectionsTitle->setStyleSheet(QStringLiteral("font-weight: bold"));
    m_sendButton = new QPushButton(connectionsPanel);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_disconnectButton = new QPushButton(connectionsPanel);
    m_disconnectButton->setObjectName(QStringLiteral("disconnectButton"));
    m_broadcastButton = new QPushButton(connectionsPanel);
    m_broadcastButton->setObjectName(QStringLiteral("broadcastButton"));
    m_followSelection = new QCheckBox(connectionsPanel);
    m_followSelection->setObjectName(QStringLiteral("followSelection"));
    m_followSelection->setChecked(true);
    m_connectionsView = makeTable(connectionsPanel, QStringLiteral("connectionsView"));
    // The selected connection left: nothing is selected then (the view would move the selection to a neighbour, and
    // the log would follow a connection the operator never picked). Connected before the view's own handler, which
    // moves the current row first.
    connect(m_connections, &QAbstractItemModel::rowsAboutToBeRemoved, this,
        [this](const QModelIndex &, int first, int last) {
            const int current = m_connectionsView->selectionModel()->currentIndex().row();
            m_selectedLeft = current >= first && current <= last;
        });
    m_connectionsView->setModel(m_connections);
    m_connectionsView->setContextMenuPolicy(Qt::CustomContextMenu);
    auto *header = m_connectionsView->horizontalHeader();
    header->resizeSection(ConnectionsModel::Id, 48);
    header->resizeSection(ConnectionsModel::Address, 110);
    header->resizeSection(ConnectionsModel::Port, 64);
    header->resizeSection(ConnectionsModel::Path, 150);
    header->resizeSection(ConnectionsModel::UserAgent, 160);
    header->resizeSection(ConnectionsModel::ConnectedSince, 150);
    // The Server column comes right after the id, and only in a cluster (onConnections()).
    header->moveSection(header->visualIndex(ConnectionsModel::Node), 1);
    m_connectionsView->setColumnHidden(ConnectionsModel::Node, true);
    header->resizeSection(ConnectionsModel::Node, 130);
    header->resizeSection(ConnectionsModel::Idle, 70);
    header->resizeSection(ConnectionsModel::RoundTrip, 70);
    auto *connectionsTop = new QHBoxLayout;
    connectionsTop->addWidget(m_connectionsTitle);
    connectionsTop->addStretch();
    connectionsTop->addWidget(m_followSelection);
    connectionsTop->addWidget(m_sendButton);
    connectionsTop->addWidget(m_disconnectButton);
    connectionsTop->addWidget(m_broadcastButton);
    auto *connectionsLayout = new QVBoxLayout(connectionsPanel);
    connectionsLayout->setContentsMargins(6, 4, 6, 0);
    connectionsLayout->addLayout(connectionsTop);
    connectionsLayout->addWidget(m_connectionsView);

    // Message log
    auto *logPanel = new QWidget(this);
    m_logTitle = new QLabel(logPanel);
    m_logTitle->setStyleSheet(QStringLiteral("font-weight: bold"));
    m_search = new QLineEdit(logPanel);
    m_search->setObjectName(QStringLiteral("logSearch"));
    m_search->setClearButtonEnabled(true);
    m_direction = new QComboBox(logPanel);
    m_direction->setObjectName(QStringLiteral("logDirection"));
    for (int i = 0; i < 4; ++i)
        m_direction->addItem(QString(), i - 1);
    m_kind = new QComboBox(logPanel);
    m_kind->setObjectName(QStringLiteral("logKind"));
    for (const char *kind : {"", "text", "binary", "ping", "pong", "open", "close", "error", "info", "console"})
        m_kind->addItem(QString(), QString::fromLatin1(kind));
    m_pause = new QPushButton(logPanel);
    m_pause->setObjectName(QStringLiteral("logPause"));
    m_pause->setCheckable(true);
    m_clear = new QPushButton(logPanel);
    m_clear->setObjectName(QStringLiteral("logClear"));
    m_export = new QPushButton(logPanel);
    m_export->setObjectName(QStringLiteral("logExport"));
    m_logView = makeTable(logPanel, QStringLiteral("logView"));
    // When the log drops its oldest rows (its capacity) and the selected frame goes with them, the view would select
    // a neighbour and the detail pane would show another frame: nothing is selected then, the pane keeps the frame
    // it shows. Connected before the view's own handler, which moves the current row first.
    connect(
        m_logFilter, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this](const QModelIndex &, int first, int last) {
            const int current = m_logView->selectionModel()->currentIndex().row();
            m_selectedFrameEvicted = current >= first && current <= last;
        });
    connect(m_logFilter, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (!std::exchange(m_selectedFrameEvicted, false))
            return;
        const QSignalBlocker quiet(m_logView->selectionModel()); // showDetail() keeps what it shows
        m_logView->selectionModel()->clear();
        m_logView->viewport()->update();
    });
    m_logView->setModel(m_logFilter);
    m_logView->horizontalHeader()->resizeSection(LogModel::Time, 100);
    m_logView->horizontalHeader()->resizeSection(LogModel::Direction, 70);
    m_logView->horizontalHeader()->resizeSection(LogModel::Connection, 56);
    m_logView->horizontalHeader()->resizeSection(LogModel::Kind, 80);
    m_logView->horizontalHeader()->resizeSection(LogModel::Fin, 40);
    m_logView->horizontalHeader()->resizeSection(LogModel::Size, 64);
    m_logView->horizontalHeader()->resizeSection(LogModel::Rule, 80);
    m_logView->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_logView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_logView, &QTableView::customContextMenuRequested, this, &MainWindow::showLogMenu);

    m_detail = new FrameInspector(QStringLiteral("detail"), logPanel);
    m_detail->setObjectName(QStringLiteral("detailTabs"));

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_logTitle);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_direction);
    filters->addWidget(m_kind);
    filters->addWidget(m_pause);
    filters->addWidget(m_clear);
    filters->addWidget(m_export);
    auto *logSplit = new QSplitter(Qt::Horizontal, logPanel);
    logSplit->addWidget(m_logView);
    logSplit->addWidget(m_detail);
    logSplit->setStretchFactor(0, 3);
    logSplit->setStretchFactor(1, 1);
    auto *logLayout = new QVBoxLayout(logPanel);
    logLayout->setContentsMargins(6, 4, 6, 0);
    logLayout->addLayout(filters);
    logLayout->addWidget(logSplit);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("mainSplitter"));
    split->addWidget(connectionsPanel);
    split->addWidget(logPanel);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    m_rulesPanel = new RulesPanel(this);
    m_rulesPanel->setObjectName(QStringLiteral("rulesPanel"));
    m_centralTabs = new QTabWidget(this);
    m_centralTabs->setObjectName(QStringLiteral("centralTabs"));
    m_centralTabs->setDocumentMode(true);
    m_centralTabs->addTab(split, QString());
    m_centralTabs->addTab(m_rulesPanel, QString());
    m_scriptPanel = new ScriptPanel(this);
    m_scriptPanel->setObjectName(QStringLiteral("scriptPanel"));
    m_centralTabs->addTab(m_scriptPanel, QString());
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->addWidget(m_serverBar);
    centralLayout->addWidget(m_centralTabs, 1);
    setCentralWidget(central);

    // Docks
    m_clientPane = new ClientPane(this);
    m_clientDock = new QDockWidget(this);
    m_clientDock->setObjectName(QStringLiteral("clientDock"));
    m_clientDock->setWidget(m_clientPane);
    addDockWidget(Qt::RightDockWidgetArea, m_clientDock);
    m_graph = new TrafficGraph(this);
    m_graph->setObjectName(QStringLiteral("trafficGraph"));
    m_graphDock = new QDockWidget(this);
    m_graphDock->setObjectName(QStringLiteral("graphDock"));
    m_graphDock->setWidget(m_graph);
    addDockWidget(Qt::RightDockWidgetArea, m_graphDock);
    resizeDocks({m_clientDock}, {400}, Qt::Horizontal);

    m_statusConnections = new QLabel(this);
    m_statusRates = new QLabel(this);
    m_statusLog = new QLabel(this);
    m_statusConnections->setObjectName(QStringLiteral("statusConnections"));
    m_statusCluster = new QLabel(this);
    m_statusCluster->setObjectName(QStringLiteral("statusCluster"));
    m_statusCluster->hide();
    statusBar()->addPermanentWidget(m_statusCluster);
    statusBar()->addPermanentWidget(m_statusRates);
    statusBar()->addPermanentWidget(m_statusLog);
    statusBar()->addPermanentWidget(m_statusConnections);

    connect(m_connectionsView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateSelectionActions();
        updateLogFilter();
    });
    connect(m_connections, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (std::exchange(m_selectedLeft, false))
            m_connectionsView->selectionModel()->clear();
        updateSelectionActions();
    });
    connect(m_connectionsView, &QTableView::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        menu.addAction(m_sendAction);
        menu.addAction(m_disconnectAction);
        menu.addAction(m_connectionFaultsAction);
        menu.addSeparator();
        menu.addAction(m_broadcastAction);
        menu.exec(m_connectionsView->viewport()->mapToGlobal(pos));
    });
    connect(m_connectionsView, &QTableView::doubleClicked, this, &MainWindow::sendToSelected);
    connect(m_followSelection, &QCheckBox::toggled, this, &MainWindow::updateLogFilter);
    connect(m_sendButton, &QPushButton::clicked, this, &MainWindow::sendToSelected);
    connect(m_disconnectButton, &QPushButton::clicked, this, &MainWindow::disconnectSelected);
    connect(m_broadcastButton, &QPushButton::clicked, this, &MainWindow::broadcastToAll);
    // A changed filter or search keeps the log following new rows (unless scrolling is paused).
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_logFilter->setSearchText(text);
        followLog();
    });
    connect(m_direction, &QComboBox::currentIndexChanged, this, [this] {
        m_logFilter->setDirection(m_direction->currentData().toInt());
        followLog();
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        m_logFilter->setKind(m_kind->currentData().toString());
        followLog();
    });
    connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
        m_pause->setText(paused ? tr("Resume scrolling") : tr("Pause scrolling"));
        if (!paused)
            m_logView->scrollToBottom();
    });
    connect(m_clear, &QPushButton::clicked, this, [this] {
        m_log->clear();
        m_detail->clear();
    });
    connect(m_export, &QPushButton::clicked, this, &MainWindow::exportLog);
    connect(m_logView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::showDetail);
}

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_exportAction = m_fileMenu->addAction(QString(), this, &MainWindow::exportLog);
    m_exportAction->setShortcut(QKeySequence::Save);
    m_exportHistoryAction = m_fileMenu->addAction(QString(), this, &MainWindow::exportStoredHistory);
    m_clearHistoryAction = m_fileMenu->addAction(QString(), this, &MainWindow::clearStoredHistory);
    m_fileMenu->addSeparator();
    m_importRulesAction = m_fileMenu->addAction(QString(), m_rulesPanel, &RulesPanel::importRules);
    m_exportRulesAction = m_fileMenu->addAction(QString(), m_rulesPanel, &RulesPanel::exportRules);
    m_fileMenu->addSeparator();
    m_replayAction = m_fileMenu->addAction(QString(), this, [this] {
        // Against the built-in client's URL (this server, by default); the dialog lets the user change it.
        auto *dialog = new ReplayDialog(m_clientPane->currentTab()->url(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);

    m_serverMenu = menuBar()->addMenu(QString());
    m_startAction = m_serverMenu->addAction(QString(), this, &MainWindow::startServer);
    m_stopAction = m_serverMenu->addAction(QString(), this, &MainWindow::stopServer);
    m_stopAction->setEnabled(false);
    m_shareAction = m_serverMenu->addAction(QString(), this, &MainWindow::showShareDialog);
    m_shareAction->setEnabled(false);
    m_serverMenu->addSeparator();
    m_sendAction = m_serverMenu->addAction(QString(), this, &MainWindow::sendToSelected);
    m_disconnectAction = m_serverMenu->addAction(QString(), this, &MainWindow::disconnectSelected);
    m_broadcastAction = m_serverMenu->addAction(QString(), this, &MainWindow::broadcastToAll);
    m_serverMenu->addSeparator();
    m_faultsAction = m_serverMenu->addAction(QString(), this, [this] { showFaults(0); });
    m_connectionFaultsAction = m_serverMenu->addAction(QString(), this, [this] {
        const Selected selected = selectedConnection();
        if (selected.id != 0 && selected.node.isEmpty())
            showFaults(selected.id);
    });
    m_serverMenu->addSeparator();
    m_settingsAction = m_serverMenu->addAction(QString(), this, &MainWindow::showSettings);
    m_settingsAction->setShortcut(QKeySequence::Preferences);

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->addAction(m_clientDock->toggleViewAction());
    m_viewMenu->addAction(m_graphDock->toggleViewAction());

    m_languageMenu = menuBar()->addMenu(QString());
    m_languageGroup = new QActionGroup(this);
    m_englishAction = m_languageMenu->addAction(QStringLiteral("English"));
    m_chineseAction = m_languageMenu->addAction(QStringLiteral("简体中文"));
    m_languageMenu->addSeparator();
    m_systemLanguageAction = m_languageMenu->addAction(QString());
    for (QAction *a : {m_englishAction, m_chineseAction, m_systemLanguageAction}) {
        a->setCheckable(true);
        m_languageGroup->addAction(a);
    }
    connect(m_englishAction, &QAction::triggered, this, [this] { setLanguage(QStringLiteral("en")); });
    connect(m_chineseAction, &QAction::triggered, this, [this] { setLanguage(QStringLiteral("zh_CN")); });
    connect(m_systemLanguageAction, &QAction::triggered, this, [this] { setLanguage(QString()); });

    m_helpMenu = menuBar()->addMenu(QString());
    m_protocolAction = m_helpMenu->addAction(QString(), this, &MainWindow::showProtocol);
    m_protocolAction->setShortcut(QKeySequence::HelpContents);
    m_aboutAction = m_helpMenu->addAction(QString(), this, &MainWindow::showAbout);
    updateSelectionActions();
}

void MainWindow::retranslateUi()
{
    // The desktop adds the application name: "WebSocket chat server — Duplex".
    setWindowTitle(tr("WebSocket chat server"));
    m_connectionsTitle->setText(tr("Connections"));
    m_sendButton->setText(tr("Send…"));
    m_disconnectButton->setText(tr("Disconnect…"));
    m_broadcastButton->setText(tr("Broadcast…"));
    m_followSelection->setText(tr("Show only the selected connection in the log"));
    m_logTitle->setText(tr("Message log"));
    m_search->setPlaceholderText(tr("Search messages"));
    const QStringList directions {tr("All directions"), tr("In"), tr("Out"), tr("System")};
    for (int i = 0; i < directions.size(); ++i)
        m_direction->setItemText(i, directions.at(i));
    const QStringList kinds {tr("All kinds"), tr("Text"), tr("Binary"), tr("Ping"), tr("Pong"), tr("Open"), tr("Close"),
        tr("Error"), tr("Info"), tr("Script console")};
    for (int i = 0; i < kinds.size(); ++i)
        m_kind->setItemText(i, kinds.at(i));
    m_pause->setText(m_pause->isChecked() ? tr("Resume scrolling") : tr("Pause scrolling"));
    m_clear->setText(tr("Clear"));
    m_export->setText(tr("Export…"));
    m_clientDock->setWindowTitle(tr("Built-in client"));
    m_graphDock->setWindowTitle(tr("Traffic"));

    m_fileMenu->setTitle(tr("&File"));
    m_exportAction->setText(tr("&Export log…"));
    m_exportHistoryAction->setText(tr("Export stored &history…"));
    m_clearHistoryAction->setText(tr("&Clear stored history…"));
    m_importRulesAction->setText(tr("&Import rules…"));
    m_exportRulesAction->setText(tr("Export &rules…"));
    m_replayAction->setText(tr("Re&play a HAR session…"));
    m_quitAction->setText(tr("&Quit"));
    m_serverMenu->setTitle(tr("&Server"));
    m_startAction->setText(tr("&Start"));
    m_stopAction->setText(tr("S&top"));
    m_shareAction->setText(tr("Open on &another device…"));
    m_sendAction->setText(tr("Send to selected connection…"));
    m_disconnectAction->setText(tr("Disconnect selected connection…"));
    m_broadcastAction->setText(tr("Broadcast to all…"));
    m_faultsAction->setText(tr("&Faults…"));
    m_connectionFaultsAction->setText(tr("Faults for selected connection…"));
    m_settingsAction->setText(tr("Se&ttings…"));
    m_viewMenu->setTitle(tr("&View"));
    m_languageMenu->setTitle(tr("&Language"));
    m_systemLanguageAction->setText(tr("System language"));
    m_helpMenu->setTitle(tr("&Help"));
    m_protocolAction->setText(tr("Wire &protocol"));
    m_aboutAction->setText(tr("&About Duplex"));
    m_centralTabs->setTabText(0, tr("Connections and log"));
    m_centralTabs->setTabText(1, tr("Rules (%1)").arg(m_rulesPanel->model()->rowCount()));
    m_centralTabs->setTabText(2, tr("Script"));
    m_scriptPanel->retranslate();
    m_connections->retranslate();
    m_log->retranslate();
    m_rulesPanel->retranslate();
    tick();
}

// The rules table as the user edited it, or as the server has it (/api/rules): on the server, in the settings, in
// the tab's title; the log's Rule column only while there are rules.
void MainWindow::applyRules(const QJsonObject &table)
{
    m_rulesPanel->setTable(table);
    const int rules = m_rulesPanel->model()->rowCount();
    m_centralTabs->setTabText(1, tr("Rules (%1)").arg(rules));
    updateRuleColumn();
    QSettings().setValue(QStringLiteral("rules/table"),
        QString::fromUtf8(QJsonDocument(m_rulesPanel->table()).toJson(QJsonDocument::Compact)));
}

void MainWindow::updateRuleColumn()
{
    // The Rule column says which rule sent a frame, or what a fault did to it.
    const bool faults = m_faultTable.value(u"active").toBool();
    m_logView->setColumnHidden(LogModel::Rule, m_rulesPanel->model()->rowCount() == 0 && !faults);
}

void MainWindow::showShareDialog()
{
    if (!m_shareDialog) {
        m_shareDialog = new ShareDialog(this);
        m_shareDialog->setAttribute(Qt::WA_DeleteOnClose);
        updateShareDialog(m_server->isRunning() ? quint16(m_server->url().port()) : 0);
    }
    m_shareDialog->show();
    m_shareDialog->raise();
    m_shareDialog->activateWindow();
}

void MainWindow::updateShareDialog(quint16 port)
{
    if (m_shareDialog)
        m_shareDialog->setServer(m_config.host, port, !m_config.certificateFile.isEmpty(), m_config.token);
}

void MainWindow::showFaults(quint64 connection)
{
    QString error;
    const QJsonObject current = connection == 0
        ? m_faultTable.value(u"server").toObject()
        : m_faultTable.value(u"connections").toObject().value(QString::number(connection)).toObject();
    // The whole server's dialog starts from what is on, else from the values used last time.
    const QJsonObject start = connection == 0 && current.isEmpty()
        ? QJsonDocument::fromJson(QSettings().value(QStringLiteral("faults/last")).toString().toUtf8()).object()
        : current;
    auto *dialog = new FaultsDialog(FaultSet::fromJson(start, &error).value_or(FaultSet()), connection, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &FaultsDialog::applyRequested, this, [this](const FaultSet &set) {
        m_server->applyFaults(set);
        if (set.connections.isEmpty() && !set.isEmpty())
            QSettings().setValue(QStringLiteral("faults/last"),
                QString::fromUtf8(QJsonDocument(set.toJson()).toJson(QJsonDocument::Compact)));
    });
    dialog->show();
}

void MainWindow::onFaultsChanged(const QJsonObject &table)
{
    m_faultTable = table;
    QString error;
    QString summary = FaultSet::fromJson(table.value(u"server").toObject(), &error).value_or(FaultSet()).summary();
    const int connections = int(table.value(u"connections").toObject().size());
    if (connections > 0)
        summary += (summary.isEmpty() ? QString() : QStringLiteral("; "))
            + tr("%n connection(s) with faults of their own", nullptr, connections);
    m_serverBar->showFaults(summary);
    updateRuleColumn();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        if (m_config.replyTemplate.isEmpty())
            m_server->setReplyTemplate(QString()); // the default reply in the new language
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::loadSettings()
{
    QSettings settings;
    m_config.host = QHostAddress(settings.value(QStringLiteral("server/host"), QStringLiteral("127.0.0.1")).toString());
    if (m_config.host.isNull())
        m_config.host = QHostAddress::LocalHost;
    m_config.port = quint16(settings.value(QStringLiteral("server/port"), 8090).toUInt());
    m_config.mode = modeFromName(settings.value(QStringLiteral("server/mode")).toString()).value_or(Mode::Echo);
    m_config.replyTemplate = settings.value(QStringLiteral("server/reply")).toString();
    m_config.maxMessageSize
        = settings.value(QStringLiteral("server/maxMessageSize"), m_config.maxMessageSize).toLongLong();
    m_config.maxFrameSize = settings.value(QStringLiteral("server/maxFrameSize"), m_config.maxMessageSize).toLongLong();
    m_config.maxConnections = settings.value(QStringLiteral("limits/maxConnections"), m_config.maxConnections).toInt();
    m_config.maxMessagesPerSecond
        = settings.value(QStringLiteral("limits/messagesPerSecond"), m_config.maxMessagesPerSecond).toDouble();
    m_config.handshakeTimeoutMs
        = settings.value(QStringLiteral("limits/handshakeTimeoutMs"), m_config.handshakeTimeoutMs).toInt();
    m_config.heartbeatIntervalS
        = settings.value(QStringLiteral("limits/heartbeatInterval"), m_config.heartbeatIntervalS).toInt();
    m_config.heartbeatTimeoutS
        = settings.value(QStringLiteral("limits/heartbeatTimeout"), m_config.heartbeatTimeoutS).toInt();
    m_config.maxPendingOutput
        = settings.value(QStringLiteral("limits/maxPendingOutput"), m_config.maxPendingOutput).toLongLong();
    // one network thread per core unless chosen otherwise (HubGroup uses the others only past 128 connections)
    m_config.threads = std::clamp(settings.value(QStringLiteral("limits/threads"), 0).toInt(), 0, 64); // 0: auto
    m_config.allowedOrigins = settings.value(QStringLiteral("access/allowedOrigins")).toStringList();
    m_config.compression = settings.value(QStringLiteral("server/compression"), true).toBool();
    m_config.engine
        = engineFromName(settings.value(QStringLiteral("server/engine")).toString()).value_or(Engine::Native);
    m_config.token = settings.value(QStringLiteral("access/token")).toString();
    m_config.certificateFile = settings.value(QStringLiteral("tls/certificate")).toString();
    m_config.keyFile = settings.value(QStringLiteral("tls/key")).toString();
    m_config.redisUrl = settings.value(QStringLiteral("cluster/redis")).toString();
    m_config.nodeName = settings.value(QStringLiteral("cluster/nodeName")).toString();
    m_serverBar->setConfig(m_config);
    m_log->setCapacity(settings.value(QStringLiteral("log/capacity"), 100'000).toInt());
    m_config.historyEnabled = true; // the window shows the stored log at start (README "Where things are kept")
    m_config.historyRetentionDays
        = settings.value(QStringLiteral("history/retentionDays"), m_config.historyRetentionDays).toInt();
    m_config.historyMaxRows = settings.value(QStringLiteral("history/maxRows"), m_config.historyMaxRows).toLongLong();
    m_clientPane->setSavedMessages(settings.value(QStringLiteral("client/saved")).toStringList());
    const QJsonObject rules
        = QJsonDocument::fromJson(settings.value(QStringLiteral("rules/table")).toString().toUtf8()).object();
    m_server->setRules(rules); // before the server starts
    m_rulesSent = RuleSet::fromJson(rules).toJson();
    applyRules(rules);
    // The script that ran when the app closed runs again (the server takes it before it starts).
    m_scriptPanel->setTimeoutMs(settings.value(QStringLiteral("script/timeoutMs"), 200).toInt());
    const QString script = settings.value(QStringLiteral("script/source")).toString();
    m_scriptPanel->setSource(script, settings.value(QStringLiteral("script/file")).toString());
    if (!script.trimmed().isEmpty())
        QTimer::singleShot(0, m_scriptPanel, &ScriptPanel::apply);
    const QString clientUrl = settings.value(QStringLiteral("client/url")).toString();
    if (!clientUrl.isEmpty())
        m_clientPane->currentTab()->restoreUrl(
            clientUrl, settings.value(QStringLiteral("client/serverUrl")).toString());
    m_clientPane->setProfiles(
        QJsonDocument::fromJson(settings.value(QStringLiteral("client/profiles")).toString().toUtf8()).array());
    m_language = settings.value(QStringLiteral("ui/language")).toString();
    (m_language == u"en"             ? m_englishAction
            : m_language == u"zh_CN" ? m_chineseAction
                                     : m_systemLanguageAction)
        ->setChecked(true);
    restoreGeometry(settings.value(QStringLiteral("ui/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("ui/state")).toByteArray());
    connect(m_clientPane, &ClientPane::savedMessagesChanged, this,
        [](const QStringList &messages) { QSettings().setValue(QStringLiteral("client/saved"), messages); });
    connect(m_clientPane, &ClientPane::profilesChanged, this, [](const QJsonArray &profiles) {
        QSettings().setValue(QStringLiteral("client/profiles"),
            QString::fromUtf8(QJsonDocument(profiles).toJson(QJsonDocument::Compact)));
    });
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    if (m_persistServer) {
        settings.setValue(QStringLiteral("server/host"), m_config.host.toString());
        settings.setValue(QStringLiteral("server/port"), m_config.port);
        settings.setValue(QStringLiteral("server/mode"), modeName(m_config.mode));
        settings.setValue(QStringLiteral("server/reply"), m_config.replyTemplate);
    }
    settings.setValue(QStringLiteral("server/maxMessageSize"), m_config.maxMessageSize);
    settings.setValue(QStringLiteral("server/maxFrameSize"), m_config.maxFrameSize);
    settings.setValue(QStringLiteral("limits/maxConnections"), m_config.maxConnections);
    settings.setValue(QStringLiteral("limits/messagesPerSecond"), m_config.maxMessagesPerSecond);
    settings.setValue(QStringLiteral("limits/handshakeTimeoutMs"), m_config.handshakeTimeoutMs);
    settings.setValue(QStringLiteral("limits/heartbeatInterval"), m_config.heartbeatIntervalS);
    settings.setValue(QStringLiteral("limits/heartbeatTimeout"), m_config.heartbeatTimeoutS);
    settings.setValue(QStringLiteral("limits/maxPendingOutput"), m_config.maxPendingOutput);
    settings.setValue(QStringLiteral("limits/threads"), m_config.threads);
    settings.setValue(QStringLiteral("access/allowedOrigins"), m_config.allowedOrigins);
    settings.setValue(QStringLiteral("server/compression"), m_config.compression);
    settings.setValue(QStringLiteral("server/engine"), engineName(m_config.engine));
    settings.setValue(QStringLiteral("access/token"), m_config.token);
    settings.setValue(QStringLiteral("tls/certificate"), m_config.certificateFile);
    settings.setValue(QStringLiteral("tls/key"), m_config.keyFile);
    settings.setValue(QStringLiteral("cluster/redis"), m_config.redisUrl);
    settings.setValue(QStringLiteral("cluster/nodeName"), m_config.nodeName);
    settings.setValue(QStringLiteral("log/capacity"), m_log->capacity());
    settings.setValue(QStringLiteral("history/retentionDays"), m_config.historyRetentionDays);
    settings.setValue(QStringLiteral("history/maxRows"), m_config.historyMaxRows);
    const QString url = m_clientPane->currentTab() ? m_clientPane->currentTab()->url() : QString();
    const QString defaultUrl = m_server->isRunning() ? m_server->webSocketUrl().toString() : QString();
    if (!url.isEmpty() && !url.startsWith(defaultUrl)) {
        settings.setValue(QStringLiteral("client/url"), url);
        settings.setValue(QStringLiteral("client/serverUrl"), defaultUrl); // follows the server when it moves
    }
    settings.setValue(QStringLiteral("ui/language"), m_language);
    settings.setValue(QStringLiteral("ui/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("ui/state"), saveState());
}

void MainWindow::setLanguage(const QString &language)
{
    m_language = language;
    installTranslations(language.isEmpty() ? QLocale::system() : QLocale(language));
    (language == u"en"             ? m_englishAction
            : language == u"zh_CN" ? m_chineseAction
                                   : m_systemLanguageAction)
        ->setChecked(true);
    QSettings().setValue(QStringLiteral("ui/language"), language);
    // installTranslator() sends LanguageChange to every widget; each retranslates itself.
}

void MainWindow::startServer()
{
    if (m_server->isRunning())
        return;
    ServerConfig config = m_config;
    if (!m_serverBar->readConfig(config))
        return;
    config.simulationKey = m_simulationKey;
    const bool everyNetwork = config.host == QHostAddress::Any || config.host == QHostAddress::AnyIPv4
        || config.host == QHostAddress::AnyIPv6;
    if (everyNetwork && !m_confirmedAllInterfaces) {
        const auto answer = QMessageBox::warning(this, tr("Listen on every network?"),
            tr("With %1 anyone who can reach this computer can open the chat page and connect. Continue?")
                .arg(config.host.toString()),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
        m_confirmedAllInterfaces = true;
    }
    m_config = config;
    m_serverBar->showStarting();
    m_graph->clear();
    m_havePreviousTick = false;
    m_server->start(config);
    if (!std::exchange(m_storedLogRequested, true))
        m_server->loadRecentLog(m_log->capacity()); // the store opens with the first start
}

void MainWindow::stopServer()
{
    if (m_server->isRunning())
        m_server->stop(1001, tr("The operator stopped the server"));
}

void MainWindow::onStartFailed(const QString &error)
{
    const quint16 next = m_config.port == 0 ? 0 : nextFreePort(m_config.host, m_config.port);
    QString message = error;
    if (next != 0) {
        // Qt's reasons end without a full stop ("The bound address is already in use"): one sentence each.
        while (message.endsWith(u'.') || message.endsWith(u'。'))
            message.chop(1);
        message = tr("%1. Port %2 is free.").arg(message).arg(next);
    }
    m_serverBar->showError(message, next);
    statusBar()->showMessage(error, 10'000);
}

void MainWindow::onEvents(const QList<ServerEvent> &events)
{
    QScrollBar *bar = m_logView->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;
    m_log->append(events);
    if (!m_pause->isChecked() && atBottom)
        m_logView->scrollToBottom();
}

void MainWindow::onConnections(const QList<ConnectionInfo> &connections, const ServerStats &stats)
{
    m_connections->setLocalNode(stats.node);
    m_connectionsView->setColumnHidden(ConnectionsModel::Node, stats.redisState.isEmpty());
    m_connections->setConnections(connections);
    m_lastStats = stats;
    m_statusConnections->setText(tr("%n connection(s)", nullptr, int(stats.connectionsNow)));
    updateClusterStatus();
}

void MainWindow::updateClusterStatus()
{
    const ServerStats &stats = m_lastStats;
    if (stats.redisState.isEmpty() || !m_server->isRunning()) {
        m_statusCluster->hide();
        return;
    }
    QString state;
    QString color;
    if (stats.redisState == u"connected") {
        state = tr("Redis connected");
        color = QStringLiteral("#2e7d32");
    } else if (stats.redisState == u"connecting") {
        state = tr("Redis connecting…");
        color = QStringLiteral("#ef6c00");
    } else {
        state = tr("Redis unreachable: serving local clients only");
        color = QStringLiteral("#c62828");
    }
    m_statusCluster->setStyleSheet(u"color: " + color);
    m_statusCluster->setText(tr("%1 · cluster: %2, %3")
                                 .arg(state, tr("%n server(s)", nullptr, stats.clusterNodes),
                                     tr("%n client(s)", nullptr, stats.clusterClients)));
    m_statusCluster->setToolTip(tr("This server is \"%1\" in the cluster (%2)").arg(stats.node, m_config.redisUrl));
    m_statusCluster->show();
}

void MainWindow::tick()
{
    const ServerStats now = m_server->isRunning() ? m_server->stats() : ServerStats {};
    if (m_havePreviousTick && m_server->isRunning()) {
        m_rateIn = double(now.messagesIn - std::min(now.messagesIn, m_previousTickStats.messagesIn));
        m_rateOut = double(now.messagesOut - std::min(now.messagesOut, m_previousTickStats.messagesOut));
        m_graph->addSample({m_rateIn, m_rateOut, int(now.connectionsNow)});
    }
    m_previousTickStats = now;
    m_havePreviousTick = m_server->isRunning();
    m_connections->refreshDurations();
    const QLocale locale;
    m_statusRates->setText(
        tr("in %1 msg/s · out %2 msg/s").arg(locale.toString(m_rateIn, 'f', 0), locale.toString(m_rateOut, 'f', 0)));
    m_statusLog->setText(
        tr("log: %1 of %2 rows").arg(locale.toString(m_log->rowCount()), locale.toString(m_log->capacity())));
    m_statusConnections->setText(tr("%n connection(s)", nullptr, int(m_lastStats.connectionsNow)));
    updateClusterStatus();
}

void MainWindow::showDetail()
{
    if (m_selectedFrameEvicted)
        return; // the view moves the current row while the shown frame is dropped: keep showing it
    const QModelIndex current = m_logView->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const ServerEvent &e = m_log->event(m_logFilter->mapToSource(current).row());
    QString header = tr("%1 · connection %2 · %3 · %4 bytes")
                         .arg(QDateTime::fromMSecsSinceEpoch(e.timestampMs).toString(QStringLiteral("HH:mm:ss.zzz")))
                         .arg(e.connectionId)
                         .arg(m_log->kindLabel(e))
                         .arg(e.size);
    if ((e.type == ServerEvent::Type::FrameIn || e.type == ServerEvent::Type::FrameOut) && e.payload.size() < e.size) {
        // From the stored log (which keeps 1 KiB of a frame) or an old row of a log over its memory budget.
        header += tr(" · only its first %1 bytes are kept").arg(e.payload.size());
    }
    if (!e.rule.isEmpty())
        header += tr(" · rule \"%1\"").arg(e.rule);
    if (!e.fault.isEmpty())
        header += u" · " + e.fault;
    if (m_log->isEarlierRun(e))
        header += u" · " + m_log->runLabel(e);
    QString body;
    if (e.type == ServerEvent::Type::FrameIn || e.type == ServerEvent::Type::FrameOut) {
        body = e.opcode == ServerEvent::Opcode::Text ? QString::fromUtf8(e.payload) : m_log->describe(e, 1 << 20);
    } else {
        body = m_log->describe(e, 1 << 20);
    }
    const bool isFrame = e.type == ServerEvent::Type::FrameIn || e.type == ServerEvent::Type::FrameOut;
    m_detail->showFrame(header, body, e.payload, isFrame && e.opcode == ServerEvent::Opcode::Text);
}

MainWindow::Selected MainWindow::selectedConnection() const
{
    const QModelIndexList rows = m_connectionsView->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return {};
    return {m_connections->data(rows.first(), ConnectionsModel::NodeRole).toString(),
        m_connections->data(rows.first(), ConnectionsModel::IdRole).toULongLong()};
}

QString MainWindow::Selected::label() const
{
    return node.isEmpty() ? MainWindow::tr("connection %1").arg(id)
                          : MainWindow::tr("connection %1 on server \"%2\"").arg(id).arg(node);
}

void MainWindow::updateSelectionActions()
{
    const bool selected = selectedConnection().id != 0;
    m_sendAction->setEnabled(selected);
    m_disconnectAction->setEnabled(selected);
    m_sendButton->setEnabled(selected);
    m_disconnectButton->setEnabled(selected);
    m_connectionFaultsAction->setEnabled(selected && selectedConnection().node.isEmpty()); // this server's own
}

void MainWindow::updateLogFilter()
{
    // The log holds this server's frames only: a client of another server has none here.
    const Selected selected = selectedConnection();
    m_logFilter->setConnection(
        m_followSelection->isChecked() && selected.node.isEmpty() ? selected.id : 0, m_server->runId());
    followLog();
}

void MainWindow::followLog()
{
    if (!m_pause->isChecked())
        m_logView->scrollToBottom();
}

void MainWindow::sendToSelected()
{
    const Selected selected = selectedConnection();
    if (selected.id == 0)
        return;
    auto *dialog = new SendDialog(selected.label(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!selected.node.isEmpty())
        dialog->setTextOnly(tr("Another server's client gets text messages only."));
    connect(dialog, &QDialog::accepted, this, [this, dialog, selected] {
        if (!selected.node.isEmpty())
            m_server->sendText(selected.node, selected.id, dialog->text()); // carried out by its own server
        else if (dialog->isBinary())
            m_server->sendBinary(selected.id, dialog->binary());
        else
            m_server->sendText(selected.id, dialog->text());
    });
    dialog->open();
}

// A log row's frame: copy it, send it again from the built-in client, or push it again to that connection.
void MainWindow::showLogMenu(const QPoint &position)
{
    const QModelIndex index = m_logView->indexAt(position);
    if (!index.isValid())
        return;
    const ServerEvent e = m_log->event(m_logFilter->mapToSource(index).row());
    const bool frame = (e.type == ServerEvent::Type::FrameIn || e.type == ServerEvent::Type::FrameOut)
        && (e.opcode == ServerEvent::Opcode::Text || e.opcode == ServerEvent::Opcode::Binary);
    const bool text = e.opcode == ServerEvent::Opcode::Text;
    bool open = false; // the connection is this run's and still here
    for (int row = 0; row < m_connections->rowCount() && !open; ++row) {
        const QModelIndex i = m_connections->index(row, 0);
        open = m_connections->data(i, ConnectionsModel::IdRole).toULongLong() == e.connectionId
            && m_connections->data(i, ConnectionsModel::NodeRole).toString().isEmpty();
    }
    open = open && e.run == m_server->runId();
    QMenu menu(this);
    menu.addAction(tr("Copy payload"), this,
            [e, text] {
                QApplication::clipboard()->setText(
                    text ? QString::fromUtf8(e.payload) : QString::fromLatin1(e.payload.toHex(' ')));
            })
        ->setEnabled(frame);
    menu.addAction(tr("Copy as hex"), this,
            [e] { QApplication::clipboard()->setText(QString::fromLatin1(e.payload.toHex(' '))); })
        ->setEnabled(frame);
    menu.addSeparator();
    menu.addAction(tr("Resend from the built-in client"), this,
            [this, e, text] {
                m_clientDock->show();
                m_clientPane->currentTab()->resend(e.payload, !text);
            })
        ->setEnabled(frame);
    menu.addAction(tr("Push again to connection %1").arg(e.connectionId), this,
            [this, e, text] {
                if (text)
                    m_server->sendText(e.connectionId, QString::fromUtf8(e.payload));
                else
                    m_server->sendBinary(e.connectionId, e.payload);
            })
        ->setEnabled(frame && open);
    menu.exec(m_logView->viewport()->mapToGlobal(position));
}

void MainWindow::broadcastToAll()
{
    auto *dialog = new SendDialog(tr("every connection"), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (dialog->isBinary())
            m_server->broadcastBinary(dialog->binary());
        else
            m_server->broadcastText(dialog->text());
    });
    dialog->open();
}

void MainWindow::disconnectSelected()
{
    const Selected selected = selectedConnection();
    if (selected.id == 0)
        return;
    auto *dialog = new DisconnectDialog(selected.label(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, selected] {
        if (selected.node.isEmpty())
            m_server->disconnectClient(selected.id, dialog->closeCode(), dialog->reason());
        else
            m_server->disconnectClient(selected.node, selected.id, dialog->closeCode(), dialog->reason());
    });
    dialog->open();
}

void MainWindow::exportLog()
{
    QString selectedFilter;
    const QString jsonl = tr("JSON Lines (*.jsonl)");
    const QString csv = tr("CSV (*.csv)");
    const QString har = tr("HAR, Chrome DevTools (*.har)");
    const QString path
        = QFileDialog::getSaveFileName(this, tr("Export message log"), QStringLiteral("duplex-log.jsonl"),
            jsonl + QStringLiteral(";;") + csv + QStringLiteral(";;") + har, &selectedFilter);
    if (path.isEmpty())
        return;
    const LogExport::Format chosen = selectedFilter == csv ? LogExport::Format::Csv
        : selectedFilter == har                            ? LogExport::Format::Har
                                                           : LogExport::Format::JsonLines;
    // The selected rows when several are selected, else what the log shows: its filter and search apply.
    QList<ServerEvent> events;
    QModelIndexList selected = m_logView->selectionModel()->selectedRows();
    std::sort(selected.begin(), selected.end());
    if (selected.size() > 1) {
        for (const QModelIndex &index : std::as_const(selected))
            events.append(m_log->event(m_logFilter->mapToSource(index).row()));
    } else {
        events.reserve(m_logFilter->rowCount());
        for (int row = 0; row < m_logFilter->rowCount(); ++row)
            events.append(m_log->event(m_logFilter->mapToSource(m_logFilter->index(row, 0)).row()));
    }
    const QString error
        = LogExport::write(path, LogExport::formatFor(path, chosen), events, *m_log, m_server->webSocketUrl());
    if (!error.isEmpty()) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    statusBar()->showMessage(tr("Exported %n row(s) to %1", nullptr, int(events.size())).arg(path), 8000);
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_config, m_log->capacity(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const bool restart = dialog->needsRestart() && m_server->isRunning();
        const ServerConfig edited = dialog->config();
        m_log->setCapacity(dialog->logCapacity());
        // Host, port, mode and reply belong to the server bar: keep what it shows.
        const ServerConfig bar = m_config;
        m_config = edited;
        m_config.host = bar.host;
        m_config.port = bar.port;
        m_config.mode = bar.mode;
        m_config.replyTemplate = bar.replyTemplate;
        m_server->setHistoryRetention(m_config.historyRetentionDays, m_config.historyMaxRows);
        saveSettings();
        if (!restart)
            return;
        const auto answer = QMessageBox::question(this, tr("Restart the server?"),
            tr("The new limits, access, TLS and cluster settings apply when the server starts. Restart it now? "
               "Every client is disconnected (1001) and may reconnect."),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer == QMessageBox::Yes) {
            m_restartPending = true;
            stopServer();
        }
    });
    dialog->open();
}

// The rows kept from earlier runs go before whatever this run has shown already.
void MainWindow::showStoredLog(const QList<ServerEvent> &events)
{
    if (events.isEmpty())
        return;
    QList<ServerEvent> rows = events;
    for (int row = 0; row < m_log->rowCount(); ++row)
        rows.append(m_log->event(row));
    m_log->clear();
    m_log->append(rows);
    m_logView->scrollToBottom();
    statusBar()->showMessage(tr("Showing %n stored row(s) from earlier runs", nullptr, int(events.size())), 8000);
}

void MainWindow::exportStoredHistory()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export stored history"), QStringLiteral("duplex-history.jsonl"), tr("JSON Lines (*.jsonl)"));
    if (!path.isEmpty())
        m_server->exportHistory(path); // written on the store's thread; historyExported() reports
}

void MainWindow::clearStoredHistory()
{
    const auto answer = QMessageBox::question(this, tr("Clear stored history?"),
        tr("This deletes the stored message log and chat history from disk, and new chat clients get no history. "
           "The rows shown in this window stay. Continue?"),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer == QMessageBox::Yes)
        m_server->clearHistory();
}

void MainWindow::showProtocol()
{
    QString text;
    // In Chinese its own page; otherwise the README's wire protocol section.
    if (QFile zh(QStringLiteral(":/docs/docs/protocol.zh_CN.md"));
        currentLanguage().startsWith(u"zh") && zh.open(QIODevice::ReadOnly)) {
        text = QString::fromUtf8(zh.readAll());
    } else {
        QFile readme(QStringLiteral(":/docs/README.md"));
        text = readme.open(QIODevice::ReadOnly) ? QString::fromUtf8(readme.readAll()) : QString();
        const qsizetype start = text.indexOf(QLatin1String("## Wire protocol"));
        if (start >= 0) {
            const qsizetype end = text.indexOf(QLatin1String("\n## "), start + 4);
            text = text.mid(start, end < 0 ? -1 : end - start);
        }
    }
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Duplex wire protocol"));
    auto *browser = new QTextBrowser(dialog);
    browser->setOpenExternalLinks(true);
    browser->setMarkdown(text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(browser);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    dialog->resize(760, 620);
    dialog->open();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Duplex"),
        tr("<h3>Duplex %1</h3><p>A WebSocket chat server you can watch.</p><p>One port serves the "
           "browser chat page over HTTP and takes WebSocket connections; every message is echoed or "
           "broadcast, and every frame is shown here.</p><p>Built with Qt %2.</p>")
            .arg(QStringLiteral(DUPLEX_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_server->isRunning() && !m_quitting) {
        // Say goodbye to every client (1001) before the window goes; stopped() closes it again.
        m_quitting = true;
        saveSettings();
        m_server->stop(1001, tr("The server is shutting down"));
        QTimer::singleShot(4000, this, [this] { close(); }); // in case a goodbye never comes back
        event->ignore();
        return;
    }
    if (!m_quitting)
        saveSettings();
    event->accept();
}

} // namespace Duplex

#pragma once

#include "connectioninfo.h"
#include "serverconfig.h"
#include "serverevent.h"

#include <QJsonObject>
#include <QMainWindow>
#include <QPointer>

#include <optional>

class QAction;
class QActionGroup;
class QCheckBox;
class QComboBox;
class QDockWidget;
class QLabel;
class QLineEdit;
class QMenu;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;

namespace Duplex {

class ClientPane;
class FrameInspector;
class ConnectionsModel;
class RulesPanel;
class ScriptPanel;
class ShareDialog;
class LogFilterModel;
class LogModel;
class Server;
class ServerBar;
class TrafficGraph;

// The Duplex desktop window: the server bar, the live connections, the message log with its detail pane, the
// built-in clients and the traffic graph. The server runs on its own thread; its events arrive here in batches.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    struct Overrides
    {
        std::optional<QHostAddress> host;
        std::optional<quint16> port;
        std::optional<Mode> mode;
    };

    explicit MainWindow(const Overrides &overrides = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    Server *server() const { return m_server; }
    ConnectionsModel *connectionsModel() const { return m_connections; }
    LogModel *logModel() const { return m_log; }
    LogFilterModel *logFilter() const { return m_logFilter; }
    ClientPane *clientPane() const { return m_clientPane; }
    QTableView *connectionsView() const { return m_connectionsView; }
    QTableView *logView() const { return m_logView; }
    TrafficGraph *graph() const { return m_graph; }
    RulesPanel *rulesPanel() const { return m_rulesPanel; }
    ScriptPanel *scriptPanel() const { return m_scriptPanel; }
    QTabWidget *centralTabs() const { return m_centralTabs; }

    void startServer();
    void stopServer();
    // The language: "en", "zh_CN" or empty for the system's.
    void setLanguage(const QString &language);

    // Operator actions on the selected connection (they open a dialog).
    void sendToSelected();
    void showLogMenu(const QPoint &position);
    void disconnectSelected();
    void broadcastToAll();
    // A connection of this server (node empty) or, in a cluster, of another.
    struct Selected
    {
        QString node;
        quint64 id = 0;
        QString label() const;
    };
    Selected selectedConnection() const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void buildMenus();
    void retranslateUi();
    void loadSettings();
    void saveSettings() const;
    void onEvents(const QList<ServerEvent> &events);
    void onConnections(const QList<ConnectionInfo> &connections, const ServerStats &stats);
    void onStartFailed(const QString &error);
    void updateClusterStatus();
    void tick();
    void showDetail();
    void updateSelectionActions();
    void updateLogFilter();
    void followLog(); // to the newest row, unless scrolling is paused
    void exportLog();
    void exportStoredHistory();
    void clearStoredHistory();
    void showStoredLog(const QList<ServerEvent> &events);
    void showSettings();
    void showProtocol();
    void showAbout();
    void applyRules(const QJsonObject &table);
    // Faults (README "Testing your client"): the dialog for the whole server (0) or one connection.
    void showFaults(quint64 connection);
    void onFaultsChanged(const QJsonObject &table);
    // "Open on another device": the page's LAN addresses and a QR code (one dialog, kept up to date).
    void showShareDialog();
    void updateShareDialog(quint16 port);
    void updateRuleColumn();

    Server *m_server = nullptr;
    ServerConfig m_config;
    bool m_persistServer = true;
    bool m_quitting = false;
    bool m_restartPending = false; // settings that need a restart: start again once stopped
    bool m_confirmedAllInterfaces = false;
    bool m_storedLogRequested = false; // the persisted log is shown once, at the first start
    QString m_language;

    ServerBar *m_serverBar = nullptr;
    ConnectionsModel *m_connections = nullptr;
    QTableView *m_connectionsView = nullptr;
    QLabel *m_connectionsTitle = nullptr;
    QPushButton *m_sendButton = nullptr;
    QPushButton *m_disconnectButton = nullptr;
    QPushButton *m_broadcastButton = nullptr;
    QCheckBox *m_followSelection = nullptr;
    bool m_selectedLeft = false; // the selected connection is being removed
    bool m_selectedFrameEvicted = false; // the selected log row is being dropped (capacity)

    LogModel *m_log = nullptr;
    LogFilterModel *m_logFilter = nullptr;
    QTableView *m_logView = nullptr;
    QLabel *m_logTitle = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_direction = nullptr;
    QComboBox *m_kind = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_clear = nullptr;
    QPushButton *m_export = nullptr;
    FrameInspector *m_detail = nullptr;
    QByteArray m_simulationKey; // see ServerConfig::simulationKey

    QTabWidget *m_centralTabs = nullptr; // the connections and log; the rules
    RulesPanel *m_rulesPanel = nullptr;
    ScriptPanel *m_scriptPanel = nullptr;
    QJsonObject m_rulesSent; // the last table given to the server: its echo is not loaded back while typing
    QDockWidget *m_clientDock = nullptr;
    ClientPane *m_clientPane = nullptr;
    QDockWidget *m_graphDock = nullptr;
    TrafficGraph *m_graph = nullptr;

    QLabel *m_statusConnections = nullptr;
    QLabel *m_statusCluster = nullptr;
    QLabel *m_statusRates = nullptr;
    QLabel *m_statusLog = nullptr;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_serverMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_exportHistoryAction = nullptr;
    QAction *m_clearHistoryAction = nullptr;
    QAction *m_importRulesAction = nullptr;
    QAction *m_exportRulesAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_sendAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_broadcastAction = nullptr;
    QAction *m_faultsAction = nullptr;
    QAction *m_shareAction = nullptr;
    QPointer<ShareDialog> m_shareDialog;
    QAction *m_replayAction = nullptr;
    QAction *m_connectionFaultsAction = nullptr;
    QJsonObject m_faultTable; // FaultTable::toJson() as the server last reported it
    QActionGroup *m_languageGroup = nullptr;
    QAction *m_englishAction = nullptr;
    QAction *m_chineseAction = nullptr;
    QAction *m_systemLanguageAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_protocolAction = nullptr;

    QTimer *m_tick = nullptr;
    ServerStats m_lastStats;
    ServerStats m_previousTickStats;
    bool m_havePreviousTick = false;
    double m_rateIn = 0;
    double m_rateOut = 0;
};

} // namespace Duplex

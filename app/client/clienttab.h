#pragma once

#include "loadgenerator.h"
#include "websocketclient.h"

#include <QJsonArray>
#include <QSslCertificate>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QSplitter;
class QToolButton;

namespace Duplex {

class ClientLogModel;
class FrameInspector;

// One built-in client: a saved profile or URL, subprotocol, headers and token, connect and close (with a code and
// reason of the user's choice), a multi-line message editor that formats JSON, ping on demand or on an interval,
// its own frame log (copy a message, inspect it as text, hex or JSON / Socket.IO) and saved messages. It talks to
// this server by default, following its address and trusting its certificate, or to any other WebSocket server.
class ClientTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientTab)

public:
    explicit ClientTab(QWidget *parent = nullptr);

    WebSocketClient *client() const { return m_client; }
    QString url() const;
    void setUrl(const QString &url);
    // Follows the server's address: entirely until the user types their own URL, and afterwards when the typed URL
    // still points at the server's previous address (then its path and query stay).
    void setDefaultUrl(const QString &url);
    // A URL kept from an earlier run, with the server address of that run (so it follows the server again).
    void restoreUrl(const QString &url, const QString &serverUrl);
    // The server's own certificate: trusted on this tab without turning certificate checks off.
    void setServerCertificates(const QList<QSslCertificate> &certificates);
    void setSavedMessages(const QStringList &messages);
    QStringList savedMessages() const;
    // Connection profiles: [{"name", "url", "subprotocol", "headers", "token", "ignoreCertificateErrors",
    // "pingSeconds", "autoReconnect", "compress"}], shared by every tab.
    void setProfiles(const QJsonArray &profiles);
    QJsonArray profiles() const { return m_profiles; }
    void applyProfile(const QString &name);
    void saveProfile(const QString &name);
    // Sent with simulated clients so that the server summarises their traffic instead of logging each frame.
    void setSimulationHeader(const QByteArray &name, const QByteArray &value);

    void connectToServer();
    void sendCurrent();
    // Sends this payload now when connected; otherwise puts it in the editor and says to connect first.
    void resend(const QByteArray &payload, bool binary);
    // Closes with this code and reason (checked like duplex-client's); returns the complaint, or nothing.
    QString closeWith(int code, const QString &reason);
    // Pretty-prints the message editor's JSON; false (and a line in the log) when it is not JSON.
    bool formatJson();
    // The log's lines, as "Copy all" puts them on the clipboard.
    QString logText() const;
    ClientLogModel *logModel() const { return m_logModel; }
    // Asks for the number of clients, message size and duration, then runs the load generator against this tab's
    // URL on threads of its own; progress and the result go to this tab's log.
    void simulateClients();
    // Starts the load without asking (also for tests); ignored while a simulation runs.
    void startSimulation(const Duplex::LoadOptions &options);
    LoadGenerator *loadGenerator() const { return m_load; }

Q_SIGNALS:
    void savedMessagesChanged(const QStringList &messages);
    void profilesChanged(const QJsonArray &profiles);
    void titleChanged(const QString &title);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslateUi();
    void appendFrame(const ClientFrame &frame);
    void updateState();
    void sendSaved(const QString &entry);
    void appendInfo(const QString &text);
    void appendError(const QString &text);
    void showLoadProgress(const Duplex::LoadProgress &progress);
    void showLoadResult(const Duplex::LoadResult &result);
    void updateSimulateButton();
    void updateProfileCombo();
    void askCloseCode();
    void askProfileName();
    void showSelectedFrame();
    void showLogMenu(const QPoint &position);
    void copySelected(bool asHex);
    void updateInsecureLook();

    WebSocketClient *m_client = nullptr;
    QLabel *m_profileLabel = nullptr;
    QComboBox *m_profile = nullptr;
    QToolButton *m_saveProfile = nullptr;
    QToolButton *m_deleteProfile = nullptr;
    QLabel *m_urlLabel = nullptr;
    QLineEdit *m_url = nullptr;
    QLabel *m_protocolLabel = nullptr;
    QLineEdit *m_subprotocol = nullptr;
    QLabel *m_tokenLabel = nullptr;
    QLineEdit *m_token = nullptr;
    QLabel *m_headersLabel = nullptr;
    QPlainTextEdit *m_headers = nullptr;
    QPushButton *m_connect = nullptr;
    QToolButton *m_closeWith = nullptr;
    QCheckBox *m_autoReconnect = nullptr;
    QCheckBox *m_compress = nullptr;
    QCheckBox *m_insecure = nullptr;
    QLabel *m_state = nullptr;
    QSplitter *m_logSplit = nullptr;
    QListView *m_log = nullptr;
    ClientLogModel *m_logModel = nullptr;
    FrameInspector *m_inspector = nullptr;
    QComboBox *m_type = nullptr;
    QPlainTextEdit *m_input = nullptr;
    QToolButton *m_formatJson = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_ping = nullptr;
    QLabel *m_rtt = nullptr;
    QLabel *m_pingEveryLabel = nullptr;
    QSpinBox *m_pingEvery = nullptr;
    QPushButton *m_simulate = nullptr;
    LoadGenerator *m_load = nullptr;
    QLabel *m_savedLabel = nullptr;
    QListWidget *m_saved = nullptr;
    QToolButton *m_save = nullptr;
    QToolButton *m_removeSaved = nullptr;
    QString m_defaultUrl;
    QList<QSslCertificate> m_serverCertificates;
    QJsonArray m_profiles;
    QPair<QByteArray, QByteArray> m_simulationHeader;
    bool m_urlEdited = false;
    qint64 m_lastRtt = -1;
};

} // namespace Duplex

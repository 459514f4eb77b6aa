#pragma once

#include "loadgenerator.h"
#include "websocketclient.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace Duplex {

// One built-in client: URL, subprotocol, headers, connect, send text or hex, ping, its own frame log and saved
// messages. It talks to this server by default, or to any other WebSocket server.
class ClientTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientTab)

public:
    explicit ClientTab(QWidget *parent = nullptr);

    WebSocketClient *client() const { return m_client; }
    QString url() const;
    void setUrl(const QString &url);
    // Follows the server's address until the user types their own.
    void setDefaultUrl(const QString &url);
    void setSavedMessages(const QStringList &messages);
    QStringList savedMessages() const;

    void connectToServer();
    void sendCurrent();
    // Asks for the number of clients, message size and duration, then runs the load generator against this tab's
    // URL on threads of its own; progress and the result go to this tab's log.
    void simulateClients();
    // Starts the load without asking (also for tests); ignored while a simulation runs.
    void startSimulation(const Duplex::LoadOptions &options);
    LoadGenerator *loadGenerator() const { return m_load; }

Q_SIGNALS:
    void savedMessagesChanged(const QStringList &messages);
    void titleChanged(const QString &title);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void appendFrame(const ClientFrame &frame);
    void updateState();
    void sendSaved(const QString &entry);
    void appendInfo(const QString &text);
    void showLoadProgress(const Duplex::LoadProgress &progress);
    void showLoadResult(const Duplex::LoadResult &result);
    void updateSimulateButton();

    WebSocketClient *m_client = nullptr;
    QLabel *m_urlLabel = nullptr;
    QLineEdit *m_url = nullptr;
    QLabel *m_protocolLabel = nullptr;
    QLineEdit *m_subprotocol = nullptr;
    QLabel *m_headersLabel = nullptr;
    QPlainTextEdit *m_headers = nullptr;
    QPushButton *m_connect = nullptr;
    QCheckBox *m_autoReconnect = nullptr;
    QLabel *m_state = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QComboBox *m_type = nullptr;
    QLineEdit *m_input = nullptr;
    QPushButton *m_send = nullptr;
    QPushButton *m_ping = nullptr;
    QLabel *m_rtt = nullptr;
    QPushButton *m_simulate = nullptr;
    LoadGenerator *m_load = nullptr;
    QLabel *m_savedLabel = nullptr;
    QListWidget *m_saved = nullptr;
    QToolButton *m_save = nullptr;
    QToolButton *m_removeSaved = nullptr;
    QString m_defaultUrl;
    bool m_urlEdited = false;
    qint64 m_lastRtt = -1;
};

} // namespace Duplex

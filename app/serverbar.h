#pragma once

#include "serverconfig.h"

#include <QUrl>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace Duplex {

// Host, port, mode, reply template, Start/Stop and the live URL, with plain-spoken errors.
class ServerBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerBar)

public:
    explicit ServerBar(QWidget *parent = nullptr);

    // Reads the fields; returns false and shows why when one is invalid.
    bool readConfig(ServerConfig &config);
    void setConfig(const ServerConfig &config);

    // reachable: other devices can connect (not loopback only): offers "Open on another device".
    void showRunning(const QUrl &url, bool reachable = false);
    void showStopped();
    void showStarting();
    // A start failed; suggestedPort != 0 offers "Use port N".
    void showError(const QString &message, quint16 suggestedPort);
    // While any fault is on: a marked button saying which (it opens the Faults dialog) and one to clear them all.
    void showFaults(const QString &summary);

Q_SIGNALS:
    void startRequested();
    void stopRequested();
    void modeChanged(Duplex::Mode mode);
    void replyTemplateChanged(const QString &replyTemplate);
    void openUrlRequested(const QUrl &url);
    void faultsRequested();
    void clearFaultsRequested();
    void shareRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    QLabel *m_hostLabel = nullptr;
    QComboBox *m_host = nullptr;
    QLabel *m_portLabel = nullptr;
    QSpinBox *m_port = nullptr;
    QLabel *m_modeLabel = nullptr;
    QComboBox *m_mode = nullptr;
    QLabel *m_replyLabel = nullptr;
    QLineEdit *m_reply = nullptr;
    QString m_shownDefault; // the default reply as shown, in the language it was shown in
    QPushButton *m_startStop = nullptr;
    QLabel *m_url = nullptr;
    QToolButton *m_copy = nullptr;
    QToolButton *m_share = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_usePort = nullptr;
    QToolButton *m_faults = nullptr;
    QToolButton *m_clearFaults = nullptr;
    QString m_faultSummary;
    QUrl m_currentUrl;
    bool m_running = false;
    bool m_starting = false;
    quint16 m_suggestedPort = 0;
    QString m_error;
};

} // namespace Duplex

#pragma once

#include "serverconfig.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace Duplex {

class CertificateMaker;

// Server → Settings: the message log, the limits, access control, TLS, the cluster and the stored history.
// Edits a copy of the configuration; the caller takes config() when it is accepted.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    SettingsDialog(const ServerConfig &config, int logCapacity, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    ServerConfig config() const;
    int logCapacity() const;
    // True when a setting that only a restart of the server applies has changed.
    bool needsRestart() const;

    QTabWidget *tabs() const { return m_tabs; }

private:
    QWidget *buildLogTab();
    QWidget *buildLimitsTab();
    QWidget *buildAccessTab();
    QWidget *buildClusterTab();
    void makeCertificate();
    void validate();

    ServerConfig m_original;
    QTabWidget *m_tabs = nullptr;
    QPushButton *m_ok = nullptr;
    QLabel *m_error = nullptr;

    QSpinBox *m_logCapacity = nullptr;
    QSpinBox *m_retentionDays = nullptr;
    QSpinBox *m_maxRows = nullptr;

    QSpinBox *m_maxConnections = nullptr;
    QSpinBox *m_threads = nullptr;
    QSpinBox *m_maxMessage = nullptr;
    QCheckBox *m_compression = nullptr;
    QComboBox *m_engine = nullptr;
    QSpinBox *m_maxFrame = nullptr;
    QDoubleSpinBox *m_rateLimit = nullptr;
    QSpinBox *m_handshakeTimeout = nullptr;
    QSpinBox *m_heartbeat = nullptr;
    QSpinBox *m_heartbeatTimeout = nullptr;
    QSpinBox *m_maxPending = nullptr;

    QLineEdit *m_origins = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_certificate = nullptr;
    QLineEdit *m_key = nullptr;
    QPushButton *m_makeCertificate = nullptr;
    QLabel *m_certificateStatus = nullptr;
    CertificateMaker *m_maker = nullptr;

    QLineEdit *m_redis = nullptr;
    QLineEdit *m_nodeName = nullptr;
};

} // namespace Duplex

#pragma once

#include "faultset.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace Duplex {

// Edits one fault set (README "Testing your client"): for the whole server, or for one connection. Apply sends it to
// the server; Clear lifts it. The server bar shows while any fault is on.
class FaultsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultsDialog)

public:
    // connection 0: the whole server (handshake faults included); else that connection only.
    FaultsDialog(const FaultSet &current, quint64 connection, QWidget *parent = nullptr);

    FaultSet faults() const; // as the form says, with `connections` set for a connection
    void setFaults(const FaultSet &set);

Q_SIGNALS:
    void applyRequested(const Duplex::FaultSet &set);

private:
    quint64 m_connection;
    QSpinBox *m_latency = nullptr;
    QSpinBox *m_jitter = nullptr;
    QSpinBox *m_rate = nullptr;
    QDoubleSpinBox *m_drop = nullptr;
    QSpinBox *m_seed = nullptr;
    QCheckBox *m_noPings = nullptr;
    QCheckBox *m_noRead = nullptr;
    QComboBox *m_status = nullptr;
    QDoubleSpinBox *m_percent = nullptr;
    QSpinBox *m_retryAfter = nullptr;
    QSpinBox *m_handshakeDelay = nullptr;
    QLabel *m_summary = nullptr;
};

} // namespace Duplex

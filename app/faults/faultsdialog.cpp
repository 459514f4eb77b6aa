#include "faultsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Duplex {

FaultsDialog::FaultsDialog(const FaultSet &current, quint64 connection, QWidget *parent)
    : QDialog(parent),
      m_connection(connection),
      m_latency(new QSpinBox(this)),
      m_jitter(new QSpinBox(this)),
      m_rate(new QSpinBox(this)),
      m_drop(new QDoubleSpinBox(this)),
      m_seed(new QSpinBox(this)),
      m_noPings(new QCheckBox(tr("Do not answer pings"), this)),
      m_noRead(new QCheckBox(tr("Stop reading from the client (its sends back up)"), this)),
      m_status(new QComboBox(this)),
      m_percent(new QDoubleSpinBox(this)),
      m_retryAfter(new QSpinBox(this)),
      m_handshakeDelay(new QSpinBox(this)),
      m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("faultsDialog"));
    setWindowTitle(connection == 0 ? tr("Faults: whole server") : tr("Faults: connection %1").arg(connection));
    m_latency->setObjectName(QStringLiteral("faultLatency"));
    m_drop->setObjectName(QStringLiteral("faultDrop"));
    m_noPings->setObjectName(QStringLiteral("faultNoPings"));
    m_status->setObjectName(QStringLiteral("faultStatus"));
    for (QSpinBox *ms : {m_latency, m_jitter, m_handshakeDelay}) {
        ms->setRange(0, 600'000);
        ms->setSuffix(tr(" ms"));
        ms->setSpecialValueText(tr("none"));
        ms->setSingleStep(50);
    }
    m_rate->setRange(0, 1'000'000'000);
    m_rate->setSuffix(tr(" bytes/s"));
    m_rate->setSpecialValueText(tr("no limit"));
    m_rate->setSingleStep(1000);
    m_drop->setRange(0, 100);
    m_drop->setSuffix(tr(" %"));
    m_drop->setDecimals(1);
    m_seed->setRange(0, 1'000'000);
    m_seed->setSpecialValueText(tr("random"));
    m_seed->setToolTip(tr("The same seed drops and delays the same messages of a connection again"));
    m_status->addItem(tr("none"), 0);
    for (int status : {429, 500, 502, 503, 504})
        m_status->addItem(QString::number(status), status);
    m_percent->setRange(0, 100);
    m_percent->setSuffix(tr(" %"));
    m_percent->setValue(100);
    m_retryAfter->setRange(0, 86400);
    m_retryAfter->setSuffix(tr(" s"));
    m_retryAfter->setSpecialValueText(tr("none"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);

    auto *replies = new QGroupBox(tr("Replies and pushes"), this);
    auto *repliesForm = new QFormLayout(replies);
    repliesForm->addRow(tr("Latency:"), m_latency);
    repliesForm->addRow(tr("Jitter (up to):"), m_jitter);
    repliesForm->addRow(tr("Rate:"), m_rate);
    repliesForm->addRow(tr("Drop:"), m_drop);
    repliesForm->addRow(tr("Seed:"), m_seed);
    auto *connectionBox = new QGroupBox(tr("Connection"), this);
    auto *connectionLayout = new QVBoxLayout(connectionBox);
    connectionLayout->addWidget(m_noPings);
    connectionLayout->addWidget(m_noRead);
    auto *handshakes = new QGroupBox(tr("New handshakes (whole server)"), this);
    auto *handshakeForm = new QFormLayout(handshakes);
    handshakeForm->addRow(tr("Refuse with HTTP status:"), m_status);
    handshakeForm->addRow(tr("Share of attempts:"), m_percent);
    handshakeForm->addRow(tr("Retry-After:"), m_retryAfter);
    handshakeForm->addRow(tr("Delay every handshake:"), m_handshakeDelay);
    handshakes->setVisible(connection == 0);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *apply = buttons->addButton(tr("Apply"), QDialogButtonBox::ApplyRole);
    apply->setObjectName(QStringLiteral("faultApply"));
    apply->setDefault(true);
    QPushButton *clear = buttons->addButton(tr("Clear"), QDialogButtonBox::ResetRole);
    clear->setObjectName(QStringLiteral("faultClear"));
    connect(apply, &QPushButton::clicked, this, [this] { Q_EMIT applyRequested(faults()); });
    connect(clear, &QPushButton::clicked, this, [this] {
        FaultSet none;
        if (m_connection != 0)
            none.connections = {m_connection};
        setFaults(none);
        Q_EMIT applyRequested(none);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(connection == 0
            ? tr("Break the network on purpose to see how clients cope. Faults act on this server's own connections; "
                 "the log marks frames a fault delayed or dropped.")
            : tr("These faults apply to this connection only and win over the server's."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addWidget(replies);
    layout->addWidget(connectionBox);
    layout->addWidget(handshakes);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);
    setFaults(current);
    const auto update = [this] {
        const QString summary = faults().summary();
        m_summary->setText(summary.isEmpty() ? tr("No fault.") : tr("Apply: %1").arg(summary));
    };
    for (QSpinBox *box : {m_latency, m_jitter, m_rate, m_seed, m_retryAfter, m_handshakeDelay})
        connect(box, &QSpinBox::valueChanged, this, update);
    for (QDoubleSpinBox *box : {m_drop, m_percent})
        connect(box, &QDoubleSpinBox::valueChanged, this, update);
    for (QCheckBox *box : {m_noPings, m_noRead})
        connect(box, &QCheckBox::toggled, this, update);
    connect(m_status, &QComboBox::currentIndexChanged, this, update);
    update();
}

FaultSet FaultsDialog::faults() const
{
    FaultSet f;
    f.latencyMs = m_latency->value();
    f.jitterMs = m_jitter->value();
    f.bytesPerSecond = m_rate->value();
    f.dropPercent = m_drop->value();
    f.seed = quint32(m_seed->value());
    f.answerPings = !m_noPings->isChecked();
    f.readPaused = m_noRead->isChecked();
    if (m_connection == 0) {
        f.handshake.status = m_status->currentData().toInt();
        f.handshake.percent = m_percent->value();
        f.handshake.retryAfter = f.handshake.status ? m_retryAfter->value() : 0;
        f.handshake.delayMs = m_handshakeDelay->value();
    } else {
        f.connections = {m_connection};
    }
    return f;
}

void FaultsDialog::setFaults(const FaultSet &set)
{
    m_latency->setValue(set.latencyMs);
    m_jitter->setValue(set.jitterMs);
    m_rate->setValue(int(std::min<qint64>(set.bytesPerSecond, m_rate->maximum())));
    m_drop->setValue(set.dropPercent);
    m_seed->setValue(int(std::min<quint32>(set.seed, quint32(m_seed->maximum()))));
    m_noPings->setChecked(!set.answerPings);
    m_noRead->setChecked(set.readPaused);
    const int index = m_status->findData(set.handshake.status);
    if (index < 0 && set.handshake.status != 0)
        m_status->addItem(QString::number(set.handshake.status), set.handshake.status);
    m_status->setCurrentIndex(std::max(m_status->findData(set.handshake.status), 0));
    m_percent->setValue(set.handshake.percent);
    m_retryAfter->setValue(set.handshake.retryAfter);
    m_handshakeDelay->setValue(set.handshake.delayMs);
}

} // namespace Duplex

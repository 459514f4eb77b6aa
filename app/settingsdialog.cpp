#include "settingsdialog.h"

#include "certificatemaker.h"
#include "redisbridge.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>

namespace Duplex {

namespace {

QSpinBox *spinBox(QWidget *parent, const char *name, int minimum, int maximum, int value, const QString &suffix = {})
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(minimum, maximum);
    box->setValue(std::clamp(value, minimum, maximum));
    box->setSuffix(suffix);
    box->setGroupSeparatorShown(true);
    return box;
}

QScrollArea *scrollable(QWidget *page)
{
    auto *area = new QScrollArea;
    area->setWidget(page);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: palette(placeholder-text)"));
    return label;
}

QLineEdit *fileField(QWidget *parent, const char *name, const QString &value, QHBoxLayout *&row)
{
    auto *edit = new QLineEdit(value, parent);
    edit->setObjectName(QLatin1String(name));
    edit->setClearButtonEnabled(true);
    auto *browse = new QPushButton(SettingsDialog::tr("Browse…"), parent);
    QObject::connect(browse, &QPushButton::clicked, edit, [edit] {
        const QString file = QFileDialog::getOpenFileName(edit, SettingsDialog::tr("Choose a PEM file"), edit->text(),
            SettingsDialog::tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!file.isEmpty())
            edit->setText(file);
    });
    row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(browse);
    return edit;
}

} // namespace

SettingsDialog::SettingsDialog(const ServerConfig &config, int logCapacity, QWidget *parent)
    : QDialog(parent), m_original(config), m_tabs(new QTabWidget(this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    m_logCapacity = spinBox(this, "logCapacity", 1000, 5'000'000, logCapacity);
    m_logCapacity->setSingleStep(10'000);
    // Each page scrolls when the screen is too small for it, rather than squeezing its notes.
    m_tabs->addTab(scrollable(buildLogTab()), tr("Log and history"));
    m_tabs->addTab(scrollable(buildLimitsTab()), tr("Limits"));
    m_tabs->addTab(scrollable(buildAccessTab()), tr("Access and TLS"));
    m_tabs->addTab(scrollable(buildClusterTab()), tr("Cluster"));

    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(note(tr("Limits, access, TLS and the cluster apply from the next start of the server."), this));
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    for (QLineEdit *edit : {m_certificate, m_key, m_redis, m_token})
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::validate);
    validate();
    resize(640, 560);
}

SettingsDialog::~SettingsDialog() = default;

QWidget *SettingsDialog::buildLogTab()
{
    auto *page = new QWidget(this);
    m_retentionDays = spinBox(page, "historyRetentionDays", 0, 3650, m_original.historyRetentionDays, tr(" days"));
    m_retentionDays->setSpecialValueText(tr("no age limit"));
    m_maxRows = spinBox(
        page, "historyMaxRows", 0, 100'000'000, int(std::min<qint64>(m_original.historyMaxRows, 100'000'000)));
    m_maxRows->setSingleStep(100'000);
    m_maxRows->setSpecialValueText(tr("no row limit"));
    auto *form = new QFormLayout(page);
    form->addRow(tr("Message log keeps at most (rows):"), m_logCapacity);
    form->addRow(note(tr("The window drops the oldest rows beyond this."), page));
    form->addRow(tr("Stored history is kept for:"), m_retentionDays);
    form->addRow(tr("Stored message log keeps at most (rows):"), m_maxRows);
    form->addRow(note(tr("The message log and the chat history are kept in a SQLite database in the app data folder "
                         "(File → Export stored history, File → Clear stored history)."),
        page));
    return page;
}

QWidget *SettingsDialog::buildLimitsTab()
{
    auto *page = new QWidget(this);
    const ServerConfig &c = m_original;
    m_maxConnections = spinBox(page, "maxConnections", 1, 1'000'000, c.maxConnections);
    m_maxMessage = spinBox(page, "maxMessageSize", 1, 256 * 1024, int(c.maxMessageSize / 1024), tr(" KiB"));
    m_maxFrame = spinBox(page, "maxFrameSize", 1, 256 * 1024, int(c.maxFrameSize / 1024), tr(" KiB"));
    m_rateLimit = new QDoubleSpinBox(page);
    m_rateLimit->setObjectName(QStringLiteral("rateLimit"));
    m_rateLimit->setRange(0, 1'000'000);
    m_rateLimit->setDecimals(1);
    m_rateLimit->setSpecialValueText(tr("no limit"));
    m_rateLimit->setSuffix(tr(" msg/s"));
    m_rateLimit->setValue(c.maxMessagesPerSecond);
    m_handshakeTimeout = spinBox(page, "handshakeTimeout", 1, 600, c.handshakeTimeoutMs / 1000, tr(" s"));
    m_heartbeat = spinBox(page, "heartbeatInterval", 0, 3600, c.heartbeatIntervalS, tr(" s"));
    m_heartbeat->setSpecialValueText(tr("never"));
    m_heartbeatTimeout = spinBox(page, "heartbeatTimeout", 1, 36'000, c.heartbeatTimeoutS, tr(" s"));
    m_maxPending = spinBox(page, "maxPendingOutput", 1, 1024 * 1024, int(c.maxPendingOutput / 1024), tr(" KiB"));
    m_threads = spinBox(page, "networkThreads", 0, 64, c.threads);
    // 0 follows the machine: what the server starts with is one thread per core it may use
    m_threads->setSpecialValueText(tr("auto (%1)").arg(std::max(QThread::idealThreadCount(), 1)));
    m_compression = new QCheckBox(tr("Compress messages when a client offers it (permessage-deflate)"), page);
    m_compression->setObjectName(QStringLiteral("compression"));
    m_compression->setChecked(c.compression);
    m_engine = new QComboBox(page);
    m_engine->setObjectName(QStringLiteral("engine"));
    m_engine->addItem(tr("Duplex (native framing, OpenSSL for wss://)"), int(Engine::Native));
    m_engine->addItem(tr("Qt WebSockets (QWebSocketServer, for comparison)"), int(Engine::Qt));
    m_engine->setCurrentIndex(m_engine->findData(int(c.engine)));
    // Compression is the native engine's: QWebSocket has no extensions.
    const auto followEngine
        = [this] { m_compression->setEnabled(m_engine->currentData().toInt() == int(Engine::Native)); };
    connect(m_engine, &QComboBox::currentIndexChanged, this, followEngine);
    followEngine();
    auto *form = new QFormLayout(page);
    form->addRow(tr("Most connections at once:"), m_maxConnections);
    form->addRow(tr("Largest message:"), m_maxMessage);
    form->addRow(tr("Largest frame:"), m_maxFrame);
    form->addRow(tr("Messages per second per connection:"), m_rateLimit);
    form->addRow(tr("Handshake timeout:"), m_handshakeTimeout);
    form->addRow(tr("Ping every client every:"), m_heartbeat);
    form->addRow(tr("Drop a client silent for:"), m_heartbeatTimeout);
    form->addRow(tr("Close a client that does not read after:"), m_maxPending);
    form->addRow(tr("Network threads:"), m_threads);
    form->addRow(tr("WebSocket engine:"), m_engine);
    form->addRow(m_compression);
    form->addRow(note(tr("Past the connection limit the next handshake gets HTTP 503. A larger message or frame closes "
                         "that connection with 1009, too many messages with 1008, a client that stops reading with "
                         "1008 once that much output waits for it."),
        page));
    form->addRow(note(tr("This computer has %n CPU core(s). A further network thread takes connections once each "
                         "thread before it serves 128.",
                          nullptr, QThread::idealThreadCount()),
        page));
    return page;
}

QWidget *SettingsDialog::buildAccessTab()
{
    auto *page = new QWidget(this);
    m_origins = new QLineEdit(m_original.allowedOrigins.join(QStringLiteral(", ")), page);
    m_origins->setObjectName(QStringLiteral("allowedOrigins"));
    m_origins->setPlaceholderText(tr("e.g. https://chat.example.org, or * for every origin"));
    m_token = new QLineEdit(m_original.token, page);
    m_token->setObjectName(QStringLiteral("accessToken"));
    m_token->setPlaceholderText(tr("none: anyone who can reach the port may connect"));
    auto *newToken = new QPushButton(tr("New token"), page);
    newToken->setObjectName(QStringLiteral("newToken"));
    connect(newToken, &QPushButton::clicked, this, [this] {
        QByteArray bytes(18, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
        m_token->setText(
            QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)));
    });
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(newToken);
    QHBoxLayout *certificateRow = nullptr;
    QHBoxLayout *keyRow = nullptr;
    m_certificate = fileField(page, "certificateFile", m_original.certificateFile, certificateRow);
    m_key = fileField(page, "keyFile", m_original.keyFile, keyRow);
    m_makeCertificate = new QPushButton(tr("Make a self-signed certificate for localhost"), page);
    m_makeCertificate->setObjectName(QStringLiteral("makeCertificate"));
    m_certificateStatus = new QLabel(page);
    m_certificateStatus->setObjectName(QStringLiteral("certificateStatus"));
    m_certificateStatus->setTextFormat(Qt::PlainText);
    m_certificateStatus->setWordWrap(true);
    m_certificateStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_maker = new CertificateMaker(this);
    connect(m_makeCertificate, &QPushButton::clicked, this, &SettingsDialog::makeCertificate);
    connect(m_maker, &CertificateMaker::finished, this,
        [this](const QString &certificate, const QString &key, const QString &error) {
            m_makeCertificate->setEnabled(true);
            if (!error.isEmpty()) {
                m_certificateStatus->setText(error);
                return;
            }
            m_certificate->setText(certificate);
            m_key->setText(key);
            m_certificateStatus->setText(
                tr("Made %1 and %2. The page will be at https:// and wss://.").arg(certificate, key) + u"\n\n"
                + CertificateMaker::trustInstructions(certificate));
        });

    auto *form = new QFormLayout(page);
    form->addRow(tr("Also allow pages from:"), m_origins);
    form->addRow(note(tr("A page of the same origin, localhost, 127.0.0.1 and clients that send no Origin are always "
                         "allowed; a page of any other origin gets 403 before the upgrade."),
        page));
    form->addRow(tr("Access token:"), tokenRow);
    form->addRow(note(tr("With a token, WebSocket clients must give ?token=… or \"Authorization: Bearer …\", and so "
                         "must /api/ requests; others get 401."),
        page));
    form->addRow(tr("TLS certificate (PEM):"), certificateRow);
    form->addRow(tr("TLS private key (PEM):"), keyRow);
    form->addRow(QString(), m_makeCertificate);
    form->addRow(m_certificateStatus);
    return page;
}

QWidget *SettingsDialog::buildClusterTab()
{
    auto *page = new QWidget(this);
    m_redis = new QLineEdit(m_original.redisUrl, page);
    m_redis->setObjectName(QStringLiteral("redisUrl"));
    m_redis->setPlaceholderText(tr("off, e.g. redis://127.0.0.1:6379"));
    m_redis->setClearButtonEnabled(true);
    m_nodeName = new QLineEdit(m_original.nodeName, page);
    m_nodeName->setObjectName(QStringLiteral("nodeName"));
    m_nodeName->setPlaceholderText(tr("host name and port"));
    auto *form = new QFormLayout(page);
    form->addRow(tr("Redis server:"), m_redis);
    form->addRow(tr("This server's name:"), m_nodeName);
    form->addRow(note(tr("Servers that share a Redis server chat as one: broadcasts reach the clients of every server, "
                         "and the connections view lists every server's clients. Without Redis this server is "
                         "self-contained."),
        page));
    return page;
}

void SettingsDialog::makeCertificate()
{
    m_makeCertificate->setEnabled(false);
    m_certificateStatus->setText(tr("Making a certificate…"));
    m_maker->make(CertificateMaker::defaultFolder());
}

void SettingsDialog::validate()
{
    QString error;
    RedisAddress redis;
    if (m_certificate->text().trimmed().isEmpty() != m_key->text().trimmed().isEmpty())
        error = tr("TLS needs both a certificate file and a key file.");
    else if (!m_redis->text().trimmed().isEmpty())
        error = RedisAddress::parse(m_redis->text().trimmed(), redis);
    if (error.isEmpty() && m_token->text().contains(QRegularExpression(QStringLiteral("\\s"))))
        error = tr("The access token cannot contain spaces.");
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    m_ok->setEnabled(error.isEmpty());
}

ServerConfig SettingsDialog::config() const
{
    ServerConfig c = m_original;
    c.historyRetentionDays = m_retentionDays->value();
    c.historyMaxRows = m_maxRows->value();
    c.maxConnections = m_maxConnections->value();
    c.maxMessageSize = qint64(m_maxMessage->value()) * 1024;
    c.maxFrameSize = qint64(m_maxFrame->value()) * 1024;
    c.maxMessagesPerSecond = m_rateLimit->value();
    c.handshakeTimeoutMs = m_handshakeTimeout->value() * 1000;
    c.heartbeatIntervalS = m_heartbeat->value();
    c.heartbeatTimeoutS = m_heartbeatTimeout->value();
    c.maxPendingOutput = qint64(m_maxPending->value()) * 1024;
    c.threads = m_threads->value();
    c.compression = m_compression->isChecked();
    c.engine = Engine(m_engine->currentData().toInt());
    c.allowedOrigins.clear();
    for (const QString &origin :
        m_origins->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
        c.allowedOrigins.append(origin);
    c.token = m_token->text().trimmed();
    c.certificateFile = m_certificate->text().trimmed();
    c.keyFile = m_key->text().trimmed();
    c.redisUrl = m_redis->text().trimmed();
    c.nodeName = m_nodeName->text().trimmed();
    return c;
}

int SettingsDialog::logCapacity() const
{
    return m_logCapacity->value();
}

bool SettingsDialog::needsRestart() const
{
    // Everything this dialog edits applies at the next start, except the stored history's retention (at once).
    ServerConfig edited = config();
    edited.historyRetentionDays = m_original.historyRetentionDays;
    edited.historyMaxRows = m_original.historyMaxRows;
    return edited != m_original;
}

} // namespace Duplex

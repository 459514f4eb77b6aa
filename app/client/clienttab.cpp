#include "clienttab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Duplex {

namespace {
constexpr int MaxLogLines = 5000;
const QString BinaryPrefix = QStringLiteral("hex:");
} // namespace

ClientTab::ClientTab(QWidget *parent)
    : QWidget(parent),
      m_client(new WebSocketClient(this)),
      m_urlLabel(new QLabel(this)),
      m_url(new QLineEdit(this)),
      m_protocolLabel(new QLabel(this)),
      m_subprotocol(new QLineEdit(this)),
      m_headersLabel(new QLabel(this)),
      m_headers(new QPlainTextEdit(this)),
      m_connect(new QPushButton(this)),
      m_autoReconnect(new QCheckBox(this)),
      m_state(new QLabel(this)),
      m_log(new QPlainTextEdit(this)),
      m_type(new QComboBox(this)),
      m_input(new QLineEdit(this)),
      m_send(new QPushButton(this)),
      m_ping(new QPushButton(this)),
      m_rtt(new QLabel(this)),
      m_simulate(new QPushButton(this)),
      m_load(new LoadGenerator(this)),
      m_savedLabel(new QLabel(this)),
      m_saved(new QListWidget(this)),
      m_save(new QToolButton(this)),
      m_removeSaved(new QToolButton(this))
{
    m_url->setObjectName(QStringLiteral("clientUrl"));
    m_subprotocol->setObjectName(QStringLiteral("clientSubprotocol"));
    m_headers->setObjectName(QStringLiteral("clientHeaders"));
    m_connect->setObjectName(QStringLiteral("clientConnect"));
    m_input->setObjectName(QStringLiteral("clientInput"));
    m_send->setObjectName(QStringLiteral("clientSend"));
    m_ping->setObjectName(QStringLiteral("clientPing"));
    m_log->setObjectName(QStringLiteral("clientLog"));
    m_saved->setObjectName(QStringLiteral("clientSaved"));
    m_type->setObjectName(QStringLiteral("clientType"));
    m_simulate->setObjectName(QStringLiteral("clientSimulate"));

    m_headers->setFixedHeight(m_headers->fontMetrics().lineSpacing() * 2 + 12);
    m_headers->setTabChangesFocus(true);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(MaxLogLines);
    m_log->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_state->setTextFormat(Qt::PlainText);
    m_rtt->setTextFormat(Qt::PlainText);
    m_rtt->setMinimumWidth(m_rtt->fontMetrics().horizontalAdvance(QStringLiteral("RTT 9999 ms")));
    m_saved->setMaximumHeight(90);
    m_type->addItem(QString());
    m_type->addItem(QString());
    // The pane fits beside the window's centre at 1024 px: the combo elides, the state may wrap.
    m_type->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_type->setMinimumContentsLength(5);
    m_state->setWordWrap(true);
    m_savedLabel->setWordWrap(true);

    auto *form = new QGridLayout;
    form->addWidget(m_urlLabel, 0, 0);
    form->addWidget(m_url, 0, 1, 1, 2);
    form->addWidget(m_protocolLabel, 1, 0);
    form->addWidget(m_subprotocol, 1, 1, 1, 2);
    form->addWidget(m_headersLabel, 2, 0, Qt::AlignTop);
    form->addWidget(m_headers, 2, 1, 1, 2);
    auto *connectRow = new QHBoxLayout;
    connectRow->addWidget(m_connect);
    connectRow->addWidget(m_autoReconnect);
    connectRow->addStretch();
    connectRow->addWidget(m_state);
    form->addLayout(connectRow, 3, 0, 1, 3);

    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_type);
    sendRow->addWidget(m_input, 1);
    sendRow->addWidget(m_send);
    sendRow->addWidget(m_save);
    auto *pingRow = new QHBoxLayout;
    pingRow->addWidget(m_ping);
    pingRow->addWidget(m_rtt);
    pingRow->addStretch();
    pingRow->addWidget(m_simulate);
    auto *savedHeader = new QHBoxLayout;
    savedHeader->addWidget(m_savedLabel, 1); // one line when there is room, wrapped in a narrow dock
    savedHeader->addWidget(m_removeSaved);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_log, 1);
    layout->addLayout(sendRow);
    layout->addLayout(pingRow);
    layout->addLayout(savedHeader);
    layout->addWidget(m_saved);

    connect(m_url, &QLineEdit::textEdited, this, [this] { m_urlEdited = true; });
    connect(m_connect, &QPushButton::clicked, this, [this] {
        if (m_client->state() == WebSocketClient::State::Disconnected)
            connectToServer();
        else
            m_client->close(1000);
    });
    connect(m_autoReconnect, &QCheckBox::toggled, m_client, &WebSocketClient::setAutoReconnect);
    connect(m_input, &QLineEdit::returnPressed, this, &ClientTab::sendCurrent);
    connect(m_send, &QPushButton::clicked, this, &ClientTab::sendCurrent);
    connect(m_ping, &QPushButton::clicked, this, [this] { m_client->ping(); });
    connect(m_save, &QToolButton::clicked, this, [this] {
        const QString text = m_input->text();
        if (text.isEmpty())
            return;
        const QString entry = m_type->currentIndex() == 1 ? BinaryPrefix + text : text;
        if (savedMessages().contains(entry))
            return;
        m_saved->addItem(entry);
        Q_EMIT savedMessagesChanged(savedMessages());
    });
    connect(m_removeSaved, &QToolButton::clicked, this, [this] {
        delete m_saved->currentItem();
        Q_EMIT savedMessagesChanged(savedMessages());
    });
    // A click selects (e.g. to remove it); a double click or Enter sends.
    connect(m_saved, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) { sendSaved(item->text()); });
    m_removeSaved->setEnabled(false); // until a saved message is selected
    connect(m_saved, &QListWidget::currentItemChanged, this,
        [this](QListWidgetItem *current) { m_removeSaved->setEnabled(current != nullptr); });
    connect(m_client, &WebSocketClient::frame, this, &ClientTab::appendFrame);
    connect(m_client, &WebSocketClient::stateChanged, this, &ClientTab::updateState);
    connect(m_simulate, &QPushButton::clicked, this, [this] {
        if (m_load->isRunning())
            m_load->stop();
        else
            simulateClients();
    });
    connect(m_load, &LoadGenerator::progress, this, &ClientTab::showLoadProgress);
    connect(m_load, &LoadGenerator::finished, this, &ClientTab::showLoadResult);
    connect(m_client, &WebSocketClient::pongReceived, this, [this](qint64 ms) {
        m_lastRtt = ms;
        m_rtt->setText(tr("RTT %1 ms").arg(ms));
    });
    retranslateUi();
    updateState();
}

QString ClientTab::url() const
{
    return m_url->text().trimmed();
}

void ClientTab::setUrl(const QString &url)
{
    m_url->setText(url);
    m_urlEdited = true;
}

void ClientTab::setDefaultUrl(const QString &url)
{
    m_defaultUrl = url;
    if (!m_urlEdited)
        m_url->setText(url);
}

void ClientTab::setSavedMessages(const QStringList &messages)
{
    m_saved->clear();
    m_saved->addItems(messages);
}

QStringList ClientTab::savedMessages() const
{
    QStringList list;
    for (int i = 0; i < m_saved->count(); ++i)
        list.append(m_saved->item(i)->text());
    return list;
}

void ClientTab::connectToServer()
{
    const QUrl target = QUrl::fromUserInput(url());
    if (!target.isValid() || (target.scheme() != u"ws" && target.scheme() != u"wss")) {
        appendFrame({QDateTime::currentMSecsSinceEpoch(), ClientFrame::Direction::System, ClientFrame::Kind::Error, {},
            tr("Enter a ws:// or wss:// URL.")});
        return;
    }
    ClientOptions options;
    options.url = target;
    const QString protocol = m_subprotocol->text().trimmed();
    if (!protocol.isEmpty())
        options.subprotocols = protocol.split(u',', Qt::SkipEmptyParts);
    for (QString &p : options.subprotocols)
        p = p.trimmed();
    const QStringList headerLines = m_headers->toPlainText().split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : headerLines) {
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0) {
            appendFrame({QDateTime::currentMSecsSinceEpoch(), ClientFrame::Direction::System, ClientFrame::Kind::Error,
                {}, tr("Ignored header line without a colon: %1").arg(line)});
            continue;
        }
        options.headers.append({line.left(colon).trimmed().toUtf8(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    options.autoReconnect = m_autoReconnect->isChecked();
    m_client->open(options);
}

void ClientTab::sendCurrent()
{
    const QString text = m_input->text();
    if (m_client->state() != WebSocketClient::State::Connected)
        return;
    if (m_type->currentIndex() == 1) {
        QByteArray data;
        if (!WebSocketClient::parseHex(text, data)) {
            appendFrame({QDateTime::currentMSecsSinceEpoch(), ClientFrame::Direction::System, ClientFrame::Kind::Error,
                {}, tr("Not valid hex: use pairs of digits 0-9 and a-f, optionally separated by spaces.")});
            return;
        }
        m_client->sendBinary(data);
    } else {
        m_client->sendText(text);
    }
    m_input->clear();
}

void ClientTab::sendSaved(const QString &entry)
{
    if (m_client->state() != WebSocketClient::State::Connected)
        return;
    if (entry.startsWith(BinaryPrefix)) {
        QByteArray data;
        if (WebSocketClient::parseHex(entry.mid(BinaryPrefix.size()), data))
            m_client->sendBinary(data);
        return;
    }
    m_client->sendText(entry);
}

void ClientTab::simulateClients()
{
    const QUrl target = QUrl::fromUserInput(url());
    if (!target.isValid() || (target.scheme() != u"ws" && target.scheme() != u"wss")) {
        appendFrame({QDateTime::currentMSecsSinceEpoch(), ClientFrame::Direction::System, ClientFrame::Kind::Error, {},
            tr("Enter a ws:// or wss:// URL.")});
        return;
    }
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("simulateDialog"));
    dialog.setWindowTitle(tr("Simulate clients"));
    auto *connections = new QSpinBox(&dialog);
    connections->setObjectName(QStringLiteral("simulateConnections"));
    connections->setRange(1, 10000);
    connections->setValue(100);
    auto *size = new QSpinBox(&dialog);
    size->setObjectName(QStringLiteral("simulateSize"));
    size->setRange(0, 1024 * 1024);
    size->setValue(16);
    size->setSuffix(tr(" bytes"));
    auto *duration = new QSpinBox(&dialog);
    duration->setObjectName(QStringLiteral("simulateDuration"));
    duration->setRange(1, 600);
    duration->setValue(10);
    duration->setSuffix(tr(" s"));
    auto *binary = new QCheckBox(tr("Binary messages"), &dialog);
    binary->setObjectName(QStringLiteral("simulateBinary"));
    binary->setChecked(true);
    auto *note = new QLabel(tr("Each client sends a message, waits for it to come back unchanged and sends the next. "
                               "Raw mode returns every frame; echo mode returns binary frames unchanged but answers "
                               "text with its reply, which counts as a mismatch. The first second is a warm-up."),
        &dialog);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("Server:"), new QLabel(target.toDisplayString(), &dialog));
    form->addRow(tr("Clients:"), connections);
    form->addRow(tr("Message size:"), size);
    form->addRow(tr("Duration:"), duration);
    form->addRow(QString(), binary);
    form->addRow(note);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    LoadOptions options;
    options.url = target;
    options.connections = connections->value();
    options.messageSize = size->value();
    options.durationSeconds = duration->value();
    options.binary = binary->isChecked();
    startSimulation(options);
}

void ClientTab::startSimulation(const LoadOptions &options)
{
    if (m_load->isRunning())
        return;
    appendInfo(tr("Simulating %n client(s) against %1: %2-byte messages for %3 s…", nullptr, options.connections)
                   .arg(options.url.toDisplayString())
                   .arg(options.messageSize)
                   .arg(options.durationSeconds));
    m_load->start(options);
    updateSimulateButton();
}

void ClientTab::showLoadProgress(const LoadProgress &p)
{
    QString phase;
    switch (p.phase) {
    case LoadProgress::Phase::Connecting:
        phase = tr("connecting");
        break;
    case LoadProgress::Phase::WarmingUp:
        phase = tr("warming up");
        break;
    case LoadProgress::Phase::Measuring:
        phase = tr("measuring");
        break;
    case LoadProgress::Phase::Draining:
        phase = tr("finishing");
        break;
    }
    appendInfo(tr("Simulation %1 s, %2: %3 open, %4 messages/s, errors %5, mismatches %6")
                   .arg(p.elapsedSeconds, 0, 'f', 0)
                   .arg(phase)
                   .arg(p.open)
                   .arg(p.messagesPerSecond, 0, 'f', 0)
                   .arg(p.errors)
                   .arg(p.mismatches));
}

void ClientTab::showLoadResult(const LoadResult &r)
{
    updateSimulateButton();
    if (!r.ok) {
        appendFrame({QDateTime::currentMSecsSinceEpoch(), ClientFrame::Direction::System, ClientFrame::Kind::Error, {},
            tr("Simulation failed: %1").arg(r.error)});
        return;
    }
    appendInfo(tr("Simulation done: %1 of %2 clients open on %3 threads; %4 messages/s over %5 s; latency p50 %6 ms, "
                  "p99 %7 ms, max %8 ms; errors %9, mismatches %10, lost %11")
                   .arg(r.opened)
                   .arg(r.connections)
                   .arg(r.threads)
                   .arg(r.messagesPerSecond, 0, 'f', 0)
                   .arg(r.seconds, 0, 'f', 1)
                   .arg(r.p50Ms, 0, 'f', 2)
                   .arg(r.p99Ms, 0, 'f', 2)
                   .arg(r.maxMs, 0, 'f', 2)
                   .arg(r.errors)
                   .arg(r.mismatches)
                   .arg(r.lost));
}

void ClientTab::appendInfo(const QString &text)
{
    appendFrame(
        {QDateTime::currentMSecsSinceEpoch(), ClientFrame::Direction::System, ClientFrame::Kind::Info, {}, text});
}

void ClientTab::updateSimulateButton()
{
    const bool running = m_load->isRunning();
    m_simulate->setText(running ? tr("Stop simulation") : tr("Simulate clients…"));
    m_simulate->setToolTip(running ? QString()
                                   : tr("Open many connections to this URL and measure messages per second and "
                                        "latency"));
}

void ClientTab::appendFrame(const ClientFrame &frame)
{
    const QString time = QDateTime::fromMSecsSinceEpoch(frame.timestampMs).toString(QStringLiteral("HH:mm:ss.zzz"));
    QString arrow;
    switch (frame.direction) {
    case ClientFrame::Direction::In:
        arrow = QStringLiteral("<");
        break;
    case ClientFrame::Direction::Out:
        arrow = QStringLiteral(">");
        break;
    case ClientFrame::Direction::System:
        arrow = QStringLiteral("*");
        break;
    }
    QString body;
    switch (frame.kind) {
    case ClientFrame::Kind::Text:
        body = QString::fromUtf8(frame.payload);
        break;
    case ClientFrame::Kind::Binary:
        body = tr("[binary, %n byte(s)] ", nullptr, int(frame.payload.size()))
            + QString::fromLatin1(frame.payload.left(256).toHex(' '));
        break;
    case ClientFrame::Kind::Ping:
        body = tr("ping");
        break;
    case ClientFrame::Kind::Pong:
        body = frame.note.isEmpty() ? tr("pong") : frame.note;
        break;
    default:
        body = frame.note;
        break;
    }
    // appendPlainText: the text is never interpreted as HTML.
    m_log->appendPlainText(time + u' ' + arrow + u' ' + body);
}

void ClientTab::updateState()
{
    const auto state = m_client->state();
    const bool connected = state == WebSocketClient::State::Connected;
    const bool idle = state == WebSocketClient::State::Disconnected;
    m_connect->setText(idle ? tr("Connect") : tr("Disconnect"));
    m_send->setEnabled(connected);
    m_ping->setEnabled(connected);
    m_input->setEnabled(connected);
    m_url->setEnabled(idle);
    m_subprotocol->setEnabled(idle);
    m_headers->setEnabled(idle);
    switch (state) {
    case WebSocketClient::State::Disconnected:
        m_state->setText(tr("Disconnected"));
        break;
    case WebSocketClient::State::Connecting:
        m_state->setText(tr("Connecting…"));
        break;
    case WebSocketClient::State::Connected: {
        const QString protocol = m_client->negotiatedSubprotocol();
        m_state->setText(protocol.isEmpty() ? tr("Connected") : tr("Connected (%1)").arg(protocol));
        break;
    }
    case WebSocketClient::State::Closing:
        m_state->setText(tr("Closing…"));
        break;
    case WebSocketClient::State::WaitingToReconnect:
        m_state->setText(tr("Waiting to reconnect…"));
        break;
    }
    Q_EMIT titleChanged(connected ? tr("Client (port %1)").arg(m_client->localPort()) : tr("Client"));
}

void ClientTab::retranslateUi()
{
    m_urlLabel->setText(tr("URL:"));
    m_url->setPlaceholderText(tr("ws://127.0.0.1:8090/"));
    m_protocolLabel->setText(tr("Subprotocol:"));
    m_subprotocol->setPlaceholderText(tr("optional, e.g. duplex.v1"));
    m_headersLabel->setText(tr("Headers:"));
    m_headers->setPlaceholderText(tr("optional, one per line: Name: value"));
    m_autoReconnect->setText(tr("Auto-reconnect"));
    m_type->setItemText(0, tr("Text"));
    m_type->setItemText(1, tr("Binary (hex)"));
    m_input->setPlaceholderText(tr("Message; Enter sends"));
    m_send->setText(tr("Send"));
    m_ping->setText(tr("Ping"));
    m_rtt->setText(m_lastRtt < 0 ? tr("RTT –") : tr("RTT %1 ms").arg(m_lastRtt));
    m_save->setText(tr("Save"));
    m_save->setToolTip(tr("Keep this message in the list below to send it again with one click"));
    m_savedLabel->setText(tr("Saved messages (double-click to send):"));
    m_removeSaved->setText(tr("Remove"));
    updateSimulateButton();
    updateState();
}

void ClientTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace Duplex

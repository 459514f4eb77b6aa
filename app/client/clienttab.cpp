#include "clienttab.h"

#include "clientlogmodel.h"
#include "frameinspector.h"
#include "payloadformat.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace Duplex {

namespace {
const QString BinaryPrefix = QStringLiteral("hex:");

// Scheme, host and port: what "the same server" means when the server moves.
QString originOf(const QUrl &url)
{
    return url.scheme() + u"://" + url.host() + u':' + QString::number(url.port(url.scheme() == u"wss" ? 443 : 80));
}
} // namespace

ClientTab::ClientTab(QWidget *parent)
    : QWidget(parent),
      m_client(new WebSocketClient(this)),
      m_profileLabel(new QLabel(this)),
      m_profile(new QComboBox(this)),
      m_saveProfile(new QToolButton(this)),
      m_deleteProfile(new QToolButton(this)),
      m_urlLabel(new QLabel(this)),
      m_url(new QLineEdit(this)),
      m_protocolLabel(new QLabel(this)),
      m_subprotocol(new QLineEdit(this)),
      m_tokenLabel(new QLabel(this)),
      m_token(new QLineEdit(this)),
      m_headersLabel(new QLabel(this)),
      m_headers(new QPlainTextEdit(this)),
      m_connect(new QPushButton(this)),
      m_closeWith(new QToolButton(this)),
      m_autoReconnect(new QCheckBox(this)),
      m_compress(new QCheckBox(this)),
      m_insecure(new QCheckBox(this)),
      m_state(new QLabel(this)),
      m_logSplit(new QSplitter(Qt::Vertical, this)),
      m_log(new QListView(m_logSplit)),
      m_logModel(new ClientLogModel(this)),
      m_inspector(new FrameInspector(QStringLiteral("clientDetail"), m_logSplit)),
      m_type(new QComboBox(this)),
      m_input(new QPlainTextEdit(this)),
      m_formatJson(new QToolButton(this)),
      m_send(new QPushButton(this)),
      m_ping(new QPushButton(this)),
      m_rtt(new QLabel(this)),
      m_pingEveryLabel(new QLabel(this)),
      m_pingEvery(new QSpinBox(this)),
      m_simulate(new QPushButton(this)),
      m_load(new LoadGenerator(this)),
      m_savedLabel(new QLabel(this)),
      m_saved(new QListWidget(this)),
      m_save(new QToolButton(this)),
      m_removeSaved(new QToolButton(this))
{
    m_profile->setObjectName(QStringLiteral("clientProfile"));
    m_saveProfile->setObjectName(QStringLiteral("clientSaveProfile"));
    m_deleteProfile->setObjectName(QStringLiteral("clientDeleteProfile"));
    m_url->setObjectName(QStringLiteral("clientUrl"));
    m_subprotocol->setObjectName(QStringLiteral("clientSubprotocol"));
    m_token->setObjectName(QStringLiteral("clientToken"));
    m_headers->setObjectName(QStringLiteral("clientHeaders"));
    m_connect->setObjectName(QStringLiteral("clientConnect"));
    m_closeWith->setObjectName(QStringLiteral("clientCloseWith"));
    m_insecure->setObjectName(QStringLiteral("clientIgnoreCertificateErrors"));
    m_compress->setObjectName(QStringLiteral("clientCompress"));
    m_input->setObjectName(QStringLiteral("clientInput"));
    m_formatJson->setObjectName(QStringLiteral("clientFormatJson"));
    m_send->setObjectName(QStringLiteral("clientSend"));
    m_ping->setObjectName(QStringLiteral("clientPing"));
    m_pingEvery->setObjectName(QStringLiteral("clientPingEvery"));
    m_log->setObjectName(QStringLiteral("clientLog"));
    m_inspector->setObjectName(QStringLiteral("clientInspector"));
    m_saved->setObjectName(QStringLiteral("clientSaved"));
    m_type->setObjectName(QStringLiteral("clientType"));
    m_simulate->setObjectName(QStringLiteral("clientSimulate"));

    m_client->setCertificateHint(tr("tick \"Ignore certificate errors\" to accept it"));
    m_profile->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_profile->setMinimumContentsLength(4);
    m_token->setEchoMode(QLineEdit::PasswordEchoOnEdit); // shown while typed, dots otherwise (screenshots, demos)
    m_headers->setFixedHeight(m_headers->fontMetrics().lineSpacing() * 2 + 12);
    m_headers->setTabChangesFocus(true);
    m_log->setModel(m_logModel);
    m_log->setUniformItemSizes(true);
    m_log->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setContextMenuPolicy(Qt::CustomContextMenu);
    m_log->setTextElideMode(Qt::ElideRight);
    m_logSplit->setChildrenCollapsible(true);
    m_logSplit->setStretchFactor(0, 3);
    m_logSplit->setStretchFactor(1, 2);
    m_logSplit->setSizes({1, 0}); // the inspector opens when a frame is selected
    m_inspector->setMinimumHeight(1); // collapsed, it asks no room of the dock (the window fits 1024x700)
    m_log->setMinimumHeight(m_log->fontMetrics().lineSpacing() * 4);
    m_state->setTextFormat(Qt::PlainText);
    m_rtt->setTextFormat(Qt::PlainText);
    m_rtt->setMinimumWidth(m_rtt->fontMetrics().horizontalAdvance(QStringLiteral("RTT 9999 ms")));
    m_pingEvery->setRange(0, 3600);
    m_saved->setMaximumHeight(64);
    m_type->addItem(QString());
    m_type->addItem(QString());
    m_input->setTabChangesFocus(true);
    m_input->setFixedHeight(m_input->fontMetrics().lineSpacing() * 3 + 12);
    m_input->installEventFilter(this);
    m_closeWith->setPopupMode(QToolButton::InstantPopup);
    m_closeWith->setArrowType(Qt::DownArrow);
    auto *closeMenu = new QMenu(m_closeWith);
    m_closeWith->setMenu(closeMenu);
    // The pane fits beside the window's centre at 1024 px: the combo elides, the state may wrap.
    m_type->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_type->setMinimumContentsLength(5);
    m_state->setWordWrap(true);
    m_savedLabel->setWordWrap(true);

    auto *form = new QGridLayout;
    auto *profileRow = new QHBoxLayout;
    profileRow->addWidget(m_profile, 1);
    profileRow->addWidget(m_saveProfile);
    profileRow->addWidget(m_deleteProfile);
    form->addWidget(m_profileLabel, 0, 0);
    form->addLayout(profileRow, 0, 1, 1, 3);
    form->addWidget(m_urlLabel, 1, 0);
    form->addWidget(m_url, 1, 1, 1, 3);
    form->addWidget(m_protocolLabel, 2, 0);
    form->addWidget(m_subprotocol, 2, 1);
    form->addWidget(m_tokenLabel, 2, 2);
    form->addWidget(m_token, 2, 3);
    form->addWidget(m_headersLabel, 3, 0, Qt::AlignTop);
    form->addWidget(m_headers, 3, 1, 1, 3);
    form->setColumnStretch(1, 1);
    form->setColumnStretch(3, 1);
    auto *connectRow = new QHBoxLayout;
    connectRow->setSpacing(2);
    connectRow->addWidget(m_connect);
    connectRow->addWidget(m_closeWith);
    connectRow->addSpacing(6);
    connectRow->addWidget(m_state, 1);
    auto *optionsRow = new QHBoxLayout;
    optionsRow->addWidget(m_autoReconnect);
    optionsRow->addStretch();
    optionsRow->addWidget(m_pingEveryLabel);
    optionsRow->addWidget(m_pingEvery);

    auto *sendRow = new QHBoxLayout;
    auto *sendButtons = new QVBoxLayout;
    sendButtons->addWidget(m_send);
    auto *sendTools = new QHBoxLayout;
    sendTools->addWidget(m_formatJson);
    sendTools->addWidget(m_save);
    sendButtons->addLayout(sendTools);
    sendButtons->addStretch();
    auto *typeColumn = new QVBoxLayout;
    typeColumn->addWidget(m_type);
    typeColumn->addStretch();
    sendRow->addLayout(typeColumn);
    sendRow->addWidget(m_input, 1);
    sendRow->addLayout(sendButtons);
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
    layout->addLayout(connectRow);
    layout->addLayout(optionsRow);
    // Options of the connection's transport, on a row of their own: the one above is as wide as a narrow dock allows.
    auto *transportRow = new QHBoxLayout;
    transportRow->addWidget(m_compress);
    transportRow->addWidget(m_insecure);
    transportRow->addStretch();
    layout->addLayout(transportRow);
    layout->addWidget(m_logSplit, 1);
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
    connect(closeMenu->addAction(QString()), &QAction::triggered, this, &ClientTab::askCloseCode);
    connect(m_autoReconnect, &QCheckBox::toggled, m_client, &WebSocketClient::setAutoReconnect);
    connect(m_insecure, &QCheckBox::toggled, this, &ClientTab::updateInsecureLook);
    connect(m_send, &QPushButton::clicked, this, &ClientTab::sendCurrent);
    connect(m_formatJson, &QToolButton::clicked, this, &ClientTab::formatJson);
    connect(m_ping, &QPushButton::clicked, this, [this] { m_client->ping(); });
    connect(
        m_pingEvery, &QSpinBox::valueChanged, this, [this](int seconds) { m_client->setPingInterval(seconds * 1000); });
    connect(m_profile, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            applyProfile(m_profile->itemText(index));
        m_deleteProfile->setEnabled(index > 0);
    });
    connect(m_saveProfile, &QToolButton::clicked, this, &ClientTab::askProfileName);
    connect(m_deleteProfile, &QToolButton::clicked, this, [this] {
        const QString name = m_profile->currentText();
        for (qsizetype i = 0; i < m_profiles.size(); ++i) {
            if (m_profiles.at(i).toObject().value(u"name").toString() == name) {
                m_profiles.removeAt(i);
                break;
            }
        }
        updateProfileCombo();
        Q_EMIT profilesChanged(m_profiles);
    });
    connect(m_save, &QToolButton::clicked, this, [this] {
        const QString text = m_input->toPlainText();
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
    connect(m_log->selectionModel(), &QItemSelectionModel::currentChanged, this, &ClientTab::showSelectedFrame);
    connect(m_log, &QListView::customContextMenuRequested, this, &ClientTab::showLogMenu);
    m_log->installEventFilter(this); // Ctrl+C copies the messages, not the view's lines
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
    updateProfileCombo();
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
    const QString previous = std::exchange(m_defaultUrl, url);
    if (!m_urlEdited) {
        m_url->setText(url);
        return;
    }
    // The user's URL still names the server's old address (another port, ws:// before TLS): move it along.
    const QUrl mine = QUrl::fromUserInput(m_url->text().trimmed());
    const QUrl before(previous);
    const QUrl now(url);
    if (previous.isEmpty() || !mine.isValid() || originOf(mine) != originOf(before)
        || originOf(before) == originOf(now))
        return;
    QUrl moved = mine;
    moved.setScheme(now.scheme());
    moved.setHost(now.host());
    moved.setPort(now.port());
    m_url->setText(moved.toString());
}

void ClientTab::restoreUrl(const QString &url, const QString &serverUrl)
{
    setUrl(url);
    m_defaultUrl = serverUrl;
}

void ClientTab::setServerCertificates(const QList<QSslCertificate> &certificates)
{
    m_serverCertificates = certificates;
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

void ClientTab::setProfiles(const QJsonArray &profiles)
{
    m_profiles = profiles;
    updateProfileCombo();
}

void ClientTab::updateProfileCombo()
{
    const QString current = m_profile->currentIndex() > 0 ? m_profile->currentText() : QString();
    const QSignalBlocker blocker(m_profile);
    m_profile->clear();
    m_profile->addItem(tr("(none)"));
    for (const QJsonValue &p : std::as_const(m_profiles))
        m_profile->addItem(p.toObject().value(u"name").toString());
    const int index = current.isEmpty() ? 0 : std::max(0, m_profile->findText(current));
    m_profile->setCurrentIndex(index);
    m_deleteProfile->setEnabled(index > 0);
    m_profile->setEnabled(!m_profiles.isEmpty());
}

void ClientTab::applyProfile(const QString &name)
{
    for (const QJsonValue &value : std::as_const(m_profiles)) {
        const QJsonObject p = value.toObject();
        if (p.value(u"name").toString() != name)
            continue;
        setUrl(p.value(u"url").toString());
        m_subprotocol->setText(p.value(u"subprotocol").toString());
        m_headers->setPlainText(p.value(u"headers").toString());
        m_token->setText(p.value(u"token").toString());
        m_insecure->setChecked(p.value(u"ignoreCertificateErrors").toBool());
        m_pingEvery->setValue(p.value(u"pingSeconds").toInt());
        m_autoReconnect->setChecked(p.value(u"autoReconnect").toBool());
        m_compress->setChecked(p.value(u"compress").toBool());
        m_profile->setCurrentIndex(std::max(0, m_profile->findText(name)));
        m_deleteProfile->setEnabled(m_profile->currentIndex() > 0);
        return;
    }
}

void ClientTab::saveProfile(const QString &name)
{
    const QJsonObject profile {{QStringLiteral("name"), name}, {QStringLiteral("url"), url()},
        {QStringLiteral("subprotocol"), m_subprotocol->text().trimmed()},
        {QStringLiteral("headers"), m_headers->toPlainText()}, {QStringLiteral("token"), m_token->text()},
        {QStringLiteral("ignoreCertificateErrors"), m_insecure->isChecked()},
        {QStringLiteral("pingSeconds"), m_pingEvery->value()},
        {QStringLiteral("autoReconnect"), m_autoReconnect->isChecked()},
        {QStringLiteral("compress"), m_compress->isChecked()}};
    bool replaced = false;
    for (qsizetype i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles.at(i).toObject().value(u"name").toString() == name) {
            m_profiles.replace(i, profile);
            replaced = true;
        }
    }
    if (!replaced)
        m_profiles.append(profile);
    updateProfileCombo();
    m_profile->setCurrentIndex(std::max(0, m_profile->findText(name)));
    m_deleteProfile->setEnabled(true);
    Q_EMIT profilesChanged(m_profiles);
}

void ClientTab::askProfileName()
{
    bool ok = false;
    const QString current = m_profile->currentIndex() > 0 ? m_profile->currentText() : QUrl(url()).host();
    const QString name = QInputDialog::getText(this, tr("Save connection profile"),
        tr("Name (the URL, subprotocol, headers, token and options are kept):"), QLineEdit::Normal, current, &ok)
                             .trimmed();
    if (ok && !name.isEmpty())
        saveProfile(name);
}

void ClientTab::setSimulationHeader(const QByteArray &name, const QByteArray &value)
{
    m_simulationHeader = {name, value};
}

void ClientTab::connectToServer()
{
    const QUrl target = QUrl::fromUserInput(url());
    if (!target.isValid() || (target.scheme() != u"ws" && target.scheme() != u"wss")) {
        appendError(tr("Enter a ws:// or wss:// URL."));
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
            appendError(tr("Ignored header line without a colon: %1").arg(line));
            continue;
        }
        options.headers.append({line.left(colon).trimmed().toUtf8(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    if (const QString token = m_token->text().trimmed(); !token.isEmpty())
        options.headers.append({"Authorization", "Bearer " + token.toUtf8()});
    options.autoReconnect = m_autoReconnect->isChecked();
    options.insecure = m_insecure->isChecked();
    options.compress = m_compress->isChecked();
    options.trustedCertificates = m_serverCertificates;
    m_client->open(options);
}

void ClientTab::sendCurrent()
{
    const QString text = m_input->toPlainText();
    if (m_client->state() != WebSocketClient::State::Connected)
        return;
    if (m_type->currentIndex() == 1) {
        QByteArray data;
        if (!WebSocketClient::parseHex(text, data)) {
            appendError(tr("Not valid hex: use pairs of digits 0-9 and a-f, optionally separated by spaces."));
            return;
        }
        m_client->sendBinary(data);
    } else {
        m_client->sendText(text);
    }
    m_input->clear();
}

void ClientTab::resend(const QByteArray &payload, bool binary)
{
    if (m_client->state() == WebSocketClient::State::Connected) {
        if (binary)
            m_client->sendBinary(payload);
        else
            m_client->sendText(QString::fromUtf8(payload));
        return;
    }
    m_type->setCurrentIndex(binary ? 1 : 0);
    m_input->setPlainText(binary ? QString::fromLatin1(payload.toHex(' ')) : QString::fromUtf8(payload));
    appendInfo(tr("Not connected: the message is in the editor, send it once connected."));
}

QString ClientTab::closeWith(int code, const QString &reason)
{
    const QString error = WebSocketClient::closeError(code, reason);
    if (!error.isEmpty())
        return error;
    m_client->close(code, reason);
    return {};
}

void ClientTab::askCloseCode()
{
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("closeDialog"));
    dialog.setWindowTitle(tr("Close with code and reason"));
    auto *code = new QSpinBox(&dialog);
    code->setObjectName(QStringLiteral("closeCode"));
    code->setRange(1000, 4999);
    code->setValue(1000);
    auto *reason = new QLineEdit(&dialog);
    reason->setObjectName(QStringLiteral("closeReason"));
    reason->setMaxLength(123);
    auto *hint = new QLabel(tr("1000 normal, 1001 going away, 1008 policy violation, 1011 server error; "
                               "3000-4999 for applications. The reason takes at most 123 bytes."),
        &dialog);
    hint->setWordWrap(true);
    auto *error = new QLabel(&dialog);
    error->setTextFormat(Qt::PlainText);
    error->setStyleSheet(QStringLiteral("color: #c01c28"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Close connection"));
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        const QString problem = WebSocketClient::closeError(code->value(), reason->text());
        if (problem.isEmpty())
            dialog.accept();
        else
            error->setText(problem);
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("Code:"), code);
    form->addRow(tr("Reason:"), reason);
    form->addRow(hint);
    form->addRow(error);
    form->addRow(buttons);
    if (dialog.exec() == QDialog::Accepted)
        closeWith(code->value(), reason->text());
}

bool ClientTab::formatJson()
{
    QString error;
    const QString pretty = PayloadFormat::prettyJson(m_input->toPlainText().toUtf8(), &error);
    if (pretty.isEmpty()) {
        appendError(error); // "not JSON: … at byte N"
        return false;
    }
    m_input->setPlainText(pretty);
    return true;
}

bool ClientTab::eventFilter(QObject *watched, QEvent *event)
{
    // In the message editor, Enter sends and Shift+Enter starts a new line.
    if (watched == m_input && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && !(key->modifiers() & Qt::ShiftModifier)) {
            sendCurrent();
            return true;
        }
    }
    if (watched == m_log && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Copy)) {
        copySelected(false);
        return true;
    }
    return QWidget::eventFilter(watched, event);
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

void ClientTab::showSelectedFrame()
{
    const QModelIndex current = m_log->currentIndex();
    if (!current.isValid()) {
        m_inspector->clear();
        return;
    }
    const ClientFrame &f = m_logModel->frame(current.row());
    const QString header = QDateTime::fromMSecsSinceEpoch(f.timestampMs).toString(QStringLiteral("HH:mm:ss.zzz"))
        + u" · "
        + (f.direction == ClientFrame::Direction::In         ? tr("received")
                : f.direction == ClientFrame::Direction::Out ? tr("sent")
                                                             : tr("event"))
        + u" · " + tr("%n byte(s)", nullptr, int(f.payload.size()));
    const bool isText = f.kind == ClientFrame::Kind::Text;
    m_inspector->showFrame(header, ClientLogModel::body(f, 1 << 20), f.payload, isText);
    if (m_logSplit->sizes().value(1) == 0) {
        const int total = m_logSplit->height();
        m_logSplit->setSizes({total * 3 / 5, total * 2 / 5});
    }
}

void ClientTab::showLogMenu(const QPoint &position)
{
    QMenu menu(this);
    const bool selected = m_log->selectionModel()->hasSelection();
    QAction *copy = menu.addAction(tr("Copy message"), this, [this] { copySelected(false); });
    copy->setShortcut(QKeySequence::Copy);
    copy->setEnabled(selected);
    menu.addAction(tr("Copy as hex"), this, [this] { copySelected(true); })->setEnabled(selected);
    menu.addAction(tr("Copy all lines"), this, [this] { QApplication::clipboard()->setText(logText()); });
    menu.addSeparator();
    menu.addAction(tr("Clear"), this, [this] {
        m_logModel->clear();
        m_inspector->clear();
    });
    menu.exec(m_log->viewport()->mapToGlobal(position));
}

void ClientTab::copySelected(bool asHex)
{
    QModelIndexList rows = m_log->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    QStringList parts;
    for (const QModelIndex &index : std::as_const(rows)) {
        const ClientFrame &f = m_logModel->frame(index.row());
        parts.append(asHex ? QString::fromLatin1(f.payload.toHex(' ')) : ClientLogModel::copyText(f));
    }
    if (!parts.isEmpty())
        QApplication::clipboard()->setText(parts.join(u'\n'));
}

QString ClientTab::logText() const
{
    QStringList lines;
    for (int row = 0; row < m_logModel->rowCount(); ++row)
        lines.append(ClientLogModel::line(m_logModel->frame(row)));
    return lines.join(u'\n');
}

void ClientTab::updateInsecureLook()
{
    // Clearly marked: a tab that accepts any certificate says so in red, here and in its state.
    m_insecure->setStyleSheet(m_insecure->isChecked() ? QStringLiteral("color: #c01c28") : QString());
    updateState();
}

void ClientTab::simulateClients()
{
    const QUrl target = QUrl::fromUserInput(url());
    if (!target.isValid() || (target.scheme() != u"ws" && target.scheme() != u"wss")) {
        appendError(tr("Enter a ws:// or wss:// URL."));
        return;
    }
    // The dialog opens with the values of the last run.
    QSettings settings;
    settings.beginGroup(QStringLiteral("client/simulate"));
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("simulateDialog"));
    dialog.setWindowTitle(tr("Simulate clients"));
    auto *connections = new QSpinBox(&dialog);
    connections->setObjectName(QStringLiteral("simulateConnections"));
    connections->setRange(1, 10000);
    connections->setValue(settings.value(QStringLiteral("clients"), 100).toInt());
    auto *size = new QSpinBox(&dialog);
    size->setObjectName(QStringLiteral("simulateSize"));
    size->setRange(0, 1024 * 1024);
    size->setValue(settings.value(QStringLiteral("size"), 16).toInt());
    size->setSuffix(tr(" bytes"));
    auto *duration = new QSpinBox(&dialog);
    duration->setObjectName(QStringLiteral("simulateDuration"));
    duration->setRange(1, 600);
    duration->setValue(settings.value(QStringLiteral("seconds"), 10).toInt());
    duration->setSuffix(tr(" s"));
    auto *binary = new QCheckBox(tr("Binary messages"), &dialog);
    binary->setObjectName(QStringLiteral("simulateBinary"));
    binary->setChecked(settings.value(QStringLiteral("binary"), true).toBool());
    auto *logEach = new QCheckBox(tr("Log every simulated message (fills the message log)"), &dialog);
    logEach->setObjectName(QStringLiteral("simulateLogEach"));
    logEach->setChecked(settings.value(QStringLiteral("logEach"), false).toBool());
    logEach->setToolTip(tr("Off: this server counts the simulated traffic in the graph and the statistics and "
                           "logs one summary, not each frame"));
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
    form->addRow(QString(), logEach);
    form->addRow(note);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    settings.setValue(QStringLiteral("clients"), connections->value());
    settings.setValue(QStringLiteral("size"), size->value());
    settings.setValue(QStringLiteral("seconds"), duration->value());
    settings.setValue(QStringLiteral("binary"), binary->isChecked());
    settings.setValue(QStringLiteral("logEach"), logEach->isChecked());
    LoadOptions options;
    options.url = target;
    options.connections = connections->value();
    options.messageSize = size->value();
    options.durationSeconds = duration->value();
    options.binary = binary->isChecked();
    if (!logEach->isChecked() && !m_simulationHeader.first.isEmpty())
        options.headers.append(m_simulationHeader);
    options.insecure = m_insecure->isChecked();
    options.trustedCertificates = m_serverCertificates;
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
        appendError(tr("Simulation failed: %1").arg(r.error));
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

void ClientTab::appendError(const QString &text)
{
    appendFrame(
        {QDateTime::currentMSecsSinceEpoch(), ClientFrame::Direction::System, ClientFrame::Kind::Error, {}, text});
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
    // Follow new lines while the view is at its end; leave it where it is while the user reads further up.
    const QScrollBar *bar = m_log->verticalScrollBar();
    const bool follow = bar->value() >= bar->maximum() - 2;
    m_logModel->append(frame);
    if (follow)
        m_log->scrollToBottom();
}

void ClientTab::updateState()
{
    const auto state = m_client->state();
    const bool connected = state == WebSocketClient::State::Connected;
    const bool idle = state == WebSocketClient::State::Disconnected;
    m_connect->setText(idle ? tr("Connect") : tr("Disconnect"));
    m_closeWith->setEnabled(connected);
    m_send->setEnabled(connected);
    m_ping->setEnabled(connected);
    m_input->setReadOnly(!connected);
    for (QWidget *w : std::initializer_list<QWidget *> {
             m_url, m_subprotocol, m_headers, m_token, m_insecure, m_compress, m_profile, m_saveProfile})
        w->setEnabled(idle);
    m_deleteProfile->setEnabled(idle && m_profile->currentIndex() > 0);
    if (idle)
        m_profile->setEnabled(!m_profiles.isEmpty());
    QString text;
    switch (state) {
    case WebSocketClient::State::Disconnected:
        text = tr("Disconnected");
        break;
    case WebSocketClient::State::Connecting:
        text = tr("Connecting…");
        break;
    case WebSocketClient::State::Connected: {
        const QString protocol = m_client->negotiatedSubprotocol();
        text = protocol.isEmpty() ? tr("Connected") : tr("Connected (%1)").arg(protocol);
        if (!m_client->negotiatedExtensions().isEmpty())
            text += tr(" · compressed");
        break;
    }
    case WebSocketClient::State::Closing:
        text = tr("Closing…");
        break;
    case WebSocketClient::State::WaitingToReconnect:
        text = tr("Waiting to reconnect…");
        break;
    }
    const bool unchecked = m_insecure->isChecked() && QUrl(url()).scheme() == u"wss";
    if (unchecked)
        text += tr(" · certificates not checked");
    m_state->setText(text);
    m_state->setStyleSheet(unchecked ? QStringLiteral("color: #c01c28") : QString());
    Q_EMIT titleChanged(connected ? tr("Client (port %1)").arg(m_client->localPort()) : tr("Client"));
}

void ClientTab::retranslateUi()
{
    m_profileLabel->setText(tr("Profile:"));
    m_profile->setToolTip(tr("Saved connections: URL, subprotocol, headers, token and options"));
    if (m_profile->count() > 0)
        m_profile->setItemText(0, tr("(none)"));
    m_saveProfile->setText(tr("Save…"));
    m_saveProfile->setToolTip(tr("Keep this connection's settings as a profile"));
    m_deleteProfile->setText(tr("Delete"));
    m_urlLabel->setText(tr("URL:"));
    m_url->setPlaceholderText(tr("ws://127.0.0.1:8090/"));
    m_protocolLabel->setText(tr("Subprotocol:"));
    m_subprotocol->setPlaceholderText(tr("optional, e.g. duplex.v1"));
    m_tokenLabel->setText(tr("Token:"));
    m_token->setPlaceholderText(tr("optional"));
    m_token->setToolTip(tr("Sent as \"Authorization: Bearer …\""));
    m_headersLabel->setText(tr("Headers:"));
    m_headers->setPlaceholderText(tr("optional, one per line: Name: value"));
    m_closeWith->setToolTip(tr("Close with a code and reason of your choice"));
    m_closeWith->menu()->actions().first()->setText(tr("Close with code and reason…"));
    m_autoReconnect->setText(tr("Auto-reconnect"));
    m_compress->setText(tr("Compress"));
    m_compress->setToolTip(tr("Offer permessage-deflate compression (RFC 7692); the log says whether the server "
                              "agreed, and each compressed message its size on the wire"));
    m_insecure->setText(tr("Ignore certificate errors"));
    m_insecure->setToolTip(tr("Accept any certificate on wss:// (self-signed, expired, another host's). Only for "
                              "servers you trust; this server's own certificate is trusted without it."));
    m_type->setItemText(0, tr("Text"));
    m_type->setItemText(1, tr("Binary (hex)"));
    m_input->setPlaceholderText(tr("Message; Enter sends, Shift+Enter starts a new line"));
    m_formatJson->setText(QStringLiteral("{ }"));
    m_formatJson->setToolTip(tr("Format as JSON (indented)"));
    m_send->setText(tr("Send"));
    m_ping->setText(tr("Ping"));
    m_rtt->setText(m_lastRtt < 0 ? tr("RTT –") : tr("RTT %1 ms").arg(m_lastRtt));
    m_pingEveryLabel->setText(tr("Ping every:"));
    m_pingEvery->setSuffix(tr(" s"));
    m_pingEvery->setSpecialValueText(tr("never"));
    m_pingEvery->setToolTip(tr("Ping the server at this interval while connected"));
    m_save->setText(tr("Save"));
    m_save->setToolTip(tr("Keep this message in the list below to send it again with one click"));
    m_savedLabel->setText(tr("Saved messages (double-click to send):"));
    m_removeSaved->setText(tr("Remove"));
    m_log->setToolTip(tr("Select a line to inspect it; right-click to copy"));
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

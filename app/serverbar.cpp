#include "serverbar.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>

namespace Duplex {

ServerBar::ServerBar(QWidget *parent)
    : QWidget(parent),
      m_hostLabel(new QLabel(this)),
      m_host(new QComboBox(this)),
      m_portLabel(new QLabel(this)),
      m_port(new QSpinBox(this)),
      m_modeLabel(new QLabel(this)),
      m_mode(new QComboBox(this)),
      m_replyLabel(new QLabel(this)),
      m_reply(new QLineEdit(this)),
      m_startStop(new QPushButton(this)),
      m_url(new QLabel(this)),
      m_copy(new QToolButton(this)),
      m_message(new QLabel(this)),
      m_usePort(new QPushButton(this))
{
    m_host->setObjectName(QStringLiteral("serverHost"));
    m_port->setObjectName(QStringLiteral("serverPort"));
    m_mode->setObjectName(QStringLiteral("serverMode"));
    m_reply->setObjectName(QStringLiteral("serverReply"));
    m_startStop->setObjectName(QStringLiteral("serverStartStop"));
    m_url->setObjectName(QStringLiteral("serverUrl"));
    m_message->setObjectName(QStringLiteral("serverMessage"));
    m_usePort->setObjectName(QStringLiteral("serverUsePort"));

    m_host->setEditable(true);
    m_host->addItems(
        {QStringLiteral("127.0.0.1"), QStringLiteral("::1"), QStringLiteral("0.0.0.0"), QStringLiteral("::")});
    m_host->setMinimumContentsLength(11);
    m_port->setRange(0, 65535);
    m_port->setValue(8090);
    for (int i = 0; i < 3; ++i)
        m_mode->addItem(QString(), int(i));
    m_reply->setMinimumWidth(140); // wider when there is room (stretch); the window fits 1024 px
    m_url->setTextFormat(Qt::RichText); // the URL is built here, never from client input
    m_url->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_url->setOpenExternalLinks(false);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #c62828"));
    m_message->hide();
    m_usePort->hide();

    auto *row = new QHBoxLayout;
    row->addWidget(m_hostLabel);
    row->addWidget(m_host);
    row->addWidget(m_portLabel);
    row->addWidget(m_port);
    row->addWidget(m_modeLabel);
    row->addWidget(m_mode);
    row->addWidget(m_replyLabel);
    row->addWidget(m_reply, 1);
    row->addWidget(m_startStop);
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url);
    urlRow->addWidget(m_copy);
    m_share = new QToolButton(this);
    m_share->setObjectName(QStringLiteral("serverShare"));
    m_share->hide();
    urlRow->addWidget(m_share);
    connect(m_share, &QToolButton::clicked, this, &ServerBar::shareRequested);
    urlRow->addWidget(m_message, 1);
    urlRow->addWidget(m_usePort);
    urlRow->addStretch();
    m_faults = new QToolButton(this);
    m_faults->setObjectName(QStringLiteral("serverFaults"));
    m_faults->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_faults->setStyleSheet(QStringLiteral("QToolButton { color: white; background: #c01c28; border-radius: 3px; "
                                           "padding: 1px 6px; }"));
    m_clearFaults = new QToolButton(this);
    m_clearFaults->setObjectName(QStringLiteral("serverClearFaults"));
    urlRow->addWidget(m_faults);
    urlRow->addWidget(m_clearFaults);
    m_faults->hide();
    m_clearFaults->hide();
    connect(m_faults, &QToolButton::clicked, this, &ServerBar::faultsRequested);
    connect(m_clearFaults, &QToolButton::clicked, this, &ServerBar::clearFaultsRequested);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 2);
    layout->addLayout(row);
    layout->addLayout(urlRow);

    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_running)
            Q_EMIT stopRequested();
        else if (!m_starting)
            Q_EMIT startRequested();
    });
    connect(m_mode, &QComboBox::currentIndexChanged, this,
        [this](int index) { Q_EMIT modeChanged(Mode(m_mode->itemData(index).toInt())); });
    connect(m_reply, &QLineEdit::editingFinished, this, [this] { Q_EMIT replyTemplateChanged(m_reply->text()); });
    connect(m_url, &QLabel::linkActivated, this, [this] { Q_EMIT openUrlRequested(m_currentUrl); });
    connect(m_copy, &QToolButton::clicked, this, [this] {
        if (m_currentUrl.isValid())
            QApplication::clipboard()->setText(m_currentUrl.toString());
    });
    connect(m_usePort, &QPushButton::clicked, this, [this] {
        m_port->setValue(m_suggestedPort);
        Q_EMIT startRequested();
    });
    retranslateUi();
    showStopped();
}

bool ServerBar::readConfig(ServerConfig &config)
{
    const QString host = m_host->currentText().trimmed();
    QHostAddress address;
    if (host == u"localhost")
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host)) {
        showError(tr("\"%1\" is not an IP address. Use 127.0.0.1 for this computer only, or 0.0.0.0 for every network.")
                      .arg(host),
            0);
        return false;
    }
    config.host = address;
    config.port = quint16(m_port->value());
    config.mode = Mode(m_mode->currentData().toInt());
    config.replyTemplate = m_reply->text() == defaultReplyTemplate() ? QString() : m_reply->text();
    return true;
}

void ServerBar::setConfig(const ServerConfig &config)
{
    m_host->setCurrentText(config.host.toString());
    m_port->setValue(config.port);
    m_mode->setCurrentIndex(m_mode->findData(int(config.mode)));
    m_reply->setText(config.replyTemplate.isEmpty() ? defaultReplyTemplate() : config.replyTemplate);
    m_shownDefault = defaultReplyTemplate();
}

void ServerBar::showRunning(const QUrl &url, bool reachable)
{
    m_share->setVisible(reachable);
    m_running = true;
    m_starting = false;
    m_currentUrl = url;
    m_error.clear();
    m_message->hide();
    m_usePort->hide();
    m_host->setEnabled(false);
    m_port->setEnabled(false);
    retranslateUi();
}

void ServerBar::showStopped()
{
    m_running = false;
    m_starting = false;
    m_currentUrl.clear();
    m_share->hide();
    m_host->setEnabled(true);
    m_port->setEnabled(true);
    retranslateUi();
}

void ServerBar::showStarting()
{
    m_starting = true;
    m_error.clear();
    m_message->hide();
    m_usePort->hide();
    retranslateUi();
}

void ServerBar::showError(const QString &message, quint16 suggestedPort)
{
    m_starting = false;
    m_error = message;
    m_suggestedPort = suggestedPort;
    m_message->setText(message);
    m_message->show();
    m_usePort->setVisible(suggestedPort != 0);
    retranslateUi();
}

void ServerBar::showFaults(const QString &summary)
{
    m_faultSummary = summary;
    m_faults->setVisible(!summary.isEmpty());
    m_clearFaults->setVisible(!summary.isEmpty());
    // Short on the bar (it must fit 1024 px), whole in the tooltip.
    m_faults->setText(tr("\u26a0 Faults on"));
    m_faults->setToolTip(tr("Faults on: %1. Click to change them.").arg(summary));
}

void ServerBar::retranslateUi()
{
    m_clearFaults->setText(tr("Clear faults"));
    m_clearFaults->setToolTip(tr("Lift every fault, server-wide and per connection"));
    if (!m_faultSummary.isEmpty())
        showFaults(m_faultSummary);
    // The default reply follows the language; a reply the user wrote stays as it is.
    if (m_reply->text() == m_shownDefault)
        m_reply->setText(defaultReplyTemplate());
    m_shownDefault = defaultReplyTemplate();
    m_hostLabel->setText(tr("Host:"));
    m_host->setToolTip(tr("127.0.0.1: this computer only. 0.0.0.0 or ::: every network this computer is on."));
    m_portLabel->setText(tr("Port:"));
    m_port->setToolTip(tr("0 picks a free port"));
    m_modeLabel->setText(tr("Mode:"));
    m_mode->setItemText(0, tr("Echo"));
    m_mode->setItemText(1, tr("Broadcast"));
    m_mode->setItemText(2, tr("Raw"));
    m_mode->setToolTip(tr("Echo answers the sender with the reply; broadcast relays to everyone; raw returns every "
                          "frame unchanged."));
    m_replyLabel->setText(tr("Reply:"));
    m_reply->setToolTip(tr("Echo reply; {text}, {id}, {name} and {time} are filled in."));
    m_startStop->setText(m_running ? tr("Stop") : (m_starting ? tr("Starting…") : tr("Start")));
    m_copy->setText(tr("Copy"));
    m_copy->setToolTip(tr("Copy the chat page's address"));
    m_copy->setEnabled(m_running);
    m_share->setText(tr("Open on another device"));
    m_share->setToolTip(tr("The page's address on each network and a QR code to scan with a phone"));
    m_usePort->setText(tr("Use port %1").arg(m_suggestedPort));
    if (m_running) {
        const QString url = m_currentUrl.toString().toHtmlEscaped();
        m_url->setText(tr("Serving the chat page at %1").arg(QStringLiteral("<a href=\"%1\">%1</a>").arg(url)));
        m_url->setToolTip(tr("Click to open the chat page in your browser"));
    } else {
        m_url->setText(tr("Server stopped"));
        m_url->setToolTip(QString());
    }
}

void ServerBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace Duplex

#include "sharedialog.h"

#include "qrview.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Duplex {

ShareDialog::ShareDialog(QWidget *parent)
    : QDialog(parent),
      m_intro(new QLabel(this)),
      m_address(new QComboBox(this)),
      m_refresh(new QPushButton(this)),
      m_qr(new QrView(this)),
      m_url(new QLineEdit(this)),
      m_copy(new QPushButton(this)),
      m_notes(new QLabel(this))
{
    setObjectName(QStringLiteral("shareDialog"));
    m_address->setObjectName(QStringLiteral("shareAddress"));
    m_qr->setObjectName(QStringLiteral("shareQr"));
    m_url->setObjectName(QStringLiteral("shareUrl"));
    m_notes->setObjectName(QStringLiteral("shareNotes"));
    m_intro->setWordWrap(true);
    m_intro->setTextFormat(Qt::PlainText);
    m_notes->setWordWrap(true);
    m_notes->setTextFormat(Qt::PlainText);
    m_url->setReadOnly(true);
    m_address->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);

    auto *addressRow = new QHBoxLayout;
    addressRow->addWidget(m_address, 1);
    addressRow->addWidget(m_refresh);
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_copy);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(addressRow);
    layout->addWidget(m_qr, 1);
    layout->addLayout(urlRow);
    layout->addWidget(m_notes);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_refresh, &QPushButton::clicked, this, &ShareDialog::refresh);
    connect(m_address, &QComboBox::currentIndexChanged, this, &ShareDialog::showAddress);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        if (!m_url->text().isEmpty())
            QApplication::clipboard()->setText(m_url->text());
    });
    retranslateUi();
}

void ShareDialog::setServer(const QHostAddress &host, quint16 port, bool tls, const QString &token)
{
    m_host = host;
    m_port = port;
    m_tls = tls;
    m_token = token;
    refresh();
}

QUrl ShareDialog::currentUrl() const
{
    const int index = m_address->currentIndex();
    return index >= 0 && index < m_addresses.size() ? m_addresses.at(index).url : QUrl();
}

void ShareDialog::refresh()
{
    const QUrl previous = currentUrl();
    m_addresses = m_port == 0 ? QList<LanAddress>() : LanAddresses::forServer(m_host, m_port, m_tls, m_token);
    const QSignalBlocker blocker(m_address);
    m_address->clear();
    int keep = 0;
    for (int i = 0; i < m_addresses.size(); ++i) {
        if (m_addresses.at(i).url == previous)
            keep = i;
        m_address->addItem(QString());
    }
    m_address->setCurrentIndex(m_addresses.isEmpty() ? -1 : keep);
    retranslateUi();
    showAddress(m_address->currentIndex());
}

void ShareDialog::showAddress(int index)
{
    const bool valid = index >= 0 && index < m_addresses.size();
    const QString url = valid ? m_addresses.at(index).url.toString(QUrl::FullyEncoded) : QString();
    m_url->setText(url);
    // The whole address visible: someone may type it into a phone.
    const int textWidth = m_url->fontMetrics().horizontalAdvance(url) + 4 * m_url->fontMetrics().averageCharWidth();
    m_url->setMinimumWidth(std::min(textWidth, 640));
    m_qr->setCode(valid ? QrCode::encode(url.toUtf8()) : QrCode());
    m_qr->setVisible(valid);
    m_url->setVisible(valid);
    m_copy->setVisible(valid);
    m_address->setVisible(valid);
}

void ShareDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void ShareDialog::retranslateUi()
{
    setWindowTitle(tr("Open on another device"));
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("List the network interfaces again (after joining another network)"));
    m_copy->setText(tr("Copy"));
    for (int i = 0; i < m_addresses.size() && i < m_address->count(); ++i) {
        const LanAddress &a = m_addresses.at(i);
        const QString where = a.interfaceName.isEmpty() ? a.address.toString() : a.interfaceName;
        m_address->setItemText(
            i, a.isVirtual ? tr("%1 (virtual): %2").arg(where, a.url.host()) : tr("%1: %2").arg(where, a.url.host()));
    }
    if (m_port == 0) {
        m_intro->setText(tr("The server is stopped. Start it to open the chat page on another device."));
    } else if (!LanAddresses::reachableFromOtherDevices(m_host)) {
        m_intro->setText(tr("Only this computer can open the chat page: the server listens on %1. To open it on a "
                            "phone or another computer, set the host to 0.0.0.0 (every network) and start again.")
                             .arg(m_host.toString()));
    } else if (m_addresses.isEmpty()) {
        m_intro->setText(tr("No network interface is up: other devices cannot reach this computer now."));
    } else {
        m_intro->setText(tr("Scan the code with a phone on the same network, or type the address into its browser."));
    }
    QStringList notes;
    if (!m_addresses.isEmpty()) {
        if (!m_token.isEmpty())
            notes << tr("The address contains the access token: whoever scans it can connect.");
        if (m_tls)
            notes << tr("The phone warns about the certificate unless it trusts it (a self-signed one it does not).");
        notes << tr("Nothing opens? Both devices must be on the same network, and a firewall on this computer may "
                    "block port %1.")
                     .arg(m_port);
    }
    m_notes->setText(notes.join(u'\n'));
    m_notes->setVisible(!notes.isEmpty());
}

} // namespace Duplex

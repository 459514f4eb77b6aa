#include "clientpane.h"

#include "clienttab.h"

#include <QEvent>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Duplex {

ClientPane::ClientPane(QWidget *parent) : QWidget(parent), m_tabs(new QTabWidget(this)), m_add(new QToolButton(this))
{
    m_tabs->setObjectName(QStringLiteral("clientTabs"));
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    m_add->setText(QStringLiteral("+"));
    m_add->setToolTip(tr("New client"));
    m_tabs->setCornerWidget(m_add, Qt::TopRightCorner);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    connect(m_add, &QToolButton::clicked, this, [this] { m_tabs->setCurrentWidget(addTab()); });
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (m_tabs->count() <= 1)
            return; // keep one client
        QWidget *page = m_tabs->widget(index);
        m_tabs->removeTab(index);
        page->deleteLater();
        m_tabs->setTabsClosable(m_tabs->count() > 1); // no × that does nothing on the last one
    });
    addTab();
}

ClientTab *ClientPane::addTab()
{
    auto *tab = new ClientTab(m_tabs);
    tab->setObjectName(QStringLiteral("clientTab%1").arg(++m_created));
    tab->setDefaultUrl(m_defaultUrl);
    tab->setSavedMessages(m_saved);
    tab->setProfiles(m_profiles);
    tab->setServerCertificates(m_certificates);
    tab->setSimulationHeader(m_simulationHeader.first, m_simulationHeader.second);
    const int index = m_tabs->addTab(tab, tr("Client"));
    m_tabs->setTabsClosable(m_tabs->count() > 1); // no × that does nothing on the last one
    connect(tab, &ClientTab::titleChanged, this, [this, tab](const QString &title) {
        const int i = m_tabs->indexOf(tab);
        if (i >= 0)
            m_tabs->setTabText(i, title);
    });
    connect(tab, &ClientTab::savedMessagesChanged, this, [this, tab](const QStringList &messages) {
        m_saved = messages;
        for (int i = 0; i < m_tabs->count(); ++i) {
            if (auto *other = qobject_cast<ClientTab *>(m_tabs->widget(i)); other && other != tab)
                other->setSavedMessages(messages);
        }
        Q_EMIT savedMessagesChanged(messages);
    });
    connect(tab, &ClientTab::profilesChanged, this, [this, tab](const QJsonArray &profiles) {
        m_profiles = profiles;
        for (int i = 0; i < m_tabs->count(); ++i) {
            if (auto *other = qobject_cast<ClientTab *>(m_tabs->widget(i)); other && other != tab)
                other->setProfiles(profiles);
        }
        Q_EMIT profilesChanged(profiles);
    });
    m_tabs->setTabText(index, tr("Client"));
    return tab;
}

ClientTab *ClientPane::currentTab() const
{
    return qobject_cast<ClientTab *>(m_tabs->currentWidget());
}

int ClientPane::tabCount() const
{
    return m_tabs->count();
}

ClientTab *ClientPane::tab(int index) const
{
    return qobject_cast<ClientTab *>(m_tabs->widget(index));
}

void ClientPane::setDefaultUrl(const QString &url)
{
    m_defaultUrl = url;
    for (int i = 0; i < m_tabs->count(); ++i)
        tab(i)->setDefaultUrl(url);
}

void ClientPane::setSavedMessages(const QStringList &messages)
{
    m_saved = messages;
    for (int i = 0; i < m_tabs->count(); ++i)
        tab(i)->setSavedMessages(messages);
}

void ClientPane::setProfiles(const QJsonArray &profiles)
{
    m_profiles = profiles;
    for (int i = 0; i < m_tabs->count(); ++i)
        tab(i)->setProfiles(profiles);
}

void ClientPane::setServerCertificates(const QList<QSslCertificate> &certificates)
{
    m_certificates = certificates;
    for (int i = 0; i < m_tabs->count(); ++i)
        tab(i)->setServerCertificates(certificates);
}

void ClientPane::setSimulationHeader(const QByteArray &name, const QByteArray &value)
{
    m_simulationHeader = {name, value};
    for (int i = 0; i < m_tabs->count(); ++i)
        tab(i)->setSimulationHeader(name, value);
}

void ClientPane::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        m_add->setToolTip(tr("New client"));
    QWidget::changeEvent(event);
}

} // namespace Duplex

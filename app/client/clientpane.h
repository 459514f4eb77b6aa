#pragma once

#include <QJsonArray>
#include <QSslCertificate>
#include <QWidget>

class QTabWidget;
class QToolButton;

namespace Duplex {

class ClientTab;

// The dock's content: several client tabs.
class ClientPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientPane)

public:
    explicit ClientPane(QWidget *parent = nullptr);

    ClientTab *addTab();
    ClientTab *currentTab() const;
    int tabCount() const;
    ClientTab *tab(int index) const;
    void setDefaultUrl(const QString &url);
    void setSavedMessages(const QStringList &messages);
    void setProfiles(const QJsonArray &profiles);
    void setServerCertificates(const QList<QSslCertificate> &certificates);
    void setSimulationHeader(const QByteArray &name, const QByteArray &value);

Q_SIGNALS:
    void savedMessagesChanged(const QStringList &messages);
    void profilesChanged(const QJsonArray &profiles);

protected:
    void changeEvent(QEvent *event) override;

private:
    QTabWidget *m_tabs = nullptr;
    QToolButton *m_add = nullptr;
    QString m_defaultUrl;
    QStringList m_saved;
    QJsonArray m_profiles;
    QList<QSslCertificate> m_certificates;
    QPair<QByteArray, QByteArray> m_simulationHeader;
    int m_created = 0;
};

} // namespace Duplex

#pragma once

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

Q_SIGNALS:
    void savedMessagesChanged(const QStringList &messages);

protected:
    void changeEvent(QEvent *event) override;

private:
    QTabWidget *m_tabs = nullptr;
    QToolButton *m_add = nullptr;
    QString m_defaultUrl;
    QStringList m_saved;
    int m_created = 0;
};

} // namespace Duplex

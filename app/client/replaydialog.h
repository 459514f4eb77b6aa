#pragma once

#include "har.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace Duplex {

class HarReplay;

// Replays a recorded connection (a HAR file from Chrome DevTools, Duplex's export or /api/log.har) against a URL,
// with the recorded timing, as fast as possible or step by step; what comes back is shown beside what was recorded,
// differences highlighted (README "Sessions").
class ReplayDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplayDialog)

public:
    explicit ReplayDialog(const QString &defaultUrl, QWidget *parent = nullptr);

    bool openFile(const QString &path); // false: the reason is shown
    void start();
    HarReplay *replay() const { return m_replay; }

private:
    void showConnection(int index);
    void setCell(int row, int column, const QString &text, const QColor &background = {});
    void updateButtons();

    QList<HarConnection> m_connections;
    HarReplay *m_replay = nullptr;
    QLineEdit *m_file = nullptr;
    QComboBox *m_connection = nullptr;
    QLineEdit *m_url = nullptr;
    QComboBox *m_pace = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_step = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_status = nullptr;
    QList<int> m_sendRows, m_answerRows; // table rows of toSend() and expected()
};

} // namespace Duplex

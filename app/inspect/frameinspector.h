#pragma once

#include <QTabWidget>

class QPlainTextEdit;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;
class QJsonValue;

namespace Duplex {

struct SocketIoPacket;

// One frame seen three ways: its text (with a header line), a classic hex dump, and JSON as a foldable tree that
// also decodes Socket.IO / Engine.IO packets. Used by the message log's detail pane and by each built-in client.
class FrameInspector final : public QTabWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FrameInspector)

public:
    // Child widgets are named prefix + "Text", "Hex", "Json" (tests find them by name).
    explicit FrameInspector(const QString &prefix, QWidget *parent = nullptr);

    // header: a line about the frame (time, connection, kind, size); text: what the Text tab shows below it;
    // payload: the bytes for the Hex and JSON tabs; isText: whether the payload is a text message.
    void showFrame(const QString &header, const QString &text, const QByteArray &payload, bool isText);
    void clear();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void showJson(const QByteArray &payload, bool isText);
    void addSocketIo(const SocketIoPacket &packet);
    QTreeWidgetItem *addValue(QTreeWidgetItem *parent, const QString &key, const QJsonValue &value, int &budget);

    QPlainTextEdit *m_text = nullptr;
    QPlainTextEdit *m_hex = nullptr;
    QStackedWidget *m_jsonStack = nullptr;
    QTreeWidget *m_json = nullptr;
    QPlainTextEdit *m_notJson = nullptr;
    QByteArray m_payload;
    bool m_isText = false;
};

} // namespace Duplex

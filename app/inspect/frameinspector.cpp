#include "frameinspector.h"

#include "payloadformat.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTreeWidget>

namespace Duplex {

namespace {
constexpr qsizetype MaxJsonBytes = 4 * 1024 * 1024; // larger payloads are not parsed for the tree
constexpr int MaxJsonNodes = 10'000;
constexpr int PreviewChars = 200;

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return FrameInspector::tr("object");
    case QJsonValue::Array:
        return FrameInspector::tr("array");
    case QJsonValue::String:
        return FrameInspector::tr("string");
    case QJsonValue::Double:
        return FrameInspector::tr("number");
    case QJsonValue::Bool:
        return FrameInspector::tr("boolean");
    case QJsonValue::Null:
        return QStringLiteral("null");
    default:
        return {};
    }
}

QString scalarText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: {
        QString s = value.toString();
        if (s.size() > PreviewChars)
            s = s.left(PreviewChars) + u'…';
        return u'"' + s + u'"';
    }
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Object:
        return FrameInspector::tr("{%n key(s)}", nullptr, int(value.toObject().size()));
    case QJsonValue::Array:
        return FrameInspector::tr("[%n item(s)]", nullptr, int(value.toArray().size()));
    default:
        return {};
    }
}
} // namespace

FrameInspector::FrameInspector(const QString &prefix, QWidget *parent)
    : QTabWidget(parent),
      m_text(new QPlainTextEdit(this)),
      m_hex(new QPlainTextEdit(this)),
      m_jsonStack(new QStackedWidget(this)),
      m_json(new QTreeWidget(m_jsonStack)),
      m_notJson(new QPlainTextEdit(m_jsonStack))
{
    m_text->setObjectName(prefix + u"Text");
    m_hex->setObjectName(prefix + u"Hex");
    m_json->setObjectName(prefix + u"Json");
    m_notJson->setObjectName(prefix + u"NotJson");
    for (QPlainTextEdit *edit : {m_text, m_hex, m_notJson}) {
        edit->setReadOnly(true);
        edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    }
    m_hex->setLineWrapMode(QPlainTextEdit::NoWrap); // a dump line is 78 columns: scroll rather than wrap
    m_json->setColumnCount(3);
    m_json->setUniformRowHeights(true);
    m_json->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_json->header()->setStretchLastSection(false);
    m_json->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_json->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_jsonStack->addWidget(m_json);
    m_jsonStack->addWidget(m_notJson);
    addTab(m_text, QString());
    addTab(m_hex, QString());
    addTab(m_jsonStack, QString());
    retranslateUi();
}

void FrameInspector::showFrame(const QString &header, const QString &text, const QByteArray &payload, bool isText)
{
    m_text->setPlainText(header.isEmpty() ? text : header + u"\n\n" + text);
    m_hex->setPlainText(PayloadFormat::hexDump(payload));
    m_payload = payload;
    m_isText = isText;
    showJson(payload, isText);
}

void FrameInspector::clear()
{
    m_text->clear();
    m_hex->clear();
    m_json->clear();
    m_notJson->clear();
    m_payload.clear();
    m_jsonStack->setCurrentWidget(m_json);
}

void FrameInspector::showJson(const QByteArray &payload, bool isText)
{
    m_json->clear();
    if (!isText) {
        m_notJson->setPlainText(tr("A binary message: see the Hex tab."));
        m_jsonStack->setCurrentWidget(m_notJson);
        return;
    }
    if (payload.size() > MaxJsonBytes) {
        m_notJson->setPlainText(tr("Over %1 MiB: not parsed as JSON.").arg(MaxJsonBytes / (1024 * 1024)));
        m_jsonStack->setCurrentWidget(m_notJson);
        return;
    }
    QString error;
    const QString pretty = PayloadFormat::prettyJson(payload, &error);
    if (!pretty.isEmpty()) {
        const QJsonDocument document = QJsonDocument::fromJson(payload);
        int budget = MaxJsonNodes;
        if (document.isObject())
            addValue(nullptr, tr("(root)"), document.object(), budget)->setExpanded(true);
        else if (document.isArray())
            addValue(nullptr, tr("(root)"), document.array(), budget)->setExpanded(true);
        else
            addValue(nullptr, tr("(root)"), QJsonDocument::fromJson("[" + payload + "]").array().first(), budget);
        m_jsonStack->setCurrentWidget(m_json);
        return;
    }
    const SocketIoPacket packet = PayloadFormat::decodeSocketIo(payload);
    if (packet.valid) {
        addSocketIo(packet);
        m_jsonStack->setCurrentWidget(m_json);
        return;
    }
    // Not JSON: the text as it is, with the parser's reason.
    m_notJson->setPlainText(tr("Not JSON (%1); the text as it is:").arg(error) + u"\n\n" + QString::fromUtf8(payload));
    m_jsonStack->setCurrentWidget(m_notJson);
}

void FrameInspector::addSocketIo(const SocketIoPacket &packet)
{
    const auto row = [this](const QString &key, const QString &value, const QString &type = QString()) {
        auto *item = new QTreeWidgetItem(m_json, {key, value, type});
        return item;
    };
    row(tr("Engine.IO packet"), QStringLiteral("%1 (%2)").arg(packet.engineTypeName()).arg(packet.engineType));
    if (packet.socketType >= 0) {
        row(tr("Socket.IO packet"), QStringLiteral("%1 (%2)").arg(packet.socketTypeName()).arg(packet.socketType));
        row(tr("Namespace"), packet.nameSpace);
        if (!packet.event.isEmpty())
            row(tr("Event"), packet.event);
        if (packet.ackId >= 0)
            row(tr("Acknowledgement id"), QString::number(packet.ackId));
        if (packet.attachments > 0)
            row(tr("Binary attachments"),
                tr("%n binary frame(s) follow", nullptr, packet.attachments)); // placeholders in the data
    }
    if (!packet.text.isEmpty())
        row(tr("Text"), packet.text);
    if (!packet.data.isUndefined()) {
        int budget = MaxJsonNodes;
        const QString key = packet.event.isEmpty() ? tr("Data") : tr("Arguments");
        addValue(nullptr, key, packet.data, budget)->setExpanded(true);
    }
}

QTreeWidgetItem *FrameInspector::addValue(
    QTreeWidgetItem *parent, const QString &key, const QJsonValue &value, int &budget)
{
    auto *item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_json);
    item->setText(0, key);
    item->setText(1, scalarText(value));
    item->setText(2, typeName(value));
    if (value.isString())
        item->setToolTip(1, value.toString().left(4096)); // plain text: a tooltip of a string is not rich text here
    --budget;
    const auto more = [&](qsizetype left) { new QTreeWidgetItem(item, {tr("… %n more", nullptr, int(left))}); };
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        qsizetype left = object.size();
        for (auto it = object.begin(); it != object.end(); ++it, --left) {
            if (budget <= 0) {
                more(left);
                return item;
            }
            addValue(item, it.key(), it.value(), budget);
        }
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (budget <= 0) {
                more(array.size() - i);
                return item;
            }
            addValue(item, QString::number(i), array.at(i), budget);
        }
    }
    return item;
}

void FrameInspector::retranslateUi()
{
    setTabText(0, tr("Text"));
    setTabText(1, tr("Hex"));
    setTabText(2, tr("JSON"));
    m_json->setHeaderLabels({tr("Key"), tr("Value"), tr("Type")});
    m_text->setPlaceholderText(tr("Select a row to see the whole frame"));
    if (!m_payload.isNull())
        showJson(m_payload, m_isText);
}

void FrameInspector::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QTabWidget::changeEvent(event);
}

} // namespace Duplex

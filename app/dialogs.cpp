#include "dialogs.h"

#include "websocketclient.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Duplex {

SendDialog::SendDialog(const QString &target, QWidget *parent)
    : QDialog(parent),
      m_type(new QComboBox(this)),
      m_edit(new QPlainTextEdit(this)),
      m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("sendDialog"));
    setWindowTitle(tr("Send to %1").arg(target));
    m_type->setObjectName(QStringLiteral("sendType"));
    m_type->addItem(tr("Text"));
    m_type->addItem(tr("Binary (hex)"));
    m_edit->setObjectName(QStringLiteral("sendText"));
    m_edit->setPlaceholderText(tr("Message text"));
    m_edit->setTabChangesFocus(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828"));
    m_error->setTextFormat(Qt::PlainText);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Send"));

    auto *form = new QFormLayout;
    form->addRow(tr("Type:"), m_type);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_edit);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    resize(460, 260);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Ctrl+Enter sends (Enter is a new line in the message)
    for (const QKeySequence &keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        connect(new QShortcut(keys, this), &QShortcut::activated, this, [this] {
            if (m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
                accept();
        });
    }
    connect(m_type, &QComboBox::currentIndexChanged, this, &SendDialog::validate);
    connect(m_edit, &QPlainTextEdit::textChanged, this, &SendDialog::validate);
    validate();
}

void SendDialog::setTextOnly(const QString &why)
{
    m_type->setCurrentIndex(0);
    m_type->setEnabled(false);
    m_type->setToolTip(why);
}

bool SendDialog::isBinary() const
{
    return m_type->currentIndex() == 1;
}

QString SendDialog::text() const
{
    return m_edit->toPlainText();
}

QByteArray SendDialog::binary() const
{
    return m_binary;
}

void SendDialog::setMessage(const QString &text, bool binary)
{
    m_type->setCurrentIndex(binary ? 1 : 0);
    m_edit->setPlainText(text);
}

void SendDialog::validate()
{
    bool ok = true;
    m_error->clear();
    if (isBinary()) {
        m_edit->setPlaceholderText(tr("Hex bytes, e.g. 48 65 6c 6c 6f"));
        ok = WebSocketClient::parseHex(m_edit->toPlainText(), m_binary);
        if (!ok)
            m_error->setText(tr("Not valid hex: use pairs of digits 0-9 and a-f, optionally separated by spaces."));
    } else {
        m_edit->setPlaceholderText(tr("Message text"));
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

DisconnectDialog::DisconnectDialog(const QString &target, QWidget *parent)
    : QDialog(parent), m_code(new QComboBox(this)), m_custom(new QSpinBox(this)), m_reason(new QLineEdit(this))
{
    setObjectName(QStringLiteral("disconnectDialog"));
    setWindowTitle(tr("Disconnect %1").arg(target));
    m_code->setObjectName(QStringLiteral("closeCode"));
    m_code->addItem(tr("1000 Normal closure"), 1000);
    m_code->addItem(tr("1001 Going away"), 1001);
    m_code->addItem(tr("1008 Policy violation"), 1008);
    m_code->addItem(tr("4000–4999 Application code"), 0);
    m_custom->setObjectName(QStringLiteral("customCode"));
    m_custom->setRange(4000, 4999);
    m_custom->setEnabled(false);
    m_reason->setObjectName(QStringLiteral("closeReason"));
    m_reason->setMaxLength(120); // a close frame carries at most 123 bytes of reason
    m_reason->setPlaceholderText(tr("Optional, shown to the client"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Disconnect"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Close code:"), m_code);
    form->addRow(tr("Application code:"), m_custom);
    form->addRow(tr("Reason:"), m_reason);
    form->addRow(buttons);

    connect(m_code, &QComboBox::currentIndexChanged, this,
        [this] { m_custom->setEnabled(m_code->currentData().toInt() == 0); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

int DisconnectDialog::closeCode() const
{
    const int code = m_code->currentData().toInt();
    return code == 0 ? m_custom->value() : code;
}

QString DisconnectDialog::reason() const
{
    return m_reason->text();
}

void DisconnectDialog::setCloseCode(int code)
{
    const int index = m_code->findData(code);
    if (index >= 0) {
        m_code->setCurrentIndex(index);
    } else {
        m_code->setCurrentIndex(m_code->findData(0));
        m_custom->setValue(code);
    }
}

void DisconnectDialog::setReason(const QString &reason)
{
    m_reason->setText(reason);
}

} // namespace Duplex

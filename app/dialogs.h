#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace Duplex {

// Asks for a text or binary (hex) message to push to one connection or to everyone.
class SendDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SendDialog)

public:
    explicit SendDialog(const QString &target, QWidget *parent = nullptr);

    bool isBinary() const;
    QString text() const;
    QByteArray binary() const; // valid when isBinary() and accepted
    void setMessage(const QString &text, bool binary);
    // Offers text only, saying why (a client of another server in a cluster).
    void setTextOnly(const QString &why);

private:
    void validate();

    QComboBox *m_type = nullptr;
    QPlainTextEdit *m_edit = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QByteArray m_binary;
};

// Asks for a close code (1000, 1001, 1008 or 4000–4999) and a reason.
class DisconnectDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DisconnectDialog)

public:
    explicit DisconnectDialog(const QString &target, QWidget *parent = nullptr);

    int closeCode() const;
    QString reason() const;
    void setCloseCode(int code);
    void setReason(const QString &reason);

private:
    QComboBox *m_code = nullptr;
    QSpinBox *m_custom = nullptr;
    QLineEdit *m_reason = nullptr;
};

} // namespace Duplex

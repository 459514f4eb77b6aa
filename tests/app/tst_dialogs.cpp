// The operator's dialogs: Ctrl+Enter sends from the Send dialog (Enter is a new line), not while the input is bad.
#include "dialogs.h"

#include <QComboBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

using namespace Duplex;

class TestDialogs final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendDialog_ctrlEnterSends();
};

void TestDialogs::sendDialog_ctrlEnterSends()
{
    SendDialog dialog(QStringLiteral("#1"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.activateWindow();
    auto *edit = dialog.findChild<QPlainTextEdit *>(QStringLiteral("sendText"));
    edit->setFocus();
    QTest::keyClicks(edit, QStringLiteral("line one"));
    QTest::keyClick(edit, Qt::Key_Return); // a new line, not sent
    QVERIFY(dialog.isVisible());
    QTest::keyClicks(edit, QStringLiteral("line two"));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(dialog.text(), QStringLiteral("line one\nline two"));

    SendDialog binary(QStringLiteral("#2"));
    binary.show();
    QVERIFY(QTest::qWaitForWindowExposed(&binary));
    binary.activateWindow();
    binary.findChild<QComboBox *>(QStringLiteral("sendType"))->setCurrentIndex(1);
    auto *hex = binary.findChild<QPlainTextEdit *>(QStringLiteral("sendText"));
    hex->setFocus();
    QTest::keyClicks(hex, QStringLiteral("zz")); // not hex: Send is off, and so is Ctrl+Enter
    QSignalSpy none(&binary, &QDialog::accepted);
    QTest::keyClick(hex, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(none.size(), 0);
}

QTEST_MAIN(TestDialogs)
#include "tst_dialogs.moc"

// "Open on another device": the dialog's addresses are this machine's real interfaces, and the code it draws is
// read back with a real QR decoder (zbarimg); the main window offers it only when the server is reachable.
#include "mainwindow.h"
#include "qrdecode.h"
#include "qrview.h"
#include "server.h"
#include "sharedialog.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace Duplex;

class TestShareDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyInterface_showsADecodableCodeOfTheChosenAddress();
    void loopbackOrStopped_saysWhyThereIsNoCode();
    void mainWindow_offersItOnlyBeyondLoopback();

private:
    static QString decodeShown(ShareDialog &dialog);
    QTemporaryDir m_settingsDir;
};

void TestShareDialog::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("DuplexTest"));
}

// What the dialog draws on screen, grabbed as pixels and decoded.
QString TestShareDialog::decodeShown(ShareDialog &dialog)
{
    auto *view = dialog.findChild<QrView *>(QStringLiteral("shareQr"));
    if (!view || !view->isVisible())
        return QString();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("qr.png"));
    if (!view->grab().save(path))
        return QString();
    return DuplexTest::decodeQrFile(path);
}

void TestShareDialog::everyInterface_showsADecodableCodeOfTheChosenAddress()
{
    const QList<LanAddress> expected = LanAddresses::forServer(QHostAddress::Any, 8090, false, QStringLiteral("k y"));
    ShareDialog dialog;
    dialog.resize(420, 560);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.setServer(QHostAddress::Any, 8090, false, QStringLiteral("k y"));
    auto *combo = dialog.findChild<QComboBox *>(QStringLiteral("shareAddress"));
    auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("shareUrl"));
    auto *notes = dialog.findChild<QLabel *>(QStringLiteral("shareNotes"));
    QVERIFY(combo && url && notes);
    QCOMPARE(combo->count(), expected.size());
    if (expected.isEmpty()) { // a machine with loopback only: the dialog says why there is no code
        QVERIFY(dialog.findChildren<QLabel *>().first()->text().contains(QStringLiteral("No network interface")));
        QVERIFY(!dialog.findChild<QrView *>(QStringLiteral("shareQr"))->isVisible());
        return;
    }
    QVERIFY(notes->text().contains(QStringLiteral("access token")));
    QVERIFY(notes->text().contains(QStringLiteral("port 8090")));
    for (int i = 0; i < expected.size(); ++i) {
        combo->setCurrentIndex(i);
        const QString want = expected.at(i).url.toString(QUrl::FullyEncoded);
        QCOMPARE(url->text(), want);
        QVERIFY(want.endsWith(QStringLiteral("/?token=k%20y")));
        QVERIFY(combo->itemText(i).contains(expected.at(i).url.host()));
        QCOMPARE(decodeShown(dialog), want);
    }
}

void TestShareDialog::loopbackOrStopped_saysWhyThereIsNoCode()
{
    ShareDialog dialog;
    dialog.show();
    dialog.setServer(QHostAddress::LocalHost, 8090, false, QString());
    auto *view = dialog.findChild<QrView *>(QStringLiteral("shareQr"));
    QVERIFY(!view->isVisible());
    const QString intro = dialog.findChildren<QLabel *>().first()->text();
    QVERIFY2(
        intro.contains(QStringLiteral("127.0.0.1")) && intro.contains(QStringLiteral("0.0.0.0")), qPrintable(intro));
    dialog.setServer(QHostAddress::Any, 0, false, QString());
    QVERIFY(!view->isVisible());
    QVERIFY(dialog.findChildren<QLabel *>().first()->text().contains(QStringLiteral("stopped")));
}

void TestShareDialog::mainWindow_offersItOnlyBeyondLoopback()
{
    {
        MainWindow window({QHostAddress(QHostAddress::LocalHost), quint16(0), Mode::Echo});
        window.show();
        QSignalSpy started(window.server(), &Server::started);
        window.startServer();
        QVERIFY(started.wait(5000));
        QVERIFY(!window.findChild<QToolButton *>(QStringLiteral("serverShare"))->isVisible());
    }
    MainWindow window({QHostAddress(QHostAddress::AnyIPv4), quint16(0), Mode::Echo});
    window.show();
    QSignalSpy started(window.server(), &Server::started);
    // Every network stays an explicit choice: the window asks first, and the user says yes.
    bool asked = false;
    QTimer::singleShot(200, this, [&asked] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            asked = box->text().contains(QStringLiteral("0.0.0.0"));
            box->button(QMessageBox::Yes)->click();
        }
    });
    window.startServer();
    QVERIFY(asked);
    QVERIFY(started.wait(5000));
    auto *share = window.findChild<QToolButton *>(QStringLiteral("serverShare"));
    QVERIFY(share->isVisible());
    share->click();
    auto *dialog = window.findChild<ShareDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    const quint16 port = quint16(window.server()->url().port());
    const QList<LanAddress> expected = LanAddresses::forServer(QHostAddress::AnyIPv4, port, false, QString());
    QCOMPARE(dialog->addresses().size(), expected.size());
    if (!expected.isEmpty()) {
        QCOMPARE(dialog->currentUrl(), expected.first().url);
        QCOMPARE(decodeShown(*dialog), expected.first().url.toString(QUrl::FullyEncoded));
    }
    // Stopping the server empties the dialog rather than leaving a dead address on screen.
    QSignalSpy stopped(window.server(), &Server::stopped);
    window.stopServer();
    QVERIFY(stopped.wait(5000));
    QVERIFY(dialog->addresses().isEmpty());
    QVERIFY(!share->isVisible());
}

QTEST_MAIN(TestShareDialog)
#include "tst_sharedialog.moc"

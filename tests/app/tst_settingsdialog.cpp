// Server → Settings: every limit, access, TLS and cluster field reaches the configuration, bad input keeps OK
// disabled, and the self-signed certificate it makes serves a real wss:// connection.
#include "certificatemaker.h"
#include "server.h"
#include "settingsdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSslCertificate>
#include <QSslError>
#include <QStandardPaths>
#include <QTest>
#include <QWebSocket>

using namespace Duplex;

class TestSettingsDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void fields_reachTheConfiguration();
    void badInput_keepsOkDisabledWithAReason_data();
    void badInput_keepsOkDisabledWithAReason();
    void selfSignedCertificate_servesWssOnTheSamePort();
    void networkThreads_autoStaysAuto();

private:
    template<typename T> static T *field(SettingsDialog &dialog, const char *name)
    {
        auto *widget = dialog.findChild<T *>(QLatin1String(name));
        if (!widget)
            qFatal("no field %s", name);
        return widget;
    }
    static QPushButton *okButton(SettingsDialog &dialog)
    {
        const QList<QPushButton *> buttons = dialog.findChildren<QPushButton *>();
        for (QPushButton *button : buttons) {
            if (button->text() == QLatin1String("OK") || button->text() == QLatin1String("&OK"))
                return button;
        }
        return nullptr;
    }
};

void TestSettingsDialog::fields_reachTheConfiguration()
{
    ServerConfig original;
    original.port = 9123;
    SettingsDialog dialog(original, 50'000);
    QCOMPARE(field<QSpinBox>(dialog, "maxConnections")->value(), 10'000);
    QCOMPARE(field<QSpinBox>(dialog, "maxMessageSize")->value(), 1024);
    QCOMPARE(field<QSpinBox>(dialog, "heartbeatInterval")->value(), 30);
    QCOMPARE(field<QSpinBox>(dialog, "heartbeatTimeout")->value(), 75);
    QCOMPARE(field<QSpinBox>(dialog, "maxPendingOutput")->value(), 4096);
    QCOMPARE(field<QSpinBox>(dialog, "networkThreads")->value(), 1);
    QVERIFY(!dialog.needsRestart());

    field<QSpinBox>(dialog, "logCapacity")->setValue(20'000);
    field<QSpinBox>(dialog, "maxConnections")->setValue(2);
    field<QSpinBox>(dialog, "maxMessageSize")->setValue(64);
    field<QSpinBox>(dialog, "maxFrameSize")->setValue(16);
    field<QDoubleSpinBox>(dialog, "rateLimit")->setValue(5);
    field<QSpinBox>(dialog, "handshakeTimeout")->setValue(3);
    field<QSpinBox>(dialog, "heartbeatInterval")->setValue(0);
    field<QSpinBox>(dialog, "heartbeatTimeout")->setValue(9);
    field<QSpinBox>(dialog, "maxPendingOutput")->setValue(256);
    field<QSpinBox>(dialog, "networkThreads")->setValue(4);
    field<QLineEdit>(dialog, "allowedOrigins")->setText(QStringLiteral("https://a.example, http://b.example:8080"));
    field<QLineEdit>(dialog, "accessToken")->setText(QStringLiteral("s3cret"));
    field<QLineEdit>(dialog, "redisUrl")->setText(QStringLiteral("redis://127.0.0.1:6390/2"));
    field<QLineEdit>(dialog, "nodeName")->setText(QStringLiteral("office-a"));
    field<QSpinBox>(dialog, "historyRetentionDays")->setValue(7);
    // The Qt engine has no compression: the box follows the engine.
    QVERIFY(field<QCheckBox>(dialog, "compression")->isEnabled());
    auto *engine = field<QComboBox>(dialog, "engine");
    QCOMPARE(engine->currentData().toInt(), int(Engine::Native));
    engine->setCurrentIndex(engine->findData(int(Engine::Qt)));
    QVERIFY(!field<QCheckBox>(dialog, "compression")->isEnabled());

    const ServerConfig c = dialog.config();
    QCOMPARE(dialog.logCapacity(), 20'000);
    QCOMPARE(c.port, quint16(9123)); // not this dialog's
    QCOMPARE(c.maxConnections, 2);
    QCOMPARE(c.maxMessageSize, 64 * 1024);
    QCOMPARE(c.maxFrameSize, 16 * 1024);
    QCOMPARE(c.maxMessagesPerSecond, 5.0);
    QCOMPARE(c.handshakeTimeoutMs, 3000);
    QCOMPARE(c.heartbeatIntervalS, 0);
    QCOMPARE(c.heartbeatTimeoutS, 9);
    QCOMPARE(c.maxPendingOutput, 256 * 1024);
    QCOMPARE(c.threads, 4);
    QCOMPARE(
        c.allowedOrigins, QStringList({QStringLiteral("https://a.example"), QStringLiteral("http://b.example:8080")}));
    QCOMPARE(c.token, QStringLiteral("s3cret"));
    QCOMPARE(c.redisUrl, QStringLiteral("redis://127.0.0.1:6390/2"));
    QCOMPARE(c.nodeName, QStringLiteral("office-a"));
    QCOMPARE(c.historyRetentionDays, 7);
    QCOMPARE(c.engine, Engine::Qt);
    QVERIFY(dialog.needsRestart());

    // "New token" makes a fresh random one.
    QTest::mouseClick(field<QPushButton>(dialog, "newToken"), Qt::LeftButton);
    const QString token = dialog.config().token;
    QVERIFY(token.size() >= 20);
    QVERIFY(token != QStringLiteral("s3cret"));
}

void TestSettingsDialog::badInput_keepsOkDisabledWithAReason_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("redis");
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("reason");
    QTest::newRow("certificate without key") << "/tmp/c.pem"
                                             << ""
                                             << ""
                                             << ""
                                             << "both a certificate";
    QTest::newRow("key without certificate") << ""
                                             << "/tmp/k.pem"
                                             << ""
                                             << ""
                                             << "both a certificate";
    QTest::newRow("not a Redis URL") << ""
                                     << ""
                                     << "http://127.0.0.1:6379"
                                     << ""
                                     << "redis://";
    QTest::newRow("Redis database not a number") << ""
                                                 << ""
                                                 << "redis://127.0.0.1:6379/x"
                                                 << ""
                                                 << "database";
    QTest::newRow("token with a space") << ""
                                        << ""
                                        << ""
                                        << "a b"
                                        << "spaces";
}

void TestSettingsDialog::badInput_keepsOkDisabledWithAReason()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, redis);
    QFETCH(QString, token);
    QFETCH(QString, reason);
    SettingsDialog dialog(ServerConfig {}, 1000);
    QPushButton *ok = okButton(dialog);
    QVERIFY(ok);
    QVERIFY(ok->isEnabled());
    field<QLineEdit>(dialog, "certificateFile")->setText(certificate);
    field<QLineEdit>(dialog, "keyFile")->setText(key);
    field<QLineEdit>(dialog, "redisUrl")->setText(redis);
    field<QLineEdit>(dialog, "accessToken")->setText(token);
    QVERIFY(!ok->isEnabled());
    const QString error = field<QLabel>(dialog, "settingsError")->text();
    QVERIFY2(error.contains(reason), qPrintable(error));
    field<QLineEdit>(dialog, "certificateFile")->clear();
    field<QLineEdit>(dialog, "keyFile")->clear();
    field<QLineEdit>(dialog, "redisUrl")->clear();
    field<QLineEdit>(dialog, "accessToken")->clear();
    QVERIFY(ok->isEnabled());
}

void TestSettingsDialog::selfSignedCertificate_servesWssOnTheSamePort()
{
    SettingsDialog dialog(ServerConfig {}, 1000);
    dialog.show();
    QTest::mouseClick(field<QPushButton>(dialog, "makeCertificate"), Qt::LeftButton);
    auto *certificateField = field<QLineEdit>(dialog, "certificateFile");
    auto *status = field<QLabel>(dialog, "certificateStatus");
    QTRY_VERIFY2_WITH_TIMEOUT(!certificateField->text().isEmpty(), qPrintable(status->text()), 30'000);
    QVERIFY(status->text().contains(u"update-ca-certificates")); // says how to trust it
    const ServerConfig config = dialog.config();
    QVERIFY(config.certificateFile.startsWith(CertificateMaker::defaultFolder()));
    QCOMPARE(QFile::permissions(config.keyFile) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
        QFileDevice::Permissions());

    QFile file(config.certificateFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(file.readAll());
    QCOMPARE(chain.size(), 1);
    QVERIFY(chain.first().isSelfSigned());
    const auto names = chain.first().subjectAlternativeNames();
    QVERIFY(names.values(QSsl::DnsEntry).contains(QStringLiteral("localhost")));
    QVERIFY(names.values(QSsl::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));

    // The server takes it: https:// and wss:// on one port, and a client that trusts the certificate connects.
    ServerConfig serving = config;
    serving.port = 0;
    Server server;
    QSignalSpy started(&server, &Server::started);
    server.start(serving);
    QVERIFY(started.wait(5000));
    QCOMPARE(server.webSocketUrl().scheme(), QStringLiteral("wss"));
    QWebSocket client;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.addCaCertificate(chain.first());
    client.setSslConfiguration(tls);
    QStringList received;
    connect(&client, &QWebSocket::textMessageReceived, this, [&received](const QString &t) { received.append(t); });
    QList<QSslError> errors;
    connect(&client, &QWebSocket::sslErrors, this, [&errors](const QList<QSslError> &e) { errors += e; });
    QSignalSpy connected(&client, &QWebSocket::connected);
    QUrl url = server.webSocketUrl();
    url.setHost(QStringLiteral("localhost"));
    client.open(url);
    QVERIFY2(connected.wait(10'000), qPrintable(client.errorString()));
    QVERIFY(errors.isEmpty());
    client.sendTextMessage(QStringLiteral("over TLS"));
    QTRY_COMPARE(received.size(), 1);
    QVERIFY(received.first().endsWith(u"You said: over TLS"));
    client.close();
    QSignalSpy stopped(&server, &Server::stopped);
    server.stop();
    QVERIFY(stopped.wait(5000));
}

void TestSettingsDialog::networkThreads_autoStaysAuto()
{
    ServerConfig original;
    original.threads = 0; // "auto": one per core, whatever machine the settings move to
    SettingsDialog dialog(original, 50'000);
    auto *threads = field<QSpinBox>(dialog, "networkThreads");
    QCOMPARE(threads->value(), 0);
    QVERIFY(threads->text().startsWith(QStringLiteral("auto (")));
    QCOMPARE(dialog.config().threads, 0); // OK keeps 0, not this machine's count
    QVERIFY(!dialog.needsRestart());
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"

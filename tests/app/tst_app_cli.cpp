// The duplex desktop binary's command line, run as a user would, without a display: --help and --version print
// and exit 0 (they must not need a window system), a bad option is exit code 2.
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

class TestAppCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helpAndVersion_workWithoutADisplay();
    void badPort_exits2();

private:
    static QProcessEnvironment noDisplay()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        return env;
    }
};

void TestAppCli::helpAndVersion_workWithoutADisplay()
{
    const QString binary = qEnvironmentVariable("DUPLEX_APP_BIN");
    QProcess help;
    help.setProcessEnvironment(noDisplay());
    help.start(binary, {QStringLiteral("--help")});
    QVERIFY(help.waitForFinished(10'000));
    QCOMPARE(help.exitStatus(), QProcess::NormalExit);
    QCOMPARE(help.exitCode(), 0);
    const QByteArray text = help.readAllStandardOutput();
    for (const char *option : {"--host", "--port", "--mode", "--lang"})
        QVERIFY2(text.contains(option), text.constData());
    QProcess version;
    version.setProcessEnvironment(noDisplay());
    version.start(binary, {QStringLiteral("--version")});
    QVERIFY(version.waitForFinished(10'000));
    QCOMPARE(version.exitCode(), 0);
    QVERIFY(version.readAllStandardOutput().contains(DUPLEX_VERSION));
}

void TestAppCli::badPort_exits2()
{
    QProcess process;
    QProcessEnvironment env = noDisplay();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.start(qEnvironmentVariable("DUPLEX_APP_BIN"), {QStringLiteral("--port"), QStringLiteral("99999")});
    QVERIFY(process.waitForFinished(10'000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains("Invalid port"));
}

QTEST_GUILESS_MAIN(TestAppCli)
#include "tst_app_cli.moc"

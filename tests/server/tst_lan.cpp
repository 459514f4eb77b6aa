// LanAddresses (the page's URLs on this computer's interfaces) and QrCode, read back with a real QR decoder.
#include "lanaddresses.h"
#include "qrcode.h"
#include "qrdecode.h"

#include <QDir>
#include <QFileInfo>
#include <QNetworkInterface>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Duplex;

class TestLan final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void qrCode_decodesToItsText_data();
    void qrCode_decodesToItsText();
    void qrCode_text_decodesToItsText();
    void qrCode_tooLong_isNull();
    void forServer_any_listsEveryInterfaceAddress();
    void forServer_loopback_isEmpty();
    void forServer_oneAddress_listsOnlyIt();
    void forServer_ipv4Any_leavesOutIpv6();
    void pageUrl_tokenAndTls();
    void virtualInterfaces_comeLast();
    void isVirtualInterface_followsSysfs();
    void serverQr_printsDecodableCodeOfFirstAddress();
};

namespace {

// The up, non-loopback interfaces' addresses that a phone could use (what LanAddresses promises to list).
QSet<QString> expectedAddresses(bool ipv4, bool ipv6)
{
    QSet<QString> result;
    for (const QNetworkInterface &interface : QNetworkInterface::allInterfaces()) {
        if (!interface.flags().testFlag(QNetworkInterface::IsUp)
            || interface.flags().testFlag(QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry &entry : interface.addressEntries()) {
            const QHostAddress a = entry.ip();
            if (a.isLoopback() || a.isLinkLocal())
                continue;
            const bool v4 = a.protocol() == QAbstractSocket::IPv4Protocol;
            if ((v4 && ipv4) || (!v4 && ipv6))
                result.insert(a.toString());
        }
    }
    return result;
}

QSet<QString> addressesOf(const QList<LanAddress> &list)
{
    QSet<QString> result;
    for (const LanAddress &a : list)
        result.insert(a.address.toString());
    return result;
}

} // namespace

void TestLan::qrCode_decodesToItsText_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("page") << QStringLiteral("http://192.168.1.20:8090/");
    QTest::newRow("token") << LanAddresses::pageUrl(
        QHostAddress(QStringLiteral("10.0.0.7")), 8443, true, QStringLiteral("s3cret+/=&?#"))
                                  .toString(QUrl::FullyEncoded);
    QTest::newRow("ipv6") << QStringLiteral("http://[2001:db8::5]:8090/");
    QTest::newRow("long") << QStringLiteral("http://192.168.1.20:8090/?token=") + QString(300, u'x');
}

void TestLan::qrCode_decodesToItsText()
{
    QFETCH(QString, text);
    const QrCode code = QrCode::encode(text.toUtf8());
    QVERIFY(!code.isNull());
    QCOMPARE(code.size() % 4, 1); // QR versions are 21, 25, 29, … modules wide
    QCOMPARE(DuplexTest::decodeQrModules(code.size(), [&](int x, int y) { return code.isDark(x, y); }), text);
}

// duplex-server --qr's text form, read back character by character (half blocks: two module rows a line).
void TestLan::qrCode_text_decodesToItsText()
{
    const QString url = QStringLiteral("http://192.168.178.31:8090/?token=abc");
    const QrCode code = QrCode::encode(url.toUtf8());
    for (const bool ansi : {false, true}) {
        QString text = code.toText(ansi, 2);
        if (ansi) {
            QVERIFY(text.contains(QStringLiteral("\x1b[30;107m")));
            text.remove(QRegularExpression(QStringLiteral("\x1b\\[[0-9;]*m")));
        }
        const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
        const int extent = code.size() + 4;
        QCOMPARE(lines.size(), (extent + 1) / 2);
        for (const QString &line : lines)
            QCOMPARE(line.size(), extent);
        const auto dark = [&](int x, int y) {
            const QChar c = lines.at(y / 2).at(x);
            const bool top = c == QChar(0x2588) || c == QChar(0x2580);
            const bool bottom = c == QChar(0x2588) || c == QChar(0x2584);
            return y % 2 == 0 ? top : bottom;
        };
        QCOMPARE(DuplexTest::decodeQrModules(extent, dark), url);
    }
}

void TestLan::qrCode_tooLong_isNull()
{
    QVERIFY(QrCode::encode(QByteArray(4000, 'x')).isNull());
    QVERIFY(QrCode::encode(QByteArray(4000, 'x')).toText(false).isEmpty());
}

void TestLan::forServer_any_listsEveryInterfaceAddress()
{
    const QList<LanAddress> list = LanAddresses::forServer(QHostAddress::Any, 8090, false, QString());
    QCOMPARE(addressesOf(list), expectedAddresses(true, true));
    for (const LanAddress &a : list) {
        QVERIFY(!a.address.isLoopback());
        QVERIFY(!a.interfaceName.isEmpty());
        QCOMPARE(a.url.port(), 8090);
        QCOMPARE(a.url.scheme(), QStringLiteral("http"));
        QCOMPARE(QHostAddress(a.url.host()), a.address);
    }
    if (list.isEmpty())
        qInfo("This machine has no interface beyond loopback: the list is rightly empty.");
    else
        qInfo(
            "First address: %s on %s", qPrintable(list.first().url.toString()), qPrintable(list.first().interfaceName));
}

void TestLan::forServer_loopback_isEmpty()
{
    QVERIFY(LanAddresses::forServer(QHostAddress::LocalHost, 8090, false, QString()).isEmpty());
    QVERIFY(LanAddresses::forServer(QHostAddress::LocalHostIPv6, 8090, false, QString()).isEmpty());
    QVERIFY(!LanAddresses::reachableFromOtherDevices(QHostAddress::LocalHost));
    QVERIFY(!LanAddresses::reachableFromOtherDevices(QHostAddress(QStringLiteral("127.0.0.2"))));
    QVERIFY(LanAddresses::reachableFromOtherDevices(QHostAddress::AnyIPv4));
    QVERIFY(LanAddresses::reachableFromOtherDevices(QHostAddress(QStringLiteral("192.168.1.2"))));
}

void TestLan::forServer_oneAddress_listsOnlyIt()
{
    // One of this machine's addresses (where it has one beyond loopback): that address alone, with its interface.
    const QSet<QString> all = expectedAddresses(true, true);
    if (!all.isEmpty()) {
        const QHostAddress one(*all.begin());
        const QList<LanAddress> list = LanAddresses::forServer(one, 9000, false, QString());
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.first().address, one);
        QVERIFY(!list.first().interfaceName.isEmpty());
    }
    // An address no interface has any more is still shown as the one the server was told to use.
    const QHostAddress gone(QStringLiteral("203.0.113.77"));
    const QList<LanAddress> goneList = LanAddresses::forServer(gone, 9000, false, QString());
    QCOMPARE(goneList.size(), 1);
    QCOMPARE(goneList.first().url.toString(), QStringLiteral("http://203.0.113.77:9000/"));
}

void TestLan::forServer_ipv4Any_leavesOutIpv6()
{
    QCOMPARE(addressesOf(LanAddresses::forServer(QHostAddress::AnyIPv4, 8090, false, QString())),
        expectedAddresses(true, false));
    QCOMPARE(addressesOf(LanAddresses::forServer(QHostAddress::AnyIPv6, 8090, false, QString())),
        expectedAddresses(false, true));
}

void TestLan::pageUrl_tokenAndTls()
{
    const QUrl url
        = LanAddresses::pageUrl(QHostAddress(QStringLiteral("192.168.1.5")), 8443, true, QStringLiteral("a+b c&d"));
    // Every reserved byte encoded: the page reads the token with URLSearchParams, which takes + for a space.
    QCOMPARE(url.toString(QUrl::FullyEncoded), QStringLiteral("https://192.168.1.5:8443/?token=a%2Bb%20c%26d"));
    QCOMPARE(LanAddresses::pageUrl(QHostAddress(QStringLiteral("2001:db8::1")), 80, false, QString()).toString(),
        QStringLiteral("http://[2001:db8::1]:80/"));
}

void TestLan::virtualInterfaces_comeLast()
{
    const QList<LanAddress> list = LanAddresses::forServer(QHostAddress::Any, 8090, false, QString());
    bool seenVirtual = false;
    for (const LanAddress &a : list) {
        if (a.isVirtual)
            seenVirtual = true;
        else
            QVERIFY2(!seenVirtual, qPrintable(a.interfaceName + QStringLiteral(" is listed after a virtual one")));
    }
}

void TestLan::isVirtualInterface_followsSysfs()
{
    for (const char *name : {"docker0", "br-1a2b3c", "veth12ab", "virbr0", "tun0", "wg0", "tailscale0"})
        QVERIFY2(LanAddresses::isVirtualInterface(QLatin1String(name)), name);
    // Every interface of this machine: virtual exactly when sysfs has it under /sys/devices/virtual.
    const QDir sys(QStringLiteral("/sys/class/net"));
    QVERIFY(sys.exists()); // Linux: the rule below is how Duplex tells them apart
    for (const QString &name : sys.entryList(QDir::Dirs | QDir::System | QDir::NoDotAndDotDot)) {
        const bool underVirtual
            = QFileInfo(sys.filePath(name)).canonicalFilePath().startsWith(QStringLiteral("/sys/devices/virtual/"));
        if (underVirtual)
            QVERIFY2(LanAddresses::isVirtualInterface(name), qPrintable(name));
        else if (!name.startsWith(QStringLiteral("docker")) && !name.startsWith(QStringLiteral("veth")))
            QVERIFY2(!LanAddresses::isVirtualInterface(name), qPrintable(name));
    }
}

// duplex-server --host 0.0.0.0 --qr: the URLs of this machine's interfaces, and a code that decodes to the first.
void TestLan::serverQr_printsDecodableCodeOfFirstAddress()
{
    const QString bin = qEnvironmentVariable("DUPLEX_SERVER_BIN");
    QVERIFY(QFileInfo::exists(bin));
    const QList<LanAddress> expected = LanAddresses::forServer(QHostAddress::AnyIPv4, 8090, false, QString());
    QProcess server;
    server.start(bin,
        {QStringLiteral("--host"), QStringLiteral("0.0.0.0"), QStringLiteral("--port"), QStringLiteral("0"),
            QStringLiteral("--no-history"), QStringLiteral("--qr"), QStringLiteral("--token"), QStringLiteral("t0k")});
    QVERIFY(server.waitForStarted());
    QByteArray output;
    // Ends with the token warning, or says there is no interface to use.
    QTRY_VERIFY_WITH_TIMEOUT(
        (output += server.readAllStandardOutput()).contains("whoever scans") || output.contains("No network"), 10'000);
    server.terminate();
    server.waitForFinished();
    const QStringList lines = QString::fromUtf8(output).split(u'\n');
    if (expected.isEmpty()) { // nothing to scan: it says so instead of drawing a code
        QVERIFY2(output.contains("No network interface is up"), output.constData());
        return;
    }
    const QRegularExpression urlLine(QStringLiteral("^  (http://\\S+)  \\((\\S+?)[,)]"));
    // The URL lines, then the code: lines of spaces and half blocks only (its quiet zone is spaces).
    static const QRegularExpression blocksOnly(QStringLiteral("^[ \u2580\u2584\u2588]+$"));
    QStringList urls;
    QStringList block;
    for (const QString &line : lines) {
        if (const auto m = urlLine.match(line); m.hasMatch())
            urls.append(m.captured(1));
        else if (!urls.isEmpty() && blocksOnly.match(line).hasMatch())
            block.append(line);
    }
    QCOMPARE(urls.size(), expected.size());
    for (const QString &url : urls) {
        QVERIFY2(url.endsWith(QStringLiteral("/?token=t0k")), qPrintable(url));
        QVERIFY(expectedAddresses(true, false).contains(QUrl(url).host()));
    }
    QVERIFY(!block.isEmpty());
    const int width = int(block.first().size());
    const auto dark = [&](int x, int y) {
        if (y / 2 >= block.size() || x >= block.at(y / 2).size())
            return false;
        const QChar c = block.at(y / 2).at(x);
        return y % 2 == 0 ? (c == QChar(0x2588) || c == QChar(0x2580)) : (c == QChar(0x2588) || c == QChar(0x2584));
    };
    QCOMPARE(DuplexTest::decodeQrModules(width, dark), urls.first());
}

QTEST_GUILESS_MAIN(TestLan)
#include "tst_lan.moc"

#include "accesspolicy.h"

#include <QTest>

using namespace Duplex;

namespace {

QByteArray head(const QByteArray &target, const QByteArray &extra = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:8090\r\nUpgrade: websocket\r\nConnection: Upgrade" + extra;
}

} // namespace

class TestAccessPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checkUpgrade_data();
    void checkUpgrade();
    void tokenOnApiRequests();
    void headerHelpers();
    void displayedPath_masksTheToken_data();
    void displayedPath_masksTheToken();
};

void TestAccessPolicy::displayedPath_masksTheToken_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("shown");
    QTest::newRow("no query") << QStringLiteral("ws://h/chat") << QStringLiteral("/chat");
    QTest::newRow("empty path") << QStringLiteral("ws://h") << QStringLiteral("/");
    QTest::newRow("no token") << QStringLiteral("ws://h/?name=ann") << QStringLiteral("/?name=ann");
    QTest::newRow("token") << QStringLiteral("ws://h/chat?name=ann&token=s3cret&x=1")
                           << QStringLiteral("/chat?name=ann&token=***&x=1");
    QTest::newRow("token only") << QStringLiteral("ws://h/?token=a%20b") << QStringLiteral("/?token=***");
}

void TestAccessPolicy::displayedPath_masksTheToken()
{
    QFETCH(QString, url);
    QFETCH(QString, shown);
    QCOMPARE(AccessPolicy::displayedPath(QUrl(url)), shown);
}

void TestAccessPolicy::checkUpgrade_data()
{
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("open");
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    const QStringList none;
    QTest::newRow("no origin (not a browser)") << none << QString() << 0 << head("/") << 0;
    QTest::newRow("same origin") << none << QString() << 0 << head("/", "\r\nOrigin: http://127.0.0.1:8090") << 0;
    QTest::newRow("localhost page") << none << QString() << 0 << head("/", "\r\nOrigin: http://localhost:3000") << 0;
    QTest::newRow("ipv6 loopback page") << none << QString() << 0 << head("/", "\r\nOrigin: http://[::1]:3000") << 0;
    QTest::newRow("foreign page") << none << QString() << 0 << head("/", "\r\nOrigin: https://evil.example") << 403;
    QTest::newRow("look-alike host") << none << QString() << 0
                                     << head("/", "\r\nOrigin: http://127.0.0.1.evil.example:8090") << 403;
    QTest::newRow("null origin") << none << QString() << 0 << head("/", "\r\nOrigin: null") << 403;
    QTest::newRow("allow-listed") << QStringList {QStringLiteral("https://chat.example")} << QString() << 0
                                  << head("/", "\r\nOrigin: https://chat.example") << 0;
    QTest::newRow("allow all") << QStringList {QStringLiteral("*")} << QString() << 0
                               << head("/", "\r\nOrigin: https://anything.example") << 0;
    QTest::newRow("token in query") << none << QStringLiteral("s3cret") << 0 << head("/chat?name=a&token=s3cret") << 0;
    QTest::newRow("token as bearer") << none << QStringLiteral("s3cret") << 0
                                     << head("/", "\r\nAuthorization: Bearer s3cret") << 0;
    QTest::newRow("token missing") << none << QStringLiteral("s3cret") << 0 << head("/chat") << 401;
    QTest::newRow("token wrong") << none << QStringLiteral("s3cret") << 0 << head("/?token=s3cre") << 401;
    QTest::newRow("token wrong bearer") << none << QStringLiteral("s3cret") << 0
                                        << head("/", "\r\nAuthorization: Bearer nope") << 401;
    QTest::newRow("under the limit") << none << QString() << 9 << head("/") << 0;
    QTest::newRow("at the limit") << none << QString() << 10 << head("/") << 503;
}

void TestAccessPolicy::checkUpgrade()
{
    QFETCH(QStringList, allowed);
    QFETCH(QString, token);
    QFETCH(int, open);
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    ServerConfig config;
    config.allowedOrigins = allowed;
    config.token = token;
    config.maxConnections = 10;
    const AccessPolicy::Verdict verdict = AccessPolicy(config).checkUpgrade(request, open);
    QCOMPARE(verdict.status, status);
    QCOMPARE(verdict.reason.isEmpty(), status == 0);
}

void TestAccessPolicy::tokenOnApiRequests()
{
    ServerConfig config;
    QVERIFY(AccessPolicy(config).tokenAccepted("/api/stats", {}));
    config.token = QStringLiteral("t o/k");
    const AccessPolicy policy(config);
    QVERIFY(policy.requiresToken());
    QVERIFY(!policy.tokenAccepted("/api/stats", {}));
    QVERIFY(policy.tokenAccepted("/api/stats?token=t%20o%2Fk", {}));
    QVERIFY(policy.tokenAccepted("/api/stats", "Bearer t o/k"));
    QVERIFY(!policy.tokenAccepted("/api/stats", "Basic dDpvL2s="));
}

void TestAccessPolicy::headerHelpers()
{
    const QByteArray h = head("/x?y=1", "\r\nX-Thing:  value  ");
    QCOMPARE(AccessPolicy::requestTarget(h), QByteArray("/x?y=1"));
    QCOMPARE(AccessPolicy::headerValue(h, "x-thing"), QByteArray("value"));
    QCOMPARE(AccessPolicy::headerValue(h, "missing"), QByteArray());
    // A list header may be split over several lines (Sec-WebSocket-Protocol: RFC 6455 11.3.4).
    const QByteArray lists = head("/", "\r\nSec-WebSocket-Protocol: a, b ,\r\nsec-websocket-protocol:duplex.v1");
    QCOMPARE(AccessPolicy::headerList(lists, "sec-websocket-protocol"), (QList<QByteArray> {"a", "b", "duplex.v1"}));
    QCOMPARE(AccessPolicy::headerList(lists, "missing"), QList<QByteArray>());
}

QTEST_GUILESS_MAIN(TestAccessPolicy)
#include "tst_accesspolicy.moc"

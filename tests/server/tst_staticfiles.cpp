#include "staticfiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Duplex;

class TestStaticFiles final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void resolve_data();
    void resolve();
    void resourceRoot_servesTheBuiltInPage();
    void mimeTypes();

private:
    QTemporaryDir m_dir;
    QString m_root;
};

void TestStaticFiles::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // <tmp>/secret.txt is outside the root <tmp>/root.
    QDir base(m_dir.path());
    QVERIFY(base.mkpath(QStringLiteral("root/sub")));
    m_root = base.filePath(QStringLiteral("root"));
    const auto write = [](const QString &path, const QByteArray &content) {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
    };
    QVERIFY(write(base.filePath(QStringLiteral("secret.txt")), "secret"));
    QVERIFY(write(base.filePath(QStringLiteral("root/index.html")), "<h1>hi</h1>"));
    QVERIFY(write(base.filePath(QStringLiteral("root/sub/a b.txt")), "space"));
    QVERIFY(write(base.filePath(QStringLiteral("root/sub/index.html")), "sub"));
    QVERIFY(QFile::link(base.filePath(QStringLiteral("secret.txt")), base.filePath(QStringLiteral("root/escape.txt"))));
    QVERIFY(QFile::link(base.path(), base.filePath(QStringLiteral("root/up"))));
    QVERIFY(QFile::link(
        base.filePath(QStringLiteral("root/index.html")), base.filePath(QStringLiteral("root/inside.html"))));
}

void TestStaticFiles::resolve_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("file"); // relative to the root, when 200

    QTest::newRow("root is index.html") << QByteArray("/") << 200 << QStringLiteral("index.html");
    QTest::newRow("file") << QByteArray("/index.html") << 200 << QStringLiteral("index.html");
    QTest::newRow("query ignored") << QByteArray("/index.html?x=1") << 200 << QStringLiteral("index.html");
    QTest::newRow("folder index") << QByteArray("/sub/") << 200 << QStringLiteral("sub/index.html");
    QTest::newRow("encoded space") << QByteArray("/sub/a%20b.txt") << 200 << QStringLiteral("sub/a b.txt");
    QTest::newRow("symlink inside") << QByteArray("/inside.html") << 200 << QStringLiteral("index.html");
    QTest::newRow("missing") << QByteArray("/nope.html") << 404 << QString();
    QTest::newRow("dot dot") << QByteArray("/../secret.txt") << 403 << QString();
    QTest::newRow("nested dot dot") << QByteArray("/sub/../../secret.txt") << 403 << QString();
    QTest::newRow("encoded dots") << QByteArray("/%2e%2e/secret.txt") << 403 << QString();
    QTest::newRow("encoded dots upper") << QByteArray("/%2E%2E/secret.txt") << 403 << QString();
    QTest::newRow("encoded slash") << QByteArray("/..%2fsecret.txt") << 403 << QString();
    QTest::newRow("double encoded") << QByteArray("/%252e%252e/secret.txt") << 403 << QString();
    QTest::newRow("backslash") << QByteArray("/..\\secret.txt") << 403 << QString();
    QTest::newRow("encoded backslash") << QByteArray("/..%5csecret.txt") << 403 << QString();
    QTest::newRow("nul byte") << QByteArray("/index.html%00.txt") << 403 << QString();
    QTest::newRow("absolute path") << QByteArray("//etc/passwd") << 403 << QString();
    QTest::newRow("no leading slash") << QByteArray("etc/passwd") << 403 << QString();
    QTest::newRow("symlink to a file outside") << QByteArray("/escape.txt") << 403 << QString();
    QTest::newRow("symlink to a folder outside") << QByteArray("/up/secret.txt") << 403 << QString();
}

void TestStaticFiles::resolve()
{
    QFETCH(QByteArray, path);
    QFETCH(int, status);
    QFETCH(QString, file);
    const StaticFiles files(m_root);
    const StaticFiles::Result result = files.resolve(path);
    QCOMPARE(result.status, status);
    if (status == 200)
        QCOMPARE(result.filePath, QFileInfo(QDir(m_root).filePath(file)).canonicalFilePath());
    else
        QVERIFY(result.filePath.isEmpty());
}

void TestStaticFiles::resourceRoot_servesTheBuiltInPage()
{
    const StaticFiles files;
    QVERIFY(files.isResourceRoot());
    QCOMPARE(files.resolve("/").status, 200);
    QCOMPARE(files.resolve("/").filePath, QStringLiteral(":/web/index.html"));
    QCOMPARE(files.resolve("/app.js").status, 200);
    QCOMPARE(files.resolve("/style.css").status, 200);
    QCOMPARE(files.resolve("/nothing.js").status, 404);
    QCOMPARE(files.resolve("/../web/index.html").status, 403);
}

void TestStaticFiles::mimeTypes()
{
    QCOMPARE(StaticFiles::mimeTypeFor(QStringLiteral("a/index.html")), QByteArray("text/html; charset=utf-8"));
    QCOMPARE(StaticFiles::mimeTypeFor(QStringLiteral("app.js")), QByteArray("text/javascript; charset=utf-8"));
    QCOMPARE(StaticFiles::mimeTypeFor(QStringLiteral("style.CSS")), QByteArray("text/css; charset=utf-8"));
    QCOMPARE(StaticFiles::mimeTypeFor(QStringLiteral("icon.svg")), QByteArray("image/svg+xml"));
    QCOMPARE(StaticFiles::mimeTypeFor(QStringLiteral("blob")), QByteArray("application/octet-stream"));
}

QTEST_GUILESS_MAIN(TestStaticFiles)
#include "tst_staticfiles.moc"

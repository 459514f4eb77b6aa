// The zh_CN catalogue is complete, ships inside the binaries, and translates.
#include "serverconfig.h"
#include "translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QTest>
#include <QXmlStreamReader>

using namespace Duplex;

class TestTranslations final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void zhCN_catalogueIsComplete();
    void zhCN_isEmbeddedAndTranslatesTheReply();
    void english_isTheSourceText();
};

void TestTranslations::zhCN_catalogueIsComplete()
{
    QFile file(QStringLiteral(DUPLEX_SOURCE_DIR "/translations/duplex_zh_CN.ts"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    int messages = 0;
    QStringList missing;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"TS")
            QCOMPARE(xml.attributes().value(QLatin1String("language")).toString(), QStringLiteral("zh_CN"));
        if (xml.name() == u"source")
            source = xml.readElementText();
        if (xml.name() == u"translation") {
            ++messages;
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (type == u"unfinished" || type == u"vanished" || type == u"obsolete" || text.trimmed().isEmpty())
                missing.append(source);
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages > 100);
    QVERIFY2(missing.isEmpty(), qPrintable(u"Untranslated: " + missing.join(QStringLiteral(" | "))));
}

void TestTranslations::zhCN_isEmbeddedAndTranslatesTheReply()
{
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/duplex_zh_CN.qm")));
    QVERIFY(installTranslations(QLocale(QStringLiteral("zh_CN"))));
    QCOMPARE(defaultReplyTemplate(), QStringLiteral("我是服务端,我已收到您的消息,您说的是:{text}"));
    // Qt's own strings (dialog buttons) come from qtbase_zh_CN.
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("取消"));
    QVERIFY(installTranslations(QLocale(QStringLiteral("en"))));
    QCOMPARE(defaultReplyTemplate(), QStringLiteral("I am the server. I received your message. You said: {text}"));
}

void TestTranslations::english_isTheSourceText()
{
    QVERIFY(installTranslations(QLocale(QLocale::English)));
    QVERIFY(availableLanguages().contains(u"zh_CN"));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"

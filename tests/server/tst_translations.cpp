// The zh_CN catalogue is complete, ships inside the binaries, and translates.
#include "serverconfig.h"
#include "translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QMap>
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
    void english_hasEveryPluralForm();
};

namespace {

// The numerus messages of a catalogue: source text → its plural forms (empty when unfinished).
QMap<QString, QStringList> pluralMessages(const QString &path)
{
    QMap<QString, QStringList> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return messages;
    QXmlStreamReader xml(&file);
    bool numerus = false;
    QString source;
    bool unfinished = false;
    QStringList forms;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == u"message") {
            numerus = xml.attributes().value(QLatin1String("numerus")) == u"yes";
            forms.clear();
            unfinished = false;
        } else if (xml.isStartElement() && xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.isStartElement() && xml.name() == u"translation") {
            unfinished = xml.attributes().value(QLatin1String("type")) == u"unfinished";
        } else if (xml.isStartElement() && xml.name() == u"numerusform") {
            forms.append(xml.readElementText());
        } else if (xml.isEndElement() && xml.name() == u"message" && numerus) {
            messages.insert(source, unfinished ? QStringList() : forms);
        }
    }
    return messages;
}

} // namespace

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

void TestTranslations::english_hasEveryPluralForm()
{
    const QMap<QString, QStringList> chinese
        = pluralMessages(QStringLiteral(DUPLEX_SOURCE_DIR "/translations/duplex_zh_CN.ts"));
    const QMap<QString, QStringList> english
        = pluralMessages(QStringLiteral(DUPLEX_SOURCE_DIR "/translations/duplex_en.ts"));
    QVERIFY(chinese.size() >= 10);
    QStringList missing;
    for (auto it = chinese.cbegin(); it != chinese.cend(); ++it) {
        const QStringList forms = english.value(it.key());
        if (forms.size() != 2 || forms.contains(QString()))
            missing.append(it.key());
    }
    QVERIFY2(missing.isEmpty(),
        qPrintable(
            u"Not in duplex_en.ts (cmake --build build --target update_translations_en): " + missing.join(u" | ")));
    QVERIFY(installTranslations(QLocale(QLocale::English)));
    QCOMPARE(QCoreApplication::translate("Duplex::TrafficGraph", "%n connection(s)", nullptr, 1),
        QStringLiteral("1 connection"));
    QCOMPARE(QCoreApplication::translate("Duplex::TrafficGraph", "%n connection(s)", nullptr, 3),
        QStringLiteral("3 connections"));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"

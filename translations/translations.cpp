#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace Duplex {

namespace {
QTranslator *g_duplex = nullptr;
QTranslator *g_qt = nullptr;
} // namespace

bool installTranslations(const QLocale &locale)
{
    auto *app = QCoreApplication::instance();
    for (QTranslator **t : {&g_duplex, &g_qt}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
    if (locale.language() == QLocale::English || locale.language() == QLocale::C) {
        // Only the plural forms ("1 row", "2 rows"): the source text is English.
        auto *plurals = new QTranslator(app);
        if (plurals->load(QStringLiteral(":/i18n/duplex_en.qm"))) {
            QCoreApplication::installTranslator(plurals);
            g_duplex = plurals;
        } else {
            delete plurals;
        }
        return true;
    }
    auto *duplex = new QTranslator(app);
    if (!duplex->load(locale, QStringLiteral("duplex"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete duplex;
        return false;
    }
    QCoreApplication::installTranslator(duplex);
    g_duplex = duplex;
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        g_qt = qt;
    } else {
        delete qt;
    }
    return true;
}

QString currentLanguage()
{
    return g_duplex && !g_duplex->language().isEmpty() ? g_duplex->language() : QStringLiteral("en");
}

QStringList availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("zh_CN")};
}

} // namespace Duplex

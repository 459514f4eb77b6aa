#pragma once

#include <QLocale>

namespace Duplex {

// Installs Duplex's catalogue for the locale (from the :/i18n resources) and Qt's own (qtbase_*), replacing
// any installed before. Returns false when Duplex has no catalogue for that language (English is built in).
bool installTranslations(const QLocale &locale);

// The languages Duplex ships, as locale names ("en", "zh_CN").
QStringList availableLanguages();
// The language of the catalogue installed now ("en", "zh_CN").
QString currentLanguage();

} // namespace Duplex

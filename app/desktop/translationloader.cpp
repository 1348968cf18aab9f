// SPDX-License-Identifier: MIT
#include "translationloader.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

QLocale TranslationLoader::locale(const QString& language)
{
    if (language == QLatin1String("en"))
        return QLocale(QLocale::English, QLocale::UnitedStates);
    if (language == QLatin1String("de"))
        return QLocale(QLocale::German, QLocale::Germany);
    return QLocale::system();
}

QStringList TranslationLoader::install(const QLocale& locale)
{
    QStringList loaded;
    const std::pair<QString, QString> catalogs[] = {
        { QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath) },
        { QStringLiteral("agentmeter"), QStringLiteral(":/i18n") },
    };
    for (const auto& [name, directory] : catalogs) {
        // Parented to the application: a translator must live as long as the strings it translates.
        auto* translator = new QTranslator(QCoreApplication::instance());
        if (translator->load(locale, name, QStringLiteral("_"), directory)
            && QCoreApplication::installTranslator(translator)) {
            loaded << translator->filePath();
        } else {
            delete translator;
        }
    }
    return loaded;
}

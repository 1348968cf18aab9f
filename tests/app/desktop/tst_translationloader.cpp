// SPDX-License-Identifier: MIT
#include "translationloader.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QTest>

class TestTranslationLoader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void localeFollowsTheSetting_data();
    void localeFollowsTheSetting();
    void missingCatalogsAreSkipped();
    void qtsOwnCatalogIsLoadedWhenInstalled();
};

void TestTranslationLoader::localeFollowsTheSetting_data()
{
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QLocale::Language>("language");
    QTest::newRow("english") << QStringLiteral("en") << QLocale::English;
    QTest::newRow("german") << QStringLiteral("de") << QLocale::German;
    QTest::newRow("system") << QString() << QLocale::system().language();
    QTest::newRow("unknown is the system's") << QStringLiteral("xx") << QLocale::system().language();
}

void TestTranslationLoader::localeFollowsTheSetting()
{
    QFETCH(QString, setting);
    QFETCH(QLocale::Language, language);
    QCOMPARE(TranslationLoader::locale(setting).language(), language);
}

void TestTranslationLoader::missingCatalogsAreSkipped()
{
    // Neither Qt nor AgentMeter has a Welsh catalogue: the window stays in English, without failing.
    QCOMPARE(TranslationLoader::install(QLocale(QLocale::Welsh)), QStringList());
}

void TestTranslationLoader::qtsOwnCatalogIsLoadedWhenInstalled()
{
    const QString qtbase
        = QLibraryInfo::path(QLibraryInfo::TranslationsPath) + QStringLiteral("/qtbase_de.qm");
    if (!QFileInfo::exists(qtbase))
        QSKIP("Qt's German translations are not installed here");
    const QStringList loaded = TranslationLoader::install(QLocale(QLocale::German, QLocale::Germany));
    QVERIFY2(
        loaded.contains(QFileInfo(qtbase).absoluteFilePath()), qPrintable(loaded.join(QLatin1Char(' '))));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
}

QTEST_GUILESS_MAIN(TestTranslationLoader)
#include "tst_translationloader.moc"

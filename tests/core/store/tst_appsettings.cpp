// SPDX-License-Identifier: MIT
#include "settings/appsettings.h"

#include <QTemporaryDir>
#include <QTest>

class TestAppSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsWhenNeverWritten();
    void valuesSurviveAReopen();
};

void TestAppSettings::defaultsWhenNeverWritten()
{
    QTemporaryDir dir;
    const AppSettings settings(dir.filePath(QStringLiteral("a.conf")));
    QVERIFY(settings.sourceEnabled(QStringLiteral("codex")));
    QVERIFY(settings.sourceRoots(QStringLiteral("codex")).isEmpty());
    QVERIFY(settings.apiEnabled());
    QCOMPARE(settings.apiBind(), QStringLiteral("127.0.0.1"));
    QCOMPARE(settings.apiPort(), 8765);
    QCOMPARE(settings.costMode(), QStringLiteral("auto"));
    QVERIFY(settings.storeContent());
    QVERIFY(settings.closeToTray());
    QVERIFY(settings.timeZone().isEmpty());
}

void TestAppSettings::valuesSurviveAReopen()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.conf"));
    {
        AppSettings settings(path);
        settings.setSourceEnabled(QStringLiteral("gemini"), false);
        settings.setSourceRoots(QStringLiteral("claude"), { QStringLiteral("/a"), QStringLiteral("/b") });
        settings.setApiPort(9000);
        settings.setApiToken(QStringLiteral("secret"));
        settings.setCostMode(QStringLiteral("calculate"));
        settings.setTimeZone(QStringLiteral("Europe/Berlin"));
        settings.setStoreContent(false);
        settings.setCloseToTray(false);
        settings.setLanguage(QStringLiteral("de"));
    }
    const AppSettings settings(path);
    QVERIFY(!settings.sourceEnabled(QStringLiteral("gemini")));
    QCOMPARE(settings.sourceRoots(QStringLiteral("claude")), QStringList({ QStringLiteral("/a"), QStringLiteral("/b") }));
    QCOMPARE(settings.apiPort(), 9000);
    QCOMPARE(settings.apiToken(), QStringLiteral("secret"));
    QCOMPARE(settings.costMode(), QStringLiteral("calculate"));
    QCOMPARE(settings.timeZone(), QStringLiteral("Europe/Berlin"));
    QVERIFY(!settings.storeContent());
    QVERIFY(!settings.closeToTray());
    QCOMPARE(settings.language(), QStringLiteral("de"));
}

QTEST_GUILESS_MAIN(TestAppSettings)
#include "tst_appsettings.moc"

// SPDX-License-Identifier: MIT
#include "demo/corpusgenerators.h"
#include "firstrunpage.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestFirstRunPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsTheRootsItLookedIn();
    void chooseFoldersAsksForTheSettings();
    void loadDemoDataWritesTheCorpusAndReportsTheDemoDatabase();
};

void TestFirstRunPage::showsTheRootsItLookedIn()
{
    const QStringList roots { QStringLiteral("/home/u/.claude"), QStringLiteral("/home/u/.codex") };
    FirstRunPage page(roots, QStringLiteral("/nowhere"));
    auto* label = page.findChild<QLabel*>(QStringLiteral("rootsLookedIn"));
    QVERIFY(label);
    QCOMPARE(label->text(), QStringLiteral("/home/u/.claude\n/home/u/.codex"));
    page.setRootsLookedIn({ QStringLiteral("/elsewhere") });
    QCOMPARE(label->text(), QStringLiteral("/elsewhere"));
}

void TestFirstRunPage::chooseFoldersAsksForTheSettings()
{
    FirstRunPage page({}, QStringLiteral("/nowhere"));
    QSignalSpy chosen(&page, &FirstRunPage::chooseFoldersRequested);
    page.findChild<QPushButton*>(QStringLiteral("chooseFolders"))->click();
    QCOMPARE(chosen.size(), 1);
}

void TestFirstRunPage::loadDemoDataWritesTheCorpusAndReportsTheDemoDatabase()
{
    QTemporaryDir dataDir;
    FirstRunPage page({}, dataDir.path());
    page.setDemoSizeFactor(0.01);
    page.show();
    QSignalSpy ready(&page, &FirstRunPage::demoDataAvailable);
    QSignalSpy failed(&page, &FirstRunPage::demoDataFailed);
    auto* load = page.findChild<QPushButton*>(QStringLiteral("loadDemo"));
    load->click();
    QVERIFY(!load->isEnabled()); // no second corpus while the first is written
    QVERIFY(ready.wait(120000));
    QCOMPARE(failed.size(), 0);
    const auto result = ready.first().first().value<DemoCorpus::Result>();
    QVERIFY(result.error.isEmpty());
    QCOMPARE(result.databasePath, dataDir.filePath(QStringLiteral("agentmeter-demo.db")));
    QStringList sources = result.rootBySource.keys();
    sources.sort();
    QStringList expected = CorpusGenerators::sources();
    expected.sort();
    QCOMPARE(sources, expected);
    for (auto it = result.rootBySource.cbegin(); it != result.rootBySource.cend(); ++it) {
        QCOMPARE(it.value(), dataDir.filePath(QStringLiteral("demo/") + it.key()));
        QVERIFY2(QFileInfo::exists(it.value() + QStringLiteral("/.agentmeter-demo-complete")),
            qPrintable(it.key()));
        QVERIFY(!QDir(it.value()).isEmpty()); // logs besides the (hidden) marker
    }
    QVERIFY(page.findChild<QLabel*>(QStringLiteral("status"))->text().contains(result.databasePath));
    QVERIFY(load->isEnabled());
}

QTEST_MAIN(TestFirstRunPage)
#include "tst_firstrunpage.moc"

// SPDX-License-Identifier: MIT
#include "mainwindow.h"
#include "settings/appsettings.h"
#include "storechanges.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyPageHasATab();
    void bannerShowsOnlyWithText();
    void statusReportsIngestPasses();
    void closeHidesToTheTrayOrQuits_data();
    void closeHidesToTheTrayOrQuits();
};

void TestMainWindow::everyPageHasATab()
{
    MainWindow window(PageContext {});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* tabs = window.findChild<QTabWidget*>();
    QVERIFY(tabs);
    QCOMPARE(tabs->count(), int(MainWindow::PageCount));
    window.showPage(MainWindow::Traces);
    QCOMPARE(tabs->currentWidget(), window.page(MainWindow::Traces));
}

void TestMainWindow::bannerShowsOnlyWithText()
{
    MainWindow window(PageContext {});
    window.show();
    auto* banner = window.findChild<QLabel*>(QStringLiteral("banner"));
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());
    window.setBanner(QStringLiteral("Demo data"));
    QVERIFY(banner->isVisible());
    window.setBanner({});
    QVERIFY(!banner->isVisible());
}

void TestMainWindow::statusReportsIngestPasses()
{
    StoreChanges changes;
    PageContext context;
    context.changes = &changes;
    MainWindow window(context);
    const auto status = [&window] {
        QStringList texts;
        for (const QLabel* label : window.findChildren<QLabel*>())
            texts += label->text();
        return texts.join(QLatin1Char('\n'));
    };
    IngestPass pass;
    changes.publishPass(pass);
    QVERIFY2(status().contains(QStringLiteral("Watching the logs, checked at")), qPrintable(status()));
    QVERIFY(!status().contains(QStringLiteral("new requests")));
    pass.stats.filesRead = 7;
    pass.stats.usageInserted = 3;
    changes.publishPass(pass);
    QVERIFY(status().contains(QStringLiteral("7 files read, 3 new requests")));
    // A later pass that found nothing keeps the last news in view.
    changes.publishPass(IngestPass {});
    QVERIFY(status().contains(QStringLiteral("7 files read, 3 new requests")));
    IngestPass failed;
    failed.error = QStringLiteral("disk full");
    changes.publishPass(failed);
    QVERIFY(status().contains(QStringLiteral("disk full")));
}

void TestMainWindow::closeHidesToTheTrayOrQuits_data()
{
    QTest::addColumn<bool>("trayShown");
    QTest::addColumn<bool>("closeToTray");
    QTest::addColumn<bool>("quits");
    QTest::newRow("tray, setting on") << true << true << false;
    QTest::newRow("tray, setting off") << true << false << true;
    QTest::newRow("no tray, setting on") << false << true << true;
}

void TestMainWindow::closeHidesToTheTrayOrQuits()
{
    QFETCH(bool, trayShown);
    QFETCH(bool, closeToTray);
    QFETCH(bool, quits);
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("a.conf")));
    settings.setCloseToTray(closeToTray);
    PageContext context;
    context.settings = &settings;
    MainWindow window(context);
    window.setTrayIconShown(trayShown);
    QSignalSpy quit(&window, &MainWindow::quitRequested);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.close();
    QVERIFY(!window.isVisible());
    QCOMPARE(quit.size(), quits ? 1 : 0);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

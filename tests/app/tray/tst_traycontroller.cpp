// SPDX-License-Identifier: MIT
#include "budgetmonitor.h"
#include "budgets/budgetstore.h"
#include "settings/appsettings.h"
#include "store/database.h"
#include "store/queryrunner.h"
#include "traycontroller.h"

#include <QAction>
#include <QLocale>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

class TestTrayController : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); }
    void init();
    void cleanup();
    void toolTipShowsTodayAndTheNearestBudget();
    void clickTogglesTheWindow();
    void menuQuits();
    void noTrayOffscreen();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<QueryRunner> m_queries;
    std::unique_ptr<BudgetMonitor> m_monitor;
};

void TestTrayController::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    const QString db = m_dir->filePath(QStringLiteral("store.db"));
    Database().open(db); // an empty store: nothing spent
    m_settings = std::make_unique<AppSettings>(m_dir->filePath(QStringLiteral("a.conf")));
    Budget daily;
    daily.id = QStringLiteral("d");
    daily.amount = 20;
    Budget weekly;
    weekly.id = QStringLiteral("w");
    weekly.period = Budget::Period::Week;
    weekly.amount = 5;
    weekly.scope = Budget::Scope::Agent;
    weekly.scopeValue = QStringLiteral("codex");
    weekly.enabled = false;
    BudgetStore(*m_settings).saveBudgets({ weekly, daily });
    m_queries = std::make_unique<QueryRunner>(db);
    m_monitor = std::make_unique<BudgetMonitor>(*m_queries, nullptr, *m_settings, BudgetMonitor::Options {});
}

void TestTrayController::cleanup()
{
    m_monitor.reset();
    m_queries.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestTrayController::toolTipShowsTodayAndTheNearestBudget()
{
    TrayController tray(*m_monitor, nullptr);
    QCOMPARE(tray.toolTip(), QStringLiteral("AgentMeter"));
    QSignalSpy evaluated(m_monitor.get(), &BudgetMonitor::statusChanged);
    QVERIFY(evaluated.wait(5000));
    // The disabled weekly budget is not shown.
    QCOMPARE(
        tray.toolTip(), QStringLiteral("AgentMeter - today $0.00\ndaily budget: $0.00 of $20.00 (0.0 %)"));
    tray.pauseAction()->setChecked(true);
    QCOMPARE(tray.toolTip(),
        QStringLiteral("AgentMeter - today $0.00\ndaily budget: $0.00 of $20.00 (0.0 %)\nAlerts paused"));
}

void TestTrayController::clickTogglesTheWindow()
{
    QWidget window;
    TrayController tray(*m_monitor, &window);
    auto* icon = tray.findChild<QSystemTrayIcon*>();
    QVERIFY(icon);
    Q_EMIT icon->activated(QSystemTrayIcon::Trigger);
    QVERIFY(window.isVisible());
    Q_EMIT icon->activated(QSystemTrayIcon::Trigger);
    QVERIFY(!window.isVisible());
    Q_EMIT icon->activated(QSystemTrayIcon::Context); // the menu's business, not a toggle
    QVERIFY(!window.isVisible());
}

void TestTrayController::menuQuits()
{
    TrayController tray(*m_monitor, nullptr);
    QSignalSpy quit(&tray, &TrayController::quitRequested);
    auto* icon = tray.findChild<QSystemTrayIcon*>();
    QVERIFY(icon && icon->contextMenu());
    const QList<QAction*> actions = icon->contextMenu()->actions();
    const auto found = std::find_if(actions.cbegin(), actions.cend(),
        [](const QAction* action) { return action->text() == QStringLiteral("Quit"); });
    QVERIFY(found != actions.cend());
    (*found)->trigger();
    QCOMPARE(quit.size(), 1);
}

void TestTrayController::noTrayOffscreen()
{
    // qt-notes.md §5: offscreen has no system tray, so the icon is not shown and the window must quit
    // when closed (DesktopApp passes this on to MainWindow).
    TrayController tray(*m_monitor, nullptr);
    QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
    QVERIFY(!tray.show());
    QVERIFY(!tray.isShown());
}

QTEST_MAIN(TestTrayController)
#include "tst_traycontroller.moc"

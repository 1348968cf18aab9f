// SPDX-License-Identifier: MIT
#include "alertsink.h"
#include "apialertsink.h"
#include "apiserver.h"
#include "apitestsupport.h"
#include "budgetmonitor.h"
#include "budgets/budgetstore.h"
#include "settings/appsettings.h"
#include "store/database.h"
#include "store/queryrunner.h"
#include "storechanges.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;

namespace {
// A test's AlertSink: keeps what it is given.
class RecordingSink : public AlertSink
{
public:
    explicit RecordingSink(QList<Alert>* alerts)
        : m_alerts(alerts)
    { }
    void deliver(const Alert& alert) override { m_alerts->append(alert); }

private:
    QList<Alert>* m_alerts;
};

// A real store fed with Claude requests, the settings file, and the window's query pool and change relay.
class Setup
{
public:
    Setup()
        : settings(dir.filePath(QStringLiteral("agentmeter.conf")))
    {
        Database().open(dbPath());
        queries = std::make_unique<QueryRunner>(dbPath());
    }
    QString dbPath() const { return dir.filePath(QStringLiteral("store.db")); }
    // Appends requests and ingests them through the real store writer.
    void requests(const QList<QByteArray>& times)
    {
        appendClaudeRequests(dir.filePath(QStringLiteral("claude")), times);
        ingestClaude(dbPath(), { dir.filePath(QStringLiteral("claude")) });
    }
    std::unique_ptr<BudgetMonitor> monitor(const QDateTime& now, const QTimeZone& zone = QTimeZone::utc(),
        ReportOptions::CostMode mode = ReportOptions::CostMode::Auto)
    {
        BudgetMonitor::Options options;
        options.zone = zone;
        options.costMode = mode;
        options.clock = [now] { return now; };
        options.debounceMs = 10;
        options.intervalMs = 3600 * 1000; // only the notices trigger evaluations here
        return std::make_unique<BudgetMonitor>(*queries, &changes, settings, options);
    }

    QTemporaryDir dir;
    AppSettings settings;
    StoreChanges changes;
    std::unique_ptr<QueryRunner> queries;
};

Budget dailyBudget(double amount)
{
    Budget budget;
    budget.id = QStringLiteral("daily");
    budget.amount = amount;
    return budget;
}

const QDateTime kNow(QDate(2026, 5, 6), QTime(12, 0), QTimeZone::utc());
} // namespace

class TestBudgetMonitor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void crossingNotifiesOnce();
    void projectionSaysWhen();
    void apiSinkReachesTheEventStream();
    void countsInTheCostMode();
};

void TestBudgetMonitor::initTestCase()
{
    // The alert texts are compared: British English writes 16:40 and $9.00 on every machine.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
}

void TestBudgetMonitor::crossingNotifiesOnce()
{
    Setup setup;
    setup.requests({ "2026-05-06T08:00:00.000Z" });
    const double cost = uniformRequestCost(setup.dbPath());
    QVERIFY(cost > 0);
    BudgetStore(setup.settings).saveBudgets({ dailyBudget(3 * cost) });

    QList<Alert> alerts;
    auto monitor = setup.monitor(kNow);
    monitor->addSink(std::make_unique<RecordingSink>(&alerts));
    QSignalSpy evaluated(monitor.get(), &BudgetMonitor::statusChanged);
    QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
    QVERIFY(evaluated.wait(5000)); // the first evaluation runs without a notice
    QVERIFY(alerts.isEmpty());
    QCOMPARE(monitor->statuses().size(), 1);
    QCOMPARE(monitor->statuses().first().spent, cost);
    QCOMPARE(monitor->todayCost(), cost);

    // Two more requests reach the budget; the live ingest's notice triggers the evaluation.
    setup.requests({ "2026-05-06T11:30:00.000Z", "2026-05-06T11:40:00.000Z" });
    setup.changes.publish(ChangeNotice {});
    QVERIFY(raised.wait(5000));
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(alerts.first().kind, BudgetNotifications::Kind::Alert);
    QCOMPARE(alerts.first().title, QStringLiteral("AgentMeter: daily budget reached"));
    QCOMPARE(alerts.first().message, QStringLiteral("$%1 of $%1 spent today.").arg(3 * cost, 0, 'f', 2));
    QCOMPARE(raised.first().first().value<Alert>().message, alerts.first().message);

    // More notices, more evaluations, no second alert in the same day.
    const int before = int(evaluated.size());
    setup.changes.publish(ChangeNotice {});
    QTRY_VERIFY(evaluated.size() > before);
    monitor->refresh();
    QTRY_VERIFY(evaluated.size() > before + 1);
    QCOMPARE(alerts.size(), 1);

    // A restart keeps the notified state: the new monitor's evaluation stays quiet.
    monitor.reset();
    QCOMPARE(BudgetStore(setup.settings).notifications().periodKey(QStringLiteral("daily")),
        QStringLiteral("2026-05-06"));
    QList<Alert> after;
    auto restarted = setup.monitor(kNow.addSecs(600));
    restarted->addSink(std::make_unique<RecordingSink>(&after));
    QSignalSpy restartedEvaluated(restarted.get(), &BudgetMonitor::statusChanged);
    QVERIFY(restartedEvaluated.wait(5000));
    QVERIFY(after.isEmpty());
    QCOMPARE(restarted->statuses().first().level, BudgetEvaluator::Level::Alert);
}

void TestBudgetMonitor::projectionSaysWhen()
{
    // Berlin is UTC+2 in May: at 12:00 local two requests in the trailing hour make a rate of two per
    // hour; the budget leaves 28/3 requests to go, which takes 4 h 40 min.
    Setup setup;
    setup.requests({ "2026-05-06T09:10:00.000Z", "2026-05-06T09:40:00.000Z" });
    const double cost = uniformRequestCost(setup.dbPath());
    BudgetStore(setup.settings).saveBudgets({ dailyBudget(2 * cost + 28 * cost / 3) });
    QList<Alert> alerts;
    const QTimeZone berlin("Europe/Berlin");
    auto monitor = setup.monitor(QDateTime(QDate(2026, 5, 6), QTime(10, 0), QTimeZone::utc()), berlin);
    monitor->addSink(std::make_unique<RecordingSink>(&alerts));
    QSignalSpy evaluated(monitor.get(), &BudgetMonitor::statusChanged);
    QVERIFY(evaluated.wait(5000));
    QCOMPARE(alerts.size(), 1);
    QCOMPARE(alerts.first().kind, BudgetNotifications::Kind::Projected);
    QCOMPARE(alerts.first().title, QStringLiteral("AgentMeter: daily budget at risk"));
    QVERIFY2(
        alerts.first().message.startsWith(QStringLiteral("At this rate you pass the daily budget at 16:40.")),
        qPrintable(alerts.first().message));
}

void TestBudgetMonitor::apiSinkReachesTheEventStream()
{
    Setup setup;
    setup.requests({ "2026-05-06T08:00:00.000Z" });
    const double cost = uniformRequestCost(setup.dbPath());
    Budget shop = dailyBudget(cost / 2);
    shop.id = QStringLiteral("shop");
    shop.scope = Budget::Scope::Project;
    shop.scopeValue = QStringLiteral("/home/ana/src/shop");
    BudgetStore(setup.settings).saveBudgets({ shop });

    ApiServer server(ApiTestSupport::testConfig(setup.dbPath()));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    ApiTestSupport::SseClient events;
    QVERIFY(events.open(server.port(), "/api/events?topics=alert"));

    auto monitor = setup.monitor(kNow);
    monitor->addSink(std::make_unique<ApiAlertSink>(
        [&server](const QJsonObject& alert) { server.publish(QStringLiteral("alert"), alert); }));
    QSignalSpy raised(monitor.get(), &BudgetMonitor::alertRaised);
    QVERIFY(raised.wait(5000));
    QVERIFY2(events.waitForEvents(1, 10000), events.raw().constData());
    const ApiTestSupport::SseClient::Event& event = events.events().first();
    QCOMPARE(event.event, QByteArray("alert"));
    const QJsonObject data = event.json();
    QCOMPARE(data.value(QStringLiteral("level")).toString(), QStringLiteral("error"));
    QCOMPARE(data.value(QStringLiteral("kind")).toString(), QStringLiteral("budget_alert"));
    QCOMPARE(data.value(QStringLiteral("period")).toString(), QStringLiteral("2026-05-06"));
    QCOMPARE(data.value(QStringLiteral("period_start")).toString(), QStringLiteral("2026-05-06T00:00:00Z"));
    QCOMPARE(data.value(QStringLiteral("spent")).toDouble(), cost);
    QCOMPARE(data.value(QStringLiteral("percent")).toDouble(), 200.0);
    QVERIFY(data.value(QStringLiteral("projected_at")).isNull());
    const QJsonObject budget = data.value(QStringLiteral("budget")).toObject();
    QCOMPARE(budget.value(QStringLiteral("id")).toString(), QStringLiteral("shop"));
    QCOMPARE(budget.value(QStringLiteral("scope")).toString(), QStringLiteral("project"));
    QCOMPARE(budget.value(QStringLiteral("scope_value")).toString(), QStringLiteral("/home/ana/src/shop"));
    QCOMPARE(budget.value(QStringLiteral("period")).toString(), QStringLiteral("day"));
    QVERIFY(data.value(QStringLiteral("message")).toString().contains(QStringLiteral("spent today")));
    server.stop();
}

// Claude Code logs no cost: in display mode its requests count nothing, in calculate our price.
void TestBudgetMonitor::countsInTheCostMode()
{
    Setup setup;
    setup.requests({ "2026-05-06T08:00:00.000Z" });
    const double cost = uniformRequestCost(setup.dbPath());
    QVERIFY(cost > 0);
    BudgetStore(setup.settings).saveBudgets({ dailyBudget(3 * cost) });
    for (const auto& [mode, spent] : { std::pair(ReportOptions::CostMode::Calculate, cost),
             std::pair(ReportOptions::CostMode::Display, 0.0) }) {
        auto monitor = setup.monitor(kNow, QTimeZone::utc(), mode);
        QSignalSpy evaluated(monitor.get(), &BudgetMonitor::statusChanged);
        QVERIFY(evaluated.wait(5000));
        QCOMPARE(monitor->statuses().first().spent, spent);
        QCOMPARE(monitor->todayCost(), spent);
    }
}

QTEST_GUILESS_MAIN(TestBudgetMonitor)
#include "tst_budgetmonitor.moc"

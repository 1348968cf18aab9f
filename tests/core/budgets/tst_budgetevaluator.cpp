// SPDX-License-Identifier: MIT
#include "budgets/budgetevaluator.h"
#include "budgets/budgetstore.h"
#include "settings/appsettings.h"

#include <QTemporaryDir>
#include <QTest>

namespace {
// One evaluation: the local time in the row's zone, what the scope spent, its rate, and the crossing
// expected ("" for none; else projected, warn or alert) with the period key the status must name.
struct Step
{
    QString localTime; // yyyy-MM-dd HH:mm
    double spent = 0;
    double ratePerHour = 0;
    QString crossing;
    QString periodKey;
};
} // namespace
Q_DECLARE_METATYPE(Step)
Q_DECLARE_METATYPE(QList<Step>)

namespace {
const QString kId = QStringLiteral("b1");

Budget budget(Budget::Period period, double amount)
{
    Budget budget;
    budget.id = kId;
    budget.period = period;
    budget.amount = amount;
    return budget;
}

QDateTime local(const QString& text, const QTimeZone& zone)
{
    QDateTime time = QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm"));
    time.setTimeZone(zone);
    return time;
}

QString kindNames(const QList<BudgetEvaluator::Crossing>& crossings)
{
    QStringList names;
    for (const BudgetEvaluator::Crossing& crossing : crossings)
        names.append(
            crossing.status.budget.id + QLatin1Char(':') + BudgetNotifications::kindName(crossing.kind));
    return names.join(QLatin1Char(','));
}
} // namespace

class TestBudgetEvaluator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void crossingsNotifyOncePerPeriod_data();
    void crossingsNotifyOncePerPeriod();
    void periods_data();
    void periods();
    void projectionInTheUsersZone();
    void scopesAreEvaluatedApart();
    void inactiveBudgetsAreSkipped_data();
    void inactiveBudgetsAreSkipped();
    void restartKeepsNotifiedState();
    void editedBudgetMayNotifyAgain();
};

void TestBudgetEvaluator::crossingsNotifyOncePerPeriod_data()
{
    QTest::addColumn<Budget>("budget");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QList<Step>>("steps");

    QTest::newRow("day: warn, alert, again the next day")
        << budget(Budget::Period::Day, 20) << QStringLiteral("UTC")
        << QList<Step> { { QStringLiteral("2026-05-06 10:00"), 10, 0, {}, QStringLiteral("2026-05-06") },
               { QStringLiteral("2026-05-06 11:00"), 16, 0, QStringLiteral("warn"),
                   QStringLiteral("2026-05-06") },
               { QStringLiteral("2026-05-06 11:30"), 17, 0, {}, QStringLiteral("2026-05-06") },
               { QStringLiteral("2026-05-06 12:00"), 20, 0, QStringLiteral("alert"),
                   QStringLiteral("2026-05-06") },
               { QStringLiteral("2026-05-06 13:00"), 25, 0, {}, QStringLiteral("2026-05-06") },
               { QStringLiteral("2026-05-07 09:00"), 2, 0, {}, QStringLiteral("2026-05-07") },
               { QStringLiteral("2026-05-07 15:00"), 17, 0, QStringLiteral("warn"),
                   QStringLiteral("2026-05-07") },
               { QStringLiteral("2026-05-07 16:00"), 21, 0, QStringLiteral("alert"),
                   QStringLiteral("2026-05-07") } };
    QTest::newRow("day: straight to alert says alert only")
        << budget(Budget::Period::Day, 20) << QStringLiteral("UTC")
        << QList<Step> { { QStringLiteral("2026-05-06 10:00"), 30, 0, QStringLiteral("alert"),
                             QStringLiteral("2026-05-06") },
               { QStringLiteral("2026-05-06 11:00"), 31, 0, {}, QStringLiteral("2026-05-06") } };
    QTest::newRow("day: projection first, then warn, then alert")
        << budget(Budget::Period::Day, 20) << QStringLiteral("UTC")
        << QList<Step> { { QStringLiteral("2026-05-06 09:00"), 5, 2, QStringLiteral("projected"),
                             QStringLiteral("2026-05-06") },
               { QStringLiteral("2026-05-06 10:00"), 7, 2, {}, QStringLiteral("2026-05-06") },
               { QStringLiteral("2026-05-06 14:00"), 16, 2, QStringLiteral("warn"),
                   QStringLiteral("2026-05-06") },
               { QStringLiteral("2026-05-06 16:00"), 20, 2, QStringLiteral("alert"),
                   QStringLiteral("2026-05-06") } };
    QTest::newRow("day: warn with a projection stands for both")
        << budget(Budget::Period::Day, 20) << QStringLiteral("UTC")
        << QList<Step> { { QStringLiteral("2026-05-06 12:00"), 17, 1, QStringLiteral("warn"),
                             QStringLiteral("2026-05-06") },
               { QStringLiteral("2026-05-06 13:00"), 18, 1, {}, QStringLiteral("2026-05-06") } };
    QTest::newRow("day: a projection after the warning still notifies")
        << budget(Budget::Period::Day, 20) << QStringLiteral("UTC")
        << QList<Step> { { QStringLiteral("2026-05-06 12:00"), 17, 0, QStringLiteral("warn"),
                             QStringLiteral("2026-05-06") },
               { QStringLiteral("2026-05-06 13:00"), 18, 3, QStringLiteral("projected"),
                   QStringLiteral("2026-05-06") } };
    QTest::newRow("day: a projection beyond midnight is no warning")
        << budget(Budget::Period::Day, 20) << QStringLiteral("UTC")
        << QList<Step> { { QStringLiteral("2026-05-06 20:00"), 10, 2, {}, QStringLiteral("2026-05-06") } };
    QTest::newRow("day: the day is the user's, not UTC's")
        << budget(Budget::Period::Day, 20) << QStringLiteral("Asia/Tokyo")
        << QList<Step> { { QStringLiteral("2026-05-06 23:00"), 16, 0, QStringLiteral("warn"),
                             QStringLiteral("2026-05-06") },
               { QStringLiteral("2026-05-07 00:30"), 16, 0, QStringLiteral("warn"),
                   QStringLiteral("2026-05-07") } };
    QTest::newRow("week: Sunday night, then Monday is a new week")
        << budget(Budget::Period::Week, 100) << QStringLiteral("Europe/Berlin")
        << QList<Step> { { QStringLiteral("2026-05-04 00:00"), 10, 0, {}, QStringLiteral("2026-W19") },
               { QStringLiteral("2026-05-10 23:00"), 85, 0, QStringLiteral("warn"),
                   QStringLiteral("2026-W19") },
               { QStringLiteral("2026-05-10 23:59"), 86, 0, {}, QStringLiteral("2026-W19") },
               { QStringLiteral("2026-05-11 00:00"), 85, 0, QStringLiteral("warn"),
                   QStringLiteral("2026-W20") } };
    QTest::newRow("month: last evening, then the 1st")
        << budget(Budget::Period::Month, 500) << QStringLiteral("America/New_York")
        << QList<Step> { { QStringLiteral("2026-05-31 23:00"), 450, 0, QStringLiteral("warn"),
                             QStringLiteral("2026-05") },
               { QStringLiteral("2026-06-01 01:00"), 500, 0, QStringLiteral("alert"),
                   QStringLiteral("2026-06") },
               { QStringLiteral("2026-06-30 22:00"), 501, 0, {}, QStringLiteral("2026-06") } };
}

void TestBudgetEvaluator::crossingsNotifyOncePerPeriod()
{
    QFETCH(Budget, budget);
    QFETCH(QString, zone);
    QFETCH(QList<Step>, steps);
    const QTimeZone timeZone(zone.toLatin1());
    QVERIFY(timeZone.isValid());
    BudgetNotifications notified;
    for (const Step& step : steps) {
        const auto result
            = BudgetEvaluator::evaluate({ budget }, { { kId, BudgetSpend { step.spent, step.ratePerHour } } },
                local(step.localTime, timeZone), timeZone, notified);
        QCOMPARE(result.statuses.size(), 1);
        QCOMPARE(result.statuses.first().period.key, step.periodKey);
        QCOMPARE(kindNames(result.crossings),
            step.crossing.isEmpty() ? QString() : kId + QLatin1Char(':') + step.crossing);
    }
}

void TestBudgetEvaluator::periods_data()
{
    QTest::addColumn<int>("period");
    QTest::addColumn<QString>("localTime");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("end");
    QTest::addColumn<QString>("key");

    const int day = int(Budget::Period::Day);
    const int week = int(Budget::Period::Week);
    const int month = int(Budget::Period::Month);
    QTest::newRow("day") << day << QStringLiteral("2026-05-06 16:40") << QStringLiteral("2026-05-06 00:00")
                         << QStringLiteral("2026-05-07 00:00") << QStringLiteral("2026-05-06");
    QTest::newRow("week from Wednesday")
        << week << QStringLiteral("2026-05-06 16:40") << QStringLiteral("2026-05-04 00:00")
        << QStringLiteral("2026-05-11 00:00") << QStringLiteral("2026-W19");
    QTest::newRow("week on Monday midnight")
        << week << QStringLiteral("2026-05-11 00:00") << QStringLiteral("2026-05-11 00:00")
        << QStringLiteral("2026-05-18 00:00") << QStringLiteral("2026-W20");
    QTest::newRow("week on Sunday") << week << QStringLiteral("2026-05-10 23:59")
                                    << QStringLiteral("2026-05-04 00:00")
                                    << QStringLiteral("2026-05-11 00:00") << QStringLiteral("2026-W19");
    QTest::newRow("week across new year")
        << week << QStringLiteral("2026-01-01 12:00") << QStringLiteral("2025-12-29 00:00")
        << QStringLiteral("2026-01-05 00:00") << QStringLiteral("2026-W01");
    QTest::newRow("week 53") << week << QStringLiteral("2027-01-02 12:00")
                             << QStringLiteral("2026-12-28 00:00") << QStringLiteral("2027-01-04 00:00")
                             << QStringLiteral("2026-W53");
    QTest::newRow("month") << month << QStringLiteral("2026-02-28 23:00")
                           << QStringLiteral("2026-02-01 00:00") << QStringLiteral("2026-03-01 00:00")
                           << QStringLiteral("2026-02");
    QTest::newRow("day of a DST change")
        << day << QStringLiteral("2026-03-29 12:00") << QStringLiteral("2026-03-29 00:00")
        << QStringLiteral("2026-03-30 00:00") << QStringLiteral("2026-03-29");
}

void TestBudgetEvaluator::periods()
{
    QFETCH(int, period);
    QFETCH(QString, localTime);
    QFETCH(QString, start);
    QFETCH(QString, end);
    QFETCH(QString, key);
    const QTimeZone berlin("Europe/Berlin");
    const BudgetPeriod result
        = BudgetPeriod::containing(Budget::Period(period), local(localTime, berlin), berlin);
    QCOMPARE(result.start, local(start, berlin));
    QCOMPARE(result.end, local(end, berlin));
    QCOMPARE(result.key, key);
}

void TestBudgetEvaluator::projectionInTheUsersZone()
{
    // $8 of $20 spent by 10:40 in Berlin (08:40 UTC), at $2 an hour: the remaining $12 take 6 hours.
    const QTimeZone berlin("Europe/Berlin");
    const QDateTime now = QDateTime(QDate(2026, 5, 6), QTime(8, 40), QTimeZone::utc());
    const BudgetEvaluator::Status status
        = BudgetEvaluator::status(budget(Budget::Period::Day, 20), BudgetSpend { 8, 2 }, now, berlin);
    QVERIFY(status.projectedAlert);
    QCOMPARE(status.projectedAlert->timeZone(), berlin);
    QCOMPARE(status.projectedAlert->time(), QTime(16, 40));
    QCOMPARE(status.projectedAlert->date(), QDate(2026, 5, 6));
    QCOMPARE(status.level, BudgetEvaluator::Level::None);
    QCOMPARE(status.fraction, 0.4);

    // The same spend at 23:00 Berlin would cross after midnight, in the next period: no projection.
    const BudgetEvaluator::Status late = BudgetEvaluator::status(budget(Budget::Period::Day, 20),
        BudgetSpend { 8, 2 }, QDateTime(QDate(2026, 5, 6), QTime(21, 0), QTimeZone::utc()), berlin);
    QVERIFY(!late.projectedAlert);

    // An alert level above 100 % projects to that level: $12 of $20 at 150 % leaves $18.
    Budget generous = budget(Budget::Period::Day, 20);
    generous.alertPercent = 150;
    const BudgetEvaluator::Status above
        = BudgetEvaluator::status(generous, BudgetSpend { 12, 2 }, now, berlin);
    QVERIFY(above.projectedAlert);
    QCOMPARE(above.projectedAlert->time(), QTime(19, 40));
}

void TestBudgetEvaluator::scopesAreEvaluatedApart()
{
    Budget shop = budget(Budget::Period::Day, 10);
    shop.id = QStringLiteral("shop");
    shop.scope = Budget::Scope::Project;
    shop.scopeValue = QStringLiteral("/home/ana/src/shop");
    Budget codex = budget(Budget::Period::Day, 10);
    codex.id = QStringLiteral("codex");
    codex.scope = Budget::Scope::Agent;
    codex.scopeValue = QStringLiteral("codex");
    Budget all = budget(Budget::Period::Day, 100);
    all.id = QStringLiteral("all");

    const QDateTime now(QDate(2026, 5, 6), QTime(12, 0), QTimeZone::utc());
    BudgetNotifications notified;
    auto result = BudgetEvaluator::evaluate({ shop, codex, all },
        { { QStringLiteral("shop"), BudgetSpend { 9, 0 } }, { QStringLiteral("codex"), BudgetSpend { 2, 0 } },
            { QStringLiteral("all"), BudgetSpend { 11, 0 } } },
        now, QTimeZone::utc(), notified);
    QCOMPARE(result.statuses.size(), 3);
    QCOMPARE(kindNames(result.crossings), QStringLiteral("shop:warn"));
    QCOMPARE(result.statuses.at(1).level, BudgetEvaluator::Level::None);

    result = BudgetEvaluator::evaluate({ shop, codex, all },
        { { QStringLiteral("shop"), BudgetSpend { 9.5, 0 } },
            { QStringLiteral("codex"), BudgetSpend { 10, 0 } } },
        now.addSecs(60), QTimeZone::utc(), notified);
    QCOMPARE(kindNames(result.crossings), QStringLiteral("codex:alert"));
    QCOMPARE(result.statuses.at(2).spent, 0.0); // no entry: nothing spent
}

void TestBudgetEvaluator::inactiveBudgetsAreSkipped_data()
{
    QTest::addColumn<Budget>("budget");
    Budget disabled = budget(Budget::Period::Day, 10);
    disabled.enabled = false;
    QTest::newRow("disabled") << disabled;
    QTest::newRow("no amount") << budget(Budget::Period::Day, 0);
    Budget noProject = budget(Budget::Period::Day, 10);
    noProject.scope = Budget::Scope::Project;
    noProject.scopeValue = QStringLiteral("  ");
    QTest::newRow("project scope without a project") << noProject;
    Budget inverted = budget(Budget::Period::Day, 10);
    inverted.warnPercent = 120;
    QTest::newRow("warn above alert") << inverted;
}

void TestBudgetEvaluator::inactiveBudgetsAreSkipped()
{
    QFETCH(Budget, budget);
    BudgetNotifications notified;
    const auto result = BudgetEvaluator::evaluate({ budget }, { { kId, BudgetSpend { 50, 10 } } },
        QDateTime(QDate(2026, 5, 6), QTime(12, 0), QTimeZone::utc()), QTimeZone::utc(), notified);
    QVERIFY(result.statuses.isEmpty());
    QVERIFY(result.crossings.isEmpty());
    QVERIFY(notified.budgetIds().isEmpty());
}

void TestBudgetEvaluator::restartKeepsNotifiedState()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("agentmeter.conf"));
    const Budget daily = budget(Budget::Period::Day, 20);
    const QDateTime now(QDate(2026, 5, 6), QTime(12, 0), QTimeZone::utc());
    const QHash<QString, BudgetSpend> spend { { kId, BudgetSpend { 17, 0 } } };
    {
        AppSettings settings(path);
        BudgetStore store(settings);
        store.saveBudgets({ daily });
        BudgetNotifications notified = store.notifications();
        QCOMPARE(BudgetEvaluator::evaluate(store.budgets(), spend, now, QTimeZone::utc(), notified)
                     .crossings.size(),
            1);
        store.saveNotifications(notified);
    }
    AppSettings settings(path);
    BudgetStore store(settings);
    QCOMPARE(store.budgets(), QList<Budget> { daily });
    BudgetNotifications notified = store.notifications();
    QCOMPARE(notified.periodKey(kId), QStringLiteral("2026-05-06"));
    QVERIFY(BudgetEvaluator::evaluate(store.budgets(), spend, now.addSecs(3600), QTimeZone::utc(), notified)
                .crossings.isEmpty());
    // The next day the same spend warns again.
    QCOMPARE(kindNames(
                 BudgetEvaluator::evaluate(store.budgets(), spend, now.addDays(1), QTimeZone::utc(), notified)
                     .crossings),
        kId + QStringLiteral(":warn"));
}

void TestBudgetEvaluator::editedBudgetMayNotifyAgain()
{
    QTemporaryDir dir;
    AppSettings settings(dir.filePath(QStringLiteral("agentmeter.conf")));
    BudgetStore store(settings);
    Budget daily = budget(Budget::Period::Day, 20);
    Budget other = budget(Budget::Period::Month, 100);
    other.id = QStringLiteral("b2");
    store.saveBudgets({ daily, other });
    BudgetNotifications notified;
    notified.insert(kId, QStringLiteral("2026-05-06"), BudgetNotifications::Kind::Warn);
    notified.insert(QStringLiteral("b2"), QStringLiteral("2026-05"), BudgetNotifications::Kind::Alert);
    store.saveNotifications(notified);

    // Switching off and on keeps the state; raising the amount forgets it.
    other.enabled = false;
    store.saveBudgets({ daily, other });
    QCOMPARE(store.notifications(), notified);
    daily.amount = 30;
    store.saveBudgets({ daily, other });
    QCOMPARE(store.notifications().budgetIds(), QList<QString> { QStringLiteral("b2") });
    store.saveBudgets({ daily });
    QVERIFY(store.notifications().budgetIds().isEmpty());
}

QTEST_GUILESS_MAIN(TestBudgetEvaluator)
#include "tst_budgetevaluator.moc"

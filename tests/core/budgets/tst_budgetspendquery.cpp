// SPDX-License-Identifier: MIT
#include "budgets/budgetspendquery.h"
#include "store/database.h"
#include "testsupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;

namespace {
QDateTime utc(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate).toUTC();
}

// Sums usage_records (not the rollup the query reads) between two instants over the sessions that
// `condition` selects, written for each case by hand.
double recordCost(Database& db, const QDateTime& from, const QDateTime& to, const QString& condition)
{
    SqliteStatement statement = db.prepare(QStringLiteral(
        "SELECT COALESCE(SUM(COALESCE(u.logged_cost, u.computed_cost)), 0) FROM usage_records u "
        "JOIN sessions s ON s.id = u.session_id JOIN sources src ON src.id = s.source_id "
        "LEFT JOIN projects p ON p.id = s.project_id WHERE u.ts >= ?1 AND u.ts < ?2 AND (%1)")
                                               .arg(condition)
                                               .toStdString());
    statement.bind(1, from.toMSecsSinceEpoch());
    statement.bind(2, to.toMSecsSinceEpoch());
    statement.step();
    return statement.real(0);
}

Budget makeBudget(Budget::Period period, Budget::Scope scope, const QString& value)
{
    Budget budget;
    budget.id = QStringLiteral("b");
    budget.period = period;
    budget.scope = scope;
    budget.scopeValue = value;
    budget.amount = 10;
    return budget;
}
} // namespace

class TestBudgetSpendQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    // Each case's period runs from `from`; the spend counts up to now (`to`).
    void spendMatchesTheRecords_data();
    void spendMatchesTheRecords();
    void snapshotHasActiveBudgetsAndToday();
    void costModes_data();
    void costModes();
    void dayRateIsTheTrailingHour();
    void weekRateIsThePeriodAverage();

private:
    QTemporaryDir m_dir;
    QString m_fixtureDb;
};

void TestBudgetSpendQuery::initTestCase()
{
    m_fixtureDb = m_dir.filePath(QStringLiteral("fixtures.db"));
    buildFixtureDatabase(m_fixtureDb);
}

void TestBudgetSpendQuery::spendMatchesTheRecords_data()
{
    QTest::addColumn<int>("period");
    QTest::addColumn<int>("scope");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QDateTime>("from");
    QTest::addColumn<QDateTime>("to");
    QTest::addColumn<QString>("condition");

    const int day = int(Budget::Period::Day);
    const int week = int(Budget::Period::Week);
    const int month = int(Budget::Period::Month);
    const int all = int(Budget::Scope::All);
    const int project = int(Budget::Scope::Project);
    const int agent = int(Budget::Scope::Agent);
    // The fixtures' sessions are of 2026-05-04 and 05 (a Monday and a Tuesday).
    QTest::newRow("day, all, UTC") << day << all << QString() << QStringLiteral("UTC")
                                   << utc("2026-05-05T20:00:00Z") << utc("2026-05-05T00:00:00Z")
                                   << utc("2026-05-05T20:00:00Z") << QStringLiteral("1");
    QTest::newRow("day, all, Tokyo") << day << all << QString() << QStringLiteral("Asia/Tokyo")
                                     << utc("2026-05-05T10:00:00Z") << utc("2026-05-04T15:00:00Z")
                                     << utc("2026-05-05T10:00:00Z") << QStringLiteral("1");
    QTest::newRow("week, all") << week << all << QString() << QStringLiteral("UTC") << fixtureNow()
                               << utc("2026-05-04T00:00:00Z") << fixtureNow() << QStringLiteral("1");
    QTest::newRow("month, project path")
        << month << project << QStringLiteral("/home/ana/src/shop/") << QStringLiteral("UTC") << fixtureNow()
        << utc("2026-05-01T00:00:00Z") << fixtureNow()
        << QStringLiteral("COALESCE(p.path, s.cwd) = '/home/ana/src/shop'");
    QTest::newRow("month, agent by source")
        << month << agent << QStringLiteral("codex") << QStringLiteral("UTC") << fixtureNow()
        << utc("2026-05-01T00:00:00Z") << fixtureNow() << QStringLiteral("src.name = 'codex'");
    QTest::newRow("month, agent by name")
        << month << agent << QStringLiteral("Explore") << QStringLiteral("UTC") << fixtureNow()
        << utc("2026-05-01T00:00:00Z") << fixtureNow() << QStringLiteral("s.agent = 'Explore'");
    QTest::newRow("last month: nothing")
        << month << all << QString() << QStringLiteral("UTC") << utc("2026-04-15T00:00:00Z")
        << utc("2026-04-01T00:00:00Z") << utc("2026-04-15T00:00:00Z") << QStringLiteral("1");
}

void TestBudgetSpendQuery::spendMatchesTheRecords()
{
    QFETCH(int, period);
    QFETCH(int, scope);
    QFETCH(QString, value);
    QFETCH(QString, zone);
    QFETCH(QDateTime, now);
    QFETCH(QDateTime, from);
    QFETCH(QDateTime, to);
    QFETCH(QString, condition);

    Database db;
    db.open(m_fixtureDb, Database::Mode::ReadOnly);
    const double expected = recordCost(db, from, to, condition);
    const double total
        = recordCost(db, utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"), QStringLiteral("1"));
    if (QByteArray(QTest::currentDataTag()).startsWith("last month"))
        QCOMPARE(expected, 0.0);
    else
        QVERIFY2(expected > 0 && (scope == int(Budget::Scope::All) || expected < total),
            "each case must select some but not all of the fixtures' cost");

    const BudgetSpend spend = BudgetSpendQuery::spend(
        db, makeBudget(Budget::Period(period), Budget::Scope(scope), value), now, QTimeZone(zone.toLatin1()));
    QVERIFY2(qAbs(spend.spent - expected) < 1e-9,
        qPrintable(
            QStringLiteral("%1 instead of %2").arg(spend.spent, 0, 'g', 12).arg(expected, 0, 'g', 12)));
}

void TestBudgetSpendQuery::snapshotHasActiveBudgetsAndToday()
{
    Database db;
    db.open(m_fixtureDb, Database::Mode::ReadOnly);
    const QDateTime now = utc("2026-05-05T20:00:00Z");
    Budget codex = makeBudget(Budget::Period::Day, Budget::Scope::Agent, QStringLiteral("codex"));
    codex.id = QStringLiteral("codex");
    Budget off = makeBudget(Budget::Period::Day, Budget::Scope::All, QString());
    off.id = QStringLiteral("off");
    off.enabled = false;
    const BudgetSpendSnapshot snapshot = BudgetSpendQuery::run(db, { codex, off }, now, QTimeZone::utc());
    QCOMPARE(snapshot.byBudget.keys(), QList<QString> { QStringLiteral("codex") });
    QCOMPARE(snapshot.byBudget.value(QStringLiteral("codex")).spent,
        BudgetSpendQuery::spend(db, codex, now, QTimeZone::utc()).spent);
    const double today = recordCost(db, utc("2026-05-05T00:00:00Z"), now, QStringLiteral("1"));
    QVERIFY(today > 0);
    QVERIFY(qAbs(snapshot.todayCost - today) < 1e-9);
}

// OpenClaw logs its own costs, which differ from ours, and one of its requests logged none: a budget
// counts the cost the window shows.
void TestBudgetSpendQuery::costModes_data()
{
    QTest::addColumn<ReportOptions::CostMode>("mode");
    QTest::addColumn<double>("openclaw");
    QTest::newRow("auto") << ReportOptions::CostMode::Auto << 0.109495;
    QTest::newRow("calculate") << ReportOptions::CostMode::Calculate << 0.09965;
    QTest::newRow("display") << ReportOptions::CostMode::Display << 0.103495;
}

void TestBudgetSpendQuery::costModes()
{
    QFETCH(ReportOptions::CostMode, mode);
    QFETCH(double, openclaw);
    Database db;
    db.open(m_fixtureDb, Database::Mode::ReadOnly);
    Budget budget = makeBudget(Budget::Period::Month, Budget::Scope::Agent, QStringLiteral("openclaw"));
    const BudgetSpendSnapshot snapshot
        = BudgetSpendQuery::run(db, { budget }, fixtureNow(), QTimeZone::utc(), mode);
    QCOMPARE(qRound64(snapshot.byBudget.value(budget.id).spent * 1e6), qRound64(openclaw * 1e6));
}

namespace {
QString requestsAt(const QTemporaryDir& dir, const QList<QByteArray>& times)
{
    const QString root = dir.filePath(QStringLiteral("claude"));
    appendClaudeRequests(root, times);
    const QString dbPath = dir.filePath(QStringLiteral("store.db"));
    ingestClaude(dbPath, { root });
    return dbPath;
}
} // namespace

void TestBudgetSpendQuery::dayRateIsTheTrailingHour()
{
    QTemporaryDir dir;
    const QString dbPath = requestsAt(dir,
        { "2026-05-05T23:50:00.000Z", "2026-05-06T09:10:00.000Z", "2026-05-06T11:20:00.000Z",
            "2026-05-06T11:50:00.000Z" });
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    const double cost = uniformRequestCost(dbPath);
    QVERIFY(cost > 0);
    const Budget daily = makeBudget(Budget::Period::Day, Budget::Scope::All, QString());

    // At 12:00 the trailing hour is 11:00-12:00: two requests in one hour.
    BudgetSpend spend = BudgetSpendQuery::spend(db, daily, utc("2026-05-06T12:00:00Z"), QTimeZone::utc());
    QCOMPARE(spend.spent, 3 * cost);
    QCOMPARE(spend.ratePerHour, 2 * cost);
    // At 12:10 the window starts at the 15-minute bucket of 11:10, so it covers 70 minutes.
    spend = BudgetSpendQuery::spend(db, daily, utc("2026-05-06T12:10:00Z"), QTimeZone::utc());
    QVERIFY(qAbs(spend.ratePerHour - 2 * cost * 60 / 70) < 1e-12);
    // Just after midnight the day has spent nothing, but the rate still sees the late evening.
    spend = BudgetSpendQuery::spend(db, daily, utc("2026-05-06T00:05:00Z"), QTimeZone::utc());
    QCOMPARE(spend.spent, 0.0);
    QVERIFY(qAbs(spend.ratePerHour - cost * 60 / 65) < 1e-12);
}

void TestBudgetSpendQuery::weekRateIsThePeriodAverage()
{
    QTemporaryDir dir;
    const QString dbPath = requestsAt(dir,
        { "2026-05-03T23:50:00.000Z", "2026-05-04T00:05:00.000Z", "2026-05-05T10:00:00.000Z",
            "2026-05-06T11:50:00.000Z" });
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    const double cost = uniformRequestCost(dbPath);
    QVERIFY(cost > 0);
    const Budget weekly = makeBudget(Budget::Period::Week, Budget::Scope::All, QString());
    // Wednesday 12:00 is 60 hours into the week that started on Monday; Sunday's request is last week's.
    BudgetSpend spend = BudgetSpendQuery::spend(db, weekly, utc("2026-05-06T12:00:00Z"), QTimeZone::utc());
    QCOMPARE(spend.spent, 3 * cost);
    QVERIFY(qAbs(spend.ratePerHour - 3 * cost / 60) < 1e-12);
    // In the first hour of a week, the average counts one hour, not a few minutes.
    spend = BudgetSpendQuery::spend(db, weekly, utc("2026-05-04T00:10:00Z"), QTimeZone::utc());
    QCOMPARE(spend.spent, cost);
    QCOMPARE(spend.ratePerHour, cost);
}

QTEST_GUILESS_MAIN(TestBudgetSpendQuery)
#include "tst_budgetspendquery.moc"

// SPDX-License-Identifier: MIT
// DashboardQuery over real stores: the fixture database of every source, and requests with known
// costs written through the store writer around the period boundaries of a zone that is not UTC.
#include "pricing/pricebook.h"
#include "snapshots/dashboardquery.h"
#include "store/database.h"
#include "store/storewriter.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

qint64 utcMs(const char* iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}

// USD per million tokens: 3 input, 15 output, 0.30 cache read, 3.75 cache write.
std::shared_ptr<PriceBook> testPrices()
{
    auto book = std::make_shared<PriceBook>();
    QString error;
    const bool loaded = book->loadOverrides(
        R"({"models": {"test-model": {"input_mtok": 3, "output_mtok": 15, "cache_read_mtok": 0.3,
            "cache_write_mtok": 3.75}}})",
        &error);
    if (!loaded)
        qFatal("overrides: %s", qPrintable(error));
    return book;
}

struct Request
{
    const char* time;
    std::optional<double> loggedCost;
    const char* session = "root";
    const char* model = "test-model";
    TokenCounts tokens = {};
};

void writeRequests(
    const QString& path, const std::shared_ptr<PriceBook>& prices, const QList<Request>& requests)
{
    IngestBatch batch;
    batch.sourceId = 1;
    SessionUpdate& root = batch.session("root");
    root.agent = "main";
    root.title = "Root session";
    root.titleRank = SessionUpdate::CustomTitle;
    SessionUpdate& child = batch.session("child");
    child.agent = "explore";
    child.parentExternalId = "root";
    int key = 0;
    for (const Request& request : requests) {
        UsageRecord record;
        record.sessionExternalId = request.session;
        record.sessionIndex = batch.sessionIndex(request.session);
        record.timestampMs = utcMs(request.time);
        batch.sessions[size_t(record.sessionIndex)].widen(record.timestampMs);
        record.model = request.model;
        record.tokens = request.tokens;
        record.loggedCost = request.loggedCost;
        record.recordKey = "k" + QByteArray::number(++key);
        batch.usage.push_back(record);
    }
    StoreWriter writer(path, prices);
    writer.beginRun();
    writer.apply(batch);
    writer.endRun(true);
}

} // namespace

class TestDashboardQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void periodsInZone();
    void burnRateAndMinutes();
    void daylightSavingDay();
    void projection_data();
    void projection();
    void breakdownAndSavings();
    void seriesAndAgents();
    void recentSessions();
    void costModes();
    void fixtureDatabase();

private:
    QTemporaryDir m_dir;
    QString m_path;
    DashboardSnapshot m_snapshot;
    const QTimeZone m_berlin = QTimeZone("Europe/Berlin");
};

// now is Wednesday 2026-05-06 12:00 UTC = 14:00 in Berlin (UTC+2): today starts 2026-05-05T22:00Z, the
// ISO week on Monday 2026-05-03T22:00Z, the month 2026-04-30T22:00Z. Each request sits just before or
// after one of these, so a UTC cut would count them differently; costs are powers of two, so every sum
// names its members.
void TestDashboardQuery::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_berlin.isValid());
    m_path = m_dir.filePath(QStringLiteral("dashboard.db"));
    TokenCounts tokens;
    tokens.input = 1000;
    tokens.output = 2000;
    tokens.cacheRead = 10000;
    tokens.cacheWrite5m = 4000;
    writeRequests(m_path, testPrices(),
        {
            { "2026-04-30T21:30:00Z", 1 }, // April 30 23:30 local: last month
            { "2026-04-30T22:30:00Z", 2 }, // May 1 00:30: this month
            { "2026-05-03T21:30:00Z", 4 }, // Sunday 23:30: last week
            { "2026-05-03T22:30:00Z", 8, "child" }, // Monday 00:30: this week
            { "2026-05-05T21:30:00Z", 16 }, // Tuesday 23:30: yesterday
            { "2026-05-05T22:30:00Z", 32 }, // Wednesday 00:30: today
            { "2026-05-06T10:59:00Z", 128 }, // 61 minutes ago
            { "2026-05-06T11:10:00Z", std::nullopt, "root", "unknown-model" }, // unpriced
            { "2026-05-06T11:30:00Z", 64, "child", "test-model", tokens },
            { "2026-05-06T11:30:30Z", 0.5, "root" }, // the same minute
            { "2026-05-06T12:30:00Z", 256 }, // later today (a clock ahead of ours)
        });
    Database db;
    db.open(m_path, Database::Mode::ReadOnly);
    m_snapshot = DashboardQuery::load(db, TestSupport::fixtureNow(), m_berlin, testPrices().get());
}

void TestDashboardQuery::periodsInZone()
{
    QCOMPARE(m_snapshot.today, QDate(2026, 5, 6));
    QCOMPARE(m_snapshot.weekStart, QDate(2026, 5, 4));
    QCOMPARE(m_snapshot.monthStart, QDate(2026, 5, 1));
    QCOMPARE(m_snapshot.todayStartMs, utcMs("2026-05-05T22:00:00Z"));
    QCOMPARE(m_snapshot.todayEndMs, utcMs("2026-05-06T22:00:00Z"));

    QCOMPARE(m_snapshot.todayTotals.cost, 32 + 128 + 64 + 0.5 + 256);
    QCOMPARE(m_snapshot.todayTotals.requests, 6);
    QCOMPARE(m_snapshot.todayTotals.unpricedRequests, 1);
    QCOMPARE(m_snapshot.weekTotals.cost, 8 + 16 + 32 + 128 + 64 + 0.5 + 256);
    QCOMPARE(m_snapshot.weekTotals.requests, 8);
    QCOMPARE(m_snapshot.monthTotals.cost, 2 + 4 + 8 + 16 + 32 + 128 + 64 + 0.5 + 256);
    QCOMPARE(m_snapshot.monthTotals.unpricedRequests, 1);
    QCOMPARE(m_snapshot.windowTotals.cost, 1 + 2 + 4 + 8 + 16 + 32 + 128 + 64 + 0.5 + 256);
    QCOMPARE(m_snapshot.windowTotals.requests, 11);
}

void TestDashboardQuery::burnRateAndMinutes()
{
    // The last hour is 11:00-12:00 UTC: 11:10 (unpriced), 11:30 and 11:30:30.
    QCOMPARE(m_snapshot.lastHour.cost, 64.5);
    QCOMPARE(m_snapshot.lastHour.requests, 3);
    QCOMPARE(m_snapshot.lastHour.unpricedRequests, 1);

    const QList<DashboardSnapshot::MinuteCost> expected {
        { utcMs("2026-05-05T22:30:00Z"), 32 },
        { utcMs("2026-05-06T10:59:00Z"), 128 },
        { utcMs("2026-05-06T11:30:00Z"), 64.5 },
        { utcMs("2026-05-06T12:30:00Z"), 256 },
    };
    QCOMPARE(m_snapshot.todayMinutes, expected);
}

// Berlin moves to summer time on Sunday 2026-03-29: that day has 23 hours, and the week began on
// Monday the 23rd at 00:00 winter time.
void TestDashboardQuery::daylightSavingDay()
{
    Database db;
    db.open(m_path, Database::Mode::ReadOnly);
    const DashboardSnapshot snapshot = DashboardQuery::load(
        db, QDateTime::fromString(QStringLiteral("2026-03-29T12:00:00Z"), Qt::ISODate), m_berlin, nullptr);
    QCOMPARE(snapshot.today, QDate(2026, 3, 29));
    QCOMPARE(snapshot.todayStartMs, utcMs("2026-03-28T23:00:00Z"));
    QCOMPARE(snapshot.todayEndMs, utcMs("2026-03-29T22:00:00Z"));
    QCOMPARE(snapshot.weekStart, QDate(2026, 3, 23));
    QCOMPARE(snapshot.firstDay, QDate(2026, 2, 28));
    // Every request of the store is later than this "now".
    QCOMPARE(snapshot.monthTotals.requests, 0);
    QCOMPARE(snapshot.todayMinutes.size(), 0);
    QVERIFY(snapshot.agents.isEmpty());
}

void TestDashboardQuery::projection_data()
{
    QTest::addColumn<double>("monthToDate");
    QTest::addColumn<QDate>("today");
    QTest::addColumn<double>("projected");
    QTest::newRow("day 6 of 31") << 60.0 << QDate(2026, 5, 6) << 310.0;
    QTest::newRow("first day") << 10.0 << QDate(2026, 2, 1) << 280.0;
    QTest::newRow("last day") << 90.0 << QDate(2026, 4, 30) << 90.0;
    QTest::newRow("leap February") << 29.0 << QDate(2028, 2, 29) << 29.0;
    QTest::newRow("nothing yet") << 0.0 << QDate(2026, 5, 6) << 0.0;
}

void TestDashboardQuery::projection()
{
    QFETCH(double, monthToDate);
    QFETCH(QDate, today);
    QFETCH(double, projected);
    QCOMPARE(DashboardQuery::projectMonth(monthToDate, today), projected);
    QCOMPARE(m_snapshot.projectedMonthCost, m_snapshot.monthTotals.cost * 31 / 6);
}

void TestDashboardQuery::breakdownAndSavings()
{
    using C = DashboardSnapshot::Component;
    const auto& parts = m_snapshot.components;
    QCOMPARE(parts[C::FreshInput].tokens, 1000);
    QCOMPARE(parts[C::Output].tokens, 2000);
    QCOMPARE(parts[C::CacheRead].tokens, 10000);
    QCOMPARE(parts[C::CacheWrite].tokens, 4000);
    QVERIFY(parts[C::FreshInput].cost);
    QCOMPARE(qRound64(*parts[C::FreshInput].cost * 1e6), 3000); // 1k x $3/M
    QCOMPARE(qRound64(*parts[C::Output].cost * 1e6), 30000); // 2k x $15/M
    QCOMPARE(qRound64(*parts[C::CacheRead].cost * 1e6), 3000); // 10k x $0.30/M
    QCOMPARE(qRound64(*parts[C::CacheWrite].cost * 1e6), 15000); // 4k x $3.75/M
    // 10k cache-read tokens at $3/M fresh instead of $0.30/M.
    QVERIFY(m_snapshot.cacheSavings);
    QCOMPARE(qRound64(*m_snapshot.cacheSavings * 1e6), 27000);
    QCOMPARE(m_snapshot.unpricedModels, QStringList { QStringLiteral("unknown-model") });

    Database db;
    db.open(m_path, Database::Mode::ReadOnly);
    const DashboardSnapshot unpriced = DashboardQuery::load(db, TestSupport::fixtureNow(), m_berlin, nullptr);
    QVERIFY(!unpriced.components[C::Output].cost);
    QCOMPARE(unpriced.components[C::Output].tokens, 2000);
    QVERIFY(!unpriced.cacheSavings);
}

void TestDashboardQuery::seriesAndAgents()
{
    QCOMPARE(m_snapshot.firstDay, QDate(2026, 4, 7));
    QCOMPARE(m_snapshot.dailyByModel.size(), 2);
    const DashboardSnapshot::DailySeries& model = m_snapshot.dailyByModel.first();
    QCOMPARE(model.name, QStringLiteral("test-model"));
    QCOMPARE(model.costs.size(), DashboardSnapshot::kDailyDays);
    QCOMPARE(model.costs[23], 1.0); // April 30
    QCOMPARE(model.costs[24], 2.0); // May 1
    QCOMPARE(model.costs[26], 4.0); // May 3
    QCOMPARE(model.costs[27], 8.0); // May 4
    QCOMPARE(model.costs[28], 16.0); // May 5
    QCOMPARE(model.costs[29], 32 + 128 + 64 + 0.5 + 256); // today
    QCOMPARE(m_snapshot.dailyByModel.last().name, QStringLiteral("unknown-model"));
    QCOMPARE(m_snapshot.dailyByModel.last().total(), 0.0);

    QCOMPARE(m_snapshot.dailyByAgent.size(), 2);
    QCOMPARE(m_snapshot.dailyByAgent[0].name, QStringLiteral("main (claude)"));
    QCOMPARE(m_snapshot.dailyByAgent[1].name, QStringLiteral("explore (claude)"));
    QCOMPARE(m_snapshot.dailyByAgent[1].total(), 72.0);

    QCOMPARE(m_snapshot.agents.size(), 2);
    QCOMPARE(m_snapshot.agents[0].agent, QStringLiteral("main"));
    QCOMPARE(m_snapshot.agents[0].source, QStringLiteral("claude"));
    QCOMPARE(m_snapshot.agents[0].totals.cost, 1 + 2 + 4 + 16 + 32 + 128 + 0.5 + 256);
    QCOMPARE(m_snapshot.agents[0].totals.unpricedRequests, 1);
    QCOMPARE(m_snapshot.agents[0].sessions, 1);
    QCOMPARE(m_snapshot.agents[1].agent, QStringLiteral("explore"));
    QCOMPARE(m_snapshot.agents[1].totals.requests, 2);
}

void TestDashboardQuery::recentSessions()
{
    // The child session is counted in its root's totals, not listed.
    QCOMPARE(m_snapshot.recentSessions.size(), 1);
    const DashboardSnapshot::RecentSession& session = m_snapshot.recentSessions.first();
    QCOMPARE(session.sessionId, QStringLiteral("root"));
    QCOMPARE(session.title, QStringLiteral("Root session"));
    QCOMPARE(session.agent, QStringLiteral("main"));
    QCOMPARE(session.totals.cost, m_snapshot.windowTotals.cost);
    QCOMPARE(session.totals.requests, 11);
    QCOMPARE(session.totals.unpricedRequests, 1);
    QCOMPARE(session.totals.tokens.cacheRead, 10000);
    QCOMPARE(session.lastTs, utcMs("2026-05-06T12:30:00Z"));
}

// The requests above in the other modes: every request but the unknown model's is priced at 0 except the
// one with tokens (1000 in x 3 + 2000 out x 15 + 10000 cache read x 0.3 + 4000 cache write x 3.75 per
// million = $0.051); display shows logged costs only, so the unknown model's request is $0, not unpriced.
void TestDashboardQuery::costModes()
{
    Database db;
    db.open(m_path, Database::Mode::ReadOnly);
    const DashboardSnapshot calculated = DashboardQuery::load(
        db, TestSupport::fixtureNow(), m_berlin, testPrices().get(), ReportOptions::CostMode::Calculate);
    QCOMPARE(calculated.todayTotals.cost, 0.051);
    QCOMPARE(calculated.todayTotals.unpricedRequests, 1);
    QCOMPARE(calculated.monthTotals.cost, 0.051);
    QCOMPARE(calculated.lastHour.cost, 0.051);
    QCOMPARE(calculated.lastHour.unpricedRequests, 1);
    const QList<DashboardSnapshot::MinuteCost> calculatedMinutes {
        { utcMs("2026-05-05T22:30:00Z"), 0 },
        { utcMs("2026-05-06T10:59:00Z"), 0 },
        { utcMs("2026-05-06T11:30:00Z"), 0.051 },
        { utcMs("2026-05-06T12:30:00Z"), 0 },
    };
    QCOMPARE(calculated.todayMinutes, calculatedMinutes);
    QCOMPARE(calculated.recentSessions.value(0).totals.cost, 0.051);
    QCOMPARE(calculated.recentSessions.value(0).totals.unpricedRequests, 1);
    QCOMPARE(calculated.dailyByAgent.value(0).total(), 0.051);

    const DashboardSnapshot displayed = DashboardQuery::load(
        db, TestSupport::fixtureNow(), m_berlin, testPrices().get(), ReportOptions::CostMode::Display);
    QCOMPARE(displayed.todayTotals.cost, 32 + 128 + 64 + 0.5 + 256);
    QCOMPARE(displayed.todayTotals.unpricedRequests, 0);
    QCOMPARE(displayed.lastHour.cost, 64.5);
    QCOMPARE(displayed.lastHour.unpricedRequests, 0);
    const QList<DashboardSnapshot::MinuteCost> displayedMinutes {
        { utcMs("2026-05-05T22:30:00Z"), 32 },
        { utcMs("2026-05-06T10:59:00Z"), 128 },
        { utcMs("2026-05-06T11:10:00Z"), 0 },
        { utcMs("2026-05-06T11:30:00Z"), 64.5 },
        { utcMs("2026-05-06T12:30:00Z"), 256 },
    };
    QCOMPARE(displayed.todayMinutes, displayedMinutes);
    QCOMPARE(displayed.recentSessions.value(0).totals.unpricedRequests, 0);
    QCOMPARE(displayed.windowTotals.unpricedRequests, 0);
}

// Every source's fixtures: the dashboard's sums agree with a direct sum over usage_records.
void TestDashboardQuery::fixtureDatabase()
{
    const QString path = m_dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(path);
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    const DashboardSnapshot snapshot
        = DashboardQuery::load(db, TestSupport::fixtureNow(), QTimeZone::utc(), PriceBook::embedded().get());

    // A direct sum over usage_records of [from, to): requests, auto cost, unpriced requests.
    const auto sumOf = [&db](qint64 from, qint64 to) {
        SqliteStatement sums
            = db.prepare("SELECT COUNT(*), COALESCE(SUM(COALESCE(logged_cost, computed_cost)), 0), "
                         "COALESCE(SUM(COALESCE(logged_cost, computed_cost) IS NULL), 0) "
                         "FROM usage_records WHERE ts >= ? AND ts < ?");
        sums.bind(1, from);
        sums.bind(2, to);
        UsageTotals totals;
        if (sums.step()) {
            totals.requests = sums.int64(0);
            totals.cost = sums.real(1);
            totals.unpricedRequests = sums.int64(2);
        }
        return totals;
    };
    const auto compare = [](const UsageTotals& actual, const UsageTotals& expected) {
        return actual.requests == expected.requests
            && qRound64(actual.cost * 1e6) == qRound64(expected.cost * 1e6)
            && actual.unpricedRequests == expected.unpricedRequests;
    };
    // The fixtures run from Sunday May 3 to Thursday May 7 (UTC); "now" is Wednesday May 6, noon.
    const UsageTotals week = sumOf(utcMs("2026-05-04T00:00:00Z"), snapshot.todayEndMs);
    QVERIFY(week.requests > 0);
    QVERIFY(week.cost > 0);
    QVERIFY(compare(snapshot.weekTotals, week));
    QVERIFY(compare(snapshot.todayTotals, sumOf(utcMs("2026-05-06T00:00:00Z"), snapshot.todayEndMs)));
    const UsageTotals window = sumOf(utcMs("2026-04-07T00:00:00Z"), snapshot.todayEndMs);
    QVERIFY(compare(snapshot.monthTotals, window));
    QVERIFY(compare(snapshot.windowTotals, window));

    double seriesTotal = 0;
    for (const auto& series : snapshot.dailyByAgent)
        seriesTotal += series.total();
    QCOMPARE(qRound64(seriesTotal * 1e6), qRound64(window.cost * 1e6));

    SqliteStatement roots = db.prepare("SELECT COUNT(*) FROM sessions WHERE parent_id IS NULL");
    QVERIFY(roots.step());
    QCOMPARE(
        snapshot.recentSessions.size(), qMin<qint64>(roots.int64(0), DashboardSnapshot::kRecentSessions));
    for (qsizetype i = 1; i < snapshot.recentSessions.size(); ++i)
        QVERIFY(snapshot.recentSessions[i - 1].lastTs.value_or(0)
            >= snapshot.recentSessions[i].lastTs.value_or(0));
    QVERIFY(snapshot.components[DashboardSnapshot::Output].cost);
    QVERIFY(snapshot.cacheSavings);
}

QTEST_GUILESS_MAIN(TestDashboardQuery)
#include "tst_dashboardquery.moc"

// SPDX-License-Identifier: MIT
#include "budgetspendquery.h"

#include "budgetperiod.h"
#include "reports/costcolumns.h"
#include "store/database.h"
#include "store/usagerollup.h"

#include <algorithm>
#include <string>

namespace {
constexpr qint64 kHourMs = 3600 * 1000;

// The sessions of the budget's scope, as a condition on s (sessions), p (projects) and src (sources)
// with the scope value as parameter ?4.
const char* scopeCondition(Budget::Scope scope)
{
    switch (scope) {
    case Budget::Scope::All:
        return "";
    case Budget::Scope::Project:
        return " AND (p.path = ?4 OR p.name = ?4 OR (s.project_id IS NULL AND s.cwd = ?4))";
    case Budget::Scope::Agent:
        return " AND (src.name = ?4 OR COALESCE(s.agent, 'main') = ?4)";
    }
    return "";
}

QString normalisedScopeValue(const Budget& budget)
{
    QString value = budget.scopeValue.trimmed();
    // A project path typed with a trailing slash still means the directory the store recorded.
    if (budget.scope == Budget::Scope::Project && value.size() > 1 && value.endsWith(QLatin1Char('/')))
        value.chop(1);
    return value;
}
} // namespace

BudgetSpend BudgetSpendQuery::spend(Database& db, const Budget& budget, const QDateTime& now,
    const QTimeZone& zone, ReportOptions::CostMode mode)
{
    const BudgetPeriod period = BudgetPeriod::containing(budget.period, now, zone);
    const qint64 nowMs = now.toMSecsSinceEpoch();
    // A local period starts on a bucket boundary: every UTC offset in use is a multiple of 15 minutes.
    const qint64 startBucket = period.start.toMSecsSinceEpoch() / UsageRollup::kBucketMs;
    // Up to now: rows from later (a clock ahead of ours) count once their time has come.
    const qint64 endBucket = std::min(period.end.toMSecsSinceEpoch(), nowMs + UsageRollup::kBucketMs - 1)
        / UsageRollup::kBucketMs;
    const qint64 recentBucket = (nowMs - kHourMs) / UsageRollup::kBucketMs;

    const std::string cost = CostColumns::rollupCost(mode, "r");
    const std::string sql = "SELECT COALESCE(SUM(CASE WHEN r.bucket >= ?1 THEN " + cost
        + " END), 0), COALESCE(SUM(CASE WHEN r.bucket >= ?3 THEN " + cost
        + " END), 0) FROM usage_rollup r JOIN sessions s ON s.id = r.session_id JOIN sources src ON "
          "src.id = s.source_id LEFT JOIN projects p ON p.id = s.project_id WHERE r.bucket >= MIN(?1, ?3) "
          "AND r.bucket < ?2"
        + scopeCondition(budget.scope);
    SqliteStatement statement = db.prepare(sql);
    statement.bind(1, startBucket);
    statement.bind(2, endBucket);
    statement.bind(3, recentBucket);
    if (budget.scope != Budget::Scope::All)
        statement.bind(4, normalisedScopeValue(budget));
    statement.step();

    BudgetSpend spend;
    spend.spent = statement.real(0);
    if (budget.period == Budget::Period::Day) {
        const qint64 windowMs = nowMs - recentBucket * UsageRollup::kBucketMs;
        spend.ratePerHour = statement.real(1) * kHourMs / double(windowMs);
    } else {
        const qint64 elapsedMs = std::max(kHourMs, nowMs - period.start.toMSecsSinceEpoch());
        spend.ratePerHour = spend.spent * kHourMs / double(elapsedMs);
    }
    return spend;
}

BudgetSpendSnapshot BudgetSpendQuery::run(Database& db, const QList<Budget>& budgets, const QDateTime& now,
    const QTimeZone& zone, ReportOptions::CostMode mode)
{
    BudgetSpendSnapshot snapshot;
    for (const Budget& budget : budgets) {
        if (budget.isActive())
            snapshot.byBudget.insert(budget.id, spend(db, budget, now, zone, mode));
    }
    snapshot.todayCost = spend(db, Budget {}, now, zone, mode).spent; // a default budget: today, everything
    return snapshot;
}

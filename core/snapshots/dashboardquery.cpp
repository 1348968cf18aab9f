// SPDX-License-Identifier: MIT
#include "dashboardquery.h"

#include "pricing/tokenrates.h"
#include "reports/costcolumns.h"
#include "store/database.h"
#include "store/tokencolumns.h"
#include "store/usagerollup.h"

#include <algorithm>
#include <QCoreApplication>
#include <QHash>
#include <QSet>
#include <vector>

namespace {

constexpr qint64 kMinuteMs = 60 * 1000;
constexpr qint64 kHourMs = 60 * kMinuteMs;

qint64 dayStartMs(const QDate& date, const QTimeZone& timeZone)
{
    return QDateTime(date, QTime(0, 0), timeZone).toMSecsSinceEpoch();
}

qint64 bucketOf(qint64 ms)
{
    return ms / UsageRollup::kBucketMs;
}

QString modelName(const QByteArray& model)
{
    return model.isEmpty() ? QCoreApplication::translate("DashboardQuery", "(no model)")
                           : QString::fromUtf8(model);
}

UsageTotals totalsOf(const TokenCounts& tokens, qint64 requests, double cost, qint64 unpriced)
{
    UsageTotals totals;
    totals.tokens = tokens;
    totals.requests = requests;
    totals.cost = cost;
    totals.unpricedRequests = unpriced;
    return totals;
}

// Series sorted by total cost, highest first, then by name.
QList<DashboardSnapshot::DailySeries> sortedSeries(const QHash<QString, QList<double>>& series)
{
    QList<DashboardSnapshot::DailySeries> list;
    list.reserve(series.size());
    for (auto it = series.cbegin(); it != series.cend(); ++it)
        list.append({ it.key(), it.value() });
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
        const double ta = a.total();
        const double tb = b.total();
        return ta != tb ? ta > tb : a.name < b.name;
    });
    return list;
}

struct ModelUsage
{
    TokenCounts tokens;
    qint64 lastBucket = 0;
};

// The window's tokens per model, priced per component at each model's latest use in the window.
void priceComponents(
    DashboardSnapshot& snapshot, const QHash<QByteArray, ModelUsage>& models, const PriceBook* prices)
{
    using Component = DashboardSnapshot::Component;
    double savings = 0;
    bool anySavings = false;
    for (auto it = models.cbegin(); it != models.cend(); ++it) {
        const TokenCounts& tokens = it->tokens;
        const TokenRates rates
            = TokenRates::of(prices, it.key(), {}, it->lastBucket * UsageRollup::kBucketMs);
        const auto add = [&](Component component, std::initializer_list<int> buckets) {
            auto& entry = snapshot.components[size_t(component)];
            for (int bucket : buckets) {
                const qint64 n = TokenRates::tokens(tokens, bucket);
                entry.tokens += n;
                if (rates[bucket])
                    entry.cost = entry.cost.value_or(0) + double(n) * *rates[bucket] / 1000.0;
            }
        };
        add(Component::FreshInput, { TokenRates::Input });
        add(Component::Output, { TokenRates::Output, TokenRates::Reasoning });
        add(Component::CacheRead, { TokenRates::CacheRead });
        add(Component::CacheWrite, { TokenRates::CacheWrite5m, TokenRates::CacheWrite1h });
        if (!rates[TokenRates::Input] && !rates[TokenRates::Output])
            snapshot.unpricedModels.append(modelName(it.key()));
        if (const auto saved = rates.cacheSavings(tokens.cacheRead); saved && tokens.cacheRead > 0) {
            savings += *saved;
            anySavings = true;
        }
    }
    if (anySavings)
        snapshot.cacheSavings = savings;
    snapshot.unpricedModels.sort();
}

// One scan of the rollup over the window: the period totals, the daily series, agents and the
// per-model tokens of the breakdown.
void loadWindow(Database& db, DashboardSnapshot& snapshot, const QTimeZone& timeZone, const PriceBook* prices,
    ReportOptions::CostMode mode)
{
    const int days = DashboardSnapshot::kDailyDays;
    // A local day is a whole number of 15-minute buckets (every UTC offset in use is a multiple of 15
    // minutes); days are 23 or 25 hours across a daylight-saving change, hence the boundary list.
    std::vector<qint64> boundaries; // bucket of each day start, firstDay .. today + 1
    for (int i = 0; i <= days; ++i)
        boundaries.push_back(bucketOf(dayStartMs(snapshot.firstDay.addDays(i), timeZone)));
    const qint64 monthBucket = bucketOf(dayStartMs(snapshot.monthStart, timeZone));
    const qint64 weekBucket = bucketOf(dayStartMs(snapshot.weekStart, timeZone));
    const qint64 todayBucket = boundaries[size_t(days - 1)];
    const qint64 firstBucket = std::min(monthBucket, boundaries.front());

    QHash<QString, QList<double>> byModel;
    QHash<QString, QList<double>> byAgent;
    QHash<QString, DashboardSnapshot::Agent> agents;
    QHash<QString, QSet<qint64>> agentSessions;
    QHash<QByteArray, ModelUsage> models;
    SqliteStatement statement
        = db.prepare("SELECT r.bucket, r.model, r.input_tokens, r.output_tokens, r.cache_read_tokens, "
                     "r.cache_write_5m_tokens, r.cache_write_1h_tokens, r.reasoning_tokens, r.requests, "
            + CostColumns::rollupCost(mode, "r") + ", " + CostColumns::rollupUnpriced(mode, "r")
            + ", r.session_id, src.name, COALESCE(s.agent, 'main') "
              "FROM usage_rollup r JOIN sessions s ON s.id = r.session_id JOIN sources src ON src.id = "
              "s.source_id WHERE r.bucket >= ? AND r.bucket < ?");
    statement.bind(1, firstBucket);
    statement.bind(2, boundaries.back());
    while (statement.step()) {
        const qint64 bucket = statement.int64(0);
        const UsageTotals totals = totalsOf(
            TokenColumns::read(statement, 2), statement.int64(8), statement.real(9), statement.int64(10));
        if (bucket >= monthBucket)
            snapshot.monthTotals += totals;
        if (bucket >= weekBucket)
            snapshot.weekTotals += totals;
        if (bucket >= todayBucket)
            snapshot.todayTotals += totals;
        const auto day
            = std::upper_bound(boundaries.begin(), boundaries.end(), bucket) - boundaries.begin() - 1;
        if (day < 0)
            continue; // in the month, before the chart window
        snapshot.windowTotals += totals;

        const QByteArray model = statement.bytes(1);
        const QString source = statement.text(12);
        const QString agent = statement.text(13);
        const QString agentName = DashboardSnapshot::seriesName(agent, source);
        auto addDaily = [&](QHash<QString, QList<double>>& series, const QString& name) {
            QList<double>& costs = series[name];
            if (costs.isEmpty())
                costs.resize(days);
            costs[day] += totals.cost;
        };
        addDaily(byModel, modelName(model));
        addDaily(byAgent, agentName);

        auto agentIt = agents.find(agentName);
        if (agentIt == agents.end())
            agentIt = agents.insert(agentName, { source, agent, {}, 0 });
        agentIt->totals += totals;
        agentSessions[agentName].insert(statement.int64(11));

        ModelUsage& usage = models[model];
        usage.tokens += totals.tokens;
        usage.lastBucket = std::max(usage.lastBucket, bucket);
    }

    snapshot.dailyByModel = sortedSeries(byModel);
    snapshot.dailyByAgent = sortedSeries(byAgent);
    for (auto it = agents.begin(); it != agents.end(); ++it) {
        it->sessions = agentSessions.value(it.key()).size();
        snapshot.agents.append(*it);
    }
    std::sort(snapshot.agents.begin(), snapshot.agents.end(), [](const auto& a, const auto& b) {
        return a.totals.cost != b.totals.cost ? a.totals.cost > b.totals.cost
                                              : DashboardSnapshot::seriesName(a.agent, a.source)
                < DashboardSnapshot::seriesName(b.agent, b.source);
    });
    priceComponents(snapshot, models, prices);
}

// The cost of each minute of today, and of the last hour, from the requests themselves (the rollup's
// 15-minute buckets are too coarse for either).
void loadRecent(Database& db, DashboardSnapshot& snapshot, ReportOptions::CostMode mode)
{
    const qint64 hourStart = snapshot.nowMs - kHourMs;
    const qint64 from = std::min(snapshot.todayStartMs, hourStart);
    SqliteStatement statement = db.prepare("SELECT ts, " + CostColumns::recordCost(mode)
        + ", input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, "
          "reasoning_tokens FROM usage_records WHERE ts >= ? AND ts < ? ORDER BY ts");
    statement.bind(1, from);
    statement.bind(2, std::max(snapshot.todayEndMs, snapshot.nowMs + 1));
    while (statement.step()) {
        const qint64 ts = statement.int64(0);
        const std::optional<double> cost = statement.optionalReal(1);
        if (ts >= hourStart && ts <= snapshot.nowMs)
            snapshot.lastHour
                += totalsOf(TokenColumns::read(statement, 2), 1, cost.value_or(0), cost ? 0 : 1);
        if (ts < snapshot.todayStartMs || ts >= snapshot.todayEndMs || !cost)
            continue;
        const qint64 minute = ts - ts % kMinuteMs;
        if (snapshot.todayMinutes.isEmpty() || snapshot.todayMinutes.last().ms != minute)
            snapshot.todayMinutes.append({ minute, 0 });
        snapshot.todayMinutes.last().cost += *cost;
    }
}

// The latest root sessions by last activity, with their sub-agents' usage. "+parent_id" keeps SQLite
// from choosing sessions_parent (all 90,000 root sessions of the bench store, then a sort: 43 ms) over
// a backward walk of sessions_last_ts that stops after ten rows (under 1 ms).
void loadRecentSessions(Database& db, DashboardSnapshot& snapshot, ReportOptions::CostMode mode)
{
    SqliteStatement statement = db.prepare(
        "WITH RECURSIVE recent AS (SELECT id, last_ts FROM sessions WHERE +parent_id IS NULL "
        "ORDER BY last_ts DESC, id DESC LIMIT ?), "
        "tree(root_id, session_id, depth) AS (SELECT id, id, 0 FROM recent UNION ALL "
        "SELECT tree.root_id, s.id, tree.depth + 1 FROM sessions s JOIN tree ON s.parent_id = "
        "tree.session_id "
        "WHERE tree.depth < 64), "
        "totals AS (SELECT tree.root_id, SUM(r.input_tokens) AS i, SUM(r.output_tokens) AS o, "
        "SUM(r.cache_read_tokens) AS cr, SUM(r.cache_write_5m_tokens) AS c5, SUM(r.cache_write_1h_tokens) AS "
        "c1, "
        "SUM(r.reasoning_tokens) AS re, SUM(r.requests) AS n, SUM("
        + CostColumns::rollupCost(mode, "r") + ") AS cost, SUM(" + CostColumns::rollupUnpriced(mode, "r")
        + ") AS unpriced FROM tree JOIN usage_rollup r ON r.session_id = tree.session_id "
          "GROUP BY tree.root_id) "
          "SELECT s.id, s.external_id, s.title, src.name, COALESCE(s.agent, 'main'), s.last_ts, "
          "COALESCE(t.i, 0), COALESCE(t.o, 0), COALESCE(t.cr, 0), COALESCE(t.c5, 0), COALESCE(t.c1, 0), "
          "COALESCE(t.re, 0), COALESCE(t.n, 0), COALESCE(t.cost, 0), COALESCE(t.unpriced, 0) "
          "FROM recent JOIN sessions s ON s.id = recent.id JOIN sources src ON src.id = s.source_id "
          "LEFT JOIN totals t ON t.root_id = s.id ORDER BY recent.last_ts DESC, recent.id DESC");
    statement.bind(1, DashboardSnapshot::kRecentSessions);
    while (statement.step()) {
        DashboardSnapshot::RecentSession session;
        session.rowId = statement.int64(0);
        session.sessionId = statement.text(1);
        session.title = statement.text(2);
        session.source = statement.text(3);
        session.agent = statement.text(4);
        if (!statement.isNull(5))
            session.lastTs = statement.int64(5);
        session.totals = totalsOf(
            TokenColumns::read(statement, 6), statement.int64(12), statement.real(13), statement.int64(14));
        snapshot.recentSessions.append(session);
    }
}

} // namespace

double DashboardQuery::projectMonth(double monthToDate, const QDate& today)
{
    return monthToDate * today.daysInMonth() / today.day();
}

DashboardSnapshot DashboardQuery::load(Database& db, const QDateTime& now, const QTimeZone& timeZone,
    const PriceBook* prices, ReportOptions::CostMode mode)
{
    DashboardSnapshot snapshot;
    snapshot.nowMs = now.toMSecsSinceEpoch();
    snapshot.today = now.toTimeZone(timeZone).date();
    snapshot.weekStart = snapshot.today.addDays(1 - snapshot.today.dayOfWeek());
    snapshot.monthStart = QDate(snapshot.today.year(), snapshot.today.month(), 1);
    snapshot.firstDay = snapshot.today.addDays(1 - DashboardSnapshot::kDailyDays);
    snapshot.todayStartMs = dayStartMs(snapshot.today, timeZone);
    snapshot.todayEndMs = dayStartMs(snapshot.today.addDays(1), timeZone);

    loadWindow(db, snapshot, timeZone, prices, mode);
    loadRecent(db, snapshot, mode);
    loadRecentSessions(db, snapshot, mode);
    snapshot.projectedMonthCost = projectMonth(snapshot.monthTotals.cost, snapshot.today);
    return snapshot;
}

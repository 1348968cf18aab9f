// SPDX-License-Identifier: MIT
#include "statsroutes.h"

#include "apicontext.h"
#include "apijson.h"
#include "apirouter.h"
#include "monitorsupport.h"
#include "queryparams.h"
#include "store/database.h"
#include "store/tokencolumns.h"

#include <algorithm>
#include <map>
#include <QJsonArray>
#include <QSet>
#include <vector>

namespace {

using MonitorSupport::usd;

constexpr qint64 kBucketMs = 15 * 60 * 1000; // usage_rollup's bucket

// How the window is read, cheapest first: sessions through sessions_last_ts, tool calls and prompts
// through their time indexes (0004_api_indexes.sql), usage through the sessions active in the window
// and usage_rollup's primary key with the bucket filter on top. A session's last_ts is the newest of
// all its lines, so no request of the window is missed. Tool calls and prompts without a recorded
// time cannot be placed in a window and are not counted.

// Word for word the condition of the partial index tool_calls_errors, so that SQLite uses it.
constexpr const char* kToolError = "(is_error <> 0 OR status = 'error')";

struct SourceFigures
{
    qint64 sessions = 0;
    qint64 rootSessions = 0;
    QSet<qint64> projects;
    TokenCounts tokens;
    qint64 requests = 0;
    double cost = 0;
    qint64 unpriced = 0;
};

struct ModelFigures
{
    TokenCounts tokens;
    qint64 requests = 0;
    double cost = 0;
    qint64 unpriced = 0;
};

QJsonObject usageJson(const TokenCounts& tokens, qint64 requests, double cost, qint64 unpriced)
{
    QJsonObject object = MonitorSupport::tokensJson(tokens);
    object.insert(QStringLiteral("requests"), requests);
    object.insert(QStringLiteral("estimated_cost_usd"), usd(cost));
    object.insert(QStringLiteral("unpriced_requests"), unpriced);
    return object;
}

QJsonObject globalFigures(Database& db, qint64 start, int days)
{
    std::map<qint64, QString> sourceNames;
    SqliteStatement names = db.prepare("SELECT id, name FROM sources");
    while (names.step())
        sourceNames[names.int64(0)] = names.text(1);

    // "+source_id": without it SQLite walks the (source_id, external_id) index to get the groups in
    // order, which reads every session instead of the window's.
    std::map<QString, SourceFigures> bySource;
    SourceFigures all;
    SqliteStatement sessions
        = db.prepare("SELECT source_id, project_id, COUNT(*), SUM(parent_id IS NULL) FROM sessions WHERE "
                     "last_ts >= ?1 GROUP BY +source_id, project_id");
    sessions.bind(1, start);
    while (sessions.step()) {
        SourceFigures& f = bySource[sourceNames[sessions.int64(0)]];
        f.sessions += sessions.int64(2);
        f.rootSessions += sessions.int64(3);
        all.sessions += sessions.int64(2);
        all.rootSessions += sessions.int64(3);
        if (!sessions.isNull(1)) {
            f.projects.insert(sessions.int64(1));
            all.projects.insert(sessions.int64(1));
        }
    }

    // Local midnight is a bucket boundary, so the bucket filter is exact.
    std::map<QString, ModelFigures> byModel;
    SqliteStatement usage = db.prepare(
        "SELECT s.source_id, r.model, SUM(r.input_tokens), SUM(r.output_tokens), SUM(r.cache_read_tokens), "
        "SUM(r.cache_write_5m_tokens), SUM(r.cache_write_1h_tokens), SUM(r.reasoning_tokens), "
        "SUM(r.requests), SUM(r.auto_cost), SUM(r.auto_unpriced) FROM sessions s JOIN usage_rollup r ON "
        "r.session_id = s.id WHERE s.last_ts >= ?1 AND r.bucket >= ?2 GROUP BY +s.source_id, r.model");
    usage.bind(1, start);
    usage.bind(2, start / kBucketMs);
    while (usage.step()) {
        const TokenCounts tokens = TokenColumns::read(usage, 2);
        SourceFigures& f = bySource[sourceNames[usage.int64(0)]];
        ModelFigures& m = byModel[usage.text(1)];
        f.tokens += tokens;
        m.tokens += tokens;
        all.tokens += tokens;
        for (qint64* requests : { &f.requests, &m.requests, &all.requests })
            *requests += usage.int64(8);
        for (double* cost : { &f.cost, &m.cost, &all.cost })
            *cost += usage.real(9);
        for (qint64* unpriced : { &f.unpriced, &m.unpriced, &all.unpriced })
            *unpriced += usage.int64(10);
    }

    SqliteStatement tools = db.prepare("SELECT COUNT(*) FROM tool_calls WHERE start_ts >= ?1");
    tools.bind(1, start);
    tools.step();
    SqliteStatement toolErrors
        = db.prepare(std::string("SELECT COUNT(*) FROM tool_calls WHERE start_ts >= ?1 AND ") + kToolError);
    toolErrors.bind(1, start);
    toolErrors.step();
    SqliteStatement prompts = db.prepare("SELECT COUNT(*) FROM prompts WHERE ts >= ?1");
    prompts.bind(1, start);
    prompts.step();
    SqliteStatement events = db.prepare("SELECT COALESCE(SUM(kind = 'error'), 0), COALESCE(SUM(kind = "
                                        "'retry'), 0) FROM agent_events WHERE ts >= ?1");
    events.bind(1, start);
    events.step();

    const QJsonObject summary {
        { QStringLiteral("total_sessions"), all.sessions },
        { QStringLiteral("unique_projects"), qint64(all.projects.size()) },
        // Messages: the user's prompts and the model's billed replies (one per request).
        { QStringLiteral("total_messages"), prompts.int64(0) + all.requests },
        { QStringLiteral("total_tokens"), all.tokens.total() },
        // Every session is one agent invocation (the traces view), so traces are the sessions.
        { QStringLiteral("total_traces"), all.sessions },
        { QStringLiteral("total_tool_calls"), tools.int64(0) },
        { QStringLiteral("estimated_cost_usd"), usd(all.cost) },
    };
    QJsonArray sourceArray;
    for (const auto& [name, f] : bySource) {
        QJsonObject entry = usageJson(f.tokens, f.requests, f.cost, f.unpriced);
        entry.insert(QStringLiteral("source"), name);
        entry.insert(QStringLiteral("sessions"), f.sessions);
        entry.insert(QStringLiteral("root_sessions"), f.rootSessions);
        entry.insert(QStringLiteral("projects"), qint64(f.projects.size()));
        sourceArray.append(entry);
    }
    QList<std::pair<QString, ModelFigures>> models(byModel.begin(), byModel.end());
    std::stable_sort(models.begin(), models.end(),
        [](const auto& a, const auto& b) { return a.second.tokens.total() > b.second.tokens.total(); });
    QJsonArray modelArray;
    for (const auto& [name, m] : models) {
        QJsonObject entry = usageJson(m.tokens, m.requests, m.cost, m.unpriced);
        entry.insert(QStringLiteral("model"), name.isEmpty() ? QJsonValue() : QJsonValue(name));
        modelArray.append(entry);
    }
    const QJsonObject details {
        { QStringLiteral("days"), days },
        { QStringLiteral("root_sessions"), all.rootSessions },
        { QStringLiteral("sub_agent_sessions"), all.sessions - all.rootSessions },
        { QStringLiteral("prompts"), prompts.int64(0) },
        { QStringLiteral("requests"), all.requests },
        { QStringLiteral("tokens"), MonitorSupport::tokensJson(all.tokens) },
        { QStringLiteral("tool_errors"), toolErrors.int64(0) },
        { QStringLiteral("api_errors"), events.int64(0) },
        { QStringLiteral("retries"), events.int64(1) },
        { QStringLiteral("unpriced_requests"), all.unpriced },
        { QStringLiteral("by_source"), sourceArray },
        { QStringLiteral("by_model"), modelArray },
    };
    return QJsonObject { { QStringLiteral("summary"), summary }, { QStringLiteral("details"), details } };
}

ApiResponse globalStats(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    const int days = MonitorSupport::days(params, 30);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());
    Database& db = context.db();
    const qint64 start = context.daysStartMs(days);
    QJsonObject data = globalFigures(db, start, days);
    data.insert(QStringLiteral("meta"),
        QJsonObject { { QStringLiteral("period"),
            QJsonObject { { QStringLiteral("start"), ApiJson::isoTime(start) },
                { QStringLiteral("end"), ApiJson::isoTime(context.now().toMSecsSinceEpoch()) },
                { QStringLiteral("days"), days },
                { QStringLiteral("time_zone"), QString::fromUtf8(context.config().timeZone.id()) } } } });
    return ApiResponse::ok(data);
}

struct DayFigures
{
    qint64 sessions = 0;
    qint64 durationSum = 0;
    qint64 traces = 0;
    qint64 tokens = 0;
    qint64 requests = 0;
    double cost = 0;
    qint64 apiErrors = 0;
    qint64 retries = 0;
    qint64 toolErrors = 0;
    qint64 toolCalls = 0;
};

// bounds: the local midnights of the window's days and of the day after it.
QJsonArray dailyFigures(Database& db, const std::vector<qint64>& bounds, const std::vector<QDate>& dates)
{
    const int days = int(dates.size()) - 1;
    const qint64 start = bounds.front();
    const qint64 end = bounds.back();
    std::vector<DayFigures> figures(static_cast<size_t>(days));
    // The day of a UTC time, or -1 outside the window.
    const auto dayOf = [&](qint64 ms) -> int {
        if (ms < start || ms >= end)
            return -1;
        return int(std::upper_bound(bounds.begin(), bounds.end(), ms) - bounds.begin()) - 1;
    };

    // Sessions by the day they started (their first line); traces by the day the invocation started
    // (a sub-agent's spawning call, as in the traces view).
    SqliteStatement sessions
        = db.prepare("SELECT s.first_ts, s.last_ts, COALESCE((SELECT c.start_ts FROM tool_calls c WHERE "
                     "c.child_session_id = s.id ORDER BY c.id LIMIT 1), s.first_ts) FROM sessions s WHERE "
                     "s.last_ts >= ?1");
    sessions.bind(1, start);
    while (sessions.step()) {
        if (!sessions.isNull(0)) {
            const int day = dayOf(sessions.int64(0));
            if (day >= 0) {
                ++figures[size_t(day)].sessions;
                figures[size_t(day)].durationSum += sessions.int64(1) - sessions.int64(0);
            }
        }
        if (!sessions.isNull(2)) {
            const int day = dayOf(sessions.int64(2));
            if (day >= 0)
                ++figures[size_t(day)].traces;
        }
    }

    // Every 15-minute bucket lies inside one local day.
    SqliteStatement usage = db.prepare(
        "SELECT r.bucket, SUM(r.input_tokens + r.output_tokens + r.cache_read_tokens + "
        "r.cache_write_5m_tokens + r.cache_write_1h_tokens + r.reasoning_tokens), SUM(r.requests), "
        "SUM(r.auto_cost) FROM sessions s JOIN usage_rollup r ON r.session_id = s.id WHERE s.last_ts >= ?1 "
        "AND r.bucket >= ?2 AND r.bucket < ?3 GROUP BY r.bucket");
    usage.bind(1, start);
    usage.bind(2, start / kBucketMs);
    usage.bind(3, end / kBucketMs);
    while (usage.step()) {
        const int day = dayOf(usage.int64(0) * kBucketMs);
        if (day < 0)
            continue;
        figures[size_t(day)].tokens += usage.int64(1);
        figures[size_t(day)].requests += usage.int64(2);
        figures[size_t(day)].cost += usage.real(3);
    }

    // Two index-only counts (tool_calls_start, the partial tool_calls_errors) instead of one pass that
    // reads every call's row.
    for (const bool errors : { false, true }) {
        SqliteStatement tools = db.prepare(
            std::string(
                "SELECT start_ts / ?3, COUNT(*) FROM tool_calls WHERE start_ts >= ?1 AND start_ts < ?2")
            + (errors ? std::string(" AND ") + kToolError : std::string()) + " GROUP BY 1");
        tools.bind(1, start);
        tools.bind(2, end);
        tools.bind(3, kBucketMs);
        while (tools.step()) {
            const int day = dayOf(tools.int64(0) * kBucketMs);
            if (day >= 0)
                (errors ? figures[size_t(day)].toolErrors : figures[size_t(day)].toolCalls) += tools.int64(1);
        }
    }

    SqliteStatement events = db.prepare(
        "SELECT ts / ?3, COALESCE(SUM(kind = 'error'), 0), COALESCE(SUM(kind = 'retry'), 0) FROM "
        "agent_events WHERE ts >= ?1 AND ts < ?2 GROUP BY 1");
    events.bind(1, start);
    events.bind(2, end);
    events.bind(3, kBucketMs);
    while (events.step()) {
        const int day = dayOf(events.int64(0) * kBucketMs);
        if (day >= 0) {
            figures[size_t(day)].apiErrors += events.int64(1);
            figures[size_t(day)].retries += events.int64(2);
        }
    }

    QJsonArray data;
    for (int day = 0; day < days; ++day) {
        const DayFigures& f = figures[size_t(day)];
        data.append(QJsonObject {
            { QStringLiteral("date"), dates[size_t(day)].toString(Qt::ISODate) },
            { QStringLiteral("sessions"), f.sessions },
            { QStringLiteral("traces"), f.traces },
            { QStringLiteral("tokens"), f.tokens },
            { QStringLiteral("avg_duration_ms"),
                f.sessions ? qRound64(double(f.durationSum) / f.sessions) : 0 },
            // Errors: the API errors the agents recorded (agent_events of kind 'error') plus the tool
            // calls that failed. Retries are not errors: a retry event is an attempt that failed and
            // was sent again, so the request may still have succeeded; when the retries run out the
            // agent records an error of its own, which counting the retries too would count twice.
            // They are reported on their own as `retries`.
            { QStringLiteral("errors"), f.apiErrors + f.toolErrors },
            { QStringLiteral("tool_calls"), f.toolCalls },
            { QStringLiteral("api_errors"), f.apiErrors },
            { QStringLiteral("tool_errors"), f.toolErrors },
            { QStringLiteral("retries"), f.retries },
            { QStringLiteral("requests"), f.requests },
            { QStringLiteral("cost_usd"), usd(f.cost) },
        });
    }
    return data;
}

ApiResponse dailyStats(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    const int days = MonitorSupport::days(params, 7);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());
    Database& db = context.db();

    // Local midnights (DST days are 23 or 25 hours long).
    const QTimeZone zone = context.config().timeZone;
    const QDate today = context.now().toTimeZone(zone).date();
    std::vector<qint64> bounds;
    std::vector<QDate> dates;
    for (int i = 0; i <= days; ++i) {
        const QDate date = today.addDays(i - (days - 1));
        bounds.push_back(QDateTime(date, QTime(0, 0), zone).toMSecsSinceEpoch());
        dates.push_back(date);
    }
    return ApiResponse::ok(dailyFigures(db, bounds, dates));
}

} // namespace

void registerStatsRoutes(ApiRouter& router)
{
    // Reused until the database changes (a whole window is summed); period.end is then the time the
    // answer was computed, which the data has not changed since.
    router.get(QStringLiteral("/api/global-stats"), globalStats, ApiRouter::Exec::Pool,
        ApiRouter::Cache::UntilDataChanges);
    router.get(QStringLiteral("/api/stats/daily"), dailyStats, ApiRouter::Exec::Pool,
        ApiRouter::Cache::UntilDataChanges);
}

// SPDX-License-Identifier: MIT
#include "sessiondetailroutes.h"

#include "apicontext.h"
#include "apijson.h"
#include "monitorsupport.h"
#include "sessionroute.h"
#include "snapshots/sessionfigures.h"
#include "snapshots/sessionscope.h"
#include "store/database.h"
#include "tracerows.h"

#include <QJsonArray>

namespace {

using MonitorSupport::tokensJson;
using MonitorSupport::usd;

using Usage = SessionFigures::Usage;

QJsonValue timeOrNull(const std::optional<qint64>& ms)
{
    return ms ? QJsonValue(ApiJson::isoTime(*ms)) : QJsonValue();
}

// Per model, the session's (and with children its sub-agents') usage from the rollup.
QJsonArray usageByModel(Database& db, const SessionScope& scope)
{
    QJsonArray array;
    for (const SessionFigures::ModelUsage& model : SessionFigures::usageByModel(db, scope)) {
        QJsonObject json = tokensJson(model.usage.tokens);
        json.insert(QStringLiteral("model"), model.model.isEmpty() ? QJsonValue() : QJsonValue(model.model));
        json.insert(QStringLiteral("requests"), model.usage.requests);
        json.insert(QStringLiteral("cost_usd"), usd(model.usage.cost));
        json.insert(QStringLiteral("unpriced_requests"), model.usage.unpriced);
        array.append(json);
    }
    return array;
}

constexpr const char* kScopeFileTouches = SessionFigures::kScopeFileTouches;
constexpr const char* kToolError = SessionFigures::kToolError;

ApiResponse summary(const SessionRouteRequest& request)
{
    Database& db = request.context.db();
    const SessionScope& scope = request.scope;

    SqliteStatement own = db.prepare(
        "SELECT s.title, COALESCE(s.cwd, pj.path), s.first_ts, s.last_ts, COALESCE(s.agent, 'main'), "
        "par.external_id, s.git_branch, s.agent_version, COALESCE(s.status, CASE tc.status WHEN 'pending' "
        "THEN 'running' ELSE tc.status END, 'completed') FROM sessions s LEFT JOIN projects pj ON pj.id = "
        "s.project_id LEFT JOIN sessions par ON par.id = s.parent_id LEFT JOIN tool_calls tc ON tc.id = "
        "(SELECT c.id FROM tool_calls c WHERE c.child_session_id = s.id ORDER BY c.id LIMIT 1) WHERE s.id = "
        "?1");
    own.bind(1, scope.rowId);
    own.step();

    SqliteStatement sessions = db.prepare(SessionScope::withCte(
        "SELECT COUNT(*), MIN(s.first_ts), MAX(s.last_ts), COUNT(DISTINCT COALESCE(s.agent, 'main')) FROM "
        "scope JOIN sessions s ON s.id = scope.id"));
    scope.bind(sessions);
    sessions.step();
    const qint64 sessionCount = sessions.int64(0);

    const Usage usage = SessionFigures::usage(db, scope);

    SqliteStatement tools = db.prepare(SessionScope::withCte(std::string("SELECT COUNT(*), COALESCE(SUM(")
        + kToolError + "), 0) FROM tool_calls WHERE session_id IN (SELECT id FROM scope)"));
    scope.bind(tools);
    tools.step();

    SqliteStatement files = db.prepare(
        SessionScope::withCte(std::string("SELECT COUNT(DISTINCT path) FROM ") + kScopeFileTouches));
    scope.bind(files);
    files.step();

    SqliteStatement prompts = db.prepare(
        SessionScope::withCte("SELECT COUNT(*) FROM prompts WHERE session_id IN (SELECT id FROM scope)"));
    scope.bind(prompts);
    prompts.step();

    SqliteStatement errors = db.prepare(SessionScope::withCte(
        "SELECT COALESCE(SUM(kind = 'error'), 0), COALESCE(SUM(kind = 'retry'), 0) FROM agent_events WHERE "
        "session_id IN (SELECT id FROM scope)"));
    scope.bind(errors);
    errors.step();

    // With children the session lasts from its first line to the last line of any of its sub-agents.
    QJsonValue duration;
    if (!sessions.isNull(1) && !sessions.isNull(2))
        duration = sessions.int64(2) - sessions.int64(1);

    const QJsonObject meta {
        { QStringLiteral("session_id"), scope.externalId },
        { QStringLiteral("generated_at"), ApiJson::isoTime(request.context.now().toMSecsSinceEpoch()) },
        { QStringLiteral("title"), ApiJson::textOrNull(own, 0) },
        { QStringLiteral("directory"), ApiJson::textOrNull(own, 1) },
        { QStringLiteral("source"), scope.source },
        { QStringLiteral("sources_with_id"), scope.sourcesWithId },
    };
    const QJsonObject summary {
        { QStringLiteral("duration_ms"), duration },
        { QStringLiteral("total_tokens"), usage.tokens.total() },
        { QStringLiteral("total_tool_calls"), tools.int64(0) },
        { QStringLiteral("total_files"), files.int64(0) },
        { QStringLiteral("unique_agents"), sessions.int64(3) },
        { QStringLiteral("estimated_cost_usd"), usd(usage.cost) },
        { QStringLiteral("status"), own.text(8) },
    };
    const QJsonObject details {
        { QStringLiteral("includes_children"), scope.includeChildren },
        { QStringLiteral("sessions_counted"), sessionCount },
        { QStringLiteral("sub_agent_sessions"), sessionCount - 1 },
        { QStringLiteral("agent"), own.text(4) },
        { QStringLiteral("parent_session_id"), ApiJson::textOrNull(own, 5) },
        { QStringLiteral("git_branch"), ApiJson::textOrNull(own, 6) },
        { QStringLiteral("agent_version"), ApiJson::textOrNull(own, 7) },
        { QStringLiteral("created_at"), ApiJson::timeOrNull(own, 2) },
        { QStringLiteral("updated_at"), ApiJson::timeOrNull(own, 3) },
        { QStringLiteral("started_at"), ApiJson::timeOrNull(sessions, 1) },
        { QStringLiteral("ended_at"), ApiJson::timeOrNull(sessions, 2) },
        { QStringLiteral("tokens"), tokensJson(usage.tokens) },
        { QStringLiteral("requests"), usage.requests },
        { QStringLiteral("prompts"), prompts.int64(0) },
        { QStringLiteral("tool_errors"), tools.int64(1) },
        { QStringLiteral("api_errors"), errors.int64(0) },
        { QStringLiteral("retries"), errors.int64(1) },
        { QStringLiteral("unpriced_requests"), usage.unpriced },
    };

    // Charts: what a dashboard draws next to the KPIs.
    QJsonArray toolsByName;
    SqliteStatement byName = db.prepare(SessionScope::withCte(
        std::string("SELECT COALESCE(name, ''), COUNT(*), COALESCE(SUM(") + kToolError
        + "), 0) FROM tool_calls WHERE session_id IN (SELECT id FROM scope) GROUP BY 1 ORDER BY 2 DESC, 1"));
    scope.bind(byName);
    while (byName.step())
        toolsByName.append(QJsonObject { { QStringLiteral("name"), byName.text(0) },
            { QStringLiteral("count"), byName.int64(1) }, { QStringLiteral("errors"), byName.int64(2) } });

    // Tokens over time, in the rollup's 15-minute buckets.
    QJsonArray overTime;
    SqliteStatement byBucket = db.prepare(SessionScope::withCte(
        "SELECT bucket, SUM(r.input_tokens + r.output_tokens + r.cache_read_tokens + r.cache_write_5m_tokens "
        "+ r.cache_write_1h_tokens + r.reasoning_tokens), SUM(r.auto_cost), SUM(r.requests) FROM "
        "usage_rollup r WHERE r.session_id IN (SELECT id FROM scope) GROUP BY bucket ORDER BY bucket"));
    scope.bind(byBucket);
    while (byBucket.step())
        overTime.append(
            QJsonObject { { QStringLiteral("time"), ApiJson::isoTime(byBucket.int64(0) * 900000) },
                { QStringLiteral("tokens"), byBucket.int64(1) },
                { QStringLiteral("cost_usd"), usd(byBucket.real(2)) },
                { QStringLiteral("requests"), byBucket.int64(3) } });

    const QJsonObject charts {
        { QStringLiteral("tokens_by_model"), usageByModel(db, scope) },
        { QStringLiteral("tool_calls_by_name"), toolsByName },
        { QStringLiteral("tokens_over_time"), overTime },
        { QStringLiteral("bucket_minutes"), 15 },
    };
    return ApiResponse::ok(
        QJsonObject { { QStringLiteral("meta"), meta }, { QStringLiteral("summary"), summary },
            { QStringLiteral("details"), details }, { QStringLiteral("charts"), charts } });
}

ApiResponse tokens(const SessionRouteRequest& request)
{
    Database& db = request.context.db();
    const Usage usage = SessionFigures::usage(db, request.scope);
    QJsonObject data = request.scope.identity();
    QJsonObject totals = tokensJson(usage.tokens);
    totals.insert(QStringLiteral("requests"), usage.requests);
    totals.insert(QStringLiteral("cost_usd"), usd(usage.cost));
    totals.insert(QStringLiteral("unpriced_requests"), usage.unpriced);
    data.insert(QStringLiteral("totals"), totals);
    data.insert(QStringLiteral("by_model"), usageByModel(db, request.scope));
    return ApiResponse::ok(data);
}

ApiResponse tools(const SessionRouteRequest& request)
{
    QJsonArray list;
    qint64 calls = 0;
    qint64 errors = 0;
    for (const SessionFigures::ToolUsage& tool : SessionFigures::tools(request.context.db(), request.scope)) {
        calls += tool.count;
        errors += tool.errors;
        list.append(QJsonObject {
            { QStringLiteral("name"), tool.name },
            { QStringLiteral("count"), tool.count },
            { QStringLiteral("errors"), tool.errors },
            { QStringLiteral("total_duration_ms"), tool.totalDurationMs },
            { QStringLiteral("avg_duration_ms"),
                tool.avgDurationMs ? QJsonValue(*tool.avgDurationMs) : QJsonValue() },
            { QStringLiteral("pending"), tool.pending },
            { QStringLiteral("first_at"), timeOrNull(tool.firstTs) },
            { QStringLiteral("last_at"), timeOrNull(tool.lastTs) },
        });
    }
    QJsonObject data = request.scope.identity();
    data.insert(QStringLiteral("total_calls"), calls);
    data.insert(QStringLiteral("total_errors"), errors);
    data.insert(QStringLiteral("tools"), list);
    return ApiResponse::ok(data);
}

ApiResponse files(const SessionRouteRequest& request)
{
    QJsonArray list;
    for (const SessionFigures::FileUsage& file : SessionFigures::files(request.context.db(), request.scope)) {
        list.append(QJsonObject {
            { QStringLiteral("path"), file.path },
            { QStringLiteral("total"), file.total },
            { QStringLiteral("reads"), file.reads },
            { QStringLiteral("writes"), file.writes },
            { QStringLiteral("edits"), file.edits },
            { QStringLiteral("searches"), file.searches },
            { QStringLiteral("deletes"), file.deletes },
            { QStringLiteral("first_at"), timeOrNull(file.firstTs) },
            { QStringLiteral("last_at"), timeOrNull(file.lastTs) },
        });
    }
    QJsonObject data = request.scope.identity();
    data.insert(QStringLiteral("total_files"), list.size());
    data.insert(QStringLiteral("files"), list);
    return ApiResponse::ok(data);
}

ApiResponse agents(const SessionRouteRequest& request)
{
    Database& db = request.context.db();
    const SessionScope& scope = request.scope;
    // One row per agent invocation in the tree: the session and every sub-agent session below it.
    const QList<TraceRow> rows = TraceRows::load(
        db, std::string(SessionScope::kCte) + ", ids(id) AS (SELECT id FROM scope)",
        [&scope](SqliteStatement& query) { scope.bind(query); }, "ORDER BY s.first_ts, s.id");

    QHash<qint64, qint64> toolCalls;
    QHash<qint64, int> depth;
    SqliteStatement counts = db.prepare(SessionScope::withCte(
        "SELECT scope.id, scope.depth, (SELECT COUNT(*) FROM tool_calls c WHERE c.session_id = scope.id) "
        "FROM scope"));
    scope.bind(counts);
    while (counts.step()) {
        depth.insert(counts.int64(0), int(counts.int64(1)));
        toolCalls.insert(counts.int64(0), counts.int64(2));
    }

    QJsonArray list;
    struct TypeTotals
    {
        qint64 sessions = 0;
        qint64 tokens = 0;
        double cost = 0;
        qint64 requests = 0;
    };
    QMap<QString, TypeTotals> byType;
    for (const TraceRow& row : rows) {
        const QJsonObject& t = row.json;
        const qint64 tokens = t.value(QStringLiteral("tokens_in")).toInteger()
            + t.value(QStringLiteral("tokens_out")).toInteger();
        const QString agent = t.value(QStringLiteral("subagent_type")).toString();
        list.append(QJsonObject {
            { QStringLiteral("session_id"), t.value(QStringLiteral("trace_id")) },
            { QStringLiteral("parent_session_id"), t.value(QStringLiteral("parent_trace_id")) },
            { QStringLiteral("agent"), agent },
            { QStringLiteral("depth"), depth.value(row.rowId) },
            { QStringLiteral("title"), t.value(QStringLiteral("session_title")) },
            { QStringLiteral("status"), t.value(QStringLiteral("status")) },
            { QStringLiteral("started_at"), t.value(QStringLiteral("started_at")) },
            { QStringLiteral("ended_at"), t.value(QStringLiteral("ended_at")) },
            { QStringLiteral("duration_ms"), t.value(QStringLiteral("duration_ms")) },
            { QStringLiteral("tokens"), tokens },
            { QStringLiteral("tokens_in"), t.value(QStringLiteral("tokens_in")) },
            { QStringLiteral("tokens_out"), t.value(QStringLiteral("tokens_out")) },
            { QStringLiteral("cost_usd"), t.value(QStringLiteral("cost")) },
            { QStringLiteral("requests"), t.value(QStringLiteral("requests")) },
            { QStringLiteral("tool_calls"), toolCalls.value(row.rowId) },
        });
        TypeTotals& type = byType[agent];
        ++type.sessions;
        type.tokens += tokens;
        type.cost += t.value(QStringLiteral("cost")).toDouble();
        type.requests += t.value(QStringLiteral("requests")).toInteger();
    }
    QJsonArray types;
    for (auto it = byType.cbegin(); it != byType.cend(); ++it)
        types.append(QJsonObject { { QStringLiteral("agent"), it.key() },
            { QStringLiteral("sessions"), it->sessions }, { QStringLiteral("tokens"), it->tokens },
            { QStringLiteral("cost_usd"), usd(it->cost) }, { QStringLiteral("requests"), it->requests } });
    QJsonObject data = scope.identity();
    data.insert(QStringLiteral("total_agents"), list.size());
    data.insert(QStringLiteral("agents"), list);
    data.insert(QStringLiteral("by_type"), types);
    return ApiResponse::ok(data);
}

ApiResponse prompts(const SessionRouteRequest& request)
{
    Database& db = request.context.db();
    const SessionScope& scope = request.scope;
    // A sub-agent's first prompt is what its parent asked it (task_prompt); a session started by the
    // user has its first prompts row. Text is NULL when ingest ran with --no-content.
    SqliteStatement own = db.prepare(
        "SELECT s.task_prompt, s.first_ts, s.last_output, s.last_output_ts, (SELECT COUNT(*) FROM prompts pr "
        "WHERE pr.session_id = s.id) FROM sessions s WHERE s.id = ?1");
    own.bind(1, scope.rowId);
    own.step();
    SqliteStatement first
        = db.prepare("SELECT text, ts, length FROM prompts WHERE session_id = ?1 ORDER BY ts, id LIMIT 1");
    first.bind(1, scope.rowId);
    const bool hasPromptRow = first.step();

    QJsonValue firstPrompt;
    if (!own.isNull(0)) {
        firstPrompt = QJsonObject { { QStringLiteral("text"), own.text(0) },
            { QStringLiteral("timestamp"), ApiJson::timeOrNull(own, 1) },
            { QStringLiteral("length"), own.text(0).toUtf8().size() },
            { QStringLiteral("from"), QStringLiteral("task_prompt") } };
    } else if (hasPromptRow) {
        firstPrompt = QJsonObject { { QStringLiteral("text"), ApiJson::textOrNull(first, 0) },
            { QStringLiteral("timestamp"), ApiJson::timeOrNull(first, 1) },
            { QStringLiteral("length"), first.int64(2) },
            { QStringLiteral("from"), QStringLiteral("prompts") } };
    }
    QJsonValue lastResponse;
    if (!own.isNull(2) || !own.isNull(3))
        lastResponse = QJsonObject { { QStringLiteral("text"), ApiJson::textOrNull(own, 2) },
            { QStringLiteral("timestamp"), ApiJson::timeOrNull(own, 3) } };

    QJsonObject data = scope.identity(false);
    data.insert(QStringLiteral("first_prompt"), firstPrompt);
    data.insert(QStringLiteral("last_response"), lastResponse);
    data.insert(QStringLiteral("prompt_count"), own.int64(4));
    return ApiResponse::ok(data);
}

} // namespace

void registerSessionDetailRoutes(ApiRouter& router)
{
    const SessionRouteOptions sums;
    SessionRouteOptions own;
    own.takesChildren = false;
    own.childrenByDefault = false;
    addSessionRoute(router, "summary", sums, summary);
    addSessionRoute(router, "tokens", sums, tokens);
    addSessionRoute(router, "tools", sums, tools);
    addSessionRoute(router, "files", sums, files);
    addSessionRoute(router, "agents", sums, agents);
    addSessionRoute(router, "prompts", own, prompts, ApiRouter::Exec::Inline);
}

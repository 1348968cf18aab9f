// SPDX-License-Identifier: MIT
#include "traceroutes.h"

#include "apicontext.h"
#include "apijson.h"
#include "apirouter.h"
#include "monitorsupport.h"
#include "pagerequest.h"
#include "queryparams.h"
#include "snapshots/sessionscope.h"
#include "store/database.h"
#include "tracerows.h"

#include <algorithm>
#include <QJsonArray>

namespace {

ApiResponse listTraces(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    const int days = MonitorSupport::days(params, 30);
    const PageRequest page = PageRequest::read(params, 500);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());
    Database& db = context.db();
    const qint64 start = context.daysStartMs(days);

    // Traces active in the window, most recent activity first: the order sessions_last_ts already
    // has, so a page is read straight from the index (ordering by started_at would compute it for
    // every trace in the window first).
    const qint64 total = page.cappedTotal(MonitorSupport::sessionsActiveSince(db, start));

    QJsonArray data;
    const qint64 rows = page.rowsToFetch();
    if (rows > 0) {
        const QList<TraceRow> traces = TraceRows::load(
            db,
            "WITH ids(id) AS (SELECT id FROM sessions WHERE last_ts >= ?1 ORDER BY last_ts DESC, id DESC "
            "LIMIT ?2 OFFSET ?3)",
            [&](SqliteStatement& query) {
                query.bind(1, start);
                query.bind(2, rows);
                query.bind(3, page.offset());
            },
            "ORDER BY s.last_ts DESC, s.id DESC");
        for (const TraceRow& trace : traces)
            data.append(trace.json);
    }
    return ApiResponse::page(data, page, total);
}

ApiResponse traceDetail(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    const QString source = MonitorSupport::source(params);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());
    Database& db = context.db();
    // A trace id is its session's external id (the traces view), resolved like /api/session/<id>.
    const QString id = request.args.value(0);
    const std::optional<SessionScope> scope = SessionScope::find(db, id, source, false);
    if (!scope)
        return ApiResponse::notFound(QStringLiteral("no trace with id '%1'").arg(id));
    const auto bindRow = [&scope](SqliteStatement& query) { query.bind(1, scope->rowId); };

    const QList<TraceRow> self = TraceRows::load(db, "WITH ids(id) AS (SELECT ?1)", bindRow, {});
    if (self.isEmpty())
        return ApiResponse::notFound(QStringLiteral("no trace with id '%1'").arg(id));
    QJsonObject data = self.first().json;
    data.insert(QStringLiteral("sources_with_id"), scope->sourcesWithId);

    // Children: the traces this one invoked (its direct sub-agents), in the order they started.
    const QList<TraceRow> children
        = TraceRows::load(db, "WITH ids(id) AS (SELECT id FROM sessions WHERE parent_id = ?1)", bindRow, {});
    QList<TraceRow> sorted = children;
    std::stable_sort(sorted.begin(), sorted.end(),
        [](const TraceRow& a, const TraceRow& b) { return a.startedAt < b.startedAt; });
    QJsonArray childArray;
    for (const TraceRow& child : std::as_const(sorted))
        childArray.append(TraceRows::childJson(child));
    data.insert(QStringLiteral("children"), childArray);

    // Tools: the calls the invoked agent made itself (its session's, not its sub-agents').
    QJsonArray toolArray;
    for (const TraceRecords::ToolCall& call :
        TraceRecords::toolCalls(db, "WITH ids(id) AS (SELECT ?1)", bindRow))
        toolArray.append(TraceRows::toolJson(call));
    data.insert(QStringLiteral("tools"), toolArray);
    return ApiResponse::ok(data);
}

ApiResponse tracingTree(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    const int days = MonitorSupport::days(params, 30);
    const bool includeTools = params.boolean("include_tools", true);
    // Not in the seed: a bound on the roots, so that a year of history cannot become one huge answer.
    const int limit = params.integer("limit", 200, 1, 5000);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());
    Database& db = context.db();
    const qint64 start = context.daysStartMs(days);

    // A tree belongs to the window when its root session was active in it; its sub-agents come along
    // whatever their times. "+parent_id": without it SQLite reads every root through sessions_parent
    // and sorts them, instead of walking sessions_last_ts from the newest.
    SqliteStatement count
        = db.prepare("SELECT COUNT(*) FROM sessions WHERE last_ts >= ?1 AND +parent_id IS NULL");
    count.bind(1, start);
    const qint64 totalRoots = count.step() ? count.int64(0) : 0;

    const std::string idsCte
        = "WITH RECURSIVE roots(id) AS (SELECT id FROM sessions WHERE last_ts >= ?1 AND +parent_id IS NULL "
          "ORDER BY last_ts DESC, id DESC LIMIT ?2), ids(id, depth) AS (SELECT id, 0 FROM roots UNION ALL "
          "SELECT s.id, ids.depth + 1 FROM sessions s JOIN ids ON s.parent_id = ids.id WHERE ids.depth < 64)";
    const auto bind = [&](SqliteStatement& query) {
        query.bind(1, start);
        query.bind(2, limit);
    };
    const QList<TraceRow> rows = TraceRows::load(db, idsCte, bind, {});

    QHash<qint64, QJsonArray> tools;
    if (includeTools) {
        for (const TraceRecords::ToolCall& call : TraceRecords::toolCalls(db, idsCte, bind))
            tools[call.sessionRowId].append(TraceRows::toolJson(call));
    }

    QHash<qint64, QList<const TraceRow*>> childrenOf;
    QList<const TraceRow*> roots;
    QSet<qint64> inTree;
    for (const TraceRow& row : rows)
        inTree.insert(row.rowId);
    for (const TraceRow& row : rows) {
        if (row.parentRowId != 0 && inTree.contains(row.parentRowId))
            childrenOf[row.parentRowId].append(&row);
        else
            roots.append(&row);
    }
    const auto byStart = [](const TraceRow* a, const TraceRow* b) { return a->startedAt < b->startedAt; };
    std::function<QJsonObject(const TraceRow*)> build = [&](const TraceRow* row) {
        QJsonObject node = row->json;
        QList<const TraceRow*> children = childrenOf.value(row->rowId);
        std::stable_sort(children.begin(), children.end(), byStart);
        QJsonArray childArray;
        for (const TraceRow* child : std::as_const(children))
            childArray.append(build(child));
        node.insert(QStringLiteral("children"), childArray);
        if (includeTools)
            node.insert(QStringLiteral("tools"), tools.value(row->rowId));
        return node;
    };
    // Roots newest first, as in /api/traces.
    std::stable_sort(roots.begin(), roots.end(), [](const TraceRow* a, const TraceRow* b) {
        return a->lastTs != b->lastTs ? a->lastTs > b->lastTs : a->rowId > b->rowId;
    });
    QJsonArray data;
    for (const TraceRow* root : std::as_const(roots))
        data.append(build(root));
    return ApiResponse::ok(data,
        QJsonObject { { QStringLiteral("total_roots"), totalRoots }, { QStringLiteral("roots"), data.size() },
            { QStringLiteral("limit"), limit }, { QStringLiteral("include_tools"), includeTools } });
}

ApiResponse listDelegations(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    const int days = MonitorSupport::days(params, 30);
    const PageRequest page = PageRequest::read(params, 1000);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());
    Database& db = context.db();
    const qint64 start = context.daysStartMs(days);

    // Delegations whose sub-agent was active in the window, most recent first (the delegations view's
    // rows, computed for one page only).
    SqliteStatement count
        = db.prepare("SELECT COUNT(*) FROM sessions WHERE last_ts >= ?1 AND parent_id IS NOT NULL");
    count.bind(1, start);
    const qint64 total = page.cappedTotal(count.step() ? count.int64(0) : 0);

    QJsonArray data;
    const qint64 rows = page.rowsToFetch();
    if (rows > 0) {
        SqliteStatement query = db.prepare(
            "WITH page AS (SELECT id FROM sessions WHERE last_ts >= ?1 AND parent_id IS NOT NULL ORDER BY "
            "last_ts DESC, id DESC LIMIT ?2 OFFSET ?3) SELECT s.id, p.external_id, COALESCE(p.agent, "
            "'main'), COALESCE(s.agent, 'main'), s.external_id, COALESCE(tc.start_ts, s.first_ts), so.name, "
            "tc.tool_use_id, tc.name, s.title FROM page CROSS JOIN sessions s ON s.id = page.id JOIN "
            "sessions p ON p.id = s.parent_id JOIN sources so ON so.id = s.source_id LEFT JOIN tool_calls tc "
            "ON tc.id = (SELECT c.id FROM tool_calls c WHERE c.child_session_id = s.id ORDER BY c.id LIMIT "
            "1) ORDER BY s.last_ts DESC, s.id DESC");
        query.bind(1, start);
        query.bind(2, rows);
        query.bind(3, page.offset());
        while (query.step())
            data.append(QJsonObject {
                { QStringLiteral("id"), query.int64(0) },
                { QStringLiteral("parent_session_id"), query.text(1) },
                { QStringLiteral("parent_agent"), query.text(2) },
                { QStringLiteral("child_agent"), query.text(3) },
                { QStringLiteral("child_session_id"), query.text(4) },
                { QStringLiteral("created_at"), ApiJson::timeOrNull(query, 5) },
                { QStringLiteral("source"), query.text(6) },
                { QStringLiteral("tool_use_id"), ApiJson::textOrNull(query, 7) },
                { QStringLiteral("tool_name"), ApiJson::textOrNull(query, 8) },
                { QStringLiteral("child_title"), ApiJson::textOrNull(query, 9) },
            });
    }
    return ApiResponse::page(data, page, total);
}

} // namespace

void registerTraceRoutes(ApiRouter& router)
{
    router.get(QStringLiteral("/api/traces"), listTraces, ApiRouter::Exec::Inline,
        ApiRouter::Cache::UntilDataChanges);
    router.get(QStringLiteral("/api/trace/<arg>"), traceDetail, ApiRouter::Exec::Inline,
        ApiRouter::Cache::UntilDataChanges);
    router.get(QStringLiteral("/api/tracing/tree"), tracingTree, ApiRouter::Exec::Pool,
        ApiRouter::Cache::UntilDataChanges);
    router.get(QStringLiteral("/api/delegations"), listDelegations, ApiRouter::Exec::Inline,
        ApiRouter::Cache::UntilDataChanges);
}

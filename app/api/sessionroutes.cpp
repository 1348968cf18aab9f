// SPDX-License-Identifier: MIT
#include "sessionroutes.h"

#include "apicontext.h"
#include "apijson.h"
#include "apirouter.h"
#include "monitorsupport.h"
#include "pagerequest.h"
#include "queryparams.h"
#include "store/database.h"
#include "store/likepattern.h"

#include <QJsonArray>

namespace {

// A page of sessions active since ?1, newest first (?2 rows from ?3): the page is cut from
// sessions_last_ts before anything is joined or summed, and CROSS JOIN keeps SQLite from walking the
// whole index to produce the final order itself. t is the session's own usage (its sub-agents are
// rows of their own).
constexpr const char* kPageSql
    = "WITH page AS (SELECT id FROM sessions WHERE last_ts >= ?1 ORDER BY last_ts DESC, id DESC LIMIT ?2 "
      "OFFSET ?3), totals AS (SELECT r.session_id AS session_id, SUM(r.input_tokens + r.output_tokens + "
      "r.cache_read_tokens + r.cache_write_5m_tokens + r.cache_write_1h_tokens + r.reasoning_tokens) AS "
      "tokens, SUM(r.auto_cost) AS cost, SUM(r.requests) AS requests FROM usage_rollup r WHERE r.session_id "
      "IN (SELECT id FROM page) GROUP BY r.session_id) SELECT s.external_id, s.title, COALESCE(s.cwd, "
      "pj.path), s.first_ts, s.last_ts, so.name, par.external_id, COALESCE(s.agent, 'main'), "
      "COALESCE(t.tokens, 0), COALESCE(t.cost, 0), COALESCE(t.requests, 0), s.status, s.git_branch, pj.name "
      "FROM page CROSS JOIN sessions s ON s.id = page.id JOIN sources so ON so.id = s.source_id LEFT JOIN "
      "projects pj ON pj.id = s.project_id LEFT JOIN sessions par ON par.id = s.parent_id LEFT JOIN totals t "
      "ON t.session_id = s.id ORDER BY s.last_ts DESC, s.id DESC";

QJsonObject sessionJson(const SqliteStatement& row)
{
    return QJsonObject {
        { QStringLiteral("id"), row.text(0) },
        { QStringLiteral("title"), ApiJson::textOrNull(row, 1) },
        { QStringLiteral("directory"), ApiJson::textOrNull(row, 2) },
        { QStringLiteral("created_at"), ApiJson::timeOrNull(row, 3) },
        { QStringLiteral("updated_at"), ApiJson::timeOrNull(row, 4) },
        { QStringLiteral("source"), row.text(5) },
        { QStringLiteral("parent_id"), ApiJson::textOrNull(row, 6) },
        { QStringLiteral("agent"), row.text(7) },
        { QStringLiteral("tokens"), row.int64(8) },
        { QStringLiteral("cost"), MonitorSupport::usd(row.real(9)) },
        { QStringLiteral("requests"), row.int64(10) },
        { QStringLiteral("status"), ApiJson::textOrNull(row, 11) },
        { QStringLiteral("git_branch"), ApiJson::textOrNull(row, 12) },
        { QStringLiteral("project"), ApiJson::textOrNull(row, 13) },
    };
}

ApiResponse listSessions(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    const int days = MonitorSupport::days(params, 30);
    const PageRequest page = PageRequest::read(params, 100);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());
    Database& db = context.db();
    const qint64 start = context.daysStartMs(days);

    // "Active in the window": sessions_last_ts answers both the count and the page.
    const qint64 total = page.cappedTotal(MonitorSupport::sessionsActiveSince(db, start));

    QJsonArray data;
    const qint64 rows = page.rowsToFetch();
    if (rows > 0) {
        SqliteStatement query = db.prepare(kPageSql);
        query.bind(1, start);
        query.bind(2, rows);
        query.bind(3, page.offset());
        while (query.step())
            data.append(sessionJson(query));
    }
    return ApiResponse::page(data, page, total);
}

ApiResponse searchSessions(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    const QString q = params.text("q").trimmed();
    // Capped like per_page rather than refused: the seed gives no maximum.
    const int limit = qMin(params.integer("limit", 20, 1, 1000000), PageRequest::kMaxPerPage);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());

    // Newest first through sessions_last_ts, stopping at `limit` matches: a common word answers at
    // once, a rare one reads every session (this runs on the report pool). Sessions without a time
    // (placeholders of a parent never read) sort last, as NULL is the smallest value. LIKE is
    // case-insensitive for ASCII only.
    Database& db = context.db();
    SqliteStatement query = db.prepare(
        "SELECT s.external_id, s.title, COALESCE(s.cwd, pj.path), s.first_ts, s.last_ts, so.name, "
        "par.external_id, COALESCE(s.agent, 'main'), (SELECT COUNT(*) FROM prompts pr WHERE pr.session_id = "
        "s.id), (SELECT COALESCE(SUM(r.requests), 0) FROM usage_rollup r WHERE r.session_id = s.id), (SELECT "
        "COALESCE(SUM(r.input_tokens + r.output_tokens + r.cache_read_tokens + r.cache_write_5m_tokens + "
        "r.cache_write_1h_tokens + r.reasoning_tokens), 0) FROM usage_rollup r WHERE r.session_id = s.id), "
        "s.title LIKE ?1 ESCAPE '\\', COALESCE(s.cwd, pj.path) LIKE ?1 ESCAPE '\\', (s.task_prompt LIKE ?1 "
        "ESCAPE '\\' OR EXISTS (SELECT 1 FROM prompts pr WHERE pr.session_id = s.id AND pr.text LIKE ?1 "
        "ESCAPE '\\')) FROM sessions s JOIN sources so ON so.id = s.source_id LEFT JOIN projects pj ON pj.id "
        "= s.project_id LEFT JOIN sessions par ON par.id = s.parent_id WHERE ?2 = '' OR s.title LIKE ?1 "
        "ESCAPE '\\' OR COALESCE(s.cwd, pj.path) LIKE ?1 ESCAPE '\\' OR s.task_prompt LIKE ?1 ESCAPE '\\' OR "
        "EXISTS (SELECT 1 FROM prompts pr WHERE pr.session_id = s.id AND pr.text LIKE ?1 ESCAPE '\\') ORDER "
        "BY s.last_ts DESC, s.id DESC LIMIT ?3");
    query.bind(1, LikePattern::contains(q));
    query.bind(2, q);
    query.bind(3, limit);
    QJsonArray data;
    while (query.step()) {
        QJsonArray matched;
        if (!q.isEmpty()) {
            if (query.int64(11) == 1)
                matched.append(QStringLiteral("title"));
            if (query.int64(12) == 1)
                matched.append(QStringLiteral("directory"));
            if (query.int64(13) == 1)
                matched.append(QStringLiteral("prompt"));
        }
        data.append(QJsonObject {
            { QStringLiteral("id"), query.text(0) },
            { QStringLiteral("title"), ApiJson::textOrNull(query, 1) },
            { QStringLiteral("directory"), ApiJson::textOrNull(query, 2) },
            { QStringLiteral("created_at"), ApiJson::timeOrNull(query, 3) },
            { QStringLiteral("updated_at"), ApiJson::timeOrNull(query, 4) },
            // Messages: the user's prompts and the model's billed replies (one per request).
            { QStringLiteral("message_count"), query.int64(8) + query.int64(9) },
            { QStringLiteral("total_tokens"), query.int64(10) },
            { QStringLiteral("source"), query.text(5) },
            { QStringLiteral("parent_id"), ApiJson::textOrNull(query, 6) },
            { QStringLiteral("agent"), query.text(7) },
            { QStringLiteral("matched"), matched },
        });
    }
    return ApiResponse::ok(data);
}

} // namespace

void registerSessionRoutes(ApiRouter& router)
{
    router.get(QStringLiteral("/api/sessions"), listSessions, ApiRouter::Exec::Inline,
        ApiRouter::Cache::UntilDataChanges);
    router.get(QStringLiteral("/api/sessions/search"), searchSessions, ApiRouter::Exec::Pool,
        ApiRouter::Cache::UntilDataChanges);
}

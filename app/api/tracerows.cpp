// SPDX-License-Identifier: MIT
#include "tracerows.h"

#include "apijson.h"
#include "monitorsupport.h"
#include "store/database.h"

namespace TraceRows {

QList<TraceRow> load(Database& db, const std::string& idsCte, const Binder& bind, const std::string& orderBy)
{
    // Each expression is the view's, so that a page here and a row of the view always agree.
    const std::string sql = idsCte
        + ", totals AS (SELECT r.session_id AS session_id, SUM(r.input_tokens + r.cache_read_tokens + "
          "r.cache_write_5m_tokens + r.cache_write_1h_tokens) AS tokens_in, SUM(r.output_tokens + "
          "r.reasoning_tokens) AS tokens_out, SUM(r.auto_cost) AS cost, SUM(r.requests) AS requests FROM "
          "usage_rollup r WHERE r.session_id IN (SELECT id FROM ids) GROUP BY r.session_id) SELECT s.id, "
          "COALESCE(s.parent_id, 0), so.name, s.external_id, COALESCE(p.external_id, s.external_id), "
          "p.external_id, CASE WHEN s.parent_id IS NULL THEN 'user' ELSE COALESCE(p.agent, 'main') END, "
          "COALESCE(s.agent, 'main'), COALESCE(tc.start_ts, s.first_ts), COALESCE(s.last_ts, tc.end_ts), "
          "COALESCE(t.tokens_in, 0), COALESCE(t.tokens_out, 0), COALESCE(t.cost, 0), COALESCE(t.requests, "
          "0), COALESCE(s.status, CASE tc.status WHEN 'pending' THEN 'running' ELSE tc.status END, "
          "'completed'), COALESCE(s.task_prompt, (SELECT pr.text FROM prompts pr WHERE pr.session_id = s.id "
          "ORDER BY pr.ts, pr.id LIMIT 1)), s.last_output, s.title, s.cwd, COALESCE(s.last_ts, 0) FROM ids "
          "CROSS JOIN sessions s ON s.id = ids.id JOIN sources so ON so.id = s.source_id LEFT JOIN sessions "
          "p ON p.id = s.parent_id LEFT JOIN totals t ON t.session_id = s.id LEFT JOIN tool_calls tc ON "
          "tc.id = (SELECT c.id FROM tool_calls c WHERE c.child_session_id = s.id ORDER BY c.id LIMIT 1) "
        + orderBy;
    SqliteStatement query = db.prepare(sql);
    bind(query);
    QList<TraceRow> rows;
    while (query.step()) {
        TraceRow row;
        row.rowId = query.int64(0);
        row.parentRowId = query.int64(1);
        row.startedAt = query.isNull(8) ? 0 : query.int64(8);
        row.lastTs = query.int64(19);
        const bool isChild = row.parentRowId != 0;
        QJsonValue duration;
        if (!query.isNull(8) && !query.isNull(9))
            duration = query.int64(9) - query.int64(8);
        row.json = QJsonObject {
            { QStringLiteral("trace_id"), query.text(3) },
            { QStringLiteral("session_id"), query.text(4) },
            { QStringLiteral("parent_trace_id"), ApiJson::textOrNull(query, 5) },
            { QStringLiteral("parent_agent"), query.text(6) },
            { QStringLiteral("subagent_type"), query.text(7) },
            { QStringLiteral("started_at"), ApiJson::timeOrNull(query, 8) },
            { QStringLiteral("ended_at"), ApiJson::timeOrNull(query, 9) },
            { QStringLiteral("duration_ms"), duration },
            { QStringLiteral("tokens_in"), query.int64(10) },
            { QStringLiteral("tokens_out"), query.int64(11) },
            { QStringLiteral("status"), query.text(14) },
            { QStringLiteral("prompt_input"), ApiJson::textOrNull(query, 15) },
            { QStringLiteral("prompt_output"), ApiJson::textOrNull(query, 16) },
            { QStringLiteral("child_session_id"), isChild ? QJsonValue(query.text(3)) : QJsonValue() },
            { QStringLiteral("session_title"), ApiJson::textOrNull(query, 17) },
            { QStringLiteral("session_directory"), ApiJson::textOrNull(query, 18) },
            { QStringLiteral("source"), query.text(2) },
            { QStringLiteral("cost"), MonitorSupport::usd(query.real(12)) },
            { QStringLiteral("requests"), query.int64(13) },
        };
        rows.append(row);
    }
    return rows;
}

QJsonObject childJson(const TraceRow& row)
{
    QJsonObject child;
    for (const char* key : { "trace_id", "subagent_type", "status", "duration_ms", "started_at", "ended_at",
             "tokens_in", "tokens_out", "cost", "child_session_id" })
        child.insert(QLatin1String(key), row.json.value(QLatin1String(key)));
    return child;
}

} // namespace TraceRows

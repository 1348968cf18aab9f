// SPDX-License-Identifier: MIT
#include "tracerecords.h"

#include "reports/costcolumns.h"
#include "store/database.h"
#include "store/optionalcolumn.h"

QList<TraceRecords::Session> TraceRecords::sessions(Database& db, const std::string& idsCte,
    const Binder& bind, const std::string& orderBy, ReportOptions::CostMode mode)
{
    // Each expression is the view's, so that a page here and a row of the view always agree.
    const std::string sql = idsCte
        + ", totals AS (SELECT r.session_id AS session_id, SUM(r.input_tokens + r.cache_read_tokens + "
          "r.cache_write_5m_tokens + r.cache_write_1h_tokens) AS tokens_in, SUM(r.output_tokens + "
          "r.reasoning_tokens) AS tokens_out, SUM("
        + CostColumns::rollupCost(mode, "r")
        + ") AS cost, SUM(r.requests) AS requests FROM "
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
    QList<Session> rows;
    while (query.step()) {
        Session row;
        row.rowId = query.int64(0);
        row.parentRowId = query.int64(1);
        row.source = query.text(2);
        row.traceId = query.text(3);
        row.sessionId = query.text(4);
        row.parentTraceId = OptionalColumn::text(query, 5);
        row.parentAgent = query.text(6);
        row.agent = query.text(7);
        row.startedAt = OptionalColumn::int64(query, 8);
        row.endedAt = OptionalColumn::int64(query, 9);
        row.tokensIn = query.int64(10);
        row.tokensOut = query.int64(11);
        row.cost = query.real(12);
        row.requests = query.int64(13);
        row.status = query.text(14);
        row.promptInput = OptionalColumn::text(query, 15);
        row.promptOutput = OptionalColumn::text(query, 16);
        row.title = OptionalColumn::text(query, 17);
        row.directory = OptionalColumn::text(query, 18);
        row.lastTs = query.int64(19);
        rows.append(row);
    }
    return rows;
}

QList<TraceRecords::ToolCall> TraceRecords::toolCalls(
    Database& db, const std::string& idsCte, const Binder& bind)
{
    SqliteStatement query = db.prepare(idsCte
        + " SELECT c.id, c.session_id, c.name, c.status, c.duration_ms, c.start_ts, c.end_ts, c.tool_use_id, "
          "c.is_error, c.file_path, COALESCE(ch.id, 0), ch.external_id FROM tool_calls c LEFT JOIN sessions "
          "ch "
          "ON ch.id = c.child_session_id WHERE c.session_id IN (SELECT id FROM ids) ORDER BY c.session_id, "
          "c.start_ts IS NULL, c.start_ts, c.id");
    bind(query);
    QList<ToolCall> calls;
    while (query.step()) {
        ToolCall call;
        call.rowId = query.int64(0);
        call.sessionRowId = query.int64(1);
        call.name = OptionalColumn::text(query, 2);
        call.status = query.text(3);
        call.durationMs = OptionalColumn::int64(query, 4);
        call.startedAt = OptionalColumn::int64(query, 5);
        call.endedAt = OptionalColumn::int64(query, 6);
        call.toolUseId = query.text(7);
        call.isError = query.int64(8) != 0 || call.status == QLatin1String("error");
        call.filePath = OptionalColumn::text(query, 9);
        call.childRowId = query.int64(10);
        call.childSessionId = OptionalColumn::text(query, 11);
        calls.append(call);
    }
    return calls;
}

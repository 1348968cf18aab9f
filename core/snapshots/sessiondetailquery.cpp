// SPDX-License-Identifier: MIT
#include "sessiondetailquery.h"

#include "reports/costcolumns.h"
#include "sessionscope.h"
#include "store/database.h"

#include <algorithm>
#include <limits>

namespace {

// Returns the task the parent agent gave a sub-agent session (task_prompt), when stored.
std::optional<QString> loadIdentity(Database& db, SessionDetail& detail)
{
    // A sub-agent's status, when it recorded none, is that of the tool call that spawned it.
    SqliteStatement own = db.prepare(
        "SELECT s.external_id, so.name, COALESCE(s.agent, 'main'), s.title, COALESCE(s.cwd, pj.path), "
        "s.git_branch, s.agent_version, par.external_id, COALESCE(s.status, CASE tc.status WHEN 'pending' "
        "THEN 'running' ELSE tc.status END, 'completed'), s.first_ts, s.last_ts, s.task_prompt, "
        "s.last_output, s.last_output_ts FROM sessions s JOIN sources so ON so.id = s.source_id LEFT JOIN "
        "projects pj ON pj.id = s.project_id LEFT JOIN sessions par ON par.id = s.parent_id LEFT JOIN "
        "tool_calls tc ON tc.id = (SELECT c.id FROM tool_calls c WHERE c.child_session_id = s.id ORDER BY "
        "c.id LIMIT 1) WHERE s.id = "
        "?1");
    own.bind(1, detail.rowId);
    if (!own.step())
        return std::nullopt;
    detail.found = true;
    detail.externalId = own.text(0);
    detail.source = own.text(1);
    detail.agent = own.text(2);
    detail.title = own.text(3);
    detail.cwd = own.text(4);
    detail.gitBranch = own.text(5);
    detail.agentVersion = own.text(6);
    detail.parentExternalId = own.text(7);
    detail.status = own.text(8);
    detail.firstTs = own.optionalInt64(9);
    detail.lastTs = own.optionalInt64(10);
    if (!own.isNull(12))
        detail.messages.append({ SessionDetail::Message::Assistant, own.optionalInt64(13), own.text(12) });
    return own.isNull(11) ? std::nullopt : std::optional<QString>(own.text(11));
}

void loadTree(Database& db, const SessionScope& tree, SessionDetail& detail, ReportOptions::CostMode mode)
{
    SqliteStatement sessions = db.prepare(SessionScope::withCte(
        "SELECT COUNT(*) - 1, MAX(s.last_ts) FROM scope JOIN sessions s ON s.id = scope.id"));
    tree.bind(sessions);
    sessions.step();
    detail.subAgentSessions = sessions.int64(0);
    detail.treeLastTs = sessions.optionalInt64(1);

    SqliteStatement tools = db.prepare(SessionScope::withCte(std::string("SELECT COUNT(*), COALESCE(SUM(")
        + SessionFigures::kToolError + "), 0) FROM tool_calls WHERE session_id IN (SELECT id FROM scope)"));
    tree.bind(tools);
    tools.step();
    detail.toolCalls = tools.int64(0);
    detail.toolErrors = tools.int64(1);

    SqliteStatement errors = db.prepare(SessionScope::withCte(
        "SELECT COUNT(*) FROM agent_events WHERE kind = 'error' AND session_id IN (SELECT id FROM scope)"));
    tree.bind(errors);
    errors.step();
    detail.apiErrors = errors.int64(0);

    // Per agent: every session of the tree under its own agent name.
    SqliteStatement agents = db.prepare(SessionScope::withCte(
        std::string("SELECT COALESCE(s.agent, 'main'), COUNT(DISTINCT s.id), COALESCE(SUM(r.requests), 0), "
                    "COALESCE(")
        + SessionFigures::kRollupTokenSum + ", 0), COALESCE(SUM(" + CostColumns::rollupCost(mode, "r")
        + "), 0) FROM scope JOIN sessions s ON s.id = scope.id LEFT JOIN usage_rollup r ON r.session_id = "
          "s.id GROUP BY 1 ORDER BY 5 DESC, 1"));
    tree.bind(agents);
    while (agents.step())
        detail.byAgent.append(
            { agents.text(0), agents.int64(1), agents.int64(2), agents.int64(3), agents.real(4) });

    detail.withSubAgents = SessionFigures::usage(db, tree, mode);
    detail.byModel = SessionFigures::usageByModel(db, tree, mode);
    detail.tools = SessionFigures::tools(db, tree);
    detail.files = SessionFigures::files(db, tree);
}

void loadPrompts(Database& db, SessionDetail& detail, const std::optional<QString>& task)
{
    if (task) {
        detail.prompts.append({ detail.firstTs, *task, task->toUtf8().size(), true });
        detail.messages.append({ SessionDetail::Message::User, detail.firstTs, *task });
    }
    SqliteStatement prompts
        = db.prepare("SELECT ts, text, length FROM prompts WHERE session_id = ?1 ORDER BY ts, id");
    prompts.bind(1, detail.rowId);
    while (prompts.step()) {
        SessionDetail::Prompt prompt;
        prompt.ts = prompts.optionalInt64(0);
        if (!prompts.isNull(1)) {
            prompt.text = prompts.text(1);
            // Most sources also log the task as the sub-agent's first prompt: list it once.
            if (task && detail.prompts.size() == 1 && prompt.text == task)
                continue;
            detail.messages.append({ SessionDetail::Message::User, prompt.ts, *prompt.text });
        }
        prompt.length = prompts.int64(2);
        detail.prompts.append(prompt);
    }
    detail.contentStored = !detail.messages.isEmpty();
    std::stable_sort(detail.messages.begin(), detail.messages.end(),
        [](const SessionDetail::Message& a, const SessionDetail::Message& b) {
            return a.ts.value_or(std::numeric_limits<qint64>::max())
                < b.ts.value_or(std::numeric_limits<qint64>::max());
        });
}

// Requests, tool calls, errors and retries in one ordered statement, cut at the limit in SQL: a long
// session has tens of thousands of requests. Entries without a time come last.
void loadTimeline(Database& db, SessionDetail& detail, ReportOptions::CostMode mode)
{
    const std::string entries
        = "SELECT ts, 0 AS kind, id, model AS name, NULL AS message, input_tokens + output_tokens + "
          "cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens + reasoning_tokens AS tokens, "
        + CostColumns::recordCost(mode)
        + " AS cost, latency_ms AS duration, 0 AS failed FROM "
          "usage_records WHERE session_id = ?1 UNION ALL SELECT start_ts, 1, id, name, status, 0, NULL, "
          "duration_ms, (is_error <> 0 OR status = 'error') FROM tool_calls WHERE session_id = ?1 UNION ALL "
          "SELECT ts, CASE kind WHEN 'retry' THEN 3 ELSE 2 END, id, model, message, 0, NULL, NULL, kind = "
          "'error' FROM agent_events WHERE "
          "session_id = ?1";
    SqliteStatement count = db.prepare("SELECT COUNT(*) FROM (" + entries + ")");
    count.bind(1, detail.rowId);
    count.step();
    detail.timelineTotal = count.int64(0);

    SqliteStatement rows
        = db.prepare("SELECT * FROM (" + entries + ") ORDER BY ts IS NULL, ts, kind, id LIMIT ?2");
    rows.bind(1, detail.rowId);
    rows.bind(2, SessionDetail::kTimelineLimit);
    while (rows.step()) {
        SessionDetail::TimelineEntry entry;
        entry.ts = rows.optionalInt64(0);
        entry.kind = SessionDetail::TimelineEntry::Kind(rows.int64(1));
        entry.name = rows.text(3);
        entry.message = rows.text(4);
        entry.tokens = rows.int64(5);
        entry.cost = rows.optionalReal(6);
        entry.durationMs = rows.optionalInt64(7);
        entry.isError = rows.int64(8) != 0;
        detail.timeline.append(entry);
    }
}

} // namespace

SessionDetail SessionDetailQuery::load(Database& db, qint64 rowId, ReportOptions::CostMode mode)
{
    SessionDetail detail;
    detail.rowId = rowId;
    const std::optional<QString> task = loadIdentity(db, detail);
    if (!detail.found)
        return detail;

    SessionScope own;
    own.rowId = rowId;
    own.includeChildren = false;
    detail.own = SessionFigures::usage(db, own, mode);
    for (const SessionFigures::ModelUsage& model : SessionFigures::usageByModel(db, own))
        if (!model.model.isEmpty())
            detail.models.append(model.model);

    SessionScope tree = own;
    tree.includeChildren = true;
    loadTree(db, tree, detail, mode);
    loadPrompts(db, detail, task);
    loadTimeline(db, detail, mode);
    return detail;
}

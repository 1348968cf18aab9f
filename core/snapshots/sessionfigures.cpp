// SPDX-License-Identifier: MIT
#include "sessionfigures.h"

#include "reports/costcolumns.h"
#include "sessionscope.h"
#include "store/database.h"
#include "store/tokencolumns.h"

#include <algorithm>

namespace {

// Columns: the six token buckets, requests, cost, unpriced.
SessionFigures::Usage readUsage(const SqliteStatement& row, int first)
{
    SessionFigures::Usage usage;
    usage.tokens = TokenColumns::read(row, first);
    usage.requests = row.int64(first + 6);
    usage.cost = row.real(first + 7);
    usage.unpriced = row.int64(first + 8);
    return usage;
}

} // namespace

SessionFigures::Usage SessionFigures::usage(
    Database& db, const SessionScope& scope, ReportOptions::CostMode mode)
{
    SqliteStatement query = db.prepare(
        SessionScope::withCte("SELECT COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), "
                              "COALESCE(SUM(cache_read_tokens), 0), COALESCE(SUM(cache_write_5m_tokens), 0), "
                              "COALESCE(SUM(cache_write_1h_tokens), 0), COALESCE(SUM(reasoning_tokens), 0), "
                              "COALESCE(SUM(requests), 0), COALESCE(SUM("
            + CostColumns::rollupCost(mode) + "), 0), COALESCE(SUM(" + CostColumns::rollupUnpriced(mode)
            + "), 0) FROM usage_rollup WHERE session_id IN (SELECT id FROM scope)"));
    scope.bind(query);
    return query.step() ? readUsage(query, 0) : Usage();
}

QList<SessionFigures::ModelUsage> SessionFigures::usageByModel(
    Database& db, const SessionScope& scope, ReportOptions::CostMode mode)
{
    SqliteStatement query = db.prepare(SessionScope::withCte(
        "SELECT model, SUM(input_tokens), SUM(output_tokens), SUM(cache_read_tokens), "
        "SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), SUM(reasoning_tokens), SUM(requests), SUM("
        + CostColumns::rollupCost(mode) + "), SUM(" + CostColumns::rollupUnpriced(mode)
        + ") FROM usage_rollup WHERE session_id IN (SELECT id FROM scope) GROUP BY model"));
    scope.bind(query);
    QList<ModelUsage> models;
    while (query.step())
        models.append(ModelUsage { query.text(0), readUsage(query, 1) });
    std::sort(models.begin(), models.end(), [](const ModelUsage& a, const ModelUsage& b) {
        const qint64 ta = a.usage.tokens.total();
        const qint64 tb = b.usage.tokens.total();
        return ta != tb ? ta > tb : a.model < b.model;
    });
    return models;
}

QList<SessionFigures::ToolUsage> SessionFigures::tools(Database& db, const SessionScope& scope)
{
    SqliteStatement query = db.prepare(
        SessionScope::withCte(std::string("SELECT COALESCE(name, ''), COUNT(*), COALESCE(SUM(") + kToolError
            + "), 0), COALESCE(SUM(duration_ms), 0), AVG(duration_ms), COALESCE(SUM(status = 'pending'), 0), "
              "MIN(start_ts), MAX(COALESCE(end_ts, start_ts)) FROM tool_calls WHERE session_id IN (SELECT id "
              "FROM scope) GROUP BY 1 ORDER BY 2 DESC, 1"));
    scope.bind(query);
    QList<ToolUsage> tools;
    while (query.step()) {
        ToolUsage tool;
        tool.name = query.text(0);
        tool.count = query.int64(1);
        tool.errors = query.int64(2);
        tool.totalDurationMs = query.int64(3);
        if (!query.isNull(4))
            tool.avgDurationMs = qRound64(query.real(4));
        tool.pending = query.int64(5);
        tool.firstTs = query.optionalInt64(6);
        tool.lastTs = query.optionalInt64(7);
        tools.append(tool);
    }
    return tools;
}

QList<SessionFigures::FileUsage> SessionFigures::files(Database& db, const SessionScope& scope)
{
    SqliteStatement query = db.prepare(
        SessionScope::withCte(std::string("SELECT path, COUNT(*), SUM(operation = 'read'), SUM(operation = "
                                          "'write'), SUM(operation = 'edit'), SUM(operation = 'search'), "
                                          "SUM(operation = 'delete'), MIN(ts), MAX(ts) FROM ")
            + kScopeFileTouches + " GROUP BY path ORDER BY 2 DESC, path"));
    scope.bind(query);
    QList<FileUsage> files;
    while (query.step()) {
        FileUsage file;
        file.path = query.text(0);
        file.total = query.int64(1);
        file.reads = query.int64(2);
        file.writes = query.int64(3);
        file.edits = query.int64(4);
        file.searches = query.int64(5);
        file.deletes = query.int64(6);
        file.firstTs = query.optionalInt64(7);
        file.lastTs = query.optionalInt64(8);
        files.append(file);
    }
    return files;
}

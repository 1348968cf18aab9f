// SPDX-License-Identifier: MIT
#pragma once

#include "domain/tokencounts.h"
#include "reports/reportoptions.h"

#include <optional>
#include <QList>
#include <QString>

class Database;
class SessionScope;

// A session's figures (alone or with its sub-agents, as the scope says): what the API's
// /api/session/<id>/{summary,tokens,tools,files} answers and the window's session detail pane shows.
class SessionFigures
{
public:
    struct Usage
    {
        TokenCounts tokens;
        qint64 requests = 0;
        double cost = 0; // in the cost mode asked for
        qint64 unpriced = 0;
    };
    struct ModelUsage
    {
        QString model; // empty when the source named none
        Usage usage;
    };
    struct ToolUsage
    {
        QString name;
        qint64 count = 0;
        qint64 errors = 0;
        qint64 totalDurationMs = 0;
        std::optional<qint64> avgDurationMs; // only calls that recorded a duration count
        qint64 pending = 0;
        std::optional<qint64> firstTs;
        std::optional<qint64> lastTs;
    };
    struct FileUsage
    {
        QString path;
        qint64 total = 0;
        qint64 reads = 0;
        qint64 writes = 0;
        qint64 edits = 0;
        qint64 searches = 0;
        qint64 deletes = 0;
        std::optional<qint64> firstTs;
        std::optional<qint64> lastTs;
    };

    // The API asks for the auto cost; the window for its setting's mode.
    static Usage usage(Database& db, const SessionScope& scope,
        ReportOptions::CostMode mode = ReportOptions::CostMode::Auto);
    // Most tokens first, then by model name.
    static QList<ModelUsage> usageByModel(Database& db, const SessionScope& scope,
        ReportOptions::CostMode mode = ReportOptions::CostMode::Auto);
    // Most calls first, then by name.
    static QList<ToolUsage> tools(Database& db, const SessionScope& scope);
    // Most touches first, then by path: a tool call's own path and the further files of multi-file
    // patches.
    static QList<FileUsage> files(Database& db, const SessionScope& scope);

    // SQL fragments for queries that read `scope` (SessionScope::kCte) themselves.
    // The file_touches view for the sessions of `scope`. The view itself cannot be used: SQLite does not
    // push "session_id IN (SELECT ...)" into its UNION ALL, so it would read every tool call there is.
    static constexpr const char* kScopeFileTouches
        = "(SELECT file_path AS path, file_operation AS operation, start_ts AS ts FROM tool_calls WHERE "
          "session_id IN (SELECT id FROM scope) AND file_path IS NOT NULL AND file_operation IS NOT NULL "
          "UNION ALL SELECT path, operation, ts FROM files_touched WHERE session_id IN (SELECT id FROM "
          "scope))";
    // Every token of the usage_rollup rows r: the sum the tree's and the detail's token figures show.
    static constexpr const char* kRollupTokenSum
        = "SUM(r.input_tokens + r.output_tokens + r.cache_read_tokens + "
          "r.cache_write_5m_tokens + r.cache_write_1h_tokens + "
          "r.reasoning_tokens)";
    // Errors of a tool call: the agent flagged the result, or the call ended in 'error'.
    static constexpr const char* kToolError = "(is_error <> 0 OR status = 'error')";
};

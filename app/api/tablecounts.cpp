// SPDX-License-Identifier: MIT
#include "tablecounts.h"

#include "store/database.h"

#include <utility>

QJsonObject TableCounts::read(Database& db)
{
    // Our tables, by their real names (the seed's DuckDB names messages/parts/agent_traces do not
    // exist here); traces and delegations are views, counted too because the seed lists traces.
    // The traces view has one row per session (every join in it matches at most one row), and
    // counting through it runs its per-session subquery: 0.4 s for 100k sessions against nothing.
    static const std::pair<const char*, const char*> kCounts[] = {
        { "sessions", "SELECT COUNT(*) FROM sessions" },
        { "usage_records", "SELECT COUNT(*) FROM usage_records" },
        { "tool_calls", "SELECT COUNT(*) FROM tool_calls" },
        { "files_touched", "SELECT COUNT(*) FROM files_touched" },
        { "prompts", "SELECT COUNT(*) FROM prompts" },
        { "agent_events", "SELECT COUNT(*) FROM agent_events" },
        { "projects", "SELECT COUNT(*) FROM projects" },
        { "source_files", "SELECT COUNT(*) FROM source_files" },
        { "traces", "SELECT COUNT(*) FROM sessions" },
        { "delegations", "SELECT COUNT(*) FROM delegations" },
    };
    QJsonObject counts;
    for (const auto& [name, sql] : kCounts) {
        SqliteStatement count = db.prepare(sql);
        counts.insert(QLatin1String(name), count.step() ? count.int64(0) : 0);
    }
    return counts;
}

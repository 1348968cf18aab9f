// SPDX-License-Identifier: MIT
#include "tablecounts.h"

#include "store/database.h"

#include <string>

QJsonObject TableCounts::read(Database& db)
{
    // Our tables, by their real names (the seed's DuckDB names messages/parts/agent_traces do not
    // exist here); traces and delegations are views, counted too because the seed lists traces.
    static const char* const kTables[] = { "sessions", "usage_records", "tool_calls", "files_touched",
        "prompts", "agent_events", "projects", "source_files", "traces", "delegations" };
    QJsonObject counts;
    for (const char* table : kTables) {
        SqliteStatement count = db.prepare(std::string("SELECT COUNT(*) FROM ") + table);
        counts.insert(QLatin1String(table), count.step() ? count.int64(0) : 0);
    }
    return counts;
}

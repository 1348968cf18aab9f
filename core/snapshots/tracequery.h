// SPDX-License-Identifier: MIT
#pragma once

#include "tracerecords.h"
#include "traceroot.h"
#include "tracesnapshot.h"

class Database;

// The Traces page's queries (run on QueryRunner's pool).
class TraceQuery
{
public:
    // Root sessions with sub-agents or tool calls, most recent activity first.
    // Costs are in `mode`.
    static TraceRootList recentRoots(Database& db, int limit, ReportOptions::CostMode mode);
    // The tree below one root session (its sessions.id); empty when there is no such session.
    static TraceSnapshot load(Database& db, qint64 rootRowId, ReportOptions::CostMode mode);
    // The tree from rows already read; sessions must hold the root and may hold its descendants.
    static TraceSnapshot build(const QList<TraceRecords::Session>& sessions,
        const QList<TraceRecords::ToolCall>& toolCalls, qint64 rootRowId);
};

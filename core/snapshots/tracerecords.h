// SPDX-License-Identifier: MIT
#pragma once

#include "reports/reportoptions.h"

#include <functional>
#include <optional>
#include <QList>
#include <QString>
#include <string>

class Database;
class SqliteStatement;

// The rows that traces are drawn from, shared by the API's trace routes and the window's Traces page:
// sessions as the traces view defines them (0002_traces.sql: one trace per agent invocation, ids, times,
// tokens, status, prompts) and the tool calls they made, for a chosen set of sessions only. The view
// cannot be used for a page or a tree: its per-row subqueries and its GROUP BY over the whole rollup
// would run for every session before a LIMIT or a filter applies. Here the caller names the sessions
// first, with a CTE `ids(id)`, and the columns are computed for those rows alone. tst_monitorroutes
// checks that both agree on every fixture session.
class TraceRecords
{
public:
    struct Session
    {
        qint64 rowId = 0;
        qint64 parentRowId = 0; // 0 for a root
        QString source;
        QString traceId; // the session's external id
        QString sessionId; // where the invocation happened: the parent's external id, or its own
        std::optional<QString> parentTraceId;
        QString parentAgent; // 'user' for a root
        QString agent; // subagent_type: 'main' unless the source named one
        std::optional<qint64> startedAt; // UTC ms: the spawning tool call's start, else the first request
        std::optional<qint64> endedAt;
        qint64 tokensIn = 0;
        qint64 tokensOut = 0;
        double cost = 0; // its own requests, sub-agents excluded
        qint64 requests = 0;
        QString status;
        std::optional<QString> promptInput;
        std::optional<QString> promptOutput;
        std::optional<QString> title;
        std::optional<QString> directory;
        qint64 lastTs = 0; // sessions.last_ts (0 when unknown): the order of lists, newest first

        std::optional<qint64> durationMs() const
        {
            return startedAt && endedAt ? std::optional<qint64>(*endedAt - *startedAt) : std::nullopt;
        }
    };

    struct ToolCall
    {
        qint64 rowId = 0;
        qint64 sessionRowId = 0;
        std::optional<QString> name;
        QString status; // pending, completed, error, interrupted
        std::optional<qint64> durationMs;
        std::optional<qint64> startedAt;
        std::optional<qint64> endedAt;
        QString toolUseId;
        bool isError = false; // the flag, or status 'error'
        std::optional<QString> filePath;
        qint64 childRowId = 0; // the sub-agent session it spawned; 0 for none
        std::optional<QString> childSessionId; // that session's external id
    };

    using Binder = std::function<void(SqliteStatement&)>;

    // idsCte: "WITH [RECURSIVE] ... ids(id) AS (...)" (more CTEs may precede ids); orderBy: an ORDER BY
    // clause over the columns of `s` (the session) or empty. The API (and the traces view) use the auto
    // cost; the window its setting's mode.
    static QList<Session> sessions(Database& db, const std::string& idsCte, const Binder& bind,
        const std::string& orderBy, ReportOptions::CostMode mode = ReportOptions::CostMode::Auto);
    // The calls the sessions in ids made themselves, by session, then in the order they started (calls
    // without a start last).
    static QList<ToolCall> toolCalls(Database& db, const std::string& idsCte, const Binder& bind);
};

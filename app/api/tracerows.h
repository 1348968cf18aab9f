// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <QJsonObject>
#include <QList>
#include <string>

class Database;
class SqliteStatement;

// Trace rows as the traces view defines them (0002_traces.sql: one trace per agent invocation, ids,
// times, tokens, status, prompts), for a chosen set of sessions only. The view cannot be used for a
// page or a tree: its per-row subqueries and its GROUP BY over the whole rollup would run for every
// session before a LIMIT or a filter applies. Here the caller names the sessions first, with a CTE
// `ids(id)`, and the columns are computed for those rows alone. tst_monitorroutes checks that both
// agree on every fixture session.
struct TraceRow
{
    qint64 rowId = 0;
    qint64 parentRowId = 0; // 0 for a root
    qint64 startedAt = 0; // UTC ms; 0 when unknown
    qint64 lastTs = 0; // sessions.last_ts: the order of lists, newest activity first
    QJsonObject json; // the seed's fields plus source, cost, requests, title and directory
};

namespace TraceRows {

using Binder = std::function<void(SqliteStatement&)>;

// idsCte: "WITH [RECURSIVE] ... ids(id) AS (...)" (more CTEs may precede ids); orderBy: an ORDER BY
// clause over the columns of `s` (the session) or empty.
QList<TraceRow> load(Database& db, const std::string& idsCte, const Binder& bind, const std::string& orderBy);

// The short form of a child trace in /api/trace/<id>'s children.
QJsonObject childJson(const TraceRow& row);

} // namespace TraceRows

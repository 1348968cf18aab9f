// SPDX-License-Identifier: MIT
#pragma once

#include "snapshots/tracerecords.h"

#include <QJsonObject>
#include <QList>
#include <string>

class Database;

// Trace rows (TraceRecords::sessions, shared with the window) in the API's JSON.
struct TraceRow
{
    qint64 rowId = 0;
    qint64 parentRowId = 0; // 0 for a root
    qint64 startedAt = 0; // UTC ms; 0 when unknown
    qint64 lastTs = 0; // sessions.last_ts: the order of lists, newest activity first
    QJsonObject json; // the seed's fields plus source, cost, requests, title and directory
};

namespace TraceRows {

// The arguments are TraceRecords::sessions'.
QList<TraceRow> load(
    Database& db, const std::string& idsCte, const TraceRecords::Binder& bind, const std::string& orderBy);
// A tool call as /api/trace/<id> and /api/tracing/tree list it.
QJsonObject toolJson(const TraceRecords::ToolCall& call);

// The short form of a child trace in /api/trace/<id>'s children.
QJsonObject childJson(const TraceRow& row);

} // namespace TraceRows

// SPDX-License-Identifier: MIT
#include "tracerows.h"

#include "apijson.h"
#include "monitorsupport.h"

namespace TraceRows {

QList<TraceRow> load(
    Database& db, const std::string& idsCte, const TraceRecords::Binder& bind, const std::string& orderBy)
{
    QList<TraceRow> rows;
    for (const TraceRecords::Session& session : TraceRecords::sessions(db, idsCte, bind, orderBy)) {
        TraceRow row;
        row.rowId = session.rowId;
        row.parentRowId = session.parentRowId;
        row.startedAt = session.startedAt.value_or(0);
        row.lastTs = session.lastTs;
        const bool isChild = row.parentRowId != 0;
        row.json = QJsonObject {
            { QStringLiteral("trace_id"), session.traceId },
            { QStringLiteral("session_id"), session.sessionId },
            { QStringLiteral("parent_trace_id"), ApiJson::textOrNull(session.parentTraceId) },
            { QStringLiteral("parent_agent"), session.parentAgent },
            { QStringLiteral("subagent_type"), session.agent },
            { QStringLiteral("started_at"), ApiJson::timeOrNull(session.startedAt) },
            { QStringLiteral("ended_at"), ApiJson::timeOrNull(session.endedAt) },
            { QStringLiteral("duration_ms"), ApiJson::integerOrNull(session.durationMs()) },
            { QStringLiteral("tokens_in"), session.tokensIn },
            { QStringLiteral("tokens_out"), session.tokensOut },
            { QStringLiteral("status"), session.status },
            { QStringLiteral("prompt_input"), ApiJson::textOrNull(session.promptInput) },
            { QStringLiteral("prompt_output"), ApiJson::textOrNull(session.promptOutput) },
            { QStringLiteral("child_session_id"), isChild ? QJsonValue(session.traceId) : QJsonValue() },
            { QStringLiteral("session_title"), ApiJson::textOrNull(session.title) },
            { QStringLiteral("session_directory"), ApiJson::textOrNull(session.directory) },
            { QStringLiteral("source"), session.source },
            { QStringLiteral("cost"), MonitorSupport::usd(session.cost) },
            { QStringLiteral("requests"), session.requests },
        };
        rows.append(row);
    }
    return rows;
}

QJsonObject toolJson(const TraceRecords::ToolCall& call)
{
    // The seed's four fields, then what a trace view needs to draw a call.
    return QJsonObject {
        { QStringLiteral("tool_name"), ApiJson::textOrNull(call.name) },
        { QStringLiteral("status"), call.status },
        { QStringLiteral("duration_ms"), ApiJson::integerOrNull(call.durationMs) },
        { QStringLiteral("created_at"), ApiJson::timeOrNull(call.startedAt) },
        { QStringLiteral("ended_at"), ApiJson::timeOrNull(call.endedAt) },
        { QStringLiteral("tool_use_id"), call.toolUseId },
        { QStringLiteral("is_error"), call.isError },
        { QStringLiteral("file_path"), ApiJson::textOrNull(call.filePath) },
        { QStringLiteral("child_session_id"), ApiJson::textOrNull(call.childSessionId) },
    };
}

QJsonObject childJson(const TraceRow& row)
{
    QJsonObject child;
    for (const char* key : { "trace_id", "subagent_type", "status", "duration_ms", "started_at", "ended_at",
             "tokens_in", "tokens_out", "cost", "child_session_id" })
        child.insert(QLatin1String(key), row.json.value(QLatin1String(key)));
    return child;
}

} // namespace TraceRows

// SPDX-License-Identifier: MIT
#include "tracerows.h"

#include "apijson.h"
#include "monitorsupport.h"

namespace {

QJsonValue timeOrNull(const std::optional<qint64>& ms)
{
    return ms ? QJsonValue(ApiJson::isoTime(*ms)) : QJsonValue();
}

QJsonValue integerOrNull(const std::optional<qint64>& value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

QJsonValue textOrNull(const std::optional<QString>& text)
{
    return text ? QJsonValue(*text) : QJsonValue();
}

} // namespace

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
            { QStringLiteral("parent_trace_id"), textOrNull(session.parentTraceId) },
            { QStringLiteral("parent_agent"), session.parentAgent },
            { QStringLiteral("subagent_type"), session.agent },
            { QStringLiteral("started_at"), timeOrNull(session.startedAt) },
            { QStringLiteral("ended_at"), timeOrNull(session.endedAt) },
            { QStringLiteral("duration_ms"), integerOrNull(session.durationMs()) },
            { QStringLiteral("tokens_in"), session.tokensIn },
            { QStringLiteral("tokens_out"), session.tokensOut },
            { QStringLiteral("status"), session.status },
            { QStringLiteral("prompt_input"), textOrNull(session.promptInput) },
            { QStringLiteral("prompt_output"), textOrNull(session.promptOutput) },
            { QStringLiteral("child_session_id"), isChild ? QJsonValue(session.traceId) : QJsonValue() },
            { QStringLiteral("session_title"), textOrNull(session.title) },
            { QStringLiteral("session_directory"), textOrNull(session.directory) },
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
        { QStringLiteral("tool_name"), textOrNull(call.name) },
        { QStringLiteral("status"), call.status },
        { QStringLiteral("duration_ms"), integerOrNull(call.durationMs) },
        { QStringLiteral("created_at"), timeOrNull(call.startedAt) },
        { QStringLiteral("ended_at"), timeOrNull(call.endedAt) },
        { QStringLiteral("tool_use_id"), call.toolUseId },
        { QStringLiteral("is_error"), call.isError },
        { QStringLiteral("file_path"), textOrNull(call.filePath) },
        { QStringLiteral("child_session_id"), textOrNull(call.childSessionId) },
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

// SPDX-License-Identifier: MIT
#include "changeevents.h"

#include "apijson.h"
#include "domain/changenotice.h"
#include "ingest/ingestpass.h"

#include <QJsonArray>

namespace {

QJsonObject request(const ChangeNotice::Usage& usage)
{
    return QJsonObject {
        { QStringLiteral("id"), usage.id },
        { QStringLiteral("timestamp"), ApiJson::isoTime(usage.ts) },
        { QStringLiteral("source"), usage.source },
        { QStringLiteral("session_id"), usage.sessionId },
        { QStringLiteral("session_title"), ApiJson::textOrNull(usage.sessionTitle) },
        { QStringLiteral("agent_name"), ApiJson::textOrNull(usage.agent) },
        { QStringLiteral("model"), ApiJson::textOrNull(usage.model) },
        { QStringLiteral("requested_model"), ApiJson::textOrNull(usage.requestedModel) },
        { QStringLiteral("event_type"), usage.eventType },
        { QStringLiteral("tokens_in"), usage.tokensIn },
        { QStringLiteral("tokens_out"), usage.tokensOut },
        { QStringLiteral("tokens"), usage.tokensTotal },
        { QStringLiteral("cost"), usage.cost ? QJsonValue(*usage.cost) : QJsonValue() },
        { QStringLiteral("latency_ms"), usage.latencyMs ? QJsonValue(*usage.latencyMs) : QJsonValue() },
    };
}

QJsonArray requests(const QList<ChangeNotice::Usage>& list)
{
    QJsonArray array;
    for (const ChangeNotice::Usage& usage : list)
        array.append(request(usage));
    return array;
}

} // namespace

namespace ChangeEvents {

QJsonObject usage(const ChangeNotice& notice)
{
    if (notice.usageCount == 0 && notice.usageUpdatedCount == 0 && notice.eventCount == 0)
        return {};
    QJsonArray errors;
    for (const ChangeNotice::Event& event : notice.events) {
        errors.append(QJsonObject {
            { QStringLiteral("id"), event.id },
            { QStringLiteral("timestamp"), ApiJson::isoTime(event.ts) },
            { QStringLiteral("source"), event.source },
            { QStringLiteral("session_id"), event.sessionId },
            { QStringLiteral("agent_name"), ApiJson::textOrNull(event.agent) },
            { QStringLiteral("model"), ApiJson::textOrNull(event.model) },
            { QStringLiteral("kind"), event.kind },
            { QStringLiteral("message"), ApiJson::textOrNull(event.message) },
            { QStringLiteral("retry_attempt"),
                event.retryAttempt ? QJsonValue(*event.retryAttempt) : QJsonValue() },
        });
    }
    double cost = 0;
    qint64 tokens = 0;
    for (const ChangeNotice::Usage& item : notice.usage) {
        cost += item.cost.value_or(0);
        tokens += item.tokensTotal;
    }
    return QJsonObject {
        { QStringLiteral("sequence"), notice.sequence },
        { QStringLiteral("count"), notice.usageCount },
        { QStringLiteral("updated_count"), notice.usageUpdatedCount },
        { QStringLiteral("error_count"), notice.eventCount },
        // The listed requests' sums; equal to the notice's when it is not truncated.
        { QStringLiteral("listed_cost"), cost },
        { QStringLiteral("listed_tokens"), tokens },
        { QStringLiteral("truncated"), notice.isTruncated() },
        { QStringLiteral("from"), ApiJson::timeOrNull(notice.minTs) },
        { QStringLiteral("to"), ApiJson::timeOrNull(notice.maxTs) },
        { QStringLiteral("requests"), requests(notice.usage) },
        { QStringLiteral("updated"), requests(notice.usageUpdated) },
        { QStringLiteral("errors"), errors },
        { QStringLiteral("history_changed"), notice.historyChanged },
    };
}

QJsonObject sessions(const ChangeNotice& notice)
{
    if (notice.sessionCount == 0)
        return {};
    QJsonArray list;
    for (const ChangeNotice::Session& session : notice.sessions) {
        list.append(QJsonObject {
            { QStringLiteral("id"), session.sessionId },
            { QStringLiteral("source"), session.source },
            { QStringLiteral("title"), ApiJson::textOrNull(session.title) },
            { QStringLiteral("parent_id"), ApiJson::textOrNull(session.parentSessionId) },
            { QStringLiteral("agent"), ApiJson::textOrNull(session.agent) },
            { QStringLiteral("created_at"), ApiJson::timeOrNull(session.firstTs) },
            { QStringLiteral("updated_at"), ApiJson::timeOrNull(session.lastTs) },
            { QStringLiteral("requests"), session.requests },
            { QStringLiteral("tokens_in"), session.tokensIn },
            { QStringLiteral("tokens_out"), session.tokensOut },
            { QStringLiteral("tokens"), session.tokensTotal },
            { QStringLiteral("cost"), session.cost },
            { QStringLiteral("unpriced_requests"), session.unpricedRequests },
            { QStringLiteral("new"), session.isNew },
        });
    }
    return QJsonObject {
        { QStringLiteral("sequence"), notice.sequence },
        { QStringLiteral("count"), notice.sessionCount },
        { QStringLiteral("new_count"), notice.newSessionCount },
        { QStringLiteral("truncated"), notice.sessions.size() < notice.sessionCount },
        { QStringLiteral("sessions"), list },
    };
}

QJsonObject pass(const IngestPass& pass)
{
    const IngestStats& stats = pass.stats;
    return QJsonObject {
        { QStringLiteral("pass"), pass.number },
        { QStringLiteral("trigger"), IngestPass::triggerName(pass.trigger) },
        { QStringLiteral("full"), pass.full },
        { QStringLiteral("duration_ms"), pass.durationMs },
        { QStringLiteral("files_seen"), stats.filesSeen },
        { QStringLiteral("files_read"), stats.filesRead },
        { QStringLiteral("bytes_read"), stats.bytesRead },
        { QStringLiteral("lines_parsed"), stats.linesParsed },
        { QStringLiteral("lines_skipped"), stats.linesSkipped },
        { QStringLiteral("requests_new"), stats.usageInserted },
        { QStringLiteral("requests_replaced"), stats.usageReplaced },
        { QStringLiteral("repriced"), pass.repriced },
        { QStringLiteral("cancelled"), pass.cancelled },
        { QStringLiteral("error"), ApiJson::textOrNull(pass.error) },
        { QStringLiteral("watched_directories"), pass.watchedDirectories },
        { QStringLiteral("watched_files"), pass.watchedFiles },
        { QStringLiteral("polling_fallback"), pass.pollingFallback },
        { QStringLiteral("poll_interval_ms"), pass.pollIntervalMs },
    };
}

QJsonObject passAlert(const IngestPass& pass)
{
    const IngestStats& stats = pass.stats;
    QString level;
    QString kind;
    QString message;
    if (!pass.error.isEmpty()) {
        level = QStringLiteral("error");
        kind = QStringLiteral("ingest_failed");
        message = QStringLiteral("ingest pass %1 failed: %2").arg(pass.number).arg(pass.error);
    } else if (stats.filesFailed > 0) {
        level = QStringLiteral("warning");
        kind = QStringLiteral("unreadable_files");
        message = QStringLiteral("%1 log file(s) could not be read: %2")
                      .arg(stats.filesFailed)
                      .arg(stats.errors.mid(0, 3).join(QStringLiteral("; ")));
    } else if (stats.linesSkipped > 0) {
        level = QStringLiteral("warning");
        kind = QStringLiteral("malformed_lines");
        message = QStringLiteral("%1 malformed line(s) skipped (counted per file; nothing else is lost)")
                      .arg(stats.linesSkipped);
    } else {
        return {};
    }
    return QJsonObject {
        { QStringLiteral("level"), level },
        { QStringLiteral("kind"), kind },
        { QStringLiteral("message"), message },
        { QStringLiteral("pass"), pass.number },
    };
}

} // namespace ChangeEvents

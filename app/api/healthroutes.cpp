// SPDX-License-Identifier: MIT
#include "healthroutes.h"

#include "apicontext.h"
#include "apirouter.h"
#include "ssehub.h"
#include "store/database.h"
#include "tablecounts.h"

#include <QFileInfo>
#include <QJsonObject>

namespace {

const QString kService = QStringLiteral("agentmeter-api");

} // namespace

void registerHealthRoutes(ApiRouter& router)
{
    router.get(QStringLiteral("/api/health"), [](const ApiRequest&, ApiContext&) {
        return ApiResponse::ok(QJsonObject {
            { QStringLiteral("status"), QStringLiteral("ok") }, { QStringLiteral("service"), kService } });
    });

    // Counting rows scans the tables, so it runs on the report pool.
    router.get(
        QStringLiteral("/api/health/detailed"),
        [](const ApiRequest&, ApiContext& context) {
            Database& db = context.db();
            const QString path = context.config().databasePath;
            const qint64 size = QFileInfo(path).size() + QFileInfo(path + QLatin1String("-wal")).size();
            QJsonObject database {
                { QStringLiteral("path"), QFileInfo(path).absoluteFilePath() },
                { QStringLiteral("size_bytes"), size },
                { QStringLiteral("size_mb"), qRound64(size / 1048576.0 * 100) / 100.0 },
                { QStringLiteral("schema_version"), db.schemaVersion() },
                { QStringLiteral("tables"), TableCounts::read(db) },
            };
            QJsonObject data { { QStringLiteral("status"), QStringLiteral("ok") },
                { QStringLiteral("service"), kService }, { QStringLiteral("database"), database },
                { QStringLiteral("uptime_seconds"),
                    context.startedAt.secsTo(QDateTime::currentDateTimeUtc()) },
                { QStringLiteral("streams"),
                    QJsonObject {
                        { QStringLiteral("events_clients"),
                            context.hub->subscriberCount(SseHub::Channel::Events) },
                        { QStringLiteral("stream_clients"),
                            context.hub->subscriberCount(SseHub::Channel::Analytics) },
                        { QStringLiteral("last_event_id"), qint64(context.hub->lastEventId()) },
                        { QStringLiteral("dropped_slow_readers"), context.hub->droppedSlowReaders() },
                    } } };
            return ApiResponse::ok(data);
        },
        ApiRouter::Exec::Pool);
}

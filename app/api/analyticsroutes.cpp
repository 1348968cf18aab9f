// SPDX-License-Identifier: MIT
#include "analyticsroutes.h"

#include "activityquery.h"
#include "analyticsstream.h"
#include "apicontext.h"
#include "apijson.h"
#include "apirouter.h"
#include "cachestats.h"
#include "machinestats.h"
#include "overridestats.h"
#include "projectmetrics.h"
#include "queryparams.h"
#include "ssehub.h"
#include "store/storeerror.h"
#include "tablecounts.h"

#include <QJsonArray>

namespace {

constexpr int kMaxDays = 36500;

// days=N: the window of the last N local days (today included); none when absent (or empty, as every
// other parameter) and the route covers all time by default.
std::optional<qint64> readDays(QueryParams& params, const ApiContext& context, std::optional<int> defaultDays)
{
    if (params.text("days").trimmed().isEmpty() && !defaultDays)
        return std::nullopt;
    const int days = params.integer("days", defaultDays.value_or(1), 1, kMaxDays);
    return context.daysStartMs(days);
}

qint64 serverUptime(const ApiContext& context)
{
    return context.startedAt.secsTo(QDateTime::currentDateTimeUtc());
}

ApiResponse projectMetrics(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    const std::optional<qint64> since = readDays(params, context, std::nullopt);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());
    QJsonObject projects;
    for (const ProjectMetrics::Totals& totals : ProjectMetrics::all(context.db(), since))
        projects.insert(totals.name, totals.toJson());
    return ApiResponse::json(QJsonObject { { QStringLiteral("projects"), projects } });
}

ApiResponse projectStats(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    const std::optional<qint64> since = readDays(params, context, std::nullopt);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());
    Database& db = context.db();
    const QHash<QString, LatencyStats> latencies = ProjectMetrics::latencies(db, since);
    QJsonArray projects;
    for (const ProjectMetrics::Totals& totals : ProjectMetrics::all(db, since)) {
        QJsonObject object = totals.toJson();
        object.insert(QStringLiteral("name"), totals.name);
        object.insert(QStringLiteral("tokens_in"), totals.tokensIn);
        object.insert(QStringLiteral("tokens_out"), totals.tokensOut);
        object.insert(QStringLiteral("first_activity"),
            totals.firstMs ? QJsonValue(ApiJson::isoTime(*totals.firstMs)) : QJsonValue());
        object.insert(
            QStringLiteral("latency"), latencies.value(ProjectMetrics::refKey(totals.ref)).toJson());
        projects.append(object);
    }
    return ApiResponse::json(QJsonObject {
        { QStringLiteral("projects"), projects },
        { QStringLiteral("count"), projects.size() },
        { QStringLiteral("since"), since ? QJsonValue(ApiJson::isoTime(*since)) : QJsonValue() },
    });
}

ApiResponse activity(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    ActivityQuery::Filter filter = ActivityQuery::read(params);
    // A feed is about recent work, and the counts and percentiles read every item of the window:
    // a week by default keeps that bounded on a large store.
    filter.sinceMs = readDays(params, context, 7);
    const int limit = params.integer("limit", 100, 1, 1000);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());
    Database& db = context.db();
    const QJsonArray items = ActivityQuery::recent(db, filter, limit);
    const ActivityQuery::Summary summary = ActivityQuery::summarise(db, filter);
    return ApiResponse::json(QJsonObject {
        { QStringLiteral("activity"), items },
        { QStringLiteral("count"), items.size() },
        { QStringLiteral("total"), summary.total },
        { QStringLiteral("counts"), summary.countsJson() },
        { QStringLiteral("latency"), summary.latency.toJson() },
        { QStringLiteral("since"), ApiJson::isoTime(*filter.sinceMs) },
    });
}

ApiResponse stats(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    const std::optional<qint64> since = readDays(params, context, std::nullopt);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());
    Database& db = context.db();
    const QJsonObject cache = CacheStats::read(db, context.config().prices.get(), since);
    const QJsonObject latency = LatencyStats::ofRequests(db, since).toJson();
    // Two seeds answer here: monitor-rest-api.md's "database table counts" in its {success, data}
    // envelope, and analytics-stream-api.md's `curl /api/stats | jq '.cache'`. One object serves both:
    // the envelope for the first, and cache (and latency) also at the top level for the second.
    QJsonObject data {
        { QStringLiteral("tables"), TableCounts::read(db) },
        { QStringLiteral("cache"), cache },
        { QStringLiteral("latency"), latency },
        { QStringLiteral("since"), since ? QJsonValue(ApiJson::isoTime(*since)) : QJsonValue() },
    };
    return ApiResponse::json(QJsonObject {
        { QStringLiteral("success"), true },
        { QStringLiteral("data"), data },
        { QStringLiteral("cache"), cache },
        { QStringLiteral("latency"), latency },
    });
}

ApiResponse overrideStats(const ApiRequest& request, ApiContext& context)
{
    QueryParams params(request.query);
    const std::optional<qint64> since = readDays(params, context, std::nullopt);
    if (!params.ok())
        return ApiResponse::badRequest(params.error());
    QJsonObject body = OverrideStats::read(context.db(), since);
    body.insert(QStringLiteral("since"), since ? QJsonValue(ApiJson::isoTime(*since)) : QJsonValue());
    return ApiResponse::json(body);
}

} // namespace

void registerAnalyticsRoutes(ApiRouter& router)
{
    ApiContext& context = router.context();
    // One machine sampler for the stream and /api/machine/stats: CPU use is a difference between two
    // samples, so they share the previous one.
    auto machine = std::make_shared<MachineStats>();
    auto stream = std::make_shared<AnalyticsStream>(context, machine);
    context.hub->setFrameSource(SseHub::Channel::Analytics, context.config().analyticsIntervalMs,
        [stream](const QString& variant) { return stream->frame(variant); });

    // Statistics scan many rows; dashboards poll them, so answers are reused until the data changes.
    const auto cached = ApiRouter::Cache::UntilDataChanges;
    router.get(QStringLiteral("/api/metrics/projects"), projectMetrics, ApiRouter::Exec::Pool, cached);
    router.get(QStringLiteral("/api/project/stats"), projectStats, ApiRouter::Exec::Pool, cached);
    router.get(QStringLiteral("/api/activity"), activity, ApiRouter::Exec::Pool, cached);
    router.get(QStringLiteral("/api/stats"), stats, ApiRouter::Exec::Pool, cached);
    router.get(QStringLiteral("/api/overrides/stats"), overrideStats, ApiRouter::Exec::Pool, cached);
    // Reading /proc/<pid> of every process takes a few milliseconds: not on the API thread.
    router.get(
        QStringLiteral("/api/machine/stats"),
        [machine](const ApiRequest&, ApiContext& context) {
            return ApiResponse::json(MachineStats::toJson(machine->sample(), serverUptime(context)));
        },
        ApiRouter::Exec::Pool);

    router.stream(QStringLiteral("/api/stream"),
        [&context](
            const ApiRequest& request, QHttpServerResponder& responder, const HttpCompat::HeaderList& cors) {
            QueryParams params(request.query);
            AnalyticsStream::Options options;
            options.filter = ActivityQuery::read(params);
            const QString project = params.text("project", QString(), 1000).trimmed();
            if (!params.ok()) {
                HttpCompat::send(responder, ApiResponse::badRequest(params.error()), cors);
                return;
            }
            // A pinned project must exist when the stream starts: a typo is a 404 now rather than a
            // stream of empty frames. Resolving it reads a few indexed rows on the API thread.
            if (!project.isEmpty()) {
                try {
                    options.project = ProjectMetrics::find(context.db(), project);
                } catch (const StoreError& error) {
                    HttpCompat::send(responder,
                        ApiResponse::error(500, QStringLiteral("database error: %1").arg(error.message())),
                        cors);
                    return;
                }
                if (!options.project) {
                    HttpCompat::send(responder,
                        ApiResponse::notFound(QStringLiteral("no project named '%1'").arg(project.left(200))),
                        cors);
                    return;
                }
            }
            context.hub->subscribe(responder, SseHub::Channel::Analytics, cors, {}, std::nullopt,
                AnalyticsStream::variant(options));
        });
}

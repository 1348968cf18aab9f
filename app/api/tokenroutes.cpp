// SPDX-License-Identifier: MIT
#include "tokenroutes.h"

#include "apicontext.h"
#include "apirouter.h"
#include "queryparams.h"
#include "tokenreport.h"

#include <QJsonDocument>

namespace {

// The cached body with meta.cached and meta.cacheAgeSeconds set: the rest is exactly what was
// computed, lastUpdated included, so a client sees how old the figures are.
ApiResponse markCached(const ApiResponse& stored, qint64 ageMs)
{
    QJsonObject body = QJsonDocument::fromJson(stored.body).object();
    QJsonObject meta = body.value(QStringLiteral("meta")).toObject();
    meta.insert(QStringLiteral("cached"), true);
    meta.insert(QStringLiteral("cacheAgeSeconds"), ageMs / 1000);
    body.insert(QStringLiteral("meta"), meta);
    return ApiResponse::json(body);
}

} // namespace

void registerTokenRoutes(ApiRouter& router)
{
    // On the pool: an uncached report scans usage_rollup twice.
    router.get(
        QStringLiteral("/api/tokens"),
        [](const ApiRequest& request, ApiContext& context) {
            QueryParams params(request.query);
            const QString period = params.choice("period", TokenReport::periods(), QStringLiteral("all"));
            const bool refresh = params.boolean("refresh", false);
            if (!params.ok())
                return ApiResponse::badRequest(params.error());
            const QString key = QStringLiteral("tokens:") + period + QLatin1Char('@')
                + context.now()
                      .toTimeZone(context.config().timeZone)
                      .date()
                      .toString(Qt::ISODate); // today moves at midnight
            ApiResponse response;
            qint64 ageMs = 0;
            if (!refresh && context.cached(key, context.config().tokensCacheSeconds, &response, &ageMs))
                return markCached(response, ageMs);
            response = ApiResponse::json(
                TokenReport::build(context.db(), context.now(), context.config().timeZone, period));
            context.store(key, response);
            return response;
        },
        ApiRouter::Exec::Pool);
}

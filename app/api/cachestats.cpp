// SPDX-License-Identifier: MIT
#include "cachestats.h"

#include "activityquery.h"
#include "pricing/pricebook.h"
#include "snapshots/activityfeed.h"
#include "store/database.h"
#include "store/usagerollup.h"

#include <cmath>

namespace {

// Prices are probed with a small prompt so that long-context tiers (which move a whole request to a
// higher price past e.g. 200k prompt tokens) never apply: the base rate is what most requests pay.
constexpr qint64 kProbeTokens = 1000;

} // namespace

QJsonObject CacheStats::read(Database& db, const PriceBook* prices, std::optional<qint64> sinceMs)
{
    // The activity view's classification, on usage_records alone: through the view every request
    // costs a sessions lookup, which makes a scan of all requests about five times slower (3.7 s
    // against 0.7 s of CPU for 5M requests). tst_analyticsroutes holds both equal.
    const ActivityFeed::TimeWindow window = ActivityFeed::timeWindow(db, "usage_records", "u", sinceMs);
    const std::string sql = "SELECT COALESCE(SUM(c = 1), 0), COALESCE(SUM(c = 2), 0), "
                            "COALESCE(SUM(cache_read_tokens > 0), 0), COUNT(*) FROM (SELECT "
        + ActivityQuery::usageEventCodeSql() + " AS c, u.cache_read_tokens FROM usage_records u WHERE 1"
        + window.sql + ")";
    SqliteStatement counts = db.prepare(sql);
    if (window.sinceMs)
        counts.bind(1, *window.sinceMs);
    qint64 hits = 0;
    qint64 misses = 0;
    qint64 entries = 0;
    qint64 requests = 0;
    if (counts.step()) {
        hits = counts.int64(0);
        misses = counts.int64(1);
        entries = counts.int64(2);
        requests = counts.int64(3);
    }

    // Savings per model, from the rollup: cache-read tokens x (fresh input rate - cache read rate),
    // both rates from the price book at the model's latest use in the window. A model without a price
    // adds nothing and is counted in unpriced_models.
    QJsonValue savings;
    qint64 cacheReadTokens = 0;
    int unpricedModels = 0;
    SqliteStatement models
        = db.prepare(std::string("SELECT model, SUM(cache_read_tokens), MAX(bucket) FROM usage_rollup")
            + (sinceMs ? " WHERE bucket >= ?" : "") + " GROUP BY model HAVING SUM(cache_read_tokens) > 0");
    if (sinceMs)
        models.bind(1, *sinceMs / UsageRollup::kBucketMs);
    double total = 0;
    while (models.step()) {
        const qint64 tokens = models.int64(1);
        cacheReadTokens += tokens;
        if (!prices)
            continue;
        const QByteArray model = models.bytes(0);
        const qint64 at = models.int64(2) * UsageRollup::kBucketMs;
        TokenCounts fresh;
        fresh.input = kProbeTokens;
        TokenCounts read;
        read.cacheRead = kProbeTokens;
        const PriceQuote freshQuote = prices->price(model, {}, fresh, at);
        const PriceQuote readQuote = prices->price(model, {}, read, at);
        if (!freshQuote.isPriced() || !readQuote.isPriced()) {
            ++unpricedModels;
            continue;
        }
        total += double(tokens) * (*freshQuote.cost - *readQuote.cost) / double(kProbeTokens);
    }
    if (prices)
        savings = std::round(total * 1e6) / 1e6;

    const qint64 lookups = hits + misses;
    return QJsonObject {
        { QStringLiteral("hit_rate"),
            lookups > 0 ? QJsonValue(std::round(10000.0 * double(hits) / double(lookups)) / 10000.0)
                        : QJsonValue() },
        { QStringLiteral("hits"), hits },
        { QStringLiteral("misses"), misses },
        { QStringLiteral("entries"), entries },
        { QStringLiteral("total_savings"), savings },
        { QStringLiteral("requests"), requests },
        { QStringLiteral("cache_read_tokens"), cacheReadTokens },
        { QStringLiteral("unpriced_models"), unpricedModels },
    };
}

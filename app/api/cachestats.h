// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QJsonObject>

class Database;
class PriceBook;

// The `cache` block of GET /api/stats (analytics-stream-api.md: hit_rate, hits, misses, entries,
// total_savings), over the prompt caches of the providers: our agents do not run a response cache, so a
// "hit" is a request that the activity feed calls cache_hit.
class CacheStats
{
public:
    // hits: cache_hit requests; misses: cache_miss requests; hit_rate: hits / (hits + misses), null
    // when both are 0; entries: requests that read from the cache at all; total_savings: USD that the
    // cache reads saved against paying the fresh input price for the same tokens (see read()).
    // prices may be null (total_savings is then null).
    static QJsonObject read(Database& db, const PriceBook* prices, std::optional<qint64> sinceMs);
};

// SPDX-License-Identifier: MIT
#include "activityquery.h"

#include "apijson.h"
#include "queryparams.h"
#include "snapshots/activityfeed.h"
#include "store/database.h"

#include <algorithm>
#include <string>
#include <vector>

ActivityQuery::Filter ActivityQuery::read(QueryParams& params)
{
    Filter filter;
    const QString list = params.text("event_type", QString(), 200);
    for (const QString& part : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString type = part.trimmed().toLower();
        if (type.isEmpty())
            continue;
        if (!ActivityFilter::allEventTypes().contains(type)) {
            params.fail(QStringLiteral("unknown event_type '%1'; event types are %2")
                            .arg(type.left(40), ActivityFilter::allEventTypes().join(QStringLiteral(", "))));
            continue;
        }
        if (!filter.eventTypes.contains(type))
            filter.eventTypes.append(type);
    }
    filter.agent = params.text("agent", QString(), 200).trimmed();
    filter.model = params.text("model", QString(), 200).trimmed();
    return filter;
}

QJsonArray ActivityQuery::recent(Database& db, const Filter& filter, int limit)
{
    QJsonArray items;
    for (const ActivityItem& item : ActivityFeed::recent(db, filter, limit)) {
        items.append(QJsonObject {
            { QStringLiteral("timestamp"), ApiJson::isoTime(item.ts) },
            { QStringLiteral("event_type"), item.eventType },
            { QStringLiteral("agent_name"), ApiJson::textOrNull(item.agent) },
            { QStringLiteral("model"), ApiJson::textOrNull(item.model) },
            { QStringLiteral("tokens"), ApiJson::integerOrNull(item.tokens) },
            { QStringLiteral("latency_ms"), ApiJson::integerOrNull(item.latencyMs) },
            { QStringLiteral("requested_model"), ApiJson::textOrNull(item.requestedModel) },
            { QStringLiteral("cost"), ApiJson::realOrNull(item.cost) },
            { QStringLiteral("message"), ApiJson::textOrNull(item.message) },
            { QStringLiteral("session_id"), item.sessionId },
            { QStringLiteral("source"), item.source },
        });
    }
    return items;
}

namespace {

// The activity view's request rules (0003_activity.sql), in its order, for usage_records aliased u.
constexpr const char* kOverridden
    = "u.requested_model IS NOT NULL AND u.requested_model <> COALESCE(u.model, '')";
constexpr const char* kMostlyCached = "u.cache_read_tokens * 2 > u.input_tokens + u.cache_read_tokens "
                                      "+ u.cache_write_5m_tokens + u.cache_write_1h_tokens";
constexpr const char* kCacheUsed
    = "u.cache_read_tokens + u.cache_write_5m_tokens + u.cache_write_1h_tokens > 0";

} // namespace

const std::string& ActivityQuery::usageEventCodeSql()
{
    static const std::string sql = std::string("(CASE WHEN ") + kOverridden + " THEN 3 WHEN " + kMostlyCached
        + " THEN 1 WHEN " + kCacheUsed + " THEN 2 ELSE 0 END)";
    return sql;
}

ActivityQuery::Summary ActivityQuery::summarise(Database& db, const Filter& filter)
{
    Summary summary;
    for (const QString& type : ActivityFilter::allEventTypes())
        summary.counts.insert(type, 0);
    // The view costs a sessions lookup per request and reads both arms whatever the type filter
    // (9 s for 5M requests). Its arms are read here directly instead: requests with
    // usageEventCodeSql() (tst_analyticsroutes holds it equal to the view), a sessions lookup only
    // for an agent filter, an arm only when the filter lets its types through, and the counts summed
    // inside SQLite rather than row by row.
    QStringList requestTypes;
    for (const QString& type : filter.eventTypes) {
        if (type != QLatin1String("error"))
            requestTypes.append(type);
    }
    const auto conditions = [&filter](const char* alias) {
        std::string sql;
        if (!filter.agent.isEmpty())
            sql += std::string(" AND COALESCE(") + alias + ".agent, s.agent) = ?";
        if (!filter.model.isEmpty())
            sql += std::string(" AND ") + alias + ".model = ?";
        return sql;
    };
    const auto join = [&filter](const char* alias) {
        return filter.agent.isEmpty() ? std::string()
                                      : std::string(" JOIN sessions s ON s.id = ") + alias + ".session_id";
    };
    const auto typeIn = [&requestTypes]() {
        std::string sql = " AND " + usageEventCodeSql() + " IN (?";
        for (qsizetype i = 1; i < requestTypes.size(); ++i)
            sql += ",?";
        return sql + ')';
    };
    const auto bind
        = [&filter, &requestTypes](SqliteStatement& statement, std::optional<qint64> since, bool types) {
              int index = 1;
              if (since)
                  statement.bind(index++, *since);
              if (types) {
                  for (const QString& type : requestTypes)
                      statement.bind(index++, int(ActivityFilter::allEventTypes().indexOf(type)));
              }
              if (!filter.agent.isEmpty())
                  statement.bind(index++, filter.agent);
              if (!filter.model.isEmpty())
                  statement.bind(index++, filter.model);
          };

    if (filter.readsRequests()) {
        const ActivityFeed::TimeWindow window
            = ActivityFeed::timeWindow(db, "usage_records", "u", filter.sinceMs);
        const std::string where
            = " WHERE 1" + window.sql + (requestTypes.isEmpty() ? std::string() : typeIn()) + conditions("u");
        const bool narrowed = !requestTypes.isEmpty() || !filter.agent.isEmpty() || !filter.model.isEmpty();
        std::vector<qint64> samples;
        const char* const names[] = { "api_call", "cache_hit", "cache_miss", "model_override" };
        if (!narrowed) {
            // Counts summed inside SQLite; latencies from the partial index usage_latency, which holds
            // exactly the requests that recorded one (and their ts), so nothing else is read.
            // Integer codes: comparing type names per request made a 5M-row scan three times slower.
            SqliteStatement counts = db.prepare(
                "SELECT COALESCE(SUM(c = 0), 0), COALESCE(SUM(c = 1), 0), COALESCE(SUM(c = 2), 0), "
                "COALESCE(SUM(c = 3), 0) FROM (SELECT "
                + usageEventCodeSql() + " AS c FROM usage_records u" + where + ")");
            bind(counts, window.sinceMs, false);
            if (counts.step()) {
                for (int i = 0; i < 4; ++i)
                    summary.counts[QLatin1String(names[i])] = counts.int64(i);
            }
            SqliteStatement latencies = db.prepare(std::string("SELECT latency_ms FROM usage_records u WHERE "
                                                               "latency_ms IS NOT NULL")
                + (filter.sinceMs ? " AND u.ts >= ?" : ""));
            if (filter.sinceMs)
                latencies.bind(1, *filter.sinceMs);
            while (latencies.step())
                samples.push_back(latencies.int64(0));
        } else {
            // A filter needs each request's columns anyway: one pass yields its type and latency (a
            // second pass over the latency index would look every request up again).
            SqliteStatement rows = db.prepare(
                "SELECT " + usageEventCodeSql() + ", u.latency_ms FROM usage_records u" + join("u") + where);
            bind(rows, window.sinceMs, !requestTypes.isEmpty());
            qint64 counts[4] = { 0, 0, 0, 0 };
            while (rows.step()) {
                ++counts[std::clamp<qint64>(rows.int64(0), 0, 3)];
                if (!rows.isNull(1))
                    samples.push_back(rows.int64(1));
            }
            for (int i = 0; i < 4; ++i)
                summary.counts[QLatin1String(names[i])] = counts[i];
        }
        for (int i = 0; i < 4; ++i)
            summary.total += summary.counts.value(QLatin1String(names[i]));
        summary.latency = LatencyStats(std::move(samples));
    }
    if (filter.readsErrors()) {
        const ActivityFeed::TimeWindow window
            = ActivityFeed::timeWindow(db, "agent_events", "e", filter.sinceMs);
        SqliteStatement errors = db.prepare(
            "SELECT COUNT(*) FROM agent_events e" + join("e") + " WHERE 1" + window.sql + conditions("e"));
        bind(errors, window.sinceMs, false);
        if (errors.step()) {
            summary.counts[QStringLiteral("error")] = errors.int64(0);
            summary.total += errors.int64(0);
        }
    }
    return summary;
}

QJsonObject ActivityQuery::Summary::countsJson() const
{
    QJsonObject object;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

// SPDX-License-Identifier: MIT
#include "activityquery.h"

#include "apijson.h"
#include "queryparams.h"
#include "store/database.h"

#include <algorithm>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace {

// Whether a filter lets the view's errors arm, or its requests arm, through.
bool usesErrors(const ActivityQuery::Filter& filter)
{
    return filter.eventTypes.isEmpty() || filter.eventTypes.contains(QLatin1String("error"));
}

bool usesRequests(const ActivityQuery::Filter& filter)
{
    return filter.eventTypes.isEmpty() || filter.eventTypes.size() > (usesErrors(filter) ? 1 : 0);
}

// The WHERE clause of a filter over the view aliased `a`, with ?-parameters bound by bindFilter in
// the same order.
std::string filterSql(const ActivityQuery::Filter& filter, bool since)
{
    std::string sql = " WHERE 1";
    if (since)
        sql += " AND a.ts >= ?";
    if (!filter.eventTypes.isEmpty()) {
        sql += " AND a.event_type IN (?";
        for (qsizetype i = 1; i < filter.eventTypes.size(); ++i)
            sql += ",?";
        sql += ')';
    }
    if (!filter.agent.isEmpty())
        sql += " AND a.agent_name = ?";
    if (!filter.model.isEmpty())
        sql += " AND a.model = ?";
    // The view's rid starts with 'u' in its requests arm and 'e' in its errors arm. SQLite pushes this
    // into each arm, where the requests arm decides it from the usage_ts index entry alone, before
    // classifying a request or looking up its session: an errors-only query no longer pays for every
    // request in its window.
    if (usesRequests(filter) && !usesErrors(filter))
        sql += " AND substr(a.rid, 1, 1) = 'u'";
    else if (!usesRequests(filter) && usesErrors(filter))
        sql += " AND substr(a.rid, 1, 1) = 'e'";
    return sql;
}

int bindFilter(SqliteStatement& statement, const ActivityQuery::Filter& filter, std::optional<qint64> since)
{
    int index = 1;
    if (since)
        statement.bind(index++, *since);
    for (const QString& type : filter.eventTypes)
        statement.bind(index++, type);
    if (!filter.agent.isEmpty())
        statement.bind(index++, filter.agent);
    if (!filter.model.isEmpty())
        statement.bind(index++, filter.model);
    return index;
}

std::optional<qint64> singleTime(Database& db, const std::string& sql, std::optional<qint64> parameter = {})
{
    SqliteStatement statement = db.prepare(sql);
    if (parameter)
        statement.bind(1, *parameter);
    if (!statement.step() || statement.isNull(0))
        return std::nullopt;
    return statement.int64(0);
}

std::optional<qint64> later(std::optional<qint64> a, std::optional<qint64> b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return qMax(*a, *b);
}

} // namespace

const QStringList& ActivityQuery::eventTypes()
{
    static const QStringList types = { QStringLiteral("api_call"), QStringLiteral("cache_hit"),
        QStringLiteral("cache_miss"), QStringLiteral("model_override"), QStringLiteral("error") };
    return types;
}

ActivityQuery::Filter ActivityQuery::read(QueryParams& params)
{
    Filter filter;
    const QString list = params.text("event_type", QString(), 200);
    for (const QString& part : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString type = part.trimmed().toLower();
        if (type.isEmpty())
            continue;
        if (!eventTypes().contains(type)) {
            params.fail(QStringLiteral("unknown event_type '%1'; event types are %2")
                            .arg(type.left(40), eventTypes().join(QStringLiteral(", "))));
            continue;
        }
        if (!filter.eventTypes.contains(type))
            filter.eventTypes.append(type);
    }
    filter.agent = params.text("agent", QString(), 200).trimmed();
    filter.model = params.text("model", QString(), 200).trimmed();
    return filter;
}

QJsonArray ActivityQuery::select(Database& db, const Filter& filter, std::optional<qint64> fromMs, int limit)
{
    // The view is a UNION ALL, and SQLite 3.40 cannot take "ORDER BY ts DESC LIMIT n" into its arms:
    // without a lower bound on ts it reads and sorts every request ever made. The bound is pushed
    // into both arms, where usage_ts and agent_events_ts serve it.
    const std::string sql
        = "SELECT a.ts, a.event_type, a.agent_name, a.model, a.tokens, a.latency_ms, a.requested_model, "
          "a.cost, a.message, s.external_id, src.name "
          "FROM activity a JOIN sessions s ON s.id = a.session_id JOIN sources src ON src.id = s.source_id"
        + filterSql(filter, fromMs.has_value()) + " ORDER BY a.ts DESC, a.rid DESC LIMIT ?";
    SqliteStatement statement = db.prepare(sql);
    const int next = bindFilter(statement, filter, fromMs);
    statement.bind(next, limit);
    QJsonArray items;
    while (statement.step()) {
        items.append(QJsonObject {
            { QStringLiteral("timestamp"), ApiJson::isoTime(statement.int64(0)) },
            { QStringLiteral("event_type"), statement.text(1) },
            { QStringLiteral("agent_name"), ApiJson::textOrNull(statement, 2) },
            { QStringLiteral("model"), ApiJson::textOrNull(statement, 3) },
            { QStringLiteral("tokens"), ApiJson::integerOrNull(statement, 4) },
            { QStringLiteral("latency_ms"), ApiJson::integerOrNull(statement, 5) },
            { QStringLiteral("requested_model"), ApiJson::textOrNull(statement, 6) },
            { QStringLiteral("cost"), ApiJson::realOrNull(statement, 7) },
            { QStringLiteral("message"), ApiJson::textOrNull(statement, 8) },
            { QStringLiteral("session_id"), statement.text(9) },
            { QStringLiteral("source"), statement.text(10) },
        });
    }
    return items;
}

QJsonArray ActivityQuery::recent(Database& db, const Filter& filter, int limit)
{
    if (limit <= 0)
        return {};
    // The newest `limit` items of the unfiltered feed are all at or after the later of the two
    // tables' limit-th newest times (a table with fewer rows sets no bound); a filtered answer can
    // only reach further back. A table whose items the filter excludes sets no bound either. The
    // times come from the ts indexes without reading a row.
    const std::optional<qint64> usageBound = usesRequests(filter)
        ? singleTime(db, "SELECT ts FROM usage_records ORDER BY ts DESC LIMIT 1 OFFSET ?", limit - 1)
        : std::nullopt;
    const std::optional<qint64> eventBound = usesErrors(filter)
        ? singleTime(db, "SELECT ts FROM agent_events ORDER BY ts DESC LIMIT 1 OFFSET ?", limit - 1)
        : std::nullopt;
    // No bound at all: the tables the filter reads hold fewer than `limit` rows, read at once.
    std::optional<qint64> from = later(usageBound, eventBound);
    const std::optional<qint64> floor = filter.sinceMs;
    if (from && floor && *from <= *floor)
        from = floor;
    if (!from)
        return select(db, filter, floor, limit);

    QJsonArray items = select(db, filter, from, limit);
    if (items.size() >= limit || (floor && *from <= *floor))
        return items;
    // A filter that passes few items: the window grows eightfold until it holds `limit` of them or
    // reaches the start of the data (or of the days window).
    const qint64 newest = later(singleTime(db, "SELECT MAX(ts) FROM usage_records"),
        singleTime(db, "SELECT MAX(ts) FROM agent_events"))
                              .value_or(*from);
    const qint64 oldest = qMin(singleTime(db, "SELECT MIN(ts) FROM usage_records").value_or(*from),
        singleTime(db, "SELECT MIN(ts) FROM agent_events").value_or(*from));
    qint64 span = qMax<qint64>(newest - *from, 60 * 60 * 1000);
    while (items.size() < limit) {
        span = span > std::numeric_limits<qint64>::max() / 8 ? std::numeric_limits<qint64>::max() : span * 8;
        qint64 start = span >= newest - oldest ? oldest : newest - span;
        if (floor && start <= *floor)
            start = *floor;
        items = select(db, filter, start, limit);
        if (start <= oldest || (floor && start <= *floor))
            break;
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

ActivityQuery::TimeWindow ActivityQuery::timeWindow(
    Database& db, const char* table, const char* alias, std::optional<qint64> sinceMs)
{
    if (!sinceMs)
        return {};
    // MIN and MAX come from the ts index. A window that starts before the data needs no condition.
    const std::optional<qint64> oldest = singleTime(db, "SELECT MIN(ts) FROM " + std::string(table));
    const std::optional<qint64> newest = singleTime(db, "SELECT MAX(ts) FROM " + std::string(table));
    if (!oldest || !newest || *sinceMs <= *oldest)
        return {};
    // A window over more than a fifth of the time span is read by a scan ('+' keeps SQLite off the ts
    // index): through the index every row is a separate lookup in the table, in ts order, which is not
    // the order rows were stored in; for most of a 5M-row table that took 9 s against 1 s.
    const bool wide = double(*newest - *sinceMs) > 0.2 * double(qMax<qint64>(1, *newest - *oldest));
    return TimeWindow { " AND " + std::string(wide ? "+" : "") + alias + ".ts >= ?", sinceMs };
}

ActivityQuery::Summary ActivityQuery::summarise(Database& db, const Filter& filter)
{
    Summary summary;
    for (const QString& type : eventTypes())
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
                      statement.bind(index++, int(eventTypes().indexOf(type)));
              }
              if (!filter.agent.isEmpty())
                  statement.bind(index++, filter.agent);
              if (!filter.model.isEmpty())
                  statement.bind(index++, filter.model);
          };

    if (usesRequests(filter)) {
        const TimeWindow window = timeWindow(db, "usage_records", "u", filter.sinceMs);
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
    if (usesErrors(filter)) {
        const TimeWindow window = timeWindow(db, "agent_events", "e", filter.sinceMs);
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

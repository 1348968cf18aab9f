// SPDX-License-Identifier: MIT
#include "activityquery.h"

#include "apijson.h"
#include "queryparams.h"
#include "store/database.h"

#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace {

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

std::optional<qint64> singleTime(Database& db, const char* sql, std::optional<qint64> parameter = {})
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

QString ActivityQuery::Filter::canonical() const
{
    QStringList types = eventTypes;
    types.sort();
    return QStringLiteral("types=%1;agent=%2;model=%3;since=%4")
        .arg(types.join(QLatin1Char(',')), agent, model, sinceMs ? QString::number(*sinceMs) : QString());
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
    // tables' limit-th newest times; a filtered answer can only reach further back. Both times come
    // from the ts indexes without reading a row.
    const std::optional<qint64> usageBound
        = singleTime(db, "SELECT ts FROM usage_records ORDER BY ts DESC LIMIT 1 OFFSET ?", limit - 1);
    const std::optional<qint64> eventBound
        = singleTime(db, "SELECT ts FROM agent_events ORDER BY ts DESC LIMIT 1 OFFSET ?", limit - 1);
    std::optional<qint64> from = later(usageBound, eventBound);
    // Fewer than `limit` rows in both tables: everything is small enough to read at once.
    if (!usageBound && !eventBound)
        from.reset();
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

ActivityQuery::Summary ActivityQuery::summarise(Database& db, const Filter& filter)
{
    Summary summary;
    for (const QString& type : eventTypes())
        summary.counts.insert(type, 0);
    // One pass: the counts and the latency samples come from the same rows. The ts bound, when
    // there is one, reaches both arms of the view through their ts indexes.
    const std::string sql
        = "SELECT a.event_type, a.latency_ms FROM activity a" + filterSql(filter, filter.sinceMs.has_value());
    SqliteStatement statement = db.prepare(sql);
    bindFilter(statement, filter, filter.sinceMs);
    std::vector<qint64> latencies;
    const QStringList& types = eventTypes();
    std::vector<std::string> typeNames;
    for (const QString& type : types)
        typeNames.push_back(type.toStdString());
    std::vector<qint64> counts(typeNames.size(), 0);
    while (statement.step()) {
        // Compared in place: a QString per row would dominate a scan of many thousand rows.
        const std::string_view type = statement.view(0);
        for (size_t i = 0; i < typeNames.size(); ++i) {
            if (type == typeNames[i]) {
                ++counts[i];
                break;
            }
        }
        ++summary.total;
        if (!statement.isNull(1))
            latencies.push_back(statement.int64(1));
    }
    for (size_t i = 0; i < typeNames.size(); ++i)
        summary.counts[types[qsizetype(i)]] = counts[i];
    summary.latency = LatencyStats(std::move(latencies));
    return summary;
}

QJsonObject ActivityQuery::Summary::countsJson() const
{
    QJsonObject object;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

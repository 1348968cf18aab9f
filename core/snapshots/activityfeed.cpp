// SPDX-License-Identifier: MIT
#include "activityfeed.h"

#include "domain/changenotice.h"
#include "reports/costcolumns.h"
#include "store/database.h"
#include "store/optionalcolumn.h"

#include <algorithm>
#include <limits>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

// The WHERE clause of a filter over the view aliased `a`, with ?-parameters bound by bindFilter in
// the same order.
std::string filterSql(const ActivityFilter& filter, bool since)
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
    if (filter.readsRequests() && !filter.readsErrors())
        sql += " AND substr(a.rid, 1, 1) = 'u'";
    else if (!filter.readsRequests() && filter.readsErrors())
        sql += " AND substr(a.rid, 1, 1) = 'e'";
    return sql;
}

int bindFilter(SqliteStatement& statement, const ActivityFilter& filter, std::optional<qint64> since)
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

ActivityItem fromUsage(const ChangeNotice::Usage& usage, ReportOptions::CostMode mode)
{
    ActivityItem item;
    item.rid = QLatin1Char('u') + QString::number(usage.id);
    item.ts = usage.ts;
    item.eventType = usage.eventType;
    item.source = usage.source;
    item.sessionId = usage.sessionId;
    item.agent = usage.agent;
    item.model = usage.model;
    item.requestedModel = usage.requestedModel;
    item.tokens = usage.tokensTotal;
    item.cost = CostColumns::requestCost(mode, usage);
    item.latencyMs = usage.latencyMs;
    return item;
}

ActivityItem fromEvent(const ChangeNotice::Event& event)
{
    // The view lists every agent event, retries included, as an error.
    ActivityItem item;
    item.rid = QLatin1Char('e') + QString::number(event.id);
    item.ts = event.ts;
    item.eventType = QStringLiteral("error");
    item.source = event.source;
    item.sessionId = event.sessionId;
    item.agent = event.agent;
    item.model = event.model;
    item.message = event.message;
    return item;
}

} // namespace

QList<ActivityItem> ActivityFeed::select(
    Database& db, const ActivityFilter& filter, std::optional<qint64> fromMs, int limit)
{
    // The view is a UNION ALL, and SQLite 3.40 cannot take "ORDER BY ts DESC LIMIT n" into its arms:
    // without a lower bound on ts it reads and sorts every request ever made. The bound is pushed
    // into both arms, where usage_ts and agent_events_ts serve it.
    const std::string sql
        = "SELECT a.ts, a.event_type, a.agent_name, a.model, a.tokens, a.latency_ms, a.requested_model, "
          "a.cost, a.message, s.external_id, src.name, a.rid "
          "FROM activity a JOIN sessions s ON s.id = a.session_id JOIN sources src ON src.id = s.source_id"
        + filterSql(filter, fromMs.has_value()) + " ORDER BY a.ts DESC, a.rid DESC LIMIT ?";
    SqliteStatement statement = db.prepare(sql);
    const int next = bindFilter(statement, filter, fromMs);
    statement.bind(next, limit);
    QList<ActivityItem> items;
    while (statement.step()) {
        ActivityItem item;
        item.ts = statement.int64(0);
        item.eventType = statement.text(1);
        item.agent = statement.text(2);
        item.model = statement.text(3);
        item.tokens = OptionalColumn::int64(statement, 4);
        item.latencyMs = OptionalColumn::int64(statement, 5);
        item.requestedModel = statement.text(6);
        item.cost = statement.optionalReal(7);
        item.message = statement.text(8);
        item.sessionId = statement.text(9);
        item.source = statement.text(10);
        item.rid = statement.text(11);
        items.append(item);
    }
    return items;
}

QList<ActivityItem> ActivityFeed::recent(Database& db, const ActivityFilter& filter, int limit)
{
    if (limit <= 0)
        return {};
    // The newest `limit` items of the unfiltered feed are all at or after the later of the two
    // tables' limit-th newest times (a table with fewer rows sets no bound); a filtered answer can
    // only reach further back. A table whose items the filter excludes sets no bound either. The
    // times come from the ts indexes without reading a row.
    const std::optional<qint64> usageBound = filter.readsRequests()
        ? singleTime(db, "SELECT ts FROM usage_records ORDER BY ts DESC LIMIT 1 OFFSET ?", limit - 1)
        : std::nullopt;
    const std::optional<qint64> eventBound = filter.readsErrors()
        ? singleTime(db, "SELECT ts FROM agent_events ORDER BY ts DESC LIMIT 1 OFFSET ?", limit - 1)
        : std::nullopt;
    // No bound at all: the tables the filter reads hold fewer than `limit` rows, read at once.
    std::optional<qint64> from = later(usageBound, eventBound);
    const std::optional<qint64> floor = filter.sinceMs;
    if (from && floor && *from <= *floor)
        from = floor;
    if (!from)
        return select(db, filter, floor, limit);

    QList<ActivityItem> items = select(db, filter, from, limit);
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

ActivitySnapshot ActivityFeed::load(
    Database& db, const ActivityFilter& filter, int limit, ReportOptions::CostMode mode)
{
    QList<ActivityItem> items = recent(db, filter, limit);
    if (mode != ReportOptions::CostMode::Auto)
        reprice(db, items, mode);
    return ActivitySnapshot { items, {}, false };
}

// The view has the auto cost only; a page of requests is priced again by id rather than giving the
// view a column per mode (its sort would carry them for every row of the window).
void ActivityFeed::reprice(Database& db, QList<ActivityItem>& items, ReportOptions::CostMode mode)
{
    QJsonArray ids;
    QHash<qint64, ActivityItem*> byId;
    for (ActivityItem& item : items) {
        if (!item.rid.startsWith(QLatin1Char('u')))
            continue;
        const qint64 id = QStringView(item.rid).mid(1).toLongLong();
        ids.append(id);
        byId.insert(id, &item);
    }
    if (byId.isEmpty())
        return;
    SqliteStatement statement = db.prepare("SELECT id, " + CostColumns::recordCost(mode)
        + " FROM usage_records WHERE id IN (SELECT value FROM json_each(?1))");
    statement.bind(1, QJsonDocument(ids).toJson(QJsonDocument::Compact));
    while (statement.step())
        if (ActivityItem* item = byId.value(statement.int64(0)))
            item->cost = statement.optionalReal(1);
}

ActivitySnapshot ActivityFeed::fromNotice(const ChangeNotice& notice, ReportOptions::CostMode mode)
{
    ActivitySnapshot snapshot;
    snapshot.historyChanged = notice.historyChanged;
    for (const ChangeNotice::Usage& usage : notice.usage)
        snapshot.items.append(fromUsage(usage, mode));
    for (const ChangeNotice::Event& event : notice.events)
        snapshot.items.append(fromEvent(event));
    // The view's order: newest first, then the higher rid ('u' after 'e', as text).
    std::stable_sort(
        snapshot.items.begin(), snapshot.items.end(), [](const ActivityItem& a, const ActivityItem& b) {
            return a.ts != b.ts ? a.ts > b.ts : a.rid > b.rid;
        });
    for (const ChangeNotice::Usage& usage : notice.usageUpdated)
        snapshot.updated.append(fromUsage(usage, mode));
    return snapshot;
}

ActivityFeed::TimeWindow ActivityFeed::timeWindow(
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

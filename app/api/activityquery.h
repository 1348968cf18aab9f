// SPDX-License-Identifier: MIT
#pragma once

#include "latencystats.h"

#include <optional>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <string>

class Database;
class QueryParams;

// Reads the `activity` view (0003_activity.sql) with the filters that /api/activity and /api/stream
// share. Recent items come from the view itself; the aggregates that read every item of a window use
// usageEventCodeSql(), the view's request classification repeated for usage_records alone, because the
// view costs a sessions lookup per request (tst_analyticsroutes holds the two equal).
class ActivityQuery
{
public:
    struct Filter
    {
        QStringList eventTypes; // empty: every type
        QString agent; // exact agent_name; empty: any
        QString model; // exact model; empty: any
        std::optional<qint64> sinceMs; // items at or after this UTC time; none: all time

        bool selectsEverything() const
        {
            return eventTypes.isEmpty() && agent.isEmpty() && model.isEmpty() && !sinceMs;
        }
    };
    struct Summary
    {
        QMap<QString, qint64> counts; // every event type, 0 when none matched
        qint64 total = 0;
        LatencyStats latency;
        QJsonObject countsJson() const;
    };

    // api_call, cache_hit, cache_miss, model_override, error: the seed's event types.
    static const QStringList& eventTypes();
    // Reads event_type (a comma list; an unknown type is a parameter error), agent and model. The days
    // window is the route's to read, because the routes' defaults differ.
    static Filter read(QueryParams& params);

    // The newest `limit` items that pass the filter, newest first.
    static QJsonArray recent(Database& db, const Filter& filter, int limit);
    // Counts per type and latency percentiles over every item that passes the filter.
    static Summary summarise(Database& db, const Filter& filter);
    // The view's event_type of a usage_records row aliased `u`, as an SQL expression giving the
    // type's index in eventTypes(): 0 api_call, 1 cache_hit, 2 cache_miss, 3 model_override.
    static const std::string& usageEventCodeSql();
    // The condition " AND <alias>.ts >= ?" for a table's rows in a window, with the value to bind:
    // none when the window holds all of them, and kept off the ts index when it holds much of them
    // (a scan is faster then).
    struct TimeWindow
    {
        std::string sql;
        std::optional<qint64> sinceMs;
    };
    static TimeWindow timeWindow(
        Database& db, const char* table, const char* alias, std::optional<qint64> sinceMs);

private:
    static QJsonArray select(Database& db, const Filter& filter, std::optional<qint64> fromMs, int limit);
};

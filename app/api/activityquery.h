// SPDX-License-Identifier: MIT
#pragma once

#include "latencystats.h"
#include "snapshots/activityfilter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QString>
#include <string>

class Database;
class QueryParams;

// Reads the `activity` view (0003_activity.sql) with the filters that /api/activity and /api/stream
// share. Recent items come from the view itself (ActivityFeed, shared with the window); the aggregates that
// read every item of a window use usageEventCodeSql(), the view's request classification repeated for
// usage_records alone, because the view costs a sessions lookup per request (tst_analyticsroutes holds the
// two equal).
class ActivityQuery
{
public:
    using Filter = ActivityFilter;
    struct Summary
    {
        QMap<QString, qint64> counts; // every event type, 0 when none matched
        qint64 total = 0;
        LatencyStats latency;
        QJsonObject countsJson() const;
    };

    // Reads event_type (a comma list; an unknown type is a parameter error), agent and model. The days
    // window is the route's to read, because the routes' defaults differ.
    static Filter read(QueryParams& params);

    // The newest `limit` items that pass the filter, newest first (ActivityFeed::recent, as JSON).
    static QJsonArray recent(Database& db, const Filter& filter, int limit);
    // Counts per type and latency percentiles over every item that passes the filter.
    static Summary summarise(Database& db, const Filter& filter);
    // The view's event_type of a usage_records row aliased `u`, as an SQL expression giving the
    // type's index in ActivityFilter::allEventTypes(): 0 api_call, 1 cache_hit, 2 cache_miss,
    // 3 model_override.
    static const std::string& usageEventCodeSql();
};

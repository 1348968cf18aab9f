// SPDX-License-Identifier: MIT
#pragma once

#include "activityfilter.h"
#include "activitysnapshot.h"
#include "reports/reportoptions.h"

#include <optional>
#include <string>

class Database;
struct ChangeNotice;

// Reads the `activity` view (0003_activity.sql) for the API's /api/activity and /api/stream and the
// window's Activity page, and turns live ingest's change notices into the same items.
class ActivityFeed
{
public:
    // The newest `limit` items that pass the filter, newest first, with the view's (auto) cost.
    static QList<ActivityItem> recent(Database& db, const ActivityFilter& filter, int limit);
    // The same with each request's cost in `mode` (the window's Activity page).
    static ActivitySnapshot load(Database& db, const ActivityFilter& filter, int limit,
        ReportOptions::CostMode mode = ReportOptions::CostMode::Auto);
    // The items a notice adds (its listed requests and errors; a truncated notice lists the newest) and
    // the requests it updates, as the view would give them, costs in `mode`.
    static ActivitySnapshot fromNotice(
        const ChangeNotice& notice, ReportOptions::CostMode mode = ReportOptions::CostMode::Auto);

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
    static void reprice(Database& db, QList<ActivityItem>& items, ReportOptions::CostMode mode);
    static QList<ActivityItem> select(
        Database& db, const ActivityFilter& filter, std::optional<qint64> fromMs, int limit);
};

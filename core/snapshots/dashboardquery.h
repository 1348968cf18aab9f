// SPDX-License-Identifier: MIT
#pragma once

#include "dashboardsnapshot.h"
#include "reports/reportoptions.h"

#include <QDateTime>
#include <QTimeZone>

class Database;
class PriceBook;

// Reads the Dashboard's snapshot. Calendar periods are cut in timeZone: today, the ISO week (Monday
// start) and the month of `now`; the charts cover the last DashboardSnapshot::kDailyDays local days.
// Totals come from usage_rollup (one scan of the window's 15-minute buckets), today's minutes and the
// last hour from usage_records through its ts index, recent sessions through sessions' last_ts index.
class DashboardQuery
{
public:
    // prices gives the per-component rates of the breakdown and the cache savings; null leaves both
    // empty. mode says which cost every total, series and session shows (the breakdown and the savings
    // are ours by nature: no agent logs its cost per token component).
    static DashboardSnapshot load(Database& db, const QDateTime& now, const QTimeZone& timeZone,
        const PriceBook* prices, ReportOptions::CostMode mode = ReportOptions::CostMode::Auto);

    // The projection rule (see DashboardSnapshot::projectedMonthCost).
    static double projectMonth(double monthToDate, const QDate& today);
};

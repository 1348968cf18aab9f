// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTimeZone>

class Database;

// The body of GET /api/tokens (token-tracker-report.md): tokens and cost per agent, today's total,
// 30 days of daily usage split by agent, the ten sessions updated last. Everything comes from
// usage_rollup in two scans (per session, and per 15-minute bucket of the last 30 days) plus a few
// row lookups; nothing reads usage_records.
class TokenReport
{
public:
    // period: "all", or a rolling window of local days ending today: "today" (1), "week" (7), "month"
    // (30).
    static const QStringList& periods();

    // now and timeZone decide the local days; the agent totals, session count and recent sessions cover
    // `period`, the daily series always the last 30 days, summary.today the local day of `now`.
    static QJsonObject build(
        Database& db, const QDateTime& now, const QTimeZone& timeZone, const QString& period);

    static constexpr int kDailyDays = 30;
    static constexpr int kRecentSessions = 10;
};

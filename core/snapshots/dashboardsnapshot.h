// SPDX-License-Identifier: MIT
#pragma once

#include "reports/report.h"

#include <array>
#include <optional>
#include <QDate>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

// Everything the Dashboard page shows, read in one go by DashboardQuery on a query thread. Costs are
// the auto cost (logged when the agent wrote one, else computed); UsageTotals::cost excludes unpriced
// requests and unpricedRequests counts them. Times are UTC milliseconds since the epoch; dates are
// local dates of the time zone the snapshot was made for.
struct DashboardSnapshot
{
    // The cost of one minute of today (requests whose ts falls in [ms, ms + 60 s)).
    struct MinuteCost
    {
        qint64 ms = 0;
        double cost = 0;
        friend bool operator==(const MinuteCost&, const MinuteCost&) = default;
    };
    // One series of the daily chart: its cost on each of the days from firstDay.
    struct DailySeries
    {
        QString name;
        QList<double> costs; // dailyDays entries
        double total() const
        {
            double sum = 0;
            for (double cost : costs)
                sum += cost;
            return sum;
        }
    };
    struct Agent
    {
        QString source; // sources.name
        QString agent; // 'main' or a sub-agent / OpenClaw agent id
        UsageTotals totals;
        qint64 sessions = 0;
    };
    // The cost components of the breakdown, at the price book's base rates.
    enum Component
    {
        FreshInput,
        Output, // output and reasoning
        CacheRead,
        CacheWrite, // 5-minute and 1-hour writes
        ComponentCount
    };
    struct ComponentCost
    {
        qint64 tokens = 0;
        std::optional<double> cost; // empty: no request of this component had a price
    };
    struct RecentSession
    {
        qint64 rowId = 0;
        QString sessionId; // sessions.external_id
        QString title;
        QString source;
        QString agent;
        UsageTotals totals; // with its sub-agent sessions
        std::optional<qint64> lastTs;
    };

    static constexpr int kDailyDays = 30;
    static constexpr int kRecentSessions = 10;

    qint64 nowMs = 0;
    QDate today;
    QDate weekStart; // the Monday of today's ISO week
    QDate monthStart;
    qint64 todayStartMs = 0;
    qint64 todayEndMs = 0;

    UsageTotals todayTotals;
    UsageTotals weekTotals;
    UsageTotals monthTotals;

    // Requests of the last 60 minutes: their cost is the burn rate in $/hour.
    UsageTotals lastHour;
    // Month to date plus the average cost of the month's days so far (today counted as a whole day)
    // for every day left: monthTotals.cost * daysInMonth / dayOfMonth.
    double projectedMonthCost = 0;

    QList<MinuteCost> todayMinutes; // oldest first, minutes without requests left out

    // The last kDailyDays days, today included; every series sorted by total cost, highest first.
    QDate firstDay;
    QList<DailySeries> dailyByModel;
    QList<DailySeries> dailyByAgent; // named "agent (source)"
    // The same window: agents by cost, the cost components, what the cache saved.
    QList<Agent> agents;
    std::array<ComponentCost, ComponentCount> components;
    std::optional<double> cacheSavings; // empty: no model with cache reads had both prices
    QStringList unpricedModels; // models of the window without a price (left out of the breakdown)
    UsageTotals windowTotals;

    QList<RecentSession> recentSessions; // newest last activity first

    // An agent's name in the charts: the same agent id ('main') exists in several sources.
    static QString seriesName(const QString& agent, const QString& source)
    {
        return QStringLiteral("%1 (%2)").arg(agent, source);
    }
};
Q_DECLARE_METATYPE(DashboardSnapshot)

// SPDX-License-Identifier: MIT
#include "budgetevaluator.h"

#include <cmath>

namespace {
using Kind = BudgetNotifications::Kind;

constexpr double kMsPerHour = 3600.0 * 1000.0;
constexpr qint64 kMsPerMinute = 60 * 1000;

// The kinds whose condition holds now, mildest first.
QList<Kind> reachedKinds(const BudgetEvaluator::Status& status)
{
    QList<Kind> kinds;
    if (status.projectedAlert)
        kinds.append(Kind::Projected);
    if (status.level >= BudgetEvaluator::Level::Warn)
        kinds.append(Kind::Warn);
    if (status.level == BudgetEvaluator::Level::Alert)
        kinds.append(Kind::Alert);
    return kinds;
}
} // namespace

BudgetEvaluator::Status BudgetEvaluator::status(
    const Budget& budget, const BudgetSpend& spend, const QDateTime& now, const QTimeZone& zone)
{
    Status status;
    status.budget = budget;
    status.period = BudgetPeriod::containing(budget.period, now, zone);
    status.spent = spend.spent;
    status.ratePerHour = spend.ratePerHour;
    status.fraction = budget.amount > 0 ? spend.spent / budget.amount : 0;
    // Compared in percent, rounded to a cent of a percent, so that $16.00 of $20.00 is exactly 80 %.
    const double percent = std::round(status.fraction * 10000.0) / 100.0;
    if (percent >= budget.alertPercent)
        status.level = Level::Alert;
    else if (percent >= budget.warnPercent)
        status.level = Level::Warn;

    if (status.level != Level::Alert && spend.ratePerHour > 0) {
        const double remaining = budget.amount * budget.alertPercent / 100.0 - spend.spent;
        // To the minute, as it is shown: "at 16:40", not 16:39 for a rounding error of a millisecond.
        const qint64 ms = now.toMSecsSinceEpoch() + qint64(remaining / spend.ratePerHour * kMsPerHour);
        const QDateTime crossing = QDateTime::fromMSecsSinceEpoch(
            (ms + kMsPerMinute / 2) / kMsPerMinute * kMsPerMinute, QTimeZone::utc());
        if (crossing < status.period.end)
            status.projectedAlert = crossing.toTimeZone(zone);
    }
    return status;
}

BudgetEvaluator::Result BudgetEvaluator::evaluate(const QList<Budget>& budgets,
    const QHash<QString, BudgetSpend>& spend, const QDateTime& now, const QTimeZone& zone,
    BudgetNotifications& notified)
{
    Result result;
    for (const Budget& budget : budgets) {
        if (!budget.isActive())
            continue;
        const Status current = status(budget, spend.value(budget.id), now, zone);
        result.statuses.append(current);

        const QList<Kind> reached = reachedKinds(current);
        std::optional<Kind> newest;
        for (const Kind kind : reached) {
            if (!notified.contains(budget.id, current.period.key, kind))
                newest = kind;
        }
        if (!newest)
            continue;
        // What is reached now is said by this one notification: the milder kinds must not follow it.
        for (const Kind kind : reached)
            notified.insert(budget.id, current.period.key, kind);
        result.crossings.append(Crossing { *newest, current });
    }
    return result;
}

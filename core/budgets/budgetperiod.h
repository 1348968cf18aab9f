// SPDX-License-Identifier: MIT
#pragma once

#include "budget.h"

#include <QDateTime>
#include <QString>
#include <QTimeZone>

// The calendar period a budget counts in, in the user's time zone: a day from midnight, an ISO week from
// Monday midnight, a month from the 1st. The key names it in the notified state and in alerts.
struct BudgetPeriod
{
    QDateTime start; // inclusive
    QDateTime end; // exclusive: the next period's start
    QString key; // 2026-05-06, 2026-W19, 2026-05

    static BudgetPeriod containing(Budget::Period period, const QDateTime& now, const QTimeZone& zone);
};

// SPDX-License-Identifier: MIT
#pragma once

#include "budget.h"
#include "budgetspend.h"
#include "reports/reportoptions.h"

#include <QDateTime>
#include <QList>
#include <QTimeZone>

class Database;

// What each budget's scope cost in its current period up to now, in the window's cost mode (auto: logged
// where the agent logged one, else computed), read from usage_rollup, and the rate the evaluator projects
// with:
// - day budgets: the cost of the trailing hour (from the 15-minute bucket that contains now - 1 h, so
//   60 to 75 minutes), per hour; a day's budget reacts to how fast you work now;
// - week and month budgets: the period-to-date average per hour (at least one hour counted), which
//   includes nights and idle days, so one busy hour does not project a month.
// Runs on a QueryRunner thread.
class BudgetSpendQuery
{
public:
    static BudgetSpendSnapshot run(Database& db, const QList<Budget>& budgets, const QDateTime& now,
        const QTimeZone& zone, ReportOptions::CostMode mode = ReportOptions::CostMode::Auto);

    // The spend of one budget (also inactive ones).
    static BudgetSpend spend(Database& db, const Budget& budget, const QDateTime& now, const QTimeZone& zone,
        ReportOptions::CostMode mode = ReportOptions::CostMode::Auto);
};

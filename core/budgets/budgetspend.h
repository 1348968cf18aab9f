// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QMetaType>
#include <QString>

// What one budget's scope has cost in its current period, and how fast it is spending now.
struct BudgetSpend
{
    double spent = 0; // dollars since the period's start
    double ratePerHour = 0; // dollars per hour, see BudgetSpendQuery for which window
};

// The spend query's answer: per budget id, plus today's total over everything (the tray's tooltip).
struct BudgetSpendSnapshot
{
    QHash<QString, BudgetSpend> byBudget;
    double todayCost = 0;
};
Q_DECLARE_METATYPE(BudgetSpendSnapshot)

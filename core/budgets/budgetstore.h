// SPDX-License-Identifier: MIT
#pragma once

#include "budget.h"
#include "budgetnotifications.h"

#include <QList>

class AppSettings;

// Budgets and their notified state in the settings file (AppSettings::raw(), group "budgets"): the
// editor writes the list, the monitor reads it and keeps the notified state. Both talk to the same
// AppSettings object, so a saved list is what the next evaluation reads.
class BudgetStore
{
public:
    explicit BudgetStore(AppSettings& settings);

    QList<Budget> budgets() const;
    // Also forgets the notified state of budgets that were removed or whose amount, period, scope or
    // levels changed: a raised budget must be able to warn again in the same period.
    void saveBudgets(const QList<Budget>& budgets);

    BudgetNotifications notifications() const;
    void saveNotifications(const BudgetNotifications& notifications);

private:
    AppSettings& m_settings;
};

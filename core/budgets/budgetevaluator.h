// SPDX-License-Identifier: MIT
#pragma once

#include "budget.h"
#include "budgetnotifications.h"
#include "budgetperiod.h"
#include "budgetspend.h"

#include <optional>
#include <QDateTime>
#include <QList>
#include <QTimeZone>

// Turns budgets and what their scopes spent into a status per budget and the crossings that were not
// notified yet in the current period. Pure: the caller supplies the spend, the time and the notified
// state, which evaluate() updates.
class BudgetEvaluator
{
public:
    enum class Level
    {
        None,
        Warn,
        Alert
    };

    struct Status
    {
        Budget budget;
        BudgetPeriod period;
        double spent = 0;
        double fraction = 0; // spent / amount
        double ratePerHour = 0;
        Level level = Level::None;
        // When the alert level is reached at ratePerHour (to the nearest minute, in the evaluation's
        // zone), if that is before the period ends and the level is not reached yet.
        std::optional<QDateTime> projectedAlert;
    };

    // A level reached (or projected) for the first time in the budget's period. One per budget and
    // evaluation at most: the most severe new one, which stands for the milder ones reached with it.
    struct Crossing
    {
        BudgetNotifications::Kind kind = BudgetNotifications::Kind::Warn;
        Status status;
    };

    struct Result
    {
        QList<Status> statuses; // active budgets, in the given order
        QList<Crossing> crossings;
    };

    // Inactive budgets (Budget::isActive) get neither a status nor crossings. A budget with no entry in
    // spend spent nothing.
    static Result evaluate(const QList<Budget>& budgets, const QHash<QString, BudgetSpend>& spend,
        const QDateTime& now, const QTimeZone& zone, BudgetNotifications& notified);

    static Status status(
        const Budget& budget, const BudgetSpend& spend, const QDateTime& now, const QTimeZone& zone);
};

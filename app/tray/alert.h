// SPDX-License-Identifier: MIT
#pragma once

#include "budgets/budgetevaluator.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

// A budget notification as every sink delivers it: the crossing, with a title and a sentence in the
// user's language ("At this rate you pass the daily budget at 16:40.").
struct Alert
{
    Q_DECLARE_TR_FUNCTIONS(Alert)
public:
    BudgetNotifications::Kind kind = BudgetNotifications::Kind::Warn;
    BudgetEvaluator::Status status;
    QString title;
    QString message;

    static Alert fromCrossing(const BudgetEvaluator::Crossing& crossing);

    // info (projected), warning (warn) or error (alert): the API's alert levels.
    QString level() const;
    // The data of an /api/events alert frame (docs/api.md, "Events for scripts").
    QJsonObject toJson() const;

    // "daily budget", "weekly budget for shop", ...
    static QString budgetName(const Budget& budget);
};
Q_DECLARE_METATYPE(Alert)

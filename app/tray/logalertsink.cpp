// SPDX-License-Identifier: MIT
#include "logalertsink.h"

#include "alert.h"

Q_LOGGING_CATEGORY(lcBudgets, "agentmeter.budgets", QtInfoMsg)

void LogAlertSink::deliver(const Alert& alert)
{
    const QString line
        = QStringLiteral("%1 [%2 %3]: %4")
              .arg(alert.title, alert.status.budget.id, alert.status.period.key, alert.message);
    if (alert.kind == BudgetNotifications::Kind::Alert)
        qCWarning(lcBudgets).noquote() << line;
    else
        qCInfo(lcBudgets).noquote() << line;
}

// SPDX-License-Identifier: MIT
#include "budgetperiod.h"

namespace {
QDateTime midnight(QDate date, const QTimeZone& zone)
{
    // Midnight can fall into a DST gap (e.g. America/Santiago); Qt then moves it forward, which is
    // still the first moment of that day.
    return QDateTime(date, QTime(0, 0), zone);
}
} // namespace

BudgetPeriod BudgetPeriod::containing(Budget::Period period, const QDateTime& now, const QTimeZone& zone)
{
    const QDate today = now.toTimeZone(zone).date();
    QDate first;
    QDate next;
    QString key;
    switch (period) {
    case Budget::Period::Day:
        first = today;
        next = today.addDays(1);
        key = today.toString(Qt::ISODate);
        break;
    case Budget::Period::Week: {
        first = today.addDays(1 - today.dayOfWeek()); // Qt: Monday is 1
        next = first.addDays(7);
        int isoYear = 0;
        const int week = today.weekNumber(&isoYear);
        key = QStringLiteral("%1-W%2").arg(isoYear).arg(week, 2, 10, QLatin1Char('0'));
        break;
    }
    case Budget::Period::Month:
        first = QDate(today.year(), today.month(), 1);
        next = first.addMonths(1);
        key = first.toString(QStringLiteral("yyyy-MM"));
        break;
    }
    return BudgetPeriod { midnight(first, zone), midnight(next, zone), key };
}

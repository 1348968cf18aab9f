// SPDX-License-Identifier: MIT
#include "alert.h"

#include "displayformat.h"

#include <cmath>
#include <QLocale>

namespace {
QString isoTime(const QDateTime& time)
{
    return time.toOffsetFromUtc(time.offsetFromUtc()).toString(Qt::ISODate);
}

QString spentSoFar(const BudgetEvaluator::Status& status)
{
    QString text;
    switch (status.budget.period) {
    case Budget::Period::Day:
        text = Alert::tr("%1 of %2 spent today");
        break;
    case Budget::Period::Week:
        text = Alert::tr("%1 of %2 spent this week");
        break;
    case Budget::Period::Month:
        text = Alert::tr("%1 of %2 spent this month");
        break;
    }
    return text.arg(DisplayFormat::money(status.spent), DisplayFormat::money(status.budget.amount));
}

// "At this rate you pass the daily budget at 16:40." Within a day the time says enough; a week's or
// month's projection needs the date too.
QString projection(const BudgetEvaluator::Status& status)
{
    const QDateTime at = *status.projectedAlert;
    const QLocale locale;
    const QString when = status.budget.period == Budget::Period::Day
        ? locale.toString(at.time(), QLocale::ShortFormat)
        : locale.toString(at, QLocale::ShortFormat);
    if (status.budget.alertPercent == 100)
        return Alert::tr("At this rate you pass the %1 at %2.").arg(Alert::budgetName(status.budget), when);
    return Alert::tr("At this rate you reach %1 of the %2 at %3.")
        .arg(DisplayFormat::percent(status.budget.alertPercent / 100.0), Alert::budgetName(status.budget),
            when);
}
} // namespace

QString Alert::budgetName(const Budget& budget)
{
    QString name;
    switch (budget.period) {
    case Budget::Period::Day:
        name = tr("daily budget");
        break;
    case Budget::Period::Week:
        name = tr("weekly budget");
        break;
    case Budget::Period::Month:
        name = tr("monthly budget");
        break;
    }
    return budget.scope == Budget::Scope::All ? name : tr("%1 for %2").arg(name, budget.scopeValue.trimmed());
}

Alert Alert::fromCrossing(const BudgetEvaluator::Crossing& crossing)
{
    Alert alert;
    alert.kind = crossing.kind;
    alert.status = crossing.status;
    const BudgetEvaluator::Status& status = crossing.status;
    const QString name = budgetName(status.budget);
    const QString spent = spentSoFar(status) + QLatin1Char('.');
    switch (crossing.kind) {
    case BudgetNotifications::Kind::Projected:
        alert.title = tr("AgentMeter: %1 at risk").arg(name);
        alert.message = projection(status) + QLatin1Char(' ') + spent;
        break;
    case BudgetNotifications::Kind::Warn:
        alert.title = tr("AgentMeter: %1 of the %2 used").arg(DisplayFormat::percent(status.fraction), name);
        alert.message = status.projectedAlert ? spent + QLatin1Char(' ') + projection(status) : spent;
        break;
    case BudgetNotifications::Kind::Alert:
        alert.title = status.budget.alertPercent == 100
            ? tr("AgentMeter: %1 reached").arg(name)
            : tr("AgentMeter: %1 of the %2 used").arg(DisplayFormat::percent(status.fraction), name);
        alert.message = spent;
        break;
    }
    return alert;
}

QString Alert::level() const
{
    switch (kind) {
    case BudgetNotifications::Kind::Projected:
        return QStringLiteral("info");
    case BudgetNotifications::Kind::Warn:
        return QStringLiteral("warning");
    case BudgetNotifications::Kind::Alert:
        return QStringLiteral("error");
    }
    return {};
}

QJsonObject Alert::toJson() const
{
    const Budget& budget = status.budget;
    // Dollars to the micro-dollar, as the API's other figures.
    const auto dollars = [](double value) { return std::round(value * 1e6) / 1e6; };
    return QJsonObject {
        { QStringLiteral("level"), level() },
        { QStringLiteral("kind"), QString(QStringLiteral("budget_") + BudgetNotifications::kindName(kind)) },
        { QStringLiteral("title"), title },
        { QStringLiteral("message"), message },
        { QStringLiteral("budget"),
            QJsonObject {
                { QStringLiteral("id"), budget.id },
                { QStringLiteral("period"), Budget::periodName(budget.period) },
                { QStringLiteral("amount"), budget.amount },
                { QStringLiteral("scope"), Budget::scopeName(budget.scope) },
                { QStringLiteral("scope_value"),
                    budget.scope == Budget::Scope::All ? QJsonValue()
                                                       : QJsonValue(budget.scopeValue.trimmed()) },
                { QStringLiteral("warn_percent"), budget.warnPercent },
                { QStringLiteral("alert_percent"), budget.alertPercent },
            } },
        { QStringLiteral("period"), status.period.key },
        { QStringLiteral("period_start"), isoTime(status.period.start) },
        { QStringLiteral("period_end"), isoTime(status.period.end) },
        { QStringLiteral("spent"), dollars(status.spent) },
        { QStringLiteral("percent"), std::round(status.fraction * 1000) / 10 },
        { QStringLiteral("rate_per_hour"), dollars(status.ratePerHour) },
        { QStringLiteral("projected_at"),
            status.projectedAlert ? QJsonValue(isoTime(*status.projectedAlert)) : QJsonValue() },
    };
}

// SPDX-License-Identifier: MIT
#include "budgetstore.h"

#include "settings/appsettings.h"

#include <algorithm>
#include <QSettings>

namespace {
const QString kList = QStringLiteral("budgets/list");
const QString kNotified = QStringLiteral("budgets/notified");

bool sameLimits(const Budget& a, const Budget& b)
{
    Budget comparable = b;
    comparable.enabled = a.enabled; // switching a budget off and on keeps what it notified
    return a == comparable;
}
} // namespace

BudgetStore::BudgetStore(AppSettings& settings)
    : m_settings(settings)
{ }

QList<Budget> BudgetStore::budgets() const
{
    QSettings& settings = m_settings.raw();
    QList<Budget> budgets;
    const int size = settings.beginReadArray(kList);
    for (int index = 0; index < size; ++index) {
        settings.setArrayIndex(index);
        Budget budget;
        budget.id = settings.value(QStringLiteral("id")).toString();
        const auto period = Budget::periodFromName(settings.value(QStringLiteral("period")).toString());
        const auto scope = Budget::scopeFromName(settings.value(QStringLiteral("scope")).toString());
        if (budget.id.isEmpty() || !period || !scope)
            continue; // hand-edited beyond repair: skip it rather than guess
        budget.period = *period;
        budget.scope = *scope;
        budget.amount = settings.value(QStringLiteral("amount")).toDouble();
        budget.scopeValue = settings.value(QStringLiteral("scopeValue")).toString();
        budget.warnPercent = settings.value(QStringLiteral("warnPercent"), budget.warnPercent).toInt();
        budget.alertPercent = settings.value(QStringLiteral("alertPercent"), budget.alertPercent).toInt();
        budget.enabled = settings.value(QStringLiteral("enabled"), true).toBool();
        budgets.append(budget);
    }
    settings.endArray();
    return budgets;
}

void BudgetStore::saveBudgets(const QList<Budget>& budgets)
{
    const QList<Budget> previous = this->budgets();
    BudgetNotifications notified = notifications();
    for (const Budget& old : previous) {
        const auto kept = std::find_if(
            budgets.cbegin(), budgets.cend(), [&old](const Budget& budget) { return budget.id == old.id; });
        if (kept == budgets.cend() || !sameLimits(*kept, old))
            notified.remove(old.id);
    }

    QSettings& settings = m_settings.raw();
    settings.remove(kList);
    settings.beginWriteArray(kList, int(budgets.size()));
    for (int index = 0; index < budgets.size(); ++index) {
        const Budget& budget = budgets.at(index);
        settings.setArrayIndex(index);
        settings.setValue(QStringLiteral("id"), budget.id);
        settings.setValue(QStringLiteral("period"), Budget::periodName(budget.period));
        settings.setValue(QStringLiteral("amount"), budget.amount);
        settings.setValue(QStringLiteral("scope"), Budget::scopeName(budget.scope));
        settings.setValue(QStringLiteral("scopeValue"), budget.scopeValue);
        settings.setValue(QStringLiteral("warnPercent"), budget.warnPercent);
        settings.setValue(QStringLiteral("alertPercent"), budget.alertPercent);
        settings.setValue(QStringLiteral("enabled"), budget.enabled);
    }
    settings.endArray();
    saveNotifications(notified);
}

BudgetNotifications BudgetStore::notifications() const
{
    QSettings& settings = m_settings.raw();
    BudgetNotifications notifications;
    settings.beginGroup(kNotified);
    // Stored per budget id as [period key, kind, kind, ...].
    for (const QString& id : settings.childKeys()) {
        const QStringList entry = settings.value(id).toStringList();
        for (const QString& name : entry.mid(1)) {
            if (const auto kind = BudgetNotifications::kindFromName(name))
                notifications.insert(id, entry.first(), *kind);
        }
    }
    settings.endGroup();
    return notifications;
}

void BudgetStore::saveNotifications(const BudgetNotifications& notifications)
{
    QSettings& settings = m_settings.raw();
    settings.remove(kNotified);
    settings.beginGroup(kNotified);
    for (const QString& id : notifications.budgetIds()) {
        QStringList entry { notifications.periodKey(id) };
        for (const BudgetNotifications::Kind kind : notifications.kinds(id))
            entry.append(BudgetNotifications::kindName(kind));
        settings.setValue(id, entry);
    }
    settings.endGroup();
}

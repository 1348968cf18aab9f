// SPDX-License-Identifier: MIT
#include "budgetnotifications.h"

QString BudgetNotifications::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Projected:
        return QStringLiteral("projected");
    case Kind::Warn:
        return QStringLiteral("warn");
    case Kind::Alert:
        return QStringLiteral("alert");
    }
    return {};
}

std::optional<BudgetNotifications::Kind> BudgetNotifications::kindFromName(const QString& name)
{
    for (const Kind kind : { Kind::Projected, Kind::Warn, Kind::Alert }) {
        if (kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

bool BudgetNotifications::contains(const QString& budgetId, const QString& periodKey, Kind kind) const
{
    const auto entry = m_entries.constFind(budgetId);
    return entry != m_entries.cend() && entry->periodKey == periodKey && entry->kinds.contains(kind);
}

void BudgetNotifications::insert(const QString& budgetId, const QString& periodKey, Kind kind)
{
    Entry& entry = m_entries[budgetId];
    if (entry.periodKey != periodKey)
        entry = Entry { periodKey, {} };
    if (!entry.kinds.contains(kind))
        entry.kinds.append(kind);
}

void BudgetNotifications::remove(const QString& budgetId)
{
    m_entries.remove(budgetId);
}

// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QList>
#include <QString>

// Which notifications each budget already sent in its current period, so that a level notifies once per
// period, also across restarts (BudgetStore keeps it). Only the latest period of a budget is kept: a
// new period starts with nothing notified.
class BudgetNotifications
{
public:
    // Ordered by severity.
    enum class Kind
    {
        Projected, // at the current rate the alert level is reached before the period ends
        Warn,
        Alert
    };
    static QString kindName(Kind kind); // projected, warn, alert
    static std::optional<Kind> kindFromName(const QString& name);

    bool contains(const QString& budgetId, const QString& periodKey, Kind kind) const;
    // Forgets what the budget notified in other periods.
    void insert(const QString& budgetId, const QString& periodKey, Kind kind);
    void remove(const QString& budgetId);

    QList<QString> budgetIds() const { return m_entries.keys(); }
    QString periodKey(const QString& budgetId) const { return m_entries.value(budgetId).periodKey; }
    QList<Kind> kinds(const QString& budgetId) const { return m_entries.value(budgetId).kinds; }

    friend bool operator==(const BudgetNotifications&, const BudgetNotifications&) = default;

private:
    struct Entry
    {
        QString periodKey;
        QList<Kind> kinds;
        friend bool operator==(const Entry&, const Entry&) = default;
    };
    QHash<QString, Entry> m_entries;
};

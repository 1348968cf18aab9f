// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QMetaType>
#include <QString>

// One spending limit: an amount in dollars per calendar day, ISO week or month, over all usage or over
// one project or agent, with a warn and an alert level in percent of the amount.
struct Budget
{
    enum class Period
    {
        Day,
        Week,
        Month
    };
    enum class Scope
    {
        All,
        Project, // scopeValue: a project's path or name, or a working directory
        Agent // scopeValue: a source (claude, codex, ...) or an agent name (main, Explore, build, ...)
    };

    QString id; // stable across edits: the notified state is kept per id
    Period period = Period::Day;
    double amount = 0; // dollars
    Scope scope = Scope::All;
    QString scopeValue;
    int warnPercent = 80;
    int alertPercent = 100;
    bool enabled = true;

    // Whether it can be evaluated: enabled, a positive amount, a scope value where the scope needs one,
    // and 0 < warn <= alert.
    bool isActive() const;

    // The names stored in the settings file and used in the API's alert events: day, week, month; all,
    // project, agent.
    static QString periodName(Period period);
    static std::optional<Period> periodFromName(const QString& name);
    static QString scopeName(Scope scope);
    static std::optional<Scope> scopeFromName(const QString& name);

    friend bool operator==(const Budget&, const Budget&) = default;
};
Q_DECLARE_METATYPE(Budget)

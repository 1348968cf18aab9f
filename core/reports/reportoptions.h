// SPDX-License-Identifier: MIT
#pragma once

#include <QDate>
#include <QMetaType>
#include <QStringList>
#include <QTimeZone>

// What a report covers and how it prices. Shared by the CLI, the API and the window.
struct ReportOptions
{
    enum class Kind
    {
        Daily,
        Weekly,
        Monthly,
        Session,
        Blocks,
        Agents // per (source, agent): Claude sub-agent type, OpenClaw agent id, OpenCode agent, ...
    };
    // ccusage's cost modes: auto = the agent's logged cost when present, else ours; calculate = always
    // ours; display = only logged costs (0 where none).
    enum class CostMode
    {
        Auto,
        Calculate,
        Display
    };

    Kind kind = Kind::Daily;
    CostMode mode = CostMode::Auto;
    QTimeZone timeZone = QTimeZone::systemTimeZone();
    QDate since; // inclusive, in timeZone; null = open
    QDate until; // inclusive
    QStringList sources; // source names; empty = all
    QString project; // project name or path (exact match on either); empty = all
    bool breakdown = false; // per-model rows
    // Session report: each sub-agent session as its own row (its own usage only) instead of folded
    // into its root session's row.
    bool splitSubagents = false;
    Qt::DayOfWeek weekStart = Qt::Sunday; // ccusage's default
    bool ascending = true;
    qint64 nowMs = 0; // "now" for active blocks; 0 = the clock

    static QString kindName(Kind kind);
    static QString modeName(CostMode mode);
};
Q_DECLARE_METATYPE(ReportOptions)

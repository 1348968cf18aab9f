// SPDX-License-Identifier: MIT
#pragma once

#include "domain/tokencounts.h"
#include "reportoptions.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <vector>

// Sums over a set of usage records. cost excludes unpriced requests; unpricedRequests says how many
// there were, so a total is never silently understated.
struct UsageTotals
{
    TokenCounts tokens;
    double cost = 0;
    qint64 requests = 0;
    qint64 unpricedRequests = 0;

    UsageTotals& operator+=(const UsageTotals& other)
    {
        tokens += other.tokens;
        cost += other.cost;
        requests += other.requests;
        unpricedRequests += other.unpricedRequests;
        return *this;
    }
};

struct ModelTotals
{
    QString model;
    UsageTotals totals;
};

// One source's share of a row (daily, weekly and monthly rows cover every source).
struct SourceTotals
{
    QString source;
    UsageTotals totals;
    std::vector<ModelTotals> models; // sorted by cost, then name
};

// One row of a report: a period (daily/weekly/monthly), a session, or a 5-hour block.
struct ReportRow
{
    QString key; // "2026-05-04", "2026-05-03" (week start), "2026-05", a session id, or a block start
    UsageTotals totals;
    std::vector<ModelTotals> models; // sorted by cost, then name
    std::vector<SourceTotals> sources; // period rows: per source, in sources.id order

    // Session and agent rows
    QString source;
    QString title;
    QString project;
    QString projectPath;
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    int subagentSessions = 0;
    QString parentKey; // session rows with split sub-agents: the parent session's id
    QString agent; // agent rows: the agent (sub-agent type, OpenClaw agent id, OpenCode agent)
    int sessions = 0; // agent rows: sessions with usage

    // Block rows
    qint64 blockStartMs = 0;
    qint64 blockEndMs = 0;
    bool isActive = false;
    bool isGap = false;
    double tokensPerMinute = 0;
    double costPerHour = 0;
    qint64 projectedTokens = 0;
    double projectedCost = 0;
    qint64 remainingMinutes = 0;

    QStringList modelNames() const
    {
        QStringList names;
        for (const ModelTotals& m : models)
            names << m.model;
        return names;
    }
};

struct Report
{
    ReportOptions options;
    std::vector<ReportRow> rows;
    UsageTotals totals;
    QStringList unpricedModels; // models that had requests without a price
    QStringList detectedSources; // sources with usage in this report, in sources.id order
};
Q_DECLARE_METATYPE(Report)

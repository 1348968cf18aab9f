// SPDX-License-Identifier: MIT
#pragma once

#include "report.h"

#include <functional>
#include <QHash>

class Database;

// Aggregates stored usage into reports. Days, weeks and months are cut in the requested time zone at
// query time (the store keeps UTC): SQL sums per 15-minute UTC bucket and model, and each bucket is
// then assigned to its local period, which stays exact across DST changes because every UTC offset
// in use is a multiple of 15 minutes.
class ReportBuilder
{
public:
    explicit ReportBuilder(Database& database);

    Report build(const ReportOptions& options);

    // The period a UTC instant falls in: "yyyy-MM-dd" (daily), the week's first day (weekly), "yyyy-MM".
    static QString periodKey(qint64 utcMs, const ReportOptions& options);

private:
    struct ScannedRecord
    {
        qint64 ts = 0;
        qint64 sessionId = 0; // 0 when scanning source_rollup
        int source = 0; // sources.id
        int model = 0; // index into m_models
        UsageTotals totals;
    };
    enum class Table
    {
        Records, // usage_records: every request
        SessionRollup, // usage_rollup: per session, 15-minute bucket and model
        SourceRollup // source_rollup: per source, 15-minute bucket and model
    };
    void scan(
        const ReportOptions& options, Table table, const std::function<void(const ScannedRecord&)>& visit);
    // The source names; forgets the facts of an earlier build.
    void loadSources();
    // Which source (index into m_sources) and agent each session belongs to.
    void loadSessionFacts();
    // Whether the report reads source_rollup: a daily, weekly or monthly one without a project filter,
    // on a database that has the table (a store of schema 4 or older opened read-only lacks it).
    bool readsSourceRollup(const ReportOptions& options);
    void buildPeriods(Report& report, Table table);
    void buildSessions(Report& report);
    void buildAgents(Report& report);
    // ccusage's 5-hour billing windows: a block starts at the hour of its first request and ends five
    // hours later, or earlier when no request came for five hours.
    void buildBlocks(Report& report);

    Database& m_db;
    QStringList m_models; // model names seen by scan(), by index
    QStringList m_sources; // source names by sources.id (index 0 unused)
    QHash<qint64, int> m_sourceOf; // session row id -> sources.id (empty when reading source_rollup)
    QHash<qint64, QString> m_agentOf; // session row id -> agent ("main" when none; same)
    QHash<int, bool> m_detected; // sources.id -> scan() saw usage of it
};

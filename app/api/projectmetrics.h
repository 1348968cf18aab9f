// SPDX-License-Identifier: MIT
#pragma once

#include "latencystats.h"

#include <optional>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

class Database;

// Usage per project for analytics-stream-api.md, from usage_rollup. A session belongs to its project
// (sessions.project_id); a session without one is grouped under its working directory, and one without
// either under "(no project)". Projects are named by projects.name; when two projects share a name, each
// is shown as "name (path)" so that the names stay unique keys.
class ProjectMetrics
{
public:
    static inline const QString kNoProject = QStringLiteral("(no project)");

    // Which sessions a project is: a project row, or the project-less sessions of one directory
    // (cwd empty: those without a directory either).
    struct Ref
    {
        std::optional<qint64> projectId;
        QString cwd;
    };
    struct Totals
    {
        Ref ref;
        QString name;
        QString path; // the project's (or the directory's) path; empty for "(no project)"
        double cost = 0;
        qint64 tokens = 0; // every token bucket
        qint64 tokensIn = 0; // fresh input + cache reads + cache writes
        qint64 tokensOut = 0; // output + reasoning
        qint64 calls = 0; // billed requests
        qint64 sessions = 0;
        std::optional<qint64> firstMs;
        std::optional<qint64> lastUpdatedMs; // the latest sessions.last_ts

        // The seed's {cost, tokens, calls, last_updated}, plus path and sessions.
        QJsonObject toJson() const;
    };

    // Every project with usage at or after sinceMs (all time when none), most expensive first.
    static QList<Totals> all(Database& db, std::optional<qint64> sinceMs = std::nullopt);
    // The project of the session that was active last; none when there are no sessions.
    static std::optional<Ref> mostRecent(Database& db);
    // A project by the name /api/metrics/projects shows, or by its path; none when unknown.
    static std::optional<Ref> find(Database& db, const QString& nameOrPath);
    // One project's all-time totals (zero when it has no usage).
    static Totals totals(Database& db, const Ref& ref);
    // Latency percentiles per project (keyed by refKey()) over the requests with a recorded latency at
    // or after sinceMs.
    static QHash<QString, LatencyStats> latencies(Database& db, std::optional<qint64> sinceMs = std::nullopt);
    static QString refKey(const Ref& ref);
    // The name /api/metrics/projects shows for a project.
    static QString nameOf(Database& db, const Ref& ref);
};

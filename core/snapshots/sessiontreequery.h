// SPDX-License-Identifier: MIT
#pragma once

#include "projectrow.h"
#include "reports/reportoptions.h"
#include "sessionfilter.h"
#include "sessionorder.h"
#include "sessionrow.h"

#include <optional>
#include <QStringList>

class Database;

// The Sessions page's queries: projects, then a page of a project's root sessions, then a session's
// sub-agent sessions. They run on QueryRunner's pool; each returns a value snapshot. Costs (and the Cost
// order) are in `mode`.
class SessionTreeQuery
{
public:
    // Projects with at least one root session that passes the filter, the one with the newest session
    // first, without totals: read from the sessions_root_start index alone when there is no filter, so
    // the tree's first level shows at once.
    static ProjectRows projects(Database& db, const SessionFilter& filter);
    // Fills in the totals of `projects` (the same filter): every usage row of their filtered root
    // sessions and their sub-agents, so this takes longer.
    static void addTotals(
        Database& db, const SessionFilter& filter, ReportOptions::CostMode mode, ProjectRows& projects);
    // The first `limit` root sessions of one project (0: sessions without a project) in `order`, or the
    // first `limit` after `after` (the last row of the page before, with its key as it was then). Paging
    // by key rather than by offset: a session whose key changed, or a new one, before `after` neither
    // repeats a row of the next page nor pushes one out of it (live updates place such sessions).
    static SessionRows rootSessions(Database& db, qint64 projectId, const SessionFilter& filter,
        const SessionOrder& order, ReportOptions::CostMode mode, const std::optional<SessionRow>& after,
        qint64 limit);
    // The steps of EXPLAIN QUERY PLAN of the statements that pick rootSessions' page (its rows are then
    // loaded by id): whether the page is read from an index.
    static QStringList rootSessionsPlan(Database& db, qint64 projectId, const SessionFilter& filter,
        const SessionOrder& order, ReportOptions::CostMode mode, const std::optional<SessionRow>& after,
        qint64 limit);
    // The direct sub-agent sessions of a session, in the order they started.
    static SessionRows children(Database& db, qint64 parentRowId, ReportOptions::CostMode mode);
    // The given sessions and every session above them as rows, for live updates (a sub-agent's usage
    // changes its ancestors' totals): sub-agent sessions always, root sessions only when they pass the
    // filter. In no particular order.
    static SessionRows sessions(
        Database& db, const QList<qint64>& rowIds, const SessionFilter& filter, ReportOptions::CostMode mode);

    struct FilterOptions
    {
        QStringList sources; // sources with sessions
        QStringList models; // every model named in the store
    };
    static FilterOptions filterOptions(Database& db);
};
Q_DECLARE_METATYPE(SessionTreeQuery::FilterOptions)

// SPDX-License-Identifier: MIT
#include "sessiontreequery.h"

#include "reports/costcolumns.h"
#include "sessionfigures.h"
#include "store/database.h"
#include "store/likepattern.h"

#include <functional>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <string>
#include <vector>

namespace {

using Binder = std::function<void(SqliteStatement&)>;

// The filter as SQL over sessions s. Only the conditions in use are written (a condition that is
// always true still keeps SQLite from using an index), with parameters numbered from `first`.
class FilterSql
{
public:
    FilterSql(const SessionFilter& filter, int first)
        : m_filter(filter)
    {
        int next = first;
        if (!filter.search.isEmpty()) {
            m_search = next++;
            const std::string p = "?" + std::to_string(m_search);
            m_sql += " AND (s.title LIKE " + p + " ESCAPE '\\' OR s.cwd LIKE " + p
                + " ESCAPE '\\' OR EXISTS (SELECT 1 FROM prompts pr WHERE pr.session_id = s.id AND "
                  "pr.text LIKE "
                + p + " ESCAPE '\\'))";
        }
        if (!filter.source.isEmpty()) {
            m_source = next++;
            m_sql += " AND s.source_id = (SELECT id FROM sources WHERE name = ?" + std::to_string(m_source)
                + ")";
        }
        if (!filter.model.isEmpty()) {
            m_model = next++;
            m_sql += " AND EXISTS (SELECT 1 FROM usage_rollup fr WHERE fr.session_id = s.id AND fr.model = ?"
                + std::to_string(m_model) + ")";
        }
        if (filter.fromMs) {
            m_from = next++;
            m_sql += " AND s.last_ts >= ?" + std::to_string(m_from);
        }
        if (filter.toMs) {
            m_to = next++;
            m_sql += " AND s.first_ts < ?" + std::to_string(m_to);
        }
    }
    // " AND ..." or empty.
    const std::string& sql() const { return m_sql; }
    void bind(SqliteStatement& statement) const
    {
        if (m_search)
            statement.bind(m_search, LikePattern::contains(m_filter.search));
        if (m_source)
            statement.bind(m_source, m_filter.source);
        if (m_model)
            statement.bind(m_model, m_filter.model);
        if (m_from)
            statement.bind(m_from, *m_filter.fromMs);
        if (m_to)
            statement.bind(m_to, *m_filter.toMs);
    }

private:
    SessionFilter m_filter;
    std::string m_sql;
    int m_search = 0;
    int m_source = 0;
    int m_model = 0;
    int m_from = 0;
    int m_to = 0;
};

constexpr const char* kTokenSum = SessionFigures::kRollupTokenSum;

// Ids as a JSON array, for json_each.
QByteArray jsonIds(const QList<qint64>& ids)
{
    QJsonArray array;
    for (const qint64 id : ids)
        array.append(id);
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

// Rows for the sessions of `idsCte` ("ids(id) AS (...)", after WITH RECURSIVE), each with its own
// totals and those of its sub-agent tree, walked from the few ids down sessions_parent.
SessionRows loadRows(
    Database& db, const std::string& idsCte, const Binder& bind, ReportOptions::CostMode mode)
{
    const std::string sql = "WITH RECURSIVE " + idsCte
        + ", tree(root, id, depth) AS (SELECT id, id, 0 FROM ids UNION ALL SELECT tree.root, c.id, "
          "tree.depth + 1 FROM sessions c JOIN tree ON c.parent_id = tree.id WHERE tree.depth < 64), "
          "own(session_id, requests, tokens, cost, unpriced) AS (SELECT r.session_id, SUM(r.requests), "
        + kTokenSum + ", SUM(" + CostColumns::rollupCost(mode, "r") + "), SUM("
        + CostColumns::rollupUnpriced(mode, "r")
        + ") FROM usage_rollup r WHERE r.session_id IN (SELECT id FROM ids) GROUP BY r.session_id), "
          "subtree(root, tokens, cost) AS (SELECT tree.root, "
        + kTokenSum + ", SUM(" + CostColumns::rollupCost(mode, "r")
        + ") FROM tree JOIN usage_rollup r ON r.session_id = tree.id GROUP BY tree.root) "
          "SELECT s.id, COALESCE(s.parent_id, 0), COALESCE(s.project_id, 0), s.external_id, so.name, "
          "COALESCE(s.agent, 'main'), s.title, s.cwd, s.first_ts, s.last_ts, COALESCE(own.requests, 0), "
          "COALESCE(own.tokens, 0), COALESCE(own.cost, 0), COALESCE(own.unpriced, 0), "
          "COALESCE(subtree.tokens, 0), COALESCE(subtree.cost, 0), (SELECT COUNT(*) FROM sessions c WHERE "
          "c.parent_id = s.id) FROM ids CROSS JOIN sessions s ON s.id = ids.id JOIN sources so ON so.id = "
          "s.source_id LEFT JOIN own ON own.session_id = s.id LEFT JOIN subtree ON subtree.root = s.id";
    SqliteStatement query = db.prepare(sql);
    bind(query);
    SessionRows rows;
    while (query.step()) {
        SessionRow row;
        row.rowId = query.int64(0);
        row.parentRowId = query.int64(1);
        row.projectId = query.int64(2);
        row.externalId = query.text(3);
        row.source = query.text(4);
        row.agent = query.text(5);
        row.title = query.text(6);
        row.cwd = query.text(7);
        row.firstTs = query.optionalInt64(8);
        row.lastTs = query.optionalInt64(9);
        row.requests = query.int64(10);
        row.tokens = query.int64(11);
        row.cost = query.real(12);
        row.unpricedRequests = query.int64(13);
        row.tokensWithSubAgents = query.int64(14);
        row.costWithSubAgents = query.real(15);
        row.childCount = query.int64(16);
        rows.append(row);
    }
    return rows;
}

} // namespace

ProjectRows SessionTreeQuery::projects(Database& db, const SessionFilter& filter)
{
    const FilterSql where(filter, 1);
    // Without a filter everything needed is in the partial index of root sessions, but SQLite (without
    // ANALYZE) prefers sessions_parent and reads every root's row: 94 against 23 ms on 100,000 sessions.
    // The index is named only when it exists: a first bulk ingest drops the query indexes until its end.
    SqliteStatement hasIndex
        = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'sessions_root_start'");
    const char* from
        = filter.isEmpty() && hasIndex.step() ? "sessions s INDEXED BY sessions_root_start" : "sessions s";
    SqliteStatement query
        = db.prepare(std::string("SELECT COALESCE(s.project_id, 0), pj.name, pj.path, COUNT(*), "
                                 "MAX(s.first_ts) FROM ")
            + from + " LEFT JOIN projects pj ON pj.id = s.project_id WHERE s.parent_id IS NULL" + where.sql()
            + " GROUP BY s.project_id ORDER BY 5 DESC, 1");
    where.bind(query);
    ProjectRows projects;
    while (query.step()) {
        ProjectRow project;
        project.projectId = query.int64(0);
        project.name = query.text(1);
        project.path = query.text(2);
        project.sessions = query.int64(3);
        projects.append(project);
    }
    return projects;
}

void SessionTreeQuery::addTotals(
    Database& db, const SessionFilter& filter, ReportOptions::CostMode mode, ProjectRows& projects)
{
    // A sub-agent session counts towards its root's project, whatever its own says. Only the listed
    // projects' trees are summed, so a live update re-sums just the projects it touched.
    QJsonArray ids;
    for (const ProjectRow& project : std::as_const(projects))
        ids.append(project.projectId);
    const FilterSql where(filter, 2);
    SqliteStatement query = db.prepare(
        "WITH RECURSIVE tree(id, project_id, depth) AS (SELECT s.id, COALESCE(s.project_id, 0), 0 FROM "
        "sessions s WHERE s.parent_id IS NULL AND COALESCE(s.project_id, 0) IN (SELECT value FROM "
        "json_each(?1))"
        + where.sql()
        + " UNION ALL SELECT c.id, tree.project_id, tree.depth + 1 FROM sessions c JOIN tree ON "
          "c.parent_id = tree.id WHERE tree.depth < 64) SELECT tree.project_id, "
        + kTokenSum + ", SUM(" + CostColumns::rollupCost(mode, "r")
        + ") FROM tree JOIN usage_rollup r ON r.session_id = tree.id GROUP BY 1");
    query.bind(1, QJsonDocument(ids).toJson(QJsonDocument::Compact));
    where.bind(query);
    QHash<qint64, std::pair<qint64, double>> totals;
    while (query.step())
        totals.insert(query.int64(0), { query.int64(1), query.real(2) });
    for (ProjectRow& project : projects) {
        const auto total = totals.value(project.projectId);
        project.tokens = total.first;
        project.cost = total.second;
        project.hasTotals = true;
    }
}

namespace {

// The root sessions of a page, as statements to run in turn until the page is full: each is one range
// of an index in the order (for Start and Duration), and they follow each other in the order.
class PageRuns
{
public:
    PageRuns(qint64 projectId, const SessionFilter& filter, const SessionOrder& order,
        ReportOptions::CostMode mode, const std::optional<SessionRow>& after)
        : m_projectId(projectId)
        , m_where(filter, 5)
    {
        // ?1 project (NULL: none), ?2 limit, ?3 and ?4 the key and row id of `after`, the filter from ?5.
        // Tokens and Cost first sum the rollup of the project's root sessions.
        const bool byTotals = order.key == SessionOrder::Tokens || order.key == SessionOrder::Cost;
        m_from = "SELECT s.id FROM sessions s ";
        if (byTotals)
            m_from += "LEFT JOIN (SELECT r.session_id, " + std::string(kTokenSum) + " AS tokens, SUM("
                + CostColumns::rollupCost(mode, "r")
                + ") AS cost FROM usage_rollup r WHERE r.session_id IN (SELECT id "
                  "FROM sessions WHERE parent_id IS NULL AND project_id IS ?1) GROUP BY r.session_id) t ON "
                  "t.session_id = s.id ";
        m_from += "WHERE s.parent_id IS NULL AND s.project_id IS ?1" + m_where.sql();
        if (after) {
            m_afterKey = order.sortKey(*after);
            m_afterId = after->rowId;
        }
        // After a row: the rest of its key's rows, by id (many sessions can share a key, such as a duration
        // of 0), then the keys beyond it; rows without a key (NULL) sort first ascending and last
        // descending. An OR of these ranges would make SQLite scan the index instead of seeking; Tokens
        // and Cost have no index and no NULL, and one run sums the rollup once.
        const std::string key = order.keySql();
        const bool ascending = order.order == Qt::AscendingOrder;
        const std::string beyond = ascending ? " > " : " < ";
        const std::string byKey = " " + order.sql();
        const std::string byId = std::string(" ORDER BY s.id") + (ascending ? " ASC" : " DESC");
        const std::string withoutKey = " AND " + key + " IS NULL";
        if (!after) {
            m_runs.push_back({ byKey, false, false });
        } else if (byTotals) {
            m_runs.push_back(
                { " AND (" + key + beyond + "?3 OR (" + key + " = ?3 AND s.id" + beyond + "?4))" + byKey,
                    true, true });
        } else if (m_afterKey) {
            m_runs.push_back({ " AND " + key + " = ?3 AND s.id" + beyond + "?4" + byId, true, true });
            m_runs.push_back({ " AND " + key + beyond + "?3" + byKey, true, false });
            if (!ascending && order.keyCanBeNull())
                m_runs.push_back({ withoutKey + byId, false, false });
        } else {
            m_runs.push_back({ withoutKey + " AND s.id" + beyond + "?4" + byId, false, true });
            if (ascending)
                m_runs.push_back({ " AND " + key + " IS NOT NULL" + byKey, false, false });
        }
    }

    // Up to `limit` ids in the order, each run taking what the ones before it left.
    QList<qint64> ids(Database& db, qint64 limit) const
    {
        QList<qint64> ids;
        for (const Run& run : m_runs) {
            if (ids.size() >= limit)
                break;
            SqliteStatement query = statement(db, run, "");
            query.bind(2, limit - ids.size());
            while (query.step())
                ids.append(query.int64(0));
        }
        return ids;
    }

    QStringList plan(Database& db, qint64 limit) const
    {
        QStringList steps;
        for (const Run& run : m_runs) {
            SqliteStatement query = statement(db, run, "EXPLAIN QUERY PLAN ");
            query.bind(2, limit);
            while (query.step())
                steps.append(query.text(3));
        }
        return steps;
    }

private:
    struct Run
    {
        std::string sql; // the condition and ORDER BY after m_from
        bool usesKey;
        bool usesId;
    };

    SqliteStatement statement(Database& db, const Run& run, const char* prefix) const
    {
        SqliteStatement query = db.prepare(prefix + m_from + run.sql + " LIMIT ?2");
        if (m_projectId == 0)
            query.bindNull(1);
        else
            query.bind(1, m_projectId);
        if (run.usesKey)
            query.bind(3, m_afterKey);
        if (run.usesId)
            query.bind(4, m_afterId);
        m_where.bind(query);
        return query;
    }

    qint64 m_projectId;
    FilterSql m_where;
    std::string m_from;
    std::optional<double> m_afterKey;
    qint64 m_afterId = 0;
    std::vector<Run> m_runs;
};

} // namespace

SessionRows SessionTreeQuery::rootSessions(Database& db, qint64 projectId, const SessionFilter& filter,
    const SessionOrder& order, ReportOptions::CostMode mode, const std::optional<SessionRow>& after,
    qint64 limit)
{
    const QByteArray ids = jsonIds(PageRuns(projectId, filter, order, mode, after).ids(db, limit));
    SessionRows rows = loadRows(
        db, "ids(id) AS (SELECT value FROM json_each(?1))",
        [&ids](SqliteStatement& query) { query.bind(1, ids); }, mode);
    std::sort(rows.begin(), rows.end(),
        [&order](const SessionRow& a, const SessionRow& b) { return order.lessThan(a, b); });
    return rows;
}

QStringList SessionTreeQuery::rootSessionsPlan(Database& db, qint64 projectId, const SessionFilter& filter,
    const SessionOrder& order, ReportOptions::CostMode mode, const std::optional<SessionRow>& after,
    qint64 limit)
{
    return PageRuns(projectId, filter, order, mode, after).plan(db, limit);
}

SessionRows SessionTreeQuery::children(Database& db, qint64 parentRowId, ReportOptions::CostMode mode)
{
    SessionRows rows = loadRows(
        db, "ids(id) AS (SELECT id FROM sessions WHERE parent_id = ?1)",
        [parentRowId](SqliteStatement& query) { query.bind(1, parentRowId); }, mode);
    const SessionOrder chronological { SessionOrder::Start, Qt::AscendingOrder };
    std::sort(rows.begin(), rows.end(),
        [&chronological](const SessionRow& a, const SessionRow& b) { return chronological.lessThan(a, b); });
    return rows;
}

SessionRows SessionTreeQuery::sessions(
    Database& db, const QList<qint64>& rowIds, const SessionFilter& filter, ReportOptions::CostMode mode)
{
    const FilterSql where(filter, 2);
    // UNION (not UNION ALL) walks each ancestor once, however many of the ids share it.
    return loadRows(
        db,
        "up(id) AS (SELECT value FROM json_each(?1) UNION SELECT s.parent_id FROM sessions s JOIN up ON s.id "
        "= up.id WHERE s.parent_id IS NOT NULL), ids(id) AS (SELECT s.id FROM up JOIN sessions s ON s.id = "
        "up.id WHERE s.parent_id IS NOT NULL OR (1"
            + where.sql() + "))",
        [&](SqliteStatement& query) {
            query.bind(1, jsonIds(rowIds));
            where.bind(query);
        },
        mode);
}

SessionTreeQuery::FilterOptions SessionTreeQuery::filterOptions(Database& db)
{
    FilterOptions options;
    SqliteStatement sources = db.prepare("SELECT name FROM sources so WHERE EXISTS (SELECT 1 FROM sessions s "
                                         "WHERE s.source_id = so.id) ORDER BY "
                                         "name");
    while (sources.step())
        options.sources.append(sources.text(0));
    SqliteStatement models
        = db.prepare("SELECT DISTINCT model FROM usage_rollup WHERE model <> '' ORDER BY model");
    while (models.step())
        options.models.append(models.text(0));
    return options;
}

// SPDX-License-Identifier: MIT
#include "projectmetrics.h"

#include "apijson.h"
#include "store/database.h"
#include "store/optionalcolumn.h"
#include "store/usagerollup.h"

#include <algorithm>
#include <cmath>
#include <QSet>

namespace {

constexpr const char* kTokensIn
    = "(input_tokens + cache_read_tokens + cache_write_5m_tokens + cache_write_1h_tokens)";
constexpr const char* kTokensOut = "(output_tokens + reasoning_tokens)";

QSet<QString> sharedProjectNames(Database& db)
{
    QSet<QString> names;
    SqliteStatement statement = db.prepare("SELECT name FROM projects GROUP BY name HAVING COUNT(*) > 1");
    while (statement.step())
        names.insert(statement.text(0));
    return names;
}

QString projectName(const QString& name, const QString& path, const QSet<QString>& shared)
{
    return shared.contains(name) ? QStringLiteral("%1 (%2)").arg(name, path) : name;
}

QString directoryName(const QString& cwd)
{
    return cwd.isEmpty() ? ProjectMetrics::kNoProject : cwd;
}

// The sessions of a Ref, as a condition on `s` with one parameter at most (bound by bindRef).
std::string refCondition(const ProjectMetrics::Ref& ref)
{
    if (ref.projectId)
        return "s.project_id = ?";
    if (ref.cwd.isEmpty())
        return "s.project_id IS NULL AND (s.cwd IS NULL OR s.cwd = '')";
    return "s.project_id IS NULL AND s.cwd = ?";
}

void bindRef(SqliteStatement& statement, const ProjectMetrics::Ref& ref)
{
    if (ref.projectId)
        statement.bind(1, *ref.projectId);
    else if (!ref.cwd.isEmpty())
        statement.bind(1, ref.cwd);
}

} // namespace

QJsonObject ProjectMetrics::Totals::toJson() const
{
    return QJsonObject {
        // Dollars to the micro-dollar, as /api/tokens: float sums print as 0.29049929999999996.
        { QStringLiteral("cost"), std::round(cost * 1e6) / 1e6 },
        { QStringLiteral("tokens"), tokens },
        { QStringLiteral("calls"), calls },
        { QStringLiteral("last_updated"),
            lastUpdatedMs ? QJsonValue(ApiJson::isoTime(*lastUpdatedMs)) : QJsonValue() },
        { QStringLiteral("path"), path.isEmpty() ? QJsonValue() : QJsonValue(path) },
        { QStringLiteral("sessions"), sessions },
    };
}

QList<ProjectMetrics::Totals> ProjectMetrics::all(Database& db, std::optional<qint64> sinceMs)
{
    // Summed per session first, in the rollup's primary-key order, so that each session row is looked
    // up once rather than once per bucket.
    std::string sql = std::string("WITH t AS (SELECT session_id, SUM(auto_cost) AS cost, SUM(") + kTokensIn
        + ") AS tin, SUM(" + kTokensOut + ") AS tout, SUM(requests) AS calls FROM usage_rollup"
        + (sinceMs ? " WHERE bucket >= ?" : "")
        + " GROUP BY session_id) "
          "SELECT s.project_id, CASE WHEN s.project_id IS NULL THEN COALESCE(s.cwd, '') END AS dir, "
          "p.name, p.path, SUM(t.cost), SUM(t.tin), SUM(t.tout), SUM(t.calls), COUNT(*), MIN(s.first_ts), "
          "MAX(s.last_ts) "
          "FROM t JOIN sessions s ON s.id = t.session_id LEFT JOIN projects p ON p.id = s.project_id "
          "GROUP BY s.project_id, dir";
    SqliteStatement statement = db.prepare(sql);
    // A local day starts on a bucket boundary: every UTC offset in use is a multiple of 15 minutes.
    if (sinceMs)
        statement.bind(1, *sinceMs / UsageRollup::kBucketMs);
    const QSet<QString> shared = sharedProjectNames(db);
    QList<Totals> projects;
    while (statement.step()) {
        Totals totals;
        if (!statement.isNull(0)) {
            totals.ref.projectId = statement.int64(0);
            totals.path = statement.text(3);
            totals.name = projectName(statement.text(2), totals.path, shared);
        } else {
            totals.ref.cwd = statement.text(1);
            totals.path = totals.ref.cwd;
            totals.name = directoryName(totals.ref.cwd);
        }
        totals.cost = statement.real(4);
        totals.tokensIn = statement.int64(5);
        totals.tokensOut = statement.int64(6);
        totals.tokens = totals.tokensIn + totals.tokensOut;
        totals.calls = statement.int64(7);
        totals.sessions = statement.int64(8);
        totals.firstMs = OptionalColumn::int64(statement, 9);
        totals.lastUpdatedMs = OptionalColumn::int64(statement, 10);
        projects.append(totals);
    }
    std::stable_sort(projects.begin(), projects.end(), [](const Totals& a, const Totals& b) {
        return a.cost != b.cost ? a.cost > b.cost : a.name < b.name;
    });
    return projects;
}

std::optional<ProjectMetrics::Ref> ProjectMetrics::mostRecent(Database& db)
{
    SqliteStatement statement = db.prepare("SELECT project_id, COALESCE(cwd, '') FROM sessions "
                                           "WHERE last_ts IS NOT NULL ORDER BY last_ts DESC LIMIT 1");
    if (!statement.step())
        return std::nullopt;
    Ref ref;
    if (!statement.isNull(0))
        ref.projectId = statement.int64(0);
    else
        ref.cwd = statement.text(1);
    return ref;
}

std::optional<ProjectMetrics::Ref> ProjectMetrics::find(Database& db, const QString& nameOrPath)
{
    if (nameOrPath.isEmpty())
        return std::nullopt;
    const auto projectWhere = [&db](const char* sql, const QString& value) -> std::optional<qint64> {
        SqliteStatement statement = db.prepare(sql);
        statement.bind(1, value);
        std::optional<qint64> id;
        int matches = 0;
        while (statement.step()) {
            id = statement.int64(0);
            ++matches;
        }
        // A name that two projects share names neither of them.
        return matches == 1 ? id : std::nullopt;
    };
    if (const auto id = projectWhere("SELECT id FROM projects WHERE name = ?", nameOrPath))
        return Ref { id, {} };
    if (const auto id = projectWhere("SELECT id FROM projects WHERE path = ?", nameOrPath))
        return Ref { id, {} };
    // "name (path)", the form of a shared name.
    if (nameOrPath.endsWith(QLatin1Char(')'))) {
        const qsizetype open = nameOrPath.indexOf(QLatin1String(" ("));
        if (open > 0) {
            const QString path = nameOrPath.mid(open + 2, nameOrPath.size() - open - 3);
            if (const auto id = projectWhere("SELECT id FROM projects WHERE path = ?", path))
                return Ref { id, {} };
        }
    }
    const QString cwd = nameOrPath == kNoProject ? QString() : nameOrPath;
    SqliteStatement statement
        = db.prepare("SELECT 1 FROM sessions s WHERE " + refCondition(Ref { {}, cwd }) + " LIMIT 1");
    bindRef(statement, Ref { {}, cwd });
    if (statement.step())
        return Ref { {}, cwd };
    return std::nullopt;
}

ProjectMetrics::Totals ProjectMetrics::totals(Database& db, const Ref& ref)
{
    Totals totals;
    totals.ref = ref;
    totals.name = nameOf(db, ref);
    if (ref.projectId) {
        SqliteStatement path = db.prepare("SELECT path FROM projects WHERE id = ?");
        path.bind(1, *ref.projectId);
        if (path.step())
            totals.path = path.text(0);
    } else {
        totals.path = ref.cwd;
    }
    // sessions_project serves the condition; the rollup is read by its primary key per session.
    SqliteStatement statement
        = db.prepare(std::string("SELECT SUM(r.auto_cost), SUM(") + kTokensIn + "), SUM(" + kTokensOut
            + "), SUM(r.requests), COUNT(DISTINCT s.id), MIN(s.first_ts), MAX(s.last_ts) "
              "FROM sessions s JOIN usage_rollup r ON r.session_id = s.id WHERE "
            + refCondition(ref));
    bindRef(statement, ref);
    if (statement.step()) {
        totals.cost = statement.isNull(0) ? 0 : statement.real(0);
        totals.tokensIn = statement.int64(1);
        totals.tokensOut = statement.int64(2);
        totals.tokens = totals.tokensIn + totals.tokensOut;
        totals.calls = statement.int64(3);
        totals.sessions = statement.int64(4);
        totals.firstMs = OptionalColumn::int64(statement, 5);
        totals.lastUpdatedMs = OptionalColumn::int64(statement, 6);
    }
    return totals;
}

QString ProjectMetrics::nameOf(Database& db, const Ref& ref)
{
    if (!ref.projectId)
        return directoryName(ref.cwd);
    SqliteStatement statement = db.prepare(
        "SELECT p.name, p.path, (SELECT COUNT(*) FROM projects o WHERE o.name = p.name) FROM projects p "
        "WHERE p.id = ?");
    statement.bind(1, *ref.projectId);
    if (!statement.step())
        return QString();
    const QString name = statement.text(0);
    return statement.int64(2) > 1 ? QStringLiteral("%1 (%2)").arg(name, statement.text(1)) : name;
}

QString ProjectMetrics::refKey(const Ref& ref)
{
    return ref.projectId ? QStringLiteral("p") + QString::number(*ref.projectId)
                         : QStringLiteral("d") + ref.cwd;
}

QHash<QString, LatencyStats> ProjectMetrics::latencies(Database& db, std::optional<qint64> sinceMs)
{
    // usage_latency covers (ts, session_id, latency_ms) of the requests with a latency: the scan reads
    // the index only, plus one sessions lookup per request.
    SqliteStatement statement = db.prepare(
        std::string("SELECT s.project_id, COALESCE(s.cwd, ''), u.latency_ms FROM usage_records u "
                    "JOIN sessions s ON s.id = u.session_id WHERE u.latency_ms IS NOT NULL")
        + (sinceMs ? " AND u.ts >= ?" : ""));
    if (sinceMs)
        statement.bind(1, *sinceMs);
    QHash<qint64, std::vector<qint64>> byProject;
    QHash<QString, std::vector<qint64>> byDirectory;
    while (statement.step()) {
        if (!statement.isNull(0))
            byProject[statement.int64(0)].push_back(statement.int64(2));
        else
            byDirectory[statement.text(1)].push_back(statement.int64(2));
    }
    QHash<QString, LatencyStats> result;
    for (auto it = byProject.begin(); it != byProject.end(); ++it)
        result.insert(refKey(Ref { it.key(), {} }), LatencyStats(std::move(it.value())));
    for (auto it = byDirectory.begin(); it != byDirectory.end(); ++it)
        result.insert(refKey(Ref { std::nullopt, it.key() }), LatencyStats(std::move(it.value())));
    return result;
}

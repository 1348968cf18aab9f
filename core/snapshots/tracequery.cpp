// SPDX-License-Identifier: MIT
#include "tracequery.h"

#include "reports/costcolumns.h"
#include "store/database.h"

#include <algorithm>
#include <QHash>

namespace {

// The same recursion as the traces routes': sub-agents at any depth below the root, bounded like the
// session_descendants view.
constexpr const char* kTreeCte = "WITH RECURSIVE ids(id, depth) AS (SELECT ?1, 0 UNION ALL SELECT s.id, "
                                 "ids.depth + 1 FROM sessions s JOIN ids ON s.parent_id = ids.id WHERE "
                                 "ids.depth < 64)";

QString firstLine(const QString& text)
{
    // A title or prompt may be a whole paragraph; a tree row shows its start.
    const QString line = text.section(QLatin1Char('\n'), 0, 0).trimmed();
    return line.size() > 120 ? line.left(119) + QChar(0x2026) : line;
}

QString sessionName(const TraceRecords::Session& session)
{
    if (session.title && !session.title->trimmed().isEmpty())
        return firstLine(*session.title);
    if (session.promptInput && !session.promptInput->trimmed().isEmpty())
        return firstLine(*session.promptInput);
    return session.traceId;
}

TraceNode sessionNode(const TraceRecords::Session& session)
{
    TraceNode node;
    node.kind = TraceNode::Session;
    node.name = sessionName(session);
    node.agent = session.agent;
    node.status = session.status;
    node.sessionId = session.traceId;
    node.start = session.startedAt;
    node.end = session.endedAt;
    node.durationMs = session.durationMs();
    node.tokensIn = session.tokensIn;
    node.tokensOut = session.tokensOut;
    node.cost = session.cost;
    return node;
}

TraceNode toolNode(const TraceRecords::ToolCall& call, const QString& agent)
{
    TraceNode node;
    node.kind = TraceNode::ToolCall;
    node.name = call.name.value_or(call.toolUseId);
    node.agent = agent;
    node.status = call.isError ? QStringLiteral("error") : call.status;
    node.sessionId = call.childSessionId.value_or(QString());
    node.start = call.startedAt;
    node.durationMs = call.durationMs;
    if (!node.durationMs && call.startedAt && call.endedAt)
        node.durationMs = *call.endedAt - *call.startedAt;
    node.end = call.endedAt;
    if (!node.end && call.startedAt && call.durationMs)
        node.end = *call.startedAt + *call.durationMs;
    return node;
}

class TreeBuilder
{
public:
    TreeBuilder(const QList<TraceRecords::Session>& sessions, const QList<TraceRecords::ToolCall>& toolCalls)
    {
        for (const TraceRecords::Session& session : sessions)
            m_sessions.insert(session.rowId, &session);
        for (const TraceRecords::Session& session : sessions) {
            if (session.parentRowId != 0)
                m_childSessions[session.parentRowId].append(&session);
        }
        for (const TraceRecords::ToolCall& call : toolCalls) {
            m_toolCalls[call.sessionRowId].append(&call);
            // A sub-agent goes below the call that spawned it when that call is its parent's.
            const TraceRecords::Session* child = m_sessions.value(call.childRowId);
            if (child && child->parentRowId == call.sessionRowId && !m_spawnedBy.contains(child->rowId))
                m_spawnedBy.insert(child->rowId, call.rowId);
        }
    }

    void addSession(const TraceRecords::Session& session, int parent)
    {
        const int index = append(sessionNode(session), parent);
        struct Child
        {
            std::optional<qint64> start;
            const TraceRecords::Session* session = nullptr;
            const TraceRecords::ToolCall* call = nullptr;
        };
        QList<Child> children;
        for (const TraceRecords::ToolCall* call : m_toolCalls.value(session.rowId))
            children.append(Child { call->startedAt, nullptr, call });
        for (const TraceRecords::Session* child : m_childSessions.value(session.rowId)) {
            if (!m_spawnedBy.contains(child->rowId))
                children.append(Child { child->startedAt, child, nullptr });
        }
        std::stable_sort(children.begin(), children.end(), [](const Child& a, const Child& b) {
            return a.start.has_value() != b.start.has_value() ? a.start.has_value()
                                                              : a.start.value_or(0) < b.start.value_or(0);
        });
        for (const Child& child : std::as_const(children)) {
            if (child.session) {
                addSession(*child.session, index);
                continue;
            }
            const int callIndex = append(toolNode(*child.call, session.agent), index);
            const TraceRecords::Session* spawned = m_sessions.value(child.call->childRowId);
            if (spawned && m_spawnedBy.value(spawned->rowId) == child.call->rowId)
                addSession(*spawned, callIndex);
        }
    }

    TraceSnapshot finish()
    {
        TraceSnapshot snapshot;
        for (const TraceNode& node : std::as_const(m_nodes)) {
            if (node.start)
                snapshot.spanStart = std::min(snapshot.spanStart.value_or(*node.start), *node.start);
            if (node.end)
                snapshot.spanEnd = std::max(snapshot.spanEnd.value_or(*node.end), *node.end);
        }
        // Pre-order: every child comes after its parent, so one backward pass sums the subtrees.
        for (qsizetype i = m_nodes.size() - 1; i >= 0; --i) {
            TraceNode& node = m_nodes[i];
            node.totalCost += node.cost.value_or(0);
            if (node.parent >= 0)
                m_nodes[node.parent].totalCost += node.totalCost;
            if (node.start && snapshot.spanStart)
                node.offsetMs = *node.start - *snapshot.spanStart;
        }
        for (int at = m_nodes.isEmpty() ? -1 : 0; at >= 0;) {
            m_nodes[at].onExpensivePath = true;
            int next = -1;
            for (int child : std::as_const(m_nodes[at].children)) {
                if (m_nodes[child].totalCost > (next < 0 ? 0.0 : m_nodes[next].totalCost))
                    next = child;
            }
            at = next;
        }
        snapshot.nodes = std::move(m_nodes);
        return snapshot;
    }

private:
    int append(TraceNode node, int parent)
    {
        node.parent = parent;
        node.depth = parent < 0 ? 0 : m_nodes[parent].depth + 1;
        const int index = int(m_nodes.size());
        m_nodes.append(std::move(node));
        if (parent >= 0)
            m_nodes[parent].children.append(index);
        return index;
    }

    QHash<qint64, const TraceRecords::Session*> m_sessions;
    QHash<qint64, QList<const TraceRecords::Session*>> m_childSessions;
    QHash<qint64, QList<const TraceRecords::ToolCall*>> m_toolCalls;
    QHash<qint64, qint64> m_spawnedBy; // sub-agent session -> the tool call that spawned it
    QList<TraceNode> m_nodes;
};

} // namespace

TraceSnapshot TraceQuery::build(const QList<TraceRecords::Session>& sessions,
    const QList<TraceRecords::ToolCall>& toolCalls, qint64 rootRowId)
{
    TreeBuilder builder(sessions, toolCalls);
    const auto root = std::find_if(sessions.cbegin(), sessions.cend(),
        [rootRowId](const TraceRecords::Session& session) { return session.rowId == rootRowId; });
    if (root != sessions.cend())
        builder.addSession(*root, -1);
    return builder.finish();
}

TraceSnapshot TraceQuery::load(Database& db, qint64 rootRowId, ReportOptions::CostMode mode)
{
    const auto bind = [rootRowId](SqliteStatement& query) { query.bind(1, rootRowId); };
    return build(TraceRecords::sessions(db, kTreeCte, bind, {}, mode),
        TraceRecords::toolCalls(db, kTreeCte, bind), rootRowId);
}

TraceRootList TraceQuery::recentRoots(Database& db, int limit, ReportOptions::CostMode mode)
{
    // Roots are read newest first straight from sessions_last_ts ("+parent_id" keeps SQLite off
    // sessions_parent, as in /api/tracing/tree), and the sums are grouped once over all their trees.
    SqliteStatement query = db.prepare(
        "WITH RECURSIVE roots(id) AS (SELECT s.id FROM sessions s WHERE +s.parent_id IS NULL AND (EXISTS "
        "(SELECT 1 FROM sessions c WHERE c.parent_id = s.id) OR EXISTS (SELECT 1 FROM tool_calls c WHERE "
        "c.session_id = s.id)) ORDER BY s.last_ts DESC, s.id DESC LIMIT ?1), tree(root, id, depth) AS "
        "(SELECT "
        "id, id, 0 FROM roots UNION ALL SELECT tree.root, s.id, tree.depth + 1 FROM sessions s JOIN tree ON "
        "s.parent_id = tree.id WHERE tree.depth < 64), sizes AS (SELECT root, COUNT(*) - 1 AS subs FROM tree "
        "GROUP BY root), costs AS (SELECT tree.root AS root, SUM("
        + CostColumns::rollupCost(mode, "r")
        + ") AS cost FROM tree JOIN "
          "usage_rollup r ON r.session_id = tree.id GROUP BY tree.root), calls AS (SELECT tree.root AS root, "
          "COUNT(*) AS calls FROM tree JOIN tool_calls c ON c.session_id = tree.id GROUP BY tree.root) "
          "SELECT "
          "s.id, s.external_id, so.name, COALESCE(s.agent, 'main'), s.title, s.first_ts, s.last_ts, "
          "COALESCE(sizes.subs, 0), COALESCE(calls.calls, 0), COALESCE(costs.cost, 0) FROM roots JOIN "
          "sessions "
          "s "
          "ON s.id = roots.id JOIN sources so ON so.id = s.source_id LEFT JOIN sizes ON sizes.root = s.id "
          "LEFT "
          "JOIN costs ON costs.root = s.id LEFT JOIN calls ON calls.root = s.id ORDER BY s.last_ts DESC, "
          "s.id "
          "DESC");
    query.bind(1, limit);
    TraceRootList roots;
    while (query.step()) {
        TraceRoot root;
        root.rowId = query.int64(0);
        root.sessionId = query.text(1);
        root.source = query.text(2);
        root.agent = query.text(3);
        root.title = firstLine(query.text(4));
        if (!query.isNull(5))
            root.firstTs = query.int64(5);
        if (!query.isNull(6))
            root.lastTs = query.int64(6);
        root.subAgents = query.int64(7);
        root.toolCalls = query.int64(8);
        root.totalCost = query.real(9);
        roots.append(root);
    }
    return roots;
}

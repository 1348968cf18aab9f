// SPDX-License-Identifier: MIT
#include "sessioneventroutes.h"

#include "apicontext.h"
#include "apijson.h"
#include "monitorsupport.h"
#include "sessionroute.h"
#include "snapshots/sessionscope.h"
#include "store/database.h"
#include "store/tokencolumns.h"

#include <algorithm>
#include <QJsonArray>
#include <vector>

namespace {

using MonitorSupport::usd;

// One item of a chronological list. Items without a time (a legacy tool call) sort last; items of
// one millisecond keep the order of `rank` (a prompt before the request it caused) and then `id`.
struct Item
{
    qint64 ts = 0;
    bool hasTime = false;
    int rank = 0;
    qint64 id = 0;
    QJsonObject json;

    friend bool operator<(const Item& a, const Item& b)
    {
        if (a.hasTime != b.hasTime)
            return a.hasTime;
        if (a.ts != b.ts)
            return a.ts < b.ts;
        if (a.rank != b.rank)
            return a.rank < b.rank;
        return a.id < b.id;
    }
};

Item item(const SqliteStatement& row, int tsColumn, int rank, qint64 id)
{
    Item item;
    item.hasTime = !row.isNull(tsColumn);
    item.ts = item.hasTime ? row.int64(tsColumn) : 0;
    item.rank = rank;
    item.id = id;
    return item;
}

// Sorts, cuts at the limit, and answers {session_id, ..., total, truncated, <key>: [...]}.
ApiResponse itemsResponse(const SessionRouteRequest& request, std::vector<Item>& items, const char* key)
{
    std::stable_sort(items.begin(), items.end());
    QJsonArray list;
    for (size_t i = 0; i < items.size() && i < size_t(request.limit); ++i)
        list.append(items[i].json);
    QJsonObject data = request.scope.identity();
    data.insert(QStringLiteral("total"), qint64(items.size()));
    data.insert(QStringLiteral("truncated"), items.size() > size_t(request.limit));
    data.insert(QLatin1String(key), list);
    return ApiResponse::ok(data);
}

enum Rank
{
    SpawnRank,
    PromptRank,
    RequestRank,
    ToolRank,
    EventRank,
    ResponseRank
};

void addPrompts(Database& db, const SessionScope& scope, std::vector<Item>& items, bool asMessages)
{
    SqliteStatement query = db.prepare(SessionScope::withCte(
        "SELECT pr.id, pr.ts, pr.text, pr.length, s.external_id FROM prompts pr JOIN sessions s ON s.id = "
        "pr.session_id WHERE pr.session_id IN (SELECT id FROM scope)"));
    scope.bind(query);
    while (query.step()) {
        Item prompt = item(query, 1, PromptRank, query.int64(0));
        prompt.json = QJsonObject {
            { asMessages ? QStringLiteral("role") : QStringLiteral("type"),
                asMessages ? QStringLiteral("user") : QStringLiteral("prompt") },
            { QStringLiteral("timestamp"), ApiJson::timeOrNull(query, 1) },
            { QStringLiteral("session_id"), query.text(4) },
            // NULL when ingest ran with --no-content; the length is kept either way.
            { QStringLiteral("text"), ApiJson::textOrNull(query, 2) },
            { QStringLiteral("length"), query.int64(3) },
        };
        if (asMessages)
            prompt.json.insert(QStringLiteral("kind"), QStringLiteral("prompt"));
        items.push_back(prompt);
    }
}

void addRequests(Database& db, const SessionScope& scope, std::vector<Item>& items, bool asMessages)
{
    SqliteStatement query = db.prepare(SessionScope::withCte(
        "SELECT u.id, u.ts, u.model, COALESCE(u.agent, s.agent, 'main'), u.input_tokens, u.output_tokens, "
        "u.cache_read_tokens, u.cache_write_5m_tokens, u.cache_write_1h_tokens, u.reasoning_tokens, "
        "COALESCE(u.logged_cost, u.computed_cost), u.latency_ms, s.external_id, u.requested_model FROM "
        "usage_records u JOIN sessions s ON s.id = u.session_id WHERE u.session_id IN (SELECT id FROM "
        "scope)"));
    scope.bind(query);
    while (query.step()) {
        const TokenCounts tokens = TokenColumns::read(query, 4);
        Item request = item(query, 1, RequestRank, query.int64(0));
        request.json = QJsonObject {
            { QStringLiteral("timestamp"), ApiJson::timeOrNull(query, 1) },
            { QStringLiteral("session_id"), query.text(12) },
            { QStringLiteral("model"), ApiJson::textOrNull(query, 2) },
            { QStringLiteral("agent"), query.text(3) },
            { QStringLiteral("tokens_in"), tokens.promptTokens() },
            { QStringLiteral("tokens_out"), tokens.output + tokens.reasoning },
            { QStringLiteral("tokens"), MonitorSupport::tokensJson(tokens) },
            { QStringLiteral("cost_usd"), MonitorSupport::usdOrNull(query, 10) },
            { QStringLiteral("latency_ms"), ApiJson::integerOrNull(query, 11) },
            { QStringLiteral("requested_model"), ApiJson::textOrNull(query, 13) },
        };
        if (asMessages) {
            request.json.insert(QStringLiteral("role"), QStringLiteral("assistant"));
            request.json.insert(QStringLiteral("kind"), QStringLiteral("request"));
            // The store keeps no reply text per request, only a session's newest answer (its own item).
            request.json.insert(QStringLiteral("text"), QJsonValue());
        } else {
            request.json.insert(QStringLiteral("type"), QStringLiteral("request"));
        }
        items.push_back(request);
    }
}

void addResponses(Database& db, const SessionScope& scope, std::vector<Item>& items, bool asMessages)
{
    SqliteStatement query = db.prepare(SessionScope::withCte(
        "SELECT s.id, s.last_output_ts, s.last_output, s.external_id FROM scope JOIN sessions s ON s.id = "
        "scope.id WHERE s.last_output IS NOT NULL OR s.last_output_ts IS NOT NULL"));
    scope.bind(query);
    while (query.step()) {
        Item response = item(query, 1, ResponseRank, query.int64(0));
        response.json = QJsonObject {
            { asMessages ? QStringLiteral("role") : QStringLiteral("type"),
                asMessages ? QStringLiteral("assistant") : QStringLiteral("response") },
            { QStringLiteral("timestamp"), ApiJson::timeOrNull(query, 1) },
            { QStringLiteral("session_id"), query.text(3) },
            { QStringLiteral("text"), ApiJson::textOrNull(query, 2) },
        };
        if (asMessages)
            response.json.insert(QStringLiteral("kind"), QStringLiteral("response"));
        items.push_back(response);
    }
}

ApiResponse timeline(const SessionRouteRequest& request)
{
    Database& db = request.context.db();
    const SessionScope& scope = request.scope;
    std::vector<Item> items;
    addPrompts(db, scope, items, false);
    addRequests(db, scope, items, false);
    addResponses(db, scope, items, false);

    // Tool calls; a call that ran a sub-agent is its spawn.
    SqliteStatement tools = db.prepare(SessionScope::withCte(
        "SELECT c.id, c.start_ts, c.tool_use_id, c.name, c.status, c.end_ts, c.duration_ms, c.is_error, "
        "c.file_path, c.file_operation, s.external_id, ch.external_id, COALESCE(ch.agent, 'main') FROM "
        "tool_calls c JOIN sessions s ON s.id = c.session_id LEFT JOIN sessions ch ON ch.id = "
        "c.child_session_id WHERE c.session_id IN (SELECT id FROM scope)"));
    scope.bind(tools);
    while (tools.step()) {
        const bool spawn = !tools.isNull(11);
        Item call = item(tools, 1, spawn ? SpawnRank : ToolRank, tools.int64(0));
        call.json = QJsonObject {
            { QStringLiteral("type"),
                spawn ? QStringLiteral("subagent_spawn") : QStringLiteral("tool_call") },
            { QStringLiteral("timestamp"), ApiJson::timeOrNull(tools, 1) },
            { QStringLiteral("session_id"), tools.text(10) },
            { QStringLiteral("tool_use_id"), tools.text(2) },
            { QStringLiteral("tool_name"), ApiJson::textOrNull(tools, 3) },
            { QStringLiteral("status"), tools.text(4) },
            { QStringLiteral("ended_at"), ApiJson::timeOrNull(tools, 5) },
            { QStringLiteral("duration_ms"), ApiJson::integerOrNull(tools, 6) },
            { QStringLiteral("is_error"), tools.int64(7) != 0 || tools.text(4) == QLatin1String("error") },
            { QStringLiteral("file_path"), ApiJson::textOrNull(tools, 8) },
            { QStringLiteral("file_operation"), ApiJson::textOrNull(tools, 9) },
        };
        if (spawn) {
            call.json.insert(QStringLiteral("child_session_id"), tools.text(11));
            call.json.insert(QStringLiteral("child_agent"), tools.text(12));
        }
        items.push_back(call);
    }

    // Sub-agents no tool call spawned (forks, sessions that name their parent) start at their first line.
    SqliteStatement children = db.prepare(SessionScope::withCte(
        "SELECT ch.id, ch.first_ts, ch.external_id, COALESCE(ch.agent, 'main'), s.external_id FROM sessions "
        "ch JOIN sessions s ON s.id = ch.parent_id WHERE ch.parent_id IN (SELECT id FROM scope) AND NOT "
        "EXISTS (SELECT 1 FROM tool_calls c WHERE c.child_session_id = ch.id)"));
    scope.bind(children);
    while (children.step()) {
        Item spawn = item(children, 1, SpawnRank, -children.int64(0));
        spawn.json = QJsonObject {
            { QStringLiteral("type"), QStringLiteral("subagent_spawn") },
            { QStringLiteral("timestamp"), ApiJson::timeOrNull(children, 1) },
            { QStringLiteral("session_id"), children.text(4) },
            { QStringLiteral("tool_use_id"), QJsonValue() },
            { QStringLiteral("child_session_id"), children.text(2) },
            { QStringLiteral("child_agent"), children.text(3) },
        };
        items.push_back(spawn);
    }

    // API errors and retries the agent recorded.
    SqliteStatement events = db.prepare(SessionScope::withCte(
        "SELECT e.id, e.ts, e.kind, e.model, e.message, e.retry_attempt, COALESCE(e.agent, s.agent, 'main'), "
        "s.external_id FROM agent_events e JOIN sessions s ON s.id = e.session_id WHERE e.session_id IN "
        "(SELECT id FROM scope)"));
    scope.bind(events);
    while (events.step()) {
        Item event = item(events, 1, EventRank, events.int64(0));
        event.json = QJsonObject {
            { QStringLiteral("type"), events.text(2) },
            { QStringLiteral("timestamp"), ApiJson::timeOrNull(events, 1) },
            { QStringLiteral("session_id"), events.text(7) },
            { QStringLiteral("model"), ApiJson::textOrNull(events, 3) },
            { QStringLiteral("message"), ApiJson::textOrNull(events, 4) },
            { QStringLiteral("retry_attempt"), ApiJson::integerOrNull(events, 5) },
            { QStringLiteral("agent"), events.text(6) },
        };
        items.push_back(event);
    }
    return itemsResponse(request, items, "events");
}

ApiResponse messages(const SessionRouteRequest& request)
{
    Database& db = request.context.db();
    std::vector<Item> items;
    addPrompts(db, request.scope, items, true);
    addRequests(db, request.scope, items, true);
    addResponses(db, request.scope, items, true);
    return itemsResponse(request, items, "messages");
}

// operations: the session's tool calls as a tree. A call that spawned a sub-agent holds that
// sub-agent's own calls as children, at any depth; a sub-agent no call spawned (a fork) is a node of
// its own at its first line.
struct Node
{
    qint64 sortTs = 0;
    bool hasTime = false;
    qint64 id = 0;
    QJsonObject json;
    qint64 childSession = 0; // a session whose calls nest below this node
};

struct SessionInfo
{
    qint64 parent = 0;
    qint64 firstTs = 0;
    bool hasFirstTs = false;
    QJsonObject json;
};

ApiResponse operations(const SessionRouteRequest& request)
{
    Database& db = request.context.db();
    SessionScope scope = request.scope;
    scope.includeChildren = true; // the tree is the point of this route

    QHash<qint64, SessionInfo> sessions;
    SqliteStatement infos = db.prepare(SessionScope::withCte(
        "SELECT s.id, COALESCE(s.parent_id, 0), s.first_ts, s.external_id, COALESCE(s.agent, 'main'), "
        "s.title, COALESCE(s.status, 'completed') FROM scope JOIN sessions s ON s.id = scope.id"));
    scope.bind(infos);
    while (infos.step()) {
        SessionInfo info;
        info.parent = infos.int64(1);
        info.hasFirstTs = !infos.isNull(2);
        info.firstTs = info.hasFirstTs ? infos.int64(2) : 0;
        info.json = QJsonObject { { QStringLiteral("session_id"), infos.text(3) },
            { QStringLiteral("agent"), infos.text(4) },
            { QStringLiteral("title"), ApiJson::textOrNull(infos, 5) },
            { QStringLiteral("status"), infos.text(6) } };
        sessions.insert(infos.int64(0), info);
    }

    QHash<qint64, std::vector<Node>> bySession;
    QSet<qint64> spawned; // sessions that nest below a call
    qint64 total = 0;
    SqliteStatement calls = db.prepare(SessionScope::withCte(
        "SELECT c.id, c.session_id, c.start_ts, c.tool_use_id, c.name, c.status, c.end_ts, c.duration_ms, "
        "c.is_error, c.file_path, c.file_operation, COALESCE(c.child_session_id, 0) FROM tool_calls c WHERE "
        "c.session_id IN (SELECT id FROM scope) ORDER BY c.id"));
    scope.bind(calls);
    while (calls.step()) {
        Node node;
        node.id = calls.int64(0);
        node.hasTime = !calls.isNull(2);
        node.sortTs = node.hasTime ? calls.int64(2) : 0;
        const qint64 child = calls.int64(11);
        // A child nests below the first call that names it, and only when it is in this tree.
        const bool nests = child != 0 && sessions.contains(child) && !spawned.contains(child);
        if (nests) {
            spawned.insert(child);
            node.childSession = child;
        }
        node.json = QJsonObject {
            { QStringLiteral("type"),
                child != 0 ? QStringLiteral("subagent_spawn") : QStringLiteral("tool") },
            { QStringLiteral("tool_use_id"), calls.text(3) },
            { QStringLiteral("tool_name"), ApiJson::textOrNull(calls, 4) },
            { QStringLiteral("status"), calls.text(5) },
            { QStringLiteral("is_error"), calls.int64(8) != 0 || calls.text(5) == QLatin1String("error") },
            { QStringLiteral("started_at"), ApiJson::timeOrNull(calls, 2) },
            { QStringLiteral("ended_at"), ApiJson::timeOrNull(calls, 6) },
            { QStringLiteral("duration_ms"), ApiJson::integerOrNull(calls, 7) },
            { QStringLiteral("file_path"), ApiJson::textOrNull(calls, 9) },
            { QStringLiteral("file_operation"), ApiJson::textOrNull(calls, 10) },
            { QStringLiteral("session_id"),
                sessions.value(calls.int64(1)).json.value(QStringLiteral("session_id")) },
            { QStringLiteral("child_session"),
                nests ? QJsonValue(sessions.value(child).json) : QJsonValue() },
        };
        bySession[calls.int64(1)].push_back(node);
        ++total;
    }
    // Sub-agents that no call spawned hang below their parent session as nodes of their own.
    for (auto it = sessions.cbegin(); it != sessions.cend(); ++it) {
        if (it.key() == scope.rowId || spawned.contains(it.key()) || !sessions.contains(it->parent))
            continue;
        Node node;
        node.id = -it.key();
        node.hasTime = it->hasFirstTs;
        node.sortTs = it->firstTs;
        node.childSession = it.key();
        node.json = QJsonObject { { QStringLiteral("type"), QStringLiteral("subagent") },
            { QStringLiteral("tool_use_id"), QJsonValue() }, { QStringLiteral("tool_name"), QJsonValue() },
            { QStringLiteral("status"), it->json.value(QStringLiteral("status")) },
            { QStringLiteral("started_at"),
                it->hasFirstTs ? QJsonValue(ApiJson::isoTime(it->firstTs)) : QJsonValue() },
            { QStringLiteral("session_id"),
                sessions.value(it->parent).json.value(QStringLiteral("session_id")) },
            { QStringLiteral("child_session"), it->json } };
        bySession[it->parent].push_back(node);
    }

    // Depth is bounded by the scope's 64 levels, and every session is expanded once.
    std::function<QJsonArray(qint64)> build = [&](qint64 session) {
        std::vector<Node> nodes = bySession.take(session);
        std::stable_sort(nodes.begin(), nodes.end(), [](const Node& a, const Node& b) {
            if (a.hasTime != b.hasTime)
                return a.hasTime;
            return a.sortTs != b.sortTs ? a.sortTs < b.sortTs : a.id < b.id;
        });
        QJsonArray array;
        for (Node& node : nodes) {
            node.json.insert(
                QStringLiteral("children"), node.childSession ? build(node.childSession) : QJsonArray());
            array.append(node.json);
        }
        return array;
    };
    QJsonObject data = request.scope.identity(false);
    data.insert(QStringLiteral("total_operations"), total);
    data.insert(QStringLiteral("operations"), build(scope.rowId));
    return ApiResponse::ok(data);
}

} // namespace

void registerSessionEventRoutes(ApiRouter& router)
{
    SessionRouteOptions events;
    events.childrenByDefault = false;
    events.defaultLimit = 1000;
    addSessionRoute(router, "timeline", events, timeline);
    addSessionRoute(router, "messages", events, messages);
    SessionRouteOptions tree;
    tree.takesChildren = false;
    addSessionRoute(router, "operations", tree, operations);
}

// SPDX-License-Identifier: MIT
#include "changefeed.h"

#include "database.h"

#include <algorithm>
#include <QSet>
#include <vector>

namespace {
// One read transaction for a whole poll: every query sees the same committed state.
class ReadSnapshot
{
public:
    explicit ReadSnapshot(Database& db)
        : m_db(db)
    {
        m_db.exec("BEGIN");
    }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;
    ~ReadSnapshot()
    {
        try {
            m_db.rollback(); // nothing was written: ending the read is all there is to do
        } catch (...) { }
    }

private:
    Database& m_db;
};

std::optional<qint64> optionalInt(const SqliteStatement& q, int column)
{
    if (q.isNull(column))
        return std::nullopt;
    return q.int64(column);
}

// The item columns of a request.
constexpr std::string_view kUsageColumns
    = "SELECT u.id, u.ts, src.name, s.external_id, s.title, COALESCE(u.agent, s.agent), u.model, "
      "u.requested_model, "
      "u.input_tokens + u.cache_read_tokens + u.cache_write_5m_tokens + u.cache_write_1h_tokens, "
      "u.output_tokens + u.reasoning_tokens, COALESCE(u.logged_cost, u.computed_cost), u.latency_ms, "
      "u.session_id, u.logged_cost, u.computed_cost "
      "FROM usage_records u JOIN sessions s ON s.id = u.session_id JOIN sources src ON src.id = s.source_id ";

// The event type comes from the activity view itself, so that the feed and the view cannot disagree.
// Asked with bound values, one request at a time: SQLite then pushes them into the view's first arm
// (the usage_session index); as a correlated subquery it would scan the whole view for every request.
constexpr std::string_view kEventType
    = "SELECT event_type FROM activity WHERE session_id = ?1 AND ts = ?2 AND rid = ?3";

ChangeNotice::Usage readUsage(const SqliteStatement& q, SqliteStatement& eventType)
{
    ChangeNotice::Usage item;
    item.id = q.int64(0);
    item.ts = q.int64(1);
    item.source = q.text(2);
    item.sessionId = q.text(3);
    item.sessionTitle = q.text(4);
    item.agent = q.text(5);
    item.model = q.text(6);
    item.requestedModel = q.text(7);
    item.tokensIn = q.int64(8);
    item.tokensOut = q.int64(9);
    item.tokensTotal = item.tokensIn + item.tokensOut;
    item.cost = q.optionalReal(10);
    item.latencyMs = optionalInt(q, 11);
    item.loggedCost = q.optionalReal(13);
    item.computedCost = q.optionalReal(14);
    eventType.bind(1, q.int64(12));
    eventType.bind(2, item.ts);
    eventType.bind(3, QByteArray("u" + QByteArray::number(item.id)));
    if (eventType.step())
        item.eventType = eventType.text(0);
    eventType.reset();
    return item;
}

void widen(ChangeNotice& notice, qint64 minTs, qint64 maxTs)
{
    notice.minTs = notice.minTs ? std::min(*notice.minTs, minTs) : minTs;
    notice.maxTs = notice.maxTs ? std::max(*notice.maxTs, maxTs) : maxTs;
}
} // namespace

bool ChangeFeed::Fingerprint::operator==(const Fingerprint& other) const
{
    return sessionId == other.sessionId && ts == other.ts && model == other.model
        && requestedModel == other.requestedModel && std::equal(tokens, tokens + 6, other.tokens)
        && loggedCost == other.loggedCost && computedCost == other.computedCost
        && latencyMs == other.latencyMs;
}

ChangeFeed::ChangeFeed(Database& db, Options options)
    : m_db(db)
    , m_options(options)
{ }

ChangeFeed::~ChangeFeed() = default;

ChangeFeed::Watermarks ChangeFeed::currentMaxima()
{
    Watermarks now;
    SqliteStatement q = m_db.prepare("SELECT (SELECT COALESCE(MAX(id), 0) FROM usage_records), "
                                     "(SELECT COALESCE(MAX(id), 0) FROM agent_events), "
                                     "(SELECT COALESCE(MAX(id), 0) FROM sessions), "
                                     "(SELECT COALESCE(MAX(last_ts), 0) FROM sessions)");
    q.step();
    now.usage = q.int64(0);
    now.event = q.int64(1);
    now.session = q.int64(2);
    now.lastTs = q.int64(3);
    return now;
}

void ChangeFeed::prime()
{
    const qint64 version = m_db.dataVersion();
    ReadSnapshot snapshot(m_db);
    const Watermarks now = currentMaxima();
    m_recent = recheck(now.usage, now.usage, nullptr);
    m_watermarks = now;
    m_dataVersion = version;
}

bool ChangeFeed::hasChanged()
{
    return m_dataVersion < 0 || m_db.dataVersion() != m_dataVersion;
}

ChangeFeed::Fingerprints ChangeFeed::recheck(qint64 oldUsage, qint64 newUsage, std::vector<qint64>* changed)
{
    Fingerprints newest;
    const qint64 window = m_options.recheckRows;
    if (window <= 0)
        return newest;
    // By rowid: the remembered rows below the old watermark, then the newest rows above it. Ids are
    // dense (rows are never deleted), so each range is about recheckRows rows at most.
    SqliteStatement q = m_db.prepare(
        "SELECT id, session_id, ts, model, requested_model, input_tokens, output_tokens, cache_read_tokens, "
        "cache_write_5m_tokens, cache_write_1h_tokens, reasoning_tokens, logged_cost, computed_cost, "
        "latency_ms FROM usage_records WHERE id > ?1 AND id <= ?2");
    auto read = [&](qint64 from, qint64 to, bool compare) {
        if (to <= from)
            return;
        q.bind(1, from);
        q.bind(2, to);
        while (q.step()) {
            const qint64 id = q.int64(0);
            Fingerprint print;
            print.sessionId = q.int64(1);
            print.ts = q.int64(2);
            print.model = q.bytes(3);
            print.requestedModel = q.bytes(4);
            for (int i = 0; i < 6; ++i)
                print.tokens[i] = q.int64(5 + i);
            print.loggedCost = q.optionalReal(11);
            print.computedCost = q.optionalReal(12);
            print.latencyMs = optionalInt(q, 13);
            if (compare) {
                const auto known = m_recent.find(id);
                if (known != m_recent.end() && !(known->second == print))
                    changed->push_back(id);
            }
            if (id > newUsage - window)
                newest.emplace_hint(newest.end(), id, std::move(print));
        }
        q.reset();
    };
    const bool compare = changed && !m_recent.empty();
    const qint64 oldFrom = compare ? std::max(m_recent.begin()->first - 1, oldUsage - window)
                                   : std::max<qint64>(0, newUsage - window);
    read(std::max<qint64>(0, oldFrom), std::min(oldUsage, newUsage), compare);
    read(std::max(oldUsage, newUsage - window), newUsage, false);
    return newest;
}

ChangeNotice ChangeFeed::poll()
{
    ChangeNotice notice;
    // Read before the snapshot: a commit after this read shows up in the next poll, never in neither.
    const qint64 version = m_db.dataVersion();
    if (version == m_dataVersion && !m_historyChanged)
        return notice;

    ReadSnapshot snapshot(m_db);
    Watermarks old = m_watermarks;
    const Watermarks now = currentMaxima();
    if (now.usage < old.usage || now.event < old.event || now.session < old.session) {
        // Ids went back: another store was put in place of this one. Report nothing of it row by row.
        old = now;
        m_recent.clear();
        m_historyChanged = true;
    }
    const qint64 limit = m_options.maxItems;
    QSet<qint64> touched; // sessions.id
    SqliteStatement eventType = m_db.prepare(kEventType);

    // New requests: the true count and time span over all of them, the newest as items.
    if (now.usage > old.usage) {
        SqliteStatement count
            = m_db.prepare("SELECT COUNT(*), MIN(ts), MAX(ts) FROM usage_records WHERE id > ?1 AND id <= ?2");
        count.bind(1, old.usage);
        count.bind(2, now.usage);
        count.step();
        notice.usageCount = count.int64(0);
        if (notice.usageCount > 0)
            widen(notice, count.int64(1), count.int64(2));

        SqliteStatement items = m_db.prepare(
            std::string(kUsageColumns) + "WHERE u.id > ?1 AND u.id <= ?2 ORDER BY u.id DESC LIMIT ?3");
        items.bind(1, old.usage);
        items.bind(2, now.usage);
        items.bind(3, limit);
        while (items.step())
            notice.usage.push_back(readUsage(items, eventType));
        std::reverse(notice.usage.begin(), notice.usage.end());

        SqliteStatement sessions
            = m_db.prepare("SELECT DISTINCT session_id FROM usage_records WHERE id > ?1 AND id <= ?2");
        sessions.bind(1, old.usage);
        sessions.bind(2, now.usage);
        while (sessions.step())
            touched.insert(sessions.int64(0));
    }

    // Requests reported before and replaced in place since.
    std::vector<qint64> changed;
    Fingerprints recent = recheck(old.usage, now.usage, &changed);
    notice.usageUpdatedCount = qint64(changed.size());
    if (!changed.empty()) {
        SqliteStatement item = m_db.prepare(std::string(kUsageColumns) + "WHERE u.id = ?1");
        for (size_t i = 0; i < changed.size(); ++i) {
            item.bind(1, changed[i]);
            if (item.step()) {
                ChangeNotice::Usage usage = readUsage(item, eventType);
                touched.insert(item.int64(12));
                widen(notice, usage.ts, usage.ts);
                if (i + size_t(limit) >= changed.size()) // the newest limit of them
                    notice.usageUpdated.push_back(std::move(usage));
            }
            item.reset();
        }
    }

    // New errors and retries.
    if (now.event > old.event) {
        SqliteStatement count
            = m_db.prepare("SELECT COUNT(*), MIN(ts), MAX(ts) FROM agent_events WHERE id > ?1 AND id <= ?2");
        count.bind(1, old.event);
        count.bind(2, now.event);
        count.step();
        notice.eventCount = count.int64(0);
        if (notice.eventCount > 0)
            widen(notice, count.int64(1), count.int64(2));

        SqliteStatement items = m_db.prepare(
            "SELECT e.id, e.ts, src.name, s.external_id, COALESCE(e.agent, s.agent), e.model, e.kind, "
            "e.message, e.retry_attempt, e.session_id FROM agent_events e JOIN sessions s ON s.id = "
            "e.session_id JOIN sources src ON src.id = s.source_id WHERE e.id > ?1 AND e.id <= ?2 "
            "ORDER BY e.id DESC LIMIT ?3");
        items.bind(1, old.event);
        items.bind(2, now.event);
        items.bind(3, limit);
        while (items.step()) {
            ChangeNotice::Event event;
            event.id = items.int64(0);
            event.ts = items.int64(1);
            event.source = items.text(2);
            event.sessionId = items.text(3);
            event.agent = items.text(4);
            event.model = items.text(5);
            event.kind = items.text(6);
            event.message = items.text(7);
            if (!items.isNull(8))
                event.retryAttempt = int(items.int64(8));
            notice.events.push_back(std::move(event));
        }
        std::reverse(notice.events.begin(), notice.events.end());

        SqliteStatement sessions
            = m_db.prepare("SELECT DISTINCT session_id FROM agent_events WHERE id > ?1 AND id <= ?2");
        sessions.bind(1, old.event);
        sessions.bind(2, now.event);
        while (sessions.step())
            touched.insert(sessions.int64(0));
    }

    // New session rows, and sessions whose activity moved past the newest time seen before (a prompt or
    // a tool call without a billed request also moves last_ts).
    {
        SqliteStatement sessions = m_db.prepare("SELECT id FROM sessions WHERE id > ?1 AND id <= ?2");
        sessions.bind(1, old.session);
        sessions.bind(2, now.session);
        while (sessions.step()) {
            touched.insert(sessions.int64(0));
            ++notice.newSessionCount;
        }
        if (now.lastTs > old.lastTs) {
            SqliteStatement later = m_db.prepare("SELECT id FROM sessions WHERE last_ts > ?1");
            later.bind(1, old.lastTs);
            while (later.step())
                touched.insert(later.int64(0));
        }
    }

    // Touched sessions: the newest by last activity, with their totals.
    notice.sessionCount = touched.size();
    if (!touched.isEmpty()) {
        std::vector<std::pair<qint64, qint64>> order; // (last_ts, id)
        order.reserve(size_t(touched.size()));
        SqliteStatement lastTs
            = m_db.prepare("SELECT COALESCE(last_ts, first_ts, 0) FROM sessions WHERE id = ?1");
        for (const qint64 id : std::as_const(touched)) {
            lastTs.bind(1, id);
            order.emplace_back(lastTs.step() ? lastTs.int64(0) : 0, id);
            lastTs.reset();
        }
        std::sort(order.begin(), order.end());
        if (qsizetype(order.size()) > limit)
            order.erase(order.begin(), order.end() - limit);

        SqliteStatement session = m_db.prepare(
            "SELECT s.external_id, src.name, s.title, p.external_id, s.agent, s.first_ts, s.last_ts "
            "FROM sessions s JOIN sources src ON src.id = s.source_id LEFT JOIN sessions p ON p.id = "
            "s.parent_id WHERE s.id = ?1");
        SqliteStatement totals = m_db.prepare(
            "SELECT COALESCE(SUM(requests), 0), COALESCE(SUM(input_tokens + cache_read_tokens + "
            "cache_write_5m_tokens + cache_write_1h_tokens), 0), COALESCE(SUM(output_tokens + "
            "reasoning_tokens), 0), COALESCE(SUM(auto_cost), 0), COALESCE(SUM(auto_unpriced), 0) "
            "FROM usage_rollup WHERE session_id = ?1");
        for (const auto& [ts, id] : order) {
            Q_UNUSED(ts);
            session.bind(1, id);
            if (!session.step()) {
                session.reset();
                continue;
            }
            ChangeNotice::Session item;
            item.rowId = id;
            item.sessionId = session.text(0);
            item.source = session.text(1);
            item.title = session.text(2);
            item.parentSessionId = session.text(3);
            item.agent = session.text(4);
            item.firstTs = optionalInt(session, 5);
            item.lastTs = optionalInt(session, 6);
            item.isNew = id > old.session;
            session.reset();
            totals.bind(1, id);
            totals.step();
            item.requests = totals.int64(0);
            item.tokensIn = totals.int64(1);
            item.tokensOut = totals.int64(2);
            item.tokensTotal = item.tokensIn + item.tokensOut;
            item.cost = totals.real(3);
            item.unpricedRequests = totals.int64(4);
            totals.reset();
            notice.sessions.push_back(std::move(item));
        }
    }

    notice.historyChanged = m_historyChanged;
    notice.usageWatermark = now.usage;
    notice.eventWatermark = now.event;
    notice.sessionWatermark = now.session;
    m_watermarks = now;
    m_watermarks.lastTs = std::max(old.lastTs, now.lastTs);
    m_recent = std::move(recent);
    m_dataVersion = version;
    m_historyChanged = false;
    if (!notice.isEmpty())
        notice.sequence = ++m_sequence;
    return notice;
}

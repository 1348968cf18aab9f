// SPDX-License-Identifier: MIT
#include "usagestore.h"

#include "stablehash.h"
#include "tokencolumns.h"

#include <string>
#include <vector>

UsageStore::UsageStore(Database& db, std::shared_ptr<const PriceBook> prices, UsageRollup& rollup)
    : m_db(db)
    , m_prices(std::move(prices))
    , m_rollup(rollup)
{
    const std::string columns
        = "SELECT id, record_key, request_id, is_sidechain, speed IS NOT NULL, session_id, ts, "
          "COALESCE(model, ''), input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, "
          "cache_write_1h_tokens, reasoning_tokens, logged_cost, computed_cost, latency_ms, "
          "COALESCE(requested_model, '') FROM usage_records ";
    m_selectByHash = m_db.prepare(columns + "WHERE key_hash = ?1");
    m_selectById = m_db.prepare(columns + "WHERE id = ?1");
    m_pending = PendingRows<Pending>(m_db, "usage_records",
        MultiRowInsert(m_db,
            "INSERT INTO usage_records(session_id, ts, model, provider, input_tokens, output_tokens, "
            "cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, reasoning_tokens, logged_cost, "
            "computed_cost, price_entry, record_key, request_id, is_sidechain, agent, speed, file_id, "
            "byte_offset, key_hash, latency_ms, requested_model) VALUES ",
            23));
    m_update = m_db.prepare(
        "UPDATE usage_records SET session_id = ?1, ts = ?2, model = ?3, provider = ?4, input_tokens = ?5, "
        "output_tokens = ?6, cache_read_tokens = ?7, cache_write_5m_tokens = ?8, cache_write_1h_tokens = ?9, "
        "reasoning_tokens = ?10, logged_cost = ?11, computed_cost = ?12, price_entry = ?13, record_key = "
        "?14, request_id = ?15, is_sidechain = ?16, agent = ?17, speed = ?18, file_id = ?19, byte_offset = "
        "?20, key_hash = ?21, latency_ms = ?22, requested_model = ?23 WHERE id = ?24");
}

UsageStore::~UsageStore() = default;

void UsageStore::beginBulk()
{
    Q_ASSERT(m_pending.empty());
    m_keys.clear();
    m_pending.forget();
    m_bulk = true;
}

void UsageStore::endBulk()
{
    Q_ASSERT(m_pending.empty());
    m_keys.clear();
    m_pending.forget();
    m_bulk = false;
}

void UsageStore::flushPending()
{
    m_pending.write();
}

void UsageStore::discardPending()
{
    m_pending.forget();
}

void UsageStore::bindRow(SqliteStatement& q, int first, const UsageRecord& r, qint64 sessionId, qint64 fileId,
    qint64 keyHash, const std::optional<double>& cost, const QByteArray& entry)
{
    q.bind(first + 1, sessionId);
    q.bind(first + 2, r.timestampMs);
    q.bindViewOrNull(first + 3, r.model);
    q.bindViewOrNull(first + 4, r.provider);
    TokenColumns::bind(q, first + 5, r.tokens);
    q.bind(first + 11, r.loggedCost);
    q.bind(first + 12, cost);
    q.bindViewOrNull(first + 13, entry);
    q.bindView(first + 14, r.recordKey);
    q.bindView(first + 15, r.requestId);
    q.bind(first + 16, r.isSidechain ? 1 : 0);
    q.bindViewOrNull(first + 17, r.agent);
    q.bindViewOrNull(first + 18, r.speed);
    if (fileId > 0)
        q.bind(first + 19, fileId);
    else
        q.bindNull(first + 19);
    q.bind(first + 20, r.byteOffset);
    q.bind(first + 21, keyHash);
    q.bind(first + 22, r.latencyMs);
    q.bindViewOrNull(first + 23, r.requestedModel);
}

qint64 UsageStore::write(
    const UsageRecord& r, qint64 sessionId, qint64 fileId, qint64 keyHash, qint64 replaceRowId)
{
    PriceQuote quote;
    if (r.noCost)
        quote.cost = 0.0;
    else if (m_prices) {
        if (r.model != m_pricedModel || r.provider != m_pricedProvider
            || m_pricedAs.generation() != m_prices->generation()) {
            m_pricedAs = m_prices->resolved(r.model, r.provider);
            m_pricedModel = r.model;
            m_pricedProvider = r.provider;
        }
        quote = m_pricedAs.price(r.tokens, r.timestampMs);
    }
    // A handful of distinct entries: convert one when it changes, not once per request.
    if (quote.entry != m_entry) {
        m_entry = quote.entry;
        m_entryUtf8 = quote.entry.toUtf8();
    }
    m_rollup.add(sessionId, r.timestampMs, r.model, r.tokens, { r.loggedCost, quote.cost }, +1);
    if (replaceRowId > 0) { // a row store() read, so one written
        bindRow(m_update, 0, r, sessionId, fileId, keyHash, quote.cost, m_entryUtf8);
        m_update.bind(24, replaceRowId);
        m_update.execute();
        return replaceRowId;
    }
    if (!m_bulk) {
        SqliteStatement& q = m_pending.forRows(1);
        bindRow(q, 0, r, sessionId, fileId, keyHash, quote.cost, m_entryUtf8);
        q.execute();
        return m_db.lastInsertRowId();
    }
    return m_pending.hold({ &r, 0, sessionId, fileId, keyHash, quote.cost, m_entryUtf8 });
}

qint64 UsageStore::keyHash(const UsageRecord& record)
{
    return StableHash::of(record.recordKey);
}

UsageStore::Outcome UsageStore::store(const UsageRecord& r, qint64 keyHash, qint64 sessionId, qint64 fileId)
{
    Q_ASSERT(keyHash == UsageStore::keyHash(r));
    if (m_bulk) {
        if (qint64* first = m_keys.claim(keyHash)) { // a key not stored before: nothing to compare
            *first = write(r, sessionId, fileId, keyHash, 0);
            return Outcome::Inserted;
        }
    }
    struct Stored
    {
        qint64 id;
        QByteArray requestId;
        bool sidechain;
        bool hasSpeed;
        qint64 sessionId;
        qint64 ts;
        QByteArray model;
        TokenCounts tokens;
        UsageRollup::Costs costs;
        std::optional<qint64> latencyMs;
        QByteArray requestedModel;
        qint64 total() const { return tokens.total(); }
    };
    std::vector<Stored> stored;
    auto readRows = [&](SqliteStatement& q) {
        while (q.step()) {
            if (q.view(1) != std::string_view(r.recordKey.constData(), size_t(r.recordKey.size())))
                continue; // another key with the same hash
            Stored row { q.int64(0), q.bytes(2), q.int64(3) != 0, q.int64(4) != 0, q.int64(5), q.int64(6),
                q.bytes(7), TokenColumns::read(q, 8), {}, {}, {} };
            row.costs.logged = q.optionalReal(14);
            row.costs.computed = q.optionalReal(15);
            if (!q.isNull(16))
                row.latencyMs = q.int64(16);
            row.requestedModel = q.bytes(17);
            stored.push_back(std::move(row));
        }
        q.reset();
    };
    if (m_bulk) {
        for (qint64 id : m_keys.rows(keyHash)) {
            // A row not written yet is written with the others held (a Claude load repeats many keys
            // of earlier files, whose rows are written: those leave the held ones alone).
            m_pending.writeIfHolding(id);
            m_selectById.bind(1, id);
            readRows(m_selectById);
        }
    } else {
        m_selectByHash.bind(1, keyHash);
        readRows(m_selectByHash);
    }
    // The replaced copy leaves the rollup; write() adds its successor.
    auto replaceWith = [&](const Stored& old) {
        m_rollup.add(old.sessionId, old.ts, old.model, old.tokens, old.costs, -1);
        write(r, sessionId, fileId, keyHash, old.id);
    };

    const qint64 total = r.tokens.total();
    auto better = [&](const Stored& other) {
        return UsageRecord::isBetterCopy(total, !r.speed.isEmpty(), other.total(), other.hasSpeed);
    };
    for (const Stored& other : stored) {
        if (other.requestId == r.requestId && r.lastCopyWins) {
            if (other.sessionId == sessionId && other.ts == r.timestampMs && other.model == r.model
                && other.tokens == r.tokens && other.costs.logged == r.loggedCost
                && other.latencyMs == r.latencyMs && other.requestedModel == r.requestedModel)
                return Outcome::Duplicate; // the same copy read again
            replaceWith(other);
            return Outcome::Replaced;
        }
        if (other.requestId == r.requestId) {
            if (!better(other))
                return Outcome::Duplicate;
            replaceWith(other);
            return Outcome::Replaced;
        }
    }
    const Stored* replace = nullptr;
    for (const Stored& other : stored) {
        if (!other.sidechain && !r.isSidechain)
            continue; // distinct requests that share a message id
        if (other.sidechain && r.isSidechain) {
            if (!better(other))
                return Outcome::Duplicate;
            replace = &other;
        } else if (r.isSidechain) {
            return Outcome::Duplicate; // a replay of a main-chain request
        } else {
            replace = &other; // the main-chain original replaces its earlier-read replay
        }
    }
    if (replace) {
        replaceWith(*replace);
        return Outcome::Replaced;
    }
    const qint64 row = write(r, sessionId, fileId, keyHash, 0);
    if (m_bulk)
        m_keys.add(keyHash, row);
    return Outcome::Inserted;
}

qint64 UsageStore::repriceAll()
{
    if (!m_prices)
        return 0;
    flushPending();
    qint64 repriced = 0;
    SqliteStatement rows = m_db.prepare("SELECT id, model, provider, ts, input_tokens, output_tokens, "
                                        "cache_read_tokens, cache_write_5m_tokens, "
                                        "cache_write_1h_tokens, reasoning_tokens FROM usage_records WHERE "
                                        "model IS NOT NULL AND model != '<synthetic>'");
    SqliteStatement update
        = m_db.prepare("UPDATE usage_records SET computed_cost = ?2, price_entry = ?3 WHERE id = ?1");
    while (rows.step()) {
        const PriceQuote quote
            = m_prices->price(rows.bytes(1), rows.bytes(2), TokenColumns::read(rows, 4), rows.int64(3));
        update.bind(1, rows.int64(0));
        update.bind(2, quote.cost);
        update.bindOrNull(3, quote.entry.toUtf8());
        update.execute();
        ++repriced;
    }
    UsageRollup::rebuild(m_db);
    return repriced;
}

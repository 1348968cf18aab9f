// SPDX-License-Identifier: MIT
#include "usagerollup.h"

#include "database.h"
#include "storeerror.h"
#include "tokencolumns.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

UsageRollup::Sums& UsageRollup::Sums::operator+=(const Sums& other)
{
    tokens += other.tokens;
    requests += other.requests;
    computedCost += other.computedCost;
    computedUnpriced += other.computedUnpriced;
    loggedCost += other.loggedCost;
    autoCost += other.autoCost;
    autoUnpriced += other.autoUnpriced;
    removed = removed || other.removed;
    return *this;
}

void UsageRollup::add(qint64 sessionId, qint64 timestampMs, const QByteArray& model,
    const TokenCounts& tokens, Costs costs, int sign)
{
    Sums& sums = m_pending[Key { sessionId, timestampMs / kBucketMs, model }];
    sums.tokens.input += sign * tokens.input;
    sums.tokens.output += sign * tokens.output;
    sums.tokens.cacheRead += sign * tokens.cacheRead;
    sums.tokens.cacheWrite5m += sign * tokens.cacheWrite5m;
    sums.tokens.cacheWrite1h += sign * tokens.cacheWrite1h;
    sums.tokens.reasoning += sign * tokens.reasoning;
    sums.requests += sign;
    if (sign < 0)
        sums.removed = true;
    if (costs.computed)
        sums.computedCost += sign * *costs.computed;
    else
        sums.computedUnpriced += sign;
    if (costs.logged)
        sums.loggedCost += sign * *costs.logged;
    const std::optional<double> autoCost = costs.logged ? costs.logged : costs.computed;
    if (autoCost)
        sums.autoCost += sign * *autoCost;
    else
        sums.autoUnpriced += sign;
}

qint64 UsageRollup::sourceOf(Database& db, SqliteStatement& select, qint64 sessionId)
{
    if (const auto it = m_sourceOf.constFind(sessionId); it != m_sourceOf.constEnd())
        return *it;
    // A replaced copy's session can be of any source and any earlier run, so the batch's own
    // source does not tell it.
    if (!select.isValid())
        select = db.prepare("SELECT source_id FROM sessions WHERE id = ?1");
    select.bind(1, sessionId);
    if (!select.step())
        throw StoreError(QStringLiteral("usage of unknown session %1").arg(sessionId));
    const qint64 source = select.int64(0);
    select.reset();
    m_sourceOf.insert(sessionId, source);
    return source;
}

void UsageRollup::flush(Database& db)
{
    if (m_pending.isEmpty())
        return;
    Q_ASSERT(!m_flushedTo || m_flushedTo == &db);
    m_flushedTo = &db;
    Rows bySource;
    SqliteStatement select;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it)
        bySource[Key { sourceOf(db, select, it.key().owner), it.key().bucket, it.key().model }] += it.value();
    write(db, m_sessionTable, m_pending);
    write(db, m_sourceTable, bySource);
    m_pending.clear();
}

void UsageRollup::write(Database& db, Table& table, const Rows& rows)
{
    if (!table.upsert.isValid()) {
        table.upsert = MultiRowInsert(db,
            "INSERT INTO " + std::string(table.name) + "(" + table.ownerColumn
                + ", bucket, model, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, "
                  "cache_write_1h_tokens, reasoning_tokens, requests, computed_cost, computed_unpriced, "
                  "logged_cost, auto_cost, auto_unpriced) VALUES ",
            15,
            std::string(" ON CONFLICT(") + table.ownerColumn
                + ", bucket, model) DO UPDATE SET input_tokens = input_tokens + excluded.input_tokens, "
                  "output_tokens = output_tokens + excluded.output_tokens, "
                  "cache_read_tokens = cache_read_tokens + excluded.cache_read_tokens, "
                  "cache_write_5m_tokens = cache_write_5m_tokens + excluded.cache_write_5m_tokens, "
                  "cache_write_1h_tokens = cache_write_1h_tokens + excluded.cache_write_1h_tokens, "
                  "reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens, "
                  "requests = requests + excluded.requests, "
                  "computed_cost = computed_cost + excluded.computed_cost, "
                  "computed_unpriced = computed_unpriced + excluded.computed_unpriced, "
                  "logged_cost = logged_cost + excluded.logged_cost, "
                  "auto_cost = auto_cost + excluded.auto_cost, "
                  "auto_unpriced = auto_unpriced + excluded.auto_unpriced");
        table.prune = db.prepare(std::string("DELETE FROM ") + table.name + " WHERE " + table.ownerColumn
            + " = ?1 AND bucket = ?2 AND model = ?3 AND requests = 0");
    }
    // In key order, the order of the tables' primary keys (both WITHOUT ROWID): consecutive upserts
    // then land on the same pages instead of the hash's order all over the tree.
    std::vector<Rows::const_iterator> ordered;
    ordered.reserve(size_t(rows.size()));
    for (auto it = rows.cbegin(); it != rows.cend(); ++it)
        ordered.push_back(it);
    std::sort(
        ordered.begin(), ordered.end(), [](const Rows::const_iterator& a, const Rows::const_iterator& b) {
            return std::tie(a.key().owner, a.key().bucket, a.key().model)
                < std::tie(b.key().owner, b.key().bucket, b.key().model);
        });
    // Up to 32 rows a statement: a row then costs about 8,700 instructions instead of 12,300 one by one
    // (what SQLite does once a statement, in a WITHOUT ROWID table of this shape; session 29). SQLite
    // applies the upsert row by row, so a row updates the one an earlier row of the same statement
    // wrote as it would a stored one (the keys of one flush are distinct in any case).
    for (size_t done = 0; done < ordered.size();) {
        const int count = int(std::min(ordered.size() - done, size_t(MultiRowInsert::kMaxRows)));
        SqliteStatement& upsert = table.upsert.forRows(count);
        for (int row = 0; row < count; ++row) {
            const Rows::const_iterator& it = ordered[done + size_t(row)];
            const Sums& sums = it.value();
            const int first = row * table.upsert.parameters();
            upsert.bind(first + 1, it.key().owner);
            upsert.bind(first + 2, it.key().bucket);
            upsert.bind(first + 3, it.key().model);
            TokenColumns::bind(upsert, first + 4, sums.tokens);
            upsert.bind(first + 10, sums.requests);
            upsert.bind(first + 11, sums.computedCost);
            upsert.bind(first + 12, sums.computedUnpriced);
            upsert.bind(first + 13, sums.loggedCost);
            upsert.bind(first + 14, sums.autoCost);
            upsert.bind(first + 15, sums.autoUnpriced);
        }
        upsert.execute();
        done += size_t(count);
    }
    // A replaced copy can leave a row that no request stands behind any more.
    SqliteStatement& prune = table.prune;
    for (auto it = rows.cbegin(); it != rows.cend(); ++it) {
        if (!it.value().removed)
            continue;
        prune.bind(1, it.key().owner);
        prune.bind(2, it.key().bucket);
        prune.bind(3, it.key().model);
        prune.execute();
    }
}

void UsageRollup::rebuild(Database& db)
{
    db.exec("DELETE FROM usage_rollup");
    db.exec(
        "INSERT INTO usage_rollup SELECT session_id, ts / 900000, COALESCE(model, ''), SUM(input_tokens), "
        "SUM(output_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens), "
        "SUM(reasoning_tokens), COUNT(*), TOTAL(computed_cost), SUM(computed_cost IS NULL), "
        "TOTAL(logged_cost), "
        "TOTAL(COALESCE(logged_cost, computed_cost)), SUM(logged_cost IS NULL AND computed_cost IS NULL) "
        "FROM usage_records GROUP BY 1, 2, 3");
    // As migration 0005 fills it.
    db.exec("DELETE FROM source_rollup");
    db.exec("INSERT INTO source_rollup SELECT s.source_id, r.bucket, r.model, SUM(r.input_tokens), "
            "SUM(r.output_tokens), SUM(r.cache_read_tokens), SUM(r.cache_write_5m_tokens), "
            "SUM(r.cache_write_1h_tokens), SUM(r.reasoning_tokens), SUM(r.requests), TOTAL(r.computed_cost), "
            "SUM(r.computed_unpriced), TOTAL(r.logged_cost), TOTAL(r.auto_cost), SUM(r.auto_unpriced) "
            "FROM usage_rollup r JOIN sessions s ON s.id = r.session_id GROUP BY 1, 2, 3");
}

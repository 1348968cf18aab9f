// SPDX-License-Identifier: MIT
#pragma once

#include "domain/tokencounts.h"
#include "multirowinsert.h"
#include "sqlitestatement.h"

#include <optional>
#include <QByteArray>
#include <QHash>

class Database;

// Collects the changes a batch makes to usage_rollup (see 0001_initial.sql) and source_rollup
// (0005_source_rollup.sql) and writes them in the batch's transaction: one upsert per touched
// (session, bucket, model) and (source, bucket, model) instead of one per request.
class UsageRollup
{
public:
    static constexpr qint64 kBucketMs = 15 * 60 * 1000;

    struct Costs
    {
        std::optional<double> logged;
        std::optional<double> computed;
    };

    // sign +1 adds a stored request, -1 removes one (a copy replaced by a better one).
    void add(qint64 sessionId, qint64 timestampMs, const QByteArray& model, const TokenCounts& tokens,
        Costs costs, int sign);
    // Writes the pending sums into db's rollup tables. The first flush prepares the statements for db:
    // every later flush must be into the same db, and the rollup must go before db closes.
    void flush(Database& db);
    void clear() { m_pending.clear(); }
    // The writer's own sessions: it found their rows by source, so flush() need not look them up.
    void noteSource(qint64 sessionId, qint64 sourceId) { m_sourceOf.insert(sessionId, sourceId); }

    // Recomputes both tables from usage_records (after re-pricing).
    static void rebuild(Database& db);

private:
    struct Key
    {
        qint64 owner; // sessions.id in usage_rollup, sources.id in source_rollup
        qint64 bucket;
        QByteArray model;
        friend bool operator==(const Key&, const Key&) = default;
        friend size_t qHash(const Key& key, size_t seed = 0) noexcept
        {
            return qHashMulti(seed, key.owner, key.bucket, key.model);
        }
    };
    struct Sums
    {
        TokenCounts tokens;
        qint64 requests = 0;
        double computedCost = 0;
        qint64 computedUnpriced = 0;
        double loggedCost = 0;
        double autoCost = 0;
        qint64 autoUnpriced = 0;
        bool removed = false; // a request left this row: it may now be empty

        Sums& operator+=(const Sums& other);
    };
    using Rows = QHash<Key, Sums>;

    // select: prepared on the first session not in m_sourceOf.
    qint64 sourceOf(Database& db, SqliteStatement& select, qint64 sessionId);
    // One rollup table's statements, prepared by its first flush: a load flushes once a batch.
    struct Table
    {
        const char* name;
        const char* ownerColumn; // its first key column
        MultiRowInsert upsert; // up to MultiRowInsert::kMaxRows rows a statement
        SqliteStatement prune;
    };
    // Adds rows to table and deletes the rows they emptied.
    static void write(Database& db, Table& table, const Rows& rows);

    Table m_sessionTable { "usage_rollup", "session_id", {}, {} };
    Table m_sourceTable { "source_rollup", "source_id", {}, {} };
    const Database* m_flushedTo = nullptr; // what the statements were prepared for
    Rows m_pending; // keyed by session
    // sessions.id -> sources.id. A session never changes source and is never deleted, and a batch
    // that fails ends the writer (StoreWriterThread), so an entry learned in a rolled-back batch is
    // never used; the same holds for StoreWriter's own session ids.
    QHash<qint64, qint64> m_sourceOf;
};

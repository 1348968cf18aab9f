// SPDX-License-Identifier: MIT
#pragma once

#include "domain/tokencounts.h"

#include <optional>
#include <QByteArray>
#include <QHash>

class Database;

// Collects the changes a batch makes to usage_rollup (see 0001_initial.sql) and writes them in the
// batch's transaction: one upsert per touched (session, bucket, model) instead of one per request.
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
    void flush(Database& db);
    void clear() { m_pending.clear(); }

    // Recomputes the whole table from usage_records (after re-pricing).
    static void rebuild(Database& db);

private:
    struct Key
    {
        qint64 sessionId;
        qint64 bucket;
        QByteArray model;
        friend bool operator==(const Key&, const Key&) = default;
        friend size_t qHash(const Key& key, size_t seed = 0) noexcept
        {
            return qHashMulti(seed, key.sessionId, key.bucket, key.model);
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
    };
    QHash<Key, Sums> m_pending;
};

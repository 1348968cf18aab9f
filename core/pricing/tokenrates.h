// SPDX-License-Identifier: MIT
#pragma once

#include "domain/tokencounts.h"

#include <array>
#include <optional>
#include <QByteArray>

class PriceBook;

// A model's base price per 1,000 tokens of each token bucket, as the price book bills them at one
// moment: what a cost breakdown by component and the cache savings are computed from (the session cost
// route, the dashboard). Reasoning is billed at the output price.
class TokenRates
{
public:
    // In TokenCounts order.
    enum Bucket
    {
        Input,
        Output,
        CacheRead,
        CacheWrite5m,
        CacheWrite1h,
        Reasoning,
        BucketCount
    };

    // book may be null: every rate is then absent.
    static TokenRates of(
        const PriceBook* book, const QByteArray& model, const QByteArray& provider, qint64 timestampMs);

    static qint64 tokens(const TokenCounts& counts, int bucket);

    // USD per 1,000 tokens; absent when the model has no price.
    const std::optional<double>& operator[](int bucket) const { return m_perThousand[size_t(bucket)]; }
    // What the cache reads would have cost as fresh input, less what they did cost; absent when either
    // price is missing.
    std::optional<double> cacheSavings(qint64 cacheReadTokens) const;

private:
    std::array<std::optional<double>, BucketCount> m_perThousand;
};

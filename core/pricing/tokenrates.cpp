// SPDX-License-Identifier: MIT
#include "tokenrates.h"

#include "pricebook.h"

namespace {

qint64& bucketOf(TokenCounts& tokens, int bucket)
{
    switch (bucket) {
    case TokenRates::Input:
        return tokens.input;
    case TokenRates::Output:
        return tokens.output;
    case TokenRates::CacheRead:
        return tokens.cacheRead;
    case TokenRates::CacheWrite5m:
        return tokens.cacheWrite5m;
    case TokenRates::CacheWrite1h:
        return tokens.cacheWrite1h;
    default:
        return tokens.reasoning;
    }
}

} // namespace

qint64 TokenRates::tokens(const TokenCounts& counts, int bucket)
{
    TokenCounts copy = counts;
    return bucketOf(copy, bucket);
}

// The difference of 2,000 and 1,000 tokens cancels a per-request fee, and a 2,000-token prompt stays
// below every long-context tier, so these are the base rates.
TokenRates TokenRates::of(
    const PriceBook* book, const QByteArray& model, const QByteArray& provider, qint64 timestampMs)
{
    TokenRates rates;
    if (!book)
        return rates;
    for (int bucket = 0; bucket < BucketCount; ++bucket) {
        TokenCounts one;
        TokenCounts two;
        bucketOf(one, bucket) = 1000;
        bucketOf(two, bucket) = 2000;
        const PriceQuote a = book->price(model, provider, one, timestampMs);
        const PriceQuote b = book->price(model, provider, two, timestampMs);
        if (a.isPriced() && b.isPriced())
            rates.m_perThousand[size_t(bucket)] = *b.cost - *a.cost;
    }
    return rates;
}

std::optional<double> TokenRates::cacheSavings(qint64 cacheReadTokens) const
{
    const auto& input = (*this)[Input];
    const auto& read = (*this)[CacheRead];
    if (!input || !read)
        return std::nullopt;
    return double(cacheReadTokens) * (*input - *read) / 1000.0;
}

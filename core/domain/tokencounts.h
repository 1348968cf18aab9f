// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <QMetaType>

// Normalised token buckets of one model request (formats.md §1.1). Every bucket is disjoint:
// input is fresh (uncached) input only, output excludes reasoning. Adapters convert each agent's
// convention into this shape so nothing is billed twice.
struct TokenCounts
{
    qint64 input = 0;
    qint64 output = 0;
    qint64 cacheRead = 0;
    qint64 cacheWrite5m = 0;
    qint64 cacheWrite1h = 0;
    qint64 reasoning = 0;

    qint64 cacheWrite() const { return cacheWrite5m + cacheWrite1h; }
    // Every token of the request: what "total tokens" means in reports (ccusage's definition for
    // Claude is the sum of its four buckets; reasoning is zero there).
    qint64 total() const { return input + output + cacheRead + cacheWrite5m + cacheWrite1h + reasoning; }
    // The prompt size the provider saw; long-context tiers are chosen by it.
    qint64 promptTokens() const { return input + cacheRead + cacheWrite5m + cacheWrite1h; }
    bool isZero() const { return total() == 0; }

    TokenCounts& operator+=(const TokenCounts& other)
    {
        input += other.input;
        output += other.output;
        cacheRead += other.cacheRead;
        cacheWrite5m += other.cacheWrite5m;
        cacheWrite1h += other.cacheWrite1h;
        reasoning += other.reasoning;
        return *this;
    }
    friend bool operator==(const TokenCounts&, const TokenCounts&) = default;
};
Q_DECLARE_METATYPE(TokenCounts)

// SPDX-License-Identifier: MIT
#pragma once

#include "domain/tokencounts.h"

#include <optional>
#include <QJsonValue>
#include <QString>
#include <QtGlobal>
#include <utility>
#include <vector>

// The prices of one model, converted once from genai-prices JSON (a ModelPrice object or a list of
// ConditionalPrice) into plain values so that pricing a request never touches JSON.
//
// Semantics follow the genai-prices reference (packages/python/genai_prices/types.py and
// packages/js/src/engine.ts), checked against the source:
// - Conditional prices are tried last to first; the first whose constraint holds is used, and
//   when none holds the first one is. A start_date holds from 00:00 UTC of that date on; a time
//   window holds for start <= UTC time of day < end, and a window whose end is before its start
//   wraps midnight (the JS engine does this; the Python one does not, but no window wraps today).
// - Tiers are a cliff: the tier is chosen by the request's whole prompt (fresh input plus cache
//   reads and writes, the reference's usage.input_tokens, which "should INCLUDE both uncached and
//   cached tokens"), the highest tier whose start is strictly below that prompt wins
//   ("total_input_tokens > tier.start"), and every token of the bucket, output included, then
//   pays that tier's rate. A prompt exactly at the start still pays the base rate.
// - A missing cache-read or cache-write price falls back to the input price (the JS engine leaves
//   such tokens in the uncached input count, which amounts to the same).
// - requests_kcount adds its price / 1000 once per request.
// AgentMeter's own rules on top: reasoning tokens pay the output price, 1-hour cache writes pay
// twice the input price, and a zero-token record costs 0 (not even the per-request fee: such a
// record is bookkeeping, not a billed request).
class PriceModel
{
public:
    // A price in USD per million tokens, possibly tiered by prompt size.
    struct Rate
    {
        double base = 0.0;
        // (start, price) sorted by start.
        std::vector<std::pair<qint64, double>> tiers;

        double at(qint64 promptTokens) const;
    };

    struct Prices
    {
        std::optional<Rate> input;
        std::optional<Rate> output;
        std::optional<Rate> cacheRead;
        std::optional<Rate> cacheWrite;
        std::optional<double> requestsKcount;

        // Without an input or an output price the model cannot be priced at all.
        bool isPriced() const { return input.has_value() || output.has_value(); }
    };

    // genai-prices keys we do not bill (audio, image, video...) are skipped when Ignore; user
    // overrides use Reject so that a typo ("input": 3) is reported instead of silently ignored.
    enum class UnknownKeys
    {
        Ignore,
        Reject
    };

    // value: a ModelPrice object or an array of ConditionalPrice objects.
    static std::optional<PriceModel> fromJson(
        const QJsonValue& value, UnknownKeys unknownKeys, QString* error);

    // The cost in USD of one request at timestampMs (UTC milliseconds), or nothing when the price
    // set in force has neither an input nor an output price. suffix (optional) receives "" or the
    // "@<start_date>" / "@<start>-<end>" label of the conditional price that was used.
    std::optional<double> cost(
        const TokenCounts& tokens, qint64 timestampMs, QString* suffix = nullptr) const;

private:
    struct Conditional
    {
        enum class Kind
        {
            Always,
            StartDate,
            TimeOfDay,
            Never
        };
        Kind kind = Kind::Always;
        qint64 startDay = 0; // days since 1970-01-01 (UTC)
        qint64 startMs = 0; // UTC milliseconds of the day
        qint64 endMs = 0;
        QString suffix;
        Prices prices;

        bool isActive(qint64 day, qint64 msOfDay) const;
    };

    const Conditional& select(qint64 timestampMs) const;

    std::vector<Conditional> m_conditionals;
};

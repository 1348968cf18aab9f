// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QJsonObject>
#include <vector>

class Database;

// Latency percentiles of analytics-stream-api.md ("Future Enhancements: p50, p95, p99"), by the
// nearest-rank method: pN is the smallest recorded latency that at least N% of the samples do not
// exceed (sorted ascending, the value at rank ceil(N/100 * samples)). Every reported value is one
// that was recorded, and a hand check needs no interpolation.
class LatencyStats
{
public:
    // Over every request with a recorded latency at or after sinceMs (all time when none). The
    // partial index usage_latency holds exactly those requests, so nothing else is read.
    static LatencyStats ofRequests(Database& db, std::optional<qint64> sinceMs);

    LatencyStats() = default;
    // Takes the samples (milliseconds) in any order.
    explicit LatencyStats(std::vector<qint64> samples);

    qint64 samples() const { return qint64(m_sorted.size()); }
    // percent in (0, 100]; none without samples.
    std::optional<qint64> percentile(double percent) const;

    // {p50, p95, p99, samples, min, max, mean}; the values are null without samples.
    QJsonObject toJson() const;

private:
    std::vector<qint64> m_sorted;
};

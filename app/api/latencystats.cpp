// SPDX-License-Identifier: MIT
#include "latencystats.h"

#include "store/database.h"

#include <algorithm>
#include <cmath>
#include <numeric>

LatencyStats::LatencyStats(std::vector<qint64> samples)
    : m_sorted(std::move(samples))
{
    std::sort(m_sorted.begin(), m_sorted.end());
}

std::optional<qint64> LatencyStats::percentile(double percent) const
{
    if (m_sorted.empty() || !(percent > 0) || percent > 100)
        return std::nullopt;
    // The rank is computed in integers where possible: 95% of 20 samples is rank 19 exactly, which
    // floating point could push to 20.
    const double exact = percent / 100.0 * double(m_sorted.size());
    qint64 rank = qint64(std::ceil(exact - 1e-9));
    rank = std::clamp<qint64>(rank, 1, qint64(m_sorted.size()));
    return m_sorted[size_t(rank - 1)];
}

QJsonObject LatencyStats::toJson() const
{
    const auto value = [](const std::optional<qint64>& v) { return v ? QJsonValue(*v) : QJsonValue(); };
    QJsonValue mean;
    if (!m_sorted.empty()) {
        const double sum = std::accumulate(m_sorted.begin(), m_sorted.end(), 0.0);
        mean = std::round(sum / double(m_sorted.size()) * 10.0) / 10.0;
    }
    return QJsonObject {
        { QStringLiteral("p50"), value(percentile(50)) },
        { QStringLiteral("p95"), value(percentile(95)) },
        { QStringLiteral("p99"), value(percentile(99)) },
        { QStringLiteral("samples"), samples() },
        { QStringLiteral("min"), m_sorted.empty() ? QJsonValue() : QJsonValue(m_sorted.front()) },
        { QStringLiteral("max"), m_sorted.empty() ? QJsonValue() : QJsonValue(m_sorted.back()) },
        { QStringLiteral("mean"), mean },
    };
}

LatencyStats LatencyStats::ofRequests(Database& db, std::optional<qint64> sinceMs)
{
    SqliteStatement statement
        = db.prepare(std::string("SELECT latency_ms FROM usage_records WHERE latency_ms IS NOT NULL")
            + (sinceMs ? " AND ts >= ?" : ""));
    if (sinceMs)
        statement.bind(1, *sinceMs);
    std::vector<qint64> samples;
    while (statement.step())
        samples.push_back(statement.int64(0));
    return LatencyStats(std::move(samples));
}

// SPDX-License-Identifier: MIT
#include "overridestats.h"

#include "apijson.h"
#include "store/database.h"

#include <cmath>
#include <QJsonArray>

QJsonObject OverrideStats::read(Database& db, std::optional<qint64> sinceMs)
{
    // usage_requested_model holds only the requests with a recorded requested model, so neither query
    // reads the requests of sources that never record one.
    const std::string since = sinceMs ? " AND ts >= ?" : "";
    SqliteStatement pairs
        = db.prepare("SELECT requested_model, model, COUNT(*), SUM(input_tokens + cache_read_tokens + "
                     "cache_write_5m_tokens "
                     "+ cache_write_1h_tokens + output_tokens + reasoning_tokens), SUM(COALESCE(logged_cost, "
                     "computed_cost)), "
                     "MIN(ts), MAX(ts) FROM usage_records "
                     "WHERE requested_model IS NOT NULL AND requested_model <> COALESCE(model, '')"
            + since + " GROUP BY requested_model, model ORDER BY COUNT(*) DESC, requested_model, model");
    if (sinceMs)
        pairs.bind(1, *sinceMs);
    QJsonArray list;
    qint64 overrides = 0;
    while (pairs.step()) {
        overrides += pairs.int64(2);
        list.append(QJsonObject {
            { QStringLiteral("requested_model"), pairs.text(0) },
            { QStringLiteral("model"), ApiJson::textOrNull(pairs, 1) },
            { QStringLiteral("count"), pairs.int64(2) },
            { QStringLiteral("tokens"), pairs.int64(3) },
            { QStringLiteral("cost"),
                pairs.isNull(4) ? QJsonValue() : QJsonValue(std::round(pairs.real(4) * 1e6) / 1e6) },
            { QStringLiteral("first_seen"), ApiJson::timeOrNull(pairs, 5) },
            { QStringLiteral("last_seen"), ApiJson::timeOrNull(pairs, 6) },
        });
    }
    SqliteStatement recorded
        = db.prepare("SELECT COUNT(*) FROM usage_records WHERE requested_model IS NOT NULL" + since);
    if (sinceMs)
        recorded.bind(1, *sinceMs);
    const qint64 withRequested = recorded.step() ? recorded.int64(0) : 0;
    return QJsonObject {
        { QStringLiteral("total_overrides"), overrides },
        { QStringLiteral("requests_with_requested_model"), withRequested },
        { QStringLiteral("override_rate"),
            withRequested > 0
                ? QJsonValue(std::round(10000.0 * double(overrides) / double(withRequested)) / 10000.0)
                : QJsonValue() },
        { QStringLiteral("overrides"), list },
    };
}

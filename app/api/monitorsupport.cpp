// SPDX-License-Identifier: MIT
#include "monitorsupport.h"

#include "domain/tokencounts.h"
#include "queryparams.h"
#include "store/database.h"
#include "store/sqlitestatement.h"

#include <cmath>

namespace MonitorSupport {

int days(QueryParams& params, int def)
{
    // 100 years is more history than any log holds, and keeps the window's start a valid date.
    return params.integer("days", def, 1, 36500);
}

const QStringList& sourceNames()
{
    static const QStringList names { QStringLiteral("claude"), QStringLiteral("codex"),
        QStringLiteral("opencode"), QStringLiteral("openclaw"), QStringLiteral("gemini") };
    return names;
}

QString source(QueryParams& params)
{
    return params.choice("source", sourceNames());
}

QJsonValue usd(double value)
{
    return std::round(value * 1e9) / 1e9;
}

QJsonValue ratePer1k(double value)
{
    return std::round(value * 1e15) / 1e15;
}

QJsonValue usdOrNull(const SqliteStatement& row, int column)
{
    return row.isNull(column) ? QJsonValue() : usd(row.real(column));
}

QJsonObject tokensJson(const TokenCounts& tokens)
{
    return QJsonObject {
        { QStringLiteral("input"), tokens.input },
        { QStringLiteral("output"), tokens.output },
        { QStringLiteral("cache_read"), tokens.cacheRead },
        { QStringLiteral("cache_write_5m"), tokens.cacheWrite5m },
        { QStringLiteral("cache_write_1h"), tokens.cacheWrite1h },
        { QStringLiteral("cache_write"), tokens.cacheWrite() },
        { QStringLiteral("reasoning"), tokens.reasoning },
        { QStringLiteral("total"), tokens.total() },
    };
}

qint64 sessionsActiveSince(Database& db, qint64 startMs)
{
    SqliteStatement count = db.prepare("SELECT COUNT(*) FROM sessions WHERE last_ts >= ?1");
    count.bind(1, startMs);
    return count.step() ? count.int64(0) : 0;
}

} // namespace MonitorSupport

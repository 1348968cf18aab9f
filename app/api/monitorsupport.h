// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

class Database;
class QueryParams;
class SqliteStatement;
struct TokenCounts;

// What the routes of monitor-rest-api.md share: their parameters, money, token objects and the SQL
// fragments that must read the same in every query.
namespace MonitorSupport {

// days=N: a whole number of local days, at least 1 (days=0 would be an empty window, which is a
// mistake of the caller's, not a question).
int days(QueryParams& params, int def);
// source=<name>: one of the five sources, '' when absent. Picks one session when two sources share
// an external id.
QString source(QueryParams& params);
const QStringList& sourceNames();

// USD rounded to nano-dollars: sums of doubles print as 0.036395 instead of 0.036395000000000004.
QJsonValue usd(double value);
QJsonValue usdOrNull(const SqliteStatement& row, int column);
// A price per 1,000 tokens: finer, since it is multiplied by token counts.
QJsonValue ratePer1k(double value);

// {input, output, cache_read, cache_write_5m, cache_write_1h, cache_write, reasoning, total}.
QJsonObject tokensJson(const TokenCounts& tokens);

// Sessions active since startMs (last line at or after it): every session and trace list counts these,
// straight from the sessions_last_ts index.
qint64 sessionsActiveSince(Database& db, qint64 startMs);

} // namespace MonitorSupport

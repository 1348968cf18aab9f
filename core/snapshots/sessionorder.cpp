// SPDX-License-Identifier: MIT
#include "sessionorder.h"

namespace {

// SQLite sorts NULL before every number; so does this.
template <typename T> int compare(const std::optional<T>& a, const std::optional<T>& b)
{
    if (a.has_value() != b.has_value())
        return a.has_value() ? 1 : -1;
    return !a || *a == *b ? 0 : (*a < *b ? -1 : 1);
}

} // namespace

std::optional<double> SessionOrder::sortKey(const SessionRow& row) const
{
    switch (key) {
    case Start:
        return row.firstTs ? std::optional<double>(double(*row.firstTs)) : std::nullopt;
    case Duration:
        return row.durationMs() ? std::optional<double>(double(*row.durationMs())) : std::nullopt;
    case Tokens:
        return double(row.tokens);
    case Cost:
        return row.cost;
    }
    return std::nullopt;
}

bool SessionOrder::lessThan(const SessionRow& a, const SessionRow& b) const
{
    int c = compare(sortKey(a), sortKey(b));
    if (c == 0)
        c = compare(std::optional<qint64>(a.rowId), std::optional<qint64>(b.rowId));
    return order == Qt::AscendingOrder ? c < 0 : c > 0;
}

std::string SessionOrder::keySql() const
{
    // The Start and Duration expressions are those of the sessions_root_start and sessions_root_duration
    // indexes, so a page is read from the index; Tokens and Cost sum the project's rollup rows first.
    switch (key) {
    case Start:
        return "s.first_ts";
    case Duration:
        return "s.last_ts - s.first_ts";
    case Tokens:
        return "COALESCE(t.tokens, 0)";
    case Cost:
        return "COALESCE(t.cost, 0)";
    }
    return {};
}

std::string SessionOrder::sql() const
{
    const char* direction = order == Qt::AscendingOrder ? " ASC" : " DESC";
    return "ORDER BY " + keySql() + direction + ", s.id" + direction;
}

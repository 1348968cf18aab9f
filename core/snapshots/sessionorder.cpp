// SPDX-License-Identifier: MIT
#include "sessionorder.h"

#include <string>

namespace {

// SQLite sorts NULL before every number; so does this.
int compareOptional(const std::optional<qint64>& a, const std::optional<qint64>& b)
{
    if (a.has_value() != b.has_value())
        return a.has_value() ? 1 : -1;
    return !a || *a == *b ? 0 : (*a < *b ? -1 : 1);
}

template <typename T> int compare(T a, T b)
{
    return a == b ? 0 : (a < b ? -1 : 1);
}

} // namespace

bool SessionOrder::lessThan(const SessionRow& a, const SessionRow& b) const
{
    int c = 0;
    switch (key) {
    case Start:
        c = compareOptional(a.firstTs, b.firstTs);
        break;
    case Duration:
        c = compareOptional(a.durationMs(), b.durationMs());
        break;
    case Tokens:
        c = compare(a.tokens, b.tokens);
        break;
    case Cost:
        c = compare(a.cost, b.cost);
        break;
    }
    if (c == 0)
        c = compare(a.rowId, b.rowId);
    return order == Qt::AscendingOrder ? c < 0 : c > 0;
}

std::string SessionOrder::sql() const
{
    // The Start and Duration expressions are those of the sessions_root_start and sessions_root_duration
    // indexes, so a page is read from the index; Tokens and Cost sum the project's rollup rows first.
    std::string expression;
    switch (key) {
    case Start:
        expression = "s.first_ts";
        break;
    case Duration:
        expression = "s.last_ts - s.first_ts";
        break;
    case Tokens:
        expression = "COALESCE(t.tokens, 0)";
        break;
    case Cost:
        expression = "COALESCE(t.cost, 0)";
        break;
    }
    const char* direction = order == Qt::AscendingOrder ? " ASC" : " DESC";
    return "ORDER BY " + expression + direction + ", s.id" + direction;
}

// SPDX-License-Identifier: MIT
#pragma once

#include "sessionrow.h"

#include <optional>
#include <QtCore/qnamespace.h>
#include <string>

// How a project's root sessions are sorted: by one key, ties by row id in the same direction. The query
// sorts in SQL (the list is paged); lessThan is the same order in C++, for rows that arrive live.
// A session without a start or an end has no Start or Duration key (NULL): like SQLite, this order puts
// it before every key when ascending and after every key when descending.
struct SessionOrder
{
    enum Key
    {
        Start,
        Duration,
        Tokens, // the session's own tokens, sub-agents excluded
        Cost // the session's own cost, sub-agents excluded
    };
    Key key = Start;
    Qt::SortOrder order = Qt::DescendingOrder;

    // The row's key as the SQL compares it (a number; empty for NULL). Tokens and start times are far
    // below 2^53, so a double holds them exactly.
    std::optional<double> sortKey(const SessionRow& row) const;
    // Whether the key can be NULL (Start and Duration; Tokens and Cost count a session without usage as 0).
    bool keyCanBeNull() const { return key == Start || key == Duration; }
    // Whether a comes before b in this order.
    bool lessThan(const SessionRow& a, const SessionRow& b) const;
    // The key over sessions s and a totals table t (t.tokens, t.cost).
    std::string keySql() const;
    // "ORDER BY ..." of the key and the row id.
    std::string sql() const;
    friend bool operator==(const SessionOrder&, const SessionOrder&) = default;
};

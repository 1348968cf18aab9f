// SPDX-License-Identifier: MIT
#pragma once

#include "sessionrow.h"

#include <QtCore/qnamespace.h>

// How a project's root sessions are sorted: by one key, ties by row id in the same direction. The query
// sorts in SQL (the list is paged); lessThan is the same order in C++, for rows that arrive live.
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

    // Whether a comes before b in this order.
    bool lessThan(const SessionRow& a, const SessionRow& b) const;
    // "ORDER BY ..." over sessions s and a totals table t (t.tokens, t.cost).
    std::string sql() const;
    friend bool operator==(const SessionOrder&, const SessionOrder&) = default;
};

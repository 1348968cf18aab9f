// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QString>

// How the window writes money, token counts and durations, in the current locale, so that every page,
// chart label and tooltip agrees.
class DisplayFormat
{
public:
    // "$12.34"; below a dollar three significant decimals ("$0.0042"); empty cost: "unpriced".
    static QString money(std::optional<double> dollars);
    // A sum that leaves out unpriced requests says so: "$12.34", "$12.34 + 3 unpriced".
    static QString money(double dollars, qint64 unpricedRequests);
    // 950, 12.3k, 4.56M, 1.2B
    static QString tokens(qint64 count);
    // "320 ms", "45 s", "12 min 05 s", "3 h 07 min"; negative: "–".
    static QString duration(qint64 milliseconds);
    // "12.5 %"
    static QString percent(double fraction);
};

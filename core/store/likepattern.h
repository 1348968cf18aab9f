// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

// LIKE patterns for user text: the API's search and the window's search box must escape the same way.
class LikePattern
{
public:
    // `needle` anywhere, with %, _ and \ escaped (the query says ESCAPE '\'). LIKE is case-insensitive
    // for ASCII only.
    static QString contains(const QString& needle);
};

// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>

class Database;

// Row counts of the store's tables, by their real names, for /api/health/detailed and /api/stats.
class TableCounts
{
public:
    static QJsonObject read(Database& db);
};

// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QJsonObject>

class Database;

// GET /api/overrides/stats: requests answered by another model than the one asked for
// (usage_records.requested_model <> model, the activity feed's model_override), per pair.
class OverrideStats
{
public:
    static QJsonObject read(Database& db, std::optional<qint64> sinceMs);
};

// SPDX-License-Identifier: MIT
#pragma once

#include "sqlitestatement.h"

#include <optional>
#include <QString>

// A nullable column read into a value type: empty for SQL NULL (SqliteStatement::optionalReal's
// counterparts for integers and text, kept out of that header so that adding one rebuilds little).
namespace OptionalColumn {

inline std::optional<qint64> int64(const SqliteStatement& row, int column)
{
    return row.isNull(column) ? std::nullopt : std::optional<qint64>(row.int64(column));
}

inline std::optional<QString> text(const SqliteStatement& row, int column)
{
    return row.isNull(column) ? std::nullopt : std::optional<QString>(row.text(column));
}

} // namespace OptionalColumn

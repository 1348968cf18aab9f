// SPDX-License-Identifier: MIT
#pragma once

#include "database.h"

#include <string>
#include <vector>

// One INSERT for several rows: `head` ("INSERT INTO t(a, b, c) VALUES") followed by `rows` copies of
// `tuple` ("(?1, ?2, COALESCE(?3, 0))"), row i's parameters renumbered to i * parameters + p (every
// '?' in the tuple is taken for a parameter: it may hold no string literal with one). A bulk load
// inserts hundreds of thousands of rows, and what SQLite does once per statement (starting and
// halting the program, finding the table's last rowid again, resetting and clearing its bindings) was
// about a sixth of each insert (docs/performance.md: Claude part, session 14; Codex part, session 27).
// The statement for each count of rows is prepared when first asked for.
class MultiRowInsert
{
public:
    static constexpr int kMaxRows = 32;

    MultiRowInsert() = default;
    MultiRowInsert(Database& db, std::string head, std::string tuple, int parameters);

    int parameters() const { return m_parameters; }
    // The statement for 1 to kMaxRows rows.
    SqliteStatement& forRows(int rows);

private:
    Database* m_db = nullptr;
    std::string m_head, m_tuple;
    int m_parameters = 0;
    std::vector<SqliteStatement> m_statements; // [rows - 1]
};

// SPDX-License-Identifier: MIT
#pragma once

#include "database.h"

#include <string>
#include <vector>

// One INSERT for several rows: `head` ("INSERT INTO t(a, b, c) VALUES ") followed by one tuple of
// `parameters` anonymous parameters ("(?, ?, ?)") per row, so that row i's parameter p (1-based) is
// i * parameters + p. A bulk load inserts hundreds of thousands of rows, and what SQLite does once per
// statement (starting and halting the program, finding the table's last rowid again, resetting and
// clearing its bindings) was about a sixth of each insert (docs/performance.md: Claude part,
// session 14). The parameters are anonymous because SQLite looks numbered ones (?NNN) up in a list,
// one by one: with hundreds of them that cost more than the statements saved (Codex part, session
// 27). The statement for each count of rows is prepared when first asked for.
class MultiRowInsert
{
public:
    static constexpr int kMaxRows = 32;

    MultiRowInsert() = default;
    MultiRowInsert(Database& db, std::string head, int parameters);

    int parameters() const { return m_parameters; }
    // The statement for 1 to kMaxRows rows.
    SqliteStatement& forRows(int rows);

private:
    Database* m_db = nullptr;
    std::string m_head;
    int m_parameters = 0;
    std::vector<SqliteStatement> m_statements; // [rows - 1]
};

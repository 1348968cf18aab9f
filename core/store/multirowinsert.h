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
// session 14). The parameters are anonymous because SQLite, preparing a statement, looks each numbered
// one (?NNN) up in a list of those before it; the rowids are left to SQLite because a bound one is
// sought in the table, row by row (Codex part, session 27). The statement for each count of rows is
// prepared when first asked for. `tail` follows the tuples: an upsert's "ON CONFLICT ... DO UPDATE"
// clause, which SQLite applies row by row as it would to single-row statements. Such statements are
// used through forRows(): write() checks the rowids of inserted rows, which an update does not give.
class MultiRowInsert
{
public:
    static constexpr int kMaxRows = 32;

    MultiRowInsert() = default;
    MultiRowInsert(Database& db, std::string head, int parameters, std::string tail = {});

    bool isValid() const { return m_db != nullptr; }
    int parameters() const { return m_parameters; }
    // The statement for 1 to kMaxRows rows.
    SqliteStatement& forRows(int rows);

    // Writes rows (up to kMaxRows of them; none: nothing) in one statement, bind(statement, first, row)
    // binding each row as parameters first + 1 on, and empties rows whether or not that succeeds (a
    // failed batch is rolled back, and the records the rows point into go). Each row's id is the rowid
    // it must get: the write fails (StoreError) if SQLite gave the last another.
    template <typename Row, typename Bind> void write(std::vector<Row>& rows, Bind bind)
    {
        Q_ASSERT(m_tail.empty()); // see the class comment
        if (rows.empty())
            return;
        struct Clear
        {
            std::vector<Row>& rows;
            ~Clear() { rows.clear(); }
        } clear { rows };
        SqliteStatement& statement = forRows(int(rows.size()));
        int first = 0;
        try {
            for (const Row& row : rows) {
                bind(statement, first, row);
                first += m_parameters;
            }
        } catch (...) {
            statement.reset(); // no binding may outlive the rows, nor reach the next use
            throw;
        }
        statement.execute();
        checkLastRowId(rows.back().id);
    }

private:
    void checkLastRowId(qint64 expected) const;

    Database* m_db = nullptr;
    std::string m_head;
    std::string m_tail;
    int m_parameters = 0;
    std::vector<SqliteStatement> m_statements; // [rows - 1]
};

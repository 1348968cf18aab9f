// SPDX-License-Identifier: MIT
#pragma once

#include "multirowinsert.h"

#include <string>
#include <vector>

// The new rows of a bulk load that have their rowids and are not written yet, written
// MultiRowInsert::kMaxRows to a statement. A Row has `qint64 id` and `void bind(SqliteStatement&, int
// first) const`, which binds its columns as parameters first + 1 on; it may point into the caller's
// batch, so the caller writes (or forgets) what is held before the batch goes.
template <typename Row> class PendingRows
{
public:
    PendingRows() = default;
    // insert writes to table, whose largest rowid the count starts from.
    PendingRows(Database& db, const std::string& table, MultiRowInsert insert)
        : m_db(&db)
        , m_lastRowId("SELECT COALESCE(MAX(rowid), 0) FROM " + table)
        , m_insert(std::move(insert))
    { }

    // The statement of n rows, for a caller that writes outside a bulk load.
    SqliteStatement& forRows(int n) { return m_insert.forRows(n); }

    bool empty() const { return m_rows.empty(); }
    // Gives row the rowid SQLite will give it, holds it, and writes what is held once that is kMaxRows
    // rows. The rowid is the largest plus one, row by row: the caller is the table's only writer and
    // deletes nothing, and MultiRowInsert::write() checks it.
    qint64 hold(Row row)
    {
        if (m_nextId == 0) {
            SqliteStatement last = m_db->prepare(m_lastRowId);
            last.step();
            m_nextId = last.int64(0) + 1;
        }
        const qint64 id = m_nextId++;
        row.id = id;
        m_rows.push_back(std::move(row));
        if (m_rows.size() == size_t(MultiRowInsert::kMaxRows))
            write();
        return id;
    }
    // Writes what is held if the row id is one of it, so that it can be read or updated.
    void writeIfHolding(qint64 id)
    {
        if (!m_rows.empty() && id >= m_rows.front().id)
            write();
    }
    void write()
    {
        m_insert.write(m_rows, [](SqliteStatement& q, int first, const Row& row) { row.bind(q, first); });
    }
    // Drops what is held, unwritten, and the count (a failed batch, a bulk load that ends).
    void forget()
    {
        m_rows.clear();
        m_nextId = 0;
    }

private:
    Database* m_db = nullptr;
    std::string m_lastRowId;
    MultiRowInsert m_insert;
    std::vector<Row> m_rows;
    qint64 m_nextId = 0; // the next row's id; 0 until read from the table
};

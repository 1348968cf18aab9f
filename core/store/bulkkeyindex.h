// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <QHash>
#include <QMultiHash>
#include <QVarLengthArray>

// The rows a bulk load stored, by key hash: what a key index (usage_key, tool_calls_hash) would
// answer, kept in memory so that the index itself can be built once at the end of the load instead of
// taking one random insert per row. Nearly every hash has one row; the rest (requests sharing a
// message id, a call id repeated in a forked session, collisions) go to a second, small table.
class BulkKeyIndex
{
public:
    using Rows = QVarLengthArray<qint64, 2>;

    void clear()
    {
        m_first = QHash<qint64, qint64>();
        m_more = QMultiHash<qint64, qint64>();
    }
    bool contains(qint64 hash) const
    {
        const auto first = m_first.constFind(hash);
        return first != m_first.constEnd() && *first != 0;
    }
    // rowId is a SQLite rowid, never 0: a first row of 0 is a claim that was not filled.
    void add(qint64 hash, qint64 rowId)
    {
        qint64& first = m_first[hash]; // one lookup to find or insert: this runs once per stored row
        if (first == 0)
            first = rowId;
        else
            m_more.insert(hash, rowId);
    }
    // For a hash without rows: the place of its first row, to be set to the rowid once the row is
    // inserted (before anything else is added). nullptr when the hash has rows. One lookup where
    // contains() and add() take two; if the insert fails, the hash keeps no rows.
    qint64* claim(qint64 hash)
    {
        qint64& first = m_first[hash];
        return first == 0 ? &first : nullptr;
    }
    // In ascending rowid order, as the index would list them.
    Rows rows(qint64 hash) const
    {
        Rows rows;
        const auto first = m_first.constFind(hash);
        if (first == m_first.constEnd() || *first == 0)
            return rows;
        rows.append(*first);
        for (auto it = m_more.constFind(hash); it != m_more.constEnd() && it.key() == hash; ++it)
            rows.append(*it);
        std::sort(rows.begin(), rows.end());
        return rows;
    }

private:
    QHash<qint64, qint64> m_first;
    QMultiHash<qint64, qint64> m_more;
};

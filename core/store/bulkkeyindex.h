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
    bool contains(qint64 hash) const { return m_first.contains(hash); }
    void add(qint64 hash, qint64 rowId)
    {
        auto it = m_first.find(hash);
        if (it == m_first.end())
            m_first.insert(hash, rowId);
        else
            m_more.insert(hash, rowId);
    }
    // In ascending rowid order, as the index would list them.
    Rows rows(qint64 hash) const
    {
        Rows rows;
        const auto first = m_first.constFind(hash);
        if (first == m_first.constEnd())
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

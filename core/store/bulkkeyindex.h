// SPDX-License-Identifier: MIT
#pragma once

#include <QMultiHash>
#include <QVarLengthArray>
#include <vector>

// The rows a bulk load stored, by key hash: what a key index (usage_key, tool_calls_hash) would
// answer, kept in memory so that the index itself can be built once at the end of the load instead of
// taking one random insert per row. Nearly every hash has one row; the rest (requests sharing a
// message id, a call id repeated in a forked session, collisions) go to a second, small table.
//
// The first row of each hash lives in a flat open-addressing table: the writer asks it once or twice
// per stored request and tool call, and QHash's node spans made that lookup a tenth of the writer's
// time on a first load (perf, 1 GB of Claude Code logs).
class BulkKeyIndex
{
public:
    using Rows = QVarLengthArray<qint64, 2>;

    void clear();
    bool contains(qint64 hash) const { return m_count > 0 && m_slots[find(hash)].row != 0; }
    // rowId is a SQLite rowid, so never 0 (0 marks an empty slot).
    void add(qint64 hash, qint64 rowId);
    // In ascending rowid order, as the index would list them.
    Rows rows(qint64 hash) const;

private:
    struct Slot
    {
        qint64 hash = 0;
        qint64 row = 0; // 0: empty
    };
    // The slot holding hash, or the empty slot where it would go.
    size_t find(qint64 hash) const;
    void grow();

    std::vector<Slot> m_slots;
    size_t m_count = 0;
    QMultiHash<qint64, qint64> m_more;
};

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
// The first rows live in an open-addressing table of 16-byte slots (hash, row), probed linearly: a
// first load asks it once per stored row, nearly always for a hash it has not seen, and such a miss
// costs one cache line here where QHash read a span's offsets and then its entries (perf had QHash's
// lookups at 8 % of the writer thread). At most three quarters full, so that it takes little more
// memory than QHash did (ca59da5's table, at most half full, cost 27 MB more on 1 GB of Codex logs).
class BulkKeyIndex
{
public:
    using Rows = QVarLengthArray<qint64, 2>;

    void clear();
    bool contains(qint64 hash) const { return !m_slots.empty() && m_slots[find(hash)].row != 0; }
    // rowId is a SQLite rowid, never 0 (0 marks an empty slot).
    void add(qint64 hash, qint64 rowId);
    // For a hash without rows: the place of its first row, to be set to the rowid once the row is
    // inserted (before anything else is added). nullptr when the hash has rows. One lookup where
    // contains() and add() take two; if the insert fails, the slot stays empty and the hash keeps no
    // rows.
    qint64* claim(qint64 hash);
    // In ascending rowid order, as the index would list them.
    Rows rows(qint64 hash) const;
    // Starts loading the slot where a lookup of hash begins: a table of megabytes is read at random, a
    // cache miss each time, while the caller has a row to write before it asks. Always inlined: GCC 12
    // takes a function that only prefetches for one without effects and drops the calls to it.
    [[gnu::always_inline]] void prefetch(qint64 hash) const
    {
        if (!m_slots.empty())
            __builtin_prefetch(&m_slots[slotOf(hash)]);
    }

private:
    struct Slot
    {
        qint64 hash = 0;
        qint64 row = 0; // 0: empty (a claim not filled yet, or never)
    };
    // The slot holding hash, or the empty slot where it would go.
    size_t find(qint64 hash) const;
    // Where the probe for hash starts. The table's keys are whatever the caller hashed (tests use small
    // integers): they are mixed before their low bits are taken.
    size_t slotOf(qint64 hash) const
    {
        quint64 x = quint64(hash);
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        x ^= x >> 33;
        return size_t(x) & (m_slots.size() - 1);
    }
    // Makes room for one more slot: afterwards find() returns a slot that stays where it is until the
    // next call.
    void reserveOne();

    std::vector<Slot> m_slots;
    size_t m_count = 0; // slots taken, by add() or claim() (a claim never filled counts too)
    QMultiHash<qint64, qint64> m_more;
};

// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
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
// memory than QHash did.
class BulkKeyIndex
{
public:
    using Rows = QVarLengthArray<qint64, 2>;

    void clear();
    bool contains(qint64 hash) const
    {
        const qint64* first = find(hash);
        return first && *first != 0;
    }
    // rowId is a SQLite rowid, never 0: a first row of 0 is a claim that was not filled.
    void add(qint64 hash, qint64 rowId);
    // For a hash without rows: the place of its first row, to be set to the rowid once the row is
    // inserted (before anything else is added). nullptr when the hash has rows. One lookup where
    // contains() and add() take two; if the insert fails, the hash keeps no rows.
    qint64* claim(qint64 hash)
    {
        qint64& first = firstRow(hash);
        return first == 0 ? &first : nullptr;
    }
    // In ascending rowid order, as the index would list them.
    Rows rows(qint64 hash) const;

private:
    struct Slot
    {
        qint64 hash; // 0: empty (hash 0 itself has its own slot, m_zero)
        qint64 row; // 0: claimed, not filled
    };
    static constexpr size_t kMinSlots = 1024;

    size_t home(qint64 hash) const
    {
        // Fibonacci hashing: the top bits of the product depend on every bit of the hash.
        return size_t((quint64(hash) * 0x9E3779B97F4A7C15ULL) >> m_shift);
    }
    const qint64* find(qint64 hash) const;
    qint64& firstRow(qint64 hash); // finds or inserts
    void grow();

    std::vector<Slot> m_slots; // a power of two in size, or empty
    size_t m_used = 0;
    int m_shift = 64;
    Slot m_zero { 0, 0 };
    bool m_hasZero = false;
    QMultiHash<qint64, qint64> m_more;
};

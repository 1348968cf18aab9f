// SPDX-License-Identifier: MIT
#include "bulkkeyindex.h"

#include <algorithm>
#include <utility>

void BulkKeyIndex::clear()
{
    m_slots = {};
    m_count = 0;
    m_more = {};
}

size_t BulkKeyIndex::find(qint64 hash) const
{
    const size_t mask = m_slots.size() - 1;
    size_t at = slotOf(hash);
    while (m_slots[at].row != 0 && m_slots[at].hash != hash)
        at = (at + 1) & mask;
    return at;
}

void BulkKeyIndex::reserveOne()
{
    // At most three quarters full: a probe still ends within a few slots.
    if ((m_count + 1) * 4 <= m_slots.size() * 3)
        return;
    const size_t size = std::max<size_t>(1024, m_slots.size() * 2); // a power of two: find() masks
    std::vector<Slot> old = std::exchange(m_slots, std::vector<Slot>(size));
    for (const Slot& slot : old) {
        if (slot.row != 0)
            m_slots[find(slot.hash)] = slot;
    }
}

void BulkKeyIndex::add(qint64 hash, qint64 rowId)
{
    Q_ASSERT(rowId != 0);
    reserveOne();
    Slot& slot = m_slots[find(hash)];
    if (slot.row != 0) {
        m_more.insert(hash, rowId);
        return;
    }
    slot = { hash, rowId };
    ++m_count;
}

qint64* BulkKeyIndex::claim(qint64 hash)
{
    reserveOne();
    Slot& slot = m_slots[find(hash)];
    if (slot.row != 0)
        return nullptr;
    slot.hash = hash;
    ++m_count;
    return &slot.row;
}

BulkKeyIndex::Rows BulkKeyIndex::rows(qint64 hash) const
{
    Rows rows;
    if (m_slots.empty())
        return rows;
    const Slot& first = m_slots[find(hash)];
    if (first.row == 0)
        return rows;
    rows.append(first.row);
    for (auto it = m_more.constFind(hash); it != m_more.constEnd() && it.key() == hash; ++it)
        rows.append(*it);
    std::sort(rows.begin(), rows.end());
    return rows;
}

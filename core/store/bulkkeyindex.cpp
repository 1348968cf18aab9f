// SPDX-License-Identifier: MIT
#include "bulkkeyindex.h"

#include <bit>

void BulkKeyIndex::clear()
{
    std::vector<Slot>().swap(m_slots);
    m_used = 0;
    m_shift = 64;
    m_zero = { 0, 0 };
    m_hasZero = false;
    m_more = QMultiHash<qint64, qint64>();
}

const qint64* BulkKeyIndex::find(qint64 hash) const
{
    if (hash == 0)
        return m_hasZero ? &m_zero.row : nullptr;
    if (m_slots.empty())
        return nullptr;
    const size_t mask = m_slots.size() - 1;
    for (size_t i = home(hash);; i = (i + 1) & mask) {
        const Slot& slot = m_slots[i];
        if (slot.hash == hash)
            return &slot.row;
        if (slot.hash == 0)
            return nullptr;
    }
}

qint64& BulkKeyIndex::firstRow(qint64 hash)
{
    if (hash == 0) {
        m_hasZero = true;
        return m_zero.row;
    }
    if ((m_used + 1) * 4 > m_slots.size() * 3)
        grow();
    const size_t mask = m_slots.size() - 1;
    for (size_t i = home(hash);; i = (i + 1) & mask) {
        Slot& slot = m_slots[i];
        if (slot.hash == hash)
            return slot.row;
        if (slot.hash == 0) {
            slot.hash = hash;
            ++m_used;
            return slot.row;
        }
    }
}

void BulkKeyIndex::grow()
{
    std::vector<Slot> old;
    old.swap(m_slots);
    m_slots.assign(std::max(kMinSlots, old.size() * 2), Slot { 0, 0 });
    m_shift = 64 - std::countr_zero(m_slots.size());
    const size_t mask = m_slots.size() - 1;
    for (const Slot& slot : old) {
        if (slot.hash == 0)
            continue;
        size_t i = home(slot.hash);
        while (m_slots[i].hash != 0)
            i = (i + 1) & mask;
        m_slots[i] = slot;
    }
}

void BulkKeyIndex::add(qint64 hash, qint64 rowId)
{
    qint64& first = firstRow(hash);
    if (first == 0)
        first = rowId;
    else
        m_more.insert(hash, rowId);
}

BulkKeyIndex::Rows BulkKeyIndex::rows(qint64 hash) const
{
    Rows rows;
    const qint64* first = find(hash);
    if (!first || *first == 0)
        return rows;
    rows.append(*first);
    for (auto it = m_more.constFind(hash); it != m_more.constEnd() && it.key() == hash; ++it)
        rows.append(*it);
    std::sort(rows.begin(), rows.end());
    return rows;
}

// SPDX-License-Identifier: MIT
#include "storedcursors.h"

#include <algorithm>
#include <limits>
#include <QFile>
#include <QHash>

namespace {
constexpr int kSlotBits = std::numeric_limits<size_t>::digits; // qHash gives a size_t: 32 bits on 32-bit
} // namespace

StoredCursors::Key StoredCursors::keyOf(QByteArrayView utf8Path)
{
    return { qHash(utf8Path, size_t(0)), qHash(utf8Path, size_t(0x9e3779b97f4a7c15ULL)) };
}

StoredCursors::Key StoredCursors::keyOf(const QString& path)
{
    return keyOf(QByteArrayView(QFile::encodeName(path)));
}

void StoredCursors::insert(Key key, const StoredCursor& cursor)
{
    m_entries.push_back({ key, cursor });
    m_sealed = false;
}

void StoredCursors::seal()
{
    if (m_sealed)
        return;
    // Stable, so that of equal keys the one inserted last is last, and kept.
    std::stable_sort(
        m_entries.begin(), m_entries.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
    auto kept = m_entries.begin();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (std::next(it) != m_entries.end() && std::next(it)->key == it->key)
            continue;
        *kept++ = *it;
    }
    m_entries.erase(kept, m_entries.end());
    // About one entry per range: 2^m_bits ranges for n entries, n <= 2^m_bits < 2n.
    m_bits = 0;
    while (m_bits < std::min(32, kSlotBits - 1) && (size_t(1) << m_bits) < m_entries.size())
        ++m_bits;
    m_directory.assign((size_t(1) << m_bits) + 1, 0);
    size_t entry = 0;
    for (size_t range = 0; range < m_directory.size(); ++range) {
        while (entry < m_entries.size() && rangeOf(m_entries[entry].key.slot) < range)
            ++entry;
        m_directory[range] = quint32(entry);
    }
    m_sealed = true;
}

size_t StoredCursors::rangeOf(size_t slot) const
{
    return m_bits == 0 ? 0 : slot >> (kSlotBits - m_bits);
}

const StoredCursor* StoredCursors::find(Key key) const
{
    if (!m_sealed || m_directory.empty())
        return nullptr;
    const size_t range = rangeOf(key.slot);
    for (size_t i = m_directory[range], end = m_directory[range + 1]; i < end; ++i) {
        if (m_entries[i].key == key)
            return &m_entries[i].cursor;
        if (key < m_entries[i].key)
            break;
    }
    return nullptr;
}

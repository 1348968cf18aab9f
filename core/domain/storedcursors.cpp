// SPDX-License-Identifier: MIT
#include "storedcursors.h"

#include <algorithm>
#include <QFile>
#include <QHash>

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
    m_sealed = true;
}

const StoredCursor* StoredCursors::find(Key key) const
{
    if (!m_sealed)
        return nullptr;
    const auto found = std::lower_bound(m_entries.begin(), m_entries.end(), key,
        [](const Entry& entry, const Key& wanted) { return entry.key < wanted; });
    return found != m_entries.end() && found->key == key ? &found->cursor : nullptr;
}

// SPDX-License-Identifier: MIT
#pragma once

#include "filecursor.h"

#include <QByteArrayView>
#include <QHash>
#include <QString>

// A source's stored cursors, found by path, handed from the writer thread to the ingest engine. A warm
// run looks up tens of thousands of them and finds nearly all unchanged, so they are kept by a hash of
// the path instead of by a QString made for each: on 22,930 Codex rollouts that was 23,000 allocated
// strings on the writer thread and 5 MB of memory. The writer decodes each stored path (UTF-8, as
// SQLite returns it) into a reused buffer to hash it; the engine hashes the path it holds as it is.
// The cursors carry no path and no parser state. Each slot also keeps a second hash of its path with
// another seed, checked by find(): two paths that share a slot (about 1 in 10^10 for 23,000 paths)
// are not mistaken for each other unless both hashes agree (about 1 in 10^29). The path that lost the
// slot finds no cursor, so its file is read from the start and its stored records are dropped as
// duplicates; nothing is counted twice, and no file resumes from another file's offset (an archived
// rollout keeps its inode under a new path).
class StoredCursors
{
public:
    using KeyFunction = size_t (*)(QStringView path);
    // key picks a path's slot; tests pass one that collides.
    explicit StoredCursors(KeyFunction key = &slotOf)
        : m_key(key)
    { }

    void insert(QByteArrayView utf8Path, const FileCursor& cursor);
    // The stored cursor of path, or nullptr.
    const FileCursor* find(const QString& path) const
    {
        const auto found = m_byPath.constFind(m_key(path));
        if (found == m_byPath.constEnd() || found->check != checkOf(path))
            return nullptr;
        return &found->cursor;
    }
    qsizetype size() const { return m_byPath.size(); }

    static size_t slotOf(QStringView path) { return qHash(path); }

private:
    static size_t checkOf(QStringView path) { return qHash(path, size_t(0x9e3779b97f4a7c15ULL)); }

    struct Entry
    {
        FileCursor cursor;
        size_t check = 0;
    };
    KeyFunction m_key;
    QHash<size_t, Entry> m_byPath;
};

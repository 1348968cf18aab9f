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
// The cursors carry no path and no parser state. Two paths with the same 64-bit hash (about 1 in 10^10
// for 23,000 paths) would share a slot: the file that lost its cursor is then compared with the other
// file's, whose device and inode differ, so it is read again from the start, and its stored records are
// dropped as duplicates; nothing is counted twice.
class StoredCursors
{
public:
    void insert(QByteArrayView utf8Path, const FileCursor& cursor);
    // The stored cursor of path, or nullptr.
    const FileCursor* find(const QString& path) const
    {
        const auto found = m_byPath.constFind(qHash(QStringView(path)));
        return found == m_byPath.constEnd() ? nullptr : &found.value();
    }
    qsizetype size() const { return m_byPath.size(); }

private:
    QHash<size_t, FileCursor> m_byPath;
};

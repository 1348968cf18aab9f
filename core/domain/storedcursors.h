// SPDX-License-Identifier: MIT
#pragma once

#include "filecursor.h"

#include <QByteArrayView>
#include <QHash>
#include <QString>

// A source's stored cursors, found by path, handed from the writer thread to the ingest engine. A warm
// run looks up tens of thousands of them and finds nearly all unchanged, so they are kept by a hash of
// the path's UTF-8 bytes (as SQLite returns them) instead of by a QString made for each: on 22,930 Codex
// rollouts that was 23,000 decoded and allocated strings on the writer thread and 5 MB of memory.
// The cursors carry no path and no parser state. Two paths with the same 64-bit hash (about 1 in 10^10
// for 23,000 paths) would share a slot: the file that lost its cursor is then compared with the other
// file's, whose device and inode differ, so it is read again from the start, and its stored records are
// dropped as duplicates; nothing is counted twice.
class StoredCursors
{
public:
    void insert(QByteArrayView utf8Path, const FileCursor& cursor) { m_byPath.insert(keyOf(utf8Path), cursor); }
    // The stored cursor of path, or nullptr.
    const FileCursor* find(const QString& path) const;
    qsizetype size() const { return m_byPath.size(); }

private:
    static size_t keyOf(QByteArrayView utf8Path) { return qHashBits(utf8Path.data(), size_t(utf8Path.size())); }

    QHash<size_t, FileCursor> m_byPath;
};

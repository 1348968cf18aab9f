// SPDX-License-Identifier: MIT
#pragma once

#include "filecursor.h"

#include <compare>
#include <QByteArrayView>
#include <QString>
#include <vector>

// What a warm run compares with stat for one file, and where a resumed file continues: a stored
// cursor without its path and parser state (fetched only for the files that resume).
struct StoredCursor
{
    FileStamp stamp;
    qint64 offset = 0;
};

// A source's stored cursors, found by path, handed from the writer thread to the ingest engine. A warm
// run looks up tens of thousands of them and finds nearly all unchanged, so they are kept by two
// hashes of the path's UTF-8 bytes (as SQLite returns them, and as the engine encodes a path for stat)
// in one sorted array: no string is made for a cursor, nothing is decoded, and the array takes 56 bytes
// a file (its directory 4-8 more). On 22,930 Codex rollouts a hash table keyed by the decoded path took 17 ms
// of the writer's 41 ms to load them, and 1,800 of a warm run's 7,500 page faults. Two paths share a key only
// if both 64-bit hashes agree (about 1 in 10^29 for 23,000 paths); then the one stored last keeps it and the
// other's file is read from the start, its stored records dropped as duplicates: nothing is counted twice,
// and no file resumes from another file's offset (an archived rollout keeps its inode under a new path).
class StoredCursors
{
public:
    struct Key
    {
        size_t slot = 0;
        size_t check = 0;
        friend auto operator<=>(const Key&, const Key&) = default;
    };
    static Key keyOf(QByteArrayView utf8Path);
    static Key keyOf(const QString& path);

    // Adds a cursor; find() sees it once seal() has run. A later insert of the same key replaces it.
    void insert(Key key, const StoredCursor& cursor);
    void insert(QByteArrayView utf8Path, const StoredCursor& cursor) { insert(keyOf(utf8Path), cursor); }
    // Sorts what was inserted, for find().
    void seal();

    // The stored cursor of a key, or nullptr (also before seal()).
    const StoredCursor* find(Key key) const;
    const StoredCursor* find(const QString& path) const { return find(keyOf(path)); }
    qsizetype size() const { return qsizetype(m_entries.size()); }

private:
    struct Entry
    {
        Key key;
        StoredCursor cursor;
    };
    std::vector<Entry> m_entries; // by key once sealed
    // Where the entries whose slot starts with each value of its top m_bits bits begin (one more at the
    // end): slots are uniform hashes, so a lookup reads one or two entries of its range instead of
    // log2(n) cache lines of a binary search (on 22,930 Codex cursors 4 ms of a warm run's 0.15 s of CPU).
    std::vector<quint32> m_directory;
    size_t rangeOf(size_t slot) const;
    int m_bits = 0;
    bool m_sealed = true; // nothing inserted since the last seal()
};

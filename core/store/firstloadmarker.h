// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

// A store's first command-line load writes without an on-disk rollback journal
// (PRAGMA journal_mode=MEMORY: StoreWriter::beginRun): it skips writing the old content of every page
// a transaction changes, a third of the writer's write calls, but a process killed in the middle of
// a commit leaves the file half-written. This marker, <store>-firstload, says such a load is under
// way: created (and synced) before its first write, locked for as long as its process lives, and
// removed once the store is back in WAL mode. The next read-write open that finds it unlocked knows
// the load never finished and deletes the store, which held only what that load had read from the
// logs: the load starts again from nothing, losing and double-counting nothing.
class FirstLoadMarker
{
public:
    explicit FirstLoadMarker(const QString& databasePath);
    FirstLoadMarker(const FirstLoadMarker&) = delete;
    FirstLoadMarker& operator=(const FirstLoadMarker&) = delete;
    // Unlocks without removing: a load that did not reach release() did not finish.
    ~FirstLoadMarker();

    // Creates and locks the marker; false when that fails or another process holds it.
    bool acquire();
    bool held() const { return m_fd >= 0; }
    // The load finished and the store is in WAL mode again.
    void release();

    // Before a read-write open: when a marker exists and no process holds it, deletes the store with
    // its journal, WAL and shared-memory files, then the marker. Whether it did. (Two processes that
    // open the store in the same instant after such a load died can race: the second may open the
    // file the first is deleting.)
    static bool discardUnfinished(const QString& databasePath);
    // Whether a marker exists that no process holds: what a read-only open refuses to read.
    static bool isUnfinished(const QString& databasePath);

    static QString pathFor(const QString& databasePath);

private:
    QString m_path;
    int m_fd = -1;
};

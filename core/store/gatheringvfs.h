// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

struct sqlite3;

// A SQLite VFS over the default one whose database files can, on request, gather writes of adjacent
// bytes and hand them to the file system in one call. SQLite writes one page per call (4 KiB): a cold
// load of 1 GB of Claude Code logs made 19,888 write calls for a 64 MB store. On this project's VM,
// writing 64 MiB to a new file took 55 ms in 4 KiB calls and 11 ms in 64 KiB ones (the per-call
// cost, not the copying), so the writer thread, the cold run's critical path, spent most of its
// commits in those calls (docs/performance.md, session 21).
//
// Gathering is off unless the connection turns it on, and a file gathers only while its connection
// holds the exclusive lock on it, which keeps every other connection from reading it: StoreWriter
// turns it on for a command-line bulk load, whose rollback journal (in memory) takes that lock for
// each commit's writes. A checkpoint of a WAL writes the file under a shared lock, so should another
// process switch the store to WAL during the load, its checkpoints are written as they come.
// Everything held is written before any step after which another connection could read the file, or
// this one read it back: a lock or unlock, a sync (or SQLITE_FCNTL_SYNC, which SQLite sends in its
// place when synchronous=OFF), any file control, a read of a held byte, asking the file's size,
// truncating and closing. Writes held when the process dies are lost, as a kill in the middle of a
// commit would lose them: the bulk load's FirstLoadMarker makes the next open load again. A WAL file
// never gathers (its readers learn of new frames through shared memory, not through the VFS).
class GatheringVfs
{
public:
    // The VFS's name for sqlite3_open_v2, registered (not as the default) on first use.
    static const char* name();

    // Turns gathering on or off for db's main database file; off first writes out what is held.
    // False when that file is not opened through this VFS, or writing out failed.
    static bool setGathering(sqlite3* db, bool on);

    // Write calls received from SQLite and made to the file system, and syncs asked for, by every file
    // of this VFS since the process started (for tests and measurements).
    struct Counters
    {
        std::int64_t received = 0;
        std::int64_t made = 0;
        std::int64_t syncs = 0;
    };
    static Counters counters();
};

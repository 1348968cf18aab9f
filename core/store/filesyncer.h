// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <QByteArray>
#include <QString>
#include <thread>

struct sqlite3_file;
struct sqlite3_vfs;

// Syncs a database file to the disk on a thread of its own, whenever asked, without the asker waiting.
// A command-line bulk load commits without syncs (StoreWriter::beginRun) and syncs once at its end,
// when the store returns to WAL: on this project's VM that one fdatasync of a 64 MB store took
// 50-67 ms of wall time with 4 ms of CPU, at the very end of the cold run, with nothing left to
// overlap it. Asked after each commit, this thread has the pages on the disk by then: in a C program
// writing 64 MiB in 4 MiB steps, the last fdatasync took 0.3 ms instead of 50, and the writes took as
// long (docs/performance.md, session 21). It changes nothing of what reaches the disk when: the final
// sync still comes before the first-load marker goes.
//
// The file is opened through SQLite's default VFS, as a database: closing a descriptor drops every
// POSIX lock the process holds on the file, SQLite's included, and the unix VFS keeps a descriptor open
// until the process holds no lock on the file any more.
class FileSyncer
{
public:
    // A file that cannot be opened makes a syncer that never syncs.
    explicit FileSyncer(const QString& path);
    // Waits for a sync under way, and stops.
    ~FileSyncer();
    FileSyncer(const FileSyncer&) = delete;
    FileSyncer& operator=(const FileSyncer&) = delete;

    // Starts a sync, or one more after the one under way (requests made meanwhile are one).
    void request();
    // Syncs finished so far (for tests).
    std::int64_t syncsDone() const;

private:
    void run();

    QByteArray m_name; // the VFS keeps a pointer to it while the file is open
    sqlite3_vfs* m_vfs = nullptr;
    sqlite3_file* m_file = nullptr; // null when it could not be opened
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_requested = false;
    bool m_stopping = false;
    std::int64_t m_done = 0;
    std::thread m_thread;
};

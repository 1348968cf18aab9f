// SPDX-License-Identifier: MIT
#pragma once

#include "ingeststats.h"
#include "sourceadapter.h"

#include <atomic>
#include <functional>
#include <QHash>
#include <QStringList>
#include <vector>

class StoreWriterThread;

// Reads every changed file of every source from its saved cursor and hands batches of records to the
// writer thread. Unchanged files (same device, inode, size and mtime) are not opened at all, so a run
// over an unchanged archive costs one stat per file.
class IngestEngine
{
public:
    struct Options
    {
        qsizetype batchRecords = 20000; // flush a batch after this many records ...
        qint64 batchBytes = qint64(32) << 20; // ... or this many bytes of lines
        // Tests: stop after this many batches, as a crash between two commits would leave the store
        // (the end-of-run steps still run; a real kill is tested with SIGKILL in tst_cli).
        qint64 maxBatches = -1;
        // The writer thread reads small files from the back of a run's list while it has no batch to
        // apply (BackReader), for sources that allow it (SourceAdapter::readsConcurrently()). Off: this
        // thread reads every file, in order.
        bool readOnWriter = true;
    };
    struct Progress
    {
        qint64 bytesDone = 0;
        qint64 bytesTotal = 0;
        qint64 filesDone = 0;
        qint64 filesTotal = 0;
    };
    using ProgressCallback = std::function<void(const Progress&)>;

    explicit IngestEngine(Options options);
    IngestEngine()
        : IngestEngine(Options())
    { }

    void setProgressCallback(ProgressCallback callback) { m_progress = std::move(callback); }
    // Another thread sets *flag to cut a run short (LiveIngest::stop()). The run stops at the next line,
    // row or file; records not yet committed are dropped with their cursors, so the next run reads them
    // again. Batches already handed to the writer are still applied and the end-of-run steps still
    // run, so the store is as consistent as after any committed batch. The flag must outlive run().
    void setCancelFlag(const std::atomic<bool>* flag) { m_cancel = flag; }

    // Throws StoreError when the store fails; unreadable files are counted and listed, never fatal.
    IngestStats run(const std::vector<const SourceAdapter*>& sources, StoreWriterThread& writer);
    // The same over the given units only (source id -> paths), without discovering: LiveIngest's pass
    // over the files a notification named. Sources without units are not looked at.
    IngestStats run(const std::vector<const SourceAdapter*>& sources, StoreWriterThread& writer,
        const QHash<int, QStringList>& units);
    // Reads and parses every file from its start and stores nothing: a check that the logs parse, and
    // the parsing floor of the benchmarks.
    IngestStats dryRun(const std::vector<const SourceAdapter*>& sources);

private:
    IngestStats runWith(const std::vector<const SourceAdapter*>& sources, StoreWriterThread* writer,
        const QHash<int, QStringList>* units);

    Options m_options;
    ProgressCallback m_progress;
    const std::atomic<bool>* m_cancel = nullptr;
};

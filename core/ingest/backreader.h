// SPDX-License-Identifier: MIT
#pragma once

#include "ingeststats.h"
#include "logunitreader.h"
#include "pendingunit.h"
#include "store/storewriter.h"
#include "unitclaims.h"

#include <atomic>
#include <vector>

// Reads a run's log files from the back of its list on the writer thread, while the writer's queue is
// empty (StoreWriterThread::setIdleWork), and applies their records itself. On a first load the engine's
// thread, which reads and parses, is the critical path, and the writer waited for it for about a fifth
// of the run (docs/performance.md, Codex, "Session 27"); with both threads reading, they end together.
// Only for sources whose parsers may run on two threads at once (SourceAdapter::readsConcurrently()),
// and only small files: a call of step() holds up the batches the engine hands over meanwhile.
//
// The stores give the same rows whatever order the files arrive in (a later run reads files in any
// order too); the row ids differ.
class BackReader
{
public:
    struct Limits
    {
        qsizetype batchRecords = 0; // apply the batch after this many records ...
        qint64 batchBytes = 0; // ... or this many bytes of lines
        qint64 maxFileBytes = qint64(4) << 20; // files with more bytes to read are left to the engine's
        // The same for .zst files, on disk: rollouts compress about tenfold.
        qint64 maxCompressedBytes = qint64(256) << 10;
        // Units are taken from the back a window at a time, and each window in the list's order: a
        // sub-agent's rollout sorts after its parent's, and a child read before its parent has the
        // parent's rollout read again for the replay check (CodexRolloutIndex::totals()).
        size_t windowUnits = 256;
    };

    // units and claims stay the engine's; they must outlive the idle work. cancel may be null.
    BackReader(const std::vector<PendingUnit>& units, UnitClaims& claims, const SourceAdapter& source,
        Limits limits, const std::atomic<bool>* cancel);

    // On the writer thread: reads the next unit it may take that is not claimed yet, applying the batch
    // when it is full. False once there is none (the batch is then applied) or the run was cancelled.
    // It stops after the window in which it met a unit the engine had claimed.
    bool step(StoreWriter& writer);
    // On the writer thread, after the last step(): applies what the batch still holds, unless the run
    // was cancelled (what was not applied is dropped with its cursors, as the engine drops its own).
    void finish(StoreWriter& writer);

    // What it read and stored; read after finish() (StoreWriterThread::endIdleWork() orders the two).
    const IngestStats& stats() const { return m_stats; }
    const StoreWriter::Counts& counts() const { return m_counts; }
    // For the engine's progress reports, while it reads.
    qint64 bytesDone() const { return m_bytesDone.load(std::memory_order_relaxed); }
    qint64 filesDone() const { return m_filesDone.load(std::memory_order_relaxed); }

private:
    struct Sink;
    bool cancelled() const { return m_cancel && m_cancel->load(std::memory_order_relaxed); }
    bool takes(const PendingUnit& unit) const;
    void apply(StoreWriter& writer);

    const std::vector<PendingUnit>& m_units;
    UnitClaims& m_claims;
    const SourceAdapter& m_source;
    const Limits m_limits;
    const std::atomic<bool>* m_cancel;
    // The window being read, [m_windowStart, m_windowEnd), and the unit to look at next in it.
    size_t m_windowStart;
    size_t m_windowEnd;
    size_t m_next;
    bool m_metEngine = false; // a unit of this window was the engine's: the last window
    bool m_done = false;
    LogUnitReader m_reader;
    IngestBatch m_batch;
    qint64 m_batchBytes = 0;
    IngestStats m_stats;
    StoreWriter::Counts m_counts;
    std::atomic<qint64> m_bytesDone { 0 };
    std::atomic<qint64> m_filesDone { 0 };
};

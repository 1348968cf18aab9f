// SPDX-License-Identifier: MIT
#include "ingestengine.h"

#include "backreader.h"
#include "linereader.h"
#include "logunitreader.h"
#include "pendingunit.h"
#include "store/heapreserve.h"
#include "store/storewriterthread.h"
#include "unitstatter.h"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <QElapsedTimer>
#include <QFile>

namespace {
// What a one-shot run populates ahead (HeapReserve), from what a run faulted in on the 1 GB corpora:
// per stored file on this thread (the listing, its strings, the stat results) and on the writer's (the
// cursors, the pages of their index), from a warm Codex run (22,930 rollouts: 16 and 8 MiB); and a
// fraction of the bytes to read, for the batches this thread fills and the writer's key table and
// page cache, from cold loads (1 GB: 40 and 50 MiB for Claude, 60 and 60 MiB for Codex; HeapReserve
// caps a call, as batches and the cache are bounded).
constexpr size_t kListingBytesPerFile = 768;
constexpr size_t kCursorBytesPerFile = 384;
constexpr size_t kBytesReadPerParseByte = 20;
constexpr size_t kBytesReadPerStoreByte = 20;

// LogUnitReader's sink on the engine's thread: the run's current batch and its lambdas.
template <typename Full, typename Flush, typename Stopped, typename Report> struct EngineLineSink
{
    IngestBatch& target;
    qint64& bytes;
    Full& isFull;
    Flush& flushBatch;
    Stopped& isStopped;
    Report& report;

    IngestBatch& batch() { return target; }
    void addBytes(qint64 added) { bytes += added; }
    bool full() { return isFull(); }
    void flush() { flushBatch(); }
    bool stopped() { return isStopped(); }
    void progress(qint64 doneInFile) { report(doneInFile); }
};

// Ends the writer thread's idle work (BackReader) when a source's loop is left by an exception, before
// what the work refers to goes. A writer that failed runs no idle work any more.
struct IdleWorkEnd
{
    StoreWriterThread* writer = nullptr;
    ~IdleWorkEnd()
    {
        if (!writer)
            return;
        try {
            writer->endIdleWork([](StoreWriter&) { return 0; });
        } catch (...) {
            // the writer failed: its error reaches the caller through the exception under way
        }
    }
};

// Whether a changed unit can continue from its stored cursor, or must be read again from the start
// (idempotent keys then drop what was stored already).
bool canResume(const PendingUnit& file, const StoredCursor& stored)
{
    if (stored.stamp.device != file.cursor.device || stored.stamp.inode != file.cursor.inode)
        return false;
    switch (file.kind) {
    case SourceAdapter::UnitKind::Document:
        return false; // rewritten whole
    case SourceAdapter::UnitKind::Database:
        return true; // the watermark is the reader's, not a byte offset
    case SourceAdapter::UnitKind::Lines:
        break;
    }
    // A compressed file is an archive that is written once: a different time means it was rewritten.
    // Its offsets are decompressed bytes, so they cannot be compared with its size.
    if (LineReader::isCompressed(file.path))
        return stored.stamp.mtimeNs == file.cursor.mtimeNs;
    return file.cursor.size >= stored.offset;
}

// The engine's side of a database read: records go into the current batch, and a checkpoint commits
// them with the cursor when the batch is full.
class EngineSink : public DatabaseSink
{
public:
    // batch is the engine's current batch: flush() hands it off and starts a new one in its place.
    EngineSink(const PendingUnit& file, IngestBatch& batch, IngestStats& stats, std::function<bool()> full,
        std::function<void()> flush, std::function<bool()> stopped)
        : m_file(file)
        , m_batch(batch)
        , m_stats(stats)
        , m_full(std::move(full))
        , m_flush(std::move(flush))
        , m_stopped(std::move(stopped))
    {
        m_progress.cursor = file.cursor;
        m_progress.reset = file.reset;
        markCovered();
    }

    IngestBatch& batch() override { return m_batch; }
    int fileIndex() override { return int(m_batch.progress.size()); }
    void checkpoint(qint64 watermark, const QByteArray& state) override
    {
        m_progress.cursor.offset = watermark;
        m_progress.cursor.parserState = state;
        if (m_full())
            commit(false);
        markCovered();
    }
    // A read that failed leaves records after its last checkpoint that no cursor covers: they are
    // dropped, so that nothing is stored under another unit's provenance (the next run reads them).
    void dropUncovered()
    {
        m_batch.usage.resize(std::min(m_batch.usage.size(), m_covered[0]));
        m_batch.toolCalls.resize(std::min(m_batch.toolCalls.size(), m_covered[1]));
        m_batch.toolResults.resize(std::min(m_batch.toolResults.size(), m_covered[2]));
        m_batch.prompts.resize(std::min(m_batch.prompts.size(), m_covered[3]));
        m_batch.events.resize(std::min(m_batch.events.size(), m_covered[4]));
    }
    void markCovered()
    {
        m_covered = { m_batch.usage.size(), m_batch.toolCalls.size(), m_batch.toolResults.size(),
            m_batch.prompts.size(), m_batch.events.size() };
    }
    bool checkpointDue() const override { return m_full(); }
    void countRow() override
    {
        ++m_progress.linesParsed;
        ++m_stats.linesParsed;
    }
    void countSkipped(const QByteArray& reason) override
    {
        ++m_progress.linesSkipped;
        ++m_stats.linesSkipped;
        m_progress.lastSkipReason = reason;
    }
    bool stopped() const override { return m_stopped(); }

    // Adds the cursor to the batch. Until the database is read to the end the stored size is 0, so the
    // next run resumes from the watermark instead of taking the database for unchanged.
    void commit(bool atEnd)
    {
        if (m_stopped())
            return;
        IngestBatch::FileProgress progress = m_progress;
        progress.cursor.size = atEnd ? m_file.cursor.size : 0;
        m_batch.progress.push_back(progress);
        m_progress.linesParsed = 0;
        m_progress.linesSkipped = 0;
        m_progress.lastSkipReason.clear();
        m_progress.reset = false;
        if (!atEnd)
            m_flush();
    }

private:
    const PendingUnit& m_file;
    IngestBatch& m_batch;
    IngestStats& m_stats;
    std::function<bool()> m_full;
    std::function<void()> m_flush;
    std::function<bool()> m_stopped;
    IngestBatch::FileProgress m_progress;
    std::array<size_t, 5> m_covered {}; // record counts of the batch at the last checkpoint
};
} // namespace

IngestEngine::IngestEngine(Options options)
    : m_options(options)
{ }

IngestStats IngestEngine::run(const std::vector<const SourceAdapter*>& sources, StoreWriterThread& writer)
{
    return runWith(sources, &writer, nullptr);
}

IngestStats IngestEngine::run(const std::vector<const SourceAdapter*>& sources, StoreWriterThread& writer,
    const QHash<int, QStringList>& units)
{
    return runWith(sources, &writer, &units);
}

IngestStats IngestEngine::dryRun(const std::vector<const SourceAdapter*>& sources)
{
    return runWith(sources, nullptr, nullptr);
}

IngestStats IngestEngine::runWith(const std::vector<const SourceAdapter*>& sources, StoreWriterThread* writer,
    const QHash<int, QStringList>* units)
{
    IngestStats stats;
    StoreWriter::Counts backCounts; // what BackReader stored
    qint64 batchesSubmitted = 0;
    bool stopped = m_options.maxBatches == 0;
    // Latches a cancel request into stopped, so every check after it sees the same answer.
    auto isStopped = [&]() {
        if (!stopped && m_cancel && m_cancel->load(std::memory_order_relaxed))
            stopped = true;
        return stopped;
    };

    if (writer) {
        const qint64 files = writer->call([](StoreWriter& w) {
            w.beginRun();
            return w.fileCountEstimate();
        });
        // The memory listing, stat and the cursors will take (HeapReserve), each thread its own, at
        // once; a first run has no estimate, and a live run's few units need none.
        if (!units) {
            writer->callAsync(
                [files](StoreWriter&) { HeapReserve::grow(size_t(files) * kCursorBytesPerFile); });
            HeapReserve::grow(size_t(files) * kListingBytesPerFile);
        }
    }
    for (const SourceAdapter* source : sources) {
        if (isStopped())
            break;
        const int sourceId = source->sourceId();
        QStringList paths;
        if (units) {
            paths = units->value(sourceId);
            if (paths.isEmpty())
                continue;
            paths.sort();
            paths.removeDuplicates();
        }
        // The writer thread reads the cursors while this one lists the files and stats them: on tens of
        // thousands of unchanged files the two take about as long, and a run that finds nothing new is
        // just these.
        std::future<StoredCursors> storedCursors;
        if (writer)
            storedCursors = writer->callAsync([sourceId](StoreWriter& w) { return w.loadCursors(sourceId); });
        if (!units)
            paths = source->discoverFiles();
        std::vector<SourceAdapter::UnitKind> kinds;
        kinds.reserve(size_t(paths.size()));
        for (const QString& path : std::as_const(paths))
            kinds.push_back(source->kindOf(path));
        const std::vector<UnitStatter::Unit> statted = UnitStatter::statAll(paths, kinds);
        const StoredCursors cursors = writer ? storedCursors.get() : StoredCursors();

        // Decide per unit: skip, resume, or re-read from the start.
        const qint64 seenBefore = stats.filesSeen;
        const qint64 linesBefore = stats.linesParsed;
        std::vector<PendingUnit> pending;
        pending.reserve(size_t(paths.size()));
        QStringList resumed; // the files that continue from a stored cursor and need its parser state
        Progress progress;
        for (qsizetype i = 0; i < paths.size(); ++i) {
            const QString& path = std::as_const(paths)[i];
            ++stats.filesSeen;
            const UnitStatter::Unit& unit = statted[size_t(i)];
            if (!unit.ok) {
                ++stats.filesFailed;
                stats.errors << QStringLiteral("%1: cannot stat").arg(path);
                continue;
            }
            const StoredCursor* stored = cursors.find(unit.key);
            if (stored && stored->stamp == unit.stamp) {
                ++stats.filesUnchanged;
                continue;
            }
            PendingUnit file;
            file.kind = kinds[size_t(i)];
            file.cursor.path = path;
            file.cursor.device = unit.stamp.device;
            file.cursor.inode = unit.stamp.inode;
            file.cursor.size = unit.stamp.size;
            file.cursor.mtimeNs = unit.stamp.mtimeNs;
            file.path = path;
            if (stored) {
                file.reset = !canResume(file, *stored);
                if (!file.reset) {
                    file.cursor.offset = stored->offset;
                    resumed << path;
                }
            }
            progress.bytesTotal
                += file.kind == SourceAdapter::UnitKind::Lines && !LineReader::isCompressed(path)
                ? file.cursor.size - file.cursor.offset
                : file.cursor.size;
            pending.push_back(std::move(file));
        }
        progress.filesTotal = qint64(pending.size());
        // And the memory reading them will take, on this thread and the writer's (HeapReserve).
        if (writer && progress.bytesTotal > 0) {
            const size_t bytes = size_t(progress.bytesTotal);
            writer->callAsync([bytes](StoreWriter&) { HeapReserve::grow(bytes / kBytesReadPerStoreByte); });
            HeapReserve::grow(bytes / kBytesReadPerParseByte);
        }
        if (!resumed.isEmpty()) {
            const QHash<QString, QByteArray> states
                = writer->call([&resumed](StoreWriter& w) { return w.parserStates(resumed); });
            for (PendingUnit& file : pending)
                file.cursor.parserState = states.value(file.path);
        }
        // The price data the first request would parse, parsed while the writer waits for the first
        // batch; queued after the states above, which this thread waits for.
        if (writer && progress.bytesTotal > 0)
            writer->callAsync([](StoreWriter& w) { w.preparePrices(); });

        IngestBatch batch;
        batch.sourceId = sourceId;
        qint64 batchBytes = 0;
        QElapsedTimer sinceReport;
        sinceReport.start();
        auto flush = [&]() {
            if (batch.isEmpty())
                return;
            stats.usageRecords += qint64(batch.usage.size());
            IngestBatch next;
            if (writer)
                next = writer->submit(std::move(batch));
            else
                next.reserveLike(batch);
            next.sourceId = sourceId;
            ++stats.batches;
            batch = std::move(next);
            batchBytes = 0;
            if (m_options.maxBatches >= 0 && ++batchesSubmitted >= m_options.maxBatches)
                stopped = true;
        };
        auto batchFull = [&]() {
            return batch.recordCount() >= m_options.batchRecords || batchBytes >= m_options.batchBytes;
        };
        // The writer thread reads small files from the back of the list while its queue is empty, and
        // this one skips what it claimed (BackReader). Not for a live run's few units, nor when a test
        // stops after a number of batches.
        std::optional<UnitClaims> claims;
        std::unique_ptr<BackReader> backReader;
        if (writer && !units && m_options.readOnWriter && m_options.maxBatches < 0
            && source->readsConcurrently() && pending.size() > 1) {
            claims.emplace(pending.size());
            BackReader::Limits limits;
            limits.batchRecords = m_options.batchRecords;
            limits.batchBytes = m_options.batchBytes;
            backReader = std::make_unique<BackReader>(pending, *claims, *source, limits, m_cancel);
            writer->setIdleWork([back = backReader.get()](StoreWriter& w) { return back->step(w); });
        }
        // Ends the idle work however this scope is left; then backReader and claims may go.
        IdleWorkEnd idleWorkEnd { backReader ? writer : nullptr };

        auto reportProgress = [&](qint64 doneInFile) {
            if (m_progress && sinceReport.elapsed() >= 200) {
                Progress now = progress;
                now.bytesDone = stats.bytesRead + doneInFile + (backReader ? backReader->bytesDone() : 0);
                now.filesDone += backReader ? backReader->filesDone() : 0;
                m_progress(now);
                sinceReport.restart();
            }
        };

        LogUnitReader readsHere;
        EngineLineSink lineSink { batch, batchBytes, batchFull, flush, isStopped, reportProgress };
        for (size_t i = 0; i < pending.size(); ++i) {
            if (isStopped())
                break;
            if (claims && !claims->claim(i))
                continue; // read on the writer thread
            PendingUnit& file = pending[i];
            if (file.reset)
                ++stats.filesReset;
            if (file.kind == SourceAdapter::UnitKind::Database) {
                std::unique_ptr<DatabaseReader> databaseReader = source->createDatabaseReader(file.path);
                EngineSink sink(file, batch, stats, batchFull, flush, isStopped);
                QString error;
                ++stats.filesRead;
                if (!databaseReader
                    || !databaseReader->read(file.cursor.offset, file.cursor.parserState, sink, &error)) {
                    sink.dropUncovered();
                    ++stats.filesFailed;
                    stats.errors << QStringLiteral("%1: %2").arg(
                        file.path, databaseReader ? error : QStringLiteral("no reader for this database"));
                    continue; // the cursor stays where it was: the next run tries again
                }
                if (isStopped())
                    break;
                stats.bytesRead += file.cursor.size;
                sink.commit(true);
                ++progress.filesDone;
                if (batchFull())
                    flush();
                continue;
            }
            const LogUnitReader::End end = readsHere.read(file, *source, stats, lineSink);
            if (end == LogUnitReader::End::Stopped)
                break;
            if (end == LogUnitReader::End::NotOpened)
                continue;
            ++progress.filesDone;
            if (batchFull())
                flush();
        }
        if (!isStopped())
            flush();
        if (backReader) {
            // After the batches queued above: what the writer thread read is applied last.
            writer->endIdleWork([&backReader](StoreWriter& w) {
                backReader->finish(w);
                return 0;
            });
            idleWorkEnd.writer = nullptr;
            stats.addReads(backReader->stats());
            backCounts += backReader->counts();
        }
        if (stats.filesSeen > seenBefore) {
            IngestStats::SourceCounts& counts = stats.sources[source->name()];
            counts.files += stats.filesSeen - seenBefore;
            counts.linesParsed += stats.linesParsed - linesBefore;
        }
    }

    StoreWriter::Counts counts = writer ? writer->finish() : StoreWriter::Counts();
    counts += backCounts;
    stats.usageInserted = counts.usageInserted;
    stats.usageReplaced = counts.usageReplaced;
    stats.duplicates += counts.usageDuplicates;
    stats.toolCalls = counts.toolCalls;
    stats.prompts = counts.prompts;
    stats.events = counts.events;
    const bool changed = stats.batches > 0;
    if (writer) {
        writer->call([changed](StoreWriter& w) {
            w.endRun(changed);
            return 0;
        });
    }
    if (m_progress) {
        Progress done;
        done.bytesDone = done.bytesTotal = stats.bytesRead;
        m_progress(done);
    }
    return stats;
}

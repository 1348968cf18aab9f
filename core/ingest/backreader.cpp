// SPDX-License-Identifier: MIT
#include "backreader.h"

#include <algorithm>

struct BackReader::Sink
{
    BackReader& reader;
    StoreWriter& writer;

    IngestBatch& batch() { return reader.m_batch; }
    void addBytes(qint64 bytes) { reader.m_batchBytes += bytes; }
    bool full() const
    {
        return reader.m_batch.recordCount() >= reader.m_limits.batchRecords
            || reader.m_batchBytes >= reader.m_limits.batchBytes;
    }
    void flush() { reader.apply(writer); }
    bool stopped() const { return reader.cancelled(); }
    void progress(qint64) { }
};

BackReader::BackReader(const std::vector<PendingUnit>& units, UnitClaims& claims, const SourceAdapter& source,
    Limits limits, const std::atomic<bool>* cancel)
    : m_units(units)
    , m_claims(claims)
    , m_source(source)
    , m_limits(limits)
    , m_cancel(cancel)
    , m_windowStart(units.size())
    , m_windowEnd(units.size())
    , m_next(units.size())
{
    m_batch.sourceId = source.sourceId();
}

bool BackReader::takes(const PendingUnit& unit) const
{
    switch (unit.kind) {
    case SourceAdapter::UnitKind::Database:
        return false; // its reader commits through the engine's sink
    case SourceAdapter::UnitKind::Document:
    case SourceAdapter::UnitKind::Lines:
        break;
    }
    if (LineReader::isCompressed(unit.path))
        return unit.cursor.size <= m_limits.maxCompressedBytes;
    return unit.cursor.size - unit.cursor.offset <= m_limits.maxFileBytes;
}

bool BackReader::step(StoreWriter& writer)
{
    if (m_done)
        return false;
    if (cancelled()) {
        m_done = true;
        return false;
    }
    for (;;) {
        if (m_next == m_windowEnd) {
            // The engine's thread reads from the front: once it has reached a window, every unit before
            // it is the engine's.
            if (m_metEngine || m_windowStart == 0)
                break;
            m_windowEnd = m_windowStart;
            m_windowStart = m_windowEnd - std::min(m_windowEnd, std::max<size_t>(m_limits.windowUnits, 1));
            m_next = m_windowStart;
            continue;
        }
        const size_t i = m_next++;
        const PendingUnit& unit = m_units[i];
        if (!takes(unit))
            continue; // the engine's thread reads it when it gets there
        if (!m_claims.claim(i)) {
            m_metEngine = true; // the rest of this window may still be free
            continue;
        }
        if (unit.reset)
            ++m_stats.filesReset;
        Sink sink { *this, writer };
        const LogUnitReader::End end = m_reader.read(unit, m_source, m_stats, sink);
        m_bytesDone.store(m_stats.bytesRead, std::memory_order_relaxed);
        if (end != LogUnitReader::End::NotOpened)
            ++m_stats.filesReadOnWriter;
        if (end == LogUnitReader::End::Stopped) {
            m_done = true;
            return false;
        }
        if (end == LogUnitReader::End::Read)
            m_filesDone.fetch_add(1, std::memory_order_relaxed);
        if (sink.full())
            apply(writer);
        return true;
    }
    m_done = true;
    apply(writer); // the writer has nothing else to do meanwhile
    return false;
}

void BackReader::finish(StoreWriter& writer)
{
    m_done = true;
    if (!cancelled())
        apply(writer);
    m_source.endThreadReads(); // a server's writer thread lives on without reading rollouts
}

void BackReader::apply(StoreWriter& writer)
{
    if (m_batch.isEmpty())
        return;
    m_stats.usageRecords += qint64(m_batch.usage.size());
    ++m_stats.batches;
    m_counts += writer.apply(m_batch);
    m_batch.clearForReuse();
    m_batch.sourceId = m_source.sourceId();
    m_batchBytes = 0;
}

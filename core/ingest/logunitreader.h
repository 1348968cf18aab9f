// SPDX-License-Identifier: MIT
#pragma once

#include "ingeststats.h"
#include "lineparser.h"
#include "linereader.h"
#include "pendingunit.h"

#include <memory>
#include <string>

// Reads one log file (a unit of kind Lines or Document) from its cursor into a sink's batches. The
// file's cursor travels in the same batch as the records read before it, so that a commit never stores
// a cursor past records it lacks; until the file is read to its end, the stored size is the offset, so
// that the next run never takes a half-read file for an unchanged one. The engine's thread reads with
// one, BackReader on the writer thread with another: each thread needs its own LineReader.
//
// A Sink has: IngestBatch& batch(); void addBytes(qint64) (line bytes, for the batch's byte bound);
// bool full(); void flush() (hands the batch on and leaves an empty one in batch()); bool stopped()
// (checked between lines); void progress(qint64 bytesReadOfFile). A template, so that the per-line
// calls inline.
class LogUnitReader
{
public:
    enum class End
    {
        Read, // to its end, or up to a read error (counted and listed in stats)
        NotOpened, // counted and listed in stats; nothing was read
        Stopped, // the sink stopped the read: what it read is in the sink's batch without a cursor
    };

    template <typename Sink>
    End read(const PendingUnit& file, const SourceAdapter& source, IngestStats& stats, Sink& sink);

private:
    LineReader m_reader;
};

template <typename Sink>
LogUnitReader::End LogUnitReader::read(
    const PendingUnit& file, const SourceAdapter& source, IngestStats& stats, Sink& sink)
{
    QString error;
    const qint64 listedSize = file.kind == SourceAdapter::UnitKind::Lines ? file.cursor.size : -1;
    if (!m_reader.open(file.path, file.cursor.offset, &error, listedSize)) {
        ++stats.filesFailed;
        stats.errors << QStringLiteral("%1: %2").arg(file.path, error);
        return End::NotOpened;
    }
    ++stats.filesRead;
    std::unique_ptr<LineParser> parser = source.createParser(file.path, file.cursor.parserState);
    IngestBatch::FileProgress fileProgress;
    fileProgress.cursor = file.cursor;
    fileProgress.reset = file.reset;
    qint64 oversizedSeen = 0;
    auto countOversized = [&]() {
        const qint64 added = m_reader.oversizedLines() - oversizedSeen;
        if (added == 0)
            return;
        oversizedSeen = m_reader.oversizedLines();
        fileProgress.linesSkipped += added;
        stats.linesSkipped += added;
        fileProgress.lastSkipReason = "line longer than the maximum line size";
    };
    auto closeProgress = [&](bool atEnd) {
        countOversized();
        fileProgress.cursor.offset = m_reader.consumedOffset();
        // A compressed file's offset counts decompressed bytes, which could happen to equal its size on
        // disk: until it is read to its end its stored size is 0.
        const qint64 partialSize = LineReader::isCompressed(file.path) ? 0 : m_reader.consumedOffset();
        fileProgress.cursor.size = atEnd ? file.cursor.size : partialSize;
        fileProgress.cursor.parserState = parser->saveState();
        sink.batch().progress.push_back(fileProgress);
        fileProgress.linesParsed = 0;
        fileProgress.linesSkipped = 0;
        fileProgress.lastSkipReason.clear();
        fileProgress.reset = false;
    };
    auto parse = [&](std::string_view text, size_t capacity, qint64 offset) {
        QByteArray reason;
        IngestBatch& batch = sink.batch();
        const int fileIndex = int(batch.progress.size());
        const LineParser::Result result
            = parser->parseLine(text, capacity, offset, fileIndex, batch, &reason);
        ++fileProgress.linesParsed;
        ++stats.linesParsed;
        if (result == LineParser::Result::Malformed) {
            ++fileProgress.linesSkipped;
            ++stats.linesSkipped;
            fileProgress.lastSkipReason = QByteArray::number(offset) + ": " + reason;
        }
        sink.addBytes(qint64(text.size()) + 1);
    };
    bool readFailed = false;
    if (file.kind == SourceAdapter::UnitKind::Document) {
        // Rewritten whole by its agent: parsed as one piece (bounded by the maximum line size).
        std::string document;
        size_t length = 0;
        if (m_reader.readAll(document, &length, &error))
            parse(std::string_view(document.data(), length), document.size(), 0);
        else
            readFailed = true;
    } else {
        LineReader::Line line;
        while (!sink.stopped() && m_reader.next(line)) {
            parse(line.text, line.capacity, line.offset);
            if (sink.full()) {
                closeProgress(false);
                sink.flush();
                parser->startBatch();
                if (sink.stopped())
                    break;
            }
            sink.progress(m_reader.bytesRead());
        }
        if (!m_reader.error().isEmpty()) {
            error = m_reader.error();
            readFailed = true;
        }
    }
    stats.duplicates += parser->duplicates();
    stats.bytesRead += m_reader.bytesRead();
    if (sink.stopped()) {
        m_reader.close();
        return End::Stopped;
    }
    const FileStamp stamp { file.cursor.device, file.cursor.inode, file.cursor.size, file.cursor.mtimeNs };
    parser->finish(!readFailed, stamp);
    if (readFailed) {
        // Keep what was read; the size stays at the offset so the next run tries again.
        ++stats.filesFailed;
        stats.errors << QStringLiteral("%1: %2").arg(file.path, error);
        closeProgress(false);
    } else {
        closeProgress(true);
    }
    m_reader.close();
    return End::Read;
}

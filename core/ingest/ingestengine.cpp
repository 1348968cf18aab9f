// SPDX-License-Identifier: MIT
#include "ingestengine.h"

#include "linereader.h"
#include "store/storewriterthread.h"

#include <QElapsedTimer>
#include <QFile>
#include <sys/stat.h>

namespace {
struct PendingFile
{
    QString path;
    FileCursor cursor; // identity and size now; offset = where to start
    bool reset = false;
};

bool statFile(const QString& path, FileCursor& cursor)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return false;
    cursor.path = path;
    cursor.device = qint64(st.st_dev);
    cursor.inode = qint64(st.st_ino);
    cursor.size = qint64(st.st_size);
    cursor.mtimeNs = qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return true;
}
} // namespace

IngestEngine::IngestEngine(Options options)
    : m_options(options)
{ }

IngestStats IngestEngine::run(const std::vector<const SourceAdapter*>& sources, StoreWriterThread& writer)
{
    return runWith(sources, &writer);
}

IngestStats IngestEngine::dryRun(const std::vector<const SourceAdapter*>& sources)
{
    return runWith(sources, nullptr);
}

IngestStats IngestEngine::runWith(const std::vector<const SourceAdapter*>& sources, StoreWriterThread* writer)
{
    IngestStats stats;
    qint64 batchesSubmitted = 0;
    bool stopped = m_options.maxBatches == 0;

    if (writer) {
        writer->call([](StoreWriter& w) {
            w.beginRun();
            return 0;
        });
    }
    for (const SourceAdapter* source : sources) {
        if (stopped)
            break;
        const int sourceId = source->sourceId();
        const QHash<QString, FileCursor> cursors = writer
            ? writer->call([sourceId](StoreWriter& w) { return w.loadCursors(sourceId); })
            : QHash<QString, FileCursor>();

        // Decide per file: skip, resume, or re-read from the start.
        std::vector<PendingFile> pending;
        Progress progress;
        for (const QString& path : source->discoverFiles()) {
            ++stats.filesSeen;
            PendingFile file;
            if (!statFile(path, file.cursor)) {
                ++stats.filesFailed;
                stats.errors << QStringLiteral("%1: cannot stat").arg(path);
                continue;
            }
            file.path = path;
            file.cursor.offset = 0;
            auto stored = cursors.constFind(path);
            if (stored != cursors.constEnd()) {
                if (stored->sameIdentity(file.cursor) && stored->size == file.cursor.size
                    && stored->mtimeNs == file.cursor.mtimeNs) {
                    ++stats.filesUnchanged;
                    continue;
                }
                if (!stored->sameIdentity(file.cursor) || file.cursor.size < stored->offset)
                    file.reset = true;
                else
                    file.cursor.offset = stored->offset;
            }
            progress.bytesTotal += file.cursor.size - file.cursor.offset;
            pending.push_back(std::move(file));
        }
        progress.filesTotal = qint64(pending.size());

        IngestBatch batch;
        batch.sourceId = sourceId;
        qint64 batchBytes = 0;
        QElapsedTimer sinceReport;
        sinceReport.start();
        auto flush = [&]() {
            if (batch.isEmpty())
                return;
            stats.usageRecords += qint64(batch.usage.size());
            if (writer)
                writer->submit(std::move(batch));
            ++stats.batches;
            batch = IngestBatch();
            batch.sourceId = sourceId;
            batchBytes = 0;
            if (m_options.maxBatches >= 0 && ++batchesSubmitted >= m_options.maxBatches)
                stopped = true;
        };

        LineReader reader;
        for (PendingFile& file : pending) {
            if (stopped)
                break;
            QString error;
            if (!reader.open(file.path, file.cursor.offset, &error)) {
                ++stats.filesFailed;
                stats.errors << QStringLiteral("%1: %2").arg(file.path, error);
                continue;
            }
            ++stats.filesRead;
            if (file.reset)
                ++stats.filesReset;
            std::unique_ptr<LineParser> parser = source->createParser(file.path);
            IngestBatch::FileProgress fileProgress;
            fileProgress.cursor = file.cursor;
            fileProgress.reset = file.reset;
            qint64 oversizedSeen = 0;
            auto countOversized = [&]() {
                const qint64 added = reader.oversizedLines() - oversizedSeen;
                if (added == 0)
                    return;
                oversizedSeen = reader.oversizedLines();
                fileProgress.linesSkipped += added;
                stats.linesSkipped += added;
                fileProgress.lastSkipReason = "line longer than the maximum line size";
            };
            // The file's cursor travels in the same batch as the records read before it. Until the file
            // is read to its end, the stored size is the offset, so that the next run never mistakes a
            // half-read file for an unchanged one.
            auto closeProgress = [&](bool atEnd) {
                countOversized();
                fileProgress.cursor.offset = reader.consumedOffset();
                fileProgress.cursor.size = atEnd ? file.cursor.size : reader.consumedOffset();
                batch.progress.push_back(fileProgress);
                fileProgress.linesParsed = 0;
                fileProgress.linesSkipped = 0;
                fileProgress.lastSkipReason.clear();
                fileProgress.reset = false;
            };
            LineReader::Line line;
            QByteArray reason;
            while (reader.next(line)) {
                const int fileIndex = int(batch.progress.size());
                const LineParser::Result result
                    = parser->parseLine(line.text, line.capacity, line.offset, fileIndex, batch, &reason);
                ++fileProgress.linesParsed;
                ++stats.linesParsed;
                if (result == LineParser::Result::Malformed) {
                    ++fileProgress.linesSkipped;
                    ++stats.linesSkipped;
                    fileProgress.lastSkipReason = QByteArray::number(line.offset) + ": " + reason;
                }
                batchBytes += qint64(line.text.size()) + 1;
                if (batch.recordCount() >= m_options.batchRecords || batchBytes >= m_options.batchBytes) {
                    closeProgress(false);
                    flush();
                    parser->startBatch();
                    if (stopped)
                        break;
                }
                if (m_progress && sinceReport.elapsed() >= 200) {
                    progress.bytesDone = stats.bytesRead + reader.bytesRead();
                    m_progress(progress);
                    sinceReport.restart();
                }
            }
            stats.duplicates += parser->duplicates();
            stats.bytesRead += reader.bytesRead();
            if (stopped) {
                reader.close();
                break;
            }
            if (!reader.error().isEmpty()) {
                // Keep what was read; the size stays at the offset so the next run tries again.
                ++stats.filesFailed;
                stats.errors << QStringLiteral("%1: %2").arg(file.path, reader.error());
                closeProgress(false);
            } else {
                closeProgress(true);
            }
            reader.close();
            ++progress.filesDone;
            if (batch.recordCount() >= m_options.batchRecords || batchBytes >= m_options.batchBytes)
                flush();
        }
        if (!stopped)
            flush();
    }

    const StoreWriter::Counts counts = writer ? writer->finish() : StoreWriter::Counts();
    stats.usageInserted = counts.usageInserted;
    stats.usageReplaced = counts.usageReplaced;
    stats.duplicates += counts.usageDuplicates;
    stats.toolCalls = counts.toolCalls;
    stats.prompts = counts.prompts;
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

// SPDX-License-Identifier: MIT
#pragma once

#include <QMap>
#include <QMetaType>
#include <QStringList>

// What one ingest run did, for the CLI summary, the API and tests ("a second run parses zero lines").
struct IngestStats
{
    qint64 filesSeen = 0;
    qint64 filesUnchanged = 0; // skipped by their cursor without being opened
    qint64 filesRead = 0;
    qint64 filesReset = 0; // shrank or were replaced, re-read from the start
    qint64 filesFailed = 0; // could not be opened (listed in errors)
    qint64 bytesRead = 0;
    qint64 linesParsed = 0;
    qint64 linesSkipped = 0; // malformed or oversized lines, counted per file in the store too
    qint64 usageRecords = 0; // billed requests produced by the parsers (after in-batch dedup)
    qint64 duplicates = 0; // copies of a request dropped because a better copy was kept
    qint64 usageInserted = 0;
    qint64 usageReplaced = 0;
    qint64 toolCalls = 0;
    qint64 prompts = 0;
    qint64 events = 0; // agent errors and retries stored (agent_events)
    qint64 batches = 0;
    qint64 filesReadOnWriter = 0; // of filesRead, those the writer thread read (BackReader)
    // Per source name (only sources with at least one unit): units seen, and lines or rows parsed.
    struct SourceCounts
    {
        qint64 files = 0;
        qint64 linesParsed = 0;
    };
    QMap<QString, SourceCounts> sources;
    QStringList errors;

    // Adds what another reader of the same run read (BackReader): the counts of files read, lines,
    // records and batches, and the errors; not filesSeen, filesUnchanged, sources or the store's counts.
    void addReads(const IngestStats& other)
    {
        filesRead += other.filesRead;
        filesReset += other.filesReset;
        filesFailed += other.filesFailed;
        bytesRead += other.bytesRead;
        linesParsed += other.linesParsed;
        linesSkipped += other.linesSkipped;
        usageRecords += other.usageRecords;
        duplicates += other.duplicates;
        batches += other.batches;
        filesReadOnWriter += other.filesReadOnWriter;
        errors += other.errors;
    }
};
Q_DECLARE_METATYPE(IngestStats)

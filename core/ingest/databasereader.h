// SPDX-License-Identifier: MIT
#pragma once

#include "domain/ingestbatch.h"

#include <QByteArray>
#include <QString>

// Where a DatabaseReader puts what it reads. The engine owns the batch and flushes it to the writer;
// records may only be committed together with a checkpoint that covers them.
class DatabaseSink
{
public:
    virtual ~DatabaseSink() = default;
    virtual IngestBatch& batch() = 0;
    // Index of this database's progress entry in batch(), for UsageRecord::fileIndex (provenance).
    virtual int fileIndex() = 0;
    // Everything added so far is complete up to watermark (and state): the engine may commit it and
    // the cursor together. Call it at consistent points, e.g. after each session or each few hundred
    // rows; a reader resumed later starts from the last committed checkpoint.
    virtual void checkpoint(qint64 watermark, const QByteArray& state) = 0;
    // Whether a checkpoint now would commit (the batch is full). A reader whose state is costly to
    // build checkpoints only then, and once at the end; a cheap one may checkpoint at every point.
    virtual bool checkpointDue() const = 0;
    virtual void countRow() = 0; // one row read (lines_parsed)
    virtual void countSkipped(const QByteArray& reason) = 0; // one row malformed and skipped
    virtual bool stopped() const = 0; // stop reading: the run is being cut short
};

// Reads a SQLite database another program writes to (OpenCode, OpenClaw): opened read-only
// (mode=ro, never immutable, formats.md §1.3), synced incrementally from a watermark of the reader's
// own meaning (an update time, a row id) kept in the unit's cursor offset plus an opaque state.
class DatabaseReader
{
public:
    virtual ~DatabaseReader() = default;
    // Returns false with *error set when the database cannot be read at all; rows that do not parse
    // are counted with sink.countSkipped() and never fatal.
    virtual bool read(qint64 watermark, const QByteArray& state, DatabaseSink& sink, QString* error) = 0;
};

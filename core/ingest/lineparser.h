// SPDX-License-Identifier: MIT
#pragma once

#include "domain/ingestbatch.h"

#include <QByteArray>
#include <string_view>

// Parses the lines of one JSONL source file into a batch (or, for a Document unit, the whole file as
// one "line"). One instance per file and ingest run: it may keep state across the lines of its file
// (the current model, a running total) and carry it across runs through saveState().
class LineParser
{
public:
    enum class Result
    {
        Parsed,
        Ignored,
        Malformed
    };

    virtual ~LineParser() = default;

    // line excludes its '\n'; capacity is the readable size from line.data() (at least line.size() + 64).
    // On Malformed, *reason says why in a few words.
    virtual Result parseLine(std::string_view line, size_t capacity, qint64 offset, int fileIndex,
        IngestBatch& batch, QByteArray* reason)
        = 0;
    // The batch was handed to the writer; forget indexes into it.
    virtual void startBatch() = 0;
    // Copies of a record dropped within this file because a better copy was kept.
    virtual qint64 duplicates() const = 0;
    // What the parser needs to resume after the last line it was given (the current model, a running
    // total), stored with the file's cursor in the same transaction; handed back through
    // SourceAdapter::createParser() when the file is resumed. Empty: the parser keeps no state.
    virtual QByteArray saveState() const { return {}; }
    // The engine has given the file's last line of this run: atEnd when it read the file to its end (the
    // file had the stamp when the run listed it), false when it stopped part way (a read error).
    virtual void finish(bool /*atEnd*/, const FileStamp& /*stamp*/) { }
};

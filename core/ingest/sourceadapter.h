// SPDX-License-Identifier: MIT
#pragma once

#include "databasereader.h"
#include "lineparser.h"

#include <memory>
#include <QByteArray>
#include <QString>
#include <QStringList>

// One agent's logs: where they live and how to read a unit of them (architecture.md §4). A unit is a
// path with its own cursor in source_files: a JSONL file (plain or zstd), a JSON document that the
// agent rewrites whole, or a SQLite database the agent writes to.
class SourceAdapter
{
public:
    enum class UnitKind
    {
        Lines, // JSONL, appended; read from the cursor's byte offset ('.zst': decompressed offset)
        Document, // one JSON document, rewritten in place; re-read whole when it changes
        Database // a SQLite file read through createDatabaseReader(); offset = the reader's watermark
    };

    virtual ~SourceAdapter() = default;

    virtual int sourceId() const = 0; // sources.id
    virtual QString name() const = 0; // sources.name, e.g. "claude"
    virtual QStringList roots() const = 0; // the directories looked in, existing or not
    virtual QStringList discoverFiles() const = 0; // every unit below the roots, sorted
    // Whether any unit exists, without listing them all.
    virtual bool hasFiles() const { return !discoverFiles().isEmpty(); }
    virtual UnitKind kindOf(const QString& path) const
    {
        Q_UNUSED(path);
        return UnitKind::Lines;
    }
    // Lines and Document units. state is what the previous parser of this file returned from
    // LineParser::saveState() at the cursor it is resumed from (empty when read from the start).
    virtual std::unique_ptr<LineParser> createParser(const QString& path, const QByteArray& state) const = 0;
    // Database units.
    virtual std::unique_ptr<DatabaseReader> createDatabaseReader(const QString& path) const
    {
        Q_UNUSED(path);
        return nullptr;
    }
    // Whether two threads may parse this source's files at once, with parsers from createParser() after
    // discoverFiles(): the writer thread then reads some of a first load's files (BackReader). What the
    // parsers share across files must then be locked.
    virtual bool readsConcurrently() const { return false; }
    // Called on a thread that read some of this source's files besides the ingest thread (the writer's,
    // BackReader) when it is done: frees what its parsers keep per thread for the next file.
    virtual void endThreadReads() const { }
};

// SPDX-License-Identifier: MIT
#pragma once

#include "databasereader.h"
#include "opencodemessageparser.h"

#include <QString>

// Syncs one OpenCode database (opencode.db or opencode-<channel>.db, formats.md §4.2) incrementally.
// OpenCode updates message and part rows in place while a reply streams, so the watermark is a
// time_updated, not a row id: a message is read again whenever it or any of its parts changed, and
// then re-summed from all of its parts (its usage record replaces the earlier copy: lastCopyWins).
//
// Watermark = the newest time_updated covered; state = the ids already read at exactly that time, so
// that rows written in the same millisecond after a sync are still read and rows read are not read
// again. Checkpoints come after each group of messages with the same time, in time order, after the
// session rows: a cut-short run resumes at the last group it finished.
class OpenCodeDatabaseReader : public DatabaseReader
{
public:
    OpenCodeDatabaseReader(QString path, OpenCodeMessageParser::Options options);

    bool read(qint64 watermark, const QByteArray& state, DatabaseSink& sink, QString* error) override;

private:
    QString m_path;
    OpenCodeMessageParser::Options m_options;
};

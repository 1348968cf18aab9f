// SPDX-License-Identifier: MIT
#pragma once

#include "databasereader.h"

#include <functional>
#include <QString>

// Titles from Codex's state database (state_5.sqlite, `threads.title`, formats.md §3.1): opened
// read-only, never immutable, synced by threads.updated_at (the watermark, in seconds). The rollouts
// stay the source of usage and of the session tree; the database is a cache Codex rebuilds from them.
class CodexStateReader : public DatabaseReader
{
public:
    using KnownThread = std::function<bool(const QByteArray& threadId)>;

    CodexStateReader(QString path, KnownThread knownThread);
    bool read(qint64 watermark, const QByteArray& state, DatabaseSink& sink, QString* error) override;

private:
    QString m_path;
    KnownThread m_knownThread;
};

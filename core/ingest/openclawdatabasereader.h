// SPDX-License-Identifier: MIT
#pragma once

#include "databasereader.h"
#include "openclawfilecontext.h"
#include "openclawsessionindex.h"
#include "sourceoptions.h"

#include <memory>

// The SQLite store of OpenClaw 2026.8+ (`agents/<agentId>/agent/openclaw-agent.sqlite`, formats.md
// §5.1, §10), opened read-only (`file:...?mode=ro`, never immutable: OpenClaw writes it in WAL mode).
// Each `transcript_events` row holds one event, the same JSON object as a JSONL line, in `event_json`
// or zstd-compressed in `event_zstd`; they are read per session in `seq` order and go through the
// same OpenClawEventParser as the archives, so a message read here and from a `.jsonl.reset.*`
// archive has one key. `session_nodes` / `session_windows` place sessions in the tree.
//
// Incremental: the state keeps, per session, the last seq read and the event parser's state (current
// model, fork point); a checkpoint follows each session and every few hundred rows.
class OpenClawDatabaseReader : public DatabaseReader
{
public:
    OpenClawDatabaseReader(const OpenClawFileContext& context, SourceOptions options,
        std::shared_ptr<OpenClawSessionIndex> index);
    ~OpenClawDatabaseReader() override;

    bool read(qint64 watermark, const QByteArray& state, DatabaseSink& sink, QString* error) override;

    // zstd frame(s) -> bytes; false when the data is not valid zstd.
    static bool decompress(const void* data, size_t size, std::string& out);

private:
    OpenClawFileContext m_context;
    SourceOptions m_options;
    std::shared_ptr<OpenClawSessionIndex> m_index;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "lineparser.h"
#include "openclawfilecontext.h"
#include "openclawsessionindex.h"
#include "sourceoptions.h"

// `agents/<agentId>/sessions/sessions.json`, a document OpenClaw rewrites whole (a Document unit):
// each entry becomes a SessionUpdate of its session id with the agent, the parent (spawnedBy /
// parentSessionKey resolved to a session id), the label as title, the status and the spawn depth.
// Entries whose transcript is gone leave placeholder rows, which still place the tree.
class OpenClawSessionStoreParser : public LineParser
{
public:
    OpenClawSessionStoreParser(const OpenClawFileContext& context, SourceOptions options,
        std::shared_ptr<OpenClawSessionIndex> index);

    Result parseLine(std::string_view line, size_t capacity, qint64 offset, int fileIndex, IngestBatch& batch,
        QByteArray* reason) override;
    void startBatch() override { }
    qint64 duplicates() const override { return 0; }

    // OpenClaw's run states (running, done, failed, killed, timeout) as trace states.
    static QByteArray traceStatus(const QByteArray& status);

private:
    OpenClawFileContext m_context;
    SourceOptions m_options;
    std::shared_ptr<OpenClawSessionIndex> m_index;
};

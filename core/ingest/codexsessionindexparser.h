// SPDX-License-Identifier: MIT
#pragma once

#include "lineparser.h"

#include <functional>
#include <memory>
#include <QByteArray>

// $CODEX_HOME/session_index.jsonl: one {id, thread_name, updated_at} line per rename (formats.md
// §3.1). A thread name is a name the user gave, so it outranks every derived title; the newest wins.
class CodexSessionIndexParser : public LineParser
{
public:
    // Whether a thread has a rollout; names of threads without one would create empty sessions.
    using KnownThread = std::function<bool(const QByteArray& threadId)>;

    explicit CodexSessionIndexParser(KnownThread knownThread);
    ~CodexSessionIndexParser();

    Result parseLine(std::string_view line, size_t capacity, qint64 offset, int fileIndex, IngestBatch& batch,
        QByteArray* reason) override;
    void startBatch() override { }
    qint64 duplicates() const override { return 0; }

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

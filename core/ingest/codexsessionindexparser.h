// SPDX-License-Identifier: MIT
#pragma once

#include "lineparser.h"

#include <functional>
#include <memory>
#include <QByteArray>
#include <string_view>

namespace simdjson::dom {
class parser;
}

// One line of session_index.jsonl: the name a thread was given, as of ts.
struct CodexThreadName
{
    QByteArray threadId;
    QByteArray name; // trimmed
    qint64 ts = 0;
};

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

    enum class LineKind { Entry, Ignored, Malformed };
    // One line into *entry: Malformed for invalid JSON, Ignored for a blank line or one without an id
    // and a name. Shared with the lookup of names by thread (CodexRolloutIndex::threadName).
    static LineKind read(std::string_view line, simdjson::dom::parser& parser, CodexThreadName* entry);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

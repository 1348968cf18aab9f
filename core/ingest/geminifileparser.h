// SPDX-License-Identifier: MIT
#pragma once

#include "geminifilecontext.h"
#include "lineparser.h"
#include "sourceoptions.h"

#include <memory>

// Turns one Gemini CLI chat file into records (formats.md §6, §10): the append-only JSONL log, or the
// legacy single JSON document handed over whole as one "line". Gemini appends a message again, whole,
// every time it changes, so every message is keyed by `gemini:<sessionId>:<message id>` and the copy
// read last wins, in the batch here and across batches and files in the store. A `$set.messages`
// history snapshot (written on --resume) and the legacy document's `messages[]` go through the same
// keyed path, so they can never add a request twice. Rewound messages (`$rewindTo`) stay counted:
// they were billed.
class GeminiFileParser : public LineParser
{
public:
    GeminiFileParser(GeminiFileContext context, SourceOptions options, const QByteArray& state);
    ~GeminiFileParser() override;
    GeminiFileParser(const GeminiFileParser&) = delete;
    GeminiFileParser& operator=(const GeminiFileParser&) = delete;

    Result parseLine(std::string_view line, size_t capacity, qint64 offset, int fileIndex, IngestBatch& batch,
        QByteArray* reason) override;
    void startBatch() override;
    qint64 duplicates() const override { return m_duplicates; }
    // The session id (the metadata line comes only once, at the top), the current model and the
    // fallback project directory.
    QByteArray saveState() const override;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    qint64 m_duplicates = 0;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "claudefilecontext.h"
#include "lineparser.h"

#include <memory>
#include <QByteArray>
#include <QHash>
#include <string_view>

// Turns the lines of one Claude Code transcript into records (formats.md §2). Pure: bytes in,
// records out, no database. Usage comes only from top-level `assistant` lines (never from `progress`
// copies or the Task tool's summary); streaming copies of one request (same message.id and
// requestId) collapse to the copy with the largest token total already within a batch, and the store
// applies the same rule globally.
class ClaudeFileParser : public LineParser
{
public:
    struct Options
    {
        bool storeContent = true; // false: prompts keep their length, never their text
    };

    ClaudeFileParser(ClaudeFileContext context, Options options);
    ~ClaudeFileParser();
    ClaudeFileParser(const ClaudeFileParser&) = delete;
    ClaudeFileParser& operator=(const ClaudeFileParser&) = delete;

    Result parseLine(std::string_view line, size_t capacity, qint64 offset, int fileIndex, IngestBatch& batch,
        QByteArray* reason) override;
    void startBatch() override;
    // Streaming copies dropped within the current batch because a larger copy was kept.
    qint64 duplicates() const override { return m_duplicates; }
    // The buffer capacity of the On-Demand parser that every file read on this thread shares
    // (threadparser.h), for tests; simdjson's types stay out of this header, whose users may compile
    // simdjson with other settings.
    static size_t threadParserCapacity();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    qint64 m_duplicates = 0;
};

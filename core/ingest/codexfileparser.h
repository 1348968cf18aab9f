// SPDX-License-Identifier: MIT
#pragma once

#include "codexusage.h"
#include "lineparser.h"

#include <memory>
#include <QByteArray>
#include <QString>
#include <string_view>
#include <utility>
#include <vector>

class CodexRolloutIndex;

// Turns the lines of one Codex rollout (formats.md §3, §10) into records. Pure apart from the rollout
// index (parent lookups, and the totals it keeps for later children): bytes in, records out. Keeps cross-line state (thread id, provider, current model, the token
// ledger's high-water mark, sub-agent replay progress) and hands it over through saveState() so that
// a file resumed mid-way gives exactly what one pass over the whole file gives.
class CodexFileParser : public LineParser
{
public:
    struct Options
    {
        bool storeContent = true; // false: prompts and answers keep their length, never their text
    };

    // rollouts: where parents' thread totals are looked up, and where this rollout's own are recorded
    // when it is read from its first line; null: no parent lookups.
    CodexFileParser(const QString& path, const QByteArray& state, Options options, CodexRolloutIndex* rollouts);
    ~CodexFileParser();
    CodexFileParser(const CodexFileParser&) = delete;
    CodexFileParser& operator=(const CodexFileParser&) = delete;

    Result parseLine(std::string_view line, size_t capacity, qint64 offset, int fileIndex, IngestBatch& batch,
        QByteArray* reason) override;
    void startBatch() override;
    qint64 duplicates() const override { return m_duplicates; }
    QByteArray saveState() const override;
    // Hands the thread totals this rollout logged, when it was read from its first line, to the rollout
    // index (CodexRolloutIndex::addObserved).
    void finish(bool atEnd, const FileStamp& stamp) override;

    // The thread id in a rollout's file name (rollout-<local time>-<uuid>.jsonl[.zst]), or empty.
    static QByteArray threadIdFromPath(const QString& path);
    // The thread totals a rollout logged with their times, consecutive repeats collapsed: what a
    // child's replay of this thread's history is compared with.
    static std::vector<std::pair<qint64, CodexUsage>> threadTotals(const QString& path);
    // Frees the calling thread's parsers, which the parsers of that thread keep between files
    // (threadparser.h): for a thread that is done reading rollouts for a while.
    static void releaseThreadParsers();

private:
    // A token count as the line gave it, in either usage form (token_count, token_usage_record).
    struct UsageLine
    {
        CodexUsage total; // the thread's running total
        CodexUsage last; // this request's
        bool hasTotal = false;
        bool hasLast = false;
        bool bad = false; // last held a number out of range
        bool badTotal = false; // total did
        std::string_view model; // empty: the line named none
    };
    // Records the request a token count stands for, unless it was counted already or is a replay.
    Result countUsage(const UsageLine& line, qint64 ts, int sessionIndex, qint64 offset, int fileIndex,
        IngestBatch& batch, QByteArray* reason);

    struct Impl;
    std::unique_ptr<Impl> d;
    qint64 m_duplicates = 0;
};

// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QString>

// What ClaudeCorpusGenerator writes. The same options always produce byte-identical files, so a
// corpus can be regenerated instead of shipped (demo data, benchmarks against ccusage).
struct ClaudeCorpusOptions
{
    // Acts as a CLAUDE_CONFIG_DIR: transcripts go to <outputDir>/projects/<munged cwd>/...
    QString outputDir;
    // Generation stops once about this many bytes are written (all files; within ±2 % from a few
    // hundred kB up, tiny targets overshoot because every era's sub-agent layout is always written).
    qint64 targetBytes = 20'000'000;
    quint64 seed = 1;
    // Activity spans the `days` days before this UTC instant. An invalid value means the default.
    QDateTime end = QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC);
    int days = 45;
    // Writes one truncated (unparseable) line into about 1 % of the .jsonl files. Off by default so
    // that token totals can be compared with ccusage exactly; the broken lines never carry usage.
    bool injectMalformedLines = false;
};

// Exact counts of what generate() wrote.
struct ClaudeCorpusSummary
{
    qint64 bytes = 0; // all files, .jsonl and .meta.json
    int files = 0; // all files
    int sessions = 0; // main transcripts <project>/<sessionId>.jsonl
    int subagentFiles = 0; // agent-*.jsonl, flat (era 2) and under <sessionId>/subagents/ (era 3)
    qint64 lines = 0; // lines of all .jsonl files, including malformed ones
    qint64 assistantLines = 0; // lines with "type":"assistant" (streaming copies, replays, synthetic)
    // Distinct billed requests: unique (message.id, requestId) pairs, not counting /btw replays of
    // parent messages, "<synthetic>" messages and the nested copies inside progress lines.
    qint64 usageRequests = 0;
};

// Deterministic generator of a realistic Claude Code log corpus (formats.md §2, §10): several
// projects, sessions spread over working days, streaming duplicates, tool calls with sizeable
// results, sub-agents in all three on-disk layouts, /btw replays, progress lines with nested usage,
// compaction and the bookkeeping line types that carry no usage.
class ClaudeCorpusGenerator
{
public:
    explicit ClaudeCorpusGenerator(ClaudeCorpusOptions options);

    // Throws std::runtime_error with a readable message on I/O failure.
    ClaudeCorpusSummary generate();

private:
    ClaudeCorpusOptions m_options;
};

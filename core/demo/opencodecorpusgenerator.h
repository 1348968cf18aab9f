// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QString>

// What OpenCodeCorpusGenerator writes. The same options always produce byte-identical files.
struct OpenCodeCorpusOptions
{
    // Acts as an OpenCode data directory (OPENCODE_DATA_DIR): <outputDir>/opencode.db and the legacy
    // <outputDir>/storage/ tree.
    QString outputDir;
    qint64 targetBytes = 20'000'000; // about this many bytes in all files (±5 % from a few MB up)
    quint64 seed = 1;
    QDateTime end = QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC); // activity ends here (UTC)
    int days = 45;
    bool injectMalformedLines = false; // a few message rows with cut-off JSON (never usage)
};

// Exact counts of what generate() wrote.
struct OpenCodeCorpusSummary
{
    qint64 bytes = 0; // all files
    int files = 0;
    int sessions = 0; // top-level sessions, database and legacy
    int subagentSessions = 0; // child sessions created by the task tool
    int legacySessions = 0; // sessions only in storage/ (never migrated); included in sessions
    qint64 messages = 0; // message rows and legacy message files, duplicates included
    qint64 parts = 0;
    // Distinct billed requests: assistant messages with a model, a provider and tokens, each once
    // (legacy copies of database messages are not counted again).
    qint64 usageRequests = 0;
    qint64 multiStepMessages = 0; // assistant messages with several step-finish parts
    qint64 legacyDuplicates = 0; // legacy files of messages the database also holds
    qint64 zeroCostRequests = 0; // billed requests stored with cost 0 (re-priced)
    qint64 toolCalls = 0; // tool parts (patch parts not included)
    qint64 prompts = 0; // user messages with typed text
    qint64 malformedRows = 0;
    // Sum over the distinct billed requests, normalised as the adapter does (disjoint buckets).
    qint64 inputTokens = 0, outputTokens = 0, reasoningTokens = 0, cacheReadTokens = 0, cacheWriteTokens = 0;
};

// Deterministic generator of a realistic OpenCode data directory (formats.md §4, §10): an
// opencode.db in OpenCode's current schema (WAL mode) with sessions spread over working days,
// assistant messages of several steps (message.tokens = the last step, message.cost = the sum, one
// step-finish part per step), tool parts of every status with durations, patch parts, task-tool
// sub-agent sessions, zero-cost providers (github-copilot), aborted and model-less messages, and a
// legacy storage/ tree holding never-migrated sessions plus stale copies of migrated messages.
class OpenCodeCorpusGenerator
{
public:
    explicit OpenCodeCorpusGenerator(OpenCodeCorpusOptions options);

    // Throws std::runtime_error with a readable message on I/O or SQLite failure.
    OpenCodeCorpusSummary generate();

private:
    OpenCodeCorpusOptions m_options;
};

// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QString>

// What OpenClawCorpusGenerator writes. The same options always produce byte-identical files.
struct OpenClawCorpusOptions
{
    QString outputDir; // acts as an OpenClaw state directory (~/.openclaw): agents/<agentId>/...
    qint64 targetBytes = 20'000'000; // generation stops once about this many bytes are written
    quint64 seed = 1;
    QDateTime end = QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC); // activity ends here (UTC)
    int days = 45; // ... and spans this many days before it
    bool injectMalformedLines = false; // a truncated line in about 2 % of the transcripts, never with usage
};

// Exact counts of what generate() wrote.
struct OpenClawCorpusSummary
{
    qint64 bytes = 0; // every file
    int files = 0; // every file (transcripts, archives, session stores, databases)
    int sessions = 0; // top-level sessions (main chats and forks)
    int subagentSessions = 0; // sessions_spawn children, depth 1 and 2
    // Distinct billed requests AgentMeter stores: one per assistant message with a non-zero usage,
    // wherever it is written (a request in the database and in a published archive counts once), not
    // counting fork copies, re-emitted lines or delivery mirrors.
    qint64 usageRequests = 0;
    qint64 forkCopies = 0; // assistant messages with usage copied into fork / context:"fork" children
    qint64 databaseRequests = 0; // requests of the SQLite store (some also in published archives)
    qint64 zstdRequests = 0; // requests only found in .zst archives
};

// Deterministic generator of an OpenClaw state directory (formats.md §5, §10): two agents with JSONL
// transcripts and a third in the SQLite era (openclaw-agent.sqlite, event_json and event_zstd rows,
// part of it also published as .jsonl.reset.* archives); sessions spread over the days; tool calls
// with results; sub-agents through sessions_spawn (depth 1 and 2) recorded in sessions.json, some
// auto-archived (.jsonl.deleted.*, some zstd-compressed), some context:"fork" children that start
// with a copy of the parent's transcript; header forks (parentSession); /reset archives; model
// changes and model-snapshots; delivery-mirror messages; usages with only totalTokens; re-emitted
// lines; session_info names; Telegram topic transcripts.
class OpenClawCorpusGenerator
{
public:
    explicit OpenClawCorpusGenerator(OpenClawCorpusOptions options);

    // Throws std::runtime_error with a readable message on I/O failure.
    OpenClawCorpusSummary generate();

private:
    OpenClawCorpusOptions m_options;
};

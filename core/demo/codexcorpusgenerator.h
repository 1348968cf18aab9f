// SPDX-License-Identifier: MIT
#pragma once

#include "corpusgenerators.h"
#include "domain/tokencounts.h"

#include <map>
#include <QString>

// Exact counts of what CodexCorpusGenerator wrote, and what an ingest following formats.md §3.5
// must store from it.
struct CodexCorpusSummary
{
    qint64 bytes = 0; // every file written
    int files = 0; // every file (rollouts, plain and .zst, and session_index.jsonl)
    int sessions = 0; // top-level threads (forks included)
    int subagentSessions = 0; // thread_spawn children
    int compressedFiles = 0; // .jsonl.zst rollouts (ccusage does not read them)
    int archivedFiles = 0; // rollouts under archived_sessions/
    qint64 lines = 0; // lines of all rollouts (decompressed)
    qint64 malformedLines = 0; // cut-off lines written with injectMalformedLines (never usage)
    qint64 usageRequests = 0; // billed requests, each counted once
    TokenCounts tokens; // their normalised buckets summed
    int toolCalls = 0; // calls that got a result
    int prompts = 0; // user prompts (event_msg user_message), replayed copies excluded
    // Pitfalls written (each a line a naive reader counts as usage): token_count re-emits, stale
    // snapshots, replayed parent events in children and forks, token_usage_record duplicates.
    qint64 reEmits = 0;
    qint64 staleSnapshots = 0;
    qint64 replayedEvents = 0;
    qint64 usageRecordLines = 0;
    // Per UTC day (yyyy-MM-dd): the normalised buckets an ingest must store, and the part of them
    // that lives in compressed rollouts.
    std::map<QString, TokenCounts> perDay;
    std::map<QString, TokenCounts> perDayCompressed;
    // Per UTC day and pitfall, the usage a reader that counts every token event's last_token_usage
    // would add on top (stale, reEmit, forkReplay, childReplayOriginal, childReplayRewritten,
    // replayOfCompressedOriginal/Rewritten: replays whose parent exists only as .zst, usageRecord: the
    // requests of threads that also log token_usage_record), at the time of the line that carries it:
    // what a comparison with another tool is explained by.
    std::map<QString, std::map<std::string, TokenCounts>> perDayPitfalls;
};

// Deterministic generator of a realistic Codex CLI home (formats.md §3, §10): threads spread over
// working days under sessions/YYYY/MM/DD/ (some archived, some zstd-compressed), turns with
// reasoning, shell, apply_patch, MCP and web-search calls with sizeable outputs, cumulative
// token_count events with every pitfall the importer handles (re-emits, stale snapshots, rate-limit-
// only events, genuine resets), Codex 0.169 token_usage_record lines, spawned sub-agents and forks
// whose rollouts start with a replay of the parent's history (original or rewritten times), legacy
// rollouts without envelope, and session_index.jsonl renames. Equal options give byte-identical
// files. Besides the corpus it writes corpus-summary.json (per-day expected tokens) next to it.
class CodexCorpusGenerator
{
public:
    explicit CodexCorpusGenerator(CorpusOptions options);
    // Throws std::runtime_error with a readable message on I/O failure.
    CodexCorpusSummary generate();

private:
    CorpusOptions m_options;
};

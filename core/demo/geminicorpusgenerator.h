// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QString>

// What GeminiCorpusGenerator writes. The same options always produce byte-identical files.
struct GeminiCorpusOptions
{
    // Acts as a ~/.gemini dir: projects.json and tmp/<projectId>/chats/...
    QString outputDir;
    qint64 targetBytes = 20'000'000; // generation stops once about this many bytes are written
    quint64 seed = 1;
    // Activity spans the `days` days before this UTC instant. An invalid value means the default.
    QDateTime end = QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC);
    int days = 45;
    // One truncated line (never carrying usage) in about 5 % of the JSONL files.
    bool injectMalformedLines = false;
};

// Exact counts of what generate() wrote, and the usage an importer must find in it.
struct GeminiCorpusSummary
{
    qint64 bytes = 0;
    int files = 0;
    int sessions = 0; // distinct main session ids
    int subagentSessions = 0;
    int legacyFiles = 0; // legacy .json documents
    int migratedSessions = 0; // legacy sessions resumed into a .jsonl of the same id
    int resumedSessions = 0; // JSONL sessions resumed: history snapshot + stub file
    qint64 lines = 0; // lines of the .jsonl files
    qint64 malformedLines = 0;
    qint64 rewinds = 0;
    // Distinct billed requests (session id, message id) and their normalised tokens (formats.md §1.1).
    qint64 usageRequests = 0;
    qint64 input = 0; // fresh: input - cached + tool
    qint64 cacheRead = 0;
    qint64 output = 0;
    qint64 reasoning = 0;
};

// Deterministic generator of a realistic Gemini CLI log corpus (formats.md §6, §10): several projects
// (registry slugs and one old SHA-256 directory), sessions spread over the days, every message
// re-appended as it changes (tokens:null first, running then finished tool calls), `$set` metadata
// updates and summaries, rewinds, sub-agents started by invoke_agent, --resume with its history
// snapshot and stub file, and legacy .json documents, some migrated to .jsonl.
class GeminiCorpusGenerator
{
public:
    explicit GeminiCorpusGenerator(GeminiCorpusOptions options);

    // Throws std::runtime_error with a readable message on I/O failure.
    GeminiCorpusSummary generate();

private:
    GeminiCorpusOptions m_options;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "domain/ingestbatch.h"
#include "domain/tokencounts.h"
#include "ingest/ingestengine.h"
#include "ingest/ingeststats.h"
#include "store/storewriter.h"

#include <QByteArray>
#include <QDateTime>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <string_view>

namespace TestSupport {
// Absolute path of a file below tests/fixtures (AGENTMETER_FIXTURES is set by ctest).
QString fixturePath(const QString& relative);
QByteArray readFile(const QString& path);
void writeFile(const QString& path, const QByteArray& data);
void appendFile(const QString& path, const QByteArray& data);
// Copies a fixture tree to dest, creating directories.
void copyTree(const QString& source, const QString& dest);

// One complete Claude Code assistant line (newline included) in the exact shape of the fixtures
// (tests/fixtures/claude/basic); by default in that fixture's main session. time is ISO 8601 UTC.
struct ClaudeLine
{
    QByteArray messageId = "msg_X";
    QByteArray requestId = "req_X";
    QByteArray uuid = "a-x";
    QByteArray time = "2026-05-04T09:30:00.000Z";
    QByteArray model = "claude-sonnet-4-5-20250929";
    QByteArray sessionId = "7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61";
    qint64 input = 0;
    qint64 cacheRead = 0;
    qint64 output = 0;
    QByteArray toJsonl() const;
};

// Appends one Claude Code line to the log of its session (line.sessionId) in the claude/basic fixture's
// project below root, creating the log for a new session.
void appendClaudeLine(const QString& root, const ClaudeLine& line);

// Paging while data arrives: five Claude Code sessions of the shop project below root, session-a to
// session-e, starting at 01:00 to 05:00 on 2026-05-04 with a request of 1,000 to 5,000 fresh input tokens
// and a last one of 100 tokens 5, 1, 3, 4 and 2 minutes later.
void writePagingSessions(const QString& root);
// What live ingest brings next: session-c's request of 10,000 tokens at 03:30 (now the dearest, longest),
// and two new sessions, session-n at 04:30 (4,600 tokens in 6 minutes) and session-l at 00:30 (500 tokens
// in 30 seconds).
void changePagingSessions(const QString& root);
// The session ids of the paging sessions named by letter: "ab" is session-a, session-b.
QStringList pagingSessionIds(const char* letters);

// Appends Claude Code requests of `input` fresh input tokens each, one per UTC time (ISO 8601, unique:
// it makes the ids), to the claude/basic fixture's main session log below root.
void appendClaudeRequests(const QString& root, const QList<QByteArray>& times, qint64 input = 1000000);

// The computed cost of one request in a store whose requests all cost the same (appendClaudeRequests);
// -1 when they differ.
double uniformRequestCost(const QString& dbPath);

// A batch of the claude source (id 1) with one request: session s1, message messageId, request req_1,
// 10 input tokens and output output tokens, at 2026-05-04T09:12:06.480Z. For StoreWriter::apply().
IngestBatch usageBatch(const QByteArray& messageId, qint64 output);

// Ingests Claude Code logs below roots into the database at dbPath with the embedded price book.
IngestStats ingestClaude(const QString& dbPath, const QStringList& roots,
    IngestEngine::Options options = IngestEngine::Options(), bool storeContent = true);

// Ingests one source's logs (any adapter) into the database at dbPath with the embedded price book,
// through a writer of the given role (a server's by default). Fails the calling test when a stored row
// names a row that does not exist (foreignKeyViolations): a first load stores without the checks.
IngestStats ingestSource(const QString& dbPath, const SourceAdapter& source,
    IngestEngine::Options options = IngestEngine::Options(),
    StoreWriter::Role role = StoreWriter::Role::Server);

// The first column of every row a query returns from the database at dbPath, as text.
QStringList column(const QString& dbPath, std::string_view sql);

// The rows of the database at dbPath that name a row that does not exist (PRAGMA foreign_key_check),
// one line each: table, rowid, parent table.
QStringList foreignKeyViolations(const QString& dbPath);

// Sums over every stored usage record, for comparing runs.
struct StoreTotals
{
    TokenCounts tokens;
    qint64 requests = 0;
    double computedCost = 0;
    qint64 sessions = 0;
    qint64 toolCalls = 0;
    qint64 prompts = 0;
    qint64 files = 0;
    bool operator==(const StoreTotals& other) const
    {
        return tokens == other.tokens && requests == other.requests
            && qAbs(computedCost - other.computedCost) < 1e-9 && sessions == other.sessions
            && toolCalls == other.toolCalls && prompts == other.prompts && files == other.files;
    }
};
StoreTotals storeTotals(const QString& dbPath);
// A text dump of what an ingest stored besides usage: every session with its parent, agent and title,
// tool calls by session and status, each call's sub-agent session, prompt and file-touch counts. Equal
// dumps = equal stores.
QString storeDump(const QString& dbPath);
// Every stored row of every table, each column by value, with row ids left out and the columns that
// name another row (sessions, files, projects, tool calls) given that row's natural key: two stores
// that hold the same rows stored in another order compare equal. source_files.updated_at is left out,
// and real numbers are compared to twelve significant digits (sums in another order).
QString storeRows(const QString& dbPath);
// Empty when the two dumps hold the same lines, else the first few lines only one of them holds.
QString linesOnlyInOne(const QString& actual, const QString& expected);
// Empty when usage_rollup and source_rollup equal a fresh aggregation of usage_records, else the first
// difference.
QString rollupMismatch(const QString& dbPath);
QString describe(const StoreTotals& totals);
// "Now" for the fixture data of every source (whose sessions are of 2026-05-04 and 05), in UTC.
QDateTime fixtureNow();

// The system environment for a child agentmeter that cannot see the developer's own agent logs, data,
// settings or display: HOME and the XDG data and config dirs below home, no source variables, no
// DISPLAY/WAYLAND_DISPLAY/QT_QPA_PLATFORM (a bare `agentmeter` prints the report instead of opening the
// window), no price overrides.
QProcessEnvironment isolatedEnvironment(const QString& home);

// A child process run to its end: its exit code (-1 when it crashed or took over two minutes) and its
// output.
struct ProcessRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool finished = false; // false: it was still running after two minutes (and was killed)
};
ProcessRun runProcess(const QString& program, const QStringList& arguments,
    const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment());

// Ingests tests/fixtures of all five sources into dbPath: the API's and the window's test database.
void buildFixtureDatabase(const QString& dbPath);

} // namespace TestSupport

// SPDX-License-Identifier: MIT
// End-to-end ingest of Claude Code fixtures into a real SQLite file: de-duplication, the three
// sub-agent layouts, cursors, truncation, malformed lines, and kill-and-resume.
#include "demo/claudecorpusgenerator.h"
#include "demo/codexcorpusgenerator.h"
#include "ingest/claudesource.h"
#include "ingest/codexsource.h"
#include "pricing/pricebook.h"
#include "store/database.h"
#include "store/storewriterthread.h"
#include "testsupport.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <thread>

using namespace TestSupport;

namespace {
constexpr qint64 kFullRunBatches = 24;
const QString kSession = QStringLiteral("7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61");
const QString kProject = QStringLiteral("projects/-home-ana-src-shop");

// The basic fixture's expected totals, worked out by hand from the lines (see the comment in
// tests/fixtures/claude/README.md): 7 billed requests after de-duplication.
StoreTotals expectedBasic()
{
    StoreTotals t;
    t.tokens.input = 62;
    t.tokens.output = 817;
    t.tokens.cacheRead = 92020;
    t.tokens.cacheWrite5m = 2120;
    t.tokens.cacheWrite1h = 300;
    t.requests = 7;
    // sonnet-4-5 $3/$15/$0.30/$3.75 per MTok, haiku-4-5 $1/$5/$0.10/$1.25, opus-4-1 $15/$75/$1.50/$18.75,
    // 1-hour cache writes at 2x input: A 12612 + B 9984 + S1 1127 + C 52650 + N1 1245 + BTW2 6759 + F1 2796
    t.computedCost = 87173e-6;
    t.sessions = 5; // the main session and four sub-agent sessions
    t.toolCalls = 6; // R1, T1, T2, E1, G1, B1 finished; the /btw replay's copy of R1 stays pending
    t.prompts = 4;
    t.files = 4;
    return t;
}

// A writable copy of the basic fixture, and the paths that tests change in it.
struct BasicCopy
{
    QTemporaryDir dir;
    QString root = dir.filePath(QStringLiteral("logs"));
    QString db = dir.filePath(QStringLiteral("am.db"));
    QString project = root + QLatin1Char('/') + kProject;
    QString main = project + QLatin1Char('/') + kSession + QStringLiteral(".jsonl");
    QString flat = project + QStringLiteral("/agent-c34.jsonl");
    QString subagents = project + QLatin1Char('/') + kSession + QStringLiteral("/subagents");
    BasicCopy() { copyTree(fixturePath(QStringLiteral("claude/basic")), root); }
};

qint64 scalar(const QString& dbPath, const char* sql)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql);
    return q.step() ? q.int64(0) : -1;
}

QString text(const QString& dbPath, const char* sql)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql);
    return q.step() ? q.text(0) : QString();
}
} // namespace

class TestIngestEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void basicFixtureTotals();
    void sessionTreeAndTools();
    void secondRunParsesNothing();
    void appendedLinesAreReadOnce();
    void partialLastLineIsCompletedLater();
    void truncatedFileIsReReadWithoutDoubleCounting();
    void replacedFileIsReReadWithoutDoubleCounting();
    void malformedLinesAreCountedPerFile();
    void sidechainReplayIsDroppedInEitherOrder();
    void sidechainReplayReadFirstInOneRun();
    void nestedSubagentOfSubagentFindsItsParent_data();
    void nestedSubagentOfSubagentFindsItsParent();
    void commandLineAndServerLoadsStoreAlike();
    void linksResolveAcrossRuns_data();
    void linksResolveAcrossRuns();
    void killAndResumeGivesTheSameTotals_data();
    void killAndResumeGivesTheSameTotals();
    void cancelFlagStopsTheRunAndNextRunResumes_data();
    void cancelFlagStopsTheRunAndNextRunResumes();
    void namedUnitsAreTheOnlyOnesRead();
    void noContentStoresNoText();
    void missingRootsAreNotAnError();
    void errorsAndRetriesAreStoredOnce();
    void codexReadOnTwoThreadsStoresWhatOneThreadStores_data();
    void codexReadOnTwoThreadsStoresWhatOneThreadStores();
    void codexRunCancelledWhileTheWriterReadsResumes_data();
    void codexRunCancelledWhileTheWriterReadsResumes();
};

void TestIngestEngine::basicFixtureTotals()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    const IngestStats stats = ingestClaude(db, { fixturePath(QStringLiteral("claude/basic")) });
    QCOMPARE(stats.filesSeen, 4); // journal.jsonl is not a transcript
    QCOMPARE(stats.filesRead, 4);
    QCOMPARE(stats.linesSkipped, 1);
    QCOMPARE(stats.usageInserted, 7);
    const StoreTotals totals = storeTotals(db);
    QVERIFY2(totals == expectedBasic(), qPrintable(describe(totals)));
    QCOMPARE(rollupMismatch(db), QString());
    // Usage never comes from progress lines (msg_P) nor from the synthetic message.
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM usage_records WHERE record_key IN ('msg_P', 'msg_syn')"), 0);
    // The kept copy of a streamed request is the final one, with its position in the file.
    QCOMPARE(scalar(db, "SELECT output_tokens FROM usage_records WHERE record_key = 'msg_A'"), 96);
    QVERIFY(scalar(db, "SELECT byte_offset FROM usage_records WHERE record_key = 'msg_A'") > 0);
    QCOMPARE(text(db, "SELECT price_entry FROM usage_records WHERE record_key = 'msg_C'"),
        QStringLiteral("anthropic/claude-opus-4-1"));
}

void TestIngestEngine::sessionTreeAndTools()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingestClaude(db, { fixturePath(QStringLiteral("claude/basic")) });
    Database store;
    store.open(db, Database::Mode::ReadOnly);
    SqliteStatement q = store.prepare(
        "SELECT s.external_id, COALESCE(p.external_id, '-'), COALESCE(s.agent, ''), COALESCE(s.title, ''), "
        "COALESCE(s.spawn_tool_use_id, '') FROM sessions s LEFT JOIN sessions p ON p.id = s.parent_id ORDER "
        "BY s.external_id");
    QStringList rows;
    while (q.step())
        rows << QStringLiteral("%1 <- %2 [%3] \"%4\" %5")
                    .arg(q.text(0).replace(kSession, QStringLiteral("S")),
                        q.text(1).replace(kSession, QStringLiteral("S")), q.text(2), q.text(3), q.text(4))
                    .trimmed();
    const QStringList expected = {
        QStringLiteral("S <- - [main] \"orders pagination\""),
        QStringLiteral("S:agent-a3f9c21 <- S [general-purpose] \"\""),
        QStringLiteral("S:agent-b12 <- S [Explore] \"Find call sites\" toolu_T1"),
        QStringLiteral("S:agent-btw1 <- S [subagent] \"btw what does list_orders return?\""),
        QStringLiteral("S:agent-c34 <- S [subagent] \"Run the order tests\" toolu_T2"),
    };
    QCOMPARE(rows, expected);

    SqliteStatement tools = store.prepare(
        "SELECT t.tool_use_id, t.name, t.status, COALESCE(t.duration_ms, -1), COALESCE(c.external_id, '') "
        "FROM tool_calls t JOIN sessions s ON s.id = t.session_id LEFT JOIN sessions c ON c.id = "
        "t.child_session_id "
        "WHERE s.parent_id IS NULL ORDER BY t.start_ts");
    QStringList toolRows;
    while (tools.step())
        toolRows << QStringLiteral("%1 %2 %3 %4 %5")
                        .arg(tools.text(0), tools.text(1), tools.text(2))
                        .arg(tools.int64(3))
                        .arg(tools.text(4).replace(kSession, QStringLiteral("S")))
                        .trimmed();
    const QStringList expectedTools = {
        QStringLiteral("toolu_R1 Read completed 430"),
        QStringLiteral("toolu_T1 Task completed 110000 S:agent-b12"),
        QStringLiteral("toolu_T2 Task completed 140000 S:agent-c34"),
        QStringLiteral("toolu_E1 Edit error 2500"),
    };
    QCOMPARE(toolRows, expectedTools);
    QCOMPARE(scalar(db,
                 "SELECT COUNT(*) FROM file_touches WHERE path = '/home/ana/src/shop/api/orders.py' "
                 "AND operation IN ('read', 'edit') AND session_id = 1"),
        2);
    QCOMPARE(text(db, "SELECT text FROM prompts WHERE uuid = 'u-0001'"),
        QStringLiteral("Add pagination to the orders endpoint"));
    QCOMPARE(
        text(db, "SELECT cwd FROM sessions WHERE parent_id IS NULL"), QStringLiteral("/home/ana/src/shop"));
    QCOMPARE(text(db, "SELECT name FROM projects"), QStringLiteral("shop"));

    // The same tree as traces: one per invocation, sub-agents under the root, spawned by their Task
    // calls where the transcript says so, with the prompt they got and their last answer.
    SqliteStatement traces = store.prepare("SELECT trace_id, COALESCE(parent_trace_id, '-'), parent_agent, "
                                           "subagent_type, started_at, duration_ms, "
                                           "tokens_in + tokens_out, status, COALESCE(prompt_input, '-'), "
                                           "COALESCE(prompt_output, '-') FROM traces "
                                           "ORDER BY trace_id");
    QStringList traceRows;
    while (traces.step()) {
        QStringList cells;
        for (int i = 0; i < 10; ++i)
            cells << traces.text(i).replace(kSession, QStringLiteral("S"));
        traceRows << cells.join(QLatin1Char('|'));
    }
    const QStringList expectedTraces = {
        // The root answered only with tool calls; its "No response requested." is a <synthetic> placeholder.
        QStringLiteral("S|-|user|main|1777885923120|479380|60306|completed|Add pagination to the orders "
                       "endpoint|-"),
        QStringLiteral("S:agent-a3f9c21|S|main|general-purpose|1777886020002|0|9153|completed|-|Found 3 call "
                       "sites."),
        QStringLiteral("S:agent-b12|S|main|Explore|1777885930000|6700|640|completed|List every caller of "
                       "list_orders|Searching"),
        QStringLiteral("S:agent-btw1|S|main|subagent|1777887000000|4000|20053|completed|btw what does "
                       "list_orders return?|A list of dicts."),
        QStringLiteral(
            "S:agent-c34|S|main|subagent|1777885930100|129900|5167|completed|Run the order tests|-"),
    };
    QCOMPARE(traceRows, expectedTraces);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM delegations"), 4);
}

void TestIngestEngine::secondRunParsesNothing()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingestClaude(db, { fixturePath(QStringLiteral("claude/basic")) });
    const IngestStats second = ingestClaude(db, { fixturePath(QStringLiteral("claude/basic")) });
    QCOMPARE(second.filesSeen, 4);
    QCOMPARE(second.filesUnchanged, 4);
    QCOMPARE(second.filesRead, 0);
    QCOMPARE(second.linesParsed, 0);
    QCOMPARE(second.batches, 0);
    const StoreTotals totals = storeTotals(db);
    QVERIFY2(totals == expectedBasic(), qPrintable(describe(totals)));
    QCOMPARE(rollupMismatch(db), QString());
}

void TestIngestEngine::appendedLinesAreReadOnce()
{
    BasicCopy copy;
    const QString db = copy.db;
    const QString& flat = copy.flat;
    ingestClaude(db, { copy.root });
    appendFile(flat,
        QByteArrayLiteral(
            R"({"parentUuid":null,"isSidechain":true,"agentId":"c34","userType":"external","cwd":"/home/ana/src/shop","sessionId":"7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61","version":"2.1.140","gitBranch":"main","message":{"model":"claude-sonnet-4-5-20250929","id":"msg_F2","type":"message","role":"assistant","content":[{"type":"text","text":"done"}],"usage":{"input_tokens":1000,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":100}},"requestId":"req_F2","type":"assistant","uuid":"f-0004","timestamp":"2026-05-04T09:15:00.000Z"})"
            "\n"));
    const IngestStats second = ingestClaude(db, { copy.root });
    QCOMPARE(second.filesRead, 1);
    QCOMPARE(second.linesParsed, 1);
    QCOMPARE(second.usageInserted, 1);
    StoreTotals expected = expectedBasic();
    expected.tokens.input += 1000;
    expected.tokens.output += 100;
    expected.requests += 1;
    expected.computedCost += (1000 * 3 + 100 * 15) / 1e6;
    const StoreTotals totals = storeTotals(db);
    QVERIFY2(totals == expected, qPrintable(describe(totals)));
}

void TestIngestEngine::partialLastLineIsCompletedLater()
{
    BasicCopy copy;
    const QString db = copy.db;
    const QString& main = copy.main;
    ingestClaude(db, { copy.root });
    // The fixture ends in the first 120 bytes of a msg_D line: not consumed yet.
    const qint64 size = QFileInfo(main).size();
    QCOMPARE(scalar(db,
                 "SELECT size - offset FROM source_files WHERE path LIKE "
                 "'%7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61.jsonl'"),
        120);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM usage_records WHERE record_key = 'msg_D'"), 0);
    // The agent finishes writing the line.
    QByteArray content = readFile(main);
    const QByteArray full
        = R"({"parentUuid":null,"isSidechain":false,"userType":"external","cwd":"/home/ana/src/shop","sessionId":"7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61","version":"2.1.140","gitBranch":"main","message":{"model":"claude-sonnet-4-5-20250929","id":"msg_D","type":"message","role":"assistant","content":[],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1,"service_tier":"standard"}},"requestId":"req_D","type":"assistant","uuid":"a-0006","timestamp":"2026-05-04T09:21:00.000Z"})";
    QCOMPARE(content.right(120), full.left(120));
    appendFile(main, full.mid(120) + '\n');
    QVERIFY(QFileInfo(main).size() > size);
    const IngestStats second = ingestClaude(db, { copy.root });
    QCOMPARE(second.linesParsed, 1);
    QCOMPARE(second.linesSkipped, 0);
    QCOMPARE(
        scalar(db, "SELECT input_tokens + output_tokens FROM usage_records WHERE record_key = 'msg_D'"), 2);
    QCOMPARE(scalar(db,
                 "SELECT size - offset FROM source_files WHERE path LIKE "
                 "'%7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61.jsonl'"),
        0);
}

void TestIngestEngine::truncatedFileIsReReadWithoutDoubleCounting()
{
    BasicCopy copy;
    const QString db = copy.db;
    const QString& main = copy.main;
    ingestClaude(db, { copy.root });
    // Truncate in place (same inode) to its first four lines: smaller than the stored offset.
    const QList<QByteArray> lines = readFile(main).split('\n');
    QFile file(main);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.resize(0));
    for (int i = 0; i < 4; ++i)
        file.write(lines[i] + '\n');
    file.close();
    const IngestStats second = ingestClaude(db, { copy.root });
    QCOMPARE(second.filesReset, 1);
    QCOMPARE(second.linesParsed, 4);
    QCOMPARE(second.usageInserted, 0); // everything it holds is already stored
    const StoreTotals totals = storeTotals(db);
    QVERIFY2(totals == expectedBasic(), qPrintable(describe(totals)));
    QCOMPARE(rollupMismatch(db), QString()); // the database is the archive
    QCOMPARE(
        scalar(db,
            "SELECT resets FROM source_files WHERE path LIKE '%7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61.jsonl'"),
        1);
}

void TestIngestEngine::replacedFileIsReReadWithoutDoubleCounting()
{
    BasicCopy copy;
    const QString db = copy.db;
    const QString& flat = copy.flat;
    ingestClaude(db, { copy.root });
    // A new file (a new inode: written beside the old one, then renamed over it) with the same content
    // plus more bytes.
    const QByteArray content = readFile(flat);
    writeFile(flat + QStringLiteral(".new"), content + "\n");
    QVERIFY(::rename(QFile::encodeName(flat + QStringLiteral(".new")).constData(),
                QFile::encodeName(flat).constData())
        == 0);
    const IngestStats second = ingestClaude(db, { copy.root });
    QCOMPARE(second.filesReset, 1);
    QCOMPARE(second.linesParsed, 4);
    QCOMPARE(second.usageInserted, 0);
    QCOMPARE(second.duplicates, 1);
    const StoreTotals totals = storeTotals(db);
    QVERIFY2(totals == expectedBasic(), qPrintable(describe(totals)));
    QCOMPARE(rollupMismatch(db), QString());
}

void TestIngestEngine::malformedLinesAreCountedPerFile()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    const QString root = dir.filePath(QStringLiteral("logs"));
    writeFile(root + QStringLiteral("/projects/-p/s1.jsonl"),
        QByteArrayLiteral("not json at all\n"
                          "{\"type\":\"user\",\"sessionId\":\"s1\",\"timestamp\":\"2026-05-04T10:00:00Z\","
                          "\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n"
                          "[1,2,3]\n"
                          "{\"type\":\"assistant\",\"sessionId\":\"s1\"\n"
                          "\n"
                          "{\"type\":\"assistant\",\"sessionId\":\"s1\",\"requestId\":\"r1\",\"timestamp\":"
                          "\"2026-05-04T10:00:01Z\",\"message\":{\"id\":\"m1\",\"model\":\"claude-haiku-4-"
                          "5\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}}\n"));
    const IngestStats stats = ingestClaude(db, { root });
    QCOMPARE(stats.linesParsed, 6);
    QCOMPARE(stats.linesSkipped, 3);
    QCOMPARE(stats.usageInserted, 1);
    QCOMPARE(scalar(db, "SELECT lines_skipped FROM source_files"), 3);
    QVERIFY(text(db, "SELECT last_skip_reason FROM source_files").contains(QLatin1String("invalid JSON")));
}

void TestIngestEngine::sidechainReplayIsDroppedInEitherOrder()
{
    // Read the /btw replay before its main-chain original: the original must replace it.
    BasicCopy copy;
    QTemporaryDir& dir = copy.dir;
    const QString& root = copy.root;
    const QString& main = copy.main;
    const QString hidden = dir.filePath(QStringLiteral("main.jsonl.later"));
    QVERIFY(QFile::rename(main, hidden));
    const QString db = copy.db;
    ingestClaude(db, { root });
    QCOMPARE(scalar(db, "SELECT is_sidechain FROM usage_records WHERE record_key = 'msg_A'"), 1);
    QVERIFY(QFile::rename(hidden, main));
    const IngestStats second = ingestClaude(db, { root });
    QCOMPARE(second.usageReplaced, 1);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM usage_records WHERE record_key = 'msg_A'"), 1);
    QCOMPARE(scalar(db, "SELECT is_sidechain FROM usage_records WHERE record_key = 'msg_A'"), 0);
    QCOMPARE(
        text(db, "SELECT request_id FROM usage_records WHERE record_key = 'msg_A'"), QStringLiteral("req_A"));
    const StoreTotals totals = storeTotals(db);
    QCOMPARE(totals.tokens, expectedBasic().tokens);
    QCOMPARE(totals.requests, expectedBasic().requests);
    QCOMPARE(rollupMismatch(db), QString()); // the replaced replay left the rollup too
}

void TestIngestEngine::sidechainReplayReadFirstInOneRun()
{
    // An era-2 agent file that sorts before the main transcript replays msg_A: within one batch the
    // replay is stored, then replaced by the original, and neither rollup may keep an empty row.
    BasicCopy copy;
    const QString& root = copy.root;
    const QByteArray main = readFile(copy.main);
    QByteArray replay = main.split('\n').at(3); // the final copy of msg_A
    replay.replace("\"isSidechain\":false", "\"isSidechain\":true,\"agentId\":\"zz9\"");
    replay.replace("req_A", "req_REPLAY");
    replay.replace(
        "\"timestamp\":\"2026-05-04T09:12:06.480Z\"", "\"timestamp\":\"2026-05-09T10:00:00.000Z\"");
    writeFile(root + QStringLiteral("/projects/-0-first/agent-zz9.jsonl"), replay + '\n');
    const QString db = copy.db;
    const IngestStats stats = ingestClaude(db, { root });
    QCOMPARE(stats.batches, 1);
    QCOMPARE(stats.usageReplaced, 1);
    const StoreTotals totals = storeTotals(db);
    QCOMPARE(totals.tokens, expectedBasic().tokens);
    QCOMPARE(rollupMismatch(db), QString());
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM usage_rollup WHERE requests = 0"), 0);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM source_rollup WHERE requests = 0"), 0);
}

namespace {
// agent-b12 spawns agent-d56 with a Task call of its own (spawnDepth 2).
const QByteArray kTaskT9Line
    = R"({"parentUuid":null,"isSidechain":true,"agentId":"b12","userType":"external","cwd":"/home/ana/src/shop","sessionId":"7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61","version":"2.1.140","gitBranch":"main","message":{"model":"claude-haiku-4-5-20251001","id":"msg_N2","type":"message","role":"assistant","content":[{"type":"tool_use","id":"toolu_T9","name":"Task","input":{"description":"Deeper look","prompt":"x","subagent_type":"Explore"}}],"usage":{"input_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}},"requestId":"req_N2","type":"assistant","uuid":"n-0005","timestamp":"2026-05-04T09:12:30.000Z"})"
      "\n";
void addTaskT9(const QString& subagents)
{
    appendFile(subagents + QStringLiteral("/agent-b12.jsonl"), kTaskT9Line);
}
void addAgentD56(const QString& subagents)
{
    writeFile(subagents + QStringLiteral("/agent-d56.meta.json"),
        QByteArrayLiteral(
            R"({"agentType":"Explore","description":"Deeper look","toolUseId":"toolu_T9","spawnDepth":2})"));
    writeFile(subagents + QStringLiteral("/agent-d56.jsonl"),
        QByteArrayLiteral(
            R"({"parentUuid":null,"isSidechain":true,"agentId":"d56","userType":"external","cwd":"/home/ana/src/shop","sessionId":"7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61","version":"2.1.140","gitBranch":"main","message":{"model":"claude-haiku-4-5-20251001","id":"msg_D1","type":"message","role":"assistant","content":[{"type":"text","text":"ok"}],"usage":{"input_tokens":2,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":2}},"requestId":"req_D1","type":"assistant","uuid":"d-0001","timestamp":"2026-05-04T09:12:40.000Z"})"
            "\n"));
}
void verifyD56Linked(const QString& db)
{
    QCOMPARE(text(db,
                 "SELECT p.external_id FROM sessions s JOIN sessions p ON p.id = s.parent_id "
                 "WHERE s.external_id LIKE '%:agent-d56'"),
        kSession + QStringLiteral(":agent-b12"));
    QCOMPARE(text(db,
                 "SELECT c.external_id FROM tool_calls t JOIN sessions c ON c.id = t.child_session_id "
                 "WHERE t.tool_use_id = 'toolu_T9'"),
        kSession + QStringLiteral(":agent-d56"));
}
} // namespace

void TestIngestEngine::linksResolveAcrossRuns_data()
{
    // The command line's first run resolves links from memory and leaves the key indexes to the
    // second, which builds them before its first lookup.
    QTest::addColumn<bool>("callFirst");
    QTest::addColumn<StoreWriter::Role>("role");
    for (const auto role : { StoreWriter::Role::Server, StoreWriter::Role::CommandLine }) {
        const char* name = role == StoreWriter::Role::Server ? "server" : "command line";
        QTest::addRow("%s: spawning call read first, sub-agent in a later run", name) << true << role;
        QTest::addRow("%s: sub-agent read first, spawning call in a later run", name) << false << role;
    }
}

void TestIngestEngine::linksResolveAcrossRuns()
{
    QFETCH(bool, callFirst);
    QFETCH(StoreWriter::Role, role);
    BasicCopy copy;
    const QString& root = copy.root;
    const QString& subagents = copy.subagents;
    const QString db = copy.db;
    if (callFirst)
        addTaskT9(subagents);
    else
        addAgentD56(subagents);
    ingestSource(db, ClaudeSource({ root }), {}, role);
    if (callFirst)
        addAgentD56(subagents);
    else
        addTaskT9(subagents);
    // an incremental run, not a bulk load
    const IngestStats second = ingestSource(db, ClaudeSource({ root }), {}, role);
    QVERIFY(second.filesUnchanged > 0);
    verifyD56Linked(db);
}

void TestIngestEngine::nestedSubagentOfSubagentFindsItsParent_data()
{
    QTest::addColumn<StoreWriter::Role>("role");
    QTest::newRow("server") << StoreWriter::Role::Server;
    QTest::newRow("command line: links from memory") << StoreWriter::Role::CommandLine;
}

void TestIngestEngine::nestedSubagentOfSubagentFindsItsParent()
{
    QFETCH(StoreWriter::Role, role);
    BasicCopy copy;
    const QString& root = copy.root;
    const QString& subagents = copy.subagents;
    addTaskT9(subagents);
    addAgentD56(subagents);
    const QString db = copy.db;
    ingestSource(db, ClaudeSource({ root }), {}, role);
    verifyD56Linked(db);
    QCOMPARE(scalar(db, "SELECT spawn_depth FROM sessions WHERE external_id LIKE '%:agent-d56'"), 2);
}

void TestIngestEngine::commandLineAndServerLoadsStoreAlike()
{
    // A command-line bulk load links sub-agents through a table filled from the writer's memory, a
    // server's through the key indexes. Generated histories with sub-agents in every layout, nested
    // ones and forks must come out the same either way.
    QTemporaryDir dir;
    ClaudeCorpusOptions claude;
    claude.outputDir = dir.filePath(QStringLiteral("claude"));
    claude.targetBytes = 3'000'000;
    claude.seed = 5;
    ClaudeCorpusGenerator(claude).generate();
    CorpusOptions codex;
    codex.outputDir = dir.filePath(QStringLiteral("codex"));
    codex.targetBytes = 3'000'000;
    codex.seed = 5;
    CodexCorpusGenerator(codex).generate();
    const ClaudeSource claudeSource({ claude.outputDir });
    const CodexSource codexSource({ codex.outputDir });
    for (const SourceAdapter* source : { static_cast<const SourceAdapter*>(&claudeSource),
             static_cast<const SourceAdapter*>(&codexSource) }) {
        const QString server = dir.filePath(source->name() + QStringLiteral("-server.db"));
        const QString cli = dir.filePath(source->name() + QStringLiteral("-cli.db"));
        ingestSource(server, *source, {}, StoreWriter::Role::Server);
        ingestSource(cli, *source, {}, StoreWriter::Role::CommandLine);
        QCOMPARE(scalar(cli, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'tool_calls_hash'"), 0);
        const qint64 calls
            = scalar(cli, "SELECT COUNT(*) FROM tool_calls WHERE child_session_id IS NOT NULL");
        const qint64 children = scalar(cli, "SELECT COUNT(*) FROM sessions WHERE parent_id IS NOT NULL");
        qInfo("%s: %lld spawning calls linked, %lld child sessions", qPrintable(source->name()), calls,
            children);
        QVERIFY(calls >= 5 && children >= 5);
        QCOMPARE(storeDump(cli), storeDump(server));
    }
}

namespace {
// A generated Codex history: sub-agents, forks whose first lines replay the parent, re-emitted totals,
// archived and zstd-compressed rollouts, a session index and malformed lines.
QString codexCorpus(const QTemporaryDir& dir, qint64 bytes)
{
    CorpusOptions codex;
    codex.outputDir = dir.filePath(QStringLiteral("codex"));
    codex.targetBytes = bytes;
    codex.seed = 11;
    codex.injectMalformedLines = true;
    CodexCorpusGenerator(codex).generate();
    return codex.outputDir;
}
} // namespace

void TestIngestEngine::codexReadOnTwoThreadsStoresWhatOneThreadStores_data()
{
    QTest::addColumn<StoreWriter::Role>("role");
    QTest::addColumn<qsizetype>("batchRecords");
    QTest::addRow("server") << StoreWriter::Role::Server << qsizetype(20000);
    QTest::addRow("command line") << StoreWriter::Role::CommandLine << qsizetype(20000);
    // Small batches: the writer applies batches of both threads in between each other's.
    QTest::addRow("command line, batches of 50") << StoreWriter::Role::CommandLine << qsizetype(50);
}

void TestIngestEngine::codexReadOnTwoThreadsStoresWhatOneThreadStores()
{
    // The writer thread reads files from the end of the list while the engine's reads from the start
    // (BackReader): a child rollout can be read before, after or while its parent is, and the rows
    // arrive in another order. Every stored row must be the one a single thread stores.
    QFETCH(StoreWriter::Role, role);
    QFETCH(qsizetype, batchRecords);
    QTemporaryDir dir;
    const CodexSource source({ codexCorpus(dir, 4'000'000) });
    IngestEngine::Options options;
    options.batchRecords = batchRecords;
    options.readOnWriter = false;
    const QString one = dir.filePath(QStringLiteral("one.db"));
    const IngestStats alone = ingestSource(one, source, options, role);
    QCOMPARE(alone.filesReadOnWriter, 0);
    options.readOnWriter = true;
    qint64 readOnWriter = 0;
    for (int run = 0; run < 3; ++run) {
        const QString two = dir.filePath(QStringLiteral("two-%1.db").arg(run));
        const IngestStats both = ingestSource(two, source, options, role);
        readOnWriter += both.filesReadOnWriter;
        QCOMPARE(both.filesRead, alone.filesRead);
        QCOMPARE(both.linesParsed, alone.linesParsed);
        QCOMPARE(both.linesSkipped, alone.linesSkipped);
        QCOMPARE(both.bytesRead, alone.bytesRead);
        QCOMPARE(both.usageRecords, alone.usageRecords);
        QCOMPARE(both.usageInserted, alone.usageInserted);
        QCOMPARE(both.toolCalls, alone.toolCalls);
        QCOMPARE(both.prompts, alone.prompts);
        QCOMPARE(linesOnlyInOne(storeRows(two), storeRows(one)), QString());
        QCOMPARE(rollupMismatch(two), QString());
        // A second run over the same files finds them all unchanged.
        const IngestStats again = ingestSource(two, source, options, role);
        QCOMPARE(again.filesRead, 0);
    }
    // How many the writer thread took depends on the two threads' timing: about 100 of 249 here. It
    // starts before the engine's first batch is full (the first run's are 20,000 records, the corpus
    // holds fewer), so it takes some.
    qInfo("the writer thread read %lld of %lld files in 3 runs", readOnWriter, alone.filesRead * 3);
    if (batchRecords >= 20000)
        QVERIFY(readOnWriter > 0);
}

void TestIngestEngine::codexRunCancelledWhileTheWriterReadsResumes_data()
{
    QTest::addColumn<int>("delayUs");
    for (int delay : { 0, 500, 2000, 8000, 30000 })
        QTest::addRow("%d us", delay) << delay;
}

void TestIngestEngine::codexRunCancelledWhileTheWriterReadsResumes()
{
    // Cancelled wherever the two threads are, the run leaves a store that the next run completes to
    // what an uninterrupted single-threaded run stores.
    QFETCH(int, delayUs);
    QTemporaryDir dir;
    const CodexSource source({ codexCorpus(dir, 3'000'000) });
    IngestEngine::Options options;
    options.batchRecords = 200;
    options.readOnWriter = false;
    const QString reference = dir.filePath(QStringLiteral("reference.db"));
    ingestSource(reference, source, options, StoreWriter::Role::Server);
    options.readOnWriter = true;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    {
        StoreWriterThread writer(db, PriceBook::embedded(), StoreWriter::Role::Server);
        IngestEngine engine(options);
        std::atomic<bool> cancel { false };
        engine.setCancelFlag(&cancel);
        std::thread canceller([&cancel, delayUs] {
            std::this_thread::sleep_for(std::chrono::microseconds(delayUs));
            cancel = true;
        });
        engine.run({ &source }, writer);
        canceller.join();
    }
    QCOMPARE(rollupMismatch(db), QString());
    ingestSource(db, source, options, StoreWriter::Role::Server);
    QCOMPARE(linesOnlyInOne(storeRows(db), storeRows(reference)), QString());
}

void TestIngestEngine::killAndResumeGivesTheSameTotals_data()
{
    QTest::addColumn<int>("killAfterBatches");
    QTest::addColumn<StoreWriter::Role>("role");
    // A full run of the basic fixture takes kFullRunBatches batches of one record; every kill point,
    // under a server's writer and under the command line's (whose first run is a bulk load in
    // rollback-journal mode that leaves the key indexes to the run after it).
    for (const auto role : { StoreWriter::Role::Server, StoreWriter::Role::CommandLine }) {
        for (int batches = 0; batches <= kFullRunBatches; ++batches)
            QTest::addRow("%s, after %d batches",
                role == StoreWriter::Role::Server ? "server" : "command line", batches)
                << batches << role;
    }
}

void TestIngestEngine::killAndResumeGivesTheSameTotals()
{
    QFETCH(int, killAfterBatches);
    QFETCH(StoreWriter::Role, role);
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    const QString reference = dir.filePath(QStringLiteral("full.db"));
    const ClaudeSource source({ fixturePath(QStringLiteral("claude/basic")) });
    IngestEngine::Options tiny;
    tiny.batchRecords = 1; // a batch per record: a "kill" can fall between any two commits
    const IngestStats full = ingestSource(reference, source, tiny);
    QCOMPARE(full.batches, kFullRunBatches);
    tiny.maxBatches = killAfterBatches;
    ingestSource(db, source, tiny, role);
    tiny.maxBatches = -1;
    ingestSource(db, source, tiny, role);
    const StoreTotals totals = storeTotals(db);
    QVERIFY2(totals == expectedBasic(), qPrintable(describe(totals)));
    QCOMPARE(storeDump(db), storeDump(reference));
    QCOMPARE(rollupMismatch(db), QString());
    QCOMPARE(scalar(db, "SELECT SUM(lines_parsed) FROM source_files"), 29);
    QCOMPARE(scalar(db, "SELECT SUM(lines_skipped) FROM source_files"), 1);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM agent_events"), 2); // the error and the retry, once
}

void TestIngestEngine::cancelFlagStopsTheRunAndNextRunResumes_data()
{
    QTest::addColumn<int>("delayUs");
    QTest::addColumn<StoreWriter::Role>("role");
    // -1: cancelled before the run starts; else the flag is set from another thread after the delay,
    // wherever the run is then (the point varies; every point must resume to the same totals).
    for (const auto role : { StoreWriter::Role::Server, StoreWriter::Role::CommandLine }) {
        for (int delay : { -1, 0, 200, 1000, 3000 })
            QTest::addRow("%s, %d us", role == StoreWriter::Role::Server ? "server" : "command line", delay)
                << delay << role;
    }
}

void TestIngestEngine::cancelFlagStopsTheRunAndNextRunResumes()
{
    QFETCH(int, delayUs);
    QFETCH(StoreWriter::Role, role);
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    IngestEngine::Options tiny;
    tiny.batchRecords = 1;
    const ClaudeSource source({ fixturePath(QStringLiteral("claude/basic")) }, ClaudeFileParser::Options());
    {
        StoreWriterThread writer(db, PriceBook::embedded(), role);
        IngestEngine engine(tiny);
        std::atomic<bool> cancel { delayUs < 0 };
        engine.setCancelFlag(&cancel);
        std::thread canceller([&cancel, delayUs] {
            if (delayUs >= 0) {
                std::this_thread::sleep_for(std::chrono::microseconds(delayUs));
                cancel = true;
            }
        });
        const IngestStats stats = engine.run({ &source }, writer);
        canceller.join();
        if (delayUs < 0) {
            QCOMPARE(stats.batches, 0);
            QCOMPARE(stats.linesParsed, 0);
        }
    }
    QCOMPARE(rollupMismatch(db), QString());
    ingestSource(db, source, tiny, role);
    const StoreTotals totals = storeTotals(db);
    QVERIFY2(totals == expectedBasic(), qPrintable(describe(totals)));
    QCOMPARE(rollupMismatch(db), QString());
    QCOMPARE(scalar(db, "SELECT SUM(lines_parsed) FROM source_files"), 29); // the basic fixture's 29 lines, each parsed once across the cancelled runs
}

void TestIngestEngine::namedUnitsAreTheOnlyOnesRead()
{
    BasicCopy copy;
    const ClaudeSource source({ copy.root }, ClaudeFileParser::Options());
    StoreWriterThread writer(copy.db, PriceBook::embedded());
    IngestEngine engine;
    const IngestStats first = engine.run({ &source }, writer, { { source.sourceId(), { copy.flat } } });
    QCOMPARE(first.filesSeen, 1);
    QCOMPARE(first.filesRead, 1);
    QCOMPARE(scalar(copy.db, "SELECT COUNT(*) FROM source_files"), 1);
    // Another source's id names nothing of this one: nothing is looked at.
    const IngestStats none = engine.run({ &source }, writer, { { source.sourceId() + 1, { copy.main } } });
    QCOMPARE(none.filesSeen, 0);
    // The rest by discovering; the named file is not read twice.
    const IngestStats rest = engine.run({ &source }, writer);
    QCOMPARE(rest.filesUnchanged, 1);
    QCOMPARE(rest.filesRead, 3);
}

void TestIngestEngine::noContentStoresNoText()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingestClaude(db, { fixturePath(QStringLiteral("claude/basic")) }, IngestEngine::Options(), false);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM prompts WHERE text IS NOT NULL"), 0);
    QCOMPARE(scalar(db, "SELECT length FROM prompts WHERE uuid = 'u-0001'"), 37);
    // Titles derived from prompt text are content too; explicit titles are kept.
    QCOMPARE(
        text(db, "SELECT title FROM sessions WHERE parent_id IS NULL"), QStringLiteral("orders pagination"));
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM sessions WHERE title_rank = 1"), 0);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM sessions WHERE last_output IS NOT NULL"), 0);
}

void TestIngestEngine::missingRootsAreNotAnError()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    const IngestStats stats = ingestClaude(db, { dir.filePath(QStringLiteral("does-not-exist")) });
    QCOMPARE(stats.filesSeen, 0);
    QCOMPARE(stats.errors, QStringList());
    QCOMPARE(storeTotals(db).requests, 0);
}

void TestIngestEngine::errorsAndRetriesAreStoredOnce()
{
    BasicCopy copy;
    const IngestStats first = ingestClaude(copy.db, { copy.root });
    QCOMPARE(first.events, 2);
    // Every row of agent_events: kind, attempt, message, model, agent, session, provenance.
    const char* sql
        = "SELECT group_concat(row, '\n') FROM (SELECT e.event_key || '|' || e.kind || '|' || "
          "COALESCE(e.retry_attempt, '-') || '|' || COALESCE(e.message, '-') || '|' || "
          "COALESCE(e.model, '-') || '|' || e.agent || '|' || s.external_id || '|' || e.ts || '|' "
          "|| (f.path LIKE '%7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61.jsonl') || '|' || "
          "(e.byte_offset > 0) AS row FROM agent_events e JOIN sessions s ON s.id = e.session_id "
          "JOIN source_files f ON f.id = e.file_id ORDER BY e.event_key)";
    const QString expected = QStringLiteral(
        "claude:a-err1|error|-|API Error: Rate limit reached|-|main|7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61|"
        "1777886100500|1|1\n"
        "claude:sys-err1|retry|1|529 "
        "Overloaded|-|main|7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61|1777886398000|1|1");
    QCOMPARE(text(copy.db, sql), expected);
    // The activity feed: errors and retries beside the requests (sonnet msg_A read 18200 of 19724
    // prompt tokens from the cache: a hit; haiku msg_N1 wrote 500 of 520 to it and read none: a miss).
    QCOMPARE(scalar(copy.db, "SELECT COUNT(*) FROM activity WHERE event_type = 'error'"), 2);
    QCOMPARE(text(copy.db,
                 "SELECT a.event_type FROM activity a JOIN usage_records u ON 'u' || u.id = a.rid "
                 "WHERE u.record_key = 'msg_A'"),
        QStringLiteral("cache_hit"));
    QCOMPARE(text(copy.db,
                 "SELECT a.event_type FROM activity a JOIN usage_records u ON 'u' || u.id = a.rid "
                 "WHERE u.record_key = 'msg_N1'"),
        QStringLiteral("cache_miss"));
    // Claude records no requested model nor latency per request.
    QCOMPARE(
        scalar(copy.db,
            "SELECT COUNT(*) FROM usage_records WHERE latency_ms IS NOT NULL OR requested_model IS NOT NULL"),
        0);

    // Read again from the start (a replaced file): nothing new.
    const QByteArray content = readFile(copy.main);
    writeFile(copy.main + QStringLiteral(".new"), content);
    QVERIFY(::rename(QFile::encodeName(copy.main + QStringLiteral(".new")).constData(),
                QFile::encodeName(copy.main).constData())
        == 0);
    const IngestStats second = ingestClaude(copy.db, { copy.root });
    QCOMPARE(second.filesReset, 1);
    QCOMPARE(second.events, 0);
    QCOMPARE(text(copy.db, sql), expected);
    // --no-content keeps the events, not their text.
    QTemporaryDir dir;
    const QString bare = dir.filePath(QStringLiteral("bare.db"));
    ingestClaude(bare, { copy.root }, IngestEngine::Options(), false);
    QCOMPARE(scalar(bare, "SELECT COUNT(*) FROM agent_events WHERE message IS NULL"), 2);
}

QTEST_GUILESS_MAIN(TestIngestEngine)
#include "tst_ingestengine.moc"

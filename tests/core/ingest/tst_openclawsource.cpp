// SPDX-License-Identifier: MIT
// End-to-end ingest of the OpenClaw fixtures (tests/fixtures/openclaw, expected figures worked out in
// its README.md) into a real SQLite file: JSONL transcripts, archives (plain and zstd), the session
// store, the SQLite store of 2026.8+, and every rule of formats.md §5 the adapter applies.
#include "demo/openclawcorpusgenerator.h"
#include "ingest/openclawsource.h"
#include "store/database.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace TestSupport;

namespace {
const QByteArray kMain = "4c1d7e2a-9b3f-4a61-8e20-6f5a4b3c2d1e";
const QByteArray kTriage = "9e3f1b2c-7d4a-4e5f-8a6b-1c2d3e4f5a6b";
const QByteArray kDeep = "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d";
const QByteArray kFork = "5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
const QByteArray kTopic = "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b-topic-42";
const QByteArray kReset = "c0ffee00-1111-4222-8333-444455556666";
const QByteArray kOps = "aa11bb22-0000-4000-8000-000000000001";
const QByteArray kWatcher = "aa11bb22-0000-4000-8000-000000000002";

// The README's totals: 13 requests in 8 sessions.
StoreTotals expectedTotals()
{
    StoreTotals t;
    t.tokens.input = 9700;
    t.tokens.output = 2280;
    t.tokens.cacheRead = 103450;
    t.tokens.cacheWrite5m = 3500;
    t.requests = 13;
    t.sessions = 8;
    t.toolCalls = 4; // call_01, call_02, call_b1, call_s1; nothing from the fork's copy
    t.prompts = 7;
    t.files = 2;
    return t;
}

void execSql(const QString& dbPath, const QByteArray& sql)
{
    sqlite3* db = nullptr;
    QVERIFY(sqlite3_open(QFile::encodeName(dbPath).constData(), &db) == SQLITE_OK);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, sql.constData(), nullptr, nullptr, &message);
    const QByteArray error = message ? QByteArray(message) : QByteArray();
    sqlite3_free(message);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, error.constData());
}

// A writable copy of the fixture with the ops agent's database built from its SQL.
struct Copy
{
    QTemporaryDir dir;
    QString root = dir.filePath(QStringLiteral("state"));
    QString db = dir.filePath(QStringLiteral("am.db"));
    QString mainSessions = root + QStringLiteral("/agents/main/sessions/");
    QString agentDb = root + QStringLiteral("/agents/ops/agent/openclaw-agent.sqlite");
    Copy()
    {
        copyTree(fixturePath(QStringLiteral("openclaw/state")), root);
        QDir().mkpath(root + QStringLiteral("/agents/ops/agent"));
        execSql(agentDb, readFile(fixturePath(QStringLiteral("openclaw/ops-agent.sql"))));
    }
    IngestStats ingest(
        IngestEngine::Options options = IngestEngine::Options(), bool storeContent = true) const
    {
        SourceOptions sourceOptions;
        sourceOptions.storeContent = storeContent;
        const OpenClawSource source({ root }, sourceOptions);
        return ingestSource(db, source, options);
    }
};

qint64 scalar(const QString& dbPath, const QByteArray& sql)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql.toStdString());
    return q.step() ? q.int64(0) : -1;
}

QString text(const QString& dbPath, const QByteArray& sql)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql.toStdString());
    return q.step() ? q.text(0) : QStringLiteral("<no row>");
}

double real(const QString& dbPath, const QByteArray& sql)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql.toStdString());
    return q.step() ? q.real(0) : -1;
}

QByteArray ofSession(const QByteArray& column, const QByteArray& id)
{
    return "SELECT " + column + " FROM sessions WHERE external_id = '" + id + "'";
}

QByteArray line(const QByteArray& json)
{
    return json + '\n';
}
} // namespace

class TestOpenClawSource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rootsFromOptionEnvironmentAndDefaults();
    void discoversTranscriptsArchivesStoresAndDatabases();
    void fixtureTotals();
    void modelsProvidersAndKeys();
    void forkCopiesAreNotCountedTwice();
    void databaseAndArchiveShareKeys();
    void sessionTreeFromStoreHeaderAndSpawnCalls();
    void toolCallsFilesPromptsAndOutput();
    void noContentKeepsLengthsOnly();
    void secondRunParsesNothing();
    void appendedLinesKeepTheCurrentModel();
    void appendedDatabaseRowsAreRead();
    void damagedSeqAndTimesDoNotOverflow();
    void interruptedRunsAddUpToOneRun();
    void interruptedCorpusRunsAddUpToOneRun();
    void errorStopReasonsAreEvents();
};

void TestOpenClawSource::rootsFromOptionEnvironmentAndDefaults()
{
    QTemporaryDir home;
    QDir(home.path()).mkpath(QStringLiteral(".openclaw-work"));
    qputenv("HOME", home.path().toUtf8());
    qunsetenv("OPENCLAW_STATE_DIR");
    qunsetenv("OPENCLAW_DIR");
    const QStringList defaults = OpenClawSource::resolveRoots({});
    for (const char* name :
        { ".openclaw", ".openclaw-work", ".openclaw-dev", ".clawdbot", ".moltbot", ".moldbot" })
        QVERIFY2(defaults.contains(home.filePath(QLatin1String(name))), name);

    qputenv("OPENCLAW_DIR", "/tmp/a,/tmp/b");
    QCOMPARE(OpenClawSource::resolveRoots({}),
        QStringList({ QStringLiteral("/tmp/a"), QStringLiteral("/tmp/b") }));
    qputenv("OPENCLAW_STATE_DIR", "/tmp/s");
    QCOMPARE(OpenClawSource::resolveRoots({}),
        QStringList({ QStringLiteral("/tmp/s"), QStringLiteral("/tmp/a"), QStringLiteral("/tmp/b") }));
    // The option wins over the environment; repeatable and comma-separated.
    QCOMPARE(OpenClawSource::resolveRoots({ QStringLiteral("/x,/y"), QStringLiteral("/z") }),
        QStringList({ QStringLiteral("/x"), QStringLiteral("/y"), QStringLiteral("/z") }));
    qunsetenv("OPENCLAW_STATE_DIR");
    qunsetenv("OPENCLAW_DIR");
}

void TestOpenClawSource::discoversTranscriptsArchivesStoresAndDatabases()
{
    Copy copy;
    // Not transcripts: a backup copy, a lock file, and JSONL in the agent's workspace.
    writeFile(copy.mainSessions + QStringLiteral("x.jsonl.bak"), "{}\n");
    writeFile(copy.mainSessions + QStringLiteral("x.jsonl.lock"), "");
    QDir().mkpath(copy.root + QStringLiteral("/workspace"));
    writeFile(copy.root + QStringLiteral("/workspace/data.jsonl"), "{}\n");
    const OpenClawSource source({ copy.root });
    QStringList names;
    for (const QString& path : source.discoverFiles())
        names << path.mid(copy.root.size() + 1);
    QCOMPARE(names,
        QStringList({
            QStringLiteral("agents/main/sessions/4c1d7e2a-9b3f-4a61-8e20-6f5a4b3c2d1e.jsonl"),
            QStringLiteral("agents/main/sessions/5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e0f.jsonl"),
            QStringLiteral("agents/main/sessions/7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d.jsonl.deleted."
                           "2026-05-04T11-00-00.000Z.zst"),
            QStringLiteral("agents/main/sessions/9e3f1b2c-7d4a-4e5f-8a6b-1c2d3e4f5a6b.jsonl"),
            QStringLiteral("agents/main/sessions/c0ffee00-1111-4222-8333-444455556666.jsonl.reset."
                           "2026-05-03T23-00-00.000Z"),
            QStringLiteral("agents/main/sessions/e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b-topic-42.jsonl"),
            QStringLiteral("agents/main/sessions/sessions.json"),
            QStringLiteral("agents/ops/agent/openclaw-agent.sqlite"),
            QStringLiteral("agents/ops/sessions/aa11bb22-0000-4000-8000-000000000001.jsonl.reset."
                           "2026-05-05T09-30-00.000Z"),
        }));
    QVERIFY(source.hasFiles());
    QCOMPARE(source.kindOf(copy.agentDb), SourceAdapter::UnitKind::Database);
    QCOMPARE(source.kindOf(copy.mainSessions + QStringLiteral("sessions.json")),
        SourceAdapter::UnitKind::Document);
    QCOMPARE(source.kindOf(copy.mainSessions + QLatin1String(kMain) + QStringLiteral(".jsonl")),
        SourceAdapter::UnitKind::Lines);
    // A root may also be the agents/ directory or one agent's sessions/ directory.
    QCOMPARE(OpenClawSource({ copy.root + QStringLiteral("/agents") }).discoverFiles().size(), 9);
    QCOMPARE(OpenClawSource({ copy.mainSessions }).discoverFiles().size(), 7);
}

void TestOpenClawSource::fixtureTotals()
{
    Copy copy;
    const IngestStats stats = copy.ingest();
    QVERIFY2(stats.errors.isEmpty(), qPrintable(stats.errors.join(QLatin1Char('\n'))));
    const StoreTotals totals = storeTotals(copy.db);
    StoreTotals expected = expectedTotals();
    expected.computedCost = totals.computedCost; // pricing is the price book's business
    QVERIFY2(
        totals == expected, qPrintable(describe(totals) + QStringLiteral(" expected ") + describe(expected)));
    // Stored cost.total is the logged cost (cost mode auto); the request with only totalTokens has none.
    QCOMPARE(qRound64(real(copy.db, "SELECT SUM(logged_cost) FROM usage_records") * 1e6), qint64(110495));
    QCOMPARE(scalar(copy.db, "SELECT COUNT(*) FROM usage_records WHERE logged_cost IS NULL"), qint64(1));
    // The truncated line of the main transcript and the event_json that is not JSON.
    QCOMPARE(stats.linesSkipped, qint64(2));
    QCOMPARE(scalar(copy.db, "SELECT SUM(lines_skipped) FROM source_files"), qint64(2));
    QCOMPARE(rollupMismatch(copy.db), QString());
    // Per day (UTC), as the parity benchmark compares them.
    QCOMPARE(scalar(copy.db,
                 "SELECT SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_5m_tokens) FROM "
                 "usage_records WHERE date(ts / 1000, 'unixepoch') = '2026-05-04'"),
        qint64(2540 + 870 + 62250 + 1000 + 5200 + 410 + 5200 + 120 + 300 + 600 + 33000 + 500));
}

void TestOpenClawSource::modelsProvidersAndKeys()
{
    Copy copy;
    copy.ingest();
    auto of = [&](const QByteArray& session, const QByteArray& entry, const QByteArray& column) {
        return text(copy.db,
            "SELECT " + column + " FROM usage_records WHERE record_key = 'openclaw:" + session + ':' + entry
                + "'");
    };
    // No model on the message: the current one, from model_change ...
    QCOMPARE(
        of(kMain, "d5e6f7a8", "model || '/' || provider"), QStringLiteral("claude-sonnet-4-5/anthropic"));
    // ... or from a later model-snapshot.
    QCOMPARE(of(kMain, "e6f7a8b9", "model || '/' || provider"), QStringLiteral("gpt-5.4/openai-codex"));
    // Only totalTokens: all output (as ccusage).
    QCOMPARE(of(kMain, "a8b9c0d1", "output_tokens || ' ' || input_tokens"), QStringLiteral("400 0"));
    // Message timestamp (epoch ms) is the request's time.
    QCOMPARE(of(kMain, "c3d4e5f6", "ts"), QStringLiteral("1777888809500"));
    QCOMPARE(of(kMain, "c3d4e5f6", "agent"), QStringLiteral("main"));
    // delivery-mirror copies are no request.
    QCOMPARE(
        scalar(copy.db, "SELECT COUNT(*) FROM usage_records WHERE model = 'delivery-mirror'"), qint64(0));
    QCOMPARE(scalar(copy.db, "SELECT COUNT(*) FROM usage_records WHERE record_key NOT LIKE 'openclaw:%'"),
        qint64(0));
    // The re-emitted copy of e6f7a8b9 at the end of the transcript is stored once.
    QCOMPARE(
        scalar(copy.db, "SELECT COUNT(*) FROM usage_records WHERE record_key LIKE '%:e6f7a8b9'"), qint64(1));
    // zstd archive and the topic transcript, named by their file stem.
    QCOMPARE(scalar(copy.db, ofSession("COUNT(*)", kDeep)), qint64(1));
    QCOMPARE(of(kDeep, "3c4d5e6f", "input_tokens"), QStringLiteral("100"));
    QCOMPARE(of(kTopic, "0a1b2c3d", "output_tokens"), QStringLiteral("25"));
    QCOMPARE(of(kReset, "11223344", "output_tokens"), QStringLiteral("5"));
}

void TestOpenClawSource::forkCopiesAreNotCountedTwice()
{
    Copy copy;
    const IngestStats stats = copy.ingest();
    // The fork starts with copies of the parent's user message and request c3d4e5f6 (older than its
    // header): only its own request counts, and the copied sessions_spawn call is not a call of the fork.
    QCOMPARE(scalar(copy.db,
                 "SELECT COUNT(*) FROM usage_records u JOIN sessions s ON s.id = u.session_id WHERE "
                 "s.external_id = '"
                     + kFork + "'"),
        qint64(1));
    QCOMPARE(
        scalar(copy.db, "SELECT COUNT(*) FROM usage_records WHERE record_key LIKE '%:c3d4e5f6'"), qint64(1));
    QCOMPARE(
        scalar(copy.db,
            "SELECT COUNT(*) FROM tool_calls t JOIN sessions s ON s.id = t.session_id WHERE s.external_id = '"
                + kFork + "'"),
        qint64(0));
    QVERIFY(stats.duplicates >= 1);
    QCOMPARE(text(copy.db,
                 ofSession("(SELECT external_id FROM sessions p WHERE p.id = sessions.parent_id)", kFork)),
        QString::fromLatin1(kMain));
}

void TestOpenClawSource::databaseAndArchiveShareKeys()
{
    Copy copy;
    copy.ingest();
    // 01010101 is both in the published archive and in transcript_events: one row, same key.
    QCOMPARE(scalar(copy.db,
                 "SELECT COUNT(*) FROM usage_records WHERE record_key = 'openclaw:" + kOps + ":01010101'"),
        qint64(1));
    QCOMPARE(scalar(copy.db,
                 "SELECT COUNT(*) FROM usage_records u JOIN sessions s ON s.id = u.session_id WHERE "
                 "s.external_id = '"
                     + kOps + "'"),
        qint64(2));
    // The sub-agent's events are zstd-compressed (event_zstd).
    QCOMPARE(text(copy.db,
                 "SELECT input_tokens || '/' || model FROM usage_records WHERE record_key = 'openclaw:"
                     + kWatcher + ":03030303'"),
        QStringLiteral("400/gpt-5.4"));
}

void TestOpenClawSource::sessionTreeFromStoreHeaderAndSpawnCalls()
{
    Copy copy;
    copy.ingest();
    auto parentOf = [&](const QByteArray& id) {
        return text(copy.db,
            ofSession(
                "COALESCE((SELECT external_id FROM sessions p WHERE p.id = sessions.parent_id), '-')", id));
    };
    QCOMPARE(parentOf(kTriage), QString::fromLatin1(kMain)); // spawnedBy agent:main:main
    QCOMPARE(parentOf(kDeep), QString::fromLatin1(kTriage)); // depth 2
    QCOMPARE(parentOf(kFork), QString::fromLatin1(kMain)); // header parentSession
    QCOMPARE(parentOf(kWatcher), QString::fromLatin1(kOps)); // session_windows.spawned_by
    QCOMPARE(parentOf(kMain), QStringLiteral("-"));
    QCOMPARE(text(copy.db, ofSession("spawn_depth || ' ' || is_sidechain || ' ' || status", kDeep)),
        QStringLiteral("2 1 error"));
    QCOMPARE(
        text(copy.db, ofSession("spawn_depth || ' ' || status", kTriage)), QStringLiteral("1 completed"));
    // Agent = the agents/<agentId>/ directory.
    QCOMPARE(text(copy.db, ofSession("agent", kTriage)), QStringLiteral("main"));
    QCOMPARE(text(copy.db, ofSession("agent", kWatcher)), QStringLiteral("ops"));
    // Titles: session_info.name beats everything, a label beats a first prompt.
    QCOMPARE(text(copy.db, ofSession("title", kMain)), QStringLiteral("Morning inbox"));
    QCOMPARE(text(copy.db, ofSession("title", kTriage)), QStringLiteral("triage"));
    QCOMPARE(text(copy.db, ofSession("title", kDeep)), QStringLiteral("deep check"));
    QCOMPARE(text(copy.db, ofSession("title", kTopic)), QStringLiteral("ops-chat #42"));
    QCOMPARE(text(copy.db, ofSession("title", kWatcher)), QStringLiteral("log watcher"));
    // The sessions_spawn call links to its child, which gets the call's task as its prompt.
    QCOMPARE(text(copy.db,
                 "SELECT c.external_id FROM tool_calls t JOIN sessions c ON c.id = t.child_session_id WHERE "
                 "t.tool_use_id = 'call_01'"),
        QString::fromLatin1(kTriage));
    QCOMPARE(text(copy.db,
                 "SELECT c.external_id FROM tool_calls t JOIN sessions c ON c.id = t.child_session_id WHERE "
                 "t.tool_use_id = 'call_s1'"),
        QString::fromLatin1(kWatcher));
    QCOMPARE(text(copy.db, ofSession("task_prompt || ' / ' || spawn_tool_use_id", kTriage)),
        QStringLiteral("triage newsletters / call_01"));
    QCOMPARE(scalar(copy.db, "SELECT COUNT(*) FROM delegations"), qint64(4));
    QCOMPARE(
        text(copy.db,
            "SELECT parent_trace_id || ' ' || requests || ' ' || tokens_in || ' ' || tokens_out || ' ' || "
            "status FROM traces WHERE trace_id = '"
                + kTriage + "'"),
        QStringLiteral("%1 2 10400 410 completed").arg(QLatin1String(kMain)));
    QCOMPARE(text(copy.db, ofSession("cwd", kOps)), QStringLiteral("/srv/deploy"));
}

void TestOpenClawSource::toolCallsFilesPromptsAndOutput()
{
    Copy copy;
    copy.ingest();
    QCOMPARE(text(copy.db,
                 "SELECT status || ' ' || duration_ms || ' ' || is_error FROM tool_calls WHERE tool_use_id = "
                 "'call_02'"),
        QStringLiteral("error 2500 1"));
    QCOMPARE(
        text(copy.db, "SELECT status || ' ' || duration_ms FROM tool_calls WHERE tool_use_id = 'call_b1'"),
        QStringLiteral("completed 750"));
    QCOMPARE(text(copy.db,
                 "SELECT group_concat(operation || ' ' || path, ', ') FROM (SELECT * FROM file_touches ORDER "
                 "BY path)"),
        QStringLiteral("read /home/ana/notes/todo.md, write /home/ana/notes/triage.md"));
    QCOMPARE(text(copy.db,
                 "SELECT p.text FROM prompts p JOIN sessions s ON s.id = p.session_id WHERE s.external_id = '"
                     + kMain + "'"),
        QStringLiteral("summarise today's inbox"));
    // The last answer text, not the delivery mirror (same text, later) nor a re-emitted copy.
    QCOMPARE(text(copy.db, ofSession("last_output", kMain)), QStringLiteral("Done. Anything else?"));
    QCOMPARE(text(copy.db, ofSession("cwd", kMain)), QStringLiteral("/home/ana/.openclaw/workspace"));
}

void TestOpenClawSource::noContentKeepsLengthsOnly()
{
    Copy copy;
    copy.ingest(IngestEngine::Options(), false);
    QCOMPARE(scalar(copy.db, "SELECT COUNT(*) FROM prompts WHERE text IS NULL AND length > 0"), qint64(7));
    QCOMPARE(scalar(copy.db,
                 "SELECT COUNT(*) FROM sessions WHERE last_output IS NOT NULL OR task_prompt IS NOT NULL"),
        qint64(0));
    QCOMPARE(storeTotals(copy.db).requests, qint64(13));
}

void TestOpenClawSource::secondRunParsesNothing()
{
    Copy copy;
    const IngestStats first = copy.ingest();
    QCOMPARE(first.filesRead, qint64(9));
    const StoreTotals before = storeTotals(copy.db);
    const IngestStats second = copy.ingest();
    QCOMPARE(second.filesUnchanged, qint64(9));
    QCOMPARE(second.linesParsed, qint64(0));
    QVERIFY(storeTotals(copy.db) == before);
}

void TestOpenClawSource::appendedLinesKeepTheCurrentModel()
{
    Copy copy;
    copy.ingest();
    // A message without a model after the resume: the model-snapshot read in the first run applies.
    appendFile(copy.mainSessions + QLatin1String(kMain) + QStringLiteral(".jsonl"),
        line(
            R"({"type":"message","id":"99990001","parentId":"a8b9c0d1","timestamp":"2026-05-04T10:20:00.000Z","message":{"role":"assistant","content":[{"type":"text","text":"Later."}],"usage":{"input":7,"output":3,"cacheRead":0,"cacheWrite":0,"totalTokens":10,"cost":{"total":0.0001}},"stopReason":"stop","timestamp":1777890000000}})"));
    const IngestStats second = copy.ingest();
    QCOMPARE(second.linesParsed, qint64(1));
    QCOMPARE(text(copy.db,
                 "SELECT model || '/' || provider FROM usage_records WHERE record_key LIKE '%:99990001'"),
        QStringLiteral("gpt-5.4/openai-codex"));
    QCOMPARE(storeTotals(copy.db).requests, qint64(14));
    QCOMPARE(text(copy.db, ofSession("last_output", kMain)), QStringLiteral("Later."));
}

void TestOpenClawSource::appendedDatabaseRowsAreRead()
{
    Copy copy;
    copy.ingest();
    // The watcher's next request, written the way 2026.9.6 writes events: plain event_json.
    execSql(copy.agentDb,
        "INSERT INTO transcript_events(session_id, seq, event_json, created_at) VALUES('" + kWatcher
            + "', 4, '{\"type\":\"message\",\"id\":\"04040404\",\"parentId\":\"03030303\",\"timestamp\":"
              "\"2026-05-05T09:01:00.000Z\",\"message\":{\"role\":\"assistant\",\"content\":[],\"usage\":{"
              "\"input\":"
              "11,\"output\":2,\"cacheRead\":400,\"cacheWrite\":0,\"totalTokens\":413},\"timestamp\":"
              "1777971660000}}', "
              "1777971660000)");
    const IngestStats second = copy.ingest();
    QCOMPARE(second.linesParsed, qint64(1)); // only the new row
    QCOMPARE(storeTotals(copy.db).requests, qint64(14));
    QCOMPARE(text(copy.db,
                 "SELECT input_tokens || ' ' || cache_read_tokens FROM usage_records WHERE record_key LIKE "
                 "'%:04040404'"),
        QStringLiteral("11 400"));
    // The model carried from the previous run's state (03030303 named it).
    QCOMPARE(text(copy.db, "SELECT model FROM usage_records WHERE record_key LIKE '%:04040404'"),
        QStringLiteral("gpt-5.4"));
}

void TestOpenClawSource::damagedSeqAndTimesDoNotOverflow()
{
    // A row whose seq is at the int64 limit (a REAL 1e308 reads so) and whose message time is beyond any
    // date: the reader's watermark saturates instead of overflowing, and the line's own ISO time is used.
    Copy copy;
    copy.ingest();
    execSql(copy.agentDb,
        "INSERT INTO transcript_events(session_id, seq, event_json, created_at) VALUES('" + kWatcher
            + "', 9223372036854775807, '{\"type\":\"message\",\"id\":\"05050505\",\"parentId\":\"03030303\","
              "\"timestamp\":\"2026-05-05T09:02:00.000Z\",\"message\":{\"role\":\"assistant\",\"content\":[],"
              "\"usage\":{\"input\":5,\"output\":1,\"cacheRead\":0,\"cacheWrite\":0,\"totalTokens\":6},"
              "\"timestamp\":9223372036854775807}}', 1777971720000)");
    const IngestStats second = copy.ingest();
    QCOMPARE(second.linesParsed, qint64(1));
    QCOMPARE(second.linesSkipped, qint64(0));
    QCOMPARE(text(copy.db, "SELECT ts FROM usage_records WHERE record_key LIKE '%:05050505'"),
        QStringLiteral("1777971720000"));
    QCOMPARE(text(copy.db, "SELECT offset FROM source_files WHERE path LIKE '%openclaw-agent.sqlite'"),
        QStringLiteral("9223372036854775807"));
    QCOMPARE(copy.ingest().linesParsed, qint64(0));
}

void TestOpenClawSource::interruptedRunsAddUpToOneRun()
{
    Copy reference;
    IngestEngine::Options small;
    small.batchRecords = 2;
    const qint64 batches = reference.ingest(small).batches;
    QVERIFY(batches > 10);
    const StoreTotals expected = storeTotals(reference.db);
    const QString expectedDump = storeDump(reference.db);
    QCOMPARE(expected.requests, qint64(13));
    for (qint64 k = 1; k <= batches; ++k) {
        Copy copy;
        IngestEngine::Options cut = small;
        cut.maxBatches = k;
        copy.ingest(cut);
        copy.ingest(small);
        const StoreTotals totals = storeTotals(copy.db);
        QVERIFY2(totals == expected, qPrintable(QStringLiteral("k=%1: ").arg(k) + describe(totals)));
        QCOMPARE(storeDump(copy.db), expectedDump);
        QCOMPARE(rollupMismatch(copy.db), QString());
    }
}

// The same on a generated corpus: many sessions per batch, database sessions cut between checkpoints.
void TestOpenClawSource::interruptedCorpusRunsAddUpToOneRun()
{
    QTemporaryDir dir;
    OpenClawCorpusOptions corpus;
    corpus.outputDir = dir.filePath(QStringLiteral("state"));
    corpus.targetBytes = 600'000;
    corpus.seed = 11;
    const OpenClawCorpusSummary summary = OpenClawCorpusGenerator(corpus).generate();
    const OpenClawSource source({ corpus.outputDir });
    IngestEngine::Options small;
    small.batchRecords = 150;
    const QString referenceDb = dir.filePath(QStringLiteral("reference.db"));
    const qint64 batches = ingestSource(referenceDb, source, small).batches;
    const StoreTotals expected = storeTotals(referenceDb);
    QCOMPARE(expected.requests, summary.usageRequests);
    const QString expectedDump = storeDump(referenceDb);
    for (qint64 k = 1; k <= batches; k += 1 + k / 4) {
        const QString db = dir.filePath(QStringLiteral("cut-%1.db").arg(k));
        IngestEngine::Options cut = small;
        cut.maxBatches = k;
        ingestSource(db, source, cut);
        ingestSource(db, source, small);
        const StoreTotals totals = storeTotals(db);
        QVERIFY2(totals == expected, qPrintable(QStringLiteral("k=%1: ").arg(k) + describe(totals)));
        QCOMPARE(storeDump(db), expectedDump);
    }
}

void TestOpenClawSource::errorStopReasonsAreEvents()
{
    Copy copy;
    const IngestStats first = copy.ingest();
    QCOMPARE(first.events, qint64(2));
    // formats.md §5.2: stopReason "error" with errorMessage, in a transcript (B) and in the SQLite
    // store (S1); key = the entry id, as for usage.
    const QByteArray sql
        = "SELECT group_concat(row, '\n') FROM (SELECT e.event_key || '|' || e.kind || '|' || s.external_id "
          "|| '|' || e.ts || '|' || COALESCE(e.retry_attempt, '-') || '|' || COALESCE(e.model, '-') || '|' "
          "|| "
          "e.agent || '|' || COALESCE(e.message, '-') || '|' || (e.file_id IS NOT NULL) AS row FROM "
          "agent_events e "
          "JOIN sessions s ON s.id = e.session_id ORDER BY e.event_key)";
    const QString expected = QStringLiteral(
        "openclaw:9e3f1b2c-7d4a-4e5f-8a6b-1c2d3e4f5a6b:3d4e5f60|error|9e3f1b2c-7d4a-4e5f-8a6b-1c2d3e4f5a6b|"
        "1777888840000|-|gpt-5.4|main|429 Too Many Requests: rate limit reached for gpt-5.4|1\n"
        "openclaw:aa11bb22-0000-4000-8000-000000000001:51000004|error|aa11bb22-0000-4000-8000-000000000001|"
        "1777971630000|-|claude-sonnet-4-5|ops|529 overloaded_error: Overloaded|1");
    QCOMPARE(text(copy.db, sql), expected);
    // The activity feed: B's 2b3c4d5e read 5000 of 5200 prompt tokens from the cache (a hit), S1's
    // 01010101 wrote 2000 and read none (a miss); OpenClaw records no requested model (see
    // docs/sources/openclaw.md), so no override.
    QCOMPARE(
        text(copy.db,
            "SELECT group_concat(u.record_key || ' ' || a.event_type, ', ') FROM activity a JOIN "
            "usage_records u ON 'u' || u.id = a.rid WHERE u.record_key LIKE '%:2b3c4d5e' OR u.record_key "
            "LIKE '%:01010101'"),
        QStringLiteral("openclaw:9e3f1b2c-7d4a-4e5f-8a6b-1c2d3e4f5a6b:2b3c4d5e cache_hit, "
                       "openclaw:aa11bb22-0000-4000-8000-000000000001:01010101 cache_miss"));
    QCOMPARE(
        scalar(copy.db, "SELECT COUNT(*) FROM activity WHERE event_type IN ('error', 'model_override')"), 2);
    // B replaced by a copy (read again from the start) and a new database row: nothing added twice.
    const QString b = copy.mainSessions + QString::fromLatin1(kTriage) + QStringLiteral(".jsonl");
    writeFile(b + QStringLiteral(".new"), readFile(b));
    QFile::remove(b);
    QVERIFY(QFile::rename(b + QStringLiteral(".new"), b));
    execSql(copy.agentDb,
        "INSERT INTO transcript_events(session_id, seq, event_json, created_at) VALUES('" + kOps
            + "', 8, '{\"type\":\"custom\",\"customType\":\"model-snapshot\",\"id\":\"51000005\","
              "\"parentId\":\"51000004\",\"timestamp\":\"2026-05-05T09:00:40.000Z\",\"data\":{\"provider\":"
              "\"anthropic\",\"modelId\":\"claude-sonnet-4-5\"}}', 1777971640000)");
    const IngestStats second = copy.ingest();
    QCOMPARE(second.filesReset, qint64(1));
    QCOMPARE(second.events, qint64(0));
    QCOMPARE(text(copy.db, sql), expected);
    // --no-content: the events without their text.
    Copy bare;
    bare.ingest(IngestEngine::Options(), false);
    QCOMPARE(scalar(bare.db, "SELECT COUNT(*) FROM agent_events WHERE message IS NULL"), qint64(2));
}

QTEST_GUILESS_MAIN(TestOpenClawSource)
#include "tst_openclawsource.moc"

// SPDX-License-Identifier: MIT
// End-to-end ingest of the Gemini CLI fixture (tests/fixtures/gemini, expected values worked out by
// hand in its README.md) into a real SQLite file: last copy wins per message id, history snapshots and
// the legacy document never count twice, rewound messages stay, sub-agents, tools, projects, resume.
#include "ingest/geminiprojectmap.h"
#include "ingest/geminisource.h"
#include "store/database.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;

namespace {
const QByteArray kA = "5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c";
const QByteArray kSub = "7c1d0e2f-3a4b-4c5d-8e6f-708192a3b4c5";
const QByteArray kB = "9a8b7c6d-1111-4222-8333-944455556666";
const QString kFixture = QStringLiteral("gemini/home/.gemini");

// README.md: 11 requests after last-copy-wins.
StoreTotals expectedTotals()
{
    StoreTotals t;
    t.tokens.input = 48220;
    t.tokens.cacheRead = 69626;
    t.tokens.output = 2743;
    t.tokens.reasoning = 1619;
    t.requests = 11;
    t.sessions = 5;
    t.toolCalls = 7;
    t.prompts = 8;
    t.files = 6;
    return t;
}

// Everything but the cost, which comes from the price book rather than the logs.
bool sameCounts(StoreTotals actual, const StoreTotals& expected)
{
    actual.computedCost = expected.computedCost;
    return actual == expected;
}

qint64 scalar(const QString& dbPath, const QString& sql)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql.toStdString());
    return q.step() ? q.int64(0) : -1;
}

QString text(const QString& dbPath, const QString& sql)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql.toStdString());
    return q.step() ? q.text(0) : QStringLiteral("<none>");
}

QStringList rows(const QString& dbPath, const QString& sql)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql.toStdString());
    QStringList result;
    while (q.step())
        result << q.text(0);
    return result;
}

struct FixtureCopy
{
    QTemporaryDir dir;
    QString root = dir.filePath(QStringLiteral("gemini"));
    QString db = dir.filePath(QStringLiteral("am.db"));
    QString mainA = root + QStringLiteral("/tmp/shop/chats/session-2026-05-04T11-00-5b2e9c1d.jsonl");
    FixtureCopy() { copyTree(fixturePath(kFixture), root); }
};
} // namespace

class TestGeminiSource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fixtureTotals();
    void lastCopyWinsPerMessage();
    void sessionTreeAndTraces();
    void toolCallsAndFiles();
    void promptsTitlesAndOutput();
    void projectRoots();
    void secondRunParsesNothing();
    void appendedCopiesReplaceAndStateResumes();
    void legacyDocumentRewritten();
    void interruptedRunsMatchOneRun();
    void noContent();
    void rootResolution();
    void errorMessagesAreEvents();
};

void TestGeminiSource::fixtureTotals()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    const IngestStats stats = ingestSource(db, GeminiSource({ fixturePath(kFixture) }));
    QCOMPARE(stats.filesSeen, 7);
    QCOMPARE(stats.filesRead, 7);
    QCOMPARE(stats.linesSkipped, 2); // the truncated g-05 and g-06 with a negative count
    QCOMPARE(stats.errors, QStringList());
    const StoreTotals totals = storeTotals(db);
    QVERIFY2(sameCounts(totals, expectedTotals()), qPrintable(describe(totals)));
    QCOMPARE(rollupMismatch(db), QString());
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM usage_records WHERE provider != 'google'")), 0);
    QCOMPARE(
        scalar(db, QStringLiteral("SELECT COUNT(*) FROM usage_records WHERE record_key NOT LIKE 'gemini:%'")),
        0);
    QVERIFY(text(db, QStringLiteral("SELECT last_skip_reason FROM source_files WHERE lines_skipped = 2"))
                .endsWith(QLatin1String("token count out of range")));
}

void TestGeminiSource::lastCopyWinsPerMessage()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingestSource(db, GeminiSource({ fixturePath(kFixture) }));
    // g-01 was written three times (no tokens, executing call, finished call): one request.
    QCOMPARE(
        text(db,
            QStringLiteral("SELECT input_tokens || ' ' || cache_read_tokens || ' ' || output_tokens || ' ' "
                           "|| reasoning_tokens || ' ' || model FROM usage_records WHERE record_key = "
                           "'gemini:%1:g-01'")
                .arg(QString::fromLatin1(kA))),
        QStringLiteral("3808 11526 23 919 gemini-3-flash-preview"));
    // g-03 has no model field: the current model (g-02's) applies.
    QCOMPARE(text(db, QStringLiteral("SELECT model FROM usage_records WHERE record_key LIKE '%:g-03'")),
        QStringLiteral("gemini-2.5-pro"));
    // Rewound g-02 and g-03 stay counted; g-07 (tokens null) is no request.
    QCOMPARE(scalar(db,
                 QStringLiteral("SELECT COUNT(*) FROM usage_records WHERE record_key LIKE 'gemini:%1:%'")
                     .arg(QString::fromLatin1(kA))),
        4);
    // Legacy .json, its migrated .jsonl and the $set.messages snapshot: each message once.
    QCOMPARE(scalar(db,
                 QStringLiteral("SELECT COUNT(*) FROM usage_records WHERE record_key LIKE 'gemini:%1:%'")
                     .arg(QString::fromLatin1(kB))),
        3);
    QCOMPARE(scalar(db,
                 QStringLiteral("SELECT SUM(input_tokens) FROM usage_records WHERE record_key LIKE "
                                "'gemini:%1:%'")
                     .arg(QString::fromLatin1(kB))),
        10000);
    // The sub-agent's usage is its own session's, marked as a sidechain.
    QCOMPARE(scalar(db,
                 QStringLiteral("SELECT COUNT(*) FROM usage_records u JOIN sessions s ON s.id = "
                                "u.session_id WHERE s.external_id = '%1' AND u.is_sidechain = 1")
                     .arg(QString::fromLatin1(kSub))),
        2);
}

void TestGeminiSource::sessionTreeAndTraces()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingestSource(db, GeminiSource({ fixturePath(kFixture) }));
    const QStringList sessions = rows(db,
        QStringLiteral(
            "SELECT substr(s.external_id, 1, 8) || ' <- ' || COALESCE(substr(p.external_id, 1, 8), "
            "'-') || ' [' || s.agent || '] ' || COALESCE(s.title, '') || ' | ' || "
            "COALESCE(s.spawn_tool_use_id, '') || ' ' || s.is_sidechain FROM sessions s LEFT JOIN "
            "sessions p ON p.id = s.parent_id ORDER BY s.external_id"));
    const QStringList expected = {
        QStringLiteral("5b2e9c1d <- - [main] Add refund endpoint |  0"),
        QStringLiteral(
            "7c1d0e2f <- 5b2e9c1d [codebase_investigator] find the refund tests | invoke_agent-5 1"),
        QStringLiteral("9a8b7c6d <- - [main] Fix the login bug |  0"),
        QStringLiteral("c3c3c3c3 <- - [main] summarise my meeting notes |  0"),
        QStringLiteral("d4d4d4d4 <- - [main] hello |  0"),
    };
    QCOMPARE(sessions, expected);
    QCOMPARE(text(db,
                 QStringLiteral("SELECT c.external_id FROM tool_calls t JOIN sessions c ON c.id = "
                                "t.child_session_id WHERE t.tool_use_id = 'invoke_agent-5'")),
        QString::fromLatin1(kSub));
    // traces: the sub-agent's invocation with its own tokens (in = fresh + cache read, out = output +
    // reasoning), started by the spawning call.
    QCOMPARE(text(db,
                 QStringLiteral("SELECT parent_agent || ' ' || subagent_type || ' ' || status || ' ' || "
                                "tokens_in || ' ' || tokens_out || ' ' || requests || ' ' || prompt_input || "
                                "' ' || prompt_output FROM traces WHERE trace_id = '%1'")
                     .arg(QString::fromLatin1(kSub))),
        QStringLiteral("main codebase_investigator completed 11000 600 2 find the refund tests Found "
                       "tests/test_refunds.py"));
    QCOMPARE(text(db,
                 QStringLiteral("SELECT parent_session_id || ' ' || parent_agent || ' ' || child_agent FROM "
                                "delegations")),
        QString::fromLatin1(kA) + QStringLiteral(" main codebase_investigator"));
    // The resume stub shares the session id: no sixth session, and its start widens the session.
    QCOMPARE(text(db,
                 QStringLiteral("SELECT datetime(last_ts / 1000, 'unixepoch') FROM sessions WHERE "
                                "external_id = '%1'")
                     .arg(QString::fromLatin1(kB))),
        QStringLiteral("2026-05-06 08:00:40"));
}

void TestGeminiSource::toolCallsAndFiles()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingestSource(db, GeminiSource({ fixturePath(kFixture) }));
    const QStringList calls = rows(db,
        QStringLiteral(
            "SELECT tool_use_id || ' ' || name || ' ' || status || ' ' || is_error || ' ' || "
            "COALESCE(duration_ms, -1) || ' ' || COALESCE(file_operation, '-') FROM tool_calls ORDER BY "
            "start_ts, id"));
    const QStringList expected = {
        QStringLiteral("read_file-1 read_file completed 0 2500 read"),
        QStringLiteral("write_file-2 write_file completed 0 10000 write"),
        QStringLiteral("replace-3 replace error 1 15000 edit"),
        QStringLiteral("run_shell_command-4 run_shell_command interrupted 0 20000 -"),
        QStringLiteral("invoke_agent-5 invoke_agent completed 0 60000 -"),
        QStringLiteral("grep-1 grep completed 0 1000 search"),
        QStringLiteral("read_many_files-1 read_many_files completed 0 3000 read"),
    };
    QCOMPARE(calls, expected);
    const QStringList files = rows(
        db, QStringLiteral("SELECT operation || ' ' || path FROM file_touches ORDER BY path, operation"));
    const QStringList expectedFiles = {
        QStringLiteral("read /home/ana/src/legacy-app/auth/hash.py"),
        QStringLiteral("read /home/ana/src/legacy-app/auth/login.py"),
        QStringLiteral("edit /home/ana/src/shop/api/orders.py"),
        QStringLiteral("read /home/ana/src/shop/api/orders.py"),
        QStringLiteral("write /home/ana/src/shop/api/refunds.py"),
        QStringLiteral("search /home/ana/src/shop/tests"),
    };
    QCOMPARE(files, expectedFiles);
}

void TestGeminiSource::promptsTitlesAndOutput()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingestSource(db, GeminiSource({ fixturePath(kFixture) }));
    QCOMPARE(
        rows(db,
            QStringLiteral("SELECT p.uuid || ' ' || p.length || ' ' || p.text FROM prompts p JOIN sessions s "
                           "ON s.id = p.session_id WHERE s.external_id = '%1' ORDER BY p.ts")
                .arg(QString::fromLatin1(kA))),
        QStringList({ QStringLiteral("u-01 25 explain the orders module"),
            QStringLiteral("u-02 25 now add a refund endpoint"),
            QStringLiteral("u-03 32 add a refund endpoint with tests") }));
    // l-u1 is in the .json, the .jsonl and the snapshot: one prompt.
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM prompts WHERE uuid = 'l-u1'")), 1);
    QCOMPARE(text(db,
                 QStringLiteral("SELECT last_output FROM sessions WHERE external_id = '%1'")
                     .arg(QString::fromLatin1(kA))),
        QStringLiteral("The refund endpoint and its tests are in place."));
    QCOMPARE(text(db,
                 QStringLiteral("SELECT last_output FROM sessions WHERE external_id = '%1'")
                     .arg(QString::fromLatin1(kB))),
        QStringLiteral("Added tests/test_login.py."));
}

void TestGeminiSource::projectRoots()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingestSource(db, GeminiSource({ fixturePath(kFixture) }));
    // registry slug, registry root hashed (old hash dir), .project_root marker, metadata directories.
    QCOMPARE(rows(db,
                 QStringLiteral("SELECT substr(external_id, 1, 8) || ' ' || cwd FROM sessions ORDER BY "
                                "external_id")),
        QStringList(
            { QStringLiteral("5b2e9c1d /home/ana/src/shop"), QStringLiteral("7c1d0e2f /home/ana/src/shop"),
                QStringLiteral("9a8b7c6d /home/ana/src/legacy-app"),
                QStringLiteral("c3c3c3c3 /home/ana/notes"), QStringLiteral("d4d4d4d4 /home/ana/scratch") }));
    QCOMPARE(GeminiProjectMap::hashOf("/home/ana/src/legacy-app"),
        QStringLiteral("81ff67d02a8b72c1d70274f85ebea9563d219562cad0e3d642b0880ca0c89bcc"));
}

void TestGeminiSource::secondRunParsesNothing()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    const GeminiSource source({ fixturePath(kFixture) });
    ingestSource(db, source);
    const IngestStats second = ingestSource(db, source);
    QCOMPARE(second.filesUnchanged, 7);
    QCOMPARE(second.linesParsed, 0);
    QCOMPARE(second.batches, 0);
    const StoreTotals totals = storeTotals(db);
    QVERIFY2(sameCounts(totals, expectedTotals()), qPrintable(describe(totals)));
}

void TestGeminiSource::appendedCopiesReplaceAndStateResumes()
{
    FixtureCopy copy;
    const GeminiSource source({ copy.root });
    ingestSource(copy.db, source);
    // A later copy of g-04 with other counts replaces it; g-08 has no model and no metadata line before
    // it in this read: session id and model come from the saved parser state.
    appendFile(copy.mainA,
        QByteArrayLiteral(
            R"({"id":"g-04","timestamp":"2026-05-04T11:03:30.000Z","type":"gemini","content":"","model":"gemini-2.5-pro","tokens":{"input":23000,"output":900,"cached":1000,"thoughts":50,"tool":12,"total":23962}})"
            "\n"
            R"({"id":"g-08","timestamp":"2026-05-04T11:06:00.000Z","type":"gemini","content":"ok","tokens":{"input":100,"output":10,"cached":0,"thoughts":0,"tool":0,"total":110}})"
            "\n"));
    const IngestStats second = ingestSource(copy.db, source);
    QCOMPARE(second.filesRead, 1);
    QCOMPARE(second.linesParsed, 2);
    QCOMPARE(second.usageReplaced, 1);
    QCOMPARE(second.usageInserted, 1);
    StoreTotals expected = expectedTotals();
    expected.requests += 1;
    // g-04: 22012/0/800/50 -> 22012/1000/900/50; g-08 adds 100/0/10/0.
    expected.tokens.input += 100;
    expected.tokens.cacheRead += 1000;
    expected.tokens.output += 100 + 10;
    const StoreTotals totals = storeTotals(copy.db);
    QVERIFY2(sameCounts(totals, expected), qPrintable(describe(totals)));
    QCOMPARE(rollupMismatch(copy.db), QString());
    QCOMPARE(text(copy.db,
                 QStringLiteral("SELECT model FROM usage_records WHERE record_key = 'gemini:%1:g-08'")
                     .arg(QString::fromLatin1(kA))),
        QStringLiteral("gemini-2.5-pro"));
}

void TestGeminiSource::legacyDocumentRewritten()
{
    QTemporaryDir dir;
    const QString chats = dir.filePath(QStringLiteral("g/tmp/p1/chats"));
    QVERIFY(QDir().mkpath(chats));
    const QString path = chats + QStringLiteral("/session-2026-05-01T10-00-aaaaaaaa.json");
    auto document = [](int messages) -> QByteArray {
        QByteArray json
            = R"({"sessionId":"aaaaaaaa-0000-4000-8000-000000000000","projectHash":"p1",)"
              R"("startTime":"2026-05-01T10:00:00.000Z","lastUpdated":"2026-05-01T10:05:00.000Z",)"
              R"("messages":[)";
        for (int i = 1; i <= messages; ++i) {
            if (i > 1)
                json += ",\n  ";
            json += R"({"id":"m)" + QByteArray::number(i) + R"(","timestamp":"2026-05-01T10:0)"
                + QByteArray::number(i)
                + R"(:00.000Z","type":"gemini","content":"","model":"gemini-2.5-flash",)"
                + R"("tokens":{"input":1000,"output":10,"cached":400,"thoughts":5,"tool":0,"total":1015}})";
        }
        return json + "]}\n";
    };
    writeFile(path, document(2));
    const QString db = dir.filePath(QStringLiteral("am.db"));
    const GeminiSource source({ dir.filePath(QStringLiteral("g")) });
    ingestSource(db, source);
    QCOMPARE(storeTotals(db).requests, 2);
    writeFile(path, document(3)); // rewritten whole by the CLI
    const IngestStats second = ingestSource(db, source);
    QCOMPARE(second.filesRead, 1);
    QCOMPARE(second.usageInserted, 1);
    const StoreTotals totals = storeTotals(db);
    QCOMPARE(totals.requests, 3);
    QCOMPARE(totals.tokens.input, 3 * 600);
    QCOMPARE(totals.tokens.cacheRead, 3 * 400);
    QCOMPARE(totals.tokens.reasoning, 3 * 5);
}

void TestGeminiSource::interruptedRunsMatchOneRun()
{
    QTemporaryDir dir;
    const QString reference = dir.filePath(QStringLiteral("ref.db"));
    const GeminiSource source({ fixturePath(kFixture) });
    IngestEngine::Options small;
    small.batchRecords = 3;
    const IngestStats full = ingestSource(reference, source, small);
    QVERIFY(full.batches > 4);
    const StoreTotals expected = storeTotals(reference);
    QVERIFY2(sameCounts(expected, expectedTotals()), qPrintable(describe(expected)));
    const QString expectedDump = storeDump(reference);
    for (qint64 k = 1; k < full.batches; ++k) {
        const QString db = dir.filePath(QStringLiteral("k%1.db").arg(k));
        IngestEngine::Options interrupted = small;
        interrupted.maxBatches = k;
        ingestSource(db, source, interrupted);
        ingestSource(db, source, small);
        const StoreTotals totals = storeTotals(db);
        QVERIFY2(totals == expected, qPrintable(QStringLiteral("k=%1: %2").arg(k).arg(describe(totals))));
        QCOMPARE(storeDump(db), expectedDump);
        QCOMPARE(rollupMismatch(db), QString());
    }
}

void TestGeminiSource::noContent()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    SourceOptions options;
    options.storeContent = false;
    ingestSource(db, GeminiSource({ fixturePath(kFixture) }, options));
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM prompts WHERE text IS NOT NULL")), 0);
    QCOMPARE(
        scalar(db, QStringLiteral("SELECT SUM(length) FROM prompts")), 25 + 25 + 32 + 21 + 38 + 26 + 37 + 5);
    QCOMPARE(scalar(db,
                 QStringLiteral("SELECT COUNT(*) FROM sessions WHERE last_output IS NOT NULL OR "
                                "task_prompt IS NOT NULL OR title_rank = 1")),
        0);
    const StoreTotals totals = storeTotals(db);
    QVERIFY2(sameCounts(totals, expectedTotals()), qPrintable(describe(totals)));
}

void TestGeminiSource::rootResolution()
{
    const QByteArray home = qgetenv("HOME");
    qunsetenv("GEMINI_DATA_DIR");
    qunsetenv("GEMINI_CLI_HOME");
    qputenv("HOME", "/home/test");
    QCOMPARE(GeminiSource::resolveRoots({}), QStringList({ QStringLiteral("/home/test/.gemini/tmp") }));
    qputenv("GEMINI_CLI_HOME", "/srv/cli");
    QCOMPARE(GeminiSource::resolveRoots({}), QStringList({ QStringLiteral("/srv/cli/.gemini/tmp") }));
    qputenv("GEMINI_DATA_DIR", "/data/a/tmp, /data/b");
    QCOMPARE(GeminiSource::resolveRoots({}),
        QStringList({ QStringLiteral("/data/a/tmp"), QStringLiteral("/data/b") }));
    // Explicit entries win: a ~/.gemini dir or its tmp dir, repeated or comma-separated.
    QCOMPARE(
        GeminiSource::resolveRoots({ QStringLiteral("/x/.gemini,/y/tmp"), QStringLiteral("/z/.gemini") }),
        QStringList({ QStringLiteral("/x/.gemini/tmp"), QStringLiteral("/y/tmp"),
            QStringLiteral("/z/.gemini/tmp") }));
    qunsetenv("GEMINI_DATA_DIR");
    qunsetenv("GEMINI_CLI_HOME");
    qputenv("HOME", home);
}

void TestGeminiSource::errorMessagesAreEvents()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    const QString home = dir.filePath(QStringLiteral("gemini"));
    copyTree(fixturePath(kFixture), home);
    const GeminiSource source({ home });
    const IngestStats first = ingestSource(db, source);
    QCOMPARE(first.events, 1);
    // formats.md §6.2: a `type:"error"` message; its model is the session's current one (g-04's).
    const QString sql = QStringLiteral(
        "SELECT e.event_key || '|' || e.kind || '|' || s.external_id || '|' || e.ts || '|' || "
        "COALESCE(e.retry_attempt, '-') || '|' || COALESCE(e.model, '-') || '|' || e.agent || '|' || "
        "COALESCE(e.message, '-') || '|' || (e.byte_offset > 0) || '|' || (f.path LIKE '%5b2e9c1d.jsonl') "
        "FROM agent_events e JOIN sessions s ON s.id = e.session_id JOIN source_files f ON f.id = e.file_id");
    const QStringList expected = { QStringLiteral("gemini:5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c:e-01|error|"
                                                  "5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c|1777892705000|-|"
                                                  "gemini-2.5-pro|main|[API Error: got status: 503 Service "
                                                  "Unavailable. The model is overloaded. Please try "
                                                  "again later.]|1|1") };
    QCOMPARE(rows(db, sql), expected);
    // The activity feed: g-01 read 11526 of 15334 prompt tokens from the cache (a hit), l-g1 2000 of
    // 8000 (a miss), g-04 none (a plain call); the error beside them.
    QCOMPARE(
        rows(db,
            QStringLiteral("SELECT u.record_key || ' ' || a.event_type FROM activity a JOIN usage_records u "
                           "ON 'u' || u.id = a.rid WHERE u.record_key LIKE '%:g-01' OR u.record_key LIKE "
                           "'%:l-g1' OR u.record_key LIKE '%:g-04' ORDER BY u.record_key")),
        QStringList({ QStringLiteral("gemini:5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c:g-01 cache_hit"),
            QStringLiteral("gemini:5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c:g-04 api_call"),
            QStringLiteral("gemini:9a8b7c6d-1111-4222-8333-944455556666:l-g1 cache_miss") }));
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM activity WHERE event_type = 'error'")), 1);
    // The file replaced by a copy (read again from the start): the error is not added twice.
    const QString path = home + QStringLiteral("/tmp/shop/chats/session-2026-05-04T11-00-5b2e9c1d.jsonl");
    const QByteArray content = readFile(path);
    writeFile(path + QStringLiteral(".new"), content);
    QFile::remove(path);
    QVERIFY(QFile::rename(path + QStringLiteral(".new"), path));
    const IngestStats second = ingestSource(db, source);
    QCOMPARE(second.filesReset, 1);
    QCOMPARE(second.events, 0);
    QCOMPARE(rows(db, sql), expected);
    // --no-content: the event without its text.
    const QString bare = dir.filePath(QStringLiteral("bare.db"));
    SourceOptions options;
    options.storeContent = false;
    ingestSource(bare, GeminiSource({ home }, options));
    QCOMPARE(scalar(bare, QStringLiteral("SELECT COUNT(*) FROM agent_events WHERE message IS NULL")), 1);
}

QTEST_GUILESS_MAIN(TestGeminiSource)
#include "tst_geminisource.moc"

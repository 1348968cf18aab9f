// SPDX-License-Identifier: MIT
// End-to-end ingest of the Codex fixtures (tests/fixtures/codex/README.md) into a real SQLite file:
// per-request usage from cumulative totals, re-emits, stale and reset totals, both usage forms of
// Codex 0.169, sub-agent and fork replays, roots and file precedence, titles, tool calls, resume.
#include "domain/sessionupdate.h"
#include "ingest/codexsource.h"
#include "testsupport.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace TestSupport;

namespace {
const QByteArray kA = "019e8a1b-7c2d-7e3f-9a4b-5c6d7e8f9a0b";
const QByteArray kB = "019e8a1d-0000-7a11-8b22-3c44d5e6f701";
const QByteArray kC = "019e9000-1111-7b22-8c33-4d55e6f70812";
const QByteArray kD = "019ea000-2222-7c33-8d44-5e66f7081923";
const QByteArray kE = "5f3a2b1c-3333-4d44-9e55-6f7708192a34";
const QByteArray kF = "019eb000-4444-7e55-8f66-708192a3b445";
const QString kPathA = QStringLiteral(
    "sessions/2026/05/04/rollout-2026-05-04T11-02-03-019e8a1b-7c2d-7e3f-9a4b-5c6d7e8f9a0b.jsonl");
const QString kPathB = QStringLiteral(
    "sessions/2026/05/04/rollout-2026-05-04T11-04-00-019e8a1d-0000-7a11-8b22-3c44d5e6f701.jsonl");

// Worked out by hand in tests/fixtures/codex/README.md.
StoreTotals expectedBasic()
{
    StoreTotals t;
    t.tokens.input = 18600;
    t.tokens.cacheRead = 82400;
    t.tokens.output = 1330;
    t.tokens.reasoning = 1570;
    t.requests = 9;
    t.sessions = 6;
    t.toolCalls = 7;
    t.prompts = 6;
    t.files = 2;
    return t;
}

struct Copy
{
    QTemporaryDir dir;
    QString root = dir.filePath(QStringLiteral("codex"));
    QString db = dir.filePath(QStringLiteral("am.db"));
    Copy() { copyTree(fixturePath(QStringLiteral("codex/basic")), root); }
    QString path(const QString& relative) const { return root + QLatin1Char('/') + relative; }
};

IngestStats ingest(
    const QString& db, const QString& root, IngestEngine::Options options = {}, bool storeContent = true)
{
    SourceOptions sourceOptions;
    sourceOptions.storeContent = storeContent;
    const CodexSource source({ root }, sourceOptions);
    return ingestSource(db, source, options);
}

// Every row of a query, columns joined with '|' (NULL as empty).
QStringList rows(const QString& dbPath, const QByteArray& sql)
{
    sqlite3* db = nullptr;
    QStringList result;
    if (sqlite3_open_v2(dbPath.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return result;
    }
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, sql.constData(), -1, &q, nullptr) != SQLITE_OK) {
        qWarning("%s: %s", sqlite3_errmsg(db), sql.constData());
        sqlite3_close(db);
        return result;
    }
    while (sqlite3_step(q) == SQLITE_ROW) {
        QStringList columns;
        for (int i = 0; i < sqlite3_column_count(q); ++i) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(q, i));
            columns << (text ? QString::fromUtf8(text) : QString());
        }
        result << columns.join(QLatin1Char('|'));
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return result;
}

QString one(const QString& dbPath, const QByteArray& sql)
{
    const QStringList r = rows(dbPath, sql);
    return r.isEmpty() ? QString() : r.first();
}

QString shortIds(QString text)
{
    for (const auto& [id, name] :
        { std::pair { kA, "A" }, { kB, "B" }, { kC, "C" }, { kD, "D" }, { kE, "E" }, { kF, "F" } })
        text.replace(QString::fromLatin1(id), QLatin1String(name));
    return text;
}

QStringList shortIds(QStringList lines)
{
    for (QString& line : lines)
        line = shortIds(line);
    return lines;
}

// The lines of a file as written, each with its '\n'.
QList<QByteArray> linesOf(const QString& path)
{
    QList<QByteArray> lines;
    const QByteArray data = readFile(path);
    qsizetype start = 0;
    while (start < data.size()) {
        const qsizetype end = data.indexOf('\n', start);
        lines << data.mid(start, end - start + 1);
        start = end + 1;
    }
    return lines;
}

// A rollout of thread id begun on 2026-05-07 at 10:00 UTC: its session_meta line, then linesAfterMeta.
void writeRollout(const Copy& copy, const QByteArray& id, const QByteArray& linesAfterMeta)
{
    writeFile(copy.path(QStringLiteral("sessions/2026/05/07/rollout-2026-05-07T10-00-00-") + QString::fromLatin1(id)
                  + QStringLiteral(".jsonl")),
        "{\"timestamp\":\"2026-05-07T10:00:00.000Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"" + id
            + "\",\"timestamp\":\"2026-05-07T10:00:00.000Z\",\"cwd\":\"/work/x\",\"cli_version\":\"0.98.0\"}}\n"
            + linesAfterMeta);
}
} // namespace

class TestCodexSource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rootsFromOptionEnvironmentAndDefault();
    void discoveryPrefersSessionsAndPlainCopies();
    void discoveryKeepsTheFirstPathOfEqualCopies();
    void fixtureTotals();
    void perSessionUsage();
    void sessionTree();
    void toolCallsAndFiles();
    void tracesAndDelegations();
    void promptsTitlesAndOutputs();
    void noContentStoresNoText();
    void stateDatabaseTitles();
    void damagedNumbersReadAsUnknown();
    void nameGivenBeforeTheRolloutExists();
    void secondRunParsesNothing();
    void appendedLinesResumeWithState_data();
    void appendedLinesResumeWithState();
    void killAndResumeGivesTheSameStore();
    void childReadBeforeItsParent();
};

void TestCodexSource::rootsFromOptionEnvironmentAndDefault()
{
    const QByteArray savedHome = qgetenv("HOME"), savedCodex = qgetenv("CODEX_HOME");
    qputenv("HOME", "/home/ana");
    qputenv("CODEX_HOME", "/env/one, /env/two");
    QCOMPARE(CodexSource::resolveRoots({ QStringLiteral("/x/a,/x/b"), QStringLiteral("/x/c") }),
        QStringList({ QStringLiteral("/x/a"), QStringLiteral("/x/b"), QStringLiteral("/x/c") }));
    QCOMPARE(CodexSource::resolveRoots({}),
        QStringList({ QStringLiteral("/env/one"), QStringLiteral("/env/two") }));
    qunsetenv("CODEX_HOME");
    QCOMPARE(CodexSource::resolveRoots({}), QStringList({ QStringLiteral("/home/ana/.codex") }));
    qputenv("HOME", savedHome);
    if (!savedCodex.isEmpty())
        qputenv("CODEX_HOME", savedCodex);
}

void TestCodexSource::discoveryPrefersSessionsAndPlainCopies()
{
    const QString root = fixturePath(QStringLiteral("codex/basic"));
    QStringList files = CodexSource({ root }).discoverFiles();
    for (QString& file : files)
        file = shortIds(file.mid(root.size() + 1));
    const QStringList expected = {
        QStringLiteral("archived_sessions/rollout-2026-05-05T12-00-00-C.jsonl.zst"), // only copy: compressed
        QStringLiteral("session_index.jsonl"),
        QStringLiteral("sessions/2025/08/01/rollout-2025-08-01T10-00-00-E.jsonl"),
        QStringLiteral("sessions/2026/05/04/rollout-2026-05-04T11-02-03-A.jsonl"), // not the archived copy
        QStringLiteral("sessions/2026/05/04/rollout-2026-05-04T11-04-00-B.jsonl"),
        QStringLiteral("sessions/2026/05/06/rollout-2026-05-06T16-00-00-D.jsonl"), // not its .zst sibling
        QStringLiteral("sessions/2026/05/07/rollout-2026-05-07T10-00-00-F.jsonl"),
    };
    QCOMPARE(files, expected);
    QVERIFY(CodexSource({ root }).hasFiles());
    QVERIFY(!CodexSource({ root + QStringLiteral("/missing") }).hasFiles());
}

void TestCodexSource::discoveryKeepsTheFirstPathOfEqualCopies()
{
    // The same rollout name twice in sessions/ (a copy under another day): the smaller path is read,
    // whichever order the directories list them in; other names are all kept.
    QTemporaryDir dir;
    const QString name
        = QStringLiteral("rollout-2026-05-04T11-02-03-019e9000-1111-7b22-8c33-4d55e6f70812.jsonl");
    const QStringList written = { QStringLiteral("sessions/2026/05/09/") + name,
        QStringLiteral("sessions/2026/05/04/") + name, QStringLiteral("archived_sessions/") + name,
        QStringLiteral(
            "sessions/2026/05/07/rollout-2026-05-07T10-00-00-019e9000-2222-7b22-8c33-4d55e6f70812.jsonl"),
        QStringLiteral(
            "archived_sessions/rollout-2026-05-01T10-00-00-019e9000-3333-7b22-8c33-4d55e6f70812.jsonl.zst"),
        QStringLiteral("sessions/2026/05/07/notes.jsonl") };
    for (const QString& file : written) {
        QVERIFY(QDir(dir.path()).mkpath(QFileInfo(file).path()));
        QFile out(dir.filePath(file));
        QVERIFY(out.open(QIODevice::WriteOnly));
    }
    QStringList files = CodexSource({ dir.path() }).discoverFiles();
    for (QString& file : files)
        file = file.mid(dir.path().size() + 1);
    QCOMPARE(files, QStringList({ written[4], written[1], written[3] }));
}

void TestCodexSource::fixtureTotals()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    const IngestStats stats = ingest(db, fixturePath(QStringLiteral("codex/basic")));
    QCOMPARE(stats.filesSeen, 7);
    QCOMPARE(stats.linesSkipped, 1); // the legacy file's cut-off line
    QCOMPARE(stats.usageInserted, 9);
    const StoreTotals totals = storeTotals(db);
    QVERIFY2(
        totals ==
            [&] {
                StoreTotals expected = expectedBasic();
                expected.computedCost = totals.computedCost; // not a fixture fact: the price book's
                return expected;
            }(),
        qPrintable(describe(totals)));
    QCOMPARE(rollupMismatch(db), QString());
    // Every request is priced (gpt-5.4, gpt-5.4-mini, gpt-5.5, gpt-5 are in the price book).
    QCOMPARE(one(db, "SELECT COUNT(*) FROM usage_records WHERE computed_cost IS NULL"), QStringLiteral("0"));
    QCOMPARE(one(db, "SELECT COUNT(*) FROM usage_records WHERE record_key NOT LIKE 'codex:%'"),
        QStringLiteral("0"));
}

void TestCodexSource::perSessionUsage()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingest(db, fixturePath(QStringLiteral("codex/basic")));
    const QStringList perSession = shortIds(rows(db,
        "SELECT s.external_id, u.model, COALESCE(u.provider, ''), COUNT(*), SUM(u.input_tokens), "
        "SUM(u.cache_read_tokens), SUM(u.output_tokens), SUM(u.reasoning_tokens), SUM(u.is_sidechain) "
        "FROM usage_records u JOIN sessions s ON s.id = u.session_id GROUP BY s.external_id, u.model "
        "ORDER BY s.external_id, u.model"));
    const QStringList expected = shortIds(QStringList {
        // A: 3 requests; the re-emit, the stale total and the rate-limit event add nothing.
        QStringLiteral("%1|gpt-5.4|openai|3|4200|28800|300|600|0").arg(QString::fromLatin1(kA)),
        // B: the replayed T1, T2 are the parent's; B1 and the genuine reset B2 (its re-emit dropped).
        QStringLiteral("%1|gpt-5.4-mini|openai|2|5600|7400|200|150|2").arg(QString::fromLatin1(kB)),
        // C: a fork replaying A's whole history, stale and re-emitted totals included; only C1 is its own.
        QStringLiteral("%1|gpt-5.4|openai|1|1000|11000|100|300|0").arg(QString::fromLatin1(kC)),
        // D: token_usage_record and token_count describe the same two responses.
        QStringLiteral("%1|gpt-5.5|openai|2|7000|35000|700|500|0").arg(QString::fromLatin1(kD)),
        // F: no turn_context ever: gpt-5 as ccusage; no total_tokens: total = input + output.
        QStringLiteral("%1|gpt-5|openai|1|800|200|30|20|0").arg(QString::fromLatin1(kF)),
    });
    QCOMPARE(perSession, expected);
    // The idempotency key is the thread id with the thread total vector.
    QCOMPARE(shortIds(one(db, "SELECT record_key FROM usage_records ORDER BY ts LIMIT 1")),
        QStringLiteral("codex:A:11020,9600,301,220,11321"));
    QCOMPARE(shortIds(one(db,
                 "SELECT record_key FROM usage_records WHERE ts = "
                 "(SELECT MAX(ts) FROM usage_records WHERE session_id = "
                 "(SELECT id FROM sessions WHERE external_id LIKE '019ea000%'))")),
        QStringLiteral("codex:D:42000,35000,1200,500,43200"));
}

void TestCodexSource::sessionTree()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingest(db, fixturePath(QStringLiteral("codex/basic")));
    const QStringList tree = shortIds(rows(db,
        "SELECT s.external_id, COALESCE(p.external_id, '-'), COALESCE(s.agent, ''), COALESCE(s.spawn_depth, "
        "0), "
        "COALESCE(s.spawn_tool_use_id, ''), s.is_sidechain, COALESCE(s.cwd, ''), COALESCE(s.git_branch, ''), "
        "COALESCE(s.agent_version, '') FROM sessions s LEFT JOIN sessions p ON p.id = s.parent_id ORDER BY "
        "s.first_ts"));
    const QStringList expected = {
        QStringLiteral("E|-|main|0||0||old-main|"),
        QStringLiteral("A|-|main|0||0|/home/ana/src/shop|main|0.142.5"),
        QStringLiteral("B|A|explorer|1|call_spawn1|1|/home/ana/src/shop|main|0.142.5"),
        QStringLiteral("C|A|fork|0||0|/home/ana/src/shop|main|0.142.5"),
        QStringLiteral("D|-|main|0||0|/home/ana/src/shop|main|0.169.0"),
        QStringLiteral("F|-|main|0||0|/home/ana/src/shop|main|0.142.5"),
    };
    QCOMPARE(tree, expected);
    // Dates come from the lines (UTC), not from the local-time path: B's replayed lines are older.
    QCOMPARE(one(db, "SELECT first_ts FROM sessions WHERE external_id LIKE '019e8a1b%'"),
        QString::number(QDateTime::fromString(QStringLiteral("2026-05-04T09:02:03.512Z"), Qt::ISODateWithMs)
                            .toMSecsSinceEpoch()));
}

void TestCodexSource::toolCallsAndFiles()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingest(db, fixturePath(QStringLiteral("codex/basic")));
    const QStringList calls = shortIds(rows(db,
        "SELECT s.external_id, t.tool_use_id, t.name, t.status, COALESCE(t.duration_ms, -1), "
        "COALESCE(c.external_id, '') FROM tool_calls t JOIN sessions s ON s.id = t.session_id LEFT JOIN "
        "sessions c ON c.id = t.child_session_id ORDER BY t.start_ts"));
    const QStringList expected = {
        QStringLiteral("E|call_e1|shell|completed|-1|"), // legacy lines carry no times
        QStringLiteral("A|call_7QxA|exec_command|completed|730|"),
        QStringLiteral("A|call_9Pz|apply_patch|completed|1500|"),
        QStringLiteral("A|call_spawn1|spawn_agent|completed|400|B"),
        QStringLiteral("B|call_b1|exec_command|completed|250|"),
        QStringLiteral("A|call_pt|exec_command|error|9000|"),
        QStringLiteral("A|call_mcp1|mcp__docs__search|completed|2500|"),
    };
    QCOMPARE(calls, expected);
    // Files from the patch headers (the patch_apply_end changes name the same two); shell commands
    // are not files.
    QCOMPARE(rows(db, "SELECT path, operation FROM file_touches ORDER BY path"),
        QStringList({ QStringLiteral("api/orders.py|edit"), QStringLiteral("api/pager.py|write") }));
}

void TestCodexSource::tracesAndDelegations()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingest(db, fixturePath(QStringLiteral("codex/basic")));
    QCOMPARE(shortIds(rows(db,
                 "SELECT parent_session_id, parent_agent, child_agent, child_session_id FROM "
                 "delegations ORDER BY child_session_id")),
        QStringList({ QStringLiteral("A|main|explorer|B"), QStringLiteral("A|main|fork|C") }));
    QCOMPARE(shortIds(one(db,
                 "SELECT session_id, subagent_type, status, prompt_input, prompt_output, requests "
                 "FROM traces WHERE trace_id LIKE '019e8a1d%'")),
        QStringLiteral("A|explorer|completed|Find the callers of list_orders|list_orders is called from "
                       "api/views.py|2"));
    // A parent's usage with its sub-agents: A 3 + B 2 + C 1.
    QCOMPARE(
        one(db,
            "SELECT SUM(t.requests) FROM session_descendants d JOIN session_totals t ON t.session_id = "
            "d.session_id WHERE d.root_id = (SELECT id FROM sessions WHERE external_id LIKE '019e8a1b%')"),
        QStringLiteral("6"));
}

void TestCodexSource::promptsTitlesAndOutputs()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingest(db, fixturePath(QStringLiteral("codex/basic")));
    QCOMPARE(shortIds(rows(db,
                 "SELECT s.external_id, p.text FROM prompts p JOIN sessions s ON s.id = p.session_id "
                 "ORDER BY s.external_id, p.ts")),
        QStringList({ QStringLiteral("A|add pagination to /orders"),
            QStringLiteral("B|Find the callers of list_orders"), // the replayed parent prompt is not B's
            QStringLiteral("C|try cursor pagination instead"), QStringLiteral("D|summarise the changelog"),
            QStringLiteral("F|hi"),
            QStringLiteral("E|list the files") })); // legacy: from the message item, harness text skipped
    QCOMPARE(shortIds(rows(db,
                 "SELECT external_id, COALESCE(title, ''), COALESCE(last_output, ''), "
                 "COALESCE(status, '') FROM sessions ORDER BY external_id")),
        QStringList({ QStringLiteral("A|Orders pagination|Added page parameter and tests.|completed"),
            QStringLiteral(
                "B|Find the callers of list_orders|list_orders is called from api/views.py|completed"),
            QStringLiteral("C|try cursor pagination instead||"),
            QStringLiteral("D|summarise the changelog|Three breaking changes.|completed"),
            QStringLiteral("F|hi||"), QStringLiteral("E|list the files||") }));
}

void TestCodexSource::noContentStoresNoText()
{
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("am.db"));
    ingest(db, fixturePath(QStringLiteral("codex/basic")), {}, false);
    QCOMPARE(one(db, "SELECT COUNT(*), SUM(text IS NULL), SUM(length) FROM prompts"),
        QStringLiteral("6|6|%1").arg(25 + 31 + 29 + 23 + 14 + 2));
    QCOMPARE(
        one(db, "SELECT COUNT(*) FROM sessions WHERE last_output IS NOT NULL OR task_prompt IS NOT NULL"),
        QStringLiteral("0"));
    // A name the user gave is kept: it is not content of the conversation.
    QCOMPARE(one(db, "SELECT title FROM sessions WHERE external_id LIKE '019e8a1b%'"),
        QStringLiteral("Orders pagination"));
}

void TestCodexSource::stateDatabaseTitles()
{
    Copy copy;
    sqlite3* state = nullptr;
    QCOMPARE(
        sqlite3_open(copy.path(QStringLiteral("state_5.sqlite")).toUtf8().constData(), &state), SQLITE_OK);
    const QByteArray sql = "PRAGMA journal_mode=WAL;"
                           "CREATE TABLE threads(id TEXT PRIMARY KEY, rollout_path TEXT, created_at INTEGER, "
                           "updated_at INTEGER, title TEXT, cwd TEXT);"
                           "INSERT INTO threads VALUES('"
        + kD
        + "', '', 1778076000, 1778076010, 'Changelog summary', '');"
          "INSERT INTO threads VALUES('"
        + kA
        + "', '', 1777885323, 1777885400, 'state title of A', '');"
          "INSERT INTO threads VALUES('019effff-0000-7000-8000-000000000001', '', 1, 2, 'no rollout', '');";
    QCOMPARE(sqlite3_exec(state, sql.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(state);

    const IngestStats stats = ingest(copy.db, copy.root);
    QCOMPARE(stats.filesSeen, 8);
    QCOMPARE(stats.filesFailed, 0);
    const QByteArray titles = "SELECT external_id, title FROM sessions WHERE external_id IN ('" + kA + "', '"
        + kD + "', '019effff-0000-7000-8000-000000000001') ORDER BY external_id";
    QCOMPARE(shortIds(rows(copy.db, titles)),
        QStringList({ QStringLiteral("A|Orders pagination"), // the user's name outranks the database's
            QStringLiteral("D|Changelog summary") }));
    // Read-only: no row changes. (A read-only open of a WAL database may create the empty -wal that
    // Codex itself keeps, which changes the fingerprint once.)
    ingest(copy.db, copy.root);
    const IngestStats again = ingest(copy.db, copy.root);
    QCOMPARE(again.linesParsed, 0);
    QCOMPARE(one(copy.db, "SELECT COUNT(*) FROM sessions"), QStringLiteral("6"));
}

void TestCodexSource::damagedNumbersReadAsUnknown()
{
    // Numbers far beyond any time (INT64_MAX, milliseconds written where seconds belong) read as unknown:
    // nothing overflows, and a damaged row of the state database does not hide the titles after it.
    Copy copy;
    const QByteArray id = "019ec000-5555-7f66-8a77-8192a3b4c556";
    writeRollout(copy, id,
        "{\"timestamp\":\"2026-05-07T10:00:05.000Z\",\"type\":\"event_msg\",\"payload\":{\"type\":"
              "\"mcp_tool_call_end\",\"call_id\":\"call_big\",\"invocation\":{\"server\":\"docs\",\"tool\":"
              "\"search\"},\"duration\":{\"secs\":9223372036854775807,\"nanos\":0},\"result\":{\"Ok\":{}}}}"
              "\n");
    QFile index(copy.path(QStringLiteral("session_index.jsonl")));
    QVERIFY(index.open(QIODevice::Append));
    index.write("{\"id\":\"" + id + "\",\"thread_name\":\"Named\",\"updated_at\":9223372036854775807}\n");
    index.close();
    sqlite3* state = nullptr;
    QCOMPARE(
        sqlite3_open(copy.path(QStringLiteral("state_5.sqlite")).toUtf8().constData(), &state), SQLITE_OK);
    auto exec = [state](const QByteArray& sql) {
        QCOMPARE(sqlite3_exec(state, sql.constData(), nullptr, nullptr, nullptr), SQLITE_OK);
    };
    exec("CREATE TABLE threads(id TEXT PRIMARY KEY, updated_at INTEGER, title TEXT);"
         "INSERT INTO threads VALUES('"
        + kD + "', 1778076010000, 'milliseconds for seconds');");

    ingest(copy.db, copy.root);
    // The call's duration is unknown: it starts when its end event says it ended.
    QCOMPARE(
        rows(copy.db, "SELECT start_ts, end_ts, duration_ms FROM tool_calls WHERE tool_use_id = 'call_big'"),
        QStringList({ QStringLiteral("1778148005000|1778148005000|0") }));
    QCOMPARE(rows(copy.db, "SELECT title, title_ts FROM sessions WHERE external_id = '" + id + "'"),
        QStringList({ QStringLiteral("Named|0") }));
    QCOMPARE(one(copy.db, "SELECT title FROM sessions WHERE external_id = '" + kD + "'"),
        QStringLiteral("milliseconds for seconds"));
    // A title written after the damaged row is read by the next run, as by a first one.
    exec("INSERT INTO threads VALUES('" + kB + "', 1778076020, 'later title')");
    sqlite3_close(state);
    ingest(copy.db, copy.root);
    QCOMPARE(one(copy.db, "SELECT title FROM sessions WHERE external_id = '" + kB + "'"),
        QStringLiteral("later title"));
    QVERIFY(one(copy.db, "SELECT offset FROM source_files WHERE path LIKE '%state_5.sqlite'").toLongLong()
        <= QDateTime::currentSecsSinceEpoch() + 86400);
}

void TestCodexSource::nameGivenBeforeTheRolloutExists()
{
    // A thread can be named in session_index.jsonl before its rollout exists. The run that reads that line
    // creates no session for it (the thread has no rollout) and moves past it; the run that first reads
    // the rollout gives the thread the name, over its first prompt, without reading the index as lines
    // again.
    Copy copy;
    const QByteArray id = "019ed000-6666-7a77-8b88-92a3b4c5d667";
    QFile index(copy.path(QStringLiteral("session_index.jsonl")));
    QVERIFY(index.open(QIODevice::Append));
    index.write("{\"id\":\"" + id
        + "\",\"thread_name\":\"Named early\",\"updated_at\":\"2026-05-07T09:59:00Z\"}\n"
          "{\"id\":\""
        + id + "\",\"thread_name\":\"  \",\"updated_at\":\"2026-05-07T09:59:30Z\"}\n");
    index.close();
    ingest(copy.db, copy.root);
    QCOMPARE(one(copy.db, "SELECT COUNT(*) FROM sessions WHERE external_id = '" + id + "'"), QStringLiteral("0"));

    writeRollout(copy, id,
        "{\"timestamp\":\"2026-05-07T10:00:01.000Z\",\"type\":\"event_msg\",\"payload\":{\"type\":"
              "\"user_message\",\"message\":\"write the changelog\",\"images\":[]}}\n");
    const IngestStats second = ingest(copy.db, copy.root);
    QCOMPARE(second.linesParsed, 2);
    // The blank name after it is no name: the earlier one stands, as when both lines are read in a run.
    QCOMPARE(rows(copy.db, "SELECT title, title_rank, title_ts FROM sessions WHERE external_id = '" + id + "'"),
        QStringList({ QStringLiteral("Named early|%1|1778147940000").arg(int(SessionUpdate::CustomTitle)) }));

    // A fresh store reading both at once gives the same.
    const QString fresh = copy.dir.filePath(QStringLiteral("fresh.db"));
    ingest(fresh, copy.root);
    QCOMPARE(rows(fresh, "SELECT title, title_ts FROM sessions WHERE external_id = '" + id + "'"),
        QStringList({ QStringLiteral("Named early|1778147940000") }));
}

void TestCodexSource::secondRunParsesNothing()
{
    Copy copy;
    ingest(copy.db, copy.root);
    const StoreTotals first = storeTotals(copy.db);
    const IngestStats again = ingest(copy.db, copy.root);
    QCOMPARE(again.linesParsed, 0);
    QCOMPARE(again.filesUnchanged, again.filesSeen);
    QVERIFY(storeTotals(copy.db) == first);
}

void TestCodexSource::appendedLinesResumeWithState_data()
{
    // A child's rollout begins once its parent's history up to the spawn is on disk; a cut parent with
    // complete children is no state a real home is in, so A is cut without its children present.
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("cut");
    QTest::addColumn<bool>("withChildren");
    for (const QString& file : { kPathA, kPathB }) {
        const int count = int(linesOf(fixturePath(QStringLiteral("codex/basic/") + file)).size());
        for (int cut = 1; cut < count; ++cut)
            QTest::addRow("%s@%d", file == kPathA ? "A" : "B", cut) << file << cut << (file != kPathA);
    }
}

void TestCodexSource::appendedLinesResumeWithState()
{
    // One ingest of the first lines, a second of the rest from the saved cursor and parser state, must
    // store what one run over the whole file stores: the current model, the high-water mark, the
    // replay progress and the provider survive the cut.
    QFETCH(QString, file);
    QFETCH(int, cut);
    QFETCH(bool, withChildren);
    Copy reference;
    Copy copy;
    if (!withChildren) {
        for (const Copy* tree : { &reference, &copy }) {
            QVERIFY(QFile::remove(tree->path(kPathB)));
            QVERIFY(QFile::remove(tree->path(QStringLiteral(
                "archived_sessions/"
                "rollout-2026-05-05T12-00-00-019e9000-1111-7b22-8c33-4d55e6f70812.jsonl.zst"))));
        }
    }
    ingest(reference.db, reference.root);

    const QList<QByteArray> lines = linesOf(copy.path(file));
    QByteArray head, tail;
    for (int i = 0; i < lines.size(); ++i)
        (i < cut ? head : tail) += lines[i];
    writeFile(copy.path(file), head);
    ingest(copy.db, copy.root);
    appendFile(copy.path(file), tail);
    const IngestStats second = ingest(copy.db, copy.root);
    QCOMPARE(second.filesReset, 0);
    const StoreTotals totals = storeTotals(copy.db);
    QVERIFY2(totals == storeTotals(reference.db), qPrintable(describe(totals)));
    QCOMPARE(storeDump(copy.db), storeDump(reference.db));
    QCOMPARE(rollupMismatch(copy.db), QString());
}

void TestCodexSource::killAndResumeGivesTheSameStore()
{
    QTemporaryDir reference;
    IngestEngine::Options small;
    small.batchRecords = 2;
    ingest(reference.filePath(QStringLiteral("am.db")), fixturePath(QStringLiteral("codex/basic")), small);
    const StoreTotals expected = storeTotals(reference.filePath(QStringLiteral("am.db")));
    const QString expectedDump = storeDump(reference.filePath(QStringLiteral("am.db")));
    QVERIFY2(expected.tokens == expectedBasic().tokens, qPrintable(describe(expected)));
    for (int batches = 1; batches < 40; ++batches) {
        Copy copy;
        IngestEngine::Options cut = small;
        cut.maxBatches = batches;
        const IngestStats first = ingest(copy.db, copy.root, cut);
        ingest(copy.db, copy.root, small);
        const StoreTotals totals = storeTotals(copy.db);
        QVERIFY2(totals == expected,
            qPrintable(QStringLiteral("after %1 batches: %2").arg(batches).arg(describe(totals))));
        QCOMPARE(storeDump(copy.db), expectedDump);
        if (first.batches < batches)
            break; // the cut run was already complete
    }
}

void TestCodexSource::childReadBeforeItsParent()
{
    // The replay is recognised from the parent's rollout whatever the reading order: here the child's
    // directory sorts before the parent's.
    Copy copy;
    const QString early = copy.path(QStringLiteral("sessions/2026/05/03"));
    QDir().mkpath(early);
    QVERIFY(QFile::rename(copy.path(kPathB), early + QStringLiteral("/") + QFileInfo(kPathB).fileName()));
    ingest(copy.db, copy.root);
    const StoreTotals totals = storeTotals(copy.db);
    QVERIFY2(totals.tokens == expectedBasic().tokens && totals.requests == 9, qPrintable(describe(totals)));
}

QTEST_GUILESS_MAIN(TestCodexSource)
#include "tst_codexsource.moc"

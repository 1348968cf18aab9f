// SPDX-License-Identifier: MIT
#include "testsupport.h"

#include "ingest/claudesource.h"
#include "ingest/sourceset.h"
#include "pricing/pricebook.h"
#include "store/database.h"
#include "store/storewriterthread.h"
#include "store/tokencolumns.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSet>
#include <QTest>
#include <QTimeZone>

namespace TestSupport {

QString fixturePath(const QString& relative)
{
    QByteArray root = qgetenv("AGENTMETER_FIXTURES");
    if (root.isEmpty())
        root = AGENTMETER_FIXTURES_DIR;
    return QDir(QString::fromLocal8Bit(root)).filePath(relative);
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

void writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(data);
}

void appendFile(const QString& path, const QByteArray& data)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        qFatal("cannot append to %s", qPrintable(path));
    file.write(data);
}

void copyTree(const QString& source, const QString& dest)
{
    QDirIterator it(source, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = QDir(dest).filePath(QDir(source).relativeFilePath(file));
        QDir().mkpath(QFileInfo(target).absolutePath());
        QFile::remove(target);
        if (!QFile::copy(file, target))
            qFatal("cannot copy %s", qPrintable(file));
    }
}

QByteArray ClaudeLine::toJsonl() const
{
    return R"({"parentUuid":null,"isSidechain":false,"userType":"external","cwd":"/home/ana/src/shop","sessionId":")"
        + sessionId + R"(","version":"2.1.140","gitBranch":"main","message":{"model":")" + model
        + R"(","id":")" + messageId
        + R"(","type":"message","role":"assistant","content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":)"
        + QByteArray::number(input) + R"(,"cache_creation_input_tokens":0,"cache_read_input_tokens":)"
        + QByteArray::number(cacheRead) + R"(,"output_tokens":)" + QByteArray::number(output)
        + R"(,"service_tier":"standard"}},"requestId":")" + requestId + R"(","type":"assistant","uuid":")"
        + uuid + R"(","timestamp":")" + time + R"("})" + "\n";
}

void appendClaudeRequests(const QString& root, const QList<QByteArray>& times, qint64 input)
{
    for (const QByteArray& time : times) {
        ClaudeLine line;
        line.messageId = "msg_" + time;
        line.requestId = "req_" + time;
        line.uuid = "u-" + time;
        line.time = time;
        line.input = input;
        appendClaudeLine(root, line);
    }
}

void appendClaudeLine(const QString& root, const ClaudeLine& line)
{
    const QString path = root + QStringLiteral("/projects/-home-ana-src-shop/")
        + QString::fromLatin1(line.sessionId) + QStringLiteral(".jsonl");
    QDir().mkpath(QFileInfo(path).absolutePath());
    appendFile(path, line.toJsonl());
}

namespace {

void appendPagingRequest(const QString& root, const QByteArray& session, const QByteArray& time, qint64 input)
{
    ClaudeLine line;
    line.sessionId = "session-" + session;
    line.time = "2026-05-04T" + time + "Z";
    line.messageId = "msg_" + line.sessionId + line.time;
    line.requestId = "req_" + line.sessionId + line.time;
    line.uuid = "u-" + line.sessionId + line.time;
    line.input = input;
    appendClaudeLine(root, line);
}

} // namespace

void writePagingSessions(const QString& root)
{
    const char* minutesLater[] = { "01:05", "02:01", "03:03", "04:04", "05:02" };
    for (int i = 0; i < 5; ++i) {
        const QByteArray session(1, char('a' + i));
        appendPagingRequest(root, session, "0" + QByteArray::number(i + 1) + ":00:00", (i + 1) * 1000);
        appendPagingRequest(root, session, QByteArray(minutesLater[i]) + ":00", 100);
    }
}

void changePagingSessions(const QString& root)
{
    appendPagingRequest(root, "c", "03:30:00", 10000);
    appendPagingRequest(root, "n", "04:30:00", 4000);
    appendPagingRequest(root, "n", "04:36:00", 600);
    appendPagingRequest(root, "l", "00:30:00", 400);
    appendPagingRequest(root, "l", "00:30:30", 100);
}

QStringList pagingSessionIds(const char* letters)
{
    QStringList ids;
    for (const char* letter = letters; *letter; ++letter)
        ids.append(QStringLiteral("session-") + QLatin1Char(*letter));
    return ids;
}

double uniformRequestCost(const QString& dbPath)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement statement
        = db.prepare("SELECT MIN(computed_cost), MAX(computed_cost) FROM usage_records");
    statement.step();
    return statement.real(0) == statement.real(1) ? statement.real(0) : -1;
}

IngestBatch usageBatch(const QByteArray& messageId, qint64 output)
{
    IngestBatch batch;
    batch.sourceId = 1;
    SessionUpdate& session = batch.session("s1");
    session.widen(1777885926480);
    UsageRecord record;
    record.sessionExternalId = "s1";
    record.sessionIndex = 0;
    record.timestampMs = 1777885926480;
    record.model = "claude-sonnet-4-5-20250929";
    record.tokens.input = 10;
    record.tokens.output = output;
    record.recordKey = messageId;
    record.requestId = "req_1";
    batch.usage.push_back(record);
    return batch;
}

IngestStats ingestClaude(
    const QString& dbPath, const QStringList& roots, IngestEngine::Options options, bool storeContent)
{
    ClaudeFileParser::Options parserOptions;
    parserOptions.storeContent = storeContent;
    return ingestSource(dbPath, ClaudeSource(roots, parserOptions), options);
}

IngestStats ingestSource(
    const QString& dbPath, const SourceAdapter& source, IngestEngine::Options options, StoreWriter::Role role)
{
    IngestStats stats;
    {
        StoreWriterThread writer(dbPath, PriceBook::embedded(), role);
        IngestEngine engine(options);
        stats = engine.run({ &source }, writer);
    }
    const QStringList violations = foreignKeyViolations(dbPath);
    if (!violations.isEmpty())
        QTest::qFail(qPrintable(QStringLiteral("ingest of %1 into %2 left rows naming missing rows: %3")
                                    .arg(source.name(), dbPath, violations.join(QStringLiteral("; ")))),
            __FILE__, __LINE__);
    return stats;
}

QStringList column(const QString& dbPath, std::string_view sql)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql);
    QStringList values;
    while (q.step())
        values << q.text(0);
    return values;
}

QStringList foreignKeyViolations(const QString& dbPath)
{
    return column(dbPath,
        "SELECT \"table\" || ' ' || ifnull(rowid, '-') || ' -> ' || parent FROM pragma_foreign_key_check");
}

StoreTotals storeTotals(const QString& dbPath)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    StoreTotals totals;
    SqliteStatement q = db.prepare(
        "SELECT COALESCE(SUM(input_tokens),0), COALESCE(SUM(output_tokens),0), "
        "COALESCE(SUM(cache_read_tokens),0), "
        "COALESCE(SUM(cache_write_5m_tokens),0), COALESCE(SUM(cache_write_1h_tokens),0), "
        "COALESCE(SUM(reasoning_tokens),0), COUNT(*), COALESCE(SUM(computed_cost),0) FROM usage_records");
    q.step();
    totals.tokens = TokenColumns::read(q, 0);
    totals.requests = q.int64(6);
    totals.computedCost = q.real(7);
    auto count = [&db](const char* sql) {
        SqliteStatement c = db.prepare(sql);
        c.step();
        return c.int64(0);
    };
    totals.sessions = count("SELECT COUNT(*) FROM sessions");
    totals.toolCalls = count("SELECT COUNT(*) FROM tool_calls WHERE status != 'pending'");
    totals.prompts = count("SELECT COUNT(*) FROM prompts");
    totals.files = count("SELECT COUNT(*) FROM file_touches");
    return totals;
}

QString storeDump(const QString& dbPath)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    QStringList lines;
    auto dump = [&](const char* sql) {
        SqliteStatement q = db.prepare(sql);
        while (q.step())
            lines << q.text(0);
    };
    dump("SELECT s.external_id || ' <- ' || COALESCE(p.external_id, '-') || ' [' || COALESCE(s.agent, '') || "
         "'] '"
         " || COALESCE(s.title, '') || ' ' || COALESCE(s.first_ts, 0) || '..' || COALESCE(s.last_ts, 0)"
         " FROM sessions s LEFT JOIN sessions p ON p.id = s.parent_id ORDER BY s.external_id");
    dump("SELECT s.external_id || ' tools ' || t.status || ' ' || COUNT(*) || ' children ' || "
         "COUNT(t.child_session_id)"
         " FROM tool_calls t JOIN sessions s ON s.id = t.session_id GROUP BY s.external_id, t.status ORDER "
         "BY 1");
    dump("SELECT s.external_id || ' ' || t.tool_use_id || ' spawned ' || c.external_id FROM tool_calls t "
         "JOIN sessions s ON s.id = t.session_id JOIN sessions c ON c.id = t.child_session_id ORDER BY 1");
    dump("SELECT 'prompts ' || COUNT(*) FROM prompts");
    dump("SELECT 'file touches ' || COUNT(*) FROM file_touches");
    dump("SELECT 'usage ' || COUNT(*) || ' ' || SUM(input_tokens + output_tokens + cache_read_tokens + "
         "cache_write_5m_tokens + cache_write_1h_tokens) FROM usage_records");
    dump("SELECT 'usage latency ' || COUNT(latency_ms) || ' ' || COALESCE(SUM(latency_ms), 0) || ' requested "
         "' || "
         "COUNT(requested_model) FROM usage_records");
    dump("SELECT 'event ' || e.event_key || ' ' || e.kind || ' ' || s.external_id || ' ' || e.ts || ' ' || "
         "COALESCE(e.retry_attempt, '-') || ' ' || COALESCE(e.model, '-') || ' ' || "
         "length(COALESCE(e.message, '')) "
         "FROM agent_events e JOIN sessions s ON s.id = e.session_id ORDER BY e.event_key");
    return lines.join(QLatin1Char('\n'));
}

QString storeRows(const QString& dbPath)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    const QHash<QString, QString> naturalKey {
        { QStringLiteral("session_id"), QStringLiteral("(SELECT external_id FROM sessions WHERE id = %1)") },
        { QStringLiteral("parent_id"), QStringLiteral("(SELECT external_id FROM sessions WHERE id = %1)") },
        { QStringLiteral("child_session_id"),
            QStringLiteral("(SELECT external_id FROM sessions WHERE id = %1)") },
        { QStringLiteral("file_id"), QStringLiteral("(SELECT path FROM source_files WHERE id = %1)") },
        { QStringLiteral("project_id"), QStringLiteral("(SELECT path FROM projects WHERE id = %1)") },
        { QStringLiteral("tool_call_id"),
            QStringLiteral("(SELECT tool_use_id FROM tool_calls WHERE id = %1)") },
    };
    QStringList tables;
    {
        SqliteStatement q
            = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                         "'sqlite_%' ORDER BY name");
        while (q.step())
            tables << q.text(0);
    }
    QStringList out;
    for (const QString& table : std::as_const(tables)) {
        QStringList columns;
        {
            SqliteStatement q = db.prepare(
                QStringLiteral("SELECT name, pk FROM pragma_table_info('%1')").arg(table).toStdString());
            while (q.step()) {
                const QString name = q.text(0);
                if ((name == QLatin1String("id") && q.int64(1) == 1) || name == QLatin1String("updated_at"))
                    continue;
                const QString value = QStringLiteral("%1.%2").arg(table, name);
                // Sums of costs (rollups) differ in their last bits when the same terms are added in
                // another order: twelve significant digits are kept.
                columns << (naturalKey.contains(name)
                        ? QStringLiteral("quote(%1)").arg(naturalKey.value(name).arg(value))
                        : QStringLiteral(
                            "CASE typeof(%1) WHEN 'real' THEN printf('%.12g', %1) ELSE quote(%1) END")
                              .arg(value));
            }
        }
        QStringList rows;
        SqliteStatement q = db.prepare(QStringLiteral("SELECT %1 FROM %2")
                                           .arg(columns.join(QStringLiteral(" || '|' || ")), table)
                                           .toStdString());
        while (q.step())
            rows << table + QLatin1Char(' ') + q.text(0);
        rows.sort();
        out << rows;
    }
    return out.join(QLatin1Char('\n'));
}

QString linesOnlyInOne(const QString& actual, const QString& expected)
{
    if (actual == expected)
        return {};
    const QStringList a = actual.split(QLatin1Char('\n'));
    const QStringList e = expected.split(QLatin1Char('\n'));
    const QSet<QString> inA(a.cbegin(), a.cend());
    const QSet<QString> inE(e.cbegin(), e.cend());
    QStringList out;
    for (const QString& line : a)
        if (!inE.contains(line) && out.size() < 5)
            out << QStringLiteral("only in actual: ") + line;
    int expectedOnly = 0;
    for (const QString& line : e)
        if (!inA.contains(line) && expectedOnly++ < 5)
            out << QStringLiteral("only in expected: ") + line;
    if (out.isEmpty())
        out << QStringLiteral("the same lines in other numbers or another order (%1 against %2 lines)")
                   .arg(a.size())
                   .arg(e.size());
    return out.join(QLatin1Char('\n'));
}

QString rollupMismatch(const QString& dbPath)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    // Each rollup against a fresh aggregation of usage_records by its owner: the session, or the
    // session's source.
    struct Rollup
    {
        const char* table;
        const char* owner; // the owner's column in the table
        const char* freshOwner; // the owner of a usage record u
    };
    for (const Rollup& rollup : { Rollup { "usage_rollup", "session_id", "u.session_id" },
             Rollup { "source_rollup", "source_id", "s.source_id" } }) {
        const std::string fresh = std::string("SELECT ") + rollup.freshOwner
            + ", u.ts / 900000 AS bucket, COALESCE(u.model, '') AS model, SUM(u.input_tokens), "
              "SUM(u.output_tokens), SUM(u.cache_read_tokens), SUM(u.cache_write_5m_tokens), "
              "SUM(u.cache_write_1h_tokens), SUM(u.reasoning_tokens), COUNT(*), "
              "ROUND(TOTAL(u.computed_cost), 9), SUM(u.computed_cost IS NULL), ROUND(TOTAL(u.logged_cost), "
              "9), "
              "ROUND(TOTAL(COALESCE(u.logged_cost, u.computed_cost)), 9), "
              "SUM(u.logged_cost IS NULL AND u.computed_cost IS NULL) FROM usage_records u "
              "JOIN sessions s ON s.id = u.session_id GROUP BY 1, 2, 3";
        const std::string stored = std::string("SELECT ") + rollup.owner
            + ", bucket, model, input_tokens, output_tokens, cache_read_tokens, "
              "cache_write_5m_tokens, cache_write_1h_tokens, reasoning_tokens, requests, "
              "ROUND(computed_cost, 9), computed_unpriced, ROUND(logged_cost, 9), ROUND(auto_cost, 9), "
              "auto_unpriced FROM "
            + rollup.table;
        for (const auto& [a, b] : { std::pair(&fresh, &stored), std::pair(&stored, &fresh) }) {
            SqliteStatement q = db.prepare(*a + " EXCEPT " + *b);
            if (q.step())
                return QStringLiteral("row only in %1: %2 %3 bucket %4 model %5")
                    .arg(QLatin1String(a == &fresh ? "usage_records" : rollup.table),
                        QLatin1String(rollup.owner))
                    .arg(q.int64(0))
                    .arg(q.int64(1))
                    .arg(q.text(2));
        }
    }
    return {};
}

QString describe(const StoreTotals& t)
{
    return QStringLiteral(
        "in=%1 out=%2 cr=%3 cw5=%4 cw1h=%5 reqs=%6 cost=%7 sessions=%8 tools=%9 prompts=%10 files=%11")
        .arg(t.tokens.input)
        .arg(t.tokens.output)
        .arg(t.tokens.cacheRead)
        .arg(t.tokens.cacheWrite5m)
        .arg(t.tokens.cacheWrite1h)
        .arg(t.requests)
        .arg(t.computedCost, 0, 'f', 9)
        .arg(t.sessions)
        .arg(t.toolCalls)
        .arg(t.prompts)
        .arg(t.files);
}

QDateTime fixtureNow()
{
    return QDateTime(QDate(2026, 5, 6), QTime(12, 0), QTimeZone::utc());
}

void buildFixtureDatabase(const QString& dbPath)
{
    SourceSet::Config config;
    const auto root = [](const char* relative) {
        return QStringList { TestSupport::fixturePath(QLatin1String(relative)) };
    };
    config.roots.insert(QStringLiteral("claude"), root("claude/basic"));
    config.roots.insert(QStringLiteral("codex"), root("codex/basic"));
    config.roots.insert(QStringLiteral("opencode"), root("opencode/basic"));
    config.roots.insert(QStringLiteral("openclaw"), root("openclaw/state"));
    config.roots.insert(QStringLiteral("gemini"), root("gemini/home/.gemini"));
    const SourceSet sources(config);
    // One thread reads every file, in order: the API tests name rows by their ids, which follow the
    // order rows are stored in (the writer thread would read some Codex rollouts first).
    IngestEngine::Options inOrder;
    inOrder.readOnWriter = false;
    for (const SourceAdapter* source : sources.adapters())
        TestSupport::ingestSource(dbPath, *source, inOrder);
}

QProcessEnvironment isolatedEnvironment(const QString& home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QLatin1String("/data"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QLatin1String("/config"));
    // Every source's own variables: a developer's real logs must never leak into a test.
    for (const char* name :
        { "CLAUDE_CONFIG_DIR", "CODEX_HOME", "CODEX_SQLITE_HOME", "OPENCODE_DB", "OPENCODE_DATA_DIR",
            "OPENCLAW_STATE_DIR", "OPENCLAW_DIR", "GEMINI_CLI_HOME", "GEMINI_DATA_DIR" })
        environment.remove(QString::fromLatin1(name));
    environment.remove(QStringLiteral("AGENTMETER_DB"));
    // No display: a bare `agentmeter` prints the report instead of opening the window.
    for (const char* name : { "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM" })
        environment.remove(QString::fromLatin1(name));
    environment.remove(QStringLiteral("AGENTMETER_PRICE_OVERRIDES"));
    return environment;
}

ProcessRun runProcess(
    const QString& program, const QStringList& arguments, const QProcessEnvironment& environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    ProcessRun result;
    result.finished = process.waitForFinished(120000);
    if (result.finished && process.exitStatus() == QProcess::NormalExit)
        result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace TestSupport

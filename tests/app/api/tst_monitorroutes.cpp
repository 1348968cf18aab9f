// SPDX-License-Identifier: MIT
// The routes of monitor-rest-api.md over real HTTP on 127.0.0.1, against the database ingested from
// every source's fixture. Expected values come from the fixtures' READMEs (worked out by hand) or
// from SQL over the raw tables and the schema's own views, never from the routes' code.
#include "apiserver.h"
#include "apitestsupport.h"
#include "store/database.h"
#include "testsupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QVariant>

using namespace ApiTestSupport;

namespace {

// Fixture ids (see tests/fixtures/*/README.md).
const QByteArray kClaudeMain = "7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61";
const QByteArray kClaudeB12 = "7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61:agent-b12";
const QByteArray kCodexA = "019e8a1b-7c2d-7e3f-9a4b-5c6d7e8f9a0b";
const QByteArray kCodexB = "019e8a1d-0000-7a11-8b22-3c44d5e6f701";
const QByteArray kCodexC = "019e9000-1111-7b22-8c33-4d55e6f70812";
const QByteArray kOpenClawA = "4c1d7e2a-9b3f-4a61-8e20-6f5a4b3c2d1e";
const QByteArray kOpenClawB = "9e3f1b2c-7d4a-4e5f-8a6b-1c2d3e4f5a6b";
const QByteArray kOpenClawC = "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d";
const QByteArray kOpenClawD = "5d6e7f80-1a2b-4c3d-8e4f-5a6b7c8d9e0f";
const QByteArray kGeminiA = "5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c";

// 2026-04-07T00:00Z: the first day of days=30 with "now" at 2026-05-06T12:00Z in UTC.
const qint64 kThirtyDaysStart
    = QDateTime(QDate(2026, 4, 7), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();

const QStringList kSessionResources { QStringLiteral("summary"), QStringLiteral("tokens"),
    QStringLiteral("tools"), QStringLiteral("files"), QStringLiteral("agents"), QStringLiteral("timeline"),
    QStringLiteral("prompts"), QStringLiteral("messages"), QStringLiteral("operations"),
    QStringLiteral("cost") };

QJsonObject dataOf(const HttpReply& reply)
{
    return reply.json().value(QStringLiteral("data")).toObject();
}

QJsonArray listOf(const HttpReply& reply)
{
    return reply.json().value(QStringLiteral("data")).toArray();
}

QJsonObject metaOf(const HttpReply& reply)
{
    return reply.json().value(QStringLiteral("meta")).toObject();
}

qint64 msOf(const QJsonValue& iso)
{
    return QDateTime::fromString(iso.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

QJsonObject findBy(const QJsonArray& array, const QString& key, const QString& value)
{
    for (const QJsonValue& item : array) {
        if (item.toObject().value(key).toString() == value)
            return item.toObject();
    }
    return {};
}

void verifyKeys(const QJsonObject& object, const QStringList& keys)
{
    for (const QString& key : keys)
        QVERIFY2(object.contains(key),
            qPrintable(
                QStringLiteral("missing field '%1' in %2")
                    .arg(key, QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)))));
}

} // namespace

class TestMonitorRoutes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sessionsList();
    void sessionsPagination();
    void sessionsSearch();
    void badParameters_data();
    void badParameters();
    void unknownIdsAre404_data();
    void unknownIdsAre404();
    void sessionSummary();
    void sessionTokens();
    void sessionTools();
    void sessionFiles();
    void sessionAgents();
    void sessionCost();
    void sessionTimeline();
    void sessionPrompts();
    void sessionMessages();
    void sessionOperations();
    void sharedExternalId();
    void noContent();
    void tracesMatchTheView();
    void tracesPagination();
    void traceDetail();
    void tracingTree();
    void delegationsMatchTheView();
    void globalStats();
    void dailyStats();
    void latency();

private:
    std::unique_ptr<ApiServer> startServer(const QString& dbPath);
    HttpReply call(const QByteArray& target) { return get(m_server->port(), target); }
    // Independent figures: SQL over the stored tables, with bound values.
    QVariantList row(const char* sql, int columns, const QVariantList& binds = {});
    qint64 scalar(const char* sql, const QVariantList& binds = {})
    {
        return row(sql, 1, binds).value(0).toLongLong();
    }
    double real(const char* sql, const QVariantList& binds = {})
    {
        return row(sql, 1, binds).value(0).toDouble();
    }

    QTemporaryDir m_dir;
    QString m_db;
    Database m_sql;
    std::unique_ptr<ApiServer> m_server;
};

std::unique_ptr<ApiServer> TestMonitorRoutes::startServer(const QString& dbPath)
{
    auto server = std::make_unique<ApiServer>(testConfig(dbPath));
    QString error;
    if (!server->start(&error))
        qWarning("server did not start: %s", qPrintable(error));
    return server;
}

QVariantList TestMonitorRoutes::row(const char* sql, int columns, const QVariantList& binds)
{
    SqliteStatement query = m_sql.prepare(sql);
    for (int i = 0; i < binds.size(); ++i) {
        if (binds[i].typeId() == QMetaType::QString || binds[i].typeId() == QMetaType::QByteArray)
            query.bind(i + 1, binds[i].toString());
        else
            query.bind(i + 1, binds[i].toLongLong());
    }
    QVariantList values;
    if (query.step()) {
        for (int column = 0; column < columns; ++column)
            values.append(query.isNull(column) ? QVariant() : QVariant(query.text(column)));
    }
    return values;
}

void TestMonitorRoutes::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("monitor.db"));
    buildFixtureDatabase(m_db);
    m_sql.open(m_db, Database::Mode::ReadOnly);
    m_server = startServer(m_db);
    QVERIFY(m_server->port() != 0);
}

void TestMonitorRoutes::sessionsList()
{
    const HttpReply reply = call("/api/sessions");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.json().value(QStringLiteral("success")).toBool(), true);
    const QJsonArray sessions = listOf(reply);
    const QJsonObject meta = metaOf(reply);
    // Every fixture session but Codex's legacy E (2025-08-01) was active in the last 30 days.
    const qint64 active = scalar("SELECT COUNT(*) FROM sessions WHERE last_ts >= ?1", { kThirtyDaysStart });
    QCOMPARE(active, scalar("SELECT COUNT(*) FROM sessions") - 1);
    QCOMPARE(meta.value(QStringLiteral("total")).toInteger(), active);
    QCOMPARE(reply.header("x-total-count"), QByteArray::number(active));
    QCOMPARE(meta.value(QStringLiteral("page")).toInt(), 1);
    QCOMPARE(meta.value(QStringLiteral("per_page")).toInt(), 50);
    QCOMPARE(meta.value(QStringLiteral("total_pages")).toInt(), 1);
    QCOMPARE(sessions.size(), active);

    qint64 previous = std::numeric_limits<qint64>::max();
    for (const QJsonValue& value : sessions) {
        const QJsonObject session = value.toObject();
        verifyKeys(session,
            { QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("directory"),
                QStringLiteral("created_at"), QStringLiteral("updated_at"), QStringLiteral("source"),
                QStringLiteral("parent_id"), QStringLiteral("agent"), QStringLiteral("cost"),
                QStringLiteral("tokens"), QStringLiteral("requests") });
        // Most recently active first.
        const qint64 updated = msOf(session.value(QStringLiteral("updated_at")));
        QVERIFY(updated <= previous);
        previous = updated;
    }

    // The Claude main session's own figures (its sub-agents are separate rows), from usage_records.
    const QJsonObject main = findBy(sessions, QStringLiteral("id"), QString::fromLatin1(kClaudeMain));
    QCOMPARE(main.value(QStringLiteral("title")).toString(), QStringLiteral("orders pagination"));
    QCOMPARE(main.value(QStringLiteral("directory")).toString(), QStringLiteral("/home/ana/src/shop"));
    QCOMPARE(main.value(QStringLiteral("source")).toString(), QStringLiteral("claude"));
    QVERIFY(main.value(QStringLiteral("parent_id")).isNull());
    const QVariantList own
        = row("SELECT SUM(u.input_tokens + u.output_tokens + u.cache_read_tokens + "
              "u.cache_write_5m_tokens + u.cache_write_1h_tokens + u.reasoning_tokens), COUNT(*), "
              "SUM(COALESCE(u.logged_cost, u.computed_cost)), MIN(s.first_ts), MAX(s.last_ts) "
              "FROM usage_records u JOIN sessions s ON s.id = u.session_id "
              "WHERE s.external_id = ?1",
            5, { QString::fromLatin1(kClaudeMain) });
    QCOMPARE(main.value(QStringLiteral("tokens")).toInteger(), own[0].toLongLong());
    QCOMPARE(main.value(QStringLiteral("requests")).toInteger(), own[1].toLongLong());
    QVERIFY(qAbs(main.value(QStringLiteral("cost")).toDouble() - own[2].toDouble()) < 1e-9);
    QCOMPARE(msOf(main.value(QStringLiteral("created_at"))), own[3].toLongLong());
    QCOMPARE(msOf(main.value(QStringLiteral("updated_at"))), own[4].toLongLong());
    // A sub-agent names its parent.
    const QJsonObject b12 = findBy(sessions, QStringLiteral("id"), QString::fromLatin1(kClaudeB12));
    QCOMPARE(b12.value(QStringLiteral("parent_id")).toString(), QString::fromLatin1(kClaudeMain));
    QCOMPARE(b12.value(QStringLiteral("agent")).toString(), QStringLiteral("Explore"));

    // days=1: only what was active since 2026-05-06T00:00Z.
    const qint64 today = QDateTime(QDate(2026, 5, 6), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    QCOMPARE(metaOf(call("/api/sessions?days=1")).value(QStringLiteral("total")).toInteger(),
        scalar("SELECT COUNT(*) FROM sessions WHERE last_ts >= ?1", { today }));
    // A wide window includes the 2025 session.
    QCOMPARE(metaOf(call("/api/sessions?days=3650")).value(QStringLiteral("total")).toInteger(),
        scalar("SELECT COUNT(*) FROM sessions"));
}

void TestMonitorRoutes::sessionsPagination()
{
    const qint64 total = scalar("SELECT COUNT(*) FROM sessions WHERE last_ts >= ?1", { kThirtyDaysStart });
    const QJsonArray all = listOf(call("/api/sessions?per_page=200"));
    QCOMPARE(all.size(), total);

    // Pages are slices of one order.
    const HttpReply second = call("/api/sessions?per_page=10&page=2");
    QCOMPARE(listOf(second).size(), 10);
    QCOMPARE(listOf(second).first(), all.at(10));
    QCOMPARE(metaOf(second).value(QStringLiteral("total_pages")).toInteger(), (total + 9) / 10);
    const HttpReply last = call("/api/sessions?per_page=10&page=3");
    QCOMPARE(listOf(last).size(), total - 20);
    QCOMPARE(listOf(last).last(), all.last());

    // Past the end: empty data, the meta still tells the truth.
    const HttpReply past = call("/api/sessions?page=99");
    QCOMPARE(past.status, 200);
    QVERIFY(listOf(past).isEmpty());
    QCOMPARE(metaOf(past).value(QStringLiteral("page")).toInt(), 99);
    QCOMPARE(metaOf(past).value(QStringLiteral("total")).toInteger(), total);
    QCOMPARE(past.header("x-total-count"), QByteArray::number(total));

    // per_page is capped at 200, not refused.
    const HttpReply capped = call("/api/sessions?per_page=500");
    QCOMPARE(capped.status, 200);
    QCOMPARE(metaOf(capped).value(QStringLiteral("per_page")).toInt(), 200);

    // limit caps the total: 5 results in pages of 3.
    const HttpReply limited = call("/api/sessions?limit=5&per_page=3");
    QCOMPARE(listOf(limited).size(), 3);
    QCOMPARE(metaOf(limited).value(QStringLiteral("total")).toInt(), 5);
    QCOMPARE(metaOf(limited).value(QStringLiteral("total_pages")).toInt(), 2);
    QCOMPARE(limited.header("x-total-count"), QByteArray("5"));
    const HttpReply limitedSecond = call("/api/sessions?limit=5&per_page=3&page=2");
    QCOMPARE(listOf(limitedSecond).size(), 2);
    QCOMPARE(listOf(limitedSecond).last(), all.at(4));
    QVERIFY(listOf(call("/api/sessions?limit=5&per_page=3&page=3")).isEmpty());
}

void TestMonitorRoutes::sessionsSearch()
{
    // "pagination": Claude's custom title, Codex A's session_index title, and prompts that say it.
    const HttpReply reply = call("/api/sessions/search?q=pagination");
    QCOMPARE(reply.status, 200);
    const QJsonArray found = listOf(reply);
    const qint64 expected = scalar(
        "SELECT COUNT(*) FROM sessions s LEFT JOIN projects pj ON pj.id = s.project_id WHERE "
        "instr(lower(s.title), 'pagination') OR instr(lower(COALESCE(s.cwd, pj.path)), 'pagination') OR "
        "instr(lower(s.task_prompt), 'pagination') OR EXISTS (SELECT 1 FROM prompts p WHERE p.session_id = "
        "s.id "
        "AND instr(lower(p.text), 'pagination'))");
    QCOMPARE(found.size(), expected);
    QVERIFY(found.size() >= 3);
    const QJsonObject claude = findBy(found, QStringLiteral("id"), QString::fromLatin1(kClaudeMain));
    verifyKeys(claude,
        { QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("directory"),
            QStringLiteral("created_at"), QStringLiteral("updated_at"), QStringLiteral("message_count"),
            QStringLiteral("total_tokens") });
    // Messages = prompts + billed requests; tokens = the session's own.
    QCOMPARE(claude.value(QStringLiteral("message_count")).toInteger(),
        scalar("SELECT (SELECT COUNT(*) FROM prompts WHERE session_id = s.id) + (SELECT COUNT(*) FROM "
               "usage_records WHERE session_id = s.id) FROM sessions s WHERE s.external_id = ?1",
            { QString::fromLatin1(kClaudeMain) }));
    QCOMPARE(claude.value(QStringLiteral("total_tokens")).toInteger(),
        scalar("SELECT SUM(input_tokens + output_tokens + cache_read_tokens + cache_write_5m_tokens + "
               "cache_write_1h_tokens + reasoning_tokens) FROM usage_records u JOIN sessions s ON "
               "s.id = u.session_id WHERE s.external_id = ?1",
            { QString::fromLatin1(kClaudeMain) }));
    QVERIFY(claude.value(QStringLiteral("matched")).toArray().contains(QStringLiteral("title")));

    // Prompt text only: "callers of list_orders" is Codex B's prompt (and its title).
    const QJsonArray callers = listOf(call("/api/sessions/search?q=callers+of"));
    QVERIFY(!findBy(callers, QStringLiteral("id"), QString::fromLatin1(kCodexB)).isEmpty());
    // Case-insensitive for ASCII.
    QCOMPARE(listOf(call("/api/sessions/search?q=PAGINATION")).size(), found.size());

    // Wildcards are literal: '_' only matches an underscore, '%' matches nothing here.
    const qint64 underscores = scalar(
        "SELECT COUNT(*) FROM sessions s LEFT JOIN projects pj ON pj.id = s.project_id WHERE "
        "instr(s.title, '_') OR instr(COALESCE(s.cwd, pj.path), '_') OR instr(s.task_prompt, '_') OR "
        "EXISTS (SELECT 1 FROM prompts p WHERE p.session_id = s.id AND instr(p.text, '_'))");
    QVERIFY(underscores > 0);
    QCOMPARE(listOf(call("/api/sessions/search?q=_&limit=200")).size(), underscores);
    QVERIFY(listOf(call("/api/sessions/search?q=%25")).isEmpty());
    QVERIFY(listOf(call("/api/sessions/search?q=%27%3B+DROP+TABLE+sessions%3B+--")).isEmpty());

    // limit (default 20) and an empty query (the most recent sessions).
    QCOMPARE(listOf(call("/api/sessions/search?q=")).size(), 20);
    QCOMPARE(listOf(call("/api/sessions/search")).size(), 20);
    QCOMPARE(listOf(call("/api/sessions/search?q=pagination&limit=1")).size(), 1);
    QVERIFY(listOf(call("/api/sessions/search?q=no-such-words-anywhere")).isEmpty());
}

void TestMonitorRoutes::badParameters_data()
{
    QTest::addColumn<QByteArray>("target");
    const QList<QByteArray> lists { "/api/sessions", "/api/traces", "/api/delegations" };
    for (const QByteArray& list : lists) {
        for (const char* bad : { "days=0", "days=abc", "days=-3", "page=0", "per_page=-1", "per_page=x",
                 "limit=0", "page=1.5" }) {
            const QByteArray target = QByteArray(list + '?' + bad);
            QTest::newRow(target.constData()) << target;
        }
    }
    for (const QByteArray& target : QList<QByteArray> {
             "/api/tracing/tree?include_tools=maybe",
             "/api/tracing/tree?days=0",
             "/api/tracing/tree?days=abc",
             "/api/global-stats?days=0",
             "/api/global-stats?days=abc",
             "/api/stats/daily?days=0",
             "/api/stats/daily?days=-1",
             "/api/stats/daily?days=abc",
             "/api/sessions/search?limit=abc",
             "/api/sessions/search?limit=0",
             QByteArray("/api/trace/" + kCodexA + "?source=nowhere"),
         })
        QTest::newRow(target.constData()) << target;
    for (const QString& resource : kSessionResources) {
        const QByteArray base = QByteArray("/api/session/" + kCodexA + '/' + resource.toLatin1());
        const QByteArray badSource = base + QByteArray("?source=nowhere");
        QTest::newRow(badSource.constData()) << badSource;
        if (resource != QLatin1String("prompts") && resource != QLatin1String("operations")) {
            const QByteArray badChildren = base + QByteArray("?include_children=maybe");
            QTest::newRow(badChildren.constData()) << badChildren;
        }
    }
    QTest::newRow("timeline limit") << QByteArray("/api/session/" + kCodexA + "/timeline?limit=0");
    QTest::newRow("messages limit") << QByteArray("/api/session/" + kCodexA + "/messages?limit=abc");
    // A bad parameter is refused before the id is looked up.
    QTest::newRow("unknown id, bad parameter")
        << QByteArray("/api/session/nope/summary?include_children=maybe");
}

void TestMonitorRoutes::badParameters()
{
    QFETCH(QByteArray, target);
    const HttpReply reply = call(target);
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
    QCOMPARE(reply.json().value(QStringLiteral("success")).toBool(true), false);
    QVERIFY(!reply.json().value(QStringLiteral("error")).toString().isEmpty());
}

void TestMonitorRoutes::unknownIdsAre404_data()
{
    QTest::addColumn<QByteArray>("target");
    for (const QString& resource : kSessionResources) {
        const QByteArray name = resource.toLatin1();
        QTest::newRow(name.constData()) << QByteArray("/api/session/ses_does_not_exist/" + name);
        // Known id, wrong source.
        const QByteArray other = name + QByteArray(" other source");
        QTest::newRow(other.constData())
            << QByteArray("/api/session/" + kCodexA + '/' + name + "?source=claude");
    }
    QTest::newRow("trace") << QByteArray("/api/trace/ses_does_not_exist");
    QTest::newRow("trace other source") << QByteArray("/api/trace/" + kCodexA + "?source=gemini");
}

void TestMonitorRoutes::unknownIdsAre404()
{
    QFETCH(QByteArray, target);
    const HttpReply reply = call(target);
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.json().value(QStringLiteral("success")).toBool(true), false);
    QVERIFY(!reply.json().value(QStringLiteral("error")).toString().isEmpty());
}

void TestMonitorRoutes::sessionSummary()
{
    const HttpReply reply = call("/api/session/" + kClaudeMain + "/summary");
    QCOMPARE(reply.status, 200);
    const QJsonObject data = dataOf(reply);
    verifyKeys(data,
        { QStringLiteral("meta"), QStringLiteral("summary"), QStringLiteral("details"),
            QStringLiteral("charts") });
    const QJsonObject meta = data.value(QStringLiteral("meta")).toObject();
    verifyKeys(meta,
        { QStringLiteral("session_id"), QStringLiteral("generated_at"), QStringLiteral("title"),
            QStringLiteral("directory") });
    QCOMPARE(meta.value(QStringLiteral("session_id")).toString(), QString::fromLatin1(kClaudeMain));
    QCOMPARE(meta.value(QStringLiteral("generated_at")).toString(), QStringLiteral("2026-05-06T12:00:00Z"));
    QCOMPARE(meta.value(QStringLiteral("title")).toString(), QStringLiteral("orders pagination"));
    QCOMPARE(meta.value(QStringLiteral("directory")).toString(), QStringLiteral("/home/ana/src/shop"));

    // By default the session's figures include its sub-agents: the whole fixture of claude/README.md,
    // 7 requests, 62 + 817 + 92,020 + 2,120 + 300 tokens, $0.087173.
    const QJsonObject summary = data.value(QStringLiteral("summary")).toObject();
    verifyKeys(summary,
        { QStringLiteral("duration_ms"), QStringLiteral("total_tokens"), QStringLiteral("total_tool_calls"),
            QStringLiteral("total_files"), QStringLiteral("unique_agents"),
            QStringLiteral("estimated_cost_usd"), QStringLiteral("status") });
    QCOMPARE(summary.value(QStringLiteral("total_tokens")).toInteger(), 62 + 817 + 92020 + 2120 + 300);
    QVERIFY(qAbs(summary.value(QStringLiteral("estimated_cost_usd")).toDouble() - 0.087173) < 1e-6);
    const QJsonObject details = data.value(QStringLiteral("details")).toObject();
    QCOMPARE(details.value(QStringLiteral("includes_children")).toBool(), true);
    QCOMPARE(details.value(QStringLiteral("requests")).toInt(), 7);
    QCOMPARE(details.value(QStringLiteral("sessions_counted")).toInt(), 5);
    // Events (claude/README.md): one API error and one retry, both in the main transcript; the failed
    // Edit (toolu_E1) is a tool error, and no sub-agent call failed.
    QCOMPARE(details.value(QStringLiteral("api_errors")).toInt(), 1);
    QCOMPARE(details.value(QStringLiteral("retries")).toInt(), 1);
    QCOMPARE(details.value(QStringLiteral("tool_errors")).toInt(), 1);

    // The tree, by the schema's session_descendants view.
    const char* treeSql
        = "WITH d AS (SELECT session_id FROM session_descendants WHERE root_id = "
          "(SELECT id FROM sessions WHERE external_id = ?1)) SELECT "
          "(SELECT COUNT(*) FROM tool_calls WHERE session_id IN (SELECT session_id FROM d)), "
          "(SELECT COUNT(DISTINCT path) FROM file_touches WHERE session_id IN (SELECT session_id FROM d)), "
          "(SELECT COUNT(DISTINCT COALESCE(agent, 'main')) FROM sessions WHERE id IN "
          "(SELECT session_id FROM d)), "
          "(SELECT MAX(last_ts) - MIN(first_ts) FROM sessions WHERE id IN (SELECT session_id FROM d))";
    const QVariantList expected = row(treeSql, 4, { QString::fromLatin1(kClaudeMain) });
    QCOMPARE(summary.value(QStringLiteral("total_tool_calls")).toInteger(), expected[0].toLongLong());
    QCOMPARE(summary.value(QStringLiteral("total_files")).toInteger(), expected[1].toLongLong());
    QCOMPARE(summary.value(QStringLiteral("unique_agents")).toInteger(), expected[2].toLongLong());
    QCOMPARE(summary.value(QStringLiteral("unique_agents")).toInt(),
        4); // main, general-purpose, Explore, subagent
    QCOMPARE(summary.value(QStringLiteral("duration_ms")).toInteger(), expected[3].toLongLong());
    QCOMPARE(summary.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    const QJsonObject charts = data.value(QStringLiteral("charts")).toObject();
    QCOMPARE(charts.value(QStringLiteral("tokens_by_model")).toArray().size(), 3); // sonnet, haiku, opus

    // Without children: the main transcript alone.
    const QJsonObject alone = dataOf(call("/api/session/" + kClaudeMain + "/summary?include_children=false"));
    const QVariantList own
        = row("SELECT SUM(u.input_tokens + u.output_tokens + u.cache_read_tokens + "
              "u.cache_write_5m_tokens + u.cache_write_1h_tokens + u.reasoning_tokens), "
              "SUM(COALESCE(u.logged_cost, u.computed_cost)), MAX(s.last_ts) - MIN(s.first_ts) "
              "FROM usage_records u JOIN sessions s ON s.id = u.session_id WHERE s.external_id = ?1",
            3, { QString::fromLatin1(kClaudeMain) });
    const QJsonObject aloneSummary = alone.value(QStringLiteral("summary")).toObject();
    QCOMPARE(aloneSummary.value(QStringLiteral("total_tokens")).toInteger(), own[0].toLongLong());
    QVERIFY(
        qAbs(aloneSummary.value(QStringLiteral("estimated_cost_usd")).toDouble() - own[1].toDouble()) < 1e-9);
    QCOMPARE(aloneSummary.value(QStringLiteral("duration_ms")).toInteger(), own[2].toLongLong());
    QCOMPARE(aloneSummary.value(QStringLiteral("unique_agents")).toInt(), 1);
    QCOMPARE(aloneSummary.value(QStringLiteral("total_tool_calls")).toInt(), 4);
    QCOMPARE(
        alone.value(QStringLiteral("details")).toObject().value(QStringLiteral("includes_children")).toBool(),
        false);
    QCOMPARE(
        alone.value(QStringLiteral("details")).toObject().value(QStringLiteral("api_errors")).toInt(), 1);
    QCOMPARE(alone.value(QStringLiteral("details")).toObject().value(QStringLiteral("retries")).toInt(), 1);

    // Status: recorded by the agent (OpenClaw C failed), else completed.
    QCOMPARE(dataOf(call("/api/session/" + kOpenClawC + "/summary"))
                 .value(QStringLiteral("summary"))
                 .toObject()
                 .value(QStringLiteral("status"))
                 .toString(),
        QStringLiteral("error"));
}

void TestMonitorRoutes::sessionTokens()
{
    // Codex A alone (codex/README.md): input 4200, cache read 28800, output 300, reasoning 600.
    const QJsonObject alone = dataOf(call("/api/session/" + kCodexA + "/tokens?include_children=false"));
    const QJsonObject totals = alone.value(QStringLiteral("totals")).toObject();
    QCOMPARE(totals.value(QStringLiteral("input")).toInt(), 4200);
    QCOMPARE(totals.value(QStringLiteral("cache_read")).toInt(), 28800);
    QCOMPARE(totals.value(QStringLiteral("output")).toInt(), 300);
    QCOMPARE(totals.value(QStringLiteral("reasoning")).toInt(), 600);
    QCOMPARE(totals.value(QStringLiteral("cache_write")).toInt(), 0);
    QCOMPARE(totals.value(QStringLiteral("total")).toInt(), 4200 + 28800 + 300 + 600);
    QCOMPARE(totals.value(QStringLiteral("requests")).toInt(), 3);
    QCOMPARE(alone.value(QStringLiteral("by_model")).toArray().size(), 1);

    // With its sub-agent B (gpt-5.4-mini: 5600 / 7400 / 200 / 150) and fork C (gpt-5.4: 1000 / 11000 / 100 /
    // 300).
    const QJsonObject tree = dataOf(call("/api/session/" + kCodexA + "/tokens"));
    QCOMPARE(tree.value(QStringLiteral("include_children")).toBool(), true);
    const QJsonArray models = tree.value(QStringLiteral("by_model")).toArray();
    QCOMPARE(models.size(), 2);
    const QJsonObject full = findBy(models, QStringLiteral("model"), QStringLiteral("gpt-5.4"));
    QCOMPARE(full.value(QStringLiteral("input")).toInt(), 4200 + 1000);
    QCOMPARE(full.value(QStringLiteral("cache_read")).toInt(), 28800 + 11000);
    QCOMPARE(full.value(QStringLiteral("output")).toInt(), 300 + 100);
    QCOMPARE(full.value(QStringLiteral("reasoning")).toInt(), 600 + 300);
    QCOMPARE(full.value(QStringLiteral("requests")).toInt(), 4);
    const QJsonObject mini = findBy(models, QStringLiteral("model"), QStringLiteral("gpt-5.4-mini"));
    QCOMPARE(mini.value(QStringLiteral("input")).toInt(), 5600);
    QCOMPARE(mini.value(QStringLiteral("cache_read")).toInt(), 7400);
    QCOMPARE(mini.value(QStringLiteral("output")).toInt(), 200);
    QCOMPARE(mini.value(QStringLiteral("reasoning")).toInt(), 150);
    QCOMPARE(tree.value(QStringLiteral("totals")).toObject().value(QStringLiteral("total")).toInt(),
        33900 + 13350 + 12400);
}

void TestMonitorRoutes::sessionTools()
{
    // Codex A's own calls (codex/README.md): exec 730 ms, apply_patch 1500, spawn_agent 400, exec error
    // 9000, mcp__docs__search 2500.
    const QJsonObject alone = dataOf(call("/api/session/" + kCodexA + "/tools?include_children=false"));
    QCOMPARE(alone.value(QStringLiteral("total_calls")).toInt(), 5);
    QCOMPARE(alone.value(QStringLiteral("total_errors")).toInt(), 1);
    const QJsonArray tools = alone.value(QStringLiteral("tools")).toArray();
    QCOMPARE(tools.size(), 4);
    const QJsonObject exec = findBy(tools, QStringLiteral("name"), QStringLiteral("exec_command"));
    verifyKeys(exec,
        { QStringLiteral("name"), QStringLiteral("count"), QStringLiteral("errors"),
            QStringLiteral("total_duration_ms"), QStringLiteral("avg_duration_ms") });
    QCOMPARE(exec.value(QStringLiteral("count")).toInt(), 2);
    QCOMPARE(exec.value(QStringLiteral("errors")).toInt(), 1);
    QCOMPARE(exec.value(QStringLiteral("total_duration_ms")).toInt(), 9730);
    QCOMPARE(exec.value(QStringLiteral("avg_duration_ms")).toInt(), 4865);
    QCOMPARE(
        tools.first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("exec_command"));

    // With sub-agent B's exec of 250 ms.
    const QJsonObject tree = dataOf(call("/api/session/" + kCodexA + "/tools"));
    QCOMPARE(tree.value(QStringLiteral("total_calls")).toInt(), 6);
    const QJsonObject treeExec = findBy(tree.value(QStringLiteral("tools")).toArray(), QStringLiteral("name"),
        QStringLiteral("exec_command"));
    QCOMPARE(treeExec.value(QStringLiteral("count")).toInt(), 3);
    QCOMPARE(treeExec.value(QStringLiteral("total_duration_ms")).toInt(), 9980);
}

void TestMonitorRoutes::sessionFiles()
{
    // Codex A's apply_patch: api/orders.py edited, api/pager.py written (a second file of the patch).
    const QJsonObject data = dataOf(call("/api/session/" + kCodexA + "/files"));
    QCOMPARE(data.value(QStringLiteral("total_files")).toInt(), 2);
    const QJsonArray files = data.value(QStringLiteral("files")).toArray();
    const QJsonObject orders = findBy(files, QStringLiteral("path"), QStringLiteral("api/orders.py"));
    verifyKeys(orders,
        { QStringLiteral("path"), QStringLiteral("reads"), QStringLiteral("writes"),
            QStringLiteral("edits") });
    QCOMPARE(orders.value(QStringLiteral("edits")).toInt(), 1);
    QCOMPARE(orders.value(QStringLiteral("reads")).toInt(), 0);
    QCOMPARE(findBy(files, QStringLiteral("path"), QStringLiteral("api/pager.py"))
                 .value(QStringLiteral("writes"))
                 .toInt(),
        1);

    // Gemini A and its sub-agent: every file touch of the tree, by the file_touches view.
    const QJsonObject gemini = dataOf(call("/api/session/" + kGeminiA + "/files"));
    const qint64 touches = scalar(
        "SELECT COUNT(*) FROM file_touches WHERE session_id IN (SELECT session_id FROM session_descendants "
        "WHERE root_id = (SELECT id FROM sessions WHERE external_id = ?1))",
        { QString::fromLatin1(kGeminiA) });
    qint64 sum = 0;
    for (const QJsonValue& file : gemini.value(QStringLiteral("files")).toArray())
        sum += file.toObject().value(QStringLiteral("total")).toInteger();
    QCOMPARE(sum, touches);
    const QJsonObject ordersPy = findBy(gemini.value(QStringLiteral("files")).toArray(),
        QStringLiteral("path"), QStringLiteral("/home/ana/src/shop/api/orders.py"));
    QCOMPARE(ordersPy.value(QStringLiteral("reads")).toInt(), 1);
    QCOMPARE(ordersPy.value(QStringLiteral("edits")).toInt(), 1);
}

void TestMonitorRoutes::sessionAgents()
{
    // OpenClaw A: itself, sub-agent B, B's sub-agent C (depth 2) and fork D (openclaw/README.md).
    const QJsonObject data = dataOf(call("/api/session/" + kOpenClawA + "/agents"));
    const QJsonArray agents = data.value(QStringLiteral("agents")).toArray();
    QCOMPARE(agents.size(), 4);
    const QJsonObject b = findBy(agents, QStringLiteral("session_id"), QString::fromLatin1(kOpenClawB));
    verifyKeys(b,
        { QStringLiteral("session_id"), QStringLiteral("agent"), QStringLiteral("tokens"),
            QStringLiteral("cost_usd"), QStringLiteral("parent_session_id"), QStringLiteral("depth") });
    // B: 5000 + 400 + 200 and 200 + 10 + 5000 tokens, logged $0.011 + $0.001.
    QCOMPARE(b.value(QStringLiteral("tokens")).toInt(), 5600 + 5210);
    QVERIFY(qAbs(b.value(QStringLiteral("cost_usd")).toDouble() - 0.012) < 1e-9);
    QCOMPARE(b.value(QStringLiteral("parent_session_id")).toString(), QString::fromLatin1(kOpenClawA));
    QCOMPARE(b.value(QStringLiteral("depth")).toInt(), 1);
    QCOMPARE(b.value(QStringLiteral("tool_calls")).toInt(), 1);
    const QJsonObject c = findBy(agents, QStringLiteral("session_id"), QString::fromLatin1(kOpenClawC));
    QCOMPARE(c.value(QStringLiteral("parent_session_id")).toString(), QString::fromLatin1(kOpenClawB));
    QCOMPARE(c.value(QStringLiteral("depth")).toInt(), 2);
    QCOMPARE(c.value(QStringLiteral("status")).toString(), QStringLiteral("error"));

    // Claude: the Explore sub-agent's type comes from its meta file.
    const QJsonArray claude
        = dataOf(call("/api/session/" + kClaudeMain + "/agents")).value(QStringLiteral("agents")).toArray();
    QCOMPARE(claude.size(), 5);
    QCOMPARE(findBy(claude, QStringLiteral("session_id"), QString::fromLatin1(kClaudeB12))
                 .value(QStringLiteral("agent"))
                 .toString(),
        QStringLiteral("Explore"));
    // Without children only the session itself.
    QCOMPARE(dataOf(call("/api/session/" + kClaudeMain + "/agents?include_children=false"))
                 .value(QStringLiteral("agents"))
                 .toArray()
                 .size(),
        1);
}

void TestMonitorRoutes::sessionCost()
{
    const QJsonObject data = dataOf(call("/api/session/" + kClaudeMain + "/cost"));
    verifyKeys(data,
        { QStringLiteral("session_id"), QStringLiteral("total_cost_usd"), QStringLiteral("breakdown"),
            QStringLiteral("by_agent"), QStringLiteral("cache_savings_usd") });
    QVERIFY(qAbs(data.value(QStringLiteral("total_cost_usd")).toDouble() - 0.087173) < 1e-6);
    const QJsonObject breakdown = data.value(QStringLiteral("breakdown")).toObject();
    for (const char* bucket : { "input", "output", "cache_read", "cache_write" })
        verifyKeys(breakdown.value(QLatin1String(bucket)).toObject(),
            { QStringLiteral("tokens"), QStringLiteral("rate_per_1k"), QStringLiteral("cost_usd") });
    QCOMPARE(breakdown.value(QStringLiteral("input")).toObject().value(QStringLiteral("tokens")).toInt(), 62);
    QCOMPARE(
        breakdown.value(QStringLiteral("output")).toObject().value(QStringLiteral("tokens")).toInt(), 817);
    QCOMPARE(breakdown.value(QStringLiteral("cache_read")).toObject().value(QStringLiteral("tokens")).toInt(),
        92020);
    QCOMPARE(
        breakdown.value(QStringLiteral("cache_write")).toObject().value(QStringLiteral("tokens")).toInt(),
        2420);
    // Every bucket's cost is its tokens at its rate; without long-context prompts their sum is the
    // price book's cost of the session.
    double sum = 0;
    for (const char* bucket : { "input", "output", "cache_read", "cache_write", "reasoning" }) {
        const QJsonObject entry = breakdown.value(QLatin1String(bucket)).toObject();
        sum += entry.value(QStringLiteral("cost_usd")).toDouble();
        if (entry.value(QStringLiteral("tokens")).toInteger() > 0)
            QVERIFY(qAbs(entry.value(QStringLiteral("tokens")).toInteger()
                            * entry.value(QStringLiteral("rate_per_1k")).toDouble() / 1000.0
                        - entry.value(QStringLiteral("cost_usd")).toDouble())
                < 1e-8);
    }
    QVERIFY2(qAbs(sum - 0.087173) < 1e-6, qPrintable(QString::number(sum)));

    // Cache savings at Anthropic's list prices per MTok (fresh input, cache read): Sonnet 4.5 $3 and
    // $0.30, Haiku 4.5 $1 and $0.10, Opus 4.1 $15 and $1.50.
    const auto cacheRead = [this](const char* model) {
        return double(
            scalar("SELECT COALESCE(SUM(u.cache_read_tokens), 0) FROM usage_records u JOIN sessions s ON "
                   "s.id = u.session_id WHERE s.external_id LIKE ?1 AND u.model LIKE ?2",
                { QString(QString::fromLatin1(kClaudeMain) + QLatin1Char('%')),
                    QString(QString::fromLatin1(model) + QLatin1Char('%')) }));
    };
    const double savings
        = (cacheRead("claude-sonnet-4-5") * (3.0 - 0.3) + cacheRead("claude-haiku-4-5") * (1.0 - 0.1)
              + cacheRead("claude-opus-4-1") * (15.0 - 1.5))
        / 1e6;
    QVERIFY(savings > 0);
    QVERIFY2(qAbs(data.value(QStringLiteral("cache_savings_usd")).toDouble() - savings) < 1e-9,
        qPrintable(QString::number(data.value(QStringLiteral("cache_savings_usd")).toDouble(), 'g', 12)
            + u" vs " + QString::number(savings, 'g', 12)));

    // By agent: the sub-agent types of the tree; the costs add up to the total.
    const QJsonArray byAgent = data.value(QStringLiteral("by_agent")).toArray();
    double agentSum = 0;
    for (const QJsonValue& agent : byAgent) {
        verifyKeys(agent.toObject(),
            { QStringLiteral("agent"), QStringLiteral("tokens"), QStringLiteral("estimated_cost_usd") });
        agentSum += agent.toObject().value(QStringLiteral("estimated_cost_usd")).toDouble();
    }
    QVERIFY(qAbs(agentSum - 0.087173) < 1e-6);
    QVERIFY(!findBy(byAgent, QStringLiteral("agent"), QStringLiteral("Explore")).isEmpty());

    // One model: its rates. The Explore sub-agent ran Haiku 4.5 only ($1 / $5 / $0.10 per MTok).
    const QJsonObject haiku
        = dataOf(call("/api/session/" + kClaudeB12 + "/cost")).value(QStringLiteral("breakdown")).toObject();
    QVERIFY(
        qAbs(haiku.value(QStringLiteral("input")).toObject().value(QStringLiteral("rate_per_1k")).toDouble()
            - 0.001)
        < 1e-12);
    QVERIFY(
        qAbs(haiku.value(QStringLiteral("output")).toObject().value(QStringLiteral("rate_per_1k")).toDouble()
            - 0.005)
        < 1e-12);
    QVERIFY(qAbs(haiku.value(QStringLiteral("cache_read"))
                     .toObject()
                     .value(QStringLiteral("rate_per_1k"))
                     .toDouble()
                - 0.0001)
        < 1e-12);

    // OpenClaw logged its own costs: the total is what it logged (and computed where it did not).
    const QJsonObject openclaw = dataOf(call("/api/session/" + kOpenClawA + "/cost?include_children=false"));
    const double openclawCost
        = real("SELECT SUM(COALESCE(u.logged_cost, u.computed_cost)) FROM usage_records u "
               "JOIN sessions s ON s.id = u.session_id WHERE s.external_id = ?1",
            { QString::fromLatin1(kOpenClawA) });
    // Logged: 0.016395 + 0.02 + 0.004; the fourth request (totalTokens only) has the computed cost.
    QVERIFY(openclawCost > 0.016395 + 0.02 + 0.004);
    QVERIFY(qAbs(openclaw.value(QStringLiteral("total_cost_usd")).toDouble() - openclawCost) < 1e-9);
    QCOMPARE(openclaw.value(QStringLiteral("logged_requests")).toInt(), 3);
}

void TestMonitorRoutes::sessionTimeline()
{
    const QJsonObject data = dataOf(call("/api/session/" + kClaudeMain + "/timeline"));
    const QJsonArray events = data.value(QStringLiteral("events")).toArray();
    // The session's own items: prompts, requests, tool calls (two of them spawned b12 and c34), the two
    // sub-agents no call spawned (the inline sidechain and the /btw question), answers, errors.
    const char* countSql
        = "SELECT (SELECT COUNT(*) FROM prompts WHERE session_id = s.id) + (SELECT COUNT(*) FROM "
          "usage_records "
          "WHERE session_id = s.id) + (SELECT COUNT(*) FROM tool_calls WHERE session_id = s.id) + (SELECT "
          "COUNT(*) "
          "FROM sessions ch WHERE ch.parent_id = s.id AND NOT EXISTS (SELECT 1 FROM tool_calls c WHERE "
          "c.child_session_id = ch.id)) + (s.last_output IS NOT NULL) + (SELECT COUNT(*) FROM agent_events "
          "WHERE "
          "session_id = s.id) FROM sessions s WHERE s.external_id = ?1";
    QCOMPARE(qint64(events.size()), scalar(countSql, { QString::fromLatin1(kClaudeMain) }));
    QCOMPARE(data.value(QStringLiteral("total")).toInt(), events.size());
    QCOMPARE(data.value(QStringLiteral("truncated")).toBool(), false);
    qint64 previous = 0;
    QSet<QString> types;
    for (const QJsonValue& value : events) {
        const QJsonObject event = value.toObject();
        verifyKeys(
            event, { QStringLiteral("type"), QStringLiteral("timestamp"), QStringLiteral("session_id") });
        const qint64 ts = msOf(event.value(QStringLiteral("timestamp")));
        QVERIFY(ts >= previous);
        previous = ts;
        types.insert(event.value(QStringLiteral("type")).toString());
    }
    // The item kinds, plus the kinds of the agent events the session holds (claude/README.md: the
    // error a-err1 and the retry sys-err1, both in the main transcript).
    QSet<QString> expectedTypes { QStringLiteral("prompt"), QStringLiteral("request"),
        QStringLiteral("tool_call"), QStringLiteral("subagent_spawn") };
    SqliteStatement kinds = m_sql.prepare("SELECT DISTINCT e.kind FROM agent_events e JOIN sessions s ON "
                                          "s.id = e.session_id WHERE s.external_id = ?1");
    kinds.bind(1, QString::fromLatin1(kClaudeMain));
    while (kinds.step())
        expectedTypes.insert(kinds.text(0));
    QVERIFY(expectedTypes.contains(QStringLiteral("error")));
    QVERIFY(expectedTypes.contains(QStringLiteral("retry")));
    QCOMPARE(types, expectedTypes);
    QCOMPARE(events.first().toObject().value(QStringLiteral("type")).toString(), QStringLiteral("prompt"));
    const QJsonObject spawn
        = findBy(events, QStringLiteral("child_session_id"), QString::fromLatin1(kClaudeB12));
    QCOMPARE(spawn.value(QStringLiteral("tool_use_id")).toString(), QStringLiteral("toolu_T1"));
    QCOMPARE(spawn.value(QStringLiteral("child_agent")).toString(), QStringLiteral("Explore"));
    const QJsonObject failed = findBy(events, QStringLiteral("tool_use_id"), QStringLiteral("toolu_E1"));
    QCOMPARE(failed.value(QStringLiteral("is_error")).toBool(), true);

    // Agent events, one item each, as claude/README.md describes them: the API error (an
    // isApiErrorMessage line of model <synthetic>, so no model, no attempt) and the retry of the
    // system/api_error line (attempt 1, the 529 body's message, no model named).
    int errors = 0;
    int retries = 0;
    for (const QJsonValue& value : events) {
        const QString type = value.toObject().value(QStringLiteral("type")).toString();
        errors += type == QLatin1String("error");
        retries += type == QLatin1String("retry");
    }
    const char* kindSql = "SELECT COUNT(*) FROM agent_events e JOIN sessions s ON s.id = e.session_id "
                          "WHERE s.external_id = ?1 AND e.kind = ?2";
    QCOMPARE(qint64(errors), scalar(kindSql, { QString::fromLatin1(kClaudeMain), QStringLiteral("error") }));
    QCOMPARE(qint64(retries), scalar(kindSql, { QString::fromLatin1(kClaudeMain), QStringLiteral("retry") }));
    QCOMPARE(errors, 1);
    QCOMPARE(retries, 1);
    const QJsonObject error = findBy(events, QStringLiteral("type"), QStringLiteral("error"));
    verifyKeys(error,
        { QStringLiteral("model"), QStringLiteral("message"), QStringLiteral("retry_attempt"),
            QStringLiteral("agent") });
    QCOMPARE(error.value(QStringLiteral("session_id")).toString(), QString::fromLatin1(kClaudeMain));
    QCOMPARE(
        error.value(QStringLiteral("message")).toString(), QStringLiteral("API Error: Rate limit reached"));
    QVERIFY(error.value(QStringLiteral("model")).isNull());
    QVERIFY(error.value(QStringLiteral("retry_attempt")).isNull());
    QCOMPARE(error.value(QStringLiteral("agent")).toString(), QStringLiteral("main"));
    QCOMPARE(msOf(error.value(QStringLiteral("timestamp"))),
        scalar("SELECT ts FROM agent_events WHERE event_key = 'claude:a-err1'"));
    const QJsonObject retry = findBy(events, QStringLiteral("type"), QStringLiteral("retry"));
    QCOMPARE(retry.value(QStringLiteral("message")).toString(), QStringLiteral("529 Overloaded"));
    QCOMPARE(retry.value(QStringLiteral("retry_attempt")).toInt(), 1);
    QVERIFY(retry.value(QStringLiteral("model")).isNull());
    QCOMPARE(retry.value(QStringLiteral("agent")).toString(), QStringLiteral("main"));
    QCOMPARE(msOf(retry.value(QStringLiteral("timestamp"))),
        scalar("SELECT ts FROM agent_events WHERE event_key = 'claude:sys-err1'"));
    // The error came before the retry (09:15:00 and 09:19:58 in the transcript).
    QVERIFY(msOf(error.value(QStringLiteral("timestamp"))) < msOf(retry.value(QStringLiteral("timestamp"))));

    // With children, every session of the tree contributes; limit cuts the list.
    const QJsonObject tree = dataOf(call("/api/session/" + kClaudeMain + "/timeline?include_children=true"));
    QVERIFY(tree.value(QStringLiteral("events")).toArray().size() > events.size());
    const QJsonObject cut = dataOf(call("/api/session/" + kClaudeMain + "/timeline?limit=3"));
    QCOMPARE(cut.value(QStringLiteral("events")).toArray().size(), 3);
    QCOMPARE(cut.value(QStringLiteral("truncated")).toBool(), true);
    QCOMPARE(cut.value(QStringLiteral("events")).toArray().first(), events.first());

    // Claude records no latency and no requested model: null on its requests.
    const QJsonObject claudeRequest = findBy(events, QStringLiteral("type"), QStringLiteral("request"));
    verifyKeys(claudeRequest, { QStringLiteral("latency_ms"), QStringLiteral("requested_model") });
    QVERIFY(claudeRequest.value(QStringLiteral("latency_ms")).isNull());
    QVERIFY(claudeRequest.value(QStringLiteral("requested_model")).isNull());
    // OpenCode's legacy session (opencode/README.md): its one request took 10,000 ms
    // (time.completed - time.created) and answered the sonnet its user message asked for.
    const QJsonArray legacy
        = dataOf(call("/api/session/ses_7a01legacy0001/timeline")).value(QStringLiteral("events")).toArray();
    const QJsonObject legacyRequest = findBy(legacy, QStringLiteral("type"), QStringLiteral("request"));
    QCOMPARE(legacyRequest.value(QStringLiteral("latency_ms")).toInt(), 10000);
    QCOMPARE(legacyRequest.value(QStringLiteral("requested_model")).toString(),
        legacyRequest.value(QStringLiteral("model")).toString());
    QVERIFY(
        legacyRequest.value(QStringLiteral("model")).toString().startsWith(QLatin1String("claude-sonnet")));
}

void TestMonitorRoutes::sessionPrompts()
{
    const QJsonObject claude = dataOf(call("/api/session/" + kClaudeMain + "/prompts"));
    const QJsonObject first = claude.value(QStringLiteral("first_prompt")).toObject();
    QCOMPARE(first.value(QStringLiteral("text")).toString(),
        row("SELECT p.text FROM prompts p JOIN sessions s ON s.id = p.session_id WHERE s.external_id = ?1 "
            "ORDER BY p.ts LIMIT 1",
            1, { QString::fromLatin1(kClaudeMain) })
            .value(0)
            .toString());
    QCOMPARE(first.value(QStringLiteral("from")).toString(), QStringLiteral("prompts"));

    // A sub-agent's first prompt is what its parent asked; its last response is its newest answer.
    const QJsonObject codexB = dataOf(call("/api/session/" + kCodexB + "/prompts"));
    const QVariantList b = row("SELECT task_prompt, last_output FROM sessions WHERE external_id = ?1", 2,
        { QString::fromLatin1(kCodexB) });
    QVERIFY(!b[0].isNull());
    QCOMPARE(codexB.value(QStringLiteral("first_prompt")).toObject().value(QStringLiteral("text")).toString(),
        b[0].toString());
    QCOMPARE(codexB.value(QStringLiteral("first_prompt")).toObject().value(QStringLiteral("from")).toString(),
        QStringLiteral("task_prompt"));
    QCOMPARE(
        codexB.value(QStringLiteral("last_response")).toObject().value(QStringLiteral("text")).toString(),
        b[1].toString());
    // No answer recorded: null.
    QVERIFY(claude.value(QStringLiteral("last_response")).isNull());
}

void TestMonitorRoutes::sessionMessages()
{
    // Codex A: its prompt, three billed requests and its last answer, in order.
    const QJsonObject data = dataOf(call("/api/session/" + kCodexA + "/messages"));
    const QJsonArray messages = data.value(QStringLiteral("messages")).toArray();
    QCOMPARE(messages.size(), 5);
    QCOMPARE(messages.first().toObject().value(QStringLiteral("role")).toString(), QStringLiteral("user"));
    QCOMPARE(messages.first().toObject().value(QStringLiteral("text")).toString(),
        QStringLiteral("add pagination to /orders"));
    int requests = 0;
    qint64 previous = 0;
    for (const QJsonValue& value : messages) {
        const QJsonObject message = value.toObject();
        verifyKeys(message,
            { QStringLiteral("role"), QStringLiteral("kind"), QStringLiteral("timestamp"),
                QStringLiteral("text") });
        QVERIFY(msOf(message.value(QStringLiteral("timestamp"))) >= previous);
        previous = msOf(message.value(QStringLiteral("timestamp")));
        if (message.value(QStringLiteral("kind")).toString() == QLatin1String("request")) {
            ++requests;
            QCOMPARE(message.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-5.4"));
        }
    }
    QCOMPARE(requests, 3);
    const QJsonObject last = messages.last().toObject();
    QCOMPARE(last.value(QStringLiteral("kind")).toString(), QStringLiteral("response"));
    QCOMPARE(last.value(QStringLiteral("text")).toString(),
        row("SELECT last_output FROM sessions WHERE external_id = ?1", 1, { QString::fromLatin1(kCodexA) })
            .value(0)
            .toString());
}

void TestMonitorRoutes::sessionOperations()
{
    // Codex A: five calls, the spawn holding sub-agent B's call; fork C (no spawning call) as a node.
    const QJsonObject data = dataOf(call("/api/session/" + kCodexA + "/operations"));
    QCOMPARE(data.value(QStringLiteral("total_operations")).toInt(), 6);
    const QJsonArray top = data.value(QStringLiteral("operations")).toArray();
    QCOMPARE(top.size(), 6);
    const QJsonObject spawn = findBy(top, QStringLiteral("tool_use_id"), QStringLiteral("call_spawn1"));
    QCOMPARE(spawn.value(QStringLiteral("type")).toString(), QStringLiteral("subagent_spawn"));
    QCOMPARE(spawn.value(QStringLiteral("child_session"))
                 .toObject()
                 .value(QStringLiteral("session_id"))
                 .toString(),
        QString::fromLatin1(kCodexB));
    const QJsonArray nested = spawn.value(QStringLiteral("children")).toArray();
    QCOMPARE(nested.size(), 1);
    QCOMPARE(
        nested.first().toObject().value(QStringLiteral("tool_use_id")).toString(), QStringLiteral("call_b1"));
    QCOMPARE(nested.first().toObject().value(QStringLiteral("session_id")).toString(),
        QString::fromLatin1(kCodexB));
    QCOMPARE(findBy(top, QStringLiteral("type"), QStringLiteral("subagent"))
                 .value(QStringLiteral("child_session"))
                 .toObject()
                 .value(QStringLiteral("session_id"))
                 .toString(),
        QString::fromLatin1(kCodexC));

    // OpenClaw: A spawned B (call_01), B wrote triage.md and has the depth-2 sub-agent C.
    const QJsonArray openclaw = dataOf(call("/api/session/" + kOpenClawA + "/operations"))
                                    .value(QStringLiteral("operations"))
                                    .toArray();
    const QJsonArray underB = findBy(openclaw, QStringLiteral("tool_use_id"), QStringLiteral("call_01"))
                                  .value(QStringLiteral("children"))
                                  .toArray();
    QCOMPARE(findBy(underB, QStringLiteral("tool_use_id"), QStringLiteral("call_b1"))
                 .value(QStringLiteral("tool_name"))
                 .toString(),
        QStringLiteral("write"));
    QCOMPARE(findBy(underB, QStringLiteral("type"), QStringLiteral("subagent"))
                 .value(QStringLiteral("child_session"))
                 .toObject()
                 .value(QStringLiteral("session_id"))
                 .toString(),
        QString::fromLatin1(kOpenClawC));
    const QJsonObject fork = findBy(openclaw, QStringLiteral("type"), QStringLiteral("subagent"));
    QCOMPARE(
        fork.value(QStringLiteral("child_session")).toObject().value(QStringLiteral("session_id")).toString(),
        QString::fromLatin1(kOpenClawD));
}

void TestMonitorRoutes::sharedExternalId()
{
    // A copy of the fixture where Gemini logged a session with Codex A's id, more recently, and an
    // API error in Codex A.
    const QString path = m_dir.filePath(QStringLiteral("shared.db"));
    QVERIFY(QFile::copy(m_db, path));
    {
        Database db;
        db.open(path);
        SqliteStatement twin
            = db.prepare("INSERT INTO sessions(source_id, external_id, title, first_ts, last_ts, "
                         "agent) VALUES (5, ?1, 'gemini twin', ?2, ?3, 'main')");
        twin.bind(1, QString::fromLatin1(kCodexA));
        twin.bind(2, qint64(1778000000000));
        twin.bind(3, qint64(1778000001000));
        twin.execute();
        SqliteStatement error = db.prepare(
            "INSERT INTO agent_events(session_id, ts, kind, model, message, event_key, key_hash) "
            "SELECT id, 1777885400000, 'error', 'gpt-5.4', 'overloaded', 'test:1', 1 FROM sessions "
            "WHERE external_id = ?1 AND source_id = 2");
        error.bind(1, QString::fromLatin1(kCodexA));
        error.execute();
    }
    auto server = startServer(path);
    const quint16 port = server->port();
    const QJsonObject newest = dataOf(get(port, "/api/session/" + kCodexA + "/summary"));
    QCOMPARE(newest.value(QStringLiteral("meta")).toObject().value(QStringLiteral("source")).toString(),
        QStringLiteral("gemini"));
    QCOMPARE(newest.value(QStringLiteral("meta")).toObject().value(QStringLiteral("title")).toString(),
        QStringLiteral("gemini twin"));
    QCOMPARE(
        newest.value(QStringLiteral("meta")).toObject().value(QStringLiteral("sources_with_id")).toInt(), 2);
    const QJsonObject codex = dataOf(get(port, "/api/session/" + kCodexA + "/summary?source=codex"));
    QCOMPARE(codex.value(QStringLiteral("meta")).toObject().value(QStringLiteral("title")).toString(),
        QStringLiteral("Orders pagination"));
    QCOMPARE(dataOf(get(port, "/api/trace/" + kCodexA + "?source=codex"))
                 .value(QStringLiteral("subagent_type"))
                 .toString(),
        QStringLiteral("main"));
    QCOMPARE(dataOf(get(port, "/api/trace/" + kCodexA)).value(QStringLiteral("source")).toString(),
        QStringLiteral("gemini"));

    // The recorded error: in the timeline, in the summary, and in the day's errors.
    const QJsonArray events = dataOf(get(port, "/api/session/" + kCodexA + "/timeline?source=codex"))
                                  .value(QStringLiteral("events"))
                                  .toArray();
    const QJsonObject error = findBy(events, QStringLiteral("type"), QStringLiteral("error"));
    QCOMPARE(error.value(QStringLiteral("message")).toString(), QStringLiteral("overloaded"));
    QCOMPARE(error.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-5.4"));
    QCOMPARE(error.value(QStringLiteral("session_id")).toString(), QString::fromLatin1(kCodexA));
    QVERIFY(error.value(QStringLiteral("retry_attempt")).isNull());
    // Codex records no events of its own (docs/sources/codex.md): the inserted one is all there is.
    const QJsonObject codexDetails = codex.value(QStringLiteral("details")).toObject();
    QCOMPARE(codexDetails.value(QStringLiteral("api_errors")).toInt(), 1);
    QCOMPARE(codexDetails.value(QStringLiteral("retries")).toInt(), 0);
    // The day gains exactly that error, on top of the API errors the fixtures already hold that day
    // (counted in the fixture database, not in the copy).
    const QJsonObject before
        = findBy(listOf(call("/api/stats/daily")), QStringLiteral("date"), QStringLiteral("2026-05-04"));
    const QJsonObject after
        = findBy(listOf(get(port, "/api/stats/daily")), QStringLiteral("date"), QStringLiteral("2026-05-04"));
    const qint64 fixtureApiErrors = scalar("SELECT COUNT(*) FROM agent_events WHERE kind = 'error' AND "
                                           "date(ts / 1000, 'unixepoch') = '2026-05-04'");
    QCOMPARE(before.value(QStringLiteral("api_errors")).toInteger(), fixtureApiErrors);
    QCOMPARE(after.value(QStringLiteral("api_errors")).toInteger(), fixtureApiErrors + 1);
    QCOMPARE(
        after.value(QStringLiteral("errors")).toInt(), before.value(QStringLiteral("errors")).toInt() + 1);
    QCOMPARE(after.value(QStringLiteral("tool_errors")).toInt(),
        before.value(QStringLiteral("tool_errors")).toInt());
}

void TestMonitorRoutes::noContent()
{
    // Ingested with --no-content: prompt and answer texts are NULL; the routes say null, lengths stay.
    const QString path = m_dir.filePath(QStringLiteral("nocontent.db"));
    TestSupport::ingestClaude(path, { TestSupport::fixturePath(QStringLiteral("claude/basic")) }, {}, false);
    auto server = startServer(path);
    const QJsonArray messages = dataOf(get(server->port(), "/api/session/" + kClaudeMain + "/messages"))
                                    .value(QStringLiteral("messages"))
                                    .toArray();
    const QJsonObject prompt = findBy(messages, QStringLiteral("role"), QStringLiteral("user"));
    QVERIFY(prompt.contains(QStringLiteral("text")));
    QVERIFY(prompt.value(QStringLiteral("text")).isNull());
    QCOMPARE(prompt.value(QStringLiteral("length")).toInt(), 37);
    const QJsonObject prompts = dataOf(get(server->port(), "/api/session/" + kClaudeMain + "/prompts"));
    QVERIFY(prompts.value(QStringLiteral("first_prompt")).toObject().value(QStringLiteral("text")).isNull());
    QCOMPARE(
        prompts.value(QStringLiteral("first_prompt")).toObject().value(QStringLiteral("length")).toInt(), 37);
    for (const QJsonValue& trace : listOf(get(server->port(), "/api/traces")))
        QVERIFY(trace.toObject().value(QStringLiteral("prompt_input")).isNull());
}

void TestMonitorRoutes::tracesMatchTheView()
{
    const HttpReply reply = call("/api/traces?days=3650&per_page=200");
    QCOMPARE(reply.status, 200);
    const QJsonArray traces = listOf(reply);
    QCOMPARE(qint64(traces.size()), scalar("SELECT COUNT(*) FROM traces"));
    QCOMPARE(reply.header("x-total-count"), QByteArray::number(traces.size()));
    // Every field against the traces view of 0002_traces.sql.
    SqliteStatement view = m_sql.prepare(
        "SELECT trace_id, session_id, parent_trace_id, parent_agent, subagent_type, started_at, ended_at, "
        "duration_ms, "
        "tokens_in, tokens_out, status, prompt_input, prompt_output, child_session_id, session_title, "
        "session_directory, cost FROM traces");
    int compared = 0;
    while (view.step()) {
        const QJsonObject trace = findBy(traces, QStringLiteral("trace_id"), view.text(0));
        QVERIFY2(!trace.isEmpty(), qPrintable(view.text(0)));
        verifyKeys(trace,
            { QStringLiteral("trace_id"), QStringLiteral("session_id"), QStringLiteral("parent_trace_id"),
                QStringLiteral("parent_agent"), QStringLiteral("subagent_type"), QStringLiteral("started_at"),
                QStringLiteral("ended_at"), QStringLiteral("duration_ms"), QStringLiteral("tokens_in"),
                QStringLiteral("tokens_out"), QStringLiteral("status"), QStringLiteral("prompt_input"),
                QStringLiteral("prompt_output") });
        const auto text
            = [&](int column) { return view.isNull(column) ? QJsonValue() : QJsonValue(view.text(column)); };
        QCOMPARE(trace.value(QStringLiteral("session_id")), text(1));
        QCOMPARE(trace.value(QStringLiteral("parent_trace_id")), text(2));
        QCOMPARE(trace.value(QStringLiteral("parent_agent")), text(3));
        QCOMPARE(trace.value(QStringLiteral("subagent_type")), text(4));
        QCOMPARE(msOf(trace.value(QStringLiteral("started_at"))), view.int64(5));
        QCOMPARE(msOf(trace.value(QStringLiteral("ended_at"))), view.int64(6));
        QCOMPARE(trace.value(QStringLiteral("duration_ms")).toInteger(), view.int64(7));
        QCOMPARE(trace.value(QStringLiteral("tokens_in")).toInteger(), view.int64(8));
        QCOMPARE(trace.value(QStringLiteral("tokens_out")).toInteger(), view.int64(9));
        QCOMPARE(trace.value(QStringLiteral("status")), text(10));
        QCOMPARE(trace.value(QStringLiteral("prompt_input")), text(11));
        QCOMPARE(trace.value(QStringLiteral("prompt_output")), text(12));
        QCOMPARE(trace.value(QStringLiteral("child_session_id")), text(13));
        QCOMPARE(trace.value(QStringLiteral("session_title")), text(14));
        QCOMPARE(trace.value(QStringLiteral("session_directory")), text(15));
        QVERIFY(qAbs(trace.value(QStringLiteral("cost")).toDouble() - view.real(16)) < 1e-9);
        ++compared;
    }
    QCOMPARE(compared, traces.size());
    // A sub-agent's trace is invoked from its parent's session.
    const QJsonObject b = findBy(traces, QStringLiteral("trace_id"), QString::fromLatin1(kCodexB));
    QCOMPARE(b.value(QStringLiteral("session_id")).toString(), QString::fromLatin1(kCodexA));
    QCOMPARE(b.value(QStringLiteral("parent_trace_id")).toString(), QString::fromLatin1(kCodexA));
    QCOMPARE(b.value(QStringLiteral("subagent_type")).toString(), QStringLiteral("explorer"));
    QCOMPARE(b.value(QStringLiteral("parent_agent")).toString(), QStringLiteral("main"));
    QCOMPARE(findBy(traces, QStringLiteral("trace_id"), QString::fromLatin1(kCodexA))
                 .value(QStringLiteral("parent_agent"))
                 .toString(),
        QStringLiteral("user"));
}

void TestMonitorRoutes::tracesPagination()
{
    const qint64 total = scalar("SELECT COUNT(*) FROM sessions WHERE last_ts >= ?1", { kThirtyDaysStart });
    const HttpReply first = call("/api/traces");
    QCOMPARE(metaOf(first).value(QStringLiteral("total")).toInteger(), total);
    QCOMPARE(metaOf(first).value(QStringLiteral("per_page")).toInt(), 50);
    const QJsonArray all = listOf(first);
    const HttpReply page = call("/api/traces?per_page=7&page=2");
    QCOMPARE(listOf(page).size(), 7);
    QCOMPARE(listOf(page).first(), all.at(7));
    QVERIFY(listOf(call("/api/traces?page=50")).isEmpty());
    QCOMPARE(metaOf(call("/api/traces?per_page=1000")).value(QStringLiteral("per_page")).toInt(), 200);
    const HttpReply limited = call("/api/traces?limit=4&per_page=3&page=2");
    QCOMPARE(listOf(limited).size(), 1);
    QCOMPARE(limited.header("x-total-count"), QByteArray("4"));
}

void TestMonitorRoutes::traceDetail()
{
    const HttpReply reply = call("/api/trace/" + kCodexA);
    QCOMPARE(reply.status, 200);
    const QJsonObject trace = dataOf(reply);
    verifyKeys(trace,
        { QStringLiteral("trace_id"), QStringLiteral("session_id"), QStringLiteral("parent_trace_id"),
            QStringLiteral("parent_agent"), QStringLiteral("subagent_type"), QStringLiteral("started_at"),
            QStringLiteral("ended_at"), QStringLiteral("duration_ms"), QStringLiteral("tokens_in"),
            QStringLiteral("tokens_out"), QStringLiteral("status"), QStringLiteral("prompt_input"),
            QStringLiteral("prompt_output"), QStringLiteral("child_session_id"),
            QStringLiteral("session_title"), QStringLiteral("session_directory"), QStringLiteral("children"),
            QStringLiteral("tools") });
    QCOMPARE(trace.value(QStringLiteral("session_title")).toString(), QStringLiteral("Orders pagination"));
    QVERIFY(trace.value(QStringLiteral("parent_trace_id")).isNull());
    QVERIFY(trace.value(QStringLiteral("child_session_id")).isNull());
    // Tokens in = fresh input + cache reads; out = output + reasoning (codex/README.md).
    QCOMPARE(trace.value(QStringLiteral("tokens_in")).toInt(), 4200 + 28800);
    QCOMPARE(trace.value(QStringLiteral("tokens_out")).toInt(), 300 + 600);
    // Children: sub-agent B and fork C.
    const QJsonArray children = trace.value(QStringLiteral("children")).toArray();
    QCOMPARE(children.size(), 2);
    const QJsonObject b = findBy(children, QStringLiteral("trace_id"), QString::fromLatin1(kCodexB));
    verifyKeys(b,
        { QStringLiteral("trace_id"), QStringLiteral("subagent_type"), QStringLiteral("status"),
            QStringLiteral("duration_ms") });
    QCOMPARE(b.value(QStringLiteral("subagent_type")).toString(), QStringLiteral("explorer"));
    QCOMPARE(b.value(QStringLiteral("status")).toString(), QStringLiteral("completed"));
    QVERIFY(!findBy(children, QStringLiteral("trace_id"), QString::fromLatin1(kCodexC)).isEmpty());
    // Tools: A's own five calls, in order.
    const QJsonArray tools = trace.value(QStringLiteral("tools")).toArray();
    QCOMPARE(tools.size(), 5);
    verifyKeys(tools.first().toObject(),
        { QStringLiteral("tool_name"), QStringLiteral("status"), QStringLiteral("duration_ms"),
            QStringLiteral("created_at") });
    QCOMPARE(tools.first().toObject().value(QStringLiteral("tool_name")).toString(),
        QStringLiteral("exec_command"));
    QCOMPARE(tools.first().toObject().value(QStringLiteral("duration_ms")).toInt(), 730);
    QCOMPARE(findBy(tools, QStringLiteral("tool_use_id"), QStringLiteral("call_pt"))
                 .value(QStringLiteral("status"))
                 .toString(),
        QStringLiteral("error"));

    // The sub-agent's own trace: invoked from A, its prompt the one A gave it, its tools its own.
    const QJsonObject sub = dataOf(call("/api/trace/" + kCodexB));
    QCOMPARE(sub.value(QStringLiteral("parent_trace_id")).toString(), QString::fromLatin1(kCodexA));
    QCOMPARE(sub.value(QStringLiteral("session_id")).toString(), QString::fromLatin1(kCodexA));
    QCOMPARE(sub.value(QStringLiteral("child_session_id")).toString(), QString::fromLatin1(kCodexB));
    // It started with the spawning call (call_spawn1).
    QCOMPARE(msOf(sub.value(QStringLiteral("started_at"))),
        scalar("SELECT start_ts FROM tool_calls WHERE tool_use_id = 'call_spawn1'"));
    QCOMPARE(sub.value(QStringLiteral("tools")).toArray().size(), 1);
    QVERIFY(sub.value(QStringLiteral("children")).toArray().isEmpty());

    // An id with ':' (a Claude sub-agent) is one path segment.
    QCOMPARE(call("/api/trace/" + kClaudeB12).status, 200);
}

void TestMonitorRoutes::tracingTree()
{
    const HttpReply reply = call("/api/tracing/tree");
    QCOMPARE(reply.status, 200);
    const QJsonArray roots = listOf(reply);
    const qint64 expectedRoots = scalar(
        "SELECT COUNT(*) FROM sessions WHERE parent_id IS NULL AND last_ts >= ?1", { kThirtyDaysStart });
    QCOMPARE(qint64(roots.size()), expectedRoots);
    QCOMPARE(metaOf(reply).value(QStringLiteral("total_roots")).toInteger(), expectedRoots);

    // OpenClaw A: B (with its own sub-agent C nested below it) and the fork D.
    const QJsonObject a = findBy(roots, QStringLiteral("trace_id"), QString::fromLatin1(kOpenClawA));
    QVERIFY(!a.isEmpty());
    const QJsonArray children = a.value(QStringLiteral("children")).toArray();
    QCOMPARE(children.size(), 2);
    const QJsonObject b = findBy(children, QStringLiteral("trace_id"), QString::fromLatin1(kOpenClawB));
    QCOMPARE(b.value(QStringLiteral("parent_trace_id")).toString(), QString::fromLatin1(kOpenClawA));
    const QJsonArray grandchildren = b.value(QStringLiteral("children")).toArray();
    QCOMPARE(grandchildren.size(), 1);
    QCOMPARE(grandchildren.first().toObject().value(QStringLiteral("trace_id")).toString(),
        QString::fromLatin1(kOpenClawC));
    QVERIFY(!findBy(children, QStringLiteral("trace_id"), QString::fromLatin1(kOpenClawD)).isEmpty());
    // No sub-agent is a root.
    QVERIFY(findBy(roots, QStringLiteral("trace_id"), QString::fromLatin1(kOpenClawB)).isEmpty());
    // Tools by default: A's spawn and its failed read; B's write.
    QCOMPARE(a.value(QStringLiteral("tools")).toArray().size(), 2);
    QCOMPARE(b.value(QStringLiteral("tools"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("tool_name"))
                 .toString(),
        QStringLiteral("write"));

    // Every session of the window is in exactly one tree.
    std::function<int(const QJsonArray&)> count = [&](const QJsonArray& nodes) {
        int n = 0;
        for (const QJsonValue& node : nodes)
            n += 1 + count(node.toObject().value(QStringLiteral("children")).toArray());
        return n;
    };
    QCOMPARE(qint64(count(roots)),
        scalar("SELECT COUNT(*) FROM session_descendants WHERE root_id IN (SELECT id FROM sessions WHERE "
               "parent_id IS NULL AND last_ts >= ?1)",
            { kThirtyDaysStart }));

    const QJsonArray bare = listOf(call("/api/tracing/tree?include_tools=false"));
    QCOMPARE(bare.size(), roots.size());
    QVERIFY(!findBy(bare, QStringLiteral("trace_id"), QString::fromLatin1(kOpenClawA))
                 .contains(QStringLiteral("tools")));
    QCOMPARE(listOf(call("/api/tracing/tree?days=1")).size(),
        scalar("SELECT COUNT(*) FROM sessions WHERE parent_id IS NULL AND last_ts >= ?1",
            { QDateTime(QDate(2026, 5, 6), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch() }));
}

void TestMonitorRoutes::delegationsMatchTheView()
{
    const HttpReply reply = call("/api/delegations?days=3650");
    QCOMPARE(reply.status, 200);
    const QJsonArray delegations = listOf(reply);
    QCOMPARE(qint64(delegations.size()), scalar("SELECT COUNT(*) FROM delegations"));
    QCOMPARE(reply.header("x-total-count"), QByteArray::number(delegations.size()));
    SqliteStatement view = m_sql.prepare("SELECT id, parent_session_id, parent_agent, child_agent, "
                                         "child_session_id, created_at FROM delegations");
    while (view.step()) {
        const QJsonObject delegation = findBy(delegations, QStringLiteral("child_session_id"), view.text(4));
        verifyKeys(delegation,
            { QStringLiteral("id"), QStringLiteral("parent_session_id"), QStringLiteral("parent_agent"),
                QStringLiteral("child_agent"), QStringLiteral("child_session_id"),
                QStringLiteral("created_at") });
        QCOMPARE(delegation.value(QStringLiteral("id")).toInteger(), view.int64(0));
        QCOMPARE(delegation.value(QStringLiteral("parent_session_id")).toString(), view.text(1));
        QCOMPARE(delegation.value(QStringLiteral("parent_agent")).toString(), view.text(2));
        QCOMPARE(delegation.value(QStringLiteral("child_agent")).toString(), view.text(3));
        QCOMPARE(msOf(delegation.value(QStringLiteral("created_at"))), view.int64(5));
    }
    // OpenClaw's four (README: B <- A, C <- B, D <- A, S2 <- S1; S2 lives in the SQLite store the API
    // fixture does not build, so three here).
    int openclaw = 0;
    for (const QJsonValue& delegation : delegations)
        openclaw
            += delegation.toObject().value(QStringLiteral("source")).toString() == QLatin1String("openclaw");
    QCOMPARE(openclaw, 3);
    const QJsonObject paged = metaOf(call("/api/delegations?days=3650&per_page=2&page=2"));
    QCOMPARE(paged.value(QStringLiteral("total_pages")).toInteger(), (delegations.size() + 1) / 2);
}

void TestMonitorRoutes::globalStats()
{
    const HttpReply reply = call("/api/global-stats");
    QCOMPARE(reply.status, 200);
    const QJsonObject data = dataOf(reply);
    const QJsonObject period
        = data.value(QStringLiteral("meta")).toObject().value(QStringLiteral("period")).toObject();
    QCOMPARE(period.value(QStringLiteral("start")).toString(), QStringLiteral("2026-04-07T00:00:00Z"));
    QCOMPARE(period.value(QStringLiteral("end")).toString(), QStringLiteral("2026-05-06T12:00:00Z"));
    const QJsonObject summary = data.value(QStringLiteral("summary")).toObject();
    verifyKeys(summary,
        { QStringLiteral("total_sessions"), QStringLiteral("unique_projects"),
            QStringLiteral("total_messages"), QStringLiteral("total_tokens"), QStringLiteral("total_traces"),
            QStringLiteral("total_tool_calls"), QStringLiteral("estimated_cost_usd") });

    // From the raw tables: requests by their own time, not the rollup.
    const auto check = [this](const QJsonObject& summary, qint64 start) {
        QCOMPARE(summary.value(QStringLiteral("total_sessions")).toInteger(),
            scalar("SELECT COUNT(*) FROM sessions WHERE last_ts >= ?1", { start }));
        QCOMPARE(summary.value(QStringLiteral("total_traces")).toInteger(),
            scalar("SELECT COUNT(*) FROM traces WHERE ended_at >= ?1", { start }));
        QCOMPARE(summary.value(QStringLiteral("unique_projects")).toInteger(),
            scalar("SELECT COUNT(DISTINCT project_id) FROM sessions WHERE last_ts >= ?1", { start }));
        QCOMPARE(summary.value(QStringLiteral("total_tokens")).toInteger(),
            scalar("SELECT COALESCE(SUM(input_tokens + output_tokens + cache_read_tokens + "
                   "cache_write_5m_tokens + "
                   "cache_write_1h_tokens + reasoning_tokens), 0) FROM usage_records WHERE ts >= ?1",
                { start }));
        QCOMPARE(summary.value(QStringLiteral("total_messages")).toInteger(),
            scalar(
                "SELECT (SELECT COUNT(*) FROM prompts WHERE ts >= ?1) + (SELECT COUNT(*) FROM usage_records "
                "WHERE ts >= ?1)",
                { start }));
        QCOMPARE(summary.value(QStringLiteral("total_tool_calls")).toInteger(),
            scalar("SELECT COUNT(*) FROM tool_calls WHERE start_ts >= ?1", { start }));
        QVERIFY(qAbs(summary.value(QStringLiteral("estimated_cost_usd")).toDouble()
                    - real("SELECT COALESCE(SUM(COALESCE(logged_cost, computed_cost)), 0) FROM usage_records "
                           "WHERE ts >= ?1",
                        { start }))
            < 1e-9);
    };
    // Errors in the details: failed tool calls, API errors and retries, each counted apart.
    const auto checkErrors = [this](const QJsonObject& details, qint64 start) {
        QCOMPARE(details.value(QStringLiteral("tool_errors")).toInteger(),
            scalar("SELECT COUNT(*) FROM tool_calls WHERE start_ts >= ?1 AND (is_error <> 0 OR status = "
                   "'error')",
                { start }));
        QCOMPARE(details.value(QStringLiteral("api_errors")).toInteger(),
            scalar("SELECT COUNT(*) FROM agent_events WHERE kind = 'error' AND ts >= ?1", { start }));
        QCOMPARE(details.value(QStringLiteral("retries")).toInteger(),
            scalar("SELECT COUNT(*) FROM agent_events WHERE kind = 'retry' AND ts >= ?1", { start }));
    };
    check(summary, kThirtyDaysStart);
    QVERIFY(summary.value(QStringLiteral("total_tokens")).toInteger() > 0);
    checkErrors(data.value(QStringLiteral("details")).toObject(), kThirtyDaysStart);
    // All on 2026-05-04 (see dailyStats): Claude's error and retry, OpenClaw B's and Gemini A's errors.
    QCOMPARE(data.value(QStringLiteral("details")).toObject().value(QStringLiteral("api_errors")).toInt(), 3);
    QCOMPARE(data.value(QStringLiteral("details")).toObject().value(QStringLiteral("retries")).toInt(), 1);
    const QJsonObject today = dataOf(call("/api/global-stats?days=1"));
    check(today.value(QStringLiteral("summary")).toObject(),
        QDateTime(QDate(2026, 5, 6), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch());
    checkErrors(today.value(QStringLiteral("details")).toObject(),
        QDateTime(QDate(2026, 5, 6), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch());
    QVERIFY(
        today.value(QStringLiteral("summary")).toObject().value(QStringLiteral("total_tokens")).toInteger()
        < summary.value(QStringLiteral("total_tokens")).toInteger());

    // Details: per source and per model, adding up to the summary.
    const QJsonObject details = data.value(QStringLiteral("details")).toObject();
    qint64 tokens = 0;
    qint64 sessions = 0;
    for (const QJsonValue& source : details.value(QStringLiteral("by_source")).toArray()) {
        tokens += source.toObject().value(QStringLiteral("total")).toInteger();
        sessions += source.toObject().value(QStringLiteral("sessions")).toInteger();
    }
    QCOMPARE(tokens, summary.value(QStringLiteral("total_tokens")).toInteger());
    QCOMPARE(sessions, summary.value(QStringLiteral("total_sessions")).toInteger());
    // Gemini (gemini/README.md, all in the window): 48,220 + 69,626 + 2,743 + 1,619 tokens.
    QCOMPARE(findBy(details.value(QStringLiteral("by_source")).toArray(), QStringLiteral("source"),
                 QStringLiteral("gemini"))
                 .value(QStringLiteral("total"))
                 .toInteger(),
        48220 + 69626 + 2743 + 1619);
    qint64 modelTokens = 0;
    for (const QJsonValue& model : details.value(QStringLiteral("by_model")).toArray())
        modelTokens += model.toObject().value(QStringLiteral("total")).toInteger();
    QCOMPARE(modelTokens, tokens);
}

void TestMonitorRoutes::dailyStats()
{
    const HttpReply reply = call("/api/stats/daily");
    QCOMPARE(reply.status, 200);
    const QJsonArray days = listOf(reply);
    QCOMPARE(days.size(), 7);
    // Oldest first; days without activity are zero rows.
    QCOMPARE(days.first().toObject().value(QStringLiteral("date")).toString(), QStringLiteral("2026-04-30"));
    QCOMPARE(days.last().toObject().value(QStringLiteral("date")).toString(), QStringLiteral("2026-05-06"));
    const QJsonObject quiet = days.first().toObject();
    for (const char* key : { "sessions", "traces", "tokens", "avg_duration_ms", "errors", "tool_calls" })
        QCOMPARE(quiet.value(QLatin1String(key)).toInteger(), 0);

    for (const QJsonValue& value : days) {
        const QJsonObject day = value.toObject();
        verifyKeys(day,
            { QStringLiteral("date"), QStringLiteral("sessions"), QStringLiteral("traces"),
                QStringLiteral("tokens"), QStringLiteral("avg_duration_ms"), QStringLiteral("errors"),
                QStringLiteral("tool_calls") });
        const QString date = day.value(QStringLiteral("date")).toString();
        const QVariantList sessions
            = row("SELECT COUNT(*), COALESCE(AVG(last_ts - first_ts), 0) FROM sessions "
                  "WHERE date(first_ts / 1000, 'unixepoch') = ?1",
                2, { date });
        QCOMPARE(day.value(QStringLiteral("sessions")).toInteger(), sessions[0].toLongLong());
        QCOMPARE(day.value(QStringLiteral("avg_duration_ms")).toInteger(), qRound64(sessions[1].toDouble()));
        QCOMPARE(day.value(QStringLiteral("traces")).toInteger(),
            scalar("SELECT COUNT(*) FROM traces WHERE date(started_at / 1000, 'unixepoch') = ?1", { date }));
        QCOMPARE(day.value(QStringLiteral("tokens")).toInteger(),
            scalar("SELECT COALESCE(SUM(input_tokens + output_tokens + cache_read_tokens + "
                   "cache_write_5m_tokens + "
                   "cache_write_1h_tokens + reasoning_tokens), 0) FROM usage_records "
                   "WHERE date(ts / 1000, 'unixepoch') = ?1",
                { date }));
        QCOMPARE(day.value(QStringLiteral("tool_calls")).toInteger(),
            scalar(
                "SELECT COUNT(*) FROM tool_calls WHERE date(start_ts / 1000, 'unixepoch') = ?1", { date }));
        // Errors: API errors the agents recorded plus failed tool calls; each part on its own too.
        const qint64 toolErrors
            = scalar("SELECT COUNT(*) FROM tool_calls WHERE date(start_ts / 1000, 'unixepoch') = ?1 AND "
                     "(is_error <> 0 OR status = 'error')",
                { date });
        const qint64 apiErrors = scalar(
            "SELECT COUNT(*) FROM agent_events WHERE kind = 'error' AND date(ts / 1000, 'unixepoch') = ?1",
            { date });
        QCOMPARE(day.value(QStringLiteral("tool_errors")).toInteger(), toolErrors);
        QCOMPARE(day.value(QStringLiteral("api_errors")).toInteger(), apiErrors);
        QCOMPARE(day.value(QStringLiteral("errors")).toInteger(), apiErrors + toolErrors);
        // Retries are not errors (the request was sent again); they are counted on their own.
        QCOMPARE(day.value(QStringLiteral("retries")).toInteger(),
            scalar("SELECT COUNT(*) FROM agent_events WHERE kind = 'retry' AND date(ts / 1000, "
                   "'unixepoch') = ?1",
                { date }));
    }
    // 2026-05-04, by the fixtures' READMEs. Failed tool calls: Codex A's call_pt, OpenClaw A's call_02,
    // Claude's toolu_E1 (Edit), Gemini's replace-3. API errors: Claude's a-err1, OpenClaw B's 3d4e5f60,
    // Gemini A's e-01 (OpenCode's error and OpenClaw S1's live in the SQLite stores this fixture
    // database does not build). Claude's retry sys-err1 is that day too and is not an error: the
    // request was sent again.
    const QJsonObject busy = findBy(days, QStringLiteral("date"), QStringLiteral("2026-05-04"));
    QCOMPARE(busy.value(QStringLiteral("tool_errors")).toInt(), 4);
    QCOMPARE(busy.value(QStringLiteral("api_errors")).toInt(), 3);
    QCOMPARE(busy.value(QStringLiteral("errors")).toInt(), 4 + 3);
    QCOMPARE(busy.value(QStringLiteral("retries")).toInt(), 1);
    QCOMPARE(listOf(call("/api/stats/daily?days=30")).size(), 30);
    QCOMPARE(listOf(call("/api/stats/daily?days=1")).size(), 1);
}

void TestMonitorRoutes::latency()
{
    // Request latencies against a large database, for the API benchmark: AGENTMETER_API_BENCH_DB=<db>
    // (e.g. 100k sessions); "now" is the fixtures' 2026-05-06T12:00Z. Prints p50 and p99 per route.
    const QString path = qEnvironmentVariable("AGENTMETER_API_BENCH_DB");
    if (path.isEmpty())
        QSKIP("set AGENTMETER_API_BENCH_DB to a database to measure");
    auto server = startServer(path);
    const quint16 port = server->port();
    QVERIFY(port != 0);
    const QByteArray someId = listOf(get(port, "/api/sessions?per_page=1&page=100"))
                                  .first()
                                  .toObject()
                                  .value(QStringLiteral("id"))
                                  .toString()
                                  .toUtf8();
    const int runs = qEnvironmentVariableIntValue("AGENTMETER_API_BENCH_RUNS") > 0
        ? qEnvironmentVariableIntValue("AGENTMETER_API_BENCH_RUNS")
        : 100;
    const QList<QByteArray> targets { "/api/sessions?per_page=50", "/api/sessions?per_page=50&page=100",
        "/api/global-stats", "/api/global-stats?days=7", "/api/stats/daily", "/api/traces?per_page=50",
        "/api/delegations?per_page=50", "/api/tracing/tree?limit=50", "/api/sessions/search?q=refactor",
        "/api/session/" + someId + "/summary", "/api/session/" + someId + "/cost",
        "/api/session/" + someId + "/timeline", "/api/trace/" + someId };
    for (const QByteArray& target : targets) {
        QList<double> times;
        QElapsedTimer first;
        first.start();
        QCOMPARE(get(port, target).status, 200);
        const double firstMs = first.nsecsElapsed() / 1e6;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer timer;
            timer.start();
            const HttpReply reply = get(port, target);
            times.append(timer.nsecsElapsed() / 1e6);
            QCOMPARE(reply.status, 200);
        }
        std::sort(times.begin(), times.end());
        qInfo("%-48s first %7.1f ms  p50 %7.1f ms  p99 %7.1f ms", target.constData(), firstMs,
            times.at(times.size() / 2), times.at(qMin(times.size() - 1, int(times.size() * 0.99))));
    }
}

QTEST_GUILESS_MAIN(TestMonitorRoutes)
#include "tst_monitorroutes.moc"

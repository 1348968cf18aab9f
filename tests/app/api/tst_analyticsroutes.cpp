// SPDX-License-Identifier: MIT
// The routes of analytics-stream-api.md over real HTTP against the fixture database: project metrics,
// the /api/stream SSE frames, the activity feed with its filters and latency percentiles, /api/stats
// (both seeds' shapes), project, machine and override stats. Expected values come from SQL over the
// fixture database (usage_records, not the rollup the routes read) or are worked out by hand.
#include "activityquery.h"
#include "apijson.h"
#include "apiserver.h"
#include "apitestsupport.h"
#include "latencystats.h"
#include "pricing/pricebook.h"
#include "store/database.h"
#include "store/usagerollup.h"

#include <cmath>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace ApiTestSupport;

class TestAnalyticsRoutes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void latencyPercentileRanks_data();
    void latencyPercentileRanks();
    void metricsProjects();
    void metricsProjectsDays();
    void activityFeed();
    void activityFilters();
    void activityBadParameters();
    void activityAgreesWithView_data();
    void activityAgreesWithView();
    void activityLatencyPercentiles();
    void activityErrorsAndOverrides();
    void statsServesBothSeeds();
    void statsCacheMatchesActivityView();
    void requestRulesMatchActivityView();
    void statsCacheSavings();
    void projectStats();
    void machineStats();
    void overridesStats();
    void streamFrames();
    void streamEventTypeFilter();
    void streamPinnedProject();
    void streamBadParameters();
    void streamSharesFrames();
    void answersFollowNewData();
    void streamSurvivesDatabaseErrors();

private:
    std::unique_ptr<ApiServer> startServer(const QString& db, int intervalMs = 5000);
    QTemporaryDir m_dir;
    QString m_db;
    QString m_marked; // a copy with latencies, requested models and an error written in (markUp)
};

namespace {

// The fixture database with what its fixtures cannot give the routes' tests. The parsers' own errors,
// retries, latency and requested model stay as ingested (activityFeed), except where written over:
// - latency_ms = id * 10 on every request (10 .. 400 ms), for exact percentiles over many samples: the
//   fixture database has one latency (request 17, OpenCode's legacy reply, 10000 ms; its other replies
//   are in opencode.db, which buildFixtureDatabase does not create), written over with 170 ms here;
// - requested models on three requests that differ from the answering model (1 and 2 asked for opus,
//   21 for gpt-5.5): the fixture database has no override (OpenCode's ASST2 is in opencode.db);
//   request 17 keeps its ingested one, sonnet as answered;
// - one error event besides the fixtures' four: on 2026-05-06 (theirs are all of 2026-05-04, so no
//   days window would split them) and without an agent of its own (every fixture event names one, so
//   the fall-back to the session's agent would go untested).
void markUp(const QString& path)
{
    Database db;
    db.open(path);
    db.exec("UPDATE usage_records SET latency_ms = id * 10");
    db.exec("UPDATE usage_records SET requested_model = 'claude-opus-4-1' WHERE id IN (1, 2)");
    db.exec("UPDATE usage_records SET requested_model = 'gpt-5.5' WHERE id = 21");
    db.exec(
        "INSERT INTO agent_events (session_id, ts, kind, model, message, agent, event_key, key_hash) VALUES "
        "(22, 1778054000000, 'error', 'gemini-2.5-pro', 'quota exceeded', NULL, 'e2', 2)");
}

struct Sql
{
    explicit Sql(const QString& path) { db.open(path, Database::Mode::ReadOnly); }
    qint64 integer(const std::string& sql)
    {
        SqliteStatement statement = db.prepare(sql);
        return statement.step() ? statement.int64(0) : -1;
    }
    double real(const std::string& sql)
    {
        SqliteStatement statement = db.prepare(sql);
        return statement.step() ? statement.real(0) : -1;
    }
    Database db;
};

QJsonObject getObject(quint16 port, const QByteArray& target, int status = 200)
{
    const HttpReply reply = get(port, target);
    if (reply.status != status)
        qWarning(
            "%s: status %d, body %s", target.constData(), reply.status, reply.body.left(300).constData());
    return reply.status == status ? reply.json() : QJsonObject();
}

bool near(double a, double b, double tolerance = 1e-6)
{
    return std::abs(a - b) <= tolerance;
}

const char* const kAllTokens = "u.input_tokens + u.cache_read_tokens + u.cache_write_5m_tokens + "
                               "u.cache_write_1h_tokens + u.output_tokens + u.reasoning_tokens";

} // namespace

std::unique_ptr<ApiServer> TestAnalyticsRoutes::startServer(const QString& db, int intervalMs)
{
    ServerConfig config = testConfig(db);
    config.analyticsIntervalMs = intervalMs;
    auto server = std::make_unique<ApiServer>(config);
    QString error;
    if (!server->start(&error))
        qWarning("server did not start: %s", qPrintable(error));
    return server;
}

void TestAnalyticsRoutes::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("api.db"));
    buildFixtureDatabase(m_db);
    m_marked = m_dir.filePath(QStringLiteral("marked.db"));
    buildFixtureDatabase(m_marked);
    markUp(m_marked);
}

void TestAnalyticsRoutes::latencyPercentileRanks_data()
{
    QTest::addColumn<QList<qint64>>("samples");
    QTest::addColumn<double>("percent");
    QTest::addColumn<qint64>("expected");
    // Nearest rank: the value at rank ceil(p/100 * n) of the sorted samples.
    QTest::newRow("one sample") << QList<qint64> { 7 } << 99.0 << qint64(7);
    QTest::newRow("p50 of 4") << QList<qint64> { 40, 10, 30, 20 } << 50.0 << qint64(20);
    QTest::newRow("p95 of 20 is rank 19") << QList<qint64> { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
        15, 16, 17, 18, 19, 20 } << 95.0 << qint64(19);
    QTest::newRow("p99 of 20 is the maximum") << QList<qint64> { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
        14, 15, 16, 17, 18, 19, 20 } << 99.0 << qint64(20);
    QTest::newRow("p50 of 5 is the median") << QList<qint64> { 5, 1, 4, 2, 3 } << 50.0 << qint64(3);
}

void TestAnalyticsRoutes::latencyPercentileRanks()
{
    QFETCH(QList<qint64>, samples);
    QFETCH(double, percent);
    QFETCH(qint64, expected);
    const LatencyStats stats(std::vector<qint64>(samples.begin(), samples.end()));
    QCOMPARE(stats.percentile(percent), std::optional<qint64>(expected));
    QCOMPARE(LatencyStats().percentile(50), std::nullopt);
    QVERIFY(LatencyStats().toJson().value(QStringLiteral("p50")).isNull());
}

void TestAnalyticsRoutes::metricsProjects()
{
    auto server = startServer(m_db);
    const HttpReply reply = get(server->port(), "/api/metrics/projects");
    QCOMPARE(reply.status, 200);
    const QJsonObject body = reply.json();
    QVERIFY2(!body.contains(QStringLiteral("success")), "this seed has no envelope");
    const QJsonObject projects = body.value(QStringLiteral("projects")).toObject();

    // Independently: every request, grouped by its session's project (or directory).
    Sql sql(m_db);
    SqliteStatement expected = sql.db.prepare(
        std::string("SELECT COALESCE(p.name, NULLIF(s.cwd, ''), '(no project)'), SUM(COALESCE(u.logged_cost, "
                    "u.computed_cost, 0)), SUM(")
        + kAllTokens
        + "), COUNT(*), MAX(s.last_ts), COUNT(DISTINCT s.id) FROM usage_records u JOIN sessions s ON s.id = "
          "u.session_id LEFT JOIN projects p ON p.id = s.project_id GROUP BY 1");
    int groups = 0;
    while (expected.step()) {
        ++groups;
        const QString name = expected.text(0);
        QVERIFY2(projects.contains(name), qPrintable(name));
        const QJsonObject project = projects.value(name).toObject();
        QVERIFY2(near(project.value(QStringLiteral("cost")).toDouble(), expected.real(1)), qPrintable(name));
        QCOMPARE(project.value(QStringLiteral("tokens")).toInteger(), expected.int64(2));
        QCOMPARE(project.value(QStringLiteral("calls")).toInteger(), expected.int64(3));
        QCOMPARE(
            project.value(QStringLiteral("last_updated")).toString(), ApiJson::isoTime(expected.int64(4)));
        QCOMPARE(project.value(QStringLiteral("sessions")).toInteger(), expected.int64(5));
    }
    QCOMPARE(projects.size(), groups);
    // Known fixture facts: seven projects plus the OpenCode session that has neither project nor
    // directory.
    QCOMPARE(groups, 8);
    QVERIFY(projects.contains(QStringLiteral("(no project)")));
    const QJsonObject shop = projects.value(QStringLiteral("shop")).toObject();
    QCOMPARE(shop.value(QStringLiteral("calls")).toInteger(), qint64(22));
    QCOMPARE(shop.value(QStringLiteral("path")).toString(), QStringLiteral("/home/ana/src/shop"));
    QVERIFY(projects.value(QStringLiteral("(no project)")).toObject().value(QStringLiteral("path")).isNull());
}

void TestAnalyticsRoutes::metricsProjectsDays()
{
    auto server = startServer(m_db);
    // days=1: from 2026-05-06T00:00Z (today in the test's UTC clock); later days count too.
    const QJsonObject projects = getObject(server->port(), "/api/metrics/projects?days=1")
                                     .value(QStringLiteral("projects"))
                                     .toObject();
    Sql sql(m_db);
    const qint64 since = QDateTime(QDate(2026, 5, 6), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    const qint64 calls
        = sql.integer("SELECT COUNT(*) FROM usage_records WHERE ts >= " + std::to_string(since));
    qint64 sum = 0;
    for (const QJsonValue& project : projects)
        sum += project.toObject().value(QStringLiteral("calls")).toInteger();
    QCOMPARE(sum, calls);
    QCOMPARE(calls, qint64(6));
    QVERIFY(!projects.contains(QStringLiteral("workspace")));
    QCOMPARE(projects.value(QStringLiteral("shop")).toObject().value(QStringLiteral("calls")).toInteger(),
        qint64(3));
    QCOMPARE(get(server->port(), "/api/metrics/projects?days=0").status, 400);
    QCOMPARE(get(server->port(), "/api/metrics/projects?days=x").status, 400);
}

void TestAnalyticsRoutes::activityFeed()
{
    auto server = startServer(m_db);
    const QJsonObject body = getObject(server->port(), "/api/activity");
    const QJsonArray items = body.value(QStringLiteral("activity")).toArray();
    // The default window is 7 days (from 2026-04-30): every request and every agent event of the
    // fixture database. The events, one item each (a retry is an error item too, 0003_activity.sql):
    // Claude's a-err1 (error) and sys-err1 (retry), OpenClaw B's 3d4e5f60 and Gemini A's e-01 (the
    // fixtures' READMEs). OpenCode's two events and OpenClaw S1's error live in the SQLite stores
    // (opencode.db, ops-agent.sql), which buildFixtureDatabase does not create.
    Sql sql(m_db);
    const qint64 requests = sql.integer("SELECT COUNT(*) FROM usage_records");
    const qint64 events = sql.integer("SELECT COUNT(*) FROM agent_events");
    QCOMPARE(requests, qint64(40));
    QCOMPARE(events, qint64(4));
    QCOMPARE(sql.integer("SELECT COUNT(*) FROM agent_events WHERE kind = 'retry'"), qint64(1));
    QCOMPARE(body.value(QStringLiteral("total")).toInteger(), requests + events);
    QCOMPARE(qint64(items.size()), requests + events);
    QCOMPARE(body.value(QStringLiteral("count")).toInteger(), requests + events);
    QCOMPARE(body.value(QStringLiteral("since")).toString(), QStringLiteral("2026-04-30T00:00:00Z"));
    const QJsonObject counts = body.value(QStringLiteral("counts")).toObject();
    QCOMPARE(counts.size(), 5);
    for (const QString& type : { QStringLiteral("api_call"), QStringLiteral("cache_hit"),
             QStringLiteral("cache_miss"), QStringLiteral("model_override"), QStringLiteral("error") })
        QCOMPARE(counts.value(type).toInteger(),
            sql.integer("SELECT COUNT(*) FROM activity WHERE event_type = '" + type.toStdString() + "'"));
    QCOMPARE(counts.value(QStringLiteral("cache_hit")).toInteger(), qint64(24));
    QCOMPARE(counts.value(QStringLiteral("error")).toInteger(), events);
    // One request records a latency: OpenCode's legacy reply msg_7a01leg0002ASST, 10000 ms
    // (time.completed - time.created, opencode/README.md). OpenCode's other replies are in its SQLite
    // database, and the other sources record none.
    const QJsonObject latency = body.value(QStringLiteral("latency")).toObject();
    QCOMPARE(latency.value(QStringLiteral("samples")).toInteger(),
        sql.integer("SELECT COUNT(latency_ms) FROM usage_records"));
    QCOMPARE(latency.value(QStringLiteral("samples")).toInteger(), qint64(1));
    for (const char* field : { "p50", "p95", "p99", "min", "max" })
        QCOMPARE(latency.value(QLatin1String(field)).toInteger(), qint64(10000));
    QCOMPARE(latency.value(QStringLiteral("mean")).toDouble(), 10000.0);

    // Newest first, the seed's fields, and the newest item is the Gemini request of 2026-05-07 23:59:20.
    QString previous = QStringLiteral("9999");
    for (const QJsonValue& value : items) {
        const QJsonObject item = value.toObject();
        for (const char* field : { "timestamp", "event_type", "agent_name", "model", "tokens", "latency_ms" })
            QVERIFY2(item.contains(QLatin1String(field)), field);
        QVERIFY(item.value(QStringLiteral("timestamp")).toString() <= previous);
        previous = item.value(QStringLiteral("timestamp")).toString();
    }
    const QJsonObject newest = items.first().toObject();
    QCOMPARE(newest.value(QStringLiteral("timestamp")).toString(), QStringLiteral("2026-05-07T23:59:20Z"));
    QCOMPARE(newest.value(QStringLiteral("model")).toString(), QStringLiteral("gemini-2.5-flash-lite"));
    QCOMPARE(newest.value(QStringLiteral("tokens")).toInteger(), qint64(400 + 20 + 100 + 10));
    QCOMPARE(newest.value(QStringLiteral("event_type")).toString(), QStringLiteral("cache_miss"));
    QCOMPARE(newest.value(QStringLiteral("source")).toString(), QStringLiteral("gemini"));
    QCOMPARE(newest.value(QStringLiteral("session_id")).toString(),
        QStringLiteral("d4d4d4d4-eeee-4fff-8000-111111111111"));

    const QJsonObject limited = getObject(server->port(), "/api/activity?limit=5");
    QCOMPARE(limited.value(QStringLiteral("activity")).toArray().size(), 5);
    QCOMPARE(limited.value(QStringLiteral("total")).toInteger(), requests + events);
    QCOMPARE(limited.value(QStringLiteral("activity")).toArray().at(4), items.at(4));

    // days=1 (from 2026-05-06T00:00Z): six requests; every fixture event is of 2026-05-04.
    const qint64 today
        = getObject(server->port(), "/api/activity?days=1").value(QStringLiteral("total")).toInteger();
    QCOMPARE(today, sql.integer("SELECT COUNT(*) FROM activity WHERE ts >= 1778025600000"));
    QCOMPARE(today, qint64(6));
}

void TestAnalyticsRoutes::activityFilters()
{
    auto server = startServer(m_db);
    const QJsonObject hits = getObject(server->port(), "/api/activity?event_type=cache_hit&limit=1000");
    const QJsonArray items = hits.value(QStringLiteral("activity")).toArray();
    QCOMPARE(items.size(), 24);
    for (const QJsonValue& item : items)
        QCOMPARE(item.toObject().value(QStringLiteral("event_type")).toString(), QStringLiteral("cache_hit"));
    const QJsonObject counts = hits.value(QStringLiteral("counts")).toObject();
    QCOMPARE(counts.value(QStringLiteral("cache_hit")).toInteger(), qint64(24));
    QCOMPARE(counts.value(QStringLiteral("api_call")).toInteger(), qint64(0));

    // A comma list, case and spaces forgiven, duplicates ignored.
    const QJsonObject two
        = getObject(server->port(), "/api/activity?event_type=API_CALL,%20cache_miss,api_call");
    QCOMPARE(two.value(QStringLiteral("total")).toInteger(), qint64(16));
    for (const QJsonValue& item : two.value(QStringLiteral("activity")).toArray())
        QVERIFY(
            item.toObject().value(QStringLiteral("event_type")).toString() != QStringLiteral("cache_hit"));

    Sql sql(m_db);
    const QJsonObject agent = getObject(server->port(), "/api/activity?agent=codebase_investigator");
    QCOMPARE(agent.value(QStringLiteral("total")).toInteger(),
        sql.integer("SELECT COUNT(*) FROM activity WHERE agent_name = 'codebase_investigator'"));
    QCOMPARE(agent.value(QStringLiteral("total")).toInteger(), qint64(2));
    const QJsonObject model = getObject(server->port(), "/api/activity?model=gpt-5.4&event_type=cache_hit");
    QCOMPARE(model.value(QStringLiteral("total")).toInteger(),
        sql.integer("SELECT COUNT(*) FROM activity WHERE model = 'gpt-5.4' AND event_type = 'cache_hit'"));
    for (const QJsonValue& item : model.value(QStringLiteral("activity")).toArray())
        QCOMPARE(item.toObject().value(QStringLiteral("model")).toString(), QStringLiteral("gpt-5.4"));
    QCOMPARE(
        getObject(server->port(), "/api/activity?agent=nobody").value(QStringLiteral("total")).toInteger(),
        qint64(0));
}

void TestAnalyticsRoutes::activityBadParameters()
{
    auto server = startServer(m_db);
    for (const QByteArray& target : { QByteArray("/api/activity?event_type=cache_hit,bogus"),
             QByteArray("/api/activity?limit=0"), QByteArray("/api/activity?limit=1001"),
             QByteArray("/api/activity?days=-1"), QByteArray("/api/activity?limit=ten") }) {
        const HttpReply reply = get(server->port(), target);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.json().value(QStringLiteral("success")).toBool(true), false);
    }
    const QString error = get(server->port(), "/api/activity?event_type=bogus")
                              .json()
                              .value(QStringLiteral("error"))
                              .toString();
    QVERIFY2(error.contains(QStringLiteral("bogus")) && error.contains(QStringLiteral("model_override")),
        qPrintable(error));
}

void TestAnalyticsRoutes::activityAgreesWithView_data()
{
    // The route reads the view's arms itself for speed; every filter must give what the view gives.
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QString>("where"); // the same filter as SQL over the view
    const QString since7 = QStringLiteral("ts >= 1777507200000"); // 2026-04-30T00:00Z
    QTest::newRow("all time") << QByteArray("days=36500") << QStringLiteral("1");
    QTest::newRow("default window") << QByteArray("") << since7;
    QTest::newRow("errors") << QByteArray("event_type=error")
                            << since7 + QStringLiteral(" AND event_type = 'error'");
    QTest::newRow("hits and errors") << QByteArray("event_type=cache_hit,error")
                                     << since7 + QStringLiteral(" AND event_type IN ('cache_hit', 'error')");
    QTest::newRow("request types") << QByteArray("event_type=api_call,cache_miss,model_override")
                                   << since7
            + QStringLiteral(" AND event_type IN ('api_call', 'cache_miss', 'model_override')");
    QTest::newRow("agent") << QByteArray("agent=main") << since7 + QStringLiteral(" AND agent_name = 'main'");
    QTest::newRow("agent's errors") << QByteArray("agent=main&event_type=error")
                                    << since7
            + QStringLiteral(" AND agent_name = 'main' AND event_type = 'error'");
    QTest::newRow("model") << QByteArray("model=gpt-5.4")
                           << since7 + QStringLiteral(" AND model = 'gpt-5.4'");
    QTest::newRow("model's errors") << QByteArray("model=gemini-2.5-pro&event_type=error")
                                    << since7
            + QStringLiteral(" AND model = 'gemini-2.5-pro' AND event_type = 'error'");
    QTest::newRow("one day") << QByteArray("days=1") << QStringLiteral("ts >= 1778025600000");
    QTest::newRow("two days, main, hits and errors")
        << QByteArray("days=2&event_type=error,cache_hit&agent=main")
        << QStringLiteral(
               "ts >= 1777939200000 AND event_type IN ('error', 'cache_hit') AND agent_name = 'main'");
    QTest::newRow("limit 2 of errors and overrides")
        << QByteArray("event_type=model_override,error&limit=2")
        << since7 + QStringLiteral(" AND event_type IN ('model_override', 'error')");
}

void TestAnalyticsRoutes::activityAgreesWithView()
{
    QFETCH(QByteArray, query);
    QFETCH(QString, where);
    auto server = startServer(m_marked);
    const QJsonObject body = getObject(server->port(), "/api/activity?" + query);
    Sql sql(m_marked);
    const std::string filter = where.toStdString();
    QCOMPARE(body.value(QStringLiteral("total")).toInteger(),
        sql.integer("SELECT COUNT(*) FROM activity WHERE " + filter));
    const QJsonObject counts = body.value(QStringLiteral("counts")).toObject();
    for (const QString& type : { QStringLiteral("api_call"), QStringLiteral("cache_hit"),
             QStringLiteral("cache_miss"), QStringLiteral("model_override"), QStringLiteral("error") })
        QCOMPARE(counts.value(type).toInteger(),
            sql.integer("SELECT COUNT(*) FROM activity WHERE " + filter + " AND event_type = '"
                + type.toStdString() + "'"));
    QCOMPARE(body.value(QStringLiteral("latency")).toObject().value(QStringLiteral("samples")).toInteger(),
        sql.integer("SELECT COUNT(latency_ms) FROM activity WHERE " + filter));
    const int limit = query.contains("limit=2") ? 2 : 100;
    SqliteStatement items = sql.db.prepare("SELECT ts, event_type FROM activity WHERE " + filter
        + " ORDER BY ts DESC, rid DESC LIMIT " + std::to_string(limit));
    const QJsonArray activity = body.value(QStringLiteral("activity")).toArray();
    int index = 0;
    while (items.step()) {
        QVERIFY(index < activity.size());
        const QJsonObject item = activity.at(index++).toObject();
        QCOMPARE(item.value(QStringLiteral("timestamp")).toString(), ApiJson::isoTime(items.int64(0)));
        QCOMPARE(item.value(QStringLiteral("event_type")).toString(), items.text(1));
    }
    QCOMPARE(activity.size(), index);
}

void TestAnalyticsRoutes::activityLatencyPercentiles()
{
    auto server = startServer(m_marked);
    // Every request has latency_ms = id * 10: 40 samples, 10 .. 400. Nearest rank: p50 is rank 20
    // (200 ms), p95 rank 38 (380 ms), p99 rank 40 (400 ms).
    const QJsonObject all
        = getObject(server->port(), "/api/activity?days=36500").value(QStringLiteral("latency")).toObject();
    QCOMPARE(all.value(QStringLiteral("samples")).toInteger(), qint64(40));
    QCOMPARE(all.value(QStringLiteral("p50")).toInteger(), qint64(200));
    QCOMPARE(all.value(QStringLiteral("p95")).toInteger(), qint64(380));
    QCOMPARE(all.value(QStringLiteral("p99")).toInteger(), qint64(400));
    QCOMPARE(all.value(QStringLiteral("min")).toInteger(), qint64(10));
    QCOMPARE(all.value(QStringLiteral("max")).toInteger(), qint64(400));
    QCOMPARE(all.value(QStringLiteral("mean")).toDouble(), 205.0);

    // The model overrides are requests 1, 2 and 21: 10, 20 and 210 ms. p50 is rank 2 (20), p95 and p99
    // rank 3 (210).
    const QJsonObject overrides
        = getObject(server->port(), "/api/activity?days=36500&event_type=model_override")
              .value(QStringLiteral("latency"))
              .toObject();
    QCOMPARE(overrides.value(QStringLiteral("samples")).toInteger(), qint64(3));
    QCOMPARE(overrides.value(QStringLiteral("p50")).toInteger(), qint64(20));
    QCOMPARE(overrides.value(QStringLiteral("p95")).toInteger(), qint64(210));
    QCOMPARE(overrides.value(QStringLiteral("p99")).toInteger(), qint64(210));

    // Errors record no latency: nulls.
    const QJsonObject errors = getObject(server->port(), "/api/activity?event_type=error")
                                   .value(QStringLiteral("latency"))
                                   .toObject();
    QCOMPARE(errors.value(QStringLiteral("samples")).toInteger(), qint64(0));
    QVERIFY(errors.value(QStringLiteral("p50")).isNull());
    QVERIFY(errors.value(QStringLiteral("p99")).isNull());
}

void TestAnalyticsRoutes::activityErrorsAndOverrides()
{
    auto server = startServer(m_marked);
    const QJsonObject body = getObject(server->port(), "/api/activity?event_type=error,model_override");
    const QJsonObject counts = body.value(QStringLiteral("counts")).toObject();
    // Errors: the fixtures' four events (activityFeed) and markUp's one. Overrides: markUp's three.
    Sql sql(m_marked);
    QCOMPARE(
        counts.value(QStringLiteral("error")).toInteger(), sql.integer("SELECT COUNT(*) FROM agent_events"));
    QCOMPARE(counts.value(QStringLiteral("error")).toInteger(), qint64(4 + 1));
    QCOMPARE(counts.value(QStringLiteral("model_override")).toInteger(), qint64(3));
    QCOMPARE(counts.value(QStringLiteral("cache_hit")).toInteger(), qint64(0));
    const QJsonArray items = body.value(QStringLiteral("activity")).toArray();
    QCOMPARE(items.size(), 8);
    // Newest first. The events' times, models and messages are the fixture lines' (Claude a-err1 and
    // sys-err1, whose model is <synthetic> or none: null; OpenClaw B's 3d4e5f60; Gemini A's e-01);
    // the first item is markUp's.
    struct Expected
    {
        const char* timestamp;
        const char* type;
        const char* source;
        const char* model; // nullptr: null
        const char* message; // a prefix; nullptr: null
    };
    const Expected expected[] = {
        { "2026-05-06T07:53:20Z", "error", "gemini", "gemini-2.5-pro", "quota exceeded" },
        { "2026-05-04T11:05:05Z", "error", "gemini", "gemini-2.5-pro", "[API Error: got status: 503" },
        { "2026-05-04T10:05:10Z", "model_override", "openclaw", "gpt-5.4", nullptr },
        { "2026-05-04T10:00:40Z", "error", "openclaw", "gpt-5.4",
            "429 Too Many Requests: rate limit reached for gpt-5.4" },
        { "2026-05-04T09:19:58Z", "error", "claude", nullptr, "529 Overloaded" },
        { "2026-05-04T09:15:00.500Z", "error", "claude", nullptr, "API Error: Rate limit reached" },
        { "2026-05-04T09:12:10Z", "model_override", "claude", "claude-sonnet-4-5-20250929", nullptr },
        { "2026-05-04T09:12:06.480Z", "model_override", "claude", "claude-sonnet-4-5-20250929", nullptr },
    };
    for (int i = 0; i < items.size(); ++i) {
        const QJsonObject item = items.at(i).toObject();
        const Expected& want = expected[i];
        QCOMPARE(item.value(QStringLiteral("timestamp")).toString(), QLatin1String(want.timestamp));
        QCOMPARE(item.value(QStringLiteral("event_type")).toString(), QLatin1String(want.type));
        QCOMPARE(item.value(QStringLiteral("source")).toString(), QLatin1String(want.source));
        // markUp's error names no agent: its session's (a Gemini main session) stands in.
        QCOMPARE(item.value(QStringLiteral("agent_name")).toString(), QStringLiteral("main"));
        if (want.model)
            QCOMPARE(item.value(QStringLiteral("model")).toString(), QLatin1String(want.model));
        else
            QVERIFY(item.value(QStringLiteral("model")).isNull());
        if (want.message)
            QVERIFY2(item.value(QStringLiteral("message")).toString().startsWith(QLatin1String(want.message)),
                qPrintable(item.value(QStringLiteral("message")).toString()));
        else
            QVERIFY(item.value(QStringLiteral("message")).isNull());
        if (QLatin1String(want.type) == QLatin1String("error")) {
            // Not a request: no tokens, latency or requested model.
            QVERIFY(item.value(QStringLiteral("tokens")).isNull());
            QVERIFY(item.value(QStringLiteral("latency_ms")).isNull());
            QVERIFY(item.value(QStringLiteral("requested_model")).isNull());
        } else {
            QVERIFY(item.value(QStringLiteral("tokens")).toInteger() > 0);
        }
    }
    const QJsonObject requested = items.at(2).toObject();
    QCOMPARE(requested.value(QStringLiteral("requested_model")).toString(), QStringLiteral("gpt-5.5"));
    QCOMPARE(requested.value(QStringLiteral("latency_ms")).toInteger(), qint64(210)); // request 21, markUp
}

void TestAnalyticsRoutes::statsServesBothSeeds()
{
    auto server = startServer(m_marked);
    const QJsonObject body = getObject(server->port(), "/api/stats");
    QCOMPARE(body.value(QStringLiteral("success")).toBool(), true);
    // An empty days= is absent, as for every parameter: all time, not today.
    QCOMPARE(getObject(server->port(), "/api/stats?days=").value(QStringLiteral("cache")),
        body.value(QStringLiteral("cache")));
    const QJsonObject data = body.value(QStringLiteral("data")).toObject();
    const QJsonObject tables = data.value(QStringLiteral("tables")).toObject();
    QCOMPARE(tables.value(QStringLiteral("usage_records")).toInteger(), qint64(40));
    // The fixtures' four events and markUp's one (activityErrorsAndOverrides).
    Sql sql(m_marked);
    QCOMPARE(tables.value(QStringLiteral("agent_events")).toInteger(),
        sql.integer("SELECT COUNT(*) FROM agent_events"));
    QCOMPARE(tables.value(QStringLiteral("agent_events")).toInteger(), qint64(4 + 1));
    QCOMPARE(tables.value(QStringLiteral("projects")).toInteger(), qint64(7));
    // Counted as sessions, for speed: the view has one row per session.
    QCOMPARE(tables.value(QStringLiteral("traces")).toInteger(), sql.integer("SELECT COUNT(*) FROM traces"));
    QCOMPARE(tables.value(QStringLiteral("delegations")).toInteger(),
        sql.integer("SELECT COUNT(*) FROM delegations"));
    QCOMPARE(body.value(QStringLiteral("cache")), data.value(QStringLiteral("cache")));
    QCOMPARE(body.value(QStringLiteral("latency")), data.value(QStringLiteral("latency")));
    const QJsonObject cache = body.value(QStringLiteral("cache")).toObject();
    for (const char* field : { "hit_rate", "hits", "misses", "entries", "total_savings" })
        QVERIFY2(cache.contains(QLatin1String(field)), field);
    const QJsonObject latency = body.value(QStringLiteral("latency")).toObject();
    QCOMPARE(latency.value(QStringLiteral("samples")).toInteger(), qint64(40));
    QCOMPARE(latency.value(QStringLiteral("p50")).toInteger(), qint64(200));
    QCOMPARE(latency.value(QStringLiteral("p95")).toInteger(), qint64(380));
    QCOMPARE(latency.value(QStringLiteral("p99")).toInteger(), qint64(400));
    // days=1: requests 14, 15, 16, 30, 33 and 34 (from 2026-05-06T00:00Z).
    const QJsonObject today
        = getObject(server->port(), "/api/stats?days=1").value(QStringLiteral("latency")).toObject();
    QCOMPARE(today.value(QStringLiteral("samples")).toInteger(), qint64(6));
    QCOMPARE(
        today.value(QStringLiteral("p50")).toInteger(), qint64(160)); // rank 3 of 140 150 160 300 330 340
    QCOMPARE(today.value(QStringLiteral("p95")).toInteger(), qint64(340)); // rank 6
    QCOMPARE(get(server->port(), "/api/stats?days=nope").status, 400);
}

void TestAnalyticsRoutes::statsCacheMatchesActivityView()
{
    // /api/stats classifies requests without the view (for speed); it must agree with the view.
    for (const QString& path : { m_db, m_marked }) {
        auto server = startServer(path);
        const QJsonObject cache
            = getObject(server->port(), "/api/stats").value(QStringLiteral("cache")).toObject();
        Sql sql(path);
        const qint64 hits = sql.integer("SELECT COUNT(*) FROM activity WHERE event_type = 'cache_hit'");
        const qint64 misses = sql.integer("SELECT COUNT(*) FROM activity WHERE event_type = 'cache_miss'");
        QCOMPARE(cache.value(QStringLiteral("hits")).toInteger(), hits);
        QCOMPARE(cache.value(QStringLiteral("misses")).toInteger(), misses);
        QCOMPARE(cache.value(QStringLiteral("entries")).toInteger(),
            sql.integer("SELECT COUNT(*) FROM usage_records WHERE cache_read_tokens > 0"));
        QCOMPARE(cache.value(QStringLiteral("requests")).toInteger(), qint64(40));
        QCOMPARE(cache.value(QStringLiteral("hit_rate")).toDouble(),
            std::round(10000.0 * double(hits) / double(hits + misses)) / 10000.0);
    }
    // Known fixture figures: 24 hits and 8 misses; the marked copy turns two of them into overrides.
    auto server = startServer(m_db);
    const QJsonObject cache
        = getObject(server->port(), "/api/stats").value(QStringLiteral("cache")).toObject();
    QCOMPARE(cache.value(QStringLiteral("hits")).toInteger(), qint64(24));
    QCOMPARE(cache.value(QStringLiteral("misses")).toInteger(), qint64(8));
    QCOMPARE(cache.value(QStringLiteral("hit_rate")).toDouble(), 0.75);
}

void TestAnalyticsRoutes::requestRulesMatchActivityView()
{
    // ActivityQuery::usageEventCodeSql() repeats the view's rules for speed: it must classify every
    // request as the view does, edge cases included.
    const QString path = m_dir.filePath(QStringLiteral("edges.db"));
    buildFixtureDatabase(path);
    markUp(path);
    {
        Database db;
        db.open(path);
        db.exec("INSERT INTO usage_records (session_id, ts, model, requested_model, input_tokens, "
                "cache_read_tokens, "
                "cache_write_5m_tokens, cache_write_1h_tokens, record_key, key_hash) VALUES "
                "(1, 1777886000001, 'm', NULL, 10, 10, 0, 0, 'half read', 1), "
                "(1, 1777886000002, 'm', NULL, 9, 10, 0, 0, 'just over half', 2), "
                "(1, 1777886000003, 'm', NULL, 0, 0, 0, 5, 'one-hour write only', 3), "
                "(1, 1777886000004, 'm', NULL, 0, 0, 0, 0, 'nothing', 4), "
                "(1, 1777886000005, NULL, 'm', 0, 10, 0, 0, 'no model answered', 5), "
                "(1, 1777886000006, 'm', 'm', 0, 10, 0, 0, 'asked for what answered', 6), "
                "(1, 1777886000007, NULL, NULL, 5, 0, 0, 0, 'no model at all', 7)");
    }
    Sql sql(path);
    QStringList names;
    for (const QString& type : ActivityFilter::allEventTypes())
        names.append(QStringLiteral("'%1'").arg(type));
    const std::string mismatches
        = "SELECT COUNT(*) FROM activity a JOIN usage_records u ON a.rid = 'u' || u.id WHERE a.event_type <> "
          "(CASE "
        + ActivityQuery::usageEventCodeSql()
        + " WHEN 0 THEN 'api_call' WHEN 1 THEN 'cache_hit' "
          "WHEN 2 THEN 'cache_miss' WHEN 3 THEN 'model_override' END)";
    QCOMPARE(sql.integer(mismatches), qint64(0));
    QCOMPARE(sql.integer("SELECT COUNT(*) FROM activity a JOIN usage_records u ON a.rid = 'u' || u.id"),
        qint64(47));
    // Every type occurs, so the comparison covers each rule.
    QCOMPARE(sql.integer("SELECT COUNT(DISTINCT event_type) FROM activity"), qint64(5));
}

void TestAnalyticsRoutes::statsCacheSavings()
{
    auto server = startServer(m_db);
    const QJsonObject cache
        = getObject(server->port(), "/api/stats").value(QStringLiteral("cache")).toObject();
    // Independently, request by request with each request's own provider and time: what its cache reads
    // would have cost as fresh input, minus what they cost.
    const ServerConfig config = testConfig(m_db);
    Sql sql(m_db);
    SqliteStatement rows = sql.db.prepare("SELECT model, COALESCE(provider, ''), ts, cache_read_tokens FROM "
                                          "usage_records WHERE cache_read_tokens > 0");
    double expected = 0;
    qint64 tokens = 0;
    while (rows.step()) {
        TokenCounts fresh;
        fresh.input = rows.int64(3);
        TokenCounts read;
        read.cacheRead = rows.int64(3);
        tokens += rows.int64(3);
        const PriceQuote a = config.prices->price(rows.bytes(0), rows.bytes(1), fresh, rows.int64(2));
        const PriceQuote b = config.prices->price(rows.bytes(0), rows.bytes(1), read, rows.int64(2));
        if (a.isPriced() && b.isPriced())
            expected += *a.cost - *b.cost;
    }
    QCOMPARE(cache.value(QStringLiteral("cache_read_tokens")).toInteger(), tokens);
    QVERIFY(expected > 0.1);
    QVERIFY2(near(cache.value(QStringLiteral("total_savings")).toDouble(), expected, 1e-5),
        qPrintable(QStringLiteral("%1 vs %2")
                       .arg(cache.value(QStringLiteral("total_savings")).toDouble())
                       .arg(expected)));
    QCOMPARE(cache.value(QStringLiteral("unpriced_models")).toInteger(), qint64(0));
}

void TestAnalyticsRoutes::projectStats()
{
    auto server = startServer(m_marked);
    const QJsonObject body = getObject(server->port(), "/api/project/stats");
    const QJsonArray projects = body.value(QStringLiteral("projects")).toArray();
    QCOMPARE(body.value(QStringLiteral("count")).toInteger(), qint64(8));
    QCOMPARE(projects.size(), 8);
    QHash<QString, QJsonObject> byName;
    double previousCost = 1e9;
    for (const QJsonValue& value : projects) {
        const QJsonObject project = value.toObject();
        byName.insert(project.value(QStringLiteral("name")).toString(), project);
        QVERIFY(project.value(QStringLiteral("cost")).toDouble() <= previousCost); // most expensive first
        previousCost = project.value(QStringLiteral("cost")).toDouble();
        QCOMPARE(project.value(QStringLiteral("tokens")).toInteger(),
            project.value(QStringLiteral("tokens_in")).toInteger()
                + project.value(QStringLiteral("tokens_out")).toInteger());
    }
    // shop holds requests 1-16 and 35-40: 22 latencies, 10..160 and 350..400 ms. Nearest rank: p50 is
    // rank 11 (110), p95 rank 21 (390), p99 rank 22 (400).
    const QJsonObject shop = byName.value(QStringLiteral("shop"));
    QCOMPARE(shop.value(QStringLiteral("calls")).toInteger(), qint64(22));
    QCOMPARE(shop.value(QStringLiteral("sessions")).toInteger(), qint64(12));
    const QJsonObject shopLatency = shop.value(QStringLiteral("latency")).toObject();
    QCOMPARE(shopLatency.value(QStringLiteral("samples")).toInteger(), qint64(22));
    QCOMPARE(shopLatency.value(QStringLiteral("p50")).toInteger(), qint64(110));
    QCOMPARE(shopLatency.value(QStringLiteral("p95")).toInteger(), qint64(390));
    QCOMPARE(shopLatency.value(QStringLiteral("p99")).toInteger(), qint64(400));
    // workspace holds requests 19-28: 190..280 ms; p50 rank 5 (230), p95 and p99 rank 10 (280).
    const QJsonObject workspace
        = byName.value(QStringLiteral("workspace")).value(QStringLiteral("latency")).toObject();
    QCOMPARE(workspace.value(QStringLiteral("samples")).toInteger(), qint64(10));
    QCOMPARE(workspace.value(QStringLiteral("p50")).toInteger(), qint64(230));
    QCOMPARE(workspace.value(QStringLiteral("p95")).toInteger(), qint64(280));
    QCOMPARE(workspace.value(QStringLiteral("p99")).toInteger(), qint64(280));
    // The session with neither project nor directory: request 18 (180 ms).
    const QJsonObject none = byName.value(QStringLiteral("(no project)"));
    QCOMPARE(none.value(QStringLiteral("latency")).toObject().value(QStringLiteral("p50")).toInteger(),
        qint64(180));
    QCOMPARE(
        shop.value(QStringLiteral("first_activity")).toString(), QStringLiteral("2026-05-04T09:02:03.512Z"));

    const QJsonArray today
        = getObject(server->port(), "/api/project/stats?days=1").value(QStringLiteral("projects")).toArray();
    qint64 calls = 0;
    for (const QJsonValue& value : today)
        calls += value.toObject().value(QStringLiteral("calls")).toInteger();
    QCOMPARE(calls, qint64(6));
}

void TestAnalyticsRoutes::machineStats()
{
    auto server = startServer(m_db);
    const HttpReply reply = get(server->port(), "/api/machine/stats");
    QCOMPARE(reply.status, 200);
    const QJsonObject machine = reply.json();
    if (!QFileInfo::exists(QStringLiteral("/proc/stat")))
        QSKIP("no /proc on this system");
    QVERIFY(machine.value(QStringLiteral("cpu")).isDouble());
    QVERIFY(machine.value(QStringLiteral("memory")).isDouble());
    QVERIFY(machine.value(QStringLiteral("memory_total_bytes")).toInteger() > 0);
    QVERIFY(machine.value(QStringLiteral("uptime")).isDouble());
    QVERIFY(machine.value(QStringLiteral("uptime")).toInteger() >= 0);
    QVERIFY(machine.value(QStringLiteral("process_count")).isDouble());
    const QJsonObject processes = machine.value(QStringLiteral("agent_processes")).toObject();
    qint64 sum = 0;
    for (const QJsonValue& count : processes)
        sum += count.toInteger();
    QCOMPARE(processes.size(), 5);
    QCOMPARE(machine.value(QStringLiteral("process_count")).toInteger(), sum);
}

void TestAnalyticsRoutes::overridesStats()
{
    auto server = startServer(m_marked);
    const QJsonObject body = getObject(server->port(), "/api/overrides/stats");
    QCOMPARE(body.value(QStringLiteral("total_overrides")).toInteger(), qint64(3));
    // markUp's three overrides, and request 17 (OpenCode's legacy reply, as ingested) whose requested
    // model is the answering one: counted, not an override.
    QCOMPARE(body.value(QStringLiteral("requests_with_requested_model")).toInteger(), qint64(4));
    QCOMPARE(body.value(QStringLiteral("override_rate")).toDouble(), 0.75);
    const QJsonArray pairs = body.value(QStringLiteral("overrides")).toArray();
    QCOMPARE(pairs.size(), 2);
    const QJsonObject first = pairs.at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("requested_model")).toString(), QStringLiteral("claude-opus-4-1"));
    QCOMPARE(first.value(QStringLiteral("model")).toString(), QStringLiteral("claude-sonnet-4-5-20250929"));
    QCOMPARE(first.value(QStringLiteral("count")).toInteger(), qint64(2));
    QCOMPARE(first.value(QStringLiteral("tokens")).toInteger(),
        qint64(4 + 96 + 18200 + 1520) + qint64(6 + 150 + 19720 + 300));
    QCOMPARE(
        first.value(QStringLiteral("first_seen")).toString(), QStringLiteral("2026-05-04T09:12:06.480Z"));
    QCOMPARE(first.value(QStringLiteral("last_seen")).toString(), QStringLiteral("2026-05-04T09:12:10Z"));
    const QJsonObject second = pairs.at(1).toObject();
    QCOMPARE(second.value(QStringLiteral("requested_model")).toString(), QStringLiteral("gpt-5.5"));
    QCOMPARE(second.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-5.4"));
    QCOMPARE(second.value(QStringLiteral("count")).toInteger(), qint64(1));

    // The unmarked fixtures record one requested model, on OpenCode's legacy reply
    // msg_7a01leg0002ASST: sonnet asked and answered (opencode/README.md), so no override and a rate
    // of 0. (OpenCode's override, ASST2, is in its SQLite database, which buildFixtureDatabase does not
    // create.)
    auto plain = startServer(m_db);
    Sql sql(m_db);
    const QJsonObject none = getObject(plain->port(), "/api/overrides/stats");
    QCOMPARE(none.value(QStringLiteral("total_overrides")).toInteger(), qint64(0));
    QCOMPARE(none.value(QStringLiteral("requests_with_requested_model")).toInteger(),
        sql.integer("SELECT COUNT(*) FROM usage_records WHERE requested_model IS NOT NULL"));
    QCOMPARE(none.value(QStringLiteral("requests_with_requested_model")).toInteger(), qint64(1));
    QVERIFY(none.value(QStringLiteral("override_rate")).isDouble());
    QCOMPARE(none.value(QStringLiteral("override_rate")).toDouble(), 0.0);
    QCOMPARE(none.value(QStringLiteral("overrides")).toArray().size(), 0);
    // No requested model in the window (that reply is of 2026-05-03): no rate at all.
    const QJsonObject today = getObject(plain->port(), "/api/overrides/stats?days=1");
    QCOMPARE(today.value(QStringLiteral("requests_with_requested_model")).toInteger(), qint64(0));
    QVERIFY(today.value(QStringLiteral("override_rate")).isNull());
    QCOMPARE(today.value(QStringLiteral("overrides")).toArray().size(), 0);
}

void TestAnalyticsRoutes::streamFrames()
{
    auto server = startServer(m_db, 200);
    SseClient client;
    QVERIFY(client.open(server->port(), "/api/stream"));
    QCOMPARE(client.status(), 200);
    QVERIFY(client.headerBlock().contains("text/event-stream"));
    // The first frame comes at once, the next one a tick later.
    QVERIFY(client.waitForEvents(2, 5000));
    for (const SseClient::Event& event : client.events()) {
        QCOMPARE(event.event, QByteArray("analytics"));
        const QJsonObject data = event.json();
        const QJsonArray activity = data.value(QStringLiteral("activity")).toArray();
        QCOMPARE(activity.size(), 20);
        const QJsonObject machine = data.value(QStringLiteral("machine")).toObject();
        if (QFileInfo::exists(QStringLiteral("/proc/stat"))) {
            QVERIFY(machine.value(QStringLiteral("cpu")).isDouble());
            QVERIFY(machine.value(QStringLiteral("memory")).isDouble());
        }
        const QJsonValue count = machine.value(QStringLiteral("process_count"));
        QVERIFY(count.isDouble());
        QCOMPARE(count.toDouble(), double(count.toInteger()));
        QVERIFY(machine.value(QStringLiteral("uptime")).isDouble());
        // The most recently active session is the Gemini one in /home/ana/scratch (project "scratch"):
        // one request, 530 tokens.
        const QJsonObject project = data.value(QStringLiteral("project")).toObject();
        QCOMPARE(project.value(QStringLiteral("name")).toString(), QStringLiteral("scratch"));
        QCOMPARE(project.value(QStringLiteral("calls")).toInteger(), qint64(1));
        QCOMPARE(project.value(QStringLiteral("tokens")).toInteger(), qint64(530));
        QVERIFY(project.contains(QStringLiteral("cost")));
        QCOMPARE(
            project.value(QStringLiteral("last_updated")).toString(), QStringLiteral("2026-05-07T23:59:20Z"));
        // The 20 newest requests of the feed, newest first.
        QCOMPARE(activity.first().toObject().value(QStringLiteral("timestamp")).toString(),
            QStringLiteral("2026-05-07T23:59:20Z"));
        for (const char* field : { "timestamp", "event_type", "agent_name", "model", "tokens", "latency_ms" })
            QVERIFY2(activity.first().toObject().contains(QLatin1String(field)), field);
    }
    const QJsonArray first = client.events().at(0).json().value(QStringLiteral("activity")).toArray();
    const QJsonObject all = get(server->port(), "/api/activity?limit=20").json();
    QCOMPARE(first, all.value(QStringLiteral("activity")).toArray());
}

void TestAnalyticsRoutes::streamEventTypeFilter()
{
    auto server = startServer(m_marked, 200);
    SseClient client;
    QVERIFY(client.open(server->port(), "/api/stream?event_type=error,model_override"));
    QCOMPARE(client.status(), 200);
    QVERIFY(client.waitForEvents(2, 5000));
    // Five errors and three overrides (activityErrorsAndOverrides): fewer than a frame's 20 items.
    const qint64 expected = Sql(m_marked).integer(
        "SELECT COUNT(*) FROM activity WHERE event_type IN ('error', 'model_override')");
    QCOMPARE(expected, qint64(5 + 3));
    for (const SseClient::Event& event : client.events()) {
        const QJsonArray activity = event.json().value(QStringLiteral("activity")).toArray();
        QCOMPARE(qint64(activity.size()), expected);
        for (const QJsonValue& item : activity) {
            const QString type = item.toObject().value(QStringLiteral("event_type")).toString();
            QVERIFY2(type == QStringLiteral("error") || type == QStringLiteral("model_override"),
                qPrintable(type));
        }
    }
    SseClient hits;
    QVERIFY(hits.open(server->port(), "/api/stream?event_type=cache_hit"));
    QVERIFY(hits.waitForEvents(1, 5000));
    const QJsonArray activity = hits.events().at(0).json().value(QStringLiteral("activity")).toArray();
    QCOMPARE(activity.size(), 20);
    for (const QJsonValue& item : activity)
        QCOMPARE(item.toObject().value(QStringLiteral("event_type")).toString(), QStringLiteral("cache_hit"));
}

void TestAnalyticsRoutes::streamPinnedProject()
{
    auto server = startServer(m_db, 200);
    const QJsonObject projects
        = get(server->port(), "/api/metrics/projects").json().value(QStringLiteral("projects")).toObject();
    for (const QByteArray& target : { QByteArray("/api/stream?project=shop"),
             QByteArray("/api/stream?project=%2Fhome%2Fana%2Fsrc%2Fshop"),
             QByteArray("/api/stream?project=(no%20project)") }) {
        SseClient client;
        QVERIFY(client.open(server->port(), target));
        QCOMPARE(client.status(), 200);
        QVERIFY(client.waitForEvents(1, 5000));
        const QJsonObject project = client.events().at(0).json().value(QStringLiteral("project")).toObject();
        const QString name = project.value(QStringLiteral("name")).toString();
        QVERIFY2(projects.contains(name), qPrintable(name));
        const QJsonObject expected = projects.value(name).toObject();
        QVERIFY(near(project.value(QStringLiteral("cost")).toDouble(),
            expected.value(QStringLiteral("cost")).toDouble()));
        QCOMPARE(project.value(QStringLiteral("tokens")), expected.value(QStringLiteral("tokens")));
        QCOMPARE(project.value(QStringLiteral("calls")), expected.value(QStringLiteral("calls")));
        QCOMPARE(
            project.value(QStringLiteral("last_updated")), expected.value(QStringLiteral("last_updated")));
    }
}

void TestAnalyticsRoutes::streamBadParameters()
{
    auto server = startServer(m_db, 200);
    SseClient unknownType;
    QVERIFY(unknownType.open(server->port(), "/api/stream?event_type=cache_hit,nope"));
    QCOMPARE(unknownType.status(), 400);
    const HttpReply badType = get(server->port(), "/api/stream?event_type=nope");
    QCOMPARE(badType.status, 400);
    QCOMPARE(badType.json().value(QStringLiteral("success")).toBool(true), false);
    const HttpReply unknownProject = get(server->port(), "/api/stream?project=no-such-project");
    QCOMPARE(unknownProject.status, 404);
    QVERIFY(unknownProject.json()
                .value(QStringLiteral("error"))
                .toString()
                .contains(QStringLiteral("no-such-project")));
}

void TestAnalyticsRoutes::streamSharesFrames()
{
    // Clients with the same options share each tick's frame (it is computed once): the frames are
    // byte-identical, although cpu and uptime change between computations. A client with other options
    // gets its own frames.
    auto server = startServer(m_db, 400);
    SseClient a;
    SseClient b;
    SseClient filtered;
    QVERIFY(a.open(server->port(), "/api/stream"));
    QVERIFY(b.open(server->port(), "/api/stream"));
    QVERIFY(filtered.open(server->port(), "/api/stream?event_type=api_call"));
    QVERIFY(a.waitForEvents(4, 5000));
    QVERIFY(b.waitForEvents(4, 5000));
    QVERIFY(filtered.waitForEvents(2, 5000));
    // b may have joined after a's first frame was made, but within the same interval: from then on
    // both got the same bytes.
    const QByteArray last = a.events().last().data;
    bool shared = false;
    for (const SseClient::Event& event : b.events())
        shared = shared || event.data == last;
    QVERIFY(shared);
    for (const QJsonValue& item : filtered.events().last().json().value(QStringLiteral("activity")).toArray())
        QCOMPARE(item.toObject().value(QStringLiteral("event_type")).toString(), QStringLiteral("api_call"));
}

void TestAnalyticsRoutes::answersFollowNewData()
{
    // Statistics are memoized while the database is unchanged, and the stream reuses its database
    // part between ticks; a commit by another connection (ingest) must show at once in both.
    const QString path = m_dir.filePath(QStringLiteral("changing.db"));
    buildFixtureDatabase(path);
    auto server = startServer(path, 200);
    // The fixtures' agent events (activityFeed), fewer than a frame's 20 items.
    const qint64 events = Sql(path).integer("SELECT COUNT(*) FROM agent_events");
    QCOMPARE(events, qint64(4));
    SseClient stream;
    QVERIFY(stream.open(server->port(), "/api/stream?event_type=error"));
    QVERIFY(stream.waitForEvents(2, 5000));
    QCOMPARE(
        qint64(stream.events().last().json().value(QStringLiteral("activity")).toArray().size()), events);
    for (int i = 0; i < 4; ++i) // both pool threads answer, and memoize
        QCOMPARE(getObject(server->port(), "/api/stats")
                     .value(QStringLiteral("cache"))
                     .toObject()
                     .value(QStringLiteral("hits"))
                     .toInteger(),
            qint64(24));
    const qint64 shopCalls = getObject(server->port(), "/api/metrics/projects")
                                 .value(QStringLiteral("projects"))
                                 .toObject()
                                 .value(QStringLiteral("shop"))
                                 .toObject()
                                 .value(QStringLiteral("calls"))
                                 .toInteger();
    {
        Database db;
        db.open(path);
        db.exec("UPDATE usage_records SET cache_read_tokens = 0 WHERE id = 4"); // a cache hit no more
        db.exec("INSERT INTO usage_records (session_id, ts, model, input_tokens, output_tokens, record_key, "
                "key_hash) "
                "VALUES (1, 1777886600000, 'claude-sonnet-4-5-20250929', 10, 10, 'new', 7)");
        db.exec("INSERT INTO agent_events (session_id, ts, kind, event_key, key_hash) VALUES (1, "
                "1777886500000, 'error', "
                "'e', 1)");
        UsageRollup::rebuild(db);
    }
    for (int i = 0; i < 4; ++i)
        QCOMPARE(getObject(server->port(), "/api/stats")
                     .value(QStringLiteral("cache"))
                     .toObject()
                     .value(QStringLiteral("hits"))
                     .toInteger(),
            qint64(23));
    QCOMPARE(getObject(server->port(), "/api/metrics/projects")
                 .value(QStringLiteral("projects"))
                 .toObject()
                 .value(QStringLiteral("shop"))
                 .toObject()
                 .value(QStringLiteral("calls"))
                 .toInteger(),
        shopCalls + 1);
    const int seen = int(stream.events().size());
    QVERIFY(stream.waitForEvents(seen + 2, 5000));
    QCOMPARE(
        qint64(stream.events().last().json().value(QStringLiteral("activity")).toArray().size()), events + 1);
}

void TestAnalyticsRoutes::streamSurvivesDatabaseErrors()
{
    // No database file: frames cannot be computed, but the stream stays open with a comment saying
    // why, and the server goes on answering.
    auto server = startServer(m_dir.filePath(QStringLiteral("missing/none.db")), 200);
    SseClient client;
    QVERIFY(client.open(server->port(), "/api/stream"));
    QCOMPARE(client.status(), 200);
    QTRY_VERIFY_WITH_TIMEOUT(
        (client.waitForEvents(1, 50), client.raw().contains(": analytics frame failed")), 5000);
    QCOMPARE(client.events().size(), 0);
    QCOMPARE(get(server->port(), "/api/health").status, 200);
    QCOMPARE(get(server->port(), "/api/stats").status, 500);
    QCOMPARE(get(server->port(), "/api/stream?project=shop").status, 500);
}

QTEST_GUILESS_MAIN(TestAnalyticsRoutes)
#include "tst_analyticsroutes.moc"

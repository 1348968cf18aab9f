// SPDX-License-Identifier: MIT
// GET /api/tokens (token-tracker-report.md) over real HTTP against the fixture database: the report's
// fields and values (checked against SQL over usage_records, which the route does not read), periods,
// the local day in another time zone, and the 15-minute cache with ?refresh=true.
#include "agentstyle.h"
#include "apiserver.h"
#include "apitestsupport.h"
#include "store/database.h"
#include "store/usagerollup.h"

#include <cmath>
#include <limits>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace ApiTestSupport;

class TestTokenRoutes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void reportShape();
    void totalsAndAgents();
    void agentStyles();
    void todayAndDaily();
    void recentSessions();
    void periods();
    void badParameters();
    void localDayInOtherTimeZone();
    void cacheAndRefresh();
    void cacheCanBeOff();

private:
    std::unique_ptr<ApiServer> startServer(ServerConfig config);
    QTemporaryDir m_dir;
    QString m_db;
};

namespace {

const char* const kTokens = "(u.input_tokens + u.cache_read_tokens + u.cache_write_5m_tokens + "
                            "u.cache_write_1h_tokens + u.output_tokens + u.reasoning_tokens)";
const char* const kCost = "COALESCE(u.logged_cost, u.computed_cost, 0)";

qint64 utcMs(int year, int month, int day, int hour = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}

struct Sums
{
    qint64 tokens = 0;
    double cost = 0;
    qint64 requests = 0;
};

// Every request with fromMs <= ts < toMs, straight from usage_records.
Sums sums(const QString& path, qint64 fromMs, qint64 toMs)
{
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    SqliteStatement statement = db.prepare(std::string("SELECT COALESCE(SUM(") + kTokens
        + "), 0), COALESCE(SUM(" + kCost + "), 0), COUNT(*) FROM usage_records u WHERE ts >= ? AND ts < ?");
    statement.bind(1, fromMs);
    statement.bind(2, toMs);
    statement.step();
    return Sums { statement.int64(0), statement.real(1), statement.int64(2) };
}

constexpr qint64 kForever = std::numeric_limits<qint64>::max();

bool near(double a, double b)
{
    // Costs are reported to the micro-dollar.
    return std::abs(a - b) <= 2e-6;
}

QJsonObject agentNamed(const QJsonArray& agents, const QString& name)
{
    for (const QJsonValue& agent : agents) {
        if (agent.toObject().value(QStringLiteral("name")).toString() == name)
            return agent.toObject();
    }
    return {};
}

} // namespace

std::unique_ptr<ApiServer> TestTokenRoutes::startServer(ServerConfig config)
{
    auto server = std::make_unique<ApiServer>(std::move(config));
    QString error;
    if (!server->start(&error))
        qWarning("server did not start: %s", qPrintable(error));
    return server;
}

void TestTokenRoutes::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("api.db"));
    buildFixtureDatabase(m_db);
}

void TestTokenRoutes::reportShape()
{
    auto server = startServer(testConfig(m_db));
    const HttpReply reply = get(server->port(), "/api/tokens");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
    const QJsonObject body = reply.json();
    QVERIFY2(!body.contains(QStringLiteral("success")), "this seed has no envelope");
    for (const char* field : { "lastUpdated", "totalTokens", "totalCost", "period", "agents", "summary",
             "dailyUsage", "recentSessions", "meta" })
        QVERIFY2(body.contains(QLatin1String(field)), field);
    QCOMPARE(body.value(QStringLiteral("period")).toString(), QStringLiteral("all"));
    // The pinned clock: the report says when it was computed.
    QCOMPARE(body.value(QStringLiteral("lastUpdated")).toString(), QStringLiteral("2026-05-06T12:00:00Z"));
    for (const QJsonValue& value : body.value(QStringLiteral("agents")).toArray()) {
        const QJsonObject agent = value.toObject();
        for (const char* field :
            { "name", "emoji", "role", "tokens", "tokensIn", "tokensOut", "cost", "color", "sessions" })
            QVERIFY2(agent.contains(QLatin1String(field)), field);
        QCOMPARE(agent.value(QStringLiteral("tokens")).toInteger(),
            agent.value(QStringLiteral("tokensIn")).toInteger()
                + agent.value(QStringLiteral("tokensOut")).toInteger());
    }
    const QJsonObject meta = body.value(QStringLiteral("meta")).toObject();
    QCOMPARE(meta.value(QStringLiteral("cached")).toBool(true), false);
    QCOMPARE(meta.value(QStringLiteral("cacheAgeSeconds")).toInteger(), qint64(0));
    QCOMPARE(meta.value(QStringLiteral("agentCount")).toInteger(),
        qint64(body.value(QStringLiteral("agents")).toArray().size()));
}

void TestTokenRoutes::totalsAndAgents()
{
    auto server = startServer(testConfig(m_db));
    const QJsonObject body = get(server->port(), "/api/tokens").json();
    const Sums all = sums(m_db, 0, kForever);
    QCOMPARE(body.value(QStringLiteral("totalTokens")).toInteger(), all.tokens);
    QVERIFY(near(body.value(QStringLiteral("totalCost")).toDouble(), all.cost));

    // Per agent: a session's agent (main when none) within its source, from usage_records.
    Database db;
    db.open(m_db, Database::Mode::ReadOnly);
    SqliteStatement expected
        = db.prepare(std::string("SELECT src.name, COALESCE(s.agent, 'main'), SUM(") + kTokens
            + "), SUM(u.input_tokens + u.cache_read_tokens + u.cache_write_5m_tokens + "
              "u.cache_write_1h_tokens), SUM("
            + kCost
            + "), COUNT(DISTINCT s.id) FROM usage_records u JOIN sessions s ON s.id = u.session_id JOIN "
              "sources src ON "
              "src.id = s.source_id GROUP BY 1, 2");
    const QJsonArray agents = body.value(QStringLiteral("agents")).toArray();
    int groups = 0;
    qint64 sessions = 0;
    while (expected.step()) {
        ++groups;
        const QString name
            = QStringLiteral("%1 (%2)").arg(expected.text(1), AgentStyle::sourceTitle(expected.text(0)));
        const QJsonObject agent = agentNamed(agents, name);
        QVERIFY2(!agent.isEmpty(), qPrintable(name));
        QCOMPARE(agent.value(QStringLiteral("tokens")).toInteger(), expected.int64(2));
        QCOMPARE(agent.value(QStringLiteral("tokensIn")).toInteger(), expected.int64(3));
        QVERIFY2(near(agent.value(QStringLiteral("cost")).toDouble(), expected.real(4)), qPrintable(name));
        QCOMPARE(agent.value(QStringLiteral("sessions")).toInteger(), expected.int64(5));
        QCOMPARE(agent.value(QStringLiteral("source")).toString(), expected.text(0));
        QCOMPARE(agent.value(QStringLiteral("agent")).toString(), expected.text(1));
        sessions += expected.int64(5);
    }
    QCOMPARE(agents.size(), groups);
    // Known fixture facts: 24 of the 25 sessions have usage, in 13 (source, agent) groups.
    QCOMPARE(groups, 13);
    QCOMPARE(body.value(QStringLiteral("meta")).toObject().value(QStringLiteral("sessionCount")).toInteger(),
        sessions);
    QCOMPARE(sessions, qint64(24));
    // Most tokens first.
    qint64 previous = std::numeric_limits<qint64>::max();
    for (const QJsonValue& agent : agents) {
        QVERIFY(agent.toObject().value(QStringLiteral("tokens")).toInteger() <= previous);
        previous = agent.toObject().value(QStringLiteral("tokens")).toInteger();
    }
}

void TestTokenRoutes::agentStyles()
{
    auto server = startServer(testConfig(m_db));
    const QJsonArray agents
        = get(server->port(), "/api/tokens").json().value(QStringLiteral("agents")).toArray();
    const QJsonObject claude = agentNamed(agents, QStringLiteral("main (Claude Code)"));
    QCOMPARE(claude.value(QStringLiteral("role")).toString(), QStringLiteral("Claude Code main session"));
    QCOMPARE(claude.value(QStringLiteral("emoji")).toString(), QStringLiteral("🤖"));
    QCOMPARE(claude.value(QStringLiteral("color")).toString(), QStringLiteral("#d97757"));
    const QJsonObject explore = agentNamed(agents, QStringLiteral("Explore (Claude Code)"));
    QCOMPARE(explore.value(QStringLiteral("role")).toString(), QStringLiteral("Claude Code sub-agent"));
    QCOMPARE(explore.value(QStringLiteral("emoji")).toString(), QStringLiteral("🔭"));
    QCOMPARE(agentNamed(agents, QStringLiteral("ops (OpenClaw)")).value(QStringLiteral("role")).toString(),
        QStringLiteral("OpenClaw agent"));
    // OpenCode's build agent runs the root session: an agent, not a sub-agent.
    QCOMPARE(agentNamed(agents, QStringLiteral("build (OpenCode)")).value(QStringLiteral("role")).toString(),
        QStringLiteral("OpenCode agent"));
    QCOMPARE(agentNamed(agents, QStringLiteral("codebase_investigator (Gemini CLI)"))
                 .value(QStringLiteral("role"))
                 .toString(),
        QStringLiteral("Gemini CLI sub-agent"));

    // An unknown agent gets a look from its name's hash: the same every time, a colour of the palette.
    const AgentStyle a = AgentStyle::of(QStringLiteral("claude"), QStringLiteral("db-migrator"),
        QStringLiteral("db-migrator (Claude Code)"), true);
    const AgentStyle b = AgentStyle::of(QStringLiteral("claude"), QStringLiteral("db-migrator"),
        QStringLiteral("db-migrator (Claude Code)"), true);
    QCOMPARE(a.emoji, b.emoji);
    QCOMPARE(a.color, b.color);
    QVERIFY(!a.emoji.isEmpty());
    QVERIFY(QRegularExpression(QStringLiteral("^#[0-9a-f]{6}$")).match(a.color).hasMatch());
    QCOMPARE(a.role, QStringLiteral("Claude Code sub-agent"));
    bool differs = false;
    for (const char* other : { "alpha", "beta", "gamma", "delta", "epsilon" }) {
        const AgentStyle c
            = AgentStyle::of(QStringLiteral("claude"), QLatin1String(other), QLatin1String(other), true);
        differs = differs || c.color != a.color || c.emoji != a.emoji;
    }
    QVERIFY(differs);
}

void TestTokenRoutes::todayAndDaily()
{
    auto server = startServer(testConfig(m_db));
    const QJsonObject body = get(server->port(), "/api/tokens").json();
    // Today (UTC): requests 14, 15, 33 and 34.
    const Sums today = sums(m_db, utcMs(2026, 5, 6), utcMs(2026, 5, 7));
    QCOMPARE(today.requests, qint64(4));
    const QJsonObject summary
        = body.value(QStringLiteral("summary")).toObject().value(QStringLiteral("today")).toObject();
    QCOMPARE(summary.value(QStringLiteral("tokens")).toInteger(), today.tokens);
    QVERIFY(near(summary.value(QStringLiteral("cost")).toDouble(), today.cost));

    const QJsonArray daily = body.value(QStringLiteral("dailyUsage")).toArray();
    QCOMPARE(daily.size(), 30);
    QCOMPARE(daily.first().toObject().value(QStringLiteral("date")).toString(), QStringLiteral("2026-04-07"));
    QCOMPARE(daily.last().toObject().value(QStringLiteral("date")).toString(), QStringLiteral("2026-05-06"));
    qint64 tokens = 0;
    double cost = 0;
    for (const QJsonValue& value : daily) {
        const QJsonObject day = value.toObject();
        tokens += day.value(QStringLiteral("tokens")).toInteger();
        cost += day.value(QStringLiteral("cost")).toDouble();
        qint64 split = 0;
        for (const QJsonValue& agent : day.value(QStringLiteral("agents")).toObject())
            split += agent.toObject().value(QStringLiteral("tokens")).toInteger();
        QCOMPARE(split, day.value(QStringLiteral("tokens")).toInteger());
        // Each day matches the requests of that UTC day.
        const QDate date = QDate::fromString(day.value(QStringLiteral("date")).toString(), Qt::ISODate);
        const qint64 from = QDateTime(date, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
        QCOMPARE(day.value(QStringLiteral("tokens")).toInteger(), sums(m_db, from, from + 86400000).tokens);
    }
    const Sums window = sums(m_db, utcMs(2026, 4, 7), utcMs(2026, 5, 7));
    QCOMPARE(tokens, window.tokens);
    QVERIFY(std::abs(cost - window.cost) < 1e-5);
    // 2026-05-06 split: Codex main (requests 14 and 15: 20500 + 22700) and Gemini CLI main (33, 34).
    const QJsonObject split = daily.last().toObject().value(QStringLiteral("agents")).toObject();
    QCOMPARE(split.size(), 2);
    QCOMPARE(
        split.value(QStringLiteral("main (Codex)")).toObject().value(QStringLiteral("tokens")).toInteger(),
        qint64(43200));
    QCOMPARE(split.value(QStringLiteral("main (Gemini CLI)"))
                 .toObject()
                 .value(QStringLiteral("tokens"))
                 .toInteger(),
        qint64(2000 + 250 + 8000 + 40 + 1000 + 50));
    // An empty day is listed with zeros, so a chart needs no gap filling.
    const QJsonObject empty = daily.first().toObject();
    QCOMPARE(empty.value(QStringLiteral("tokens")).toInteger(), qint64(0));
    QCOMPARE(empty.value(QStringLiteral("agents")).toObject().size(), 0);
}

void TestTokenRoutes::recentSessions()
{
    auto server = startServer(testConfig(m_db));
    const QJsonArray recent
        = get(server->port(), "/api/tokens").json().value(QStringLiteral("recentSessions")).toArray();
    QCOMPARE(recent.size(), 10);
    QString previous = QStringLiteral("9999");
    for (const QJsonValue& value : recent) {
        const QJsonObject session = value.toObject();
        for (const char* field : { "id", "title", "agent", "tokens", "cost", "updated" })
            QVERIFY2(session.contains(QLatin1String(field)), field);
        QVERIFY(session.value(QStringLiteral("updated")).toString() <= previous);
        previous = session.value(QStringLiteral("updated")).toString();
    }
    const QJsonObject first = recent.first().toObject();
    QCOMPARE(
        first.value(QStringLiteral("id")).toString(), QStringLiteral("d4d4d4d4-eeee-4fff-8000-111111111111"));
    QCOMPARE(first.value(QStringLiteral("title")).toString(), QStringLiteral("hello"));
    QCOMPARE(first.value(QStringLiteral("agent")).toString(), QStringLiteral("main (Gemini CLI)"));
    QCOMPARE(first.value(QStringLiteral("tokens")).toInteger(), qint64(530));
    QCOMPARE(first.value(QStringLiteral("updated")).toString(), QStringLiteral("2026-05-07T23:59:20Z"));
    // The tenth newest session by last activity: Claude's main session (2026-05-04T09:21:40Z) comes after
    // nine newer ones.
    Database db;
    db.open(m_db, Database::Mode::ReadOnly);
    SqliteStatement tenth
        = db.prepare("SELECT external_id FROM sessions s WHERE EXISTS (SELECT 1 FROM usage_records u "
                     "WHERE u.session_id = s.id) ORDER BY last_ts DESC LIMIT 1 OFFSET 9");
    QVERIFY(tenth.step());
    QCOMPARE(recent.last().toObject().value(QStringLiteral("id")).toString(), tenth.text(0));
}

void TestTokenRoutes::periods()
{
    auto server = startServer(testConfig(m_db));
    struct Case
    {
        const char* period;
        qint64 from;
    };
    const Case cases[] = {
        { "today", utcMs(2026, 5, 6) },
        { "week", utcMs(2026, 4, 30) },
        { "month", utcMs(2026, 4, 7) },
        { "all", 0 },
    };
    for (const Case& c : cases) {
        const QJsonObject body = get(server->port(), QByteArray("/api/tokens?period=") + c.period).json();
        QCOMPARE(body.value(QStringLiteral("period")).toString(), QLatin1String(c.period));
        // A period runs from its first day to the end of the data (the fixtures go past "now").
        const Sums expected = sums(m_db, c.from, kForever);
        QCOMPARE(body.value(QStringLiteral("totalTokens")).toInteger(), expected.tokens);
        QVERIFY(near(body.value(QStringLiteral("totalCost")).toDouble(), expected.cost));
        // The daily series is always the last 30 days.
        QCOMPARE(body.value(QStringLiteral("dailyUsage")).toArray().size(), 30);
    }
    const QJsonObject today = get(server->port(), "/api/tokens?period=TODAY").json();
    QCOMPARE(today.value(QStringLiteral("period")).toString(), QStringLiteral("today"));
    // Requests 14 and 15 (one Codex session), 16 and 30 (2026-05-07), 33 and 34: five sessions.
    QCOMPARE(today.value(QStringLiteral("meta")).toObject().value(QStringLiteral("sessionCount")).toInteger(),
        qint64(5));
    QCOMPARE(today.value(QStringLiteral("recentSessions")).toArray().size(), 5);
}

void TestTokenRoutes::badParameters()
{
    auto server = startServer(testConfig(m_db));
    for (const QByteArray& target :
        { QByteArray("/api/tokens?period=year"), QByteArray("/api/tokens?refresh=maybe") }) {
        const HttpReply reply = get(server->port(), target);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.json().value(QStringLiteral("success")).toBool(true), false);
    }
}

void TestTokenRoutes::localDayInOtherTimeZone()
{
    const QTimeZone kiritimati(QByteArrayLiteral("Pacific/Kiritimati"));
    if (!kiritimati.isValid())
        QSKIP("no time zone data for Pacific/Kiritimati");
    // UTC+14: "now" (2026-05-06T12:00Z) is 2026-05-07 02:00 there, and that local day is
    // 2026-05-06T10:00Z .. 2026-05-07T10:00Z: requests 14, 15, 16 and 34, not 33 (08:00Z).
    ServerConfig config = testConfig(m_db);
    config.timeZone = kiritimati;
    auto server = startServer(config);
    const QJsonObject body = get(server->port(), "/api/tokens").json();
    const Sums today = sums(m_db, utcMs(2026, 5, 6, 10), utcMs(2026, 5, 7, 10));
    QCOMPARE(today.requests, qint64(4));
    const QJsonObject summary
        = body.value(QStringLiteral("summary")).toObject().value(QStringLiteral("today")).toObject();
    QCOMPARE(summary.value(QStringLiteral("tokens")).toInteger(), today.tokens);
    QVERIFY(near(summary.value(QStringLiteral("cost")).toDouble(), today.cost));
    const QJsonArray daily = body.value(QStringLiteral("dailyUsage")).toArray();
    QCOMPARE(daily.last().toObject().value(QStringLiteral("date")).toString(), QStringLiteral("2026-05-07"));
    QCOMPARE(daily.at(28).toObject().value(QStringLiteral("tokens")).toInteger(),
        sums(m_db, utcMs(2026, 5, 5, 10), utcMs(2026, 5, 6, 10)).tokens);
}

void TestTokenRoutes::cacheAndRefresh()
{
    const QString path = m_dir.filePath(QStringLiteral("cache.db"));
    buildFixtureDatabase(path);
    auto server = startServer(testConfig(path));
    const QJsonObject first = get(server->port(), "/api/tokens").json();
    QCOMPARE(
        first.value(QStringLiteral("meta")).toObject().value(QStringLiteral("cached")).toBool(true), false);
    const qint64 before = first.value(QStringLiteral("totalTokens")).toInteger();

    const QJsonObject second = get(server->port(), "/api/tokens").json();
    QCOMPARE(second.value(QStringLiteral("meta")).toObject().value(QStringLiteral("cached")).toBool(), true);
    QVERIFY(
        second.value(QStringLiteral("meta")).toObject().value(QStringLiteral("cacheAgeSeconds")).toInteger()
        >= 0);
    QCOMPARE(second.value(QStringLiteral("totalTokens")).toInteger(), before);
    QCOMPARE(second.value(QStringLiteral("lastUpdated")), first.value(QStringLiteral("lastUpdated")));
    // Each period is its own entry.
    QCOMPARE(get(server->port(), "/api/tokens?period=week")
                 .json()
                 .value(QStringLiteral("meta"))
                 .toObject()
                 .value(QStringLiteral("cached"))
                 .toBool(true),
        false);

    // A new request arrives in the store (written by another connection, as ingest does).
    {
        Database db;
        db.open(path);
        db.exec(
            "INSERT INTO usage_records (session_id, ts, model, input_tokens, output_tokens, computed_cost, "
            "record_key, key_hash) VALUES (10, 1778076100000, 'gpt-5.5', 100000, 5000, 1.5, 'test-new', 42)");
        UsageRollup::rebuild(db);
    }
    const QJsonObject stale = get(server->port(), "/api/tokens").json();
    QCOMPARE(stale.value(QStringLiteral("meta")).toObject().value(QStringLiteral("cached")).toBool(), true);
    QCOMPARE(stale.value(QStringLiteral("totalTokens")).toInteger(), before);

    const QJsonObject refreshed = get(server->port(), "/api/tokens?refresh=true").json();
    QCOMPARE(refreshed.value(QStringLiteral("meta")).toObject().value(QStringLiteral("cached")).toBool(true),
        false);
    QCOMPARE(refreshed.value(QStringLiteral("totalTokens")).toInteger(), before + 105000);
    QVERIFY(near(refreshed.value(QStringLiteral("totalCost")).toDouble(),
        first.value(QStringLiteral("totalCost")).toDouble() + 1.5));

    // The refreshed report replaced the cached one.
    const QJsonObject after = get(server->port(), "/api/tokens").json();
    QCOMPARE(after.value(QStringLiteral("meta")).toObject().value(QStringLiteral("cached")).toBool(), true);
    QCOMPARE(after.value(QStringLiteral("totalTokens")).toInteger(), before + 105000);
}

void TestTokenRoutes::cacheCanBeOff()
{
    ServerConfig config = testConfig(m_db);
    config.tokensCacheSeconds = 0;
    auto server = startServer(config);
    for (int i = 0; i < 2; ++i)
        QCOMPARE(get(server->port(), "/api/tokens")
                     .json()
                     .value(QStringLiteral("meta"))
                     .toObject()
                     .value(QStringLiteral("cached"))
                     .toBool(true),
            false);
}

QTEST_GUILESS_MAIN(TestTokenRoutes)
#include "tst_tokenroutes.moc"

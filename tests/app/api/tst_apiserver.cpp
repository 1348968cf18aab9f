// SPDX-License-Identifier: MIT
// What every route shares, over real HTTP on 127.0.0.1: envelopes, 404/405, CORS, the token, the body
// limit, and the /api/events stream (frames, resume, keep-alive, pipelining, disconnects, many
// clients, slow readers).
#include "apiserver.h"
#include "apitestsupport.h"
#include "store/database.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace ApiTestSupport;

namespace {
// One figure of /api/health/detailed's "streams" block.
int streamFigure(const ApiServer& server, const char* name)
{
    return get(server.port(), "/api/health/detailed")
        .json()
        .value(QStringLiteral("data"))
        .toObject()
        .value(QStringLiteral("streams"))
        .toObject()
        .value(QLatin1String(name))
        .toInt(-1);
}
} // namespace

class TestApiServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void health();
    void unknownRouteIs404Json();
    void wrongMethodIs405();
    void preflightAndCors();
    void tokenRequiredOffLoopback();
    void bodyLimit();
    void foreignHostRefused();
    void cachedAnswersFollowCommits();
    void eventsFramesArriveLive();
    void eventsBadParameters();
    void eventsResumeFromLastEventId();
    void eventsKeepAlive();
    void pipelinedRequestDoesNotCorruptStream();
    void disconnectsAreCleanedUp();
    void twoHundredClients();
    void slowReaderIsDropped();

private:
    std::unique_ptr<ApiServer> startServer(ServerConfig config);
    QTemporaryDir m_dir;
    QString m_db;
};

std::unique_ptr<ApiServer> TestApiServer::startServer(ServerConfig config)
{
    auto server = std::make_unique<ApiServer>(std::move(config));
    QString error;
    if (!server->start(&error))
        qWarning("server did not start: %s", qPrintable(error));
    return server;
}

void TestApiServer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("api.db"));
    buildFixtureDatabase(m_db);
}

void TestApiServer::health()
{
    auto server = startServer(testConfig(m_db));
    QVERIFY(server->port() != 0);
    const HttpReply reply = get(server->port(), "/api/health");
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("content-type"), QByteArray("application/json"));
    QCOMPARE(reply.json().value(QStringLiteral("success")).toBool(), true);
    QCOMPARE(reply.json().value(QStringLiteral("data")).toObject().value(QStringLiteral("status")).toString(),
        QStringLiteral("ok"));

    const QJsonObject detailed = get(server->port(), "/api/health/detailed").json();
    const QJsonObject database
        = detailed.value(QStringLiteral("data")).toObject().value(QStringLiteral("database")).toObject();
    QCOMPARE(database.value(QStringLiteral("path")).toString(), QFileInfo(m_db).absoluteFilePath());
    QVERIFY(database.value(QStringLiteral("size_bytes")).toInteger() > 0);
    const QJsonObject tables = database.value(QStringLiteral("tables")).toObject();
    QCOMPARE(tables.value(QStringLiteral("usage_records")).toInteger(), 40);
    QVERIFY(tables.value(QStringLiteral("sessions")).toInteger() > 0);
    QVERIFY(tables.contains(QStringLiteral("traces")));
}

void TestApiServer::unknownRouteIs404Json()
{
    auto server = startServer(testConfig(m_db));
    const HttpReply reply = get(server->port(), "/api/nothing-here");
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.json().value(QStringLiteral("success")).toBool(true), false);
    QVERIFY(
        reply.json().value(QStringLiteral("error")).toString().contains(QStringLiteral("/api/nothing-here")));
}

void TestApiServer::wrongMethodIs405()
{
    auto server = startServer(testConfig(m_db));
    for (const QByteArray& method : { QByteArray("POST"), QByteArray("DELETE"), QByteArray("PUT") }) {
        const HttpReply reply = request(server->port(), method, "/api/health", {}, "{}");
        QCOMPARE(reply.status, 405);
        QCOMPARE(reply.header("allow"), QByteArray("GET, OPTIONS"));
        QCOMPARE(reply.json().value(QStringLiteral("success")).toBool(true), false);
    }
}

void TestApiServer::preflightAndCors()
{
    ServerConfig config = testConfig(m_db);
    config.corsOrigins = { QStringLiteral("http://localhost:3000") };
    auto server = startServer(config);
    const Headers allowed { { "Origin", "http://localhost:3000" } };
    const HttpReply preflight = request(server->port(), "OPTIONS", "/api/sessions", allowed);
    QCOMPARE(preflight.status, 204);
    QCOMPARE(preflight.header("access-control-allow-origin"), QByteArray("http://localhost:3000"));

    const HttpReply reply = get(server->port(), "/api/health", allowed);
    QCOMPARE(reply.header("access-control-allow-origin"), QByteArray("http://localhost:3000"));
    QVERIFY(reply.header("access-control-expose-headers").contains("X-Total-Count"));
    // The 404 handler adds CORS by hand (Qt<6.8: afterRequest skips it).
    QCOMPARE(get(server->port(), "/api/none", allowed).header("access-control-allow-origin"),
        QByteArray("http://localhost:3000"));

    const HttpReply other = get(server->port(), "/api/health", { { "Origin", "http://evil.example" } });
    QCOMPARE(other.status, 200);
    QVERIFY(other.header("access-control-allow-origin").isEmpty());
}

void TestApiServer::tokenRequiredOffLoopback()
{
    ServerConfig open = testConfig(m_db);
    open.bind = QHostAddress::AnyIPv4;
    ApiServer refused(open);
    QString error;
    QVERIFY(!refused.start(&error));
    QVERIFY2(error.contains(QStringLiteral("--token")), qPrintable(error));

    ServerConfig guarded = testConfig(m_db);
    guarded.token = QStringLiteral("s3cret");
    auto server = startServer(guarded);
    QCOMPARE(get(server->port(), "/api/health").status, 401);
    QCOMPARE(get(server->port(), "/api/health", { { "Authorization", "Bearer wrong" } }).status, 401);
    QCOMPARE(get(server->port(), "/api/nothing", { { "Authorization", "Bearer wrong" } }).status, 401);
    QCOMPARE(get(server->port(), "/api/health", { { "Authorization", "Bearer s3cret" } }).status, 200);
    SseClient events;
    QVERIFY(events.open(server->port(), "/api/events"));
    QCOMPARE(events.status(), 401);
}

void TestApiServer::bodyLimit()
{
    ServerConfig config = testConfig(m_db);
    config.maxBodyBytes = 100;
    auto server = startServer(config);
    QCOMPARE(request(server->port(), "GET", "/api/health", {}, QByteArray(50, 'x')).status, 200);
    const HttpReply reply = request(server->port(), "GET", "/api/health", {}, QByteArray(101, 'x'));
    QCOMPARE(reply.status, 413);
    QCOMPARE(reply.json().value(QStringLiteral("success")).toBool(true), false);
}

void TestApiServer::foreignHostRefused()
{
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 must not read a token-less server.
    auto server = startServer(testConfig(m_db));
    const HttpReply refused = get(server->port(), "/api/health", { { "Host", "evil.example:8765" } });
    QCOMPARE(refused.status, 403);
    QCOMPARE(refused.json().value(QStringLiteral("success")).toBool(true), false);
    for (const QByteArray& host :
        { QByteArray("localhost:8765"), QByteArray("[::1]:8765"), QByteArray("127.0.0.1") })
        QCOMPARE(get(server->port(), "/api/health", { { "Host", host } }).status, 200);
    // With a token (any bind), the token is the guard and any Host is fine.
    ServerConfig guarded = testConfig(m_db);
    guarded.token = QStringLiteral("t");
    auto tokenServer = startServer(guarded);
    QCOMPARE(get(tokenServer->port(), "/api/health",
                 { { "Host", "agentmeter.lan" }, { "Authorization", "Bearer t" } })
                 .status,
        200);
}

void TestApiServer::cachedAnswersFollowCommits()
{
    // Lists are reused until the database changes: a commit by another connection (ingest) must show
    // at once, never a stale page.
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("cache.db"));
    QVERIFY(QFile::copy(m_db, db));
    auto server = startServer(testConfig(db));
    const auto total = [&server] {
        const HttpReply reply = get(server->port(), "/api/sessions?days=36500&per_page=5");
        return reply.header("x-total-count").toLongLong();
    };
    const qint64 before = total();
    QVERIFY(before > 0);
    QCOMPARE(total(), before); // answered from memory the second time
    {
        Database writer;
        writer.open(db);
        writer.exec("INSERT INTO sessions(source_id, external_id, first_ts, last_ts) "
                    "VALUES (1, 'cache-test', 1778000000000, 1778000000000)");
    }
    QCOMPARE(total(), before + 1);
    QCOMPARE(get(server->port(), "/api/session/cache-test/summary").status, 200);
}

void TestApiServer::eventsFramesArriveLive()
{
    auto server = startServer(testConfig(m_db));
    SseClient usage;
    QVERIFY(usage.open(server->port(), "/api/events?topics=usage,alert"));
    QCOMPARE(usage.status(), 200);
    QVERIFY(usage.headerBlock().contains("Content-Type: text/event-stream"));
    SseClient sessions;
    QVERIFY(sessions.open(server->port(), "/api/events?topics=session"));

    server->publish(QStringLiteral("usage"), QJsonObject { { QStringLiteral("n"), 1 } });
    server->publish(QStringLiteral("session"), QJsonObject { { QStringLiteral("n"), 2 } });
    server->publish(QStringLiteral("alert"), QJsonObject { { QStringLiteral("n"), 3 } });
    QVERIFY(usage.waitForEvents(2));
    QVERIFY(sessions.waitForEvents(1));
    QVERIFY(usage.raw().startsWith("retry: 3000\n"));
    QCOMPARE(usage.events().at(0).event, QByteArray("usage"));
    QCOMPARE(usage.events().at(0).id, QByteArray("1"));
    QCOMPARE(usage.events().at(0).json().value(QStringLiteral("n")).toInt(), 1);
    QCOMPARE(usage.events().at(1).event, QByteArray("alert"));
    QCOMPARE(usage.events().at(1).id, QByteArray("3"));
    QCOMPARE(sessions.events().size(), 1);
    QCOMPARE(sessions.events().at(0).id, QByteArray("2"));
}

void TestApiServer::eventsBadParameters()
{
    auto server = startServer(testConfig(m_db));
    const HttpReply unknownTopic = get(server->port(), "/api/events?topics=usage,bogus");
    QCOMPARE(unknownTopic.status, 400);
    QVERIFY(unknownTopic.json().value(QStringLiteral("error")).toString().contains(QStringLiteral("bogus")));
    QCOMPARE(get(server->port(), "/api/events", { { "Last-Event-ID", "abc" } }).status, 400);
}

void TestApiServer::eventsResumeFromLastEventId()
{
    ServerConfig config = testConfig(m_db);
    config.eventHistory = 3;
    auto server = startServer(config);
    for (int i = 1; i <= 5; ++i)
        server->publish(QStringLiteral("usage"), QJsonObject { { QStringLiteral("n"), i } });
    // Published events reach the hub through the API thread's queue; a request behind them sees them.
    QCOMPARE(get(server->port(), "/api/health").status, 200);

    SseClient resumed;
    QVERIFY(resumed.open(server->port(), "/api/events?topics=usage", { { "Last-Event-ID", "3" } }));
    QVERIFY(resumed.waitForEvents(2));
    QCOMPARE(resumed.events().at(0).id, QByteArray("4"));
    QCOMPARE(resumed.events().at(1).id, QByteArray("5"));

    // Older than the history: what is left is replayed, with a comment saying events were lost.
    SseClient late;
    QVERIFY(late.open(server->port(), "/api/events?last_event_id=0"));
    QVERIFY(late.waitForEvents(3));
    QCOMPARE(late.events().at(0).id, QByteArray("3"));
    QVERIFY(late.raw().contains(": history starts at id 3"));
}

void TestApiServer::eventsKeepAlive()
{
    ServerConfig config = testConfig(m_db);
    config.keepAliveMs = 100;
    auto server = startServer(config);
    SseClient client;
    QVERIFY(client.open(server->port(), "/api/events"));
    QTRY_VERIFY_WITH_TIMEOUT((client.waitForEvents(1, 50), client.raw().contains(": ping")), 5000);
}

void TestApiServer::pipelinedRequestDoesNotCorruptStream()
{
    auto server = startServer(testConfig(m_db));
    SseClient client;
    QVERIFY(client.open(server->port(), "/api/events"));
    client.socket().write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    client.socket().flush();
    QTest::qWait(200);
    server->publish(QStringLiteral("usage"), QJsonObject { { QStringLiteral("n"), 1 } });
    QVERIFY(client.waitForEvents(1));
    QTest::qWait(100);
    client.waitForEvents(2, 200);
    QVERIFY2(!client.raw().contains("HTTP/1.1"), client.raw().constData());
    QCOMPARE(client.events().size(), 1);
}

void TestApiServer::disconnectsAreCleanedUp()
{
    auto server = startServer(testConfig(m_db));
    const auto clients = [&server] { return streamFigure(*server, "events_clients"); };
    {
        SseClient a, b;
        QVERIFY(a.open(server->port(), "/api/events"));
        QVERIFY(b.open(server->port(), "/api/events"));
        QTRY_COMPARE(clients(), 2);
        a.close();
        QTRY_COMPARE(clients(), 1);
    }
    QTRY_COMPARE(clients(), 0);
    // Publishing to nobody is fine, and the server still answers.
    server->publish(QStringLiteral("usage"), {});
    QCOMPARE(get(server->port(), "/api/health").status, 200);
}

void TestApiServer::twoHundredClients()
{
    auto server = startServer(testConfig(m_db));
    std::vector<std::unique_ptr<SseClient>> clients;
    for (int i = 0; i < 200; ++i) {
        clients.push_back(std::make_unique<SseClient>());
        QVERIFY2(
            clients.back()->open(server->port(), "/api/events?topics=usage"), qPrintable(QString::number(i)));
    }
    for (int n = 1; n <= 3; ++n)
        server->publish(QStringLiteral("usage"), QJsonObject { { QStringLiteral("n"), n } });
    for (const auto& client : clients) {
        QVERIFY(client->waitForEvents(3));
        QCOMPARE(client->events().at(2).json().value(QStringLiteral("n")).toInt(), 3);
    }
}

void TestApiServer::slowReaderIsDropped()
{
    ServerConfig config = testConfig(m_db);
    config.slowReaderBytes = 64 * 1024;
    auto server = startServer(config);
    SseClient slow;
    QVERIFY(slow.open(server->port(), "/api/events"));
    slow.socket().setReadBufferSize(1024); // stop reading: the kernel buffers fill, then ours
    const QJsonObject big { { QStringLiteral("pad"), QString(16 * 1024, QLatin1Char('x')) } };
    const auto dropped = [&server] { return streamFigure(*server, "dropped_slow_readers"); };
    for (int round = 0; round < 400 && dropped() == 0; ++round) {
        for (int i = 0; i < 20; ++i)
            server->publish(QStringLiteral("usage"), big);
    }
    QCOMPARE(dropped(), 1);
    QCOMPARE(get(server->port(), "/api/health").status, 200);
}

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_apiserver.moc"

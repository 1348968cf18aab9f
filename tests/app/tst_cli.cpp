// SPDX-License-Identifier: MIT
// The agentmeter binary as a user runs it: exit codes, messages, JSON output, environment overrides,
// the demo fallback, and an ingest killed with SIGKILL at arbitrary points.
#include "apitestsupport.h"
#include "store/database.h"
#include "store/firstloadmarker.h"
#include "testsupport.h"

#include <algorithm>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace TestSupport;

namespace {
using Run = ProcessRun;

Run agentmeter(const QStringList& arguments,
    const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment())
{
    const Run run = runProcess(QStringLiteral(AGENTMETER_BINARY), arguments, environment);
    if (!run.finished)
        qFatal("agentmeter did not finish: %s", qPrintable(arguments.join(QLatin1Char(' '))));
    return run;
}

QProcessEnvironment isolated(const QTemporaryDir& home)
{
    return isolatedEnvironment(home.path());
}

// How many of the named indexes (a quoted, comma-separated list) the store has.
qint64 indexCount(const QString& dbPath, const QByteArray& names)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    const QByteArray sql
        = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN (" + names + ")";
    SqliteStatement q = db.prepare(std::string_view(sql.constData(), size_t(sql.size())));
    return q.step() ? q.int64(0) : -1;
}

QJsonObject json(const QByteArray& text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning().noquote() << "not JSON:" << text.left(500);
    return document.object();
}
// Writes a demo corpus of the given size and ingests it into reference.db; returns the corpus dir.
QString corpusWithReference(const QTemporaryDir& home, const char* size, const char* seed)
{
    const QString logs = home.filePath(QStringLiteral("logs"));
    const Run demo
        = agentmeter({ QStringLiteral("demo"), QStringLiteral("--out"), logs, QStringLiteral("--size"),
                         QString::fromLatin1(size), QStringLiteral("--seed"), QString::fromLatin1(seed),
                         QStringLiteral("--end"), QStringLiteral("2026-11-01T00:00:00Z") },
            isolated(home));
    const Run ingest = agentmeter(
        { QStringLiteral("ingest"), QStringLiteral("--db"), home.filePath(QStringLiteral("reference.db")),
            QStringLiteral("--claude-dir"), logs },
        isolated(home));
    if (demo.exitCode != 0 || ingest.exitCode != 0)
        qFatal("could not prepare the corpus: %s %s", demo.err.constData(), ingest.err.constData());
    return logs;
}

// Serves one fixed HTTP response on 127.0.0.1 from its own thread, so that the test can block on a
// child process while the server answers it.
class StaticHttpServer : public QThread
{
public:
    void serve(int status, const QByteArray& body)
    {
        QMutexLocker lock(&m_mutex);
        m_status = status;
        m_body = body;
    }
    // The request line of the last request answered.
    QByteArray requestLine()
    {
        QMutexLocker lock(&m_mutex);
        return m_requestLine;
    }
    quint16 port()
    {
        m_ready.acquire();
        m_ready.release();
        return m_port;
    }
    ~StaticHttpServer() override
    {
        quit();
        wait();
    }

protected:
    void run() override
    {
        QTcpServer server;
        server.listen(QHostAddress::LocalHost, 0);
        m_port = server.serverPort();
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this, &server] {
            while (QTcpSocket* socket = server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    if (!socket->peek(1 << 16).contains("\r\n\r\n"))
                        return;
                    const QByteArray request = socket->readAll();
                    QMutexLocker lock(&m_mutex);
                    m_requestLine = request.left(request.indexOf("\r\n"));
                    socket->write("HTTP/1.1 " + QByteArray::number(m_status)
                        + " X\r\nContent-Type: application/json\r\n"
                          "Content-Length: "
                        + QByteArray::number(m_body.size()) + "\r\nConnection: close\r\n\r\n" + m_body);
                    socket->disconnectFromHost();
                });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        m_ready.release();
        exec();
    }

private:
    QMutex m_mutex;
    QSemaphore m_ready;
    quint16 m_port = 0;
    int m_status = 200;
    QByteArray m_body;
    QByteArray m_requestLine;
};
} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void helpForEveryCommand_data();
    void helpForEveryCommand();
    void badArgumentsExitWithTwo_data();
    void badArgumentsExitWithTwo();
    void ingestThenReport();
    void dryRunStoresNothing();
    void environmentOverrides();
    void priceOverridesReprice();
    void noLogsFallsBackToDemoData();
    void archivedDatabaseIsNotReplacedByDemoData();
    void serveStreamsAnAppendedLine();
    void serveRefusesBadArguments();
    void killedIngestResumesToTheSameTotals();
    void halfWrittenFirstLoadStartsAgain();
    void concurrentIngestsStoreEverythingOnce();
    void fetchedPricesAndOffline();
};

void TestCli::helpForEveryCommand_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("top") << QStringList { QStringLiteral("--help") } << QStringLiteral("report KIND");
    QTest::newRow("top with options") << QStringList { QStringLiteral("--db"),
        QStringLiteral("/nonexistent/x.db"), QStringLiteral("--help") }
                                      << QStringLiteral("report KIND");
    QTest::newRow("ingest") << QStringList { QStringLiteral("ingest"), QStringLiteral("--help") }
                            << QStringLiteral("--claude-dir");
    QTest::newRow("report") << QStringList { QStringLiteral("report"), QStringLiteral("--help") }
                            << QStringLiteral("--timezone");
    QTest::newRow("demo") << QStringList { QStringLiteral("demo"), QStringLiteral("--help") }
                          << QStringLiteral("--size");
}

void TestCli::helpForEveryCommand()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Run run = agentmeter(arguments);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(mentions.toUtf8()), run.out.constData());
}

void TestCli::badArgumentsExitWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    auto report = [](std::initializer_list<const char*> rest) {
        QStringList arguments { QStringLiteral("report") };
        for (const char* argument : rest)
            arguments << QString::fromLatin1(argument);
        return arguments << QStringLiteral("--no-ingest");
    };
    QTest::newRow("unknown command") << QStringList { QStringLiteral("frobnicate") }
                                     << QStringLiteral("unknown command");
    QTest::newRow("missing kind") << report({}) << QStringLiteral("missing report kind");
    QTest::newRow("unknown kind") << report({ "hourly" }) << QStringLiteral("unknown report kind 'hourly'");
    QTest::newRow("bad mode") << report({ "daily", "--mode", "guess" }) << QStringLiteral("--mode");
    QTest::newRow("bad date") << report({ "daily", "--since", "2026-13-01" })
                              << QStringLiteral("--since: not a date");
    QTest::newRow("reversed range") << report({ "daily", "--since", "20260502", "--until", "20260501" })
                                    << QStringLiteral("--since is after --until");
    QTest::newRow("bad zone") << report({ "daily", "--timezone", "Mars/Olympus" })
                              << QStringLiteral("unknown time zone");
    QTest::newRow("bad source") << report({ "daily", "--source", "cursor" })
                                << QStringLiteral("unknown source 'cursor'");
    QTest::newRow("bad order") << report({ "daily", "--order", "up" }) << QStringLiteral("--order");
    QTest::newRow("unknown option") << report({ "daily", "--colour" }) << QStringLiteral("Unknown option");
    QTest::newRow("demo without out")
        << QStringList { QStringLiteral("demo") } << QStringLiteral("--out is required");
    QTest::newRow("demo bad size") << QStringList { QStringLiteral("demo"), QStringLiteral("--out"),
        QStringLiteral("/tmp/x"), QStringLiteral("--size"), QStringLiteral("lots") }
                                   << QStringLiteral("--size");
    QTest::newRow("demo unknown source") << QStringList { QStringLiteral("demo"), QStringLiteral("--out"),
        QStringLiteral("/tmp/x"), QStringLiteral("--source"), QStringLiteral("cursor") }
                                         << QStringLiteral("--source: no generator for 'cursor'");
    QTest::newRow("ingest extra") << QStringList { QStringLiteral("ingest"), QStringLiteral("now") }
                                  << QStringLiteral("unexpected argument");
    QTest::newRow("stray word after options")
        << QStringList { QStringLiteral("--db"), QStringLiteral("/tmp/x.db"), QStringLiteral("bogus") }
        << QStringLiteral("unknown command 'bogus'");
    for (const char* size : { "nan", "inf", "1e30G", "-5M" })
        QTest::newRow(qPrintable(QStringLiteral("demo size %1").arg(QLatin1String(size))))
            << QStringList { QStringLiteral("demo"), QStringLiteral("--out"), QStringLiteral("/tmp/x"),
                   QStringLiteral("--size"), QString::fromLatin1(size) }
            << QStringLiteral("--size");
}

void TestCli::badArgumentsExitWithTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QTemporaryDir home;
    const Run run = agentmeter(arguments, isolated(home));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message.toUtf8()), run.err.constData());
    QVERIFY(run.out.isEmpty());
}

void TestCli::ingestThenReport()
{
    QTemporaryDir home;
    const QString db = home.filePath(QStringLiteral("am.db"));
    const QString logs = fixturePath(QStringLiteral("claude/basic"));
    Run run = agentmeter({ QStringLiteral("ingest"), QStringLiteral("--db"), db,
                             QStringLiteral("--claude-dir"), logs, QStringLiteral("--json") },
        isolated(home));
    QCOMPARE(run.exitCode, 0);
    QJsonObject counts = json(run.out);
    QCOMPARE(counts.value(QStringLiteral("linesParsed")).toInt(), 29);
    QCOMPARE(counts.value(QStringLiteral("linesSkipped")).toInt(), 1);
    QCOMPARE(counts.value(QStringLiteral("usageInserted")).toInt(), 7);
    QCOMPARE(counts.value(QStringLiteral("events")).toInt(), 2); // an API error and a retry
    // Per source: only the sources that have logs are named.
    const QJsonObject sources = counts.value(QStringLiteral("sources")).toObject();
    QCOMPARE(sources.keys(), QStringList { QStringLiteral("claude") });
    QCOMPARE(sources.value(QStringLiteral("claude")).toObject().value(QStringLiteral("files")).toInt(), 4);
    QCOMPARE(
        sources.value(QStringLiteral("claude")).toObject().value(QStringLiteral("linesParsed")).toInt(), 29);

    // The query-only indexes and the key indexes are left to `serve`, the window or the next run that
    // looks a key up; the sub-agent links are resolved through sessions_spawn, never deferred.
    QCOMPARE(indexCount(db, "'sessions_spawn'"), 1);
    QCOMPARE(indexCount(db, "'usage_key', 'tool_calls_hash'"), 0);
    QCOMPARE(indexCount(db, "'usage_ts', 'tool_calls_start', 'sessions_root_start'"), 0);
    // The first load went through a rollback journal and left the store in WAL mode (bytes 18 and 19
    // of SQLite's header), without its journal file.
    QFile header(db);
    QVERIFY(header.open(QIODevice::ReadOnly));
    QCOMPARE(header.read(20).mid(18), QByteArray("\x02\x02", 2));
    QVERIFY(!QFile::exists(db + QStringLiteral("-journal")));
    // It checked no foreign key as it went (StoreWriter::beginRun()): its rows name only rows that exist.
    QCOMPARE(foreignKeyViolations(db), QStringList());

    run = agentmeter(
        { QStringLiteral("ingest"), QStringLiteral("--db"), db, QStringLiteral("--claude-dir"), logs },
        isolated(home));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("Lines: 0 parsed"), run.out.constData());
    QCOMPARE(indexCount(db, "'usage_key', 'tool_calls_hash'"), 0); // nothing new, no key looked up

    run = agentmeter({ QStringLiteral("report"), QStringLiteral("daily"), QStringLiteral("--db"), db,
                         QStringLiteral("--claude-dir"), logs, QStringLiteral("--json"),
                         QStringLiteral("--timezone"), QStringLiteral("UTC") },
        isolated(home));
    QCOMPARE(run.exitCode, 0);
    const QJsonObject report = json(run.out);
    const QJsonObject totals = report.value(QStringLiteral("totals")).toObject();
    QCOMPARE(totals.value(QStringLiteral("totalTokens")).toInteger(), 95319);
    QCOMPARE(totals.value(QStringLiteral("totalCost")).toDouble(), 0.087173);
    QCOMPARE(report.value(QStringLiteral("daily"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("date"))
                 .toString(),
        QStringLiteral("2026-05-04"));

    run = agentmeter({ QStringLiteral("report"), QStringLiteral("session"), QStringLiteral("--db"), db,
                         QStringLiteral("--no-ingest"), QStringLiteral("--timezone"), QStringLiteral("UTC") },
        isolated(home));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("orders pagination (+4 sub-agents)"), run.out.constData());

    // Sub-agents on rows of their own, and usage per agent.
    run = agentmeter(
        { QStringLiteral("report"), QStringLiteral("session"), QStringLiteral("--split-subagents"),
            QStringLiteral("--json"), QStringLiteral("--db"), db, QStringLiteral("--no-ingest") },
        isolated(home));
    QCOMPARE(run.exitCode, 0);
    const QJsonArray sessions = json(run.out).value(QStringLiteral("sessions")).toArray();
    QCOMPARE(sessions.size(), 5);
    int children = 0;
    for (const QJsonValue& session : sessions)
        children += session.toObject().value(QStringLiteral("parentSessionId")).isString() ? 1 : 0;
    QCOMPARE(children, 4);
    run = agentmeter({ QStringLiteral("report"), QStringLiteral("agents"), QStringLiteral("--db"), db,
                         QStringLiteral("--no-ingest") },
        isolated(home));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("claude  Explore"), run.out.constData());
    QVERIFY2(run.out.contains("claude  general-purpose"), run.out.constData());
    // Most expensive first unless --order asc.
    const QList<QByteArray> lines = run.out.split('\n');
    QVERIFY2(lines.size() > 4 && lines[4].startsWith("claude  main"), run.out.constData());
    run = agentmeter({ QStringLiteral("report"), QStringLiteral("agents"), QStringLiteral("--order"),
                         QStringLiteral("asc"), QStringLiteral("--db"), db, QStringLiteral("--no-ingest") },
        isolated(home));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(!run.out.split('\n').value(4).startsWith("claude  main"), run.out.constData());

    // A report on a database that does not exist yet says so.
    run = agentmeter({ QStringLiteral("report"), QStringLiteral("daily"), QStringLiteral("--no-ingest"),
                         QStringLiteral("--db"), home.filePath(QStringLiteral("none.db")) },
        isolated(home));
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("no database"));
}

void TestCli::dryRunStoresNothing()
{
    QTemporaryDir home;
    const QString db = home.filePath(QStringLiteral("never.db"));
    const Run run
        = agentmeter({ QStringLiteral("ingest"), QStringLiteral("--dry-run"), QStringLiteral("--json"),
                         QStringLiteral("--db"), db, QStringLiteral("--claude-dir"),
                         fixturePath(QStringLiteral("claude/basic")) },
            isolated(home));
    QCOMPARE(run.exitCode, 0);
    const QJsonObject counts = json(run.out);
    QCOMPARE(counts.value(QStringLiteral("linesParsed")).toInt(), 29);
    QCOMPARE(counts.value(QStringLiteral("linesSkipped")).toInt(), 1);
    QCOMPARE(counts.value(QStringLiteral("usageRecords")).toInt(),
        8); // msg_A's /btw replay is only dropped by the store
    QVERIFY(!QFileInfo::exists(db));
}

void TestCli::environmentOverrides()
{
    QTemporaryDir home;
    QProcessEnvironment environment = isolated(home);
    const QString db = home.filePath(QStringLiteral("env.db"));
    environment.insert(QStringLiteral("AGENTMETER_DB"), db);
    // A comma list with a missing entry and the fixture given as its projects/ directory.
    environment.insert(QStringLiteral("CLAUDE_CONFIG_DIR"),
        home.filePath(QStringLiteral("missing")) + QLatin1Char(',')
            + fixturePath(QStringLiteral("claude/basic/projects")));
    const Run run = agentmeter({ QStringLiteral("ingest"), QStringLiteral("--json") }, environment);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(json(run.out).value(QStringLiteral("usageInserted")).toInt(), 7);
    QVERIFY(QFileInfo::exists(db));
}

void TestCli::priceOverridesReprice()
{
    QTemporaryDir home;
    const QString db = home.filePath(QStringLiteral("am.db"));
    const QString logs = fixturePath(QStringLiteral("claude/basic"));
    QCOMPARE(agentmeter({ QStringLiteral("ingest"), QStringLiteral("--db"), db,
                            QStringLiteral("--claude-dir"), logs },
                 isolated(home))
                 .exitCode,
        0);
    // Haiku at $100/MTok for everything: S1 (12 + 41 + 9100) and N1 (20 + 120 + 500) tokens.
    const QString overrides = home.filePath(QStringLiteral("prices.json"));
    writeFile(overrides,
        R"({"models":{"claude-haiku-4-5*":{"input_mtok":100,"output_mtok":100,"cache_read_mtok":100,"cache_write_mtok":100}}})");
    const Run run = agentmeter({ QStringLiteral("report"), QStringLiteral("daily"), QStringLiteral("--db"),
                                   db, QStringLiteral("--claude-dir"), logs, QStringLiteral("--json"),
                                   QStringLiteral("--price-overrides"), overrides },
        isolated(home));
    QCOMPARE(run.exitCode, 0);
    const double expected = 87173e-6 - 1127e-6 - 1245e-6 + (9153 + 640) * 100 / 1e6;
    QVERIFY(qAbs(json(run.out)
                     .value(QStringLiteral("totals"))
                     .toObject()
                     .value(QStringLiteral("totalCost"))
                     .toDouble()
                - expected)
        < 1e-9);
    // From the environment it is configuration, not an argument: a runtime failure (exit 1).
    writeFile(overrides, "{ not json");
    QProcessEnvironment environment = isolated(home);
    environment.insert(QStringLiteral("AGENTMETER_PRICE_OVERRIDES"), overrides);
    const Run fromEnvironment = agentmeter({ QStringLiteral("report"), QStringLiteral("daily"),
                                               QStringLiteral("--db"), db, QStringLiteral("--no-ingest") },
        environment);
    QCOMPARE(fromEnvironment.exitCode, 1);
    QVERIFY2(fromEnvironment.err.contains("price overrides"), fromEnvironment.err.constData());
    // A broken overrides file is a clear error, not a silent fallback.
    writeFile(overrides, "{ not json");
    const Run broken
        = agentmeter({ QStringLiteral("report"), QStringLiteral("daily"), QStringLiteral("--db"), db,
                         QStringLiteral("--no-ingest"), QStringLiteral("--price-overrides"), overrides },
            isolated(home));
    QCOMPARE(broken.exitCode, 2);
    QVERIFY2(broken.err.contains("price overrides"), broken.err.constData());
}

void TestCli::noLogsFallsBackToDemoData()
{
    QTemporaryDir home;
    const Run run = agentmeter({}, isolated(home));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("No agent logs found in:"), run.out.constData());
    QVERIFY(run.out.contains("DEMO DATA"));
    QVERIFY(run.out.contains("Total"));
    // Every source with a generator gets demo logs of its own.
    QVERIFY2(run.out.contains("Sources: claude ("), run.out.constData());
    for (const char* source : { "codex (", "opencode (", "openclaw (", "gemini (" })
        QVERIFY2(run.out.contains(source), run.out.constData());
    QVERIFY(QFileInfo::exists(home.filePath(QStringLiteral("data/agentmeter/agentmeter-demo.db"))));
    // The real database stays untouched.
    QVERIFY(!QFileInfo::exists(home.filePath(QStringLiteral("data/agentmeter/agentmeter.db"))));
}

void TestCli::archivedDatabaseIsNotReplacedByDemoData()
{
    // The agents delete old logs; a database that kept them is the user's real data, not "no data".
    QTemporaryDir home;
    const QString db = home.filePath(QStringLiteral("kept.db"));
    QVERIFY(ingestClaude(db, { fixturePath(QStringLiteral("claude/basic")) }).sources.size() > 0);
    const Run run = agentmeter({ QStringLiteral("--db"), db }, isolated(home));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(!run.out.contains("DEMO DATA"), run.out.constData());
    QVERIFY(run.out.contains("Total"));
    QVERIFY(!QFileInfo::exists(home.filePath(QStringLiteral("data/agentmeter/agentmeter-demo.db"))));
}

void TestCli::serveStreamsAnAppendedLine()
{
    // The product's promise end to end: a line an agent appends reaches the database, the REST API and
    // /api/events within 2 s, through the real binary, its watcher and its HTTP server.
    QTemporaryDir home;
    const QString logs = home.filePath(QStringLiteral("claude"));
    copyTree(fixturePath(QStringLiteral("claude/basic")), logs);
    QProcess serve;
    serve.setProcessEnvironment(isolated(home));
    serve.start(QStringLiteral(AGENTMETER_BINARY),
        { QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
            home.filePath(QStringLiteral("live.db")), QStringLiteral("--claude-dir"), logs });
    QByteArray output;
    quint16 port = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        (output += serve.readAllStandardOutput(), output.contains("Ingest pass 1")), 30000);
    const qsizetype at = output.indexOf("127.0.0.1:");
    QVERIFY2(at >= 0, output.constData());
    port = quint16(output.mid(at + 10, 6).split('/').first().toUInt());
    QVERIFY(port != 0);
    QCOMPARE(ApiTestSupport::get(port, "/api/health").status, 200);
    const qint64 before = ApiTestSupport::get(port, "/api/sessions?days=36500")
                              .json()
                              .value(QStringLiteral("meta"))
                              .toObject()
                              .value(QStringLiteral("total"))
                              .toInteger();

    ApiTestSupport::SseClient events;
    QVERIFY(events.open(port, "/api/events?topics=usage,session"));
    ClaudeLine line;
    line.messageId = "msg_live01";
    line.requestId = "req_live01";
    line.uuid = "a-live01";
    line.sessionId = "5e55f00d-0000-4000-8000-00000000live";
    line.time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toLatin1();
    line.input = 12;
    line.output = 34;
    // A new project directory and a new session file in it: what a fresh `claude` run creates.
    QVERIFY(QDir().mkpath(logs + QStringLiteral("/projects/live-project")));
    QElapsedTimer clock;
    clock.start();
    appendFile(logs + QStringLiteral("/projects/live-project/5e55f00d-0000-4000-8000-00000000live.jsonl"),
        line.toJsonl());
    QVERIFY2(events.waitForEvents(2, 2000), qPrintable(QString::number(events.events().size())));
    const qint64 elapsed = clock.elapsed();
    QCOMPARE(events.events().at(0).event, QByteArray("usage"));
    const QJsonObject usage = events.events().at(0).json();
    QCOMPARE(usage.value(QStringLiteral("count")).toInteger(), qint64(1));
    const QJsonObject request = usage.value(QStringLiteral("requests")).toArray().at(0).toObject();
    QCOMPARE(request.value(QStringLiteral("session_id")).toString(), QString::fromLatin1(line.sessionId));
    QCOMPARE(request.value(QStringLiteral("tokens_out")).toInteger(), qint64(34));
    QCOMPARE(events.events().at(1).event, QByteArray("session"));
    qInfo("appended line reached /api/events after %lld ms", elapsed);
    // The REST API sees it too.
    QCOMPARE(ApiTestSupport::get(port, "/api/sessions?days=36500")
                 .json()
                 .value(QStringLiteral("meta"))
                 .toObject()
                 .value(QStringLiteral("total"))
                 .toInteger(),
        before + 1);
    QCOMPARE(
        ApiTestSupport::get(port, "/api/session/5e55f00d-0000-4000-8000-00000000live/summary").status, 200);

    // A second line appended to the now known (and watched) file: the common case of a running agent.
    line.messageId = "msg_live02";
    line.requestId = "req_live02";
    line.uuid = "a-live02";
    line.output = 56;
    clock.restart();
    appendFile(logs + QStringLiteral("/projects/live-project/5e55f00d-0000-4000-8000-00000000live.jsonl"),
        line.toJsonl());
    QVERIFY(events.waitForEvents(4, 2000));
    qInfo("second appended line reached /api/events after %lld ms", clock.elapsed());
    const QJsonObject second = events.events().at(2).json();
    QCOMPARE(second.value(QStringLiteral("requests"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("tokens_out"))
                 .toInteger(),
        qint64(56));

    serve.terminate(); // SIGTERM: a clean stop
    QVERIFY(serve.waitForFinished(15000));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);
}

void TestCli::serveRefusesBadArguments()
{
    QTemporaryDir home;
    const auto run = [&home](const QStringList& arguments) {
        return agentmeter(QStringList { QStringLiteral("serve"), QStringLiteral("--db"),
                              home.filePath(QStringLiteral("x.db")) }
                + arguments,
            isolated(home));
    };
    const Run open = run({ QStringLiteral("--bind"), QStringLiteral("0.0.0.0") });
    QCOMPARE(open.exitCode, 2);
    QVERIFY2(open.err.contains("--token"), open.err.constData());
    QCOMPARE(run({ QStringLiteral("--port"), QStringLiteral("http") }).exitCode, 2);
    QCOMPARE(run({ QStringLiteral("--port"), QStringLiteral("70000") }).exitCode, 2);
    QCOMPARE(run({ QStringLiteral("--bind"), QStringLiteral("localhost:80") }).exitCode, 2);
    QCOMPARE(run({ QStringLiteral("--poll-interval"), QStringLiteral("0") }).exitCode, 2);
    QCOMPARE(run({ QStringLiteral("now") }).exitCode, 2);
}

void TestCli::killedIngestResumesToTheSameTotals()
{
    QTemporaryDir home;
    const QString logs = corpusWithReference(home, "30M", "7");
    const QString reference = home.filePath(QStringLiteral("reference.db"));
    auto totals = [&](const QString& db) {
        const Run report
            = agentmeter({ QStringLiteral("report"), QStringLiteral("daily"), QStringLiteral("--json"),
                             QStringLiteral("--no-ingest"), QStringLiteral("--timezone"),
                             QStringLiteral("UTC"), QStringLiteral("--db"), db },
                isolated(home));
        return json(report.out).value(QStringLiteral("daily"));
    };

    // Kill ever later, so the kills land in discovery, in parsing, inside write transactions and
    // between them, until one run completes. A kill before the first load's end leaves its store to be
    // discarded by the next run (FirstLoadMarker), which says so. The steps are a fortieth of an
    // uninterrupted run's time, at least 7 ms: slower builds (AddressSanitizer) get as many kill points.
    QElapsedTimer timer;
    timer.start();
    const Run uninterrupted
        = agentmeter({ QStringLiteral("ingest"), QStringLiteral("--db"),
                         home.filePath(QStringLiteral("timed.db")), QStringLiteral("--claude-dir"), logs },
            isolated(home));
    QCOMPARE(uninterrupted.exitCode, 0);
    const int step = std::max(7, int(timer.elapsed() / 40));
    const QString killed = home.filePath(QStringLiteral("killed.db"));
    int kills = 0;
    int restarts = 0;
    for (int attempt = 0; attempt < 100; ++attempt) {
        QProcess process;
        process.setProcessEnvironment(isolated(home));
        process.start(QStringLiteral(AGENTMETER_BINARY),
            { QStringLiteral("ingest"), QStringLiteral("--db"), killed, QStringLiteral("--claude-dir"),
                logs });
        QVERIFY(process.waitForStarted());
        const bool finished = process.waitForFinished(5 + attempt * step);
        if (!finished) {
            process.kill(); // SIGKILL: no chance to clean up
            process.waitForFinished();
            ++kills;
        }
        if (process.readAllStandardError().contains("did not finish"))
            ++restarts;
        if (!finished)
            continue;
        QCOMPARE(process.exitCode(), 0);
        break;
    }
    QVERIFY2(kills > 0, "the ingest finished before any kill; make the corpus larger");
    qInfo(
        "ingest killed %d times before it completed; %d runs started the first load again", kills, restarts);
    QCOMPARE(totals(killed), totals(reference));
    // Not only the totals: sessions and their parents, tool calls, prompts, files and the rollup.
    QCOMPARE(storeDump(killed), storeDump(reference));
    QCOMPARE(rollupMismatch(killed), QString());
}

void TestCli::halfWrittenFirstLoadStartsAgain()
{
    // What a first load killed in the middle of a commit leaves (its journal was in memory): some of
    // the store's pages overwritten, and the marker of the load with no process holding it. The next
    // run discards that store, says so, loads the logs again and reports what an uninterrupted load
    // does.
    QTemporaryDir home;
    const QString logs = corpusWithReference(home, "5M", "3");
    const QString reference = home.filePath(QStringLiteral("reference.db"));
    const QString broken = home.filePath(QStringLiteral("broken.db"));
    QVERIFY(QFile::copy(reference, broken));
    QFile store(broken);
    QVERIFY(store.open(QIODevice::ReadWrite));
    QVERIFY(store.size() > 65536);
    QVERIFY(store.seek(store.size() / 2 / 4096 * 4096));
    QCOMPARE(store.write(QByteArray(16384, '\x5a')), qint64(16384));
    store.close();
    QFile marker(FirstLoadMarker::pathFor(broken));
    QVERIFY(marker.open(QIODevice::WriteOnly));
    marker.close();

    auto report = [&](const QString& db, bool ingest) {
        QStringList arguments { QStringLiteral("report"), QStringLiteral("daily"), QStringLiteral("--json"),
            QStringLiteral("--timezone"), QStringLiteral("UTC"), QStringLiteral("--db"), db,
            QStringLiteral("--claude-dir"), logs };
        if (!ingest)
            arguments << QStringLiteral("--no-ingest");
        return agentmeter(arguments, isolated(home));
    };
    // A report that does not ingest refuses to read it, and says why.
    const Run refused = report(broken, false);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("did not finish"), refused.err.constData());
    QVERIFY(marker.exists());
    const Run rerun = report(broken, true);
    QCOMPARE(rerun.exitCode, 0);
    QVERIFY2(rerun.err.contains("did not finish"), rerun.err.constData());
    QVERIFY(!marker.exists());
    QCOMPARE(json(rerun.out).value(QStringLiteral("daily")),
        json(report(reference, false).out).value(QStringLiteral("daily")));
    QCOMPARE(storeDump(broken), storeDump(reference));
}

void TestCli::concurrentIngestsStoreEverythingOnce()
{
    // Two processes (say, the window's watcher and a script) ingest into a new database at once.
    QTemporaryDir home;
    const QString logs = corpusWithReference(home, "20M", "5");
    const QString reference = home.filePath(QStringLiteral("reference.db"));
    for (int round = 0; round < 3; ++round) {
        const QString shared = home.filePath(QStringLiteral("shared-%1.db").arg(round));
        QProcess first, second;
        for (QProcess* process : { &first, &second }) {
            process->setProcessEnvironment(isolated(home));
            process->start(QStringLiteral(AGENTMETER_BINARY),
                { QStringLiteral("ingest"), QStringLiteral("--db"), shared, QStringLiteral("--claude-dir"),
                    logs });
        }
        QVERIFY(first.waitForFinished(120000) && second.waitForFinished(120000));
        QVERIFY2(first.exitCode() == 0, first.readAllStandardError().constData());
        QVERIFY2(second.exitCode() == 0, second.readAllStandardError().constData());
        QCOMPARE(storeDump(shared), storeDump(reference));
        QCOMPARE(rollupMismatch(shared), QString());
    }
}

void TestCli::fetchedPricesAndOffline()
{
    QTemporaryDir home;
    StaticHttpServer server;
    server.start();
    // An escaped space in the path: the URL reaches the network module and the request as given.
    const QString url
        = QStringLiteral("http://127.0.0.1:%1/genai%20prices/data_slim.json").arg(server.port());
    // A price book in which every Claude model costs $100 per million tokens of every kind.
    server.serve(200,
        R"([{"id":"anthropic","name":"Anthropic","pricing_urls":[],"api_pattern":"x","model_match":{"contains":"claude"},)"
        R"("models":[{"id":"claude-flat","match":{"starts_with":"claude"},"prices":{"input_mtok":100,"output_mtok":100,"cache_read_mtok":100,"cache_write_mtok":100}}]}])");
    Run run = agentmeter(
        { QStringLiteral("prices"), QStringLiteral("update"), QStringLiteral("--url"), url }, isolated(home));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("1 providers, 1 models"));
    QCOMPARE(server.requestLine(), QByteArray("GET /genai%20prices/data_slim.json HTTP/1.1"));
    QVERIFY(agentmeter({ QStringLiteral("prices") }, isolated(home)).out.contains("prices/data_slim.json"));
    QVERIFY(agentmeter({ QStringLiteral("prices"), QStringLiteral("--offline") }, isolated(home))
                .out.contains("embedded snapshot"));

    const QString db = home.filePath(QStringLiteral("am.db"));
    const QStringList report = { QStringLiteral("report"), QStringLiteral("daily"), QStringLiteral("--json"),
        QStringLiteral("--db"), db, QStringLiteral("--claude-dir"),
        fixturePath(QStringLiteral("claude/basic")) };
    auto cost = [](const Run& r) {
        return json(r.out)
            .value(QStringLiteral("totals"))
            .toObject()
            .value(QStringLiteral("totalCost"))
            .toDouble();
    };
    // 95,019 tokens at $100/MTok, and 300 one-hour cache-write tokens at twice the input price.
    QVERIFY(qAbs(cost(agentmeter(report, isolated(home))) - (95019 * 100 + 300 * 200) / 1e6) < 1e-9);
    QVERIFY(qAbs(cost(agentmeter(report + QStringList { QStringLiteral("--offline") }, isolated(home)))
                - 0.087173)
        < 1e-9);

    // A failed or bogus download changes nothing.
    server.serve(404, "gone");
    run = agentmeter(
        { QStringLiteral("prices"), QStringLiteral("update"), QStringLiteral("--url"), url }, isolated(home));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("HTTP status 404"), run.err.constData());
    server.serve(200, "<html>not json</html>");
    run = agentmeter(
        { QStringLiteral("prices"), QStringLiteral("update"), QStringLiteral("--url"), url }, isolated(home));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("not genai-prices data"), run.err.constData());
    QVERIFY(qAbs(cost(agentmeter(report, isolated(home))) - (95019 * 100 + 300 * 200) / 1e6) < 1e-9);
    QCOMPARE(agentmeter({ QStringLiteral("prices"), QStringLiteral("update"), QStringLiteral("--url"),
                            QStringLiteral("::") },
                 isolated(home))
                 .exitCode,
        2);
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

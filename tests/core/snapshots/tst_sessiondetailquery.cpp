// SPDX-License-Identifier: MIT
#include "snapshots/sessiondetailquery.h"
#include "store/database.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr ReportOptions::CostMode kAuto = ReportOptions::CostMode::Auto;
}

class TestSessionDetailQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void summaryOfASessionWithSubAgents();
    void breakdownsCoverTheSubAgents();
    void toolsAndFiles();
    void promptsTimelineAndMessages();
    void subAgentPromptIsItsTask();
    void withoutContent();
    void costModes_data();
    void costModes();
    void unknownSession();
    void largeDatabase();

private:
    qint64 rowId(Database& db, const QString& title);

    QTemporaryDir m_dir;
    Database m_db;
};

void TestSessionDetailQuery::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(path);
    m_db.open(path, Database::Mode::ReadOnly);
}

qint64 TestSessionDetailQuery::rowId(Database& db, const QString& title)
{
    SqliteStatement query = db.prepare("SELECT id FROM sessions WHERE title = ?1 ORDER BY id LIMIT 1");
    query.bind(1, title);
    return query.step() ? query.int64(0) : -1;
}

void TestSessionDetailQuery::summaryOfASessionWithSubAgents()
{
    const SessionDetail detail
        = SessionDetailQuery::load(m_db, rowId(m_db, QStringLiteral("orders pagination")), kAuto);
    QVERIFY(detail.found);
    QCOMPARE(detail.source, QStringLiteral("claude"));
    QCOMPARE(detail.agent, QStringLiteral("main"));
    QCOMPARE(detail.cwd, QStringLiteral("/home/ana/src/shop"));
    QCOMPARE(detail.externalId, QStringLiteral("7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61"));
    QVERIFY(detail.parentExternalId.isEmpty());
    QCOMPARE(detail.firstTs, 1777885923120);
    QCOMPARE(detail.lastTs, 1777886402500);
    QCOMPARE(detail.treeLastTs, 1777887004000); // the side question's last line
    QCOMPARE(detail.subAgentSessions, 4);
    QCOMPARE(detail.models,
        (QStringList {
            QStringLiteral("claude-sonnet-4-5-20250929"), QStringLiteral("claude-opus-4-1-20250805") }));
    QCOMPARE(detail.own.requests, 3);
    QVERIFY(qAbs(detail.own.cost - (0.05265 + 0.022596)) < 1e-12);
    QCOMPARE(detail.withSubAgents.requests, 7);
    QVERIFY(qAbs(detail.withSubAgents.cost - (0.075246 + 0.001127 + 0.001245 + 0.006759 + 0.002796)) < 1e-12);
    QCOMPARE(detail.apiErrors, 1);
    QVERIFY(!detail.gitBranch.isEmpty());
    QVERIFY(!detail.agentVersion.isEmpty());
}

void TestSessionDetailQuery::breakdownsCoverTheSubAgents()
{
    const SessionDetail detail
        = SessionDetailQuery::load(m_db, rowId(m_db, QStringLiteral("Morning inbox")), kAuto);
    // Per model over the tree: claude-sonnet-4-5 in the root and the drafting sub-agent, gpt-5.4 in the
    // root, triage and its own sub-agent.
    QCOMPARE(detail.byModel.size(), 2);
    qint64 requests = 0;
    double cost = 0;
    for (const SessionFigures::ModelUsage& model : detail.byModel) {
        requests += model.usage.requests;
        cost += model.usage.cost;
    }
    QCOMPARE(requests, detail.withSubAgents.requests);
    QCOMPARE(requests, 8);
    QVERIFY(qAbs(cost - detail.withSubAgents.cost) < 1e-12);
    // Every OpenClaw session here is a 'main' agent: one row with all four sessions.
    QCOMPARE(detail.byAgent.size(), 1);
    QCOMPARE(detail.byAgent.at(0).agent, QStringLiteral("main"));
    QCOMPARE(detail.byAgent.at(0).sessions, 4);
    QCOMPARE(detail.byAgent.at(0).requests, 8);

    const SessionDetail claude
        = SessionDetailQuery::load(m_db, rowId(m_db, QStringLiteral("orders pagination")), kAuto);
    QStringList agents;
    for (const SessionDetail::AgentUsage& agent : claude.byAgent)
        agents.append(QStringLiteral("%1:%2:%3").arg(agent.agent).arg(agent.sessions).arg(agent.requests));
    QCOMPARE(agents,
        (QStringList { QStringLiteral("main:1:3"), QStringLiteral("subagent:2:2"),
            QStringLiteral("Explore:1:1"), QStringLiteral("general-purpose:1:1") }));
}

void TestSessionDetailQuery::toolsAndFiles()
{
    const SessionDetail detail
        = SessionDetailQuery::load(m_db, rowId(m_db, QStringLiteral("Add refund endpoint")), kAuto);
    QStringList tools;
    for (const SessionFigures::ToolUsage& tool : detail.tools)
        tools.append(QStringLiteral("%1 %2 %3 %4")
                         .arg(tool.name)
                         .arg(tool.count)
                         .arg(tool.errors)
                         .arg(tool.totalDurationMs));
    QCOMPARE(tools,
        (QStringList { QStringLiteral("grep 1 0 1000"), QStringLiteral("invoke_agent 1 0 60000"),
            QStringLiteral("read_file 1 0 2500"), QStringLiteral("replace 1 1 15000"),
            QStringLiteral("run_shell_command 1 0 20000"), QStringLiteral("write_file 1 0 10000") }));
    QCOMPARE(detail.toolCalls, 6);
    QCOMPARE(detail.toolErrors, 1);
    QVERIFY(!detail.files.isEmpty());
    qint64 reads = 0;
    qint64 writes = 0;
    for (const SessionFigures::FileUsage& file : detail.files) {
        QVERIFY(file.path.startsWith(QLatin1Char('/')));
        reads += file.reads;
        writes += file.writes;
    }
    QVERIFY(reads >= 1);
    QVERIFY(writes >= 1);
}

void TestSessionDetailQuery::promptsTimelineAndMessages()
{
    const SessionDetail detail
        = SessionDetailQuery::load(m_db, rowId(m_db, QStringLiteral("Add refund endpoint")), kAuto);
    QCOMPARE(detail.prompts.size(), 3);
    QCOMPARE(detail.prompts.at(0).text, QStringLiteral("explain the orders module"));
    QVERIFY(!detail.prompts.at(0).fromParent);
    QVERIFY(detail.contentStored);
    QCOMPARE(detail.messages.first().role, SessionDetail::Message::User);
    QCOMPARE(detail.messages.first().text, QStringLiteral("explain the orders module"));

    // Own requests (4), tool calls (5, the investigator's grep is its own) and the API error, by time.
    QCOMPARE(detail.timelineTotal, 10);
    QCOMPARE(detail.timeline.size(), 10);
    int requests = 0;
    int tools = 0;
    int errors = 0;
    for (qsizetype i = 0; i < detail.timeline.size(); ++i) {
        const SessionDetail::TimelineEntry& entry = detail.timeline.at(i);
        requests += entry.kind == SessionDetail::TimelineEntry::Request;
        tools += entry.kind == SessionDetail::TimelineEntry::ToolCall;
        errors += entry.kind == SessionDetail::TimelineEntry::Error;
        if (i > 0)
            QVERIFY(detail.timeline.at(i - 1).ts.value_or(0) <= entry.ts.value_or(0));
    }
    QCOMPARE(requests, 4);
    QCOMPARE(tools, 5);
    QCOMPARE(errors, 1);
}

void TestSessionDetailQuery::subAgentPromptIsItsTask()
{
    // OpenClaw's triage sub-agent: its task, logged again as its first prompt, is listed once.
    const SessionDetail detail = SessionDetailQuery::load(m_db, rowId(m_db, QStringLiteral("triage")), kAuto);
    QCOMPARE(detail.source, QStringLiteral("openclaw"));
    QCOMPARE(detail.prompts.size(), 1);
    QVERIFY(detail.prompts.at(0).fromParent);
    QCOMPARE(detail.prompts.at(0).text, QStringLiteral("triage newsletters"));
    QCOMPARE(detail.messages.size(), 2);
    QCOMPARE(detail.messages.at(1).role, SessionDetail::Message::Assistant);
    QCOMPARE(detail.messages.at(1).text, QStringLiteral("Triaged 12 newsletters."));
    QCOMPARE(detail.subAgentSessions, 1);
    QVERIFY(!detail.parentExternalId.isEmpty());
}

void TestSessionDetailQuery::withoutContent()
{
    // Claude logs ingested with --no-content: lengths stay, text does not.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("plain.db"));
    TestSupport::ingestClaude(
        path, { TestSupport::fixturePath(QStringLiteral("claude/basic")) }, IngestEngine::Options(), false);
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    const SessionDetail detail
        = SessionDetailQuery::load(db, rowId(db, QStringLiteral("orders pagination")), kAuto);
    QVERIFY(detail.found);
    QVERIFY(!detail.prompts.isEmpty());
    QVERIFY(!detail.prompts.at(0).text.has_value());
    QVERIFY(detail.prompts.at(0).length > 0);
    QVERIFY(!detail.contentStored);
    QVERIFY(detail.messages.isEmpty());
}

// OpenClaw logs its own costs, which differ from ours; the root's last request logged none.
void TestSessionDetailQuery::costModes_data()
{
    QTest::addColumn<ReportOptions::CostMode>("mode");
    QTest::addColumn<double>("own");
    QTest::addColumn<double>("tree");
    QTest::addColumn<double>("gpt"); // gpt-5.4 over the tree
    QTest::addColumn<std::optional<double>>("lastRequest");
    QTest::newRow("auto") << ReportOptions::CostMode::Auto << 0.046395 << 0.088895 << 0.0225
                          << std::optional(0.006);
    QTest::newRow("calculate") << ReportOptions::CostMode::Calculate << 0.042845 << 0.08552 << 0.03275
                               << std::optional(0.006);
    QTest::newRow("display") << ReportOptions::CostMode::Display << 0.040395 << 0.082895 << 0.0165
                             << std::optional(0.0);
}

void TestSessionDetailQuery::costModes()
{
    QFETCH(ReportOptions::CostMode, mode);
    QFETCH(double, own);
    QFETCH(double, tree);
    QFETCH(double, gpt);
    QFETCH(std::optional<double>, lastRequest);
    const auto micro = [](double dollars) { return qRound64(dollars * 1e6); };
    const SessionDetail detail = SessionDetailQuery::load(m_db, rowId(m_db, QStringLiteral("Morning inbox")), mode);
    QCOMPARE(micro(detail.own.cost), micro(own));
    QCOMPARE(micro(detail.withSubAgents.cost), micro(tree));
    QCOMPARE(detail.withSubAgents.unpriced, 0);
    QCOMPARE(micro(detail.byAgent.value(0).cost), micro(tree));
    const auto model = std::find_if(detail.byModel.cbegin(), detail.byModel.cend(),
        [](const SessionFigures::ModelUsage& usage) { return usage.model == QLatin1String("gpt-5.4"); });
    QVERIFY(model != detail.byModel.cend());
    QCOMPARE(micro(model->usage.cost), micro(gpt));
    QList<std::optional<double>> requestCosts;
    for (const SessionDetail::TimelineEntry& entry : detail.timeline)
        if (entry.kind == SessionDetail::TimelineEntry::Request)
            requestCosts.append(entry.cost);
    QCOMPARE(requestCosts.size(), 4);
    QCOMPARE(requestCosts.last(), lastRequest);
}

void TestSessionDetailQuery::unknownSession()
{
    const SessionDetail detail = SessionDetailQuery::load(m_db, 987654, kAuto);
    QVERIFY(!detail.found);
    QVERIFY(detail.timeline.isEmpty());
}

void TestSessionDetailQuery::largeDatabase()
{
    // Figures for docs/window/sessions.md on tests/bench/api_bench_db.sh's database (no assertion on time).
    const QString path = qEnvironmentVariable("AGENTMETER_SESSIONS_BENCH_DB");
    if (path.isEmpty())
        QSKIP("set AGENTMETER_SESSIONS_BENCH_DB to a database made by tests/bench/api_bench_db.sh");
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    // Session 99,999 has a sub-agent (every tenth session is one), 50 requests, 20 tool calls, 3 prompts.
    QElapsedTimer timer;
    timer.start();
    const SessionDetail detail = SessionDetailQuery::load(db, 99999, kAuto);
    const qint64 elapsed = timer.elapsed();
    QVERIFY(detail.found);
    QCOMPARE(detail.subAgentSessions, 1);
    qInfo("detail of a session with a sub-agent: %lld ms (%lld timeline events)", elapsed,
        detail.timelineTotal);
}

QTEST_GUILESS_MAIN(TestSessionDetailQuery)
#include "tst_sessiondetailquery.moc"

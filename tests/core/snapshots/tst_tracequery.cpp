// SPDX-License-Identifier: MIT
// TraceQuery over the fixtures of every source: which roots have traces, how sub-agents nest below the
// calls that spawned them at any depth, offsets against the trace's span, and the most expensive path.
#include "snapshots/tracequery.h"
#include "store/database.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr ReportOptions::CostMode kAuto = ReportOptions::CostMode::Auto;

QString money(const std::optional<double>& cost)
{
    return cost ? QString::number(*cost, 'f', 6) : QStringLiteral("-");
}

// One line per node: indentation by depth, kind, name, agent, status, offset, duration, tokens, own and
// total cost, and a star on the expensive path.
QStringList dump(const TraceSnapshot& snapshot)
{
    QStringList lines;
    for (const TraceNode& node : snapshot.nodes) {
        const auto number = [](const std::optional<qint64>& value) {
            return value ? QString::number(*value) : QStringLiteral("-");
        };
        lines += QString(node.depth * 2, QLatin1Char(' '))
            + QStringList { node.kind == TraceNode::Session ? QStringLiteral("session")
                                                            : QStringLiteral("tool"),
                  node.name, node.agent, node.status, number(node.offsetMs), number(node.durationMs),
                  QString::number(node.tokensIn) + QLatin1Char('/') + QString::number(node.tokensOut),
                  money(node.cost), QString::number(node.totalCost, 'f', 6),
                  node.onExpensivePath ? QStringLiteral("*") : QString() }
                  .join(QStringLiteral(" | "));
    }
    return lines;
}

} // namespace

class TestTraceQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void recentRootsAreTracedRootsNewestFirst();
    void recentRootsHonourTheLimit();
    void claudeSubAgentsNestBelowTheirTaskCalls();
    void nestingAtAnyDepth();
    void expensivePathRunsThroughToolCalls();
    void spanAndOffsets();
    void costModes_data();
    void costModes();
    void unknownRootIsEmpty();
    void buildIgnoresRowsOutsideTheTree();

private:
    qint64 rowId(const QString& externalId);
    TraceSnapshot load(const QString& externalId);

    QTemporaryDir m_dir;
    Database m_db;
};

void TestTraceQuery::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(path);
    m_db.open(path, Database::Mode::ReadOnly);
}

qint64 TestTraceQuery::rowId(const QString& externalId)
{
    SqliteStatement query = m_db.prepare("SELECT id FROM sessions WHERE external_id = ?1");
    query.bind(1, externalId);
    return query.step() ? query.int64(0) : 0;
}

TraceSnapshot TestTraceQuery::load(const QString& externalId)
{
    const qint64 id = rowId(externalId);
    return id ? TraceQuery::load(m_db, id, kAuto) : TraceSnapshot();
}

void TestTraceQuery::recentRootsAreTracedRootsNewestFirst()
{
    QStringList lines;
    for (const TraceRoot& root : TraceQuery::recentRoots(m_db, 100, kAuto)) {
        lines += QStringList { root.source, root.sessionId, root.agent, root.title,
            QString::number(root.subAgents), QString::number(root.toolCalls),
            QString::number(root.totalCost, 'f', 6) }
                     .join(QStringLiteral(" | "));
        QCOMPARE(rowId(root.sessionId), root.rowId);
    }
    // Roots without sub-agents or tool calls (codex "hi", gemini "hello", ...) are not listed; a root's
    // counts and cost take in its sub-agents at every depth.
    const QStringList expected {
        QStringLiteral(
            "gemini | 9a8b7c6d-1111-4222-8333-944455556666 | main | Fix the login bug | 0 | 1 | 0.024525"),
        QStringLiteral(
            "gemini | 5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c | main | Add refund endpoint | 1 | 6 | 0.064521"),
        QStringLiteral(
            "openclaw | 4c1d7e2a-9b3f-4a61-8e20-6f5a4b3c2d1e | main | Morning inbox | 3 | 3 | 0.088895"),
        QStringLiteral(
            "claude | 7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61 | main | orders pagination | 4 | 7 | 0.087173"),
        QStringLiteral(
            "codex | 019e8a1b-7c2d-7e3f-9a4b-5c6d7e8f9a0b | main | Orders pagination | 2 | 6 | 0.048780"),
        QStringLiteral("opencode | ses_7a01legacy0001 | build | Fix the CSV export | 0 | 1 | 0.001000"),
        QStringLiteral(
            "codex | 5f3a2b1c-3333-4d44-9e55-6f7708192a34 | main | list the files | 0 | 1 | 0.000000"),
    };
    QCOMPARE(lines, expected);
}

void TestTraceQuery::recentRootsHonourTheLimit()
{
    const TraceRootList roots = TraceQuery::recentRoots(m_db, 2, kAuto);
    QCOMPARE(roots.size(), 2);
    QCOMPARE(roots.at(1).title, QStringLiteral("Add refund endpoint"));
}

void TestTraceQuery::claudeSubAgentsNestBelowTheirTaskCalls()
{
    // Two sub-agents hang below the Task calls that started them (and start when the call did); the
    // one without a recorded call, and the side question, below the root. The side question is the
    // costliest sub-agent, so the path goes there and stops: its pending Read costs nothing.
    const TraceSnapshot snapshot = load(QStringLiteral("7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61"));
    const QStringList expected {
        QStringLiteral("session | orders pagination | main | completed | 0 | 479380 | 59760/546 | 0.075246 | "
                       "0.087173 | *"),
        QStringLiteral("  tool | Read | main | completed | 3360 | 430 | 0/0 | - | 0.000000 | "),
        QStringLiteral("  tool | Task | main | completed | 6880 | 110000 | 0/0 | - | 0.001245 | "),
        QStringLiteral("    session | Find call sites | Explore | completed | 6880 | 6700 | 520/120 | "
                       "0.001245 | 0.001245 | "),
        QStringLiteral("      tool | Grep | Explore | completed | 12880 | 700 | 0/0 | - | 0.000000 | "),
        QStringLiteral("  tool | Task | main | completed | 6980 | 140000 | 0/0 | - | 0.002796 | "),
        QStringLiteral("    session | Run the order tests | subagent | completed | 6980 | 129900 | 5107/60 | "
                       "0.002796 | 0.002796 | "),
        QStringLiteral("      tool | Bash | subagent | completed | 16880 | 120000 | 0/0 | - | 0.000000 | "),
        QStringLiteral("  session | 7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61:agent-a3f9c21 | general-purpose | "
                       "completed | 96882 | 0 | 9112/41 | 0.001127 | 0.001127 | "),
        QStringLiteral("  tool | Edit | main | error | 476880 | 2500 | 0/0 | - | 0.000000 | "),
        QStringLiteral("  session | btw what does list_orders return? | subagent | completed | 1076880 | "
                       "4000 | 20003/50 | 0.006759 | 0.006759 | *"),
        QStringLiteral("    tool | Read | subagent | pending | 1076880 | - | 0/0 | - | 0.000000 | "),
    };
    QCOMPARE(dump(snapshot), expected);
}

void TestTraceQuery::nestingAtAnyDepth()
{
    // OpenClaw: the root spawned "triage" through sessions_spawn, and triage spawned "deep check"
    // (recorded by parent only), two levels down.
    const TraceSnapshot snapshot = load(QStringLiteral("4c1d7e2a-9b3f-4a61-8e20-6f5a4b3c2d1e"));
    const QStringList expected {
        QStringLiteral(
            "session | Morning inbox | main | completed | 0 | 420000 | 65790/870 | 0.046395 | 0.088895 | *"),
        QStringLiteral("  tool | sessions_spawn | main | completed | 9500 | 400 | 0/0 | - | 0.012500 | "),
        QStringLiteral(
            "    session | triage | main | completed | 9500 | 30500 | 10400/410 | 0.012000 | 0.012500 | "),
        QStringLiteral("      tool | write | main | completed | 20000 | 750 | 0/0 | - | 0.000000 | "),
        QStringLiteral(
            "      session | deep check | main | error | 40000 | 5000 | 100/20 | 0.000500 | 0.000500 | "),
        QStringLiteral("  tool | read | main | error | 60000 | 2500 | 0/0 | - | 0.000000 | "),
        QStringLiteral("  session | now draft replies | main | completed | 600000 | 30000 | 33800/600 | "
                       "0.030000 | 0.030000 | *"),
    };
    QCOMPARE(dump(snapshot), expected);
}

void TestTraceQuery::expensivePathRunsThroughToolCalls()
{
    // Gemini: the only sub-agent (0.00345) hangs below invoke_agent, so the path goes root ->
    // invoke_agent -> the sub-agent, and stops there: its grep call costs nothing.
    const TraceSnapshot snapshot = load(QStringLiteral("5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c"));
    QStringList path;
    for (const TraceNode& node : snapshot.nodes) {
        if (node.onExpensivePath)
            path += node.name;
    }
    QCOMPARE(path,
        (QStringList { QStringLiteral("Add refund endpoint"), QStringLiteral("invoke_agent"),
            QStringLiteral("find the refund tests") }));
    QCOMPARE(snapshot.nodes.first().totalCost, snapshot.nodes.first().cost.value_or(0) + 0.00345);
}

void TestTraceQuery::spanAndOffsets()
{
    const TraceSnapshot snapshot = load(QStringLiteral("019e8a1b-7c2d-7e3f-9a4b-5c6d7e8f9a0b"));
    QVERIFY(!snapshot.isEmpty());
    const TraceNode& root = snapshot.nodes.first();
    QCOMPARE(root.offsetMs, 0);
    QCOMPARE(snapshot.spanStart, root.start);
    qint64 latestEnd = 0;
    for (const TraceNode& node : snapshot.nodes) {
        latestEnd = qMax(latestEnd, node.end.value_or(0));
        if (node.start)
            QCOMPARE(*node.offsetMs, *node.start - *snapshot.spanStart);
        if (node.parent >= 0)
            QVERIFY(snapshot.nodes.at(node.parent).children.contains(int(&node - snapshot.nodes.data())));
    }
    // The fork continued a day later: the span reaches its end, past the root's own.
    QCOMPARE(snapshot.spanEnd, latestEnd);
    QVERIFY(*snapshot.spanEnd > *root.end);
    QCOMPARE(snapshot.sessionCount(), 3);
    QCOMPARE(snapshot.toolCallCount(), 6);
}

// OpenClaw's "Morning inbox" tree logs its own costs, which differ from ours (one root request logged
// none): the list's total and the tree's nodes follow the mode.
void TestTraceQuery::costModes_data()
{
    QTest::addColumn<ReportOptions::CostMode>("mode");
    QTest::addColumn<double>("root"); // the root session's own requests
    QTest::addColumn<double>("total");
    QTest::newRow("auto") << ReportOptions::CostMode::Auto << 0.046395 << 0.088895;
    QTest::newRow("calculate") << ReportOptions::CostMode::Calculate << 0.042845 << 0.08552;
    QTest::newRow("display") << ReportOptions::CostMode::Display << 0.040395 << 0.082895;
}

void TestTraceQuery::costModes()
{
    QFETCH(ReportOptions::CostMode, mode);
    QFETCH(double, root);
    QFETCH(double, total);
    const auto micro = [](double dollars) { return qRound64(dollars * 1e6); };
    const QString inbox = QStringLiteral("4c1d7e2a-9b3f-4a61-8e20-6f5a4b3c2d1e");
    const TraceRootList roots = TraceQuery::recentRoots(m_db, 100, mode);
    const auto listed = std::find_if(
        roots.cbegin(), roots.cend(), [&inbox](const TraceRoot& row) { return row.sessionId == inbox; });
    QVERIFY(listed != roots.cend());
    QCOMPARE(micro(listed->totalCost), micro(total));

    const TraceSnapshot snapshot = TraceQuery::load(m_db, rowId(inbox), mode);
    QVERIFY(!snapshot.nodes.isEmpty());
    QCOMPARE(micro(snapshot.nodes.first().cost.value_or(-1)), micro(root));
    QCOMPARE(micro(snapshot.nodes.first().totalCost), micro(total));
}

void TestTraceQuery::unknownRootIsEmpty()
{
    const TraceSnapshot snapshot = TraceQuery::load(m_db, 987654, kAuto);
    QVERIFY(snapshot.isEmpty());
    QCOMPARE(snapshot.spanMs(), 0);
}

void TestTraceQuery::buildIgnoresRowsOutsideTheTree()
{
    // A call whose sub-agent belongs to another parent stays a leaf, and that session is not pulled in.
    TraceRecords::Session root;
    root.rowId = 1;
    root.traceId = QStringLiteral("root");
    root.startedAt = 1000;
    root.endedAt = 2000;
    root.cost = 0.5;
    TraceRecords::Session stranger = root;
    stranger.rowId = 2;
    stranger.parentRowId = 99;
    stranger.traceId = QStringLiteral("stranger");
    TraceRecords::ToolCall call;
    call.rowId = 7;
    call.sessionRowId = 1;
    call.name = QStringLiteral("Task");
    call.status = QStringLiteral("completed");
    call.startedAt = 1500;
    call.durationMs = 100;
    call.childRowId = 2;
    const TraceSnapshot snapshot = TraceQuery::build({ root, stranger }, { call }, 1);
    QCOMPARE(dump(snapshot),
        (QStringList { QStringLiteral("session | root |  |  | 0 | 1000 | 0/0 | 0.500000 | 0.500000 | *"),
            QStringLiteral("  tool | Task |  | completed | 500 | 100 | 0/0 | - | 0.000000 | ") }));
    QCOMPARE(snapshot.nodes.at(1).end, 1600);
}

QTEST_GUILESS_MAIN(TestTraceQuery)
#include "tst_tracequery.moc"

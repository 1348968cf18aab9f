// SPDX-License-Identifier: MIT
// TraceTreeModel over a real trace of the fixtures: the rows and columns, the waterfall fractions, and the
// most expensive path's roles.
#include "modeldump.h"
#include "snapshots/tracequery.h"
#include "store/database.h"
#include "testsupport.h"
#include "tracetreemodel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

class TestTraceTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void dumpsTheTree();
    void waterfallFractions();
    void expensivePathRoles();
    void resetToAnotherTraceAndToNothing();

private:
    TraceSnapshot load(const QString& externalId);

    QTemporaryDir m_dir;
    Database m_db;
};

void TestTraceTreeModel::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(path);
    m_db.open(path, Database::Mode::ReadOnly);
}

TraceSnapshot TestTraceTreeModel::load(const QString& externalId)
{
    SqliteStatement query = m_db.prepare("SELECT id FROM sessions WHERE external_id = ?1");
    query.bind(1, externalId);
    return query.step() ? TraceQuery::load(m_db, query.int64(0), ReportOptions::CostMode::Auto)
                        : TraceSnapshot();
}

void TestTraceTreeModel::dumpsTheTree()
{
    TraceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setData(load(QStringLiteral("5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c")));
    const QStringList expected {
        QStringLiteral(
            "Add refund endpoint | main | completed | +0 ms | 5 min 10 s | 78.3k | 2.69k | $0.0611 | "),
        QStringLiteral("  read_file | tool call | completed | +6 s | 2 s |  |  |  | "),
        QStringLiteral("  write_file | tool call | completed | +1 min 10 s | 10 s |  |  |  | "),
        QStringLiteral("  replace | tool call | error | +1 min 10 s | 15 s |  |  |  | "),
        QStringLiteral("  run_shell_command | tool call | interrupted | +1 min 10 s | 20 s |  |  |  | "),
        QStringLiteral("  invoke_agent | tool call | completed | +3 min 30 s | 1 min 00 s |  |  |  | "),
        QStringLiteral("    find the refund tests | codebase_investigator | completed | +3 min 30 s | 51 s | "
                       "11.0k | 600 | $0.00345 | "),
        QStringLiteral("      grep | tool call | completed | +3 min 40 s | 1 s |  |  |  | "),
    };
    QCOMPARE(ModelDump::dump(model), expected);
    QCOMPARE(model.headerData(TraceTreeModel::WaterfallColumn, Qt::Horizontal).toString(),
        QStringLiteral("Waterfall"));
}

void TestTraceTreeModel::waterfallFractions()
{
    TraceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const TraceSnapshot snapshot = load(QStringLiteral("5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c"));
    model.setData(snapshot);
    const double span = double(snapshot.spanMs());
    QVERIFY(span > 0);
    const QModelIndex root = model.index(0, TraceTreeModel::WaterfallColumn);
    QCOMPARE(root.data(TraceTreeModel::BarStartRole).toDouble(), 0.0);
    QCOMPARE(root.data(TraceTreeModel::BarLengthRole).toDouble(),
        double(*snapshot.nodes.first().durationMs) / span);
    // Every node's bar lies within the span, at its offset.
    for (int row = 0; row < model.rowCount(model.index(0, 0)); ++row) {
        const QModelIndex cell = model.index(row, TraceTreeModel::WaterfallColumn, model.index(0, 0));
        const TraceNode& node = snapshot.nodes.at(snapshot.nodes.first().children.at(row));
        const double start = cell.data(TraceTreeModel::BarStartRole).toDouble();
        const double length = cell.data(TraceTreeModel::BarLengthRole).toDouble();
        QCOMPARE(start, double(*node.offsetMs) / span);
        QVERIFY(length > 0);
        QVERIFY(start + length <= 1.0 + 1e-9);
    }
}

void TestTraceTreeModel::expensivePathRoles()
{
    TraceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData(load(QStringLiteral("5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c")));
    QStringList onPath;
    QStringList bold;
    std::function<void(const QModelIndex&)> walk = [&](const QModelIndex& parent) {
        for (int row = 0; row < model.rowCount(parent); ++row) {
            const QModelIndex index = model.index(row, TraceTreeModel::NameColumn, parent);
            if (index.data(TraceTreeModel::OnExpensivePathRole).toBool())
                onPath += index.data().toString();
            if (index.data(Qt::FontRole).value<QFont>().bold())
                bold += index.data().toString();
            QCOMPARE(index.data(Qt::BackgroundRole).isValid(),
                index.data(TraceTreeModel::OnExpensivePathRole).toBool());
            walk(index);
        }
    };
    walk({});
    const QStringList expected { QStringLiteral("Add refund endpoint"), QStringLiteral("invoke_agent"),
        QStringLiteral("find the refund tests") };
    QCOMPARE(onPath, expected);
    QCOMPARE(bold, expected);
    // The root's total takes in the sub-agent's cost; its own column does not.
    const QModelIndex root = model.index(0, TraceTreeModel::CostColumn);
    QCOMPARE(root.data().toString(), QStringLiteral("$0.0611"));
    double subAgents = 0;
    for (const TraceNode& node : model.snapshot().nodes) {
        if (node.kind == TraceNode::Session && node.parent >= 0)
            subAgents += node.cost.value_or(0);
    }
    QVERIFY(subAgents > 0);
    QCOMPARE(root.data(TraceTreeModel::TotalCostRole).toDouble(),
        model.snapshot().nodes.first().cost.value_or(0) + subAgents);
}

void TestTraceTreeModel::resetToAnotherTraceAndToNothing()
{
    TraceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData(load(QStringLiteral("5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c")));
    model.setData(load(QStringLiteral("4c1d7e2a-9b3f-4a61-8e20-6f5a4b3c2d1e")));
    const QStringList expected {
        QStringLiteral("Morning inbox | main | completed | +0 ms | 7 min 00 s | 65.8k | 870 | $0.0464 | "),
        QStringLiteral("  sessions_spawn | tool call | completed | +9 s | 400 ms |  |  |  | "),
        QStringLiteral("    triage | main | completed | +9 s | 30 s | 10.4k | 410 | $0.0120 | "),
        QStringLiteral("      write | tool call | completed | +20 s | 750 ms |  |  |  | "),
        QStringLiteral("      deep check | main | error | +40 s | 5 s | 100 | 20 | $0.000500 | "),
        QStringLiteral("  read | tool call | error | +1 min 00 s | 2 s |  |  |  | "),
        QStringLiteral(
            "  now draft replies | main | completed | +10 min 00 s | 30 s | 33.8k | 600 | $0.0300 | "),
    };
    QCOMPARE(ModelDump::dump(model), expected);
    model.setData(TraceSnapshot());
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestTraceTreeModel)
#include "tst_tracetreemodel.moc"

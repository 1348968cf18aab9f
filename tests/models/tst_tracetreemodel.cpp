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
    return query.step() ? TraceQuery::load(m_db, query.int64(0)) : TraceSnapshot();
}

void TestTraceTreeModel::dumpsTheTree()
{
    TraceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setData(load(QStringLiteral("5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c")));
    const QStringList lines = ModelDump::dump(model);
    for (const QString& line : lines)
        qDebug().noquote() << line;
    const QStringList expected {};
    QCOMPARE(lines, expected);
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
}

void TestTraceTreeModel::resetToAnotherTraceAndToNothing()
{
    TraceTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setData(load(QStringLiteral("5b2e9c1d-7a4f-4e3b-8c21-9d0e1f2a3b4c")));
    model.setData(load(QStringLiteral("4c1d7e2a-9b3f-4a61-8e20-6f5a4b3c2d1e")));
    const QStringList lines = ModelDump::dump(model);
    for (const QString& line : lines)
        qDebug().noquote() << line;
    const QStringList expected {};
    QCOMPARE(lines, expected);
    model.setData(TraceSnapshot());
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestTraceTreeModel)
#include "tst_tracetreemodel.moc"

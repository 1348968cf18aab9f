// SPDX-License-Identifier: MIT
#include "agentcomparisonmodel.h"
#include "modeldump.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QTest>

class TestAgentComparisonModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void rows();
};

void TestAgentComparisonModel::rows()
{
    AgentComparisonModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    DashboardSnapshot snapshot;
    DashboardSnapshot::Agent main { QStringLiteral("claude"), QStringLiteral("main"), {}, 12 };
    main.totals.cost = 42.5;
    main.totals.tokens.input = 1500000;
    main.totals.tokens.output = 20000;
    main.totals.requests = 340;
    main.totals.unpricedRequests = 2;
    DashboardSnapshot::Agent explore { QStringLiteral("claude"), QStringLiteral("explore"), {}, 3 };
    explore.totals.cost = 0.0421;
    explore.totals.tokens.cacheRead = 900;
    explore.totals.requests = 4;
    snapshot.agents = { main, explore };
    model.setData(snapshot);
    QCOMPARE(ModelDump::dump(model),
        QStringList({ QStringLiteral("main (claude) | $42.50 + 2 unpriced | 1.52M | 340 | 12"),
            QStringLiteral("explore (claude) | $0.0421 | 900 | 4 | 3") }));
    QCOMPARE(
        model.index(0, AgentComparisonModel::CostColumn).data(AgentComparisonModel::ValueRole).toDouble(),
        42.5);
    QCOMPARE(
        model.index(1, AgentComparisonModel::AgentColumn).data(AgentComparisonModel::SourceRole).toString(),
        QStringLiteral("claude"));

    model.setData(DashboardSnapshot());
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestAgentComparisonModel)
#include "tst_agentcomparisonmodel.moc"

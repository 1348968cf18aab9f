// SPDX-License-Identifier: MIT
#include "costbreakdownmodel.h"
#include "modeldump.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QTest>

class TestCostBreakdownModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void rows();
};

void TestCostBreakdownModel::rows()
{
    CostBreakdownModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0); // nothing loaded yet

    DashboardSnapshot snapshot;
    snapshot.components[DashboardSnapshot::FreshInput] = { 1000, 0.003 };
    snapshot.components[DashboardSnapshot::Output] = { 2000, 0.03 };
    snapshot.components[DashboardSnapshot::CacheRead] = { 10000, 0.003 };
    snapshot.components[DashboardSnapshot::CacheWrite] = { 4000, std::nullopt };
    model.setData(snapshot);
    QCOMPARE(ModelDump::dump(model),
        QStringList({ QStringLiteral("Fresh input | 1.00k | $0.00300 | 8.3 %"),
            QStringLiteral("Output | 2.00k | $0.0300 | 83.3 %"),
            QStringLiteral("Cache read | 10.0k | $0.00300 | 8.3 %"),
            QStringLiteral("Cache write | 4.00k | unpriced | –") }));
    QVERIFY(!model.index(3, CostBreakdownModel::CostColumn).data(CostBreakdownModel::ValueRole).isValid());
    QCOMPARE(
        model.index(1, CostBreakdownModel::TokensColumn).data(CostBreakdownModel::ValueRole).toLongLong(),
        2000);
}

QTEST_GUILESS_MAIN(TestCostBreakdownModel)
#include "tst_costbreakdownmodel.moc"

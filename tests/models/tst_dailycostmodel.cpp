// SPDX-License-Identifier: MIT
#include "dailycostmodel.h"
#include "modeldump.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QTest>

namespace {

// Series with a cost on the last two days only, so the dump shows the interesting rows.
DashboardSnapshot::DailySeries series(const char* name, double yesterday, double today)
{
    QList<double> costs(DashboardSnapshot::kDailyDays);
    costs[DashboardSnapshot::kDailyDays - 2] = yesterday;
    costs[DashboardSnapshot::kDailyDays - 1] = today;
    return { QString::fromLatin1(name), costs };
}

QStringList lastRows(const QAbstractItemModel& model, int count)
{
    return ModelDump::dump(model).mid(model.rowCount() - count);
}

QStringList headers(const QAbstractItemModel& model)
{
    QStringList list;
    for (int column = 0; column < model.columnCount(); ++column)
        list << model.headerData(column, Qt::Horizontal).toString();
    return list;
}

} // namespace

class TestDailyCostModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void splitAndOther();
};

void TestDailyCostModel::splitAndOther()
{
    DailyCostModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);

    DashboardSnapshot snapshot;
    snapshot.firstDay = QDate(2026, 4, 7);
    snapshot.dailyByModel = { series("opus", 4, 1), series("sonnet", 2, 2), series("haiku", 1, 0),
        series("gpt", 0.5, 0), series("gemini", 0, 0.25) };
    snapshot.dailyByAgent = { series("main (claude)", 6, 3), series("explore (claude)", 1.5, 0.25) };
    model.setTopCount(2);
    model.setData(snapshot);
    QCOMPARE(model.rowCount(), DashboardSnapshot::kDailyDays);
    QCOMPARE(headers(model),
        QStringList({ QStringLiteral("Day"), QStringLiteral("opus"), QStringLiteral("sonnet"),
            QStringLiteral("Other") }));
    QCOMPARE(ModelDump::dump(model).first(), QStringLiteral("7 Apr 2026 | $0.00 | $0.00 | $0.00"));
    QCOMPARE(lastRows(model, 2),
        QStringList({ QStringLiteral("5 May 2026 | $4.00 | $2.00 | $1.50"),
            QStringLiteral("6 May 2026 | $1.00 | $2.00 | $0.250") }));
    QCOMPARE(model.index(29, DailyCostModel::DayColumn).data(DailyCostModel::DateRole).toDate(),
        QDate(2026, 5, 6));
    QCOMPARE(
        model.index(28, DailyCostModel::FirstSeriesColumn + 2).data(DailyCostModel::ValueRole).toDouble(),
        1.5);

    // Two series need no "Other".
    model.setSplit(DailyCostModel::Split::ByAgent);
    QCOMPARE(headers(model),
        QStringList(
            { QStringLiteral("Day"), QStringLiteral("main (claude)"), QStringLiteral("explore (claude)") }));
    QCOMPARE(lastRows(model, 1), QStringList({ QStringLiteral("6 May 2026 | $3.00 | $0.250") }));

    // One folded series would gain nothing: three series under topCount 2 stay three.
    snapshot.dailyByAgent.append(series("plan (codex)", 0, 0.125));
    model.setData(snapshot);
    QCOMPARE(model.columnCount(), DailyCostModel::FirstSeriesColumn + 3);
}

QTEST_GUILESS_MAIN(TestDailyCostModel)
#include "tst_dailycostmodel.moc"

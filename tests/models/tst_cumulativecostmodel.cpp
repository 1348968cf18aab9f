// SPDX-License-Identifier: MIT
#include "cumulativecostmodel.h"
#include "modeldump.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QTest>

namespace {

constexpr qint64 kDayStart = 1778025600000; // 2026-05-06T00:00Z
constexpr qint64 kMinute = 60000;

ChangeNotice::Usage request(qint64 ts, std::optional<double> cost)
{
    ChangeNotice::Usage usage;
    usage.ts = ts;
    usage.cost = cost;
    return usage;
}

} // namespace

class TestCumulativeCostModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void snapshotAndLiveRequests();
    void liveRequestsInTheCostMode_data();
    void liveRequestsInTheCostMode();
};

void TestCumulativeCostModel::snapshotAndLiveRequests()
{
    CumulativeCostModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    DashboardSnapshot snapshot;
    snapshot.todayStartMs = kDayStart;
    snapshot.todayEndMs = kDayStart + 24 * 60 * kMinute;
    snapshot.todayMinutes
        = { { kDayStart + 9 * 60 * kMinute, 0.5 }, { kDayStart + 10 * 60 * kMinute, 1.25 } };
    model.setData(snapshot, QTimeZone::utc());
    QCOMPARE(ModelDump::dump(model),
        QStringList({ QStringLiteral("09:00 | $0.500 | $0.500"), QStringLiteral("10:00 | $1.25 | $1.75") }));
    QCOMPARE(model.total(), 1.75);

    // A request in a known minute adds to it, one in a new minute inserts a row in time order; requests
    // of another day and unpriced ones wait for the next snapshot.
    model.apply({ request(kDayStart + 10 * 60 * kMinute + 30000, 0.25),
        request(kDayStart + 9 * 60 * kMinute + 30 * kMinute, 2.0), request(kDayStart - 1, 100.0),
        request(kDayStart + 11 * 60 * kMinute, std::nullopt), request(snapshot.todayEndMs, 100.0) });
    QCOMPARE(ModelDump::dump(model),
        QStringList({ QStringLiteral("09:00 | $0.500 | $0.500"), QStringLiteral("09:30 | $2.00 | $2.50"),
            QStringLiteral("10:00 | $1.50 | $4.00") }));
    QCOMPARE(
        model.index(2, CumulativeCostModel::CumulativeColumn).data(CumulativeCostModel::ValueRole).toDouble(),
        4.0);
    QCOMPARE(
        model.index(1, CumulativeCostModel::TimeColumn).data(CumulativeCostModel::TimeMsRole).toLongLong(),
        kDayStart + 9 * 60 * kMinute + 30 * kMinute);

    // A new snapshot replaces everything.
    snapshot.todayMinutes = { { kDayStart, 3.0 } };
    model.setData(snapshot, QTimeZone::utc());
    QCOMPARE(ModelDump::dump(model), QStringList({ QStringLiteral("00:00 | $3.00 | $3.00") }));
}

// Live requests add the cost of the snapshot's mode: ours in calculate (a request we cannot price waits),
// the logged one in display (a request that logged none adds $0).
void TestCumulativeCostModel::liveRequestsInTheCostMode_data()
{
    QTest::addColumn<ReportOptions::CostMode>("mode");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("auto") << ReportOptions::CostMode::Auto
                          << QStringList({ QStringLiteral("09:00 | $1.00 | $1.00"),
                                 QStringLiteral("10:00 | $0.500 | $1.50"),
                                 QStringLiteral("11:00 | $2.00 | $3.50") });
    QTest::newRow("calculate") << ReportOptions::CostMode::Calculate
                               << QStringList({ QStringLiteral("09:00 | $0.250 | $0.250"),
                                      QStringLiteral("10:00 | $0.500 | $0.750") });
    QTest::newRow("display") << ReportOptions::CostMode::Display
                             << QStringList({ QStringLiteral("09:00 | $1.00 | $1.00"),
                                    QStringLiteral("10:00 | $0.00 | $1.00"),
                                    QStringLiteral("11:00 | $2.00 | $3.00") });
}

void TestCumulativeCostModel::liveRequestsInTheCostMode()
{
    QFETCH(ReportOptions::CostMode, mode);
    QFETCH(QStringList, expected);
    const auto logged = [](qint64 ts, std::optional<double> loggedCost, std::optional<double> computedCost) {
        ChangeNotice::Usage usage;
        usage.ts = ts;
        usage.loggedCost = loggedCost;
        usage.computedCost = computedCost;
        usage.cost = loggedCost ? loggedCost : computedCost;
        return usage;
    };
    CumulativeCostModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    DashboardSnapshot snapshot;
    snapshot.todayStartMs = kDayStart;
    snapshot.todayEndMs = kDayStart + 24 * 60 * kMinute;
    model.setData(snapshot, QTimeZone::utc());
    model.apply({ logged(kDayStart + 9 * 60 * kMinute, 1.0, 0.25),
                    logged(kDayStart + 10 * 60 * kMinute, std::nullopt, 0.5),
                    logged(kDayStart + 11 * 60 * kMinute, 2.0, std::nullopt) },
        mode);
    QCOMPARE(ModelDump::dump(model), expected);
}

QTEST_GUILESS_MAIN(TestCumulativeCostModel)
#include "tst_cumulativecostmodel.moc"

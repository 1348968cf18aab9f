// SPDX-License-Identifier: MIT
// CostColumns on the fixtures of every source, once as ingested and once repriced with a price book that
// knows no model: the rollup's columns and a request's expression give the same totals in each mode, and
// the modes differ where agents logged their own cost or nothing could be priced.
#include "pricing/pricebook.h"
#include "reports/costcolumns.h"
#include "store/database.h"
#include "store/usagestore.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using Mode = ReportOptions::CostMode;

class TestCostColumns : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rollupAndRecordsAgree_data();
    void rollupAndRecordsAgree();
    void noticeRequests_data();
    void noticeRequests();

private:
    QTemporaryDir m_dir;
};

void TestCostColumns::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString priced = m_dir.filePath(QStringLiteral("priced.db"));
    TestSupport::buildFixtureDatabase(priced);
    const QString unpriced = m_dir.filePath(QStringLiteral("unpriced.db"));
    QVERIFY(QFile::copy(priced, unpriced));
    Database db;
    db.open(unpriced);
    UsageRollup rollup;
    UsageStore store(db, std::make_shared<PriceBook>(), rollup);
    QVERIFY(store.repriceAll() > 0);
}

void TestCostColumns::rollupAndRecordsAgree_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<double>("cost");
    QTest::addColumn<qint64>("unpriced");
    // OpenCode and OpenClaw log their own costs: 12 of the fixtures' 40 requests (one OpenClaw request
    // has none). Without prices, auto leaves the other 28 unpriced, calculate all 40, display none.
    QTest::newRow("auto") << "priced.db" << Mode::Auto << 0.925997 << qint64(0);
    QTest::newRow("calculate") << "priced.db" << Mode::Calculate << 0.596454 << qint64(0);
    QTest::newRow("display") << "priced.db" << Mode::Display << 0.604495 << qint64(0);
    QTest::newRow("auto, no prices") << "unpriced.db" << Mode::Auto << 0.604495 << qint64(28);
    QTest::newRow("calculate, no prices") << "unpriced.db" << Mode::Calculate << 0.0 << qint64(40);
    QTest::newRow("display, no prices") << "unpriced.db" << Mode::Display << 0.604495 << qint64(0);
}

void TestCostColumns::rollupAndRecordsAgree()
{
    QFETCH(QString, database);
    QFETCH(Mode, mode);
    QFETCH(double, cost);
    QFETCH(qint64, unpriced);
    Database db;
    db.open(m_dir.filePath(database), Database::Mode::ReadOnly);
    SqliteStatement rollup = db.prepare("SELECT TOTAL(" + CostColumns::rollupCost(mode, "r") + "), TOTAL("
        + CostColumns::rollupUnpriced(mode, "r") + ") FROM usage_rollup r");
    QVERIFY(rollup.step());
    const std::string recordCost = CostColumns::recordCost(mode, "u");
    SqliteStatement records = db.prepare(
        "SELECT TOTAL(" + recordCost + "), SUM(" + recordCost + " IS NULL) FROM usage_records u");
    QVERIFY(records.step());
    QCOMPARE(qRound64(rollup.real(0) * 1e6), qRound64(cost * 1e6));
    QCOMPARE(qRound64(records.real(0) * 1e6), qRound64(cost * 1e6));
    QCOMPARE(qint64(rollup.real(1)), unpriced);
    QCOMPARE(records.int64(1), unpriced);
}

void TestCostColumns::noticeRequests_data()
{
    QTest::addColumn<Mode>("mode");
    QTest::addColumn<std::optional<double>>("logged");
    QTest::addColumn<std::optional<double>>("computed");
    QTest::addColumn<std::optional<double>>("expected");
    const std::optional<double> none;
    QTest::newRow("auto, both") << Mode::Auto << std::optional(0.5) << std::optional(0.25)
                                << std::optional(0.5);
    QTest::newRow("auto, computed") << Mode::Auto << none << std::optional(0.25) << std::optional(0.25);
    QTest::newRow("auto, neither") << Mode::Auto << none << none << none;
    QTest::newRow("calculate, both") << Mode::Calculate << std::optional(0.5) << std::optional(0.25)
                                     << std::optional(0.25);
    QTest::newRow("calculate, logged") << Mode::Calculate << std::optional(0.5) << none << none;
    QTest::newRow("display, both") << Mode::Display << std::optional(0.5) << std::optional(0.25)
                                   << std::optional(0.5);
    QTest::newRow("display, computed") << Mode::Display << none << std::optional(0.25) << std::optional(0.0);
}

void TestCostColumns::noticeRequests()
{
    QFETCH(Mode, mode);
    QFETCH(std::optional<double>, logged);
    QFETCH(std::optional<double>, computed);
    QFETCH(std::optional<double>, expected);
    ChangeNotice::Usage request;
    request.loggedCost = logged;
    request.computedCost = computed;
    request.cost = logged ? logged : computed; // as the change feed fills it
    QCOMPARE(CostColumns::requestCost(mode, request), expected);
}

QTEST_GUILESS_MAIN(TestCostColumns)
#include "tst_costcolumns.moc"

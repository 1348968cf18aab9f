// SPDX-License-Identifier: MIT
// The Dashboard page offscreen on the fixture database of every source: it fills through the query
// runner, switches its daily split, and a request written through the store writer and announced the
// way live ingest does moves today's chart at once, and again after the debounced re-query.
#include "charts/cumulativecostchart.h"
#include "charts/stackedbarchart.h"
#include "dashboardpage.h"
#include "kpitile.h"
#include "pricing/pricebook.h"
#include "snapshots/dashboardsnapshot.h"
#include "store/changefeed.h"
#include "store/database.h"
#include "store/queryrunner.h"
#include "store/storewriter.h"
#include "storechanges.h"
#include "testsupport.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

class TestDashboardPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void fillsFromTheStore();
    void switchesTheDailySplit();
    void tilesShowTheCostMode_data();
    void tilesShowTheCostMode(); // before a request is added to the store
    void newRequestMovesTheChart();

private:
    PageContext context();

    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<QueryRunner> m_runner;
    StoreChanges m_changes;
};

void TestDashboardPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(m_path);
    m_runner = std::make_unique<QueryRunner>(m_path);
}

PageContext TestDashboardPage::context()
{
    PageContext context;
    context.queries = m_runner.get();
    context.changes = &m_changes;
    context.timeZone = QTimeZone::utc();
    context.clock = [] { return TestSupport::fixtureNow(); };
    return context;
}

void TestDashboardPage::fillsFromTheStore()
{
    DashboardPage page(context());
    page.resize(1280, 820);
    page.show();
    auto* status = page.findChild<QLabel*>(QStringLiteral("dashboardStatus"));
    QVERIFY(status);
    QCOMPARE(status->text(), QStringLiteral("Loading…"));
    QSignalSpy filled(&page, &DashboardPage::snapshotAvailable);
    QVERIFY(filled.wait(10000));
    QVERIFY(page.isLoaded());
    QVERIFY(status->text().startsWith(QStringLiteral("Updated")));

    auto* recent = page.findChild<QTreeView*>();
    QVERIFY(recent);
    QVERIFY(recent->model()->rowCount() > 0);
    QVERIFY(!recent->model()->index(0, 0).data().toString().isEmpty());

    const QList<KpiTile*> tiles = page.findChildren<KpiTile*>();
    QCOMPARE(tiles.size(), 6);
    for (const KpiTile* tile : tiles)
        QVERIFY2(tile->value() != QStringLiteral("…"), qPrintable(tile->value()));
    // The fixtures hold requests of this week: the week tile shows dollars.
    QVERIFY(tiles[1]->value().startsWith(QLatin1Char('$')));

    const QList<StackedBarChart*> bars = page.findChildren<StackedBarChart*>();
    QCOMPARE(bars.size(), 3); // daily, agents, breakdown
    QCOMPARE(bars[0]->categories().size(), DashboardSnapshot::kDailyDays);
    QCOMPARE(bars[0]->categories().first(), QStringLiteral("7 Apr"));
    QCOMPARE(bars[0]->categories().last(), QStringLiteral("6 May")); // today
    QVERIFY(!bars[0]->seriesNames().isEmpty());
    QVERIFY(!bars[1]->categories().isEmpty()); // agents
    QCOMPARE(bars[2]->categories(),
        QStringList({ QStringLiteral("Cache write"), QStringLiteral("Cache read"), QStringLiteral("Output"),
            QStringLiteral("Fresh input") }));
}

void TestDashboardPage::switchesTheDailySplit()
{
    DashboardPage page(context());
    QSignalSpy filled(&page, &DashboardPage::snapshotAvailable);
    QVERIFY(filled.wait(10000));
    auto* daily = page.findChildren<StackedBarChart*>().first();
    const QStringList byModel = daily->seriesNames();
    auto* split = page.findChild<QComboBox*>();
    QVERIFY(split);
    split->setCurrentIndex(1);
    const QStringList byAgent = daily->seriesNames();
    QVERIFY(byAgent != byModel);
    QVERIFY(byAgent.contains(QStringLiteral("main (claude)")) || byAgent.contains(QStringLiteral("Other")));
}

// The week's requests cost $0.923 with logged costs where OpenCode and OpenClaw logged them, $0.593 by
// our prices alone, $0.603 in logged costs alone.
void TestDashboardPage::tilesShowTheCostMode_data()
{
    QTest::addColumn<ReportOptions::CostMode>("mode");
    QTest::addColumn<QString>("week");
    QTest::newRow("auto") << ReportOptions::CostMode::Auto << QStringLiteral("$0.923");
    QTest::newRow("calculate") << ReportOptions::CostMode::Calculate << QStringLiteral("$0.593");
    QTest::newRow("display") << ReportOptions::CostMode::Display << QStringLiteral("$0.603");
}

void TestDashboardPage::tilesShowTheCostMode()
{
    QFETCH(ReportOptions::CostMode, mode);
    QFETCH(QString, week);
    PageContext pageContext = context();
    pageContext.costMode = mode;
    DashboardPage page(pageContext);
    QSignalSpy filled(&page, &DashboardPage::snapshotAvailable);
    QVERIFY(filled.wait(10000));
    QCOMPARE(page.findChildren<KpiTile*>().value(1)->value(), week);
}

void TestDashboardPage::newRequestMovesTheChart()
{
    DashboardPage page(context());
    QSignalSpy filled(&page, &DashboardPage::snapshotAvailable);
    QVERIFY(filled.wait(10000));
    auto* chart = page.findChild<CumulativeCostChart*>();
    QVERIFY(chart);
    const QPointF before = chart->points().last();

    // As live ingest does: the writer commits, the feed reads what changed, the notice is published.
    Database feedDb;
    feedDb.open(m_path, Database::Mode::ReadOnly);
    ChangeFeed feed(feedDb);
    feed.prime();
    {
        IngestBatch batch;
        batch.sourceId = 1;
        const qint64 ts = TestSupport::fixtureNow().toMSecsSinceEpoch() - 5 * 60 * 1000;
        batch.session("live-session").widen(ts);
        UsageRecord record;
        record.sessionExternalId = "live-session";
        record.sessionIndex = 0;
        record.timestampMs = ts;
        record.model = "claude-sonnet-4-5-20250929";
        record.tokens.output = 100;
        record.loggedCost = 2.5;
        record.recordKey = "live-1";
        batch.usage.push_back(record);
        StoreWriter writer(m_path, PriceBook::embedded());
        writer.apply(batch);
    }
    const ChangeNotice notice = feed.poll();
    QCOMPARE(notice.usageCount, 1);
    m_changes.publish(notice);

    // At once, from the notice alone.
    QCOMPARE(chart->points().last().y(), before.y() + 2.5);
    // And the debounced re-query agrees.
    QVERIFY(filled.wait(10000));
    QCOMPARE(chart->points().last().y(), before.y() + 2.5);
    QCOMPARE(page.findChildren<KpiTile*>().first()->value(),
        QStringLiteral("$%1").arg(before.y() + 2.5, 0, 'f', 2));
}

QTEST_MAIN(TestDashboardPage)
#include "tst_dashboardpage.moc"

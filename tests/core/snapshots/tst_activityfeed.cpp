// SPDX-License-Identifier: MIT
// ActivityFeed over the fixtures of every source: the newest items of the activity view with filters,
// and the items a change notice adds, which must equal what the view gives for the same rows.
#include "snapshots/activityfeed.h"
#include "store/changefeed.h"
#include "store/database.h"
#include "store/optionalcolumn.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

QString line(const ActivityItem& item)
{
    const auto integer = [](const std::optional<qint64>& value) {
        return value ? QString::number(*value) : QStringLiteral("-");
    };
    // Full precision: the view's cost and the item's must be the same double.
    const auto real = [](const std::optional<double>& value) {
        return value ? QString::number(*value, 'g', 17) : QStringLiteral("-");
    };
    return QStringList { item.rid, QString::number(item.ts), item.eventType, item.source, item.sessionId,
        item.agent, item.model, item.requestedModel, integer(item.tokens), real(item.cost),
        integer(item.latencyMs), item.message }
        .join(QStringLiteral(" | "));
}

QStringList lines(const QList<ActivityItem>& items)
{
    QStringList out;
    for (const ActivityItem& item : items)
        out += line(item);
    return out;
}

} // namespace

Q_DECLARE_METATYPE(ActivityFilter)

class TestActivityFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void recentIsTheViewNewestFirst();
    void limitKeepsTheNewest();
    void filters_data();
    void filters();
    void noticeGivesTheViewsItems();
    void noticeUpdatesAndHistory();
    void costModes_data();
    void costModes();

private:
    QTemporaryDir m_dir;
    Database m_db;
};

void TestActivityFeed::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(path);
    m_db.open(path, Database::Mode::ReadOnly);
}

void TestActivityFeed::recentIsTheViewNewestFirst()
{
    QList<ActivityItem> expected;
    SqliteStatement view = m_db.prepare(
        "SELECT a.rid, a.ts, a.event_type, src.name, s.external_id, a.agent_name, a.model, "
        "a.requested_model, "
        "a.tokens, a.cost, a.latency_ms, a.message FROM activity a JOIN sessions s ON s.id = a.session_id "
        "JOIN sources src ON src.id = s.source_id ORDER BY a.ts DESC, a.rid DESC");
    while (view.step()) {
        expected.append(ActivityItem { view.text(0), view.int64(1), view.text(2), view.text(3), view.text(4),
            view.text(5), view.text(6), view.text(7), OptionalColumn::int64(view, 8), view.optionalReal(9),
            OptionalColumn::int64(view, 10), view.text(11) });
    }
    QCOMPARE(expected.size(), 44); // 40 requests and 4 agent events
    QCOMPARE(lines(ActivityFeed::recent(m_db, {}, 1000)), lines(expected));
}

void TestActivityFeed::limitKeepsTheNewest()
{
    const QList<ActivityItem> all = ActivityFeed::recent(m_db, {}, 1000);
    const QList<ActivityItem> five = ActivityFeed::recent(m_db, {}, 5);
    QCOMPARE(lines(five), lines(all.mid(0, 5)));
    QVERIFY(ActivityFeed::recent(m_db, {}, 0).isEmpty());
    const ActivitySnapshot snapshot = ActivityFeed::load(m_db, {}, 3);
    QCOMPARE(lines(snapshot.items), lines(all.mid(0, 3)));
    QVERIFY(snapshot.updated.isEmpty());
}

void TestActivityFeed::filters_data()
{
    QTest::addColumn<ActivityFilter>("filter");
    QTest::addColumn<int>("count");
    ActivityFilter errors;
    errors.eventTypes = QStringList { QStringLiteral("error") };
    QTest::newRow("errors") << errors << 4;
    ActivityFilter hits;
    hits.eventTypes = QStringList { QStringLiteral("cache_hit") };
    QTest::newRow("cache hits") << hits << -1;
    ActivityFilter fork;
    fork.agent = QStringLiteral("fork");
    QTest::newRow("agent") << fork << -1;
    ActivityFilter model;
    model.model = QStringLiteral("gpt-5.5");
    QTest::newRow("model") << model << -1;
    ActivityFilter since;
    since.sinceMs = Q_INT64_C(1778000000000);
    QTest::newRow("since") << since << -1;
}

void TestActivityFeed::filters()
{
    QFETCH(ActivityFilter, filter);
    QFETCH(int, count);
    // The query's answer is the unfiltered feed's items that the filter accepts (the page's proxy
    // filters with the same ActivityFilter::accepts).
    QList<ActivityItem> expected;
    for (const ActivityItem& item : ActivityFeed::recent(m_db, {}, 1000)) {
        if (filter.accepts(item))
            expected.append(item);
    }
    QVERIFY(!expected.isEmpty());
    QVERIFY(expected.size() < 44);
    if (count >= 0)
        QCOMPARE(expected.size(), count);
    QCOMPARE(lines(ActivityFeed::recent(m_db, filter, 1000)), lines(expected));
    QCOMPARE(lines(ActivityFeed::recent(m_db, filter, 2)), lines(expected.mid(0, 2)));
}

void TestActivityFeed::noticeGivesTheViewsItems()
{
    // A feed that was never primed reports the whole store in its first notice: every request and
    // error must map to the item the view has for it, in the view's order.
    ChangeFeed changes(m_db);
    const ChangeNotice notice = changes.poll();
    QCOMPARE(notice.usage.size(), notice.usageCount);
    QCOMPARE(notice.events.size(), notice.eventCount);
    const ActivitySnapshot snapshot = ActivityFeed::fromNotice(notice);
    QCOMPARE(lines(snapshot.items), lines(ActivityFeed::recent(m_db, {}, 1000)));
    QVERIFY(snapshot.updated.isEmpty());
    QVERIFY(!snapshot.historyChanged);
}

void TestActivityFeed::noticeUpdatesAndHistory()
{
    ChangeNotice notice;
    ChangeNotice::Usage usage;
    usage.id = 12;
    usage.ts = 5000;
    usage.eventType = QStringLiteral("cache_hit");
    usage.tokensTotal = 300;
    usage.cost = 0.25;
    notice.usageUpdated.append(usage);
    ChangeNotice::Event retry;
    retry.id = 3;
    retry.ts = 6000;
    retry.kind = QStringLiteral("retry");
    retry.message = QStringLiteral("overloaded");
    notice.events.append(retry);
    notice.historyChanged = true;
    const ActivitySnapshot snapshot = ActivityFeed::fromNotice(notice);
    // The view lists retries as errors too.
    QCOMPARE(lines(snapshot.items),
        QStringList { QStringLiteral("e3 | 6000 | error |  |  |  |  |  | - | - | - | overloaded") });
    QCOMPARE(lines(snapshot.updated),
        QStringList { QStringLiteral("u12 | 5000 | cache_hit |  |  |  |  |  | 300 | 0.25 | - | ") });
    QVERIFY(snapshot.historyChanged);
}

// The fixtures' requests sum to a different cost in each mode (OpenCode and OpenClaw log their own);
// the page's first read and the items of a notice give each request the same cost.
void TestActivityFeed::costModes_data()
{
    QTest::addColumn<ReportOptions::CostMode>("mode");
    QTest::addColumn<double>("total");
    QTest::newRow("auto") << ReportOptions::CostMode::Auto << 0.925997;
    QTest::newRow("calculate") << ReportOptions::CostMode::Calculate << 0.596454;
    QTest::newRow("display") << ReportOptions::CostMode::Display << 0.604495;
}

void TestActivityFeed::costModes()
{
    QFETCH(ReportOptions::CostMode, mode);
    QFETCH(double, total);
    const ActivitySnapshot loaded = ActivityFeed::load(m_db, {}, 1000, mode);
    double sum = 0;
    int requests = 0;
    for (const ActivityItem& item : loaded.items) {
        if (!item.rid.startsWith(QLatin1Char('u')))
            continue;
        ++requests;
        sum += item.cost.value_or(0);
    }
    QCOMPARE(requests, 40);
    QCOMPARE(qRound64(sum * 1e6), qRound64(total * 1e6));

    ChangeFeed changes(m_db);
    QCOMPARE(lines(ActivityFeed::fromNotice(changes.poll(), mode).items), lines(loaded.items));
}

QTEST_GUILESS_MAIN(TestActivityFeed)
#include "tst_activityfeed.moc"

// SPDX-License-Identifier: MIT
// ActivityModel and ActivityFilterModel: the feed from a fixture query, live notices prepended (and
// placed in order when late), updates in place, the cap with the oldest rows removed, and the filters.
#include "activityfiltermodel.h"
#include "activitymodel.h"
#include "domain/changenotice.h"
#include "modeldump.h"
#include "snapshots/activityfeed.h"
#include "store/database.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

ChangeNotice::Usage usage(qint64 id, qint64 ts, const char* agent, const char* model, double cost)
{
    ChangeNotice::Usage item;
    item.id = id;
    item.ts = ts;
    item.source = QStringLiteral("claude");
    item.sessionId = QStringLiteral("s1");
    item.agent = QLatin1String(agent);
    item.model = QLatin1String(model);
    item.eventType = QStringLiteral("api_call");
    item.tokensTotal = 1200;
    item.cost = cost;
    item.latencyMs = 800;
    return item;
}

ChangeNotice::Event error(qint64 id, qint64 ts, const char* message)
{
    ChangeNotice::Event event;
    event.id = id;
    event.ts = ts;
    event.source = QStringLiteral("codex");
    event.sessionId = QStringLiteral("s2");
    event.agent = QStringLiteral("main");
    event.model = QStringLiteral("gpt-5");
    event.kind = QStringLiteral("error");
    event.message = QLatin1String(message);
    return event;
}

// 2026-05-06T12:00Z plus seconds.
qint64 at(int seconds)
{
    return Q_INT64_C(1778068800000) + seconds * 1000;
}

} // namespace

class TestActivityModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void showsTheFeedNewestFirst();
    void noticesPrependAndUpdate();
    void lateItemsGoInOrder();
    void capDropsTheOldest();
    void filterNarrowsByTypeAgentAndModel();
    void distinctValues();
};

void TestActivityModel::showsTheFeedNewestFirst()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(path);
    Database db;
    db.open(path, Database::Mode::ReadOnly);

    ActivityModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTimeZone(QTimeZone::utc());
    model.setData(ActivityFeed::load(db, {}, 4));
    QCOMPARE(ModelDump::dump(model),
        (QStringList {
            QStringLiteral("2026-05-07 23:59:20 | cache_miss | gemini | main | gemini-2.5-flash-lite | 530 | "
                           "$0.000053 |  | d4d4d4d4-eeee-4fff-8000-111111111111 | "),
            QStringLiteral("2026-05-07 08:00:02 | cache_miss | codex | main | gpt-5 | 1.05k | $0.00153 |  | "
                           "019eb000-4444-7e55-8f66-708192a3b445 | "),
            QStringLiteral("2026-05-06 14:30:09 | api_call | gemini | main | gemini-2.5-flash | 1.05k | "
                           "$0.000425 |  | c3c3c3c3-aaaa-4bbb-8ccc-dddddddddddd | "),
            QStringLiteral("2026-05-06 14:00:09 | cache_hit | codex | main | gpt-5.5 | 22.7k | $0.0410 |  | "
                           "019ea000-2222-7c33-8d44-5e66f7081923 | "),
        }));
}

void TestActivityModel::noticesPrependAndUpdate()
{
    ActivityModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTimeZone(QTimeZone::utc());
    ChangeNotice first;
    first.usage = { usage(1, at(0), "main", "claude-sonnet-4-5", 0.01),
        usage(2, at(5), "Explore", "claude-haiku-4-5", 0.002) };
    model.apply(first);
    QCOMPARE(model.rowCount(), 2);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    ChangeNotice second;
    second.usage = { usage(3, at(10), "main", "claude-sonnet-4-5", 0.03) };
    second.events = { error(1, at(12), "overloaded\nretrying") };
    ChangeNotice::Usage better = usage(2, at(5), "Explore", "claude-haiku-4-5", 0.004);
    better.tokensTotal = 2500;
    second.usageUpdated = { better };
    // Already shown: not added twice.
    second.usage.append(usage(1, at(0), "main", "claude-sonnet-4-5", 0.01));
    model.apply(second);
    QCOMPARE(inserted.size(), 1); // one block at the top
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(ModelDump::dump(model),
        (QStringList {
            QStringLiteral("2026-05-06 12:00:12 | error | codex | main | gpt-5 |  |  |  | s2 | overloaded"),
            QStringLiteral("2026-05-06 12:00:10 | api_call | claude | main | claude-sonnet-4-5 | 1.20k | "
                           "$0.0300 | 800 ms | s1 | "),
            QStringLiteral("2026-05-06 12:00:05 | api_call | claude | Explore | claude-haiku-4-5 | 2.50k | "
                           "$0.00400 | 800 ms | s1 | "),
            QStringLiteral("2026-05-06 12:00:00 | api_call | claude | main | claude-sonnet-4-5 | 1.20k | "
                           "$0.0100 | 800 ms | s1 | "),
        }));
    QCOMPARE(model.index(0, ActivityModel::MessageColumn).data(Qt::ToolTipRole).toString(),
        QStringLiteral("overloaded\nretrying"));
}

void TestActivityModel::lateItemsGoInOrder()
{
    ActivityModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ChangeNotice first;
    first.usage = { usage(1, at(0), "main", "m", 0.01), usage(2, at(20), "main", "m", 0.01) };
    model.apply(first);
    // A source that caught up late reports an item between the two shown, and one newer than both.
    ChangeNotice late;
    late.usage = { usage(7, at(10), "main", "m", 0.01), usage(8, at(30), "main", "m", 0.01) };
    model.apply(late);
    QStringList rids;
    for (int row = 0; row < model.rowCount(); ++row)
        rids += model.index(row, 0).data(ActivityModel::RidRole).toString();
    QCOMPARE(rids,
        (QStringList {
            QStringLiteral("u8"), QStringLiteral("u2"), QStringLiteral("u7"), QStringLiteral("u1") }));
}

void TestActivityModel::capDropsTheOldest()
{
    ActivityModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(3);
    ChangeNotice first;
    for (int i = 1; i <= 3; ++i)
        first.usage.append(usage(i, at(i), "main", "m", 0.01));
    model.apply(first);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    ChangeNotice next;
    next.usage = { usage(4, at(4), "main", "m", 0.01), usage(5, at(5), "main", "m", 0.01) };
    model.apply(next);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 3);
    QCOMPARE(removed.first().at(2).toInt(), 4);
    QStringList rids;
    for (int row = 0; row < model.rowCount(); ++row)
        rids += model.index(row, 0).data(ActivityModel::RidRole).toString();
    QCOMPARE(rids, (QStringList { QStringLiteral("u5"), QStringLiteral("u4"), QStringLiteral("u3") }));
    // A dropped item is older than everything kept: it does not come back.
    ChangeNotice old;
    old.usage = { usage(1, at(1), "main", "m", 0.01) };
    model.apply(old);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, 0).data(ActivityModel::RidRole).toString(), QStringLiteral("u3"));
    // A smaller capacity trims at once.
    model.setCapacity(1);
    QCOMPARE(model.rowCount(), 1);
    // So does a query's answer larger than the capacity.
    model.setData(ActivitySnapshot { ActivityFeed::fromNotice(first).items, {}, false });
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data(ActivityModel::RidRole).toString(), QStringLiteral("u3"));
}

void TestActivityModel::filterNarrowsByTypeAgentAndModel()
{
    ActivityModel model;
    ActivityFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ChangeNotice notice;
    notice.usage = { usage(1, at(1), "main", "claude-sonnet-4-5", 0.01),
        usage(2, at(2), "Explore", "claude-haiku-4-5", 0.01),
        usage(3, at(3), "Explore", "claude-sonnet-4-5", 0.01) };
    notice.events = { error(1, at(4), "boom") };
    model.apply(notice);
    QCOMPARE(filter.rowCount(), 4);
    filter.setEventType(QStringLiteral("error"));
    QCOMPARE(filter.rowCount(), 1);
    filter.setEventType(QString());
    filter.setAgent(QStringLiteral("Explore"));
    QCOMPARE(filter.rowCount(), 2);
    filter.setModel(QStringLiteral("claude-sonnet-4-5"));
    QCOMPARE(filter.rowCount(), 1);
    QCOMPARE(filter.index(0, 0).data(ActivityModel::RidRole).toString(), QStringLiteral("u3"));
    // Live items pass through the same filter.
    ChangeNotice next;
    next.usage = { usage(9, at(9), "Explore", "claude-sonnet-4-5", 0.01),
        usage(10, at(10), "main", "claude-sonnet-4-5", 0.01) };
    model.apply(next);
    QCOMPARE(filter.rowCount(), 2);
    QCOMPARE(filter.index(0, 0).data(ActivityModel::RidRole).toString(), QStringLiteral("u9"));
    filter.setAgent(QString());
    filter.setModel(QString());
    QCOMPARE(filter.rowCount(), 6);
}

void TestActivityModel::distinctValues()
{
    ActivityModel model;
    ChangeNotice notice;
    notice.usage = { usage(1, at(1), "main", "b-model", 0.01), usage(2, at(2), "Explore", "a-model", 0.01),
        usage(3, at(3), "", "a-model", 0.01) };
    model.apply(notice);
    QCOMPARE(model.distinctValues(ActivityModel::AgentRole),
        (QStringList { QStringLiteral("Explore"), QStringLiteral("main") }));
    QCOMPARE(model.distinctValues(ActivityModel::ModelRole),
        (QStringList { QStringLiteral("a-model"), QStringLiteral("b-model") }));
}

QTEST_GUILESS_MAIN(TestActivityModel)
#include "tst_activitymodel.moc"

// SPDX-License-Identifier: MIT
// The Activity page offscreen on the fixture database: the feed fills, a published change notice adds a
// row without a query, the filters narrow the table, and pausing holds new rows back.
#include "activityfiltermodel.h"
#include "activitymodel.h"
#include "activitypage.h"
#include "store/queryrunner.h"
#include "storechanges.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {

ChangeNotice oneRequest(qint64 id, const char* agent)
{
    ChangeNotice notice;
    ChangeNotice::Usage usage;
    usage.id = id;
    usage.ts = Q_INT64_C(1778300000000); // after every fixture item
    usage.source = QStringLiteral("claude");
    usage.sessionId = QStringLiteral("live");
    usage.agent = QLatin1String(agent);
    usage.model = QStringLiteral("claude-opus-4-1");
    usage.eventType = QStringLiteral("api_call");
    usage.tokensTotal = 4200;
    usage.cost = 0.12;
    notice.usage = { usage };
    notice.usageCount = 1;
    return notice;
}

void choose(QComboBox* combo, const QString& value)
{
    const int index = combo->findData(value);
    QVERIFY2(index >= 0, qPrintable(value));
    combo->setCurrentIndex(index);
}

} // namespace

class TestActivityPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void feedFillsAndExtendsLive();
    void noticeDuringTheFirstQueryIsKept();
    void filtersNarrowTheTable();
    void pauseHoldsRowsBack();
    void failedQueryDoesNotHoldTheFeedBack();
    void worksWithoutQueries();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestActivityPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(m_path);
}

void TestActivityPage::feedFillsAndExtendsLive()
{
    QueryRunner runner(m_path);
    StoreChanges changes;
    ActivityPage page(PageContext { &runner, &changes, nullptr, QTimeZone::utc() });
    QSignalSpy loaded(&page, &ActivityPage::feedLoaded);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(loaded.size() == 1 || loaded.wait(10000));
    auto* table = page.findChild<QTableView*>(QStringLiteral("activityTable"));
    QCOMPARE(table->model()->rowCount(), 44);

    changes.publish(oneRequest(9001, "reviewer"));
    QCOMPARE(table->model()->rowCount(), 45);
    QCOMPARE(
        table->model()->index(0, ActivityModel::AgentColumn).data().toString(), QStringLiteral("reviewer"));
    // The new agent is offered as a filter at once.
    QVERIFY(
        page.findChild<QComboBox*>(QStringLiteral("agentFilter"))->findData(QStringLiteral("reviewer")) > 0);
}

void TestActivityPage::noticeDuringTheFirstQueryIsKept()
{
    QueryRunner runner(m_path);
    StoreChanges changes;
    ActivityPage page(PageContext { &runner, &changes, nullptr, QTimeZone::utc() });
    QSignalSpy loaded(&page, &ActivityPage::feedLoaded);
    // The query's answer is delivered through the event loop, which has not run yet.
    changes.publish(oneRequest(9001, "main"));
    QCOMPARE(page.model()->rowCount(), 0);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(page.model()->rowCount(), 45);
    QCOMPARE(page.model()->index(0, 0).data(ActivityModel::RidRole).toString(), QStringLiteral("u9001"));
}

void TestActivityPage::filtersNarrowTheTable()
{
    QueryRunner runner(m_path);
    ActivityPage page(PageContext { &runner, nullptr, nullptr, QTimeZone::utc() });
    QSignalSpy loaded(&page, &ActivityPage::feedLoaded);
    QVERIFY(loaded.wait(10000));
    auto* table = page.findChild<QTableView*>(QStringLiteral("activityTable"));
    auto* type = page.findChild<QComboBox*>(QStringLiteral("typeFilter"));
    auto* agent = page.findChild<QComboBox*>(QStringLiteral("agentFilter"));
    auto* model = page.findChild<QComboBox*>(QStringLiteral("modelFilter"));

    choose(type, QStringLiteral("error"));
    QCOMPARE(table->model()->rowCount(), 4);
    for (int row = 0; row < 4; ++row)
        QCOMPARE(
            table->model()->index(row, ActivityModel::TypeColumn).data().toString(), QStringLiteral("error"));
    choose(type, QString());
    choose(agent, QStringLiteral("fork"));
    QCOMPARE(table->model()->rowCount(), 1);
    choose(agent, QString());
    choose(model, QStringLiteral("gpt-5.5"));
    const int gpt55 = table->model()->rowCount();
    QVERIFY(gpt55 > 0 && gpt55 < 44);
    for (int row = 0; row < gpt55; ++row)
        QVERIFY(table->model()
                    ->index(row, ActivityModel::ModelColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("gpt-5.5")));
    choose(model, QString());
    QCOMPARE(table->model()->rowCount(), 44);
}

void TestActivityPage::pauseHoldsRowsBack()
{
    QueryRunner runner(m_path);
    StoreChanges changes;
    ActivityPage page(PageContext { &runner, &changes, nullptr, QTimeZone::utc() });
    QSignalSpy loaded(&page, &ActivityPage::feedLoaded);
    QVERIFY(loaded.wait(10000));
    auto* pause = page.findChild<QCheckBox*>(QStringLiteral("pause"));
    pause->setChecked(true);
    changes.publish(oneRequest(9001, "main"));
    changes.publish(oneRequest(9002, "main"));
    QCOMPARE(page.model()->rowCount(), 44);
    pause->setChecked(false);
    QCOMPARE(page.model()->rowCount(), 46);
    QCOMPARE(page.model()->index(0, 0).data(ActivityModel::RidRole).toString(), QStringLiteral("u9002"));
}

void TestActivityPage::failedQueryDoesNotHoldTheFeedBack()
{
    QueryRunner runner(m_dir.filePath(QStringLiteral("missing/none.db")));
    QSignalSpy failed(&runner, &QueryRunner::errorOccurred);
    StoreChanges changes;
    ActivityPage page(PageContext { &runner, &changes, nullptr, QTimeZone::utc() });
    changes.publish(oneRequest(1, "main"));
    QCOMPARE(page.model()->rowCount(), 0); // held until the first query answers
    QVERIFY(failed.wait(10000));
    QCOMPARE(page.model()->rowCount(), 1);
}

void TestActivityPage::worksWithoutQueries()
{
    StoreChanges changes;
    ActivityPage page(PageContext { nullptr, &changes, nullptr, QTimeZone::utc() });
    changes.publish(oneRequest(1, "main"));
    QCOMPARE(page.filterModel()->rowCount(), 1);
}

QTEST_MAIN(TestActivityPage)
#include "tst_activitypage.moc"

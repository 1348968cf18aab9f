// SPDX-License-Identifier: MIT
#include "modeldump.h"
#include "sessiondetailpane.h"
#include "sessionspage.h"
#include "sessiontreemodel.h"
#include "store/queryrunner.h"
#include "storechanges.h"
#include "testsupport.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

class TestSessionsPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rowsAppear();
    void searchNarrowsTheTree();
    void sourceFilterNarrowsTheTree();
    void selectingASessionFillsTheDetail();
    void messagesTabNeedsStoredContent();
    void worksWithoutADatabase();

private:
    static QModelIndex select(SessionsPage& page, const QString& project, const QString& session);

    QTemporaryDir m_dir;
    QString m_dbPath;
};

void TestSessionsPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dbPath = m_dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(m_dbPath);
}

// Expands the project like a user and selects the session once its row arrived.
QModelIndex TestSessionsPage::select(SessionsPage& page, const QString& project, const QString& session)
{
    auto* tree = page.findChild<QTreeView*>(QStringLiteral("sessionTree"));
    const QAbstractItemModel& model = *tree->model();
    if (!QTest::qWaitFor([&] { return ModelDump::find(model, project).isValid(); }, 10000))
        return {};
    tree->expand(ModelDump::find(model, project));
    if (!QTest::qWaitFor(
            [&] { return ModelDump::find(model, session, ModelDump::find(model, project)).isValid(); },
            10000))
        return {};
    const QModelIndex index = ModelDump::find(model, session, ModelDump::find(model, project));
    tree->setCurrentIndex(index);
    return index;
}

void TestSessionsPage::rowsAppear()
{
    QueryRunner runner(m_dbPath);
    PageContext context;
    context.queries = &runner;
    SessionsPage page(context);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto* tree = page.findChild<QTreeView*>(QStringLiteral("sessionTree"));
    QVERIFY(tree);
    QTRY_COMPARE(tree->model()->rowCount(), 8);
    // The first project opens by itself and its session arrives.
    const QModelIndex scratch = tree->model()->index(0, 0);
    QCOMPARE(scratch.data().toString(), QStringLiteral("scratch"));
    QTRY_VERIFY(tree->isExpanded(scratch));
    QTRY_COMPARE(tree->model()->rowCount(scratch), 1);
    QCOMPARE(tree->model()->index(0, 0, scratch).data().toString(), QStringLiteral("hello"));
    // The source filter offers the sources that have sessions.
    auto* source = page.findChild<QComboBox*>(QStringLiteral("sourceFilter"));
    QTRY_COMPARE(source->count(), 6);
}

void TestSessionsPage::searchNarrowsTheTree()
{
    QueryRunner runner(m_dbPath);
    PageContext context;
    context.queries = &runner;
    SessionsPage page(context);
    page.show();
    auto* tree = page.findChild<QTreeView*>(QStringLiteral("sessionTree"));
    QTRY_COMPARE(tree->model()->rowCount(), 8);
    auto* search = page.findChild<QLineEdit*>(QStringLiteral("search"));
    QVERIFY(search);
    QTest::keyClicks(
        search, QStringLiteral("regression test")); // only in a prompt of the Gemini login session
    QTRY_COMPARE(tree->model()->rowCount(), 1);
    const QModelIndex project = tree->model()->index(0, 0);
    QCOMPARE(project.data().toString(), QStringLiteral("legacy-app"));
    QTRY_COMPARE(tree->model()->rowCount(project), 1);
    QCOMPARE(tree->model()->index(0, 0, project).data().toString(), QStringLiteral("Fix the login bug"));
    search->clear();
    QTRY_COMPARE(tree->model()->rowCount(), 8);
}

void TestSessionsPage::sourceFilterNarrowsTheTree()
{
    QueryRunner runner(m_dbPath);
    PageContext context;
    context.queries = &runner;
    SessionsPage page(context);
    auto* tree = page.findChild<QTreeView*>(QStringLiteral("sessionTree"));
    auto* source = page.findChild<QComboBox*>(QStringLiteral("sourceFilter"));
    QTRY_COMPARE(source->count(), 6);
    source->setCurrentText(QStringLiteral("openclaw"));
    QTRY_COMPARE(tree->model()->rowCount(), 2);
    QCOMPARE(tree->model()->index(0, 0).data().toString(), QStringLiteral("deploy"));
    QCOMPARE(tree->model()->index(1, 0).data().toString(), QStringLiteral("workspace"));
}

void TestSessionsPage::selectingASessionFillsTheDetail()
{
    QueryRunner runner(m_dbPath);
    PageContext context;
    context.queries = &runner;
    SessionsPage page(context);
    page.show();
    QVERIFY(select(page, QStringLiteral("shop"), QStringLiteral("Add refund endpoint")).isValid());
    auto* summary = page.findChild<QLabel*>(QStringLiteral("summary"));
    QTRY_VERIFY(summary->text().contains(QStringLiteral("Add refund endpoint")));
    QVERIFY(summary->text().contains(QStringLiteral("gemini")));
    QVERIFY(summary->text().contains(QStringLiteral("/home/ana/src/shop")));
    const auto table
        = [&page](const char* name) { return page.findChild<QTableWidget*>(QLatin1String(name)); };
    // Its own two models and its investigator's.
    QCOMPARE(table("byModel")->rowCount(), 3);
    QCOMPARE(table("byAgent")->rowCount(), 2);
    QCOMPARE(table("tools")->rowCount(), 6);
    QCOMPARE(table("tools")->item(3, 0)->text(), QStringLiteral("replace"));
    QCOMPARE(table("tools")->item(3, 2)->text(), QStringLiteral("1"));
    QVERIFY(table("files")->rowCount() > 0);
    QCOMPARE(table("prompts")->rowCount(), 3);
    QCOMPARE(table("prompts")->item(0, 2)->text(), QStringLiteral("explain the orders module"));
    QCOMPARE(table("timeline")->rowCount(), 10);
    auto* tabs = page.detailPane()->findChild<QTabWidget*>();
    QVERIFY(tabs->isTabEnabled(SessionDetailPane::MessagesTab));

    // A project row is not a session: the pane says so instead of keeping the old figures.
    auto* tree = page.findChild<QTreeView*>(QStringLiteral("sessionTree"));
    tree->setCurrentIndex(ModelDump::find(*tree->model(), QStringLiteral("shop")));
    QTRY_COMPARE(table("tools")->rowCount(), 0);
}

void TestSessionsPage::messagesTabNeedsStoredContent()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("plain.db"));
    TestSupport::ingestClaude(
        path, { TestSupport::fixturePath(QStringLiteral("claude/basic")) }, IngestEngine::Options(), false);
    QueryRunner runner(path);
    PageContext context;
    context.queries = &runner;
    SessionsPage page(context);
    page.show();
    QVERIFY(select(page, QStringLiteral("shop"), QStringLiteral("orders pagination")).isValid());
    auto* tabs = page.detailPane()->findChild<QTabWidget*>();
    auto* prompts = page.findChild<QTableWidget*>(QStringLiteral("prompts"));
    QTRY_VERIFY(prompts->rowCount() > 0);
    QCOMPARE(prompts->item(0, 2)->text(), QStringLiteral("(text not stored)"));
    QVERIFY(!tabs->isTabEnabled(SessionDetailPane::MessagesTab));
    QVERIFY(tabs->tabToolTip(SessionDetailPane::MessagesTab).contains(QStringLiteral("content storage off")));
}

void TestSessionsPage::worksWithoutADatabase()
{
    // The window's other tests build every page without a query runner.
    SessionsPage page(PageContext {});
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCOMPARE(page.model()->rowCount(), 0);
    QTest::keyClicks(page.findChild<QLineEdit*>(QStringLiteral("search")), QStringLiteral("x"));
    QTest::qWait(SessionsPage::kSearchDelayMs + 50);
    QCOMPARE(page.model()->rowCount(), 0);
}

QTEST_MAIN(TestSessionsPage)
#include "tst_sessionspage.moc"

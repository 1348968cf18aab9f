// SPDX-License-Identifier: MIT
#include "modeldump.h"
#include "sessiontreemodel.h"
#include "store/changefeed.h"
#include "store/database.h"
#include "store/queryrunner.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSessionTreeModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void projectsLoadFirst();
    void pagesLoadOnFetchMore();
    void subAgentsAtEveryDepth();
    void sortQueriesAgain();
    void filterNarrowsTheTree();
    void staleLoadsAreDropped();
    void liveUpdate();
    void pagingWhileDataArrives_data();
    void pagingWhileDataArrives();
    void largeDatabase();

private:
    // The model waits on the runner; the test waits on the model.
    static bool settle(SessionTreeModel& model);

    QTemporaryDir m_dir;
    QString m_dbPath;
};

void TestSessionTreeModel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dbPath = m_dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(m_dbPath);
}

bool TestSessionTreeModel::settle(SessionTreeModel& model)
{
    return QTest::qWaitFor([&model] { return !model.isLoading(); }, 10000);
}

void TestSessionTreeModel::projectsLoadFirst()
{
    QueryRunner runner(m_dbPath);
    SessionTreeModel model(&runner);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QVERIFY(settle(model));
    // The project with the newest session first; totals include the sub-agents. (The tester fetches what can
    // be fetched, as a view would when everything is expanded: the other tests look below the projects.)
    const QStringList expected {
        QStringLiteral("scratch | 1 session(s) |  |  | 530 |  | $0.000053"),
        QStringLiteral("shop | 5 session(s) |  |  | 291.9k |  | $0.290"),
        QStringLiteral("notes | 1 session(s) |  |  | 1.05k |  | $0.000425"),
        QStringLiteral("deploy | 1 session(s) |  |  | 3.20k |  | $0.0200"),
        QStringLiteral("legacy-app | 1 session(s) |  |  | 28.0k |  | $0.0245"),
        QStringLiteral("workspace | 3 session(s) |  |  | 112.1k |  | $0.0895"),
        QStringLiteral("(no project) | 2 session(s) |  |  | 20.0k |  | $0.500"),
        QStringLiteral("old | 1 session(s) |  |  | 1.10k |  | $0.00100"),
    };
    QCOMPARE(ModelDump::dump(model, {}, 1), expected);
    const QModelIndex shop = model.index(1, 0);
    QVERIFY(model.hasChildren(shop));
    QCOMPARE(shop.data(SessionTreeModel::IsProjectRole).toBool(), true);
    QCOMPARE(shop.data(SessionTreeModel::ProjectIdRole).toLongLong(), 1);
}

void TestSessionTreeModel::pagesLoadOnFetchMore()
{
    QueryRunner runner(m_dbPath);
    SessionTreeModel model(&runner);
    model.setTimeZone(QTimeZone::utc());
    model.setPageSize(2);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // The tester asks for more whenever rows arrive, like a view scrolled to the end: the project's
    // five sessions arrive as pages of two, each started by fetchMore and inserted when it returns.
    QList<int> pages;
    connect(
        &model, &QAbstractItemModel::rowsInserted, this, [&](const QModelIndex& parent, int first, int last) {
            if (parent.data().toString() == QLatin1String("shop"))
                pages.append(last - first + 1);
        });
    model.reload();
    QVERIFY(settle(model));
    const QModelIndex shop = ModelDump::find(model, QStringLiteral("shop"));
    QVERIFY(shop.isValid());
    QVERIFY(!model.canFetchMore(shop));
    QCOMPARE(pages, (QList<int> { 2, 2, 1 }));
    // Newest first; sub-agent sessions are not rows of the project, but make their root expandable.
    const QStringList expected {
        QStringLiteral("hi | codex · main | 2026-05-07 08:00 | 2 s | 1.05k | $0.00153 | $0.00153"),
        QStringLiteral(
            "summarise the changelog | codex · main | 2026-05-06 14:00 | 9 s | 43.2k | $0.0885 | $0.0885"),
        QStringLiteral("Add refund endpoint | gemini · main | 2026-05-04 11:00 | 5 min 10 s | 81.0k | "
                       "$0.0611 | $0.0645"),
        QStringLiteral(
            "orders pagination | claude · main | 2026-05-04 09:12 | 7 min 59 s | 60.3k | $0.0752 | $0.0872"),
        QStringLiteral(
            "Orders pagination | codex · main | 2026-05-04 09:02 | 3 min 17 s | 33.9k | $0.0312 | $0.0488"),
    };
    QCOMPARE(ModelDump::dump(model, shop, 1), expected);
    QVERIFY(model.hasChildren(ModelDump::find(model, QStringLiteral("orders pagination"), shop)));
    QVERIFY(!model.hasChildren(ModelDump::find(model, QStringLiteral("hi"), shop)));
}

void TestSessionTreeModel::subAgentsAtEveryDepth()
{
    QueryRunner runner(m_dbPath);
    SessionTreeModel model(&runner);
    model.setTimeZone(QTimeZone::utc());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QVERIFY(settle(model));
    // The tester expands everything it can, as a user would; each level came from its own query.
    const QModelIndex workspace = ModelDump::find(model, QStringLiteral("workspace"));
    const QModelIndex inbox = ModelDump::find(model, QStringLiteral("Morning inbox"), workspace);
    const QModelIndex triage = ModelDump::find(model, QStringLiteral("triage"), inbox);
    QVERIFY(triage.isValid());
    QVERIFY(!model.canFetchMore(inbox));
    QVERIFY(!model.canFetchMore(triage));
    QVERIFY(!model.hasChildren(ModelDump::find(model, QStringLiteral("deep check"), triage)));
    // OpenClaw's sub-agent of a sub-agent, two levels down; each row's own cost and its tree's.
    const QStringList expected {
        QStringLiteral(
            "ops-chat #42 | openclaw · main | 2026-05-05 08:00 | 5 s | 75 | $0.000500 | $0.000500"),
        QStringLiteral(
            "Morning inbox | openclaw · main | 2026-05-04 10:00 | 7 min 00 s | 66.7k | $0.0464 | $0.0889"),
        QStringLiteral("  triage | openclaw · main | 2026-05-04 10:00 | 30 s | 10.8k | $0.0120 | $0.0125"),
        QStringLiteral(
            "    deep check | openclaw · main | 2026-05-04 10:00 | 5 s | 120 | $0.000500 | $0.000500"),
        QStringLiteral(
            "  now draft replies | openclaw · main | 2026-05-04 10:10 | 30 s | 34.4k | $0.0300 | $0.0300"),
        QStringLiteral("hello | openclaw · main | 2026-05-03 22:00 | 5 s | 15 | $0.000100 | $0.000100"),
    };
    QCOMPARE(ModelDump::dump(model, workspace), expected);
    QCOMPARE(inbox.data(SessionTreeModel::SessionRowIdRole).toLongLong() > 0, true);
}

void TestSessionTreeModel::sortQueriesAgain()
{
    QueryRunner runner(m_dbPath);
    SessionTreeModel model(&runner);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QVERIFY(settle(model));
    const QModelIndex shop = ModelDump::find(model, QStringLiteral("shop"));
    model.fetchMore(shop);
    QVERIFY(settle(model));
    const auto titles = [&] {
        QStringList list;
        for (int row = 0; row < model.rowCount(shop); ++row)
            list.append(model.index(row, 0, shop).data().toString());
        return list;
    };
    model.sort(SessionTreeModel::CostColumn, Qt::DescendingOrder);
    QCOMPARE(model.rowCount(shop), 0); // dropped, and the first page of the new order is on its way
    QVERIFY(settle(model));
    QCOMPARE(titles(),
        (QStringList { QStringLiteral("summarise the changelog"), QStringLiteral("orders pagination"),
            QStringLiteral("Add refund endpoint"), QStringLiteral("Orders pagination"),
            QStringLiteral("hi") }));
    model.sort(SessionTreeModel::DurationColumn, Qt::AscendingOrder);
    QVERIFY(settle(model));
    QCOMPARE(titles(),
        (QStringList { QStringLiteral("hi"), QStringLiteral("summarise the changelog"),
            QStringLiteral("Orders pagination"), QStringLiteral("Add refund endpoint"),
            QStringLiteral("orders pagination") }));
    // Not a sortable column: nothing changes.
    model.sort(SessionTreeModel::TitleColumn, Qt::AscendingOrder);
    QVERIFY(!model.isLoading());
    QCOMPARE(model.order().key, SessionOrder::Duration);
}

void TestSessionTreeModel::filterNarrowsTheTree()
{
    QueryRunner runner(m_dbPath);
    SessionTreeModel model(&runner);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QVERIFY(settle(model));
    SessionFilter filter;
    filter.search = QStringLiteral("regression test"); // only in a prompt of the Gemini login session
    model.setFilter(filter);
    QVERIFY(settle(model));
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex project = model.index(0, 0);
    QCOMPARE(project.data().toString(), QStringLiteral("legacy-app"));
    model.fetchMore(project);
    QVERIFY(settle(model));
    QCOMPARE(ModelDump::dump(model, project, 1).value(0).section(QStringLiteral(" | "), 0, 1),
        QStringLiteral("Fix the login bug | gemini · main"));
}

void TestSessionTreeModel::staleLoadsAreDropped()
{
    QueryRunner runner(m_dbPath);
    SessionTreeModel model(&runner);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SessionFilter everything;
    everything.search = QStringLiteral("a");
    model.setFilter(everything);
    SessionFilter gemini;
    gemini.source = QStringLiteral("gemini");
    model.setFilter(gemini); // before the first answer arrives
    QVERIFY(settle(model));
    runner.waitForDone();
    QCoreApplication::processEvents(); // a late answer of the first filter would land now
    QStringList projects;
    for (int row = 0; row < model.rowCount(); ++row)
        projects.append(model.index(row, 0).data().toString());
    QCOMPARE(projects,
        (QStringList { QStringLiteral("scratch"), QStringLiteral("notes"), QStringLiteral("legacy-app"),
            QStringLiteral("shop") }));
}

void TestSessionTreeModel::liveUpdate()
{
    // Claude's fixture in a directory of our own, so that lines can be appended and read again.
    QTemporaryDir dir;
    const QString logs = dir.filePath(QStringLiteral("claude"));
    TestSupport::copyTree(TestSupport::fixturePath(QStringLiteral("claude/basic")), logs);
    const QString dbPath = dir.filePath(QStringLiteral("live.db"));
    TestSupport::ingestClaude(dbPath, { logs });
    Database feedDb;
    feedDb.open(dbPath, Database::Mode::ReadOnly);
    ChangeFeed feed(feedDb);
    feed.prime();

    QueryRunner runner(dbPath);
    SessionTreeModel model(&runner);
    model.setTimeZone(QTimeZone::utc());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QVERIFY(settle(model));
    const QModelIndex shop = model.index(0, 0);
    model.fetchMore(shop);
    QVERIFY(settle(model));
    const QModelIndex orders = model.index(0, 0, shop);
    model.fetchMore(orders);
    QVERIFY(settle(model));
    QCOMPARE(model.rowCount(orders), 4);
    const QStringList before = ModelDump::dump(model);

    // One more request in the main session, one in the Explore sub-agent, and a new session.
    const QString project = logs + QStringLiteral("/projects/-home-ana-src-shop/");
    TestSupport::ClaudeLine main;
    main.messageId = "msg_live1";
    main.requestId = "req_live1";
    main.uuid = "a-live1";
    main.time = "2026-05-04T09:30:00.000Z";
    main.input = 100000;
    main.output = 1000;
    // The fixture ends in a cut line (the agent was writing it): end it, broken, before ours.
    TestSupport::appendFile(
        project + QStringLiteral("7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61.jsonl"), "\n" + main.toJsonl());
    TestSupport::ClaudeLine fresh = main;
    fresh.messageId = "msg_live2";
    fresh.requestId = "req_live2";
    fresh.uuid = "a-live2";
    fresh.sessionId = "0badc0de-0000-4000-8000-000000000001";
    fresh.time = "2026-05-05T08:00:00.000Z";
    fresh.input = 2000;
    fresh.output = 10;
    TestSupport::writeFile(
        project + QStringLiteral("0badc0de-0000-4000-8000-000000000001.jsonl"), fresh.toJsonl());
    TestSupport::ingestClaude(dbPath, { logs });
    const ChangeNotice notice = feed.poll();
    QCOMPARE(notice.sessionCount, 2);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.apply(notice);
    QVERIFY(settle(model));
    QVERIFY(!changed.isEmpty());
    const QStringList after = ModelDump::dump(model);
    // The project was loaded to its end: the new session goes first (newest first), untitled, so by id.
    // The main session's own tokens and cost grew by the new request (101k tokens; 100k input on Sonnet
    // $0.30, 1k output $0.015), its duration to the new line, and its tree's cost with it (0.0872 + 0.315);
    // its sub-agents did not change.
    const QStringList expected {
        QStringLiteral("shop | 2 session(s) |  |  | 198.3k |  | $0.408"),
        QStringLiteral("  0badc0de-0000-4000-8000-000000000001 | claude · main | 2026-05-05 08:00 | 0 ms | "
                       "2.01k | $0.00615 | $0.00615"),
        QStringLiteral("  orders pagination | claude · main | 2026-05-04 09:12 | 17 min 56 s | 161.3k | "
                       "$0.390 | $0.402"),
    };
    QCOMPARE(after.mid(0, 3), expected);
    QCOMPARE(after.mid(3), before.mid(2));
}

void TestSessionTreeModel::pagingWhileDataArrives_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<int>("pageSize");
    QTest::addColumn<bool>("noticeAtOnce"); // else after every page loaded
    QTest::addColumn<QStringList>("expected"); // the project's sessions at the end, in order
    // Page 1 holds e and d; c becomes the dearest and n is new between them: the update takes both in.
    QTest::newRow("cost, dearest first") << int(SessionTreeModel::CostColumn) << Qt::DescendingOrder << 2
                                         << true << TestSupport::pagingSessionIds("cendbal");
    // Page 1 holds a and b; l is new before them.
    QTest::newRow("cost, cheapest first") << int(SessionTreeModel::CostColumn) << Qt::AscendingOrder << 2
                                          << true << TestSupport::pagingSessionIds("labdnec");
    // Page 1 holds a and d; c becomes the longest and n is new before the boundary.
    QTest::newRow("duration, longest first") << int(SessionTreeModel::DurationColumn) << Qt::DescendingOrder
                                             << 2 << true << TestSupport::pagingSessionIds("cnadebl");
    QTest::newRow("start, newest first") << int(SessionTreeModel::StartColumn) << Qt::DescendingOrder << 2
                                         << true << TestSupport::pagingSessionIds("endcbal");
    // Page 1 holds e, d and c; c moves up among them.
    QTest::newRow("cost, dearest first, a loaded row moves")
        << int(SessionTreeModel::CostColumn) << Qt::DescendingOrder << 3 << true
        << TestSupport::pagingSessionIds("cendbal");
    // Page 1 holds b, e and c; c grows beyond the boundary while page 2 is on its way: it goes, is read
    // again when page 2 arrives and comes back with the page that reaches it.
    QTest::newRow("duration, shortest first, a loaded row leaves")
        << int(SessionTreeModel::DurationColumn) << Qt::AscendingOrder << 3 << true
        << TestSupport::pagingSessionIds("lbedanc");
    // Page 1 holds a, b and c; the later pages read c's new figures before the notice: page 3 brings c
    // again, and the loaded row moves to the end instead of showing twice.
    QTest::newRow("cost, cheapest first, a page brings a loaded row")
        << int(SessionTreeModel::CostColumn) << Qt::AscendingOrder << 3 << false
        << TestSupport::pagingSessionIds("labdnec");
}

void TestSessionTreeModel::pagingWhileDataArrives()
{
    // Small pages; right after page 1 arrives the store changes and (in most cases) the live notice is
    // applied, before the next page is asked for. One query thread runs the queries in the order asked, so
    // the live update lands before page 2.
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(int, pageSize);
    QFETCH(bool, noticeAtOnce);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    const QString logs = dir.filePath(QStringLiteral("claude"));
    const QString dbPath = dir.filePath(QStringLiteral("live.db"));
    TestSupport::writePagingSessions(logs);
    TestSupport::ingestClaude(dbPath, { logs });
    Database feedDb;
    feedDb.open(dbPath, Database::Mode::ReadOnly);
    ChangeFeed feed(feedDb);
    feed.prime();

    QueryRunner runner(dbPath, 1);
    SessionTreeModel model(&runner);
    model.setTimeZone(QTimeZone::utc());
    model.setPageSize(pageSize);
    model.sort(column, order);
    bool changed = false;
    // Connected before the tester, so that this runs before the tester asks for page 2.
    connect(&model, &QAbstractItemModel::rowsInserted, this, [&](const QModelIndex& parent) {
        if (changed || !parent.isValid())
            return;
        changed = true;
        TestSupport::changePagingSessions(logs);
        TestSupport::ingestClaude(dbPath, { logs });
        if (noticeAtOnce)
            model.apply(feed.poll());
    });
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.reload();
    QVERIFY(settle(model));
    QVERIFY(changed);
    if (!noticeAtOnce) {
        model.apply(feed.poll());
        QVERIFY(settle(model));
    }
    const QModelIndex shop = model.index(0, 0);
    QVERIFY(!model.canFetchMore(shop));
    // Every session exactly once, where the order puts it, with its new figures.
    const QHash<QString, QString> rows {
        { QStringLiteral("session-a"),
            QStringLiteral(
                "session-a | claude · main | 2026-05-04 01:00 | 5 min 00 s | 1.10k | $0.00330 | $0.00330") },
        { QStringLiteral("session-b"),
            QStringLiteral(
                "session-b | claude · main | 2026-05-04 02:00 | 1 min 00 s | 2.10k | $0.00630 | $0.00630") },
        { QStringLiteral("session-c"),
            QStringLiteral(
                "session-c | claude · main | 2026-05-04 03:00 | 30 min 00 s | 13.1k | $0.0393 | $0.0393") },
        { QStringLiteral("session-d"),
            QStringLiteral(
                "session-d | claude · main | 2026-05-04 04:00 | 4 min 00 s | 4.10k | $0.0123 | $0.0123") },
        { QStringLiteral("session-e"),
            QStringLiteral(
                "session-e | claude · main | 2026-05-04 05:00 | 2 min 00 s | 5.10k | $0.0153 | $0.0153") },
        { QStringLiteral("session-n"),
            QStringLiteral(
                "session-n | claude · main | 2026-05-04 04:30 | 6 min 00 s | 4.60k | $0.0138 | $0.0138") },
        { QStringLiteral("session-l"),
            QStringLiteral(
                "session-l | claude · main | 2026-05-04 00:30 | 30 s | 500 | $0.00150 | $0.00150") },
    };
    QStringList expectedDump { QStringLiteral("shop | 7 session(s) |  |  | 30.6k |  | $0.0918") };
    for (const QString& name : std::as_const(expected))
        expectedDump.append(QStringLiteral("  ") + rows.value(name));
    QCOMPARE(ModelDump::dump(model), expectedDump);
}

void TestSessionTreeModel::largeDatabase()
{
    // Figures for docs/window/sessions.md on tests/bench/api_bench_db.sh's database (no assertion on time).
    const QString path = qEnvironmentVariable("AGENTMETER_SESSIONS_BENCH_DB");
    if (path.isEmpty())
        QSKIP("set AGENTMETER_SESSIONS_BENCH_DB to a database made by tests/bench/api_bench_db.sh");
    QueryRunner runner(path);
    SessionTreeModel model(&runner);
    QElapsedTimer timer;
    timer.start();
    model.reload();
    QVERIFY(QTest::qWaitFor([&model] { return model.rowCount() > 0; }, 10000));
    const qint64 projects = timer.elapsed();
    QVERIFY(settle(model));
    const qint64 totals = timer.elapsed();
    QVERIFY(model.rowCount() > 0);
    const QModelIndex first = model.index(0, 0);
    timer.restart();
    model.fetchMore(first);
    QVERIFY(settle(model));
    const qint64 page = timer.elapsed();
    QVERIFY(model.rowCount(first) > 0);
    qInfo("projects: %lld ms (%d rows), with totals: %lld ms; first page: %lld ms", projects,
        model.rowCount(), totals, page);
    for (const int column : { SessionTreeModel::StartColumn, SessionTreeModel::DurationColumn,
             SessionTreeModel::TokensColumn, SessionTreeModel::CostColumn }) {
        for (const Qt::SortOrder order : { Qt::AscendingOrder, Qt::DescendingOrder }) {
            timer.restart();
            model.sort(column, order);
            QVERIFY(settle(model));
            qInfo("sort by %s %s: %lld ms", qPrintable(model.headerData(column, Qt::Horizontal).toString()),
                order == Qt::AscendingOrder ? "ascending" : "descending", timer.elapsed());
        }
    }
    const QModelIndex parent = model.index(0, 0, first);
    timer.restart();
    model.fetchMore(parent);
    QVERIFY(settle(model));
    qInfo("sub-agents of a session: %lld ms", timer.elapsed());
    // What a live notice about one session costs (the row, its ancestors, its project's totals again).
    ChangeNotice notice;
    ChangeNotice::Session changed;
    changed.rowId = 99999;
    notice.sessions.append(changed);
    notice.sessionCount = 1;
    timer.restart();
    model.apply(notice);
    QVERIFY(settle(model));
    qInfo("live update of one session: %lld ms", timer.elapsed());
    SessionFilter filter;
    filter.search = QStringLiteral("module 12345");
    timer.restart();
    model.setFilter(filter);
    QVERIFY(settle(model));
    qInfo("search in prompt text, projects: %lld ms", timer.elapsed());
}

QTEST_GUILESS_MAIN(TestSessionTreeModel)
#include "tst_sessiontreemodel.moc"

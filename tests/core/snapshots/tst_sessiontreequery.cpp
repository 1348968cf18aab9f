// SPDX-License-Identifier: MIT
#include "snapshots/sessionfigures.h"
#include "snapshots/sessiontreequery.h"
#include "store/database.h"
#include "testsupport.h"

#include <functional>
#include <limits>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
constexpr ReportOptions::CostMode kAuto = ReportOptions::CostMode::Auto;
}

class TestSessionTreeQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void projectsWithTotals();
    void rootSessionsInOrder_data();
    void rootSessionsInOrder();
    void pagesAreSlicesOfTheOrder();
    void sessionsWithoutAKeyPageLikeSqlSortsThem();
    void pagesAfterLiveChanges_data();
    void pagesAfterLiveChanges();
    void sessionsWithoutProject();
    void subAgentsAtAnyDepth();
    void costModes_data();
    void costModes();
    void filters_data();
    void filters();
    void filteredProjects();
    void sessionsByIdApplyTheFilterToRoots();
    void filterOptions();
    void sortedIndexesAreUsed();
    void largeDatabase();

private:
    static QStringList titles(const SessionRows& rows);
    qint64 rowId(const QString& title);
    double sqlReal(const char* sql);

    QTemporaryDir m_dir;
    Database m_db;
};

void TestSessionTreeQuery::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(path);
    m_db.open(path, Database::Mode::ReadOnly);
}

QStringList TestSessionTreeQuery::titles(const SessionRows& rows)
{
    QStringList list;
    for (const SessionRow& row : rows)
        list.append(row.title);
    return list;
}

qint64 TestSessionTreeQuery::rowId(const QString& title)
{
    SqliteStatement query = m_db.prepare("SELECT id FROM sessions WHERE title = ?1 ORDER BY id LIMIT 1");
    query.bind(1, title);
    return query.step() ? query.int64(0) : -1;
}

double TestSessionTreeQuery::sqlReal(const char* sql)
{
    SqliteStatement query = m_db.prepare(sql);
    query.step();
    return query.real(0);
}

void TestSessionTreeQuery::projectsWithTotals()
{
    QStringList lines;
    for (const ProjectRow& project : SessionTreeQuery::projects(m_db, {}))
        lines.append(
            QStringLiteral("%1 %2 sessions=%3").arg(project.name, project.path).arg(project.sessions));
    // The project with the newest session first (ties by id); the project-less sessions (a Codex one of 2025,
    // an OpenCode placeholder) are one row without a name.
    const QStringList expected {
        QStringLiteral("scratch /home/ana/scratch sessions=1"),
        QStringLiteral("shop /home/ana/src/shop sessions=5"),
        QStringLiteral("notes /home/ana/notes sessions=1"),
        QStringLiteral("deploy /srv/deploy sessions=1"),
        QStringLiteral("legacy-app /home/ana/src/legacy-app sessions=1"),
        QStringLiteral("workspace /home/ana/.openclaw/workspace sessions=3"),
        QStringLiteral("  sessions=2"),
        QStringLiteral("old /home/ana/src/old sessions=1"),
    };
    QCOMPARE(lines, expected);

    // A project's totals are its root sessions' with every sub-agent below them, whatever project the
    // sub-agents name: here everything stored under the project.
    ProjectRows projects = SessionTreeQuery::projects(m_db, {});
    QVERIFY(!projects.at(0).hasTotals);
    SessionTreeQuery::addTotals(m_db, {}, kAuto, projects);
    const ProjectRow workspace = projects.at(5);
    QCOMPARE(workspace.name, QStringLiteral("workspace"));
    QVERIFY(workspace.hasTotals);
    QCOMPARE(workspace.cost,
        sqlReal("SELECT SUM(auto_cost) FROM usage_rollup r JOIN sessions s ON s.id = "
                "r.session_id WHERE s.project_id = 3"));
    double all = 0;
    for (const ProjectRow& project : projects)
        all += project.cost;
    QVERIFY(qAbs(all - sqlReal("SELECT SUM(auto_cost) FROM usage_rollup")) < 1e-9);
}

void TestSessionTreeQuery::rootSessionsInOrder_data()
{
    QTest::addColumn<int>("key");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("expected");
    const QStringList byStart { QStringLiteral("hi"), QStringLiteral("summarise the changelog"),
        QStringLiteral("Add refund endpoint"), QStringLiteral("orders pagination"),
        QStringLiteral("Orders pagination") };
    QStringList byStartAscending = byStart;
    std::reverse(byStartAscending.begin(), byStartAscending.end());
    QTest::newRow("start, newest first") << int(SessionOrder::Start) << Qt::DescendingOrder << byStart;
    QTest::newRow("start, oldest first")
        << int(SessionOrder::Start) << Qt::AscendingOrder << byStartAscending;
    // 479 s, 310 s, 197 s, 9.5 s, 2 s
    QTest::newRow("duration, longest first")
        << int(SessionOrder::Duration) << Qt::DescendingOrder
        << QStringList { QStringLiteral("orders pagination"), QStringLiteral("Add refund endpoint"),
               QStringLiteral("Orders pagination"), QStringLiteral("summarise the changelog"),
               QStringLiteral("hi") };
    // Own cost: 0.0885, 0.075246, 0.061071, 0.0312, 0.001525 (sub-agents excluded: the refund session's
    // 0.00345 of its investigator does not move it).
    QTest::newRow("cost, dearest first")
        << int(SessionOrder::Cost) << Qt::DescendingOrder
        << QStringList { QStringLiteral("summarise the changelog"), QStringLiteral("orders pagination"),
               QStringLiteral("Add refund endpoint"), QStringLiteral("Orders pagination"),
               QStringLiteral("hi") };
    QTest::newRow("cost, cheapest first")
        << int(SessionOrder::Cost) << Qt::AscendingOrder
        << QStringList { QStringLiteral("hi"), QStringLiteral("Orders pagination"),
               QStringLiteral("Add refund endpoint"), QStringLiteral("orders pagination"),
               QStringLiteral("summarise the changelog") };
}

void TestSessionTreeQuery::rootSessionsInOrder()
{
    QFETCH(int, key);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, expected);
    const SessionOrder sessionOrder { SessionOrder::Key(key), order };
    const SessionRows rows
        = SessionTreeQuery::rootSessions(m_db, 1, {}, sessionOrder, kAuto, std::nullopt, 100);
    QCOMPARE(titles(rows), expected);
    for (qsizetype i = 1; i < rows.size(); ++i)
        QVERIFY(sessionOrder.lessThan(rows.at(i - 1), rows.at(i)));
}

void TestSessionTreeQuery::pagesAreSlicesOfTheOrder()
{
    for (const SessionOrder::Key key :
        { SessionOrder::Start, SessionOrder::Duration, SessionOrder::Tokens, SessionOrder::Cost }) {
        const SessionOrder order { key, Qt::DescendingOrder };
        const SessionRows all = SessionTreeQuery::rootSessions(m_db, 1, {}, order, kAuto, std::nullopt, 100);
        QCOMPARE(all.size(), 5);
        const SessionRows middle = SessionTreeQuery::rootSessions(m_db, 1, {}, order, kAuto, all.at(0), 2);
        QCOMPARE(titles(middle), titles(all.mid(1, 2)));
        QVERIFY(SessionTreeQuery::rootSessions(m_db, 1, {}, order, kAuto, all.at(4), 2).isEmpty());
    }
}

void TestSessionTreeQuery::sessionsWithoutAKeyPageLikeSqlSortsThem()
{
    // Sessions without a start or an end (no timestamped line) have no Start or Duration key: SQLite sorts
    // them first ascending and last descending, and pages of one row must walk the same order.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("nulls.db"));
    QVERIFY(QFile::copy(m_dir.filePath(QStringLiteral("fixtures.db")), path));
    {
        Database writable;
        writable.open(path, Database::Mode::ReadWrite);
        writable.exec("UPDATE sessions SET first_ts = NULL WHERE title IN ('hi', 'Orders pagination')");
        writable.exec("UPDATE sessions SET last_ts = NULL WHERE title = 'Add refund endpoint'");
    }
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    for (const SessionOrder::Key key :
        { SessionOrder::Start, SessionOrder::Duration, SessionOrder::Tokens, SessionOrder::Cost }) {
        for (const Qt::SortOrder direction : { Qt::AscendingOrder, Qt::DescendingOrder }) {
            const SessionOrder order { key, direction };
            const SessionRows all
                = SessionTreeQuery::rootSessions(db, 1, {}, order, kAuto, std::nullopt, 100);
            QCOMPARE(all.size(), 5);
            SessionRows paged;
            for (SessionRows page = SessionTreeQuery::rootSessions(db, 1, {}, order, kAuto, std::nullopt, 1);
                 !page.isEmpty();
                 page = SessionTreeQuery::rootSessions(db, 1, {}, order, kAuto, page.last(), 1))
                paged += page;
            QCOMPARE(titles(paged), titles(all));
            if (key != SessionOrder::Start)
                continue;
            // The two without a start lead ascending and trail descending, by id among themselves.
            const SessionRows ends = direction == Qt::AscendingOrder ? all.mid(0, 2) : all.mid(3);
            for (const SessionRow& row : ends)
                QVERIFY2(!row.firstTs, qPrintable(row.title));
        }
    }
}

void TestSessionTreeQuery::pagesAfterLiveChanges_data()
{
    // Page 1 (two rows) is read before the change, the following pages after it. Expected: the rows the
    // order now puts after page 1's last row, as page 1 read it. Paged by offset, each case would repeat a
    // row of page 1 and/or skip one (session-c moves, session-n or session-l is new before the boundary).
    QTest::addColumn<int>("key");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("firstPage");
    QTest::addColumn<QStringList>("laterPages");
    // Start: a 01:00, b 02:00, c 03:00, d 04:00, e 05:00; new l 00:30, n 04:30.
    QTest::newRow("start, newest first")
        << int(SessionOrder::Start) << Qt::DescendingOrder << TestSupport::pagingSessionIds("ed")
        << TestSupport::pagingSessionIds("cbal");
    QTest::newRow("start, oldest first")
        << int(SessionOrder::Start) << Qt::AscendingOrder << TestSupport::pagingSessionIds("ab")
        << TestSupport::pagingSessionIds("cdne");
    // Duration in minutes: a 5, b 1, c 3 then 30, d 4, e 2; new l 0.5, n 6.
    QTest::newRow("duration, longest first")
        << int(SessionOrder::Duration) << Qt::DescendingOrder << TestSupport::pagingSessionIds("ad")
        << TestSupport::pagingSessionIds("ebl");
    QTest::newRow("duration, shortest first")
        << int(SessionOrder::Duration) << Qt::AscendingOrder << TestSupport::pagingSessionIds("be")
        << TestSupport::pagingSessionIds("danc");
    // Tokens and cost (one model): a 1,100, b 2,100, c 3,100 then 13,100, d 4,100, e 5,100; new l 500, n
    // 4,600.
    QTest::newRow("tokens, most first")
        << int(SessionOrder::Tokens) << Qt::DescendingOrder << TestSupport::pagingSessionIds("ed")
        << TestSupport::pagingSessionIds("bal");
    QTest::newRow("tokens, fewest first")
        << int(SessionOrder::Tokens) << Qt::AscendingOrder << TestSupport::pagingSessionIds("ab")
        << TestSupport::pagingSessionIds("dnec");
    QTest::newRow("cost, dearest first")
        << int(SessionOrder::Cost) << Qt::DescendingOrder << TestSupport::pagingSessionIds("ed")
        << TestSupport::pagingSessionIds("bal");
    QTest::newRow("cost, cheapest first")
        << int(SessionOrder::Cost) << Qt::AscendingOrder << TestSupport::pagingSessionIds("ab")
        << TestSupport::pagingSessionIds("dnec");
}

void TestSessionTreeQuery::pagesAfterLiveChanges()
{
    QFETCH(int, key);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, firstPage);
    QFETCH(QStringList, laterPages);
    QTemporaryDir dir;
    const QString logs = dir.filePath(QStringLiteral("claude"));
    const QString path = dir.filePath(QStringLiteral("live.db"));
    TestSupport::writePagingSessions(logs);
    TestSupport::ingestClaude(path, { logs });
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    const ProjectRows projects = SessionTreeQuery::projects(db, {});
    QCOMPARE(projects.size(), 1);
    const qint64 project = projects.at(0).projectId;
    const SessionOrder sessionOrder { SessionOrder::Key(key), order };
    const auto externalIds = [](const SessionRows& rows) {
        QStringList list;
        for (const SessionRow& row : rows)
            list.append(row.externalId);
        return list;
    };
    const SessionRows first
        = SessionTreeQuery::rootSessions(db, project, {}, sessionOrder, kAuto, std::nullopt, 2);
    QCOMPARE(externalIds(first), firstPage);

    TestSupport::changePagingSessions(logs);
    TestSupport::ingestClaude(path, { logs });
    SessionRows later;
    for (SessionRows page
         = SessionTreeQuery::rootSessions(db, project, {}, sessionOrder, kAuto, first.last(), 2);
         !page.isEmpty();
         page = SessionTreeQuery::rootSessions(db, project, {}, sessionOrder, kAuto, page.last(), 2))
        later += page;
    QCOMPARE(externalIds(later), laterPages);
}

void TestSessionTreeQuery::sessionsWithoutProject()
{
    const SessionRows rows = SessionTreeQuery::rootSessions(m_db, 0, {}, {}, kAuto, std::nullopt, 10);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).source, QStringLiteral("opencode"));
    QCOMPARE(rows.at(1).title, QStringLiteral("list the files"));
    QCOMPARE(rows.at(1).source, QStringLiteral("codex"));
    QCOMPARE(rows.at(1).projectId, 0);
}

void TestSessionTreeQuery::subAgentsAtAnyDepth()
{
    // Claude: four sub-agents of the main session (Task calls, a side question, a compaction), by start.
    const qint64 claude = rowId(QStringLiteral("orders pagination"));
    const SessionRows root = SessionTreeQuery::sessions(m_db, { claude }, {}, kAuto);
    QCOMPARE(root.size(), 1);
    QCOMPARE(root.at(0).childCount, 4);
    const SessionRows claudeChildren = SessionTreeQuery::children(m_db, claude, kAuto);
    QCOMPARE(titles(claudeChildren),
        (QStringList { QStringLiteral("Find call sites"), QStringLiteral("Run the order tests"), QString(),
            QStringLiteral("btw what does list_orders return?") }));
    QCOMPARE(claudeChildren.at(0).agent, QStringLiteral("Explore"));
    QCOMPARE(claudeChildren.at(0).parentRowId, claude);
    double sum = root.at(0).cost;
    for (const SessionRow& child : claudeChildren) {
        QCOMPARE(child.childCount, 0);
        sum += child.costWithSubAgents;
    }
    QVERIFY(qAbs(root.at(0).costWithSubAgents - sum) < 1e-12);
    QVERIFY(root.at(0).costWithSubAgents > root.at(0).cost);

    // OpenClaw: a sub-agent of a sub-agent; the root's totals include the grandchild.
    const qint64 inbox = rowId(QStringLiteral("Morning inbox"));
    const SessionRows openclaw = SessionTreeQuery::children(m_db, inbox, kAuto);
    QCOMPARE(
        titles(openclaw), (QStringList { QStringLiteral("triage"), QStringLiteral("now draft replies") }));
    QCOMPARE(openclaw.at(0).childCount, 1);
    const SessionRows grandchildren = SessionTreeQuery::children(m_db, openclaw.at(0).rowId, kAuto);
    QCOMPARE(titles(grandchildren), QStringList { QStringLiteral("deep check") });
    const SessionRow inboxRow = SessionTreeQuery::sessions(m_db, { inbox }, {}, kAuto).value(0);
    QVERIFY(qAbs(inboxRow.costWithSubAgents - (0.046395 + 0.012 + 0.03 + 0.0005)) < 1e-9);
    QCOMPARE(inboxRow.tokensWithSubAgents,
        inboxRow.tokens + openclaw.at(0).tokensWithSubAgents + openclaw.at(1).tokensWithSubAgents);

    // Codex (a fork and an explorer) and Gemini (an investigator).
    QCOMPARE(SessionTreeQuery::children(m_db, rowId(QStringLiteral("Orders pagination")), kAuto).size(), 2);
    QCOMPARE(titles(SessionTreeQuery::children(m_db, rowId(QStringLiteral("Add refund endpoint")), kAuto)),
        QStringList { QStringLiteral("find the refund tests") });
}

// OpenClaw's "Morning inbox" (project "workspace") logs its own costs, which differ from ours, and one of
// its requests logged none: each query's costs follow the mode.
void TestSessionTreeQuery::costModes_data()
{
    QTest::addColumn<ReportOptions::CostMode>("mode");
    QTest::addColumn<double>("inbox");
    QTest::addColumn<double>("inboxTree");
    QTest::addColumn<double>("triageTree");
    QTest::addColumn<double>("workspace");
    QTest::newRow("auto") << ReportOptions::CostMode::Auto << 0.046395 << 0.088895 << 0.0125 << 0.089495;
    QTest::newRow("calculate") << ReportOptions::CostMode::Calculate << 0.042845 << 0.08552 << 0.021
                               << 0.08615;
    QTest::newRow("display") << ReportOptions::CostMode::Display << 0.040395 << 0.082895 << 0.0125
                             << 0.083495;
}

void TestSessionTreeQuery::costModes()
{
    QFETCH(ReportOptions::CostMode, mode);
    QFETCH(double, inbox);
    QFETCH(double, inboxTree);
    QFETCH(double, triageTree);
    QFETCH(double, workspace);
    const auto micro = [](double dollars) { return qRound64(dollars * 1e6); };
    const qint64 inboxId = rowId(QStringLiteral("Morning inbox"));

    const SessionRow live = SessionTreeQuery::sessions(m_db, { inboxId }, {}, mode).value(0);
    QCOMPARE(micro(live.cost), micro(inbox));
    QCOMPARE(micro(live.costWithSubAgents), micro(inboxTree));
    QCOMPARE(live.unpricedRequests, 0);

    const SessionOrder byCost { SessionOrder::Cost, Qt::DescendingOrder };
    const SessionRows roots = SessionTreeQuery::rootSessions(m_db, 3, {}, byCost, mode, std::nullopt, 10);
    QCOMPARE(roots.value(0).rowId, inboxId);
    QCOMPARE(micro(roots.value(0).cost), micro(inbox));

    const SessionRows children = SessionTreeQuery::children(m_db, inboxId, mode);
    QCOMPARE(children.value(0).title, QStringLiteral("triage"));
    QCOMPARE(micro(children.value(0).costWithSubAgents), micro(triageTree));

    ProjectRows projects = SessionTreeQuery::projects(m_db, {});
    SessionTreeQuery::addTotals(m_db, {}, mode, projects);
    const auto found = std::find_if(projects.cbegin(), projects.cend(),
        [](const ProjectRow& project) { return project.name == QLatin1String("workspace"); });
    QVERIFY(found != projects.cend());
    QCOMPARE(micro(found->cost), micro(workspace));
}

void TestSessionTreeQuery::filters_data()
{
    QTest::addColumn<SessionFilter>("filter");
    QTest::addColumn<QStringList>("expected"); // root sessions of project shop, newest first
    SessionFilter title;
    title.search = QStringLiteral("REFUND");
    QTest::newRow("title, any case") << title << QStringList { QStringLiteral("Add refund endpoint") };
    SessionFilter prompt;
    prompt.search = QStringLiteral("/orders");
    QTest::newRow("prompt text only") << prompt << QStringList { QStringLiteral("Orders pagination") };
    SessionFilter directory;
    directory.search = QStringLiteral("src/shop");
    QTest::newRow("directory") << directory
                               << QStringList { QStringLiteral("hi"),
                                      QStringLiteral("summarise the changelog"),
                                      QStringLiteral("Add refund endpoint"),
                                      QStringLiteral("orders pagination"),
                                      QStringLiteral("Orders pagination") };
    SessionFilter wildcard;
    wildcard.search = QStringLiteral("%");
    QTest::newRow("LIKE characters are literal") << wildcard << QStringList {};
    SessionFilter source;
    source.source = QStringLiteral("codex");
    QTest::newRow("source") << source
                            << QStringList { QStringLiteral("hi"), QStringLiteral("summarise the changelog"),
                                   QStringLiteral("Orders pagination") };
    SessionFilter model;
    model.model = QStringLiteral("claude-opus-4-1-20250805");
    QTest::newRow("model") << model << QStringList { QStringLiteral("orders pagination") };
    SessionFilter subAgentModel;
    subAgentModel.model = QStringLiteral("gemini-2.5-flash"); // only the refund session's investigator
    QTest::newRow("a sub-agent's model does not count") << subAgentModel << QStringList {};
    SessionFilter may5;
    may5.fromMs = QDateTime(QDate(2026, 5, 5), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    may5.toMs = QDateTime(QDate(2026, 5, 6), QTime(23, 0), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("date range") << may5 << QStringList { QStringLiteral("summarise the changelog") };
    SessionFilter combined = source;
    combined.search = QStringLiteral("changelog");
    QTest::newRow("combined") << combined << QStringList { QStringLiteral("summarise the changelog") };
}

void TestSessionTreeQuery::filters()
{
    QFETCH(SessionFilter, filter);
    QFETCH(QStringList, expected);
    QCOMPARE(titles(SessionTreeQuery::rootSessions(m_db, 1, filter, {}, kAuto, std::nullopt, 100)), expected);
    const ProjectRows projects = SessionTreeQuery::projects(m_db, filter);
    const auto shop = std::find_if(
        projects.cbegin(), projects.cend(), [](const ProjectRow& project) { return project.projectId == 1; });
    QCOMPARE(shop == projects.cend() ? 0 : shop->sessions, expected.size());
}

void TestSessionTreeQuery::filteredProjects()
{
    SessionFilter gemini;
    gemini.source = QStringLiteral("gemini");
    QStringList names;
    for (const ProjectRow& project : SessionTreeQuery::projects(m_db, gemini))
        names.append(project.name);
    QCOMPARE(names,
        (QStringList { QStringLiteral("scratch"), QStringLiteral("notes"), QStringLiteral("legacy-app"),
            QStringLiteral("shop") }));
    // With a filter, the totals are those of the matching root sessions' trees only.
    ProjectRows projects = SessionTreeQuery::projects(m_db, gemini);
    SessionTreeQuery::addTotals(m_db, gemini, kAuto, projects);
    QVERIFY(qAbs(projects.at(3).cost - (0.0610713 + 0.00345)) < 1e-9);
}

void TestSessionTreeQuery::sessionsByIdApplyTheFilterToRoots()
{
    const qint64 hi = rowId(QStringLiteral("hi"));
    const qint64 explore = rowId(QStringLiteral("Find call sites"));
    SessionFilter claude;
    claude.source = QStringLiteral("claude");
    // The Explore sub-agent comes with its root session, whose totals include it.
    QStringList found = titles(SessionTreeQuery::sessions(m_db, { hi, explore }, claude, kAuto));
    found.sort();
    QCOMPARE(found, (QStringList { QStringLiteral("Find call sites"), QStringLiteral("orders pagination") }));
    SessionFilter codexOnly;
    codexOnly.source = QStringLiteral("codex");
    found = titles(SessionTreeQuery::sessions(m_db, { hi, explore, 999999 }, codexOnly, kAuto));
    found.sort();
    QCOMPARE(found, (QStringList { QStringLiteral("Find call sites"), QStringLiteral("hi") }));
}

void TestSessionTreeQuery::filterOptions()
{
    const SessionTreeQuery::FilterOptions options = SessionTreeQuery::filterOptions(m_db);
    QCOMPARE(options.sources,
        (QStringList { QStringLiteral("claude"), QStringLiteral("codex"), QStringLiteral("gemini"),
            QStringLiteral("openclaw"), QStringLiteral("opencode") }));
    QVERIFY(options.models.contains(QStringLiteral("gpt-5.4")));
    QVERIFY(options.models.contains(QStringLiteral("claude-opus-4-1-20250805")));
    QVERIFY(!options.models.contains(QString()));
}

void TestSessionTreeQuery::sortedIndexesAreUsed()
{
    // The pages of the start and duration orders are read from the partial indexes, without a sort step:
    // the first page, a page after a row (a seek to its key) and a page after a row without a key.
    const SessionRows all = SessionTreeQuery::rootSessions(m_db, 1, {}, {}, kAuto, std::nullopt, 100);
    SessionRow withoutKey = all.at(2);
    withoutKey.firstTs.reset();
    for (const SessionOrder::Key key : { SessionOrder::Start, SessionOrder::Duration }) {
        for (const Qt::SortOrder direction : { Qt::AscendingOrder, Qt::DescendingOrder }) {
            for (const std::optional<SessionRow>& after :
                { std::optional<SessionRow>(), std::optional(all.at(2)), std::optional(withoutKey) }) {
                const QString details = SessionTreeQuery::rootSessionsPlan(
                    m_db, 1, {}, SessionOrder { key, direction }, kAuto, after, 200)
                                            .join(QLatin1Char('\n'));
                QVERIFY2(
                    details.contains(key == SessionOrder::Start ? QStringLiteral("sessions_root_start")
                                                                : QStringLiteral("sessions_root_duration")),
                    qPrintable(details));
                QVERIFY2(!details.contains(QStringLiteral("TEMP B-TREE")), qPrintable(details));
                QVERIFY2(!details.contains(QStringLiteral("SCAN s")), qPrintable(details));
            }
        }
    }
}

void TestSessionTreeQuery::largeDatabase()
{
    // Figures for docs/window/sessions.md (no assertion on time): a page deep into one large project, by
    // key against what paging by offset read. Needs a database whose root sessions are one project.
    const QString path = qEnvironmentVariable("AGENTMETER_SESSIONS_BENCH_DB");
    if (path.isEmpty())
        QSKIP("set AGENTMETER_SESSIONS_BENCH_DB (docs/window/sessions.md says how to make it)");
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    const ProjectRows projects = SessionTreeQuery::projects(db, {});
    QVERIFY(!projects.isEmpty());
    const qint64 project = projects.at(0).projectId;
    const qint64 position = projects.at(0).sessions - 200; // the last page
    qInfo("project of %lld root sessions, page of 200 after row %lld", projects.at(0).sessions, position);
    const auto bestOf = [](int runs, const std::function<void()>& run) {
        qint64 best = std::numeric_limits<qint64>::max();
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer timer;
            timer.start();
            run();
            best = std::min(best, timer.nsecsElapsed() / 1000);
        }
        return best;
    };
    for (const SessionOrder::Key key :
        { SessionOrder::Start, SessionOrder::Duration, SessionOrder::Tokens, SessionOrder::Cost }) {
        for (const Qt::SortOrder direction : { Qt::DescendingOrder, Qt::AscendingOrder }) {
            const SessionOrder order { key, direction };
            const std::string totals = key == SessionOrder::Tokens || key == SessionOrder::Cost
                ? std::string("LEFT JOIN (SELECT r.session_id, ") + SessionFigures::kRollupTokenSum
                    + " AS tokens, SUM(r.auto_cost) AS cost FROM usage_rollup r WHERE r.session_id IN "
                      "(SELECT "
                      "id FROM sessions WHERE parent_id IS NULL AND project_id IS ?1) GROUP BY r.session_id) "
                      "t "
                      "ON t.session_id = s.id "
                : std::string();
            // The page as paging by offset read it (its ids by offset, then its rows), and by key after
            // the row before it.
            const std::string byOffset = "SELECT s.id FROM sessions s " + totals
                + "WHERE s.parent_id IS NULL AND s.project_id IS ?1 " + order.sql() + " LIMIT ?2 OFFSET ?3";
            QList<qint64> ids;
            const qint64 offsetUs = bestOf(3, [&] {
                SqliteStatement query = db.prepare(byOffset);
                query.bind(1, project);
                query.bind(2, 201);
                query.bind(3, position - 1);
                ids.clear();
                while (query.step())
                    ids.append(query.int64(0));
                QCOMPARE(SessionTreeQuery::sessions(db, ids.mid(1), {}, kAuto).size(), 200);
            });
            const SessionRow before = SessionTreeQuery::sessions(db, { ids.at(0) }, {}, kAuto).value(0);
            QCOMPARE(before.rowId, ids.at(0));
            SessionRows page;
            const qint64 keysetUs = bestOf(3,
                [&] { page = SessionTreeQuery::rootSessions(db, project, {}, order, kAuto, before, 200); });
            QCOMPARE(page.size(), 200);
            QCOMPARE(page.first().rowId, ids.at(1));
            qInfo("%-8s %-4s by offset: %7.1f ms, by key: %7.1f ms",
                key == SessionOrder::Start          ? "start"
                    : key == SessionOrder::Duration ? "duration"
                    : key == SessionOrder::Tokens   ? "tokens"
                                                    : "cost",
                direction == Qt::AscendingOrder ? "asc" : "desc", offsetUs / 1000.0, keysetUs / 1000.0);
        }
    }
}

QTEST_GUILESS_MAIN(TestSessionTreeQuery)
#include "tst_sessiontreequery.moc"

// SPDX-License-Identifier: MIT
// The Traces page offscreen on the fixture database: the list fills, the newest trace shows, picking
// another root fills the tree, the waterfall delegate paints bars, and change notices reload what they touch.
#include "snapshots/tracenode.h"
#include "store/queryrunner.h"
#include "storechanges.h"
#include "testsupport.h"
#include "tracelistmodel.h"
#include "tracespage.h"
#include "tracetreemodel.h"
#include "waterfalldelegate.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

class TestTracesPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listFillsAndNewestTraceShows();
    void selectingARootFillsTheTree();
    void delegatePaintsBars();
    void noticesReloadWhatTheyTouch();
    void worksWithoutQueries();

private:
    int rowOf(TracesPage& page, const QString& title);

    QTemporaryDir m_dir;
    QString m_path;
};

void TestTracesPage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("fixtures.db"));
    TestSupport::buildFixtureDatabase(m_path);
}

int TestTracesPage::rowOf(TracesPage& page, const QString& title)
{
    for (int row = 0; row < page.listModel()->rowCount(); ++row) {
        if (page.listModel()->index(row, TraceListModel::TitleColumn).data().toString() == title)
            return row;
    }
    return -1;
}

void TestTracesPage::listFillsAndNewestTraceShows()
{
    QueryRunner runner(m_path);
    StoreChanges changes;
    TracesPage page(PageContext { &runner, &changes, nullptr, QTimeZone::utc() });
    QSignalSpy traces(&page, &TracesPage::traceLoaded);
    QVERIFY(traces.wait(10000));
    QCOMPARE(page.listModel()->rowCount(), 7);
    QCOMPARE(page.treeModel()->index(0, TraceTreeModel::NameColumn).data().toString(),
        QStringLiteral("Fix the login bug"));
    auto* list = page.findChild<QTreeView*>(QStringLiteral("traceList"));
    QVERIFY(list);
    QCOMPARE(list->currentIndex().row(), 0);
    auto* summary = page.findChild<QLabel*>(QStringLiteral("traceSummary"));
    QVERIFY(summary->text().contains(QStringLiteral("1 tool call")));
}

void TestTracesPage::selectingARootFillsTheTree()
{
    QueryRunner runner(m_path);
    TracesPage page(PageContext { &runner, nullptr, nullptr, QTimeZone::utc() });
    QSignalSpy traces(&page, &TracesPage::traceLoaded);
    QVERIFY(traces.wait(10000));
    auto* list = page.findChild<QTreeView*>(QStringLiteral("traceList"));
    const int row = rowOf(page, QStringLiteral("Morning inbox"));
    QVERIFY(row > 0);
    list->setCurrentIndex(page.listModel()->index(row, 0));
    QVERIFY(traces.wait(10000));
    TraceTreeModel* tree = page.treeModel();
    const QModelIndex root = tree->index(0, 0);
    QCOMPARE(root.data().toString(), QStringLiteral("Morning inbox"));
    // sessions_spawn -> triage -> deep check: three levels below the root, all expanded.
    auto* view = page.findChild<QTreeView*>(QStringLiteral("traceTree"));
    QVERIFY(view->isExpanded(root));
    const QModelIndex spawn = tree->index(0, 0, root);
    QCOMPARE(spawn.data().toString(), QStringLiteral("sessions_spawn"));
    const QModelIndex triage = tree->index(0, 0, spawn);
    QCOMPARE(triage.data().toString(), QStringLiteral("triage"));
    QVERIFY(view->isExpanded(triage));
    bool deep = false;
    for (int child = 0; child < tree->rowCount(triage); ++child)
        deep = deep || tree->index(child, 0, triage).data().toString() == QLatin1String("deep check");
    QVERIFY(deep);
    QVERIFY(page.findChild<QLabel*>(QStringLiteral("traceSummary"))
                ->text()
                .contains(QStringLiteral("now draft replies")));
}

void TestTracesPage::delegatePaintsBars()
{
    QueryRunner runner(m_path);
    TracesPage page(PageContext { &runner, nullptr, nullptr, QTimeZone::utc() });
    QSignalSpy traces(&page, &TracesPage::traceLoaded);
    page.resize(1400, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(traces.size() == 1 || traces.wait(10000));
    page.showTrace(page.listModel()
                       ->index(rowOf(page, QStringLiteral("Add refund endpoint")), 0)
                       .data(TraceListModel::RowIdRole)
                       .toLongLong());
    QVERIFY(traces.wait(10000));
    auto* view = page.findChild<QTreeView*>(QStringLiteral("traceTree"));
    TraceTreeModel* tree = page.treeModel();
    const QModelIndex rootBar = tree->index(0, TraceTreeModel::WaterfallColumn);
    const QRect cell = view->visualRect(rootBar);
    QVERIFY(cell.width() > 50);
    const QImage image = view->viewport()->grab().toImage();
    const auto pixel = [&image, &view](QPoint point) {
        const qreal ratio = view->viewport()->devicePixelRatioF();
        return image.pixel(int(point.x() * ratio), int(point.y() * ratio));
    };
    // The root spans the whole trace: the middle of its cell is the bar's fill.
    QCOMPARE(pixel(cell.center()), WaterfallDelegate::barColor(rootBar).rgb());
    // read_file (2.5 s of 310 s, at the start) leaves the right half of its cell unpainted.
    const QModelIndex readFile = tree->index(0, TraceTreeModel::WaterfallColumn, tree->index(0, 0));
    QCOMPARE(readFile.siblingAtColumn(0).data().toString(), QStringLiteral("read_file"));
    const QRect readCell = view->visualRect(readFile);
    const QRgb bar = WaterfallDelegate::barColor(readFile).rgb();
    const double start = readFile.data(TraceTreeModel::BarStartRole).toDouble();
    QCOMPARE(
        pixel(QPoint(readCell.left() + 2 + int(start * (readCell.width() - 4)) + 1, readCell.center().y())),
        bar);
    QVERIFY(pixel(QPoint(readCell.right() - 10, readCell.center().y())) != bar);
    // A failed call is red whatever its agent; a tool call is lighter than its agent's session.
    QCOMPARE(WaterfallDelegate::barColor(tree->index(2, 0, tree->index(0, 0))).name(),
        QColor(211, 47, 47).lighter(130).name());
}

void TestTracesPage::noticesReloadWhatTheyTouch()
{
    QueryRunner runner(m_path);
    StoreChanges changes;
    TracesPage page(PageContext { &runner, &changes, nullptr, QTimeZone::utc() });
    QSignalSpy traces(&page, &TracesPage::traceLoaded);
    QSignalSpy roots(&page, &TracesPage::rootsLoaded);
    QVERIFY(traces.wait(10000));
    const QString shown = page.treeModel()->index(0, 0).data(TraceTreeModel::SessionIdRole).toString();

    // A session elsewhere: the list is read again, the tree is not.
    ChangeNotice elsewhere;
    ChangeNotice::Session other;
    other.sessionId = QStringLiteral("019eb000-4444-7e55-8f66-708192a3b445");
    elsewhere.sessions = { other };
    elsewhere.sessionCount = 1;
    roots.clear();
    traces.clear();
    changes.publish(elsewhere);
    QVERIFY(roots.wait(10000));
    runner.waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(traces.size(), 0);

    // A sub-agent of the shown trace (named by its parent): the tree is read again.
    ChangeNotice inside;
    ChangeNotice::Session child;
    child.sessionId = QStringLiteral("new-sub-agent");
    child.parentSessionId = shown;
    inside.sessions = { child };
    inside.sessionCount = 1;
    changes.publish(inside);
    QVERIFY(traces.wait(10000));
}

void TestTracesPage::worksWithoutQueries()
{
    TracesPage page(PageContext {});
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QCOMPARE(page.listModel()->rowCount(), 0);
    QCOMPARE(page.treeModel()->rowCount(), 0);
}

QTEST_MAIN(TestTracesPage)
#include "tst_tracespage.moc"

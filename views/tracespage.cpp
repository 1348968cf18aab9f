// SPDX-License-Identifier: MIT
#include "tracespage.h"

#include "displayformat.h"
#include "snapshots/tracequery.h"
#include "store/queryrunner.h"
#include "storechanges.h"
#include "tracelistmodel.h"
#include "tracetreemodel.h"
#include "waterfalldelegate.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

TracesPage::TracesPage(const PageContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
    , m_list(new TraceListModel(this))
    , m_tree(new TraceTreeModel(this))
{
    m_list->setTimeZone(context.timeZone);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_listView = new QTreeView(splitter);
    m_listView->setObjectName(QStringLiteral("traceList"));
    m_listView->setRootIsDecorated(false);
    m_listView->setUniformRowHeights(true);
    m_listView->setAlternatingRowColors(true);
    m_listView->setModel(m_list);
    m_listView->header()->setSectionResizeMode(TraceListModel::TitleColumn, QHeaderView::Stretch);
    m_listView->header()->setStretchLastSection(false);

    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(tr("Select a session to see its trace."), right);
    m_summary->setObjectName(QStringLiteral("traceSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rightLayout->addWidget(m_summary);
    m_treeView = new QTreeView(right);
    m_treeView->setObjectName(QStringLiteral("traceTree"));
    m_treeView->setUniformRowHeights(true);
    m_treeView->setModel(m_tree);
    m_treeView->setItemDelegateForColumn(TraceTreeModel::WaterfallColumn, new WaterfallDelegate(m_treeView));
    // The waterfall is what this page is for: right after the names, where it is seen without scrolling;
    // the figures are short.
    QHeaderView* header = m_treeView->header();
    header->setStretchLastSection(false);
    header->moveSection(header->visualIndex(TraceTreeModel::WaterfallColumn), 1);
    header->resizeSection(TraceTreeModel::NameColumn, 220);
    header->resizeSection(TraceTreeModel::WaterfallColumn, 200);
    header->resizeSection(TraceTreeModel::AgentColumn, 120);
    header->resizeSection(TraceTreeModel::StatusColumn, 80);
    for (const int column : { int(TraceTreeModel::OffsetColumn), int(TraceTreeModel::DurationColumn),
             int(TraceTreeModel::TokensInColumn), int(TraceTreeModel::TokensOutColumn),
             int(TraceTreeModel::CostColumn) })
        header->resizeSection(column, 70);
    rightLayout->addWidget(m_treeView);

    splitter->addWidget(m_listView);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({ 300, 980 });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_listView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            const qint64 rowId = current.data(TraceListModel::RowIdRole).toLongLong();
            if (rowId != 0 && rowId != m_root)
                showTrace(rowId);
        });
    if (context.changes)
        connect(context.changes, &StoreChanges::changesAvailable, this, &TracesPage::onChanges);
    reloadRoots();
}

void TracesPage::showTrace(qint64 rootRowId)
{
    m_root = rootRowId;
    const int row = m_list->rowOf(rootRowId);
    if (row >= 0 && m_listView->currentIndex().row() != row)
        m_listView->setCurrentIndex(m_list->index(row, 0));
    reloadTrace();
}

void TracesPage::reloadRoots()
{
    if (!m_context.queries)
        return;
    if (m_rootsRunning) {
        m_rootsStale = true;
        return;
    }
    m_rootsRunning = true;
    m_context.queries->run<TraceRootList>(
        this,
        [mode = m_context.costMode](Database& db) { return TraceQuery::recentRoots(db, kRootLimit, mode); },
        [this](const TraceRootList& roots) {
            m_rootsRunning = false;
            m_list->setData(roots);
            const int row = m_list->rowOf(m_root);
            if (row >= 0)
                m_listView->setCurrentIndex(m_list->index(row, 0));
            else if (m_root == 0 && !roots.isEmpty())
                showTrace(roots.first().rowId); // the newest trace, rather than an empty page
            Q_EMIT rootsLoaded();
            if (std::exchange(m_rootsStale, false))
                reloadRoots();
        },
        // A failed query delivers nothing: the next notice must be able to ask again.
        [this](const QString&) { m_rootsRunning = false; });
}

void TracesPage::reloadTrace()
{
    if (!m_context.queries || m_root == 0)
        return;
    if (m_traceRunning) {
        m_traceStale = true;
        return;
    }
    m_traceRunning = true;
    const qint64 root = m_root;
    m_context.queries->run<TraceSnapshot>(
        this, [root, mode = m_context.costMode](Database& db) { return TraceQuery::load(db, root, mode); },
        [this, root](const TraceSnapshot& snapshot) {
            m_traceRunning = false;
            if (root == m_root) {
                m_tree->setData(snapshot);
                m_treeSessions.clear();
                for (const TraceNode& node : snapshot.nodes) {
                    if (node.kind == TraceNode::Session)
                        m_treeSessions.insert(node.sessionId);
                }
                m_treeView->expandAll();
                m_treeView->resizeColumnToContents(TraceTreeModel::AgentColumn);
                updateSummary();
                Q_EMIT traceLoaded();
            }
            // Another root was picked, or the shown one changed, while this ran.
            if (std::exchange(m_traceStale, false) || root != m_root)
                reloadTrace();
        },
        [this](const QString&) { m_traceRunning = false; });
}

void TracesPage::onChanges(const ChangeNotice& notice)
{
    if (notice.sessionCount > 0 || notice.historyChanged)
        reloadRoots();
    bool touchesTrace = notice.historyChanged || notice.sessions.size() < notice.sessionCount;
    for (const ChangeNotice::Session& session : notice.sessions) {
        touchesTrace = touchesTrace || m_treeSessions.contains(session.sessionId)
            || m_treeSessions.contains(session.parentSessionId);
    }
    if (touchesTrace)
        reloadTrace();
}

void TracesPage::updateSummary()
{
    const TraceSnapshot& snapshot = m_tree->snapshot();
    if (snapshot.isEmpty()) {
        m_summary->setText(tr("This session has no trace any more."));
        return;
    }
    QStringList path;
    for (const TraceNode& node : snapshot.nodes) {
        if (node.onExpensivePath && node.parent >= 0)
            path.append(node.name);
    }
    const TraceNode& root = snapshot.nodes.first();
    QString text = tr("%1 · %n agent invocation(s)", nullptr, int(snapshot.sessionCount())).arg(root.name)
        + tr(", %n tool call(s)", nullptr, int(snapshot.toolCallCount()))
        + tr(" · %1 in total over %2")
              .arg(DisplayFormat::money(root.totalCost), DisplayFormat::duration(snapshot.spanMs()));
    if (!path.isEmpty())
        text += tr(" · most expensive path: %1").arg(path.join(QStringLiteral(" › ")));
    m_summary->setText(text);
}

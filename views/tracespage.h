// SPDX-License-Identifier: MIT
#pragma once

#include "pagecontext.h"

#include <QSet>
#include <QWidget>

class QLabel;
class QTreeView;
class TraceListModel;
class TraceTreeModel;
struct ChangeNotice;

// The Traces page (issue 5): recent root sessions that have traces on the left; on the right the
// selected one's hierarchy of agent invocations and tool calls with a waterfall, cost, tokens and
// status per node, the most expensive path highlighted, and a summary line. Both follow live ingest.
class TracesPage : public QWidget
{
    Q_OBJECT
public:
    explicit TracesPage(const PageContext& context, QWidget* parent = nullptr);

    static constexpr int kRootLimit = 200;

    // Shows the trace of a root session (sessions.id), selecting it in the list when listed.
    void showTrace(qint64 rootRowId);

    TraceListModel* listModel() const { return m_list; }
    TraceTreeModel* treeModel() const { return m_tree; }

Q_SIGNALS:
    // A query's answer was shown (tests wait for these).
    void rootsLoaded();
    void traceLoaded();

private:
    void reloadRoots();
    void reloadTrace();
    void onChanges(const ChangeNotice& notice);
    void updateSummary();

    PageContext m_context;
    TraceListModel* m_list = nullptr;
    TraceTreeModel* m_tree = nullptr;
    QTreeView* m_listView = nullptr;
    QTreeView* m_treeView = nullptr;
    QLabel* m_summary = nullptr;
    qint64 m_root = 0;
    QSet<QString> m_treeSessions; // external ids of the shown trace's sessions: which notices touch it
    // A query in flight is not started twice; a change meanwhile runs it once more when it is back.
    bool m_rootsRunning = false;
    bool m_rootsStale = false;
    bool m_traceRunning = false;
    bool m_traceStale = false;
};

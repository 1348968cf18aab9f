// SPDX-License-Identifier: MIT
#pragma once

#include "domain/changenotice.h"
#include "reports/reportoptions.h"
#include "snapshots/projectrow.h"
#include "snapshots/sessionfilter.h"
#include "snapshots/sessionorder.h"
#include "snapshots/sessionrow.h"

#include <functional>
#include <memory>
#include <QAbstractItemModel>
#include <QHash>
#include <QSet>
#include <QTimeZone>
#include <vector>

class QueryRunner;

// The Sessions page's tree: project -> root session -> sub-agent sessions (any depth). Projects load
// at once; a project's root sessions load a page at a time when the view asks (canFetchMore/fetchMore),
// a session's sub-agents when it is expanded. Every load runs on the QueryRunner and inserts its rows
// when it returns; a load started before the last filter, sort or reload is dropped when it returns
// (a generation counter), so a slow search never overwrites a newer one.
class SessionTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Columns
    {
        TitleColumn,
        SourceColumn,
        StartColumn,
        DurationColumn,
        TokensColumn,
        CostColumn,
        CostWithSubAgentsColumn,
        ColumnCount
    };
    enum Roles
    {
        SessionRowIdRole = Qt::UserRole, // qint64; 0 on a project row
        ProjectIdRole, // qint64; 0 for sessions without a project
        IsProjectRole // bool
    };
    static constexpr int kDefaultPageSize = 200;

    explicit SessionTreeModel(QueryRunner* runner, QObject* parent = nullptr);
    ~SessionTreeModel() override;

    // Drops everything and loads the projects again.
    void reload();
    SessionFilter filter() const { return m_filter; }
    void setFilter(const SessionFilter& filter); // reloads when it differs
    SessionOrder order() const { return m_order; }
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    void setTimeZone(const QTimeZone& zone) { m_timeZone = zone; }
    // Which cost the Cost columns show and sort by, from the next reload on (the window is rebuilt when
    // the setting changes).
    void setCostMode(ReportOptions::CostMode mode) { m_costMode = mode; }
    bool isLoading() const { return m_pending > 0; }

    // Live ingest: a project's loaded root sessions stay every session up to the last loaded one, in the
    // current order (pages are read after it, by key). A changed session moves to its new place when that
    // is among them and leaves when it is beyond (a later page brings it back); a new or not yet loaded
    // session that sorts among them is inserted. One update query runs at a time (it re-sums the
    // projects); notices that arrive meanwhile make one more.
    void apply(const ChangeNotice& notice);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    // Start, duration, tokens and cost (either cost column) re-query in that order; other columns are
    // not sortable.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    static bool isSortable(int column);

Q_SIGNALS:
    // A load (projects, a page, sub-agents, a live update) was applied; isLoading() says whether more run.
    void loadFinished();

private:
    struct Node;
    struct LiveUpdate
    {
        ProjectRows projects;
        SessionRows sessions;
    };

    Node* nodeFor(const QModelIndex& index) const;
    QModelIndex indexFor(const Node* node, int column = 0) const;
    void insertChildren(Node* parent, int position, const SessionRows& rows);
    void fetchProjectTotals();
    void fetchPage(Node* project);
    void fetchChildren(Node* session);
    void finishLoad();
    std::function<void(const QString&)> failedLoad(quint64 generation, std::function<void()> release = {});
    void insertInOrder(Node* project, const SessionRows& sorted);
    void updateSession(Node* node, const SessionRow& row);
    void removeSession(Node* node);
    void startLiveUpdate();
    void applyLive(const LiveUpdate& update, const QSet<qint64>& newIds);
    void updateProjects(const ProjectRows& projects);
    void placeSession(const SessionRow& row, bool isNew, const QHash<qint64, qint64>& oldTotals);
    void placeRoot(Node* node, const SessionRow& row, bool isNew, const QHash<qint64, qint64>& oldTotals);
    QVariant projectData(const ProjectRow& project, int column, int role) const;
    QVariant sessionData(const SessionRow& session, int column, int role) const;

    QueryRunner* m_runner;
    std::unique_ptr<Node> m_root;
    QHash<qint64, Node*> m_sessions; // loaded sessions by row id
    QHash<qint64, Node*> m_projects; // by project id
    SessionFilter m_filter;
    SessionOrder m_order;
    QTimeZone m_timeZone = QTimeZone::systemTimeZone();
    ReportOptions::CostMode m_costMode = ReportOptions::CostMode::Auto;
    int m_pageSize = kDefaultPageSize;
    quint64 m_generation = 0;
    QList<qint64> m_liveIds; // sessions of notices not yet queried
    QSet<qint64> m_newIds; // of those, the ones the store did not have before
    bool m_liveRunning = false;
    QList<qint64> m_liveInFlight; // the ids of the live update on its way (sort() asks for them again)
    QSet<qint64> m_newInFlight;
    int m_pending = 0;
};

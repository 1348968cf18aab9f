// SPDX-License-Identifier: MIT
#include "sessiontreemodel.h"

#include "displayformat.h"
#include "snapshots/sessiontreequery.h"
#include "store/queryrunner.h"

#include <algorithm>
#include <QDateTime>
#include <utility>

struct SessionTreeModel::Node
{
    Node* parent = nullptr;
    int row = 0;
    bool isProject = false;
    ProjectRow project;
    SessionRow session;
    std::vector<std::unique_ptr<Node>> children;
    bool fetching = false;
    // Between beginInsertRows and the rows being in place: a view (or QAbstractItemModelTester) that asks
    // for more from rowsAboutToBeInserted would read the page after the old last row again.
    bool inserting = false;
    bool childrenLoaded = false; // a session's sub-agents were fetched
    // A project's root sessions that a live update left out or took out, as beyond the loaded ones, while
    // a page was on its way: the page may have been read before they moved, so they are read again.
    QList<qint64> passedOver;

    // How many children the store has: what canFetchMore compares the loaded ones with.
    qint64 expected() const { return isProject ? project.sessions : session.childCount; }
    void renumber(size_t from)
    {
        for (size_t i = from; i < children.size(); ++i)
            children[i]->row = int(i);
    }
};

SessionTreeModel::SessionTreeModel(QueryRunner* runner, QObject* parent)
    : QAbstractItemModel(parent)
    , m_runner(runner)
    , m_root(std::make_unique<Node>())
{ }

SessionTreeModel::~SessionTreeModel() = default;

void SessionTreeModel::reload()
{
    ++m_generation;
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_sessions.clear();
    m_projects.clear();
    m_pending = 0;
    m_liveRunning = false; // its answer will be dropped; the reload reads everything anyway
    m_liveIds.clear();
    m_newIds.clear();
    endResetModel();
    if (!m_runner)
        return;
    ++m_pending;
    const quint64 generation = m_generation;
    const SessionFilter filter = m_filter;
    m_runner->run<ProjectRows>(
        this, [filter](Database& db) { return SessionTreeQuery::projects(db, filter); },
        [this, generation](const ProjectRows& projects) {
            if (generation != m_generation)
                return;
            if (!projects.isEmpty()) {
                beginInsertRows({}, 0, int(projects.size()) - 1);
                for (const ProjectRow& project : projects) {
                    auto node = std::make_unique<Node>();
                    node->parent = m_root.get();
                    node->row = int(m_root->children.size());
                    node->isProject = true;
                    node->project = project;
                    m_projects.insert(project.projectId, node.get());
                    m_root->children.push_back(std::move(node));
                }
                endInsertRows();
                fetchProjectTotals();
            }
            finishLoad();
        },
        failedLoad(generation));
}

// The projects show first, their totals (a scan of the filtered sessions' usage) when they arrive.
void SessionTreeModel::fetchProjectTotals()
{
    ++m_pending;
    const quint64 generation = m_generation;
    ProjectRows projects;
    for (const std::unique_ptr<Node>& node : m_root->children)
        projects.append(node->project);
    m_runner->run<ProjectRows>(
        this,
        [filter = m_filter, mode = m_costMode, projects](Database& db) mutable {
            SessionTreeQuery::addTotals(db, filter, mode, projects);
            return projects;
        },
        [this, generation](const ProjectRows& projects) {
            if (generation != m_generation)
                return;
            for (const ProjectRow& project : projects) {
                if (Node* node = m_projects.value(project.projectId)) {
                    node->project.hasTotals = true;
                    node->project.tokens = project.tokens;
                    node->project.cost = project.cost;
                    Q_EMIT dataChanged(indexFor(node, 0), indexFor(node, ColumnCount - 1));
                }
            }
            finishLoad();
        },
        failedLoad(generation));
}

// A failed query must not leave the model "loading" for good: the next fetch, sort or notice tries again.
std::function<void(const QString&)> SessionTreeModel::failedLoad(
    quint64 generation, std::function<void()> release)
{
    return [this, generation, release = std::move(release)](const QString&) {
        if (generation != m_generation)
            return;
        if (release)
            release();
        finishLoad();
    };
}

void SessionTreeModel::setFilter(const SessionFilter& filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    reload();
}

void SessionTreeModel::finishLoad()
{
    m_pending = qMax(0, m_pending - 1);
    Q_EMIT loadFinished();
}

SessionTreeModel::Node* SessionTreeModel::nodeFor(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex SessionTreeModel::indexFor(const Node* node, int column) const
{
    if (node == m_root.get())
        return {};
    return createIndex(node->row, column, const_cast<Node*>(node));
}

QModelIndex SessionTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, nodeFor(parent)->children[size_t(row)].get());
}

QModelIndex SessionTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    return indexFor(nodeFor(child)->parent);
}

int SessionTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int SessionTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

bool SessionTreeModel::hasChildren(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return false;
    const Node* node = nodeFor(parent);
    return !node->children.empty() || (node != m_root.get() && node->expected() > 0);
}

bool SessionTreeModel::canFetchMore(const QModelIndex& parent) const
{
    const Node* node = nodeFor(parent);
    if (node == m_root.get() || node->fetching || node->inserting || parent.column() > 0)
        return false;
    if (node->isProject)
        return qint64(node->children.size()) < node->project.sessions;
    return !node->childrenLoaded && node->session.childCount > 0;
}

void SessionTreeModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent) || !m_runner)
        return;
    Node* node = nodeFor(parent);
    if (node->isProject)
        fetchPage(node);
    else
        fetchChildren(node);
}

// A project node in a callback is safe: projects are only destroyed by a reset, which changes the
// generation first. Session nodes also go when a live update takes a session out of the loaded range,
// so a callback finds its session by id.
void SessionTreeModel::fetchPage(Node* project)
{
    project->fetching = true;
    ++m_pending;
    const quint64 generation = m_generation;
    const qint64 projectId = project->project.projectId;
    // The next page starts after the last loaded session (the list is kept in order), with its key as
    // the model knows it: the loaded sessions are exactly those up to it.
    const std::optional<SessionRow> after
        = project->children.empty() ? std::nullopt : std::optional(project->children.back()->session);
    const qint64 limit = m_pageSize;
    m_runner->run<SessionRows>(
        this,
        [projectId, filter = m_filter, order = m_order, mode = m_costMode, after, limit](Database& db) {
            return SessionTreeQuery::rootSessions(db, projectId, filter, order, mode, after, limit);
        },
        [this, generation, project](const SessionRows& rows) {
            if (generation != m_generation)
                return;
            project->fetching = false;
            // Taken before the rows go in: that can ask for the next page, which gathers its own.
            const QList<qint64> passedOver = std::exchange(project->passedOver, {});
            // Fewer rows than the count promised (sessions went away): stop asking for more.
            if (rows.isEmpty())
                project->project.sessions = qint64(project->children.size());
            SessionRows fresh;
            for (const SessionRow& row : rows) {
                // Loaded already, with older figures that put it before the page: it moves to its place.
                if (Node* node = m_sessions.value(row.rowId))
                    updateSession(node, row);
                else
                    fresh.append(row);
            }
            insertInOrder(project, fresh);
            if (!passedOver.isEmpty()) {
                m_liveIds.append(passedOver);
                if (!m_liveRunning)
                    startLiveUpdate();
            }
            finishLoad();
        },
        failedLoad(generation, [project] { project->fetching = false; }));
}

void SessionTreeModel::fetchChildren(Node* session)
{
    session->fetching = true;
    ++m_pending;
    const quint64 generation = m_generation;
    const qint64 rowId = session->session.rowId;
    m_runner->run<SessionRows>(
        this,
        [rowId, mode = m_costMode](Database& db) { return SessionTreeQuery::children(db, rowId, mode); },
        [this, generation, rowId](const SessionRows& rows) {
            if (generation != m_generation)
                return;
            if (Node* session = m_sessions.value(rowId)) {
                session->fetching = false;
                session->childrenLoaded = true;
                insertChildren(session, int(session->children.size()), rows);
            }
            finishLoad();
        },
        failedLoad(generation, [this, rowId] {
            if (Node* session = m_sessions.value(rowId))
                session->fetching = false;
        }));
}

void SessionTreeModel::insertChildren(Node* parent, int position, const SessionRows& rows)
{
    // A row can already be here when a live update placed it while this page was on its way.
    SessionRows fresh;
    for (const SessionRow& row : rows)
        if (!m_sessions.contains(row.rowId))
            fresh.append(row);
    if (fresh.isEmpty())
        return;
    parent->inserting = true;
    beginInsertRows(indexFor(parent), position, position + int(fresh.size()) - 1);
    std::vector<std::unique_ptr<Node>> nodes;
    for (const SessionRow& row : std::as_const(fresh)) {
        auto node = std::make_unique<Node>();
        node->parent = parent;
        node->session = row;
        m_sessions.insert(row.rowId, node.get());
        nodes.push_back(std::move(node));
    }
    parent->children.insert(parent->children.begin() + position, std::make_move_iterator(nodes.begin()),
        std::make_move_iterator(nodes.end()));
    parent->renumber(size_t(position));
    parent->inserting = false;
    endInsertRows();
}

// Root sessions in the model's order, inserted where it puts them; each run of rows that goes to one place
// is inserted at once.
void SessionTreeModel::insertInOrder(Node* project, const SessionRows& sorted)
{
    const auto& children = project->children;
    for (qsizetype i = 0; i < sorted.size();) {
        const auto at = std::partition_point(
            children.cbegin(), children.cend(), [&](const std::unique_ptr<Node>& child) {
                return m_order.lessThan(child->session, sorted.at(i));
            });
        qsizetype end = i + 1;
        while (end < sorted.size()
            && (at == children.cend() || m_order.lessThan(sorted.at(end), (*at)->session)))
            ++end;
        insertChildren(project, int(at - children.cbegin()), sorted.mid(i, end - i));
        i = end;
    }
}

// New figures of a loaded session; a root session moves to where they put it among the loaded ones.
void SessionTreeModel::updateSession(Node* node, const SessionRow& row)
{
    const qint64 oldChildren = node->session.childCount;
    node->session = row;
    Q_EMIT dataChanged(indexFor(node, 0), indexFor(node, ColumnCount - 1));
    // A session that had no sub-agents gets its first: load it now, since a view does not look for an
    // expander on a row whose data changed.
    if (oldChildren == 0 && row.childCount > 0 && !node->childrenLoaded && !node->fetching)
        fetchChildren(node);
    if (row.parentRowId != 0)
        return; // sub-agents stay in the order they started
    Node* parent = node->parent;
    auto& children = parent->children;
    const int from = node->row;
    int to = 0;
    for (const std::unique_ptr<Node>& child : children)
        if (child.get() != node && m_order.lessThan(child->session, row))
            ++to;
    if (to == from)
        return;
    const QModelIndex parentIndex = indexFor(parent);
    beginMoveRows(parentIndex, from, from, parentIndex, to > from ? to + 1 : to);
    if (to > from)
        std::rotate(children.begin() + from, children.begin() + from + 1, children.begin() + to + 1);
    else
        std::rotate(children.begin() + to, children.begin() + from, children.begin() + from + 1);
    parent->renumber(size_t(std::min(from, to)));
    endMoveRows();
}

void SessionTreeModel::removeSession(Node* node)
{
    Node* parent = node->parent;
    const int row = node->row;
    beginRemoveRows(indexFor(parent), row, row);
    std::function<void(const Node*)> forget = [&](const Node* gone) {
        m_sessions.remove(gone->session.rowId);
        for (const std::unique_ptr<Node>& child : gone->children)
            forget(child.get());
    };
    forget(node);
    parent->children.erase(parent->children.begin() + row);
    parent->renumber(size_t(row));
    endRemoveRows();
}

bool SessionTreeModel::isSortable(int column)
{
    return column == StartColumn || column == DurationColumn || column == TokensColumn || column == CostColumn
        || column == CostWithSubAgentsColumn;
}

void SessionTreeModel::sort(int column, Qt::SortOrder order)
{
    if (!isSortable(column))
        return;
    SessionOrder next;
    next.order = order;
    switch (column) {
    case StartColumn:
        next.key = SessionOrder::Start;
        break;
    case DurationColumn:
        next.key = SessionOrder::Duration;
        break;
    case TokensColumn:
        next.key = SessionOrder::Tokens;
        break;
    default:
        next.key = SessionOrder::Cost;
        break;
    }
    if (next == m_order)
        return;
    m_order = next;
    // Projects stay (and stay expanded in the view); the loaded sessions go, and a project that had
    // some loads its first page again in the new order.
    ++m_generation;
    m_pending = 0;
    // A live update on its way is dropped with the rest; its project totals are asked for again.
    const bool liveWasRunning = m_liveRunning;
    m_liveRunning = false;
    for (const std::unique_ptr<Node>& project : m_root->children) {
        project->fetching = false;
        project->passedOver.clear();
        if (project->children.empty())
            continue;
        beginRemoveRows(indexFor(project.get()), 0, int(project->children.size()) - 1);
        project->children.clear();
        endRemoveRows();
        if (m_runner)
            fetchPage(project.get());
    }
    m_sessions.clear();
    if (liveWasRunning && m_runner) {
        // Its sessions are read again with the ones that came since.
        m_liveIds = m_liveInFlight + m_liveIds;
        m_newIds.unite(m_newInFlight);
        startLiveUpdate();
    }
}

void SessionTreeModel::apply(const ChangeNotice& notice)
{
    if (!m_runner || notice.isEmpty())
        return;
    if (notice.historyChanged) {
        reload();
        return;
    }
    for (const ChangeNotice::Session& session : notice.sessions) {
        m_liveIds.append(session.rowId);
        if (session.isNew)
            m_newIds.insert(session.rowId);
    }
    if (!m_liveRunning)
        startLiveUpdate();
}

void SessionTreeModel::startLiveUpdate()
{
    m_liveRunning = true;
    ++m_pending;
    const quint64 generation = m_generation;
    m_liveInFlight = m_liveIds;
    m_newInFlight = m_newIds;
    m_runner->run<LiveUpdate>(
        this,
        [ids = std::exchange(m_liveIds, {}), filter = m_filter, mode = m_costMode](Database& db) {
            LiveUpdate update { SessionTreeQuery::projects(db, filter),
                SessionTreeQuery::sessions(db, ids, filter, mode) };
            // Only the projects of changed sessions are summed again (with the roots above them, which the
            // rows include); the others keep the totals they have.
            QSet<qint64> touched;
            for (const SessionRow& row : std::as_const(update.sessions))
                if (row.parentRowId == 0)
                    touched.insert(row.projectId);
            ProjectRows changed;
            for (const ProjectRow& project : std::as_const(update.projects))
                if (touched.contains(project.projectId))
                    changed.append(project);
            SessionTreeQuery::addTotals(db, filter, mode, changed);
            for (ProjectRow& project : update.projects)
                for (const ProjectRow& summed : std::as_const(changed))
                    if (summed.projectId == project.projectId)
                        project = summed;
            return update;
        },
        [this, generation, newIds = std::exchange(m_newIds, {})](const LiveUpdate& update) {
            // An answer of an older generation belongs to an update that sort() or reload() already
            // replaced: the flag is the newer one's.
            if (generation != m_generation)
                return;
            m_liveRunning = false;
            applyLive(update, newIds);
            finishLoad();
            if (!m_liveIds.isEmpty())
                startLiveUpdate();
        },
        [this, generation](const QString&) {
            if (generation != m_generation)
                return;
            m_liveRunning = false;
            finishLoad();
        });
}

void SessionTreeModel::applyLive(const LiveUpdate& update, const QSet<qint64>& newIds)
{
    // The old session counts decide whether a project was loaded to its end (then a new session goes
    // where the order puts it, even at the end); the new counts come after.
    QHash<qint64, qint64> oldTotals;
    for (auto it = m_projects.cbegin(); it != m_projects.cend(); ++it)
        oldTotals.insert(it.key(), (*it)->project.sessions);
    // Parents before their sub-agents, so that a new sub-agent finds its new parent.
    SessionRows rows = update.sessions;
    std::stable_sort(rows.begin(), rows.end(),
        [](const SessionRow& a, const SessionRow& b) { return (a.parentRowId == 0) > (b.parentRowId == 0); });
    for (const SessionRow& row : std::as_const(rows))
        placeSession(row, newIds.contains(row.rowId), oldTotals);
    updateProjects(update.projects);
}

void SessionTreeModel::placeSession(const SessionRow& row, bool isNew, const QHash<qint64, qint64>& oldTotals)
{
    Node* node = m_sessions.value(row.rowId);
    if (row.parentRowId == 0) {
        placeRoot(node, row, isNew, oldTotals);
        return;
    }
    if (node) {
        updateSession(node, row);
        return;
    }
    Node* parent = m_sessions.value(row.parentRowId);
    if (!parent || !parent->childrenLoaded)
        return; // the parent's new child count comes with its own row
    const auto& children = parent->children;
    const SessionOrder chronological { SessionOrder::Start, Qt::AscendingOrder };
    const auto at = std::find_if(children.cbegin(), children.cend(),
        [&](const std::unique_ptr<Node>& child) { return chronological.lessThan(row, child->session); });
    insertChildren(parent, int(at - children.cbegin()), { row });
}

// The loaded root sessions of a project are every one up to the last loaded (pages are read after it), so
// a root session belongs among them when the order puts it there, whether it is new, was loaded or moved
// in; one that moves beyond goes, and a later page brings it back where it then is.
void SessionTreeModel::placeRoot(
    Node* node, const SessionRow& row, bool isNew, const QHash<qint64, qint64>& oldTotals)
{
    Node* project = m_projects.value(row.projectId);
    if (node && node->parent != project) { // it changed projects
        removeSession(node);
        node = nullptr;
    }
    if (!project)
        return; // a new project: updateProjects adds it, collapsed
    const auto& children = project->children;
    // With the old figures of the last row when it is this one: moving beyond where it was is leaving.
    const bool loadedToEnd = !children.empty()
        && qint64(children.size()) >= oldTotals.value(row.projectId, project->project.sessions);
    const bool inLoaded
        = loadedToEnd || (!children.empty() && !m_order.lessThan(children.back()->session, row));
    if (!inLoaded) {
        if (node)
            removeSession(node);
        if (project->fetching)
            project->passedOver.append(row.rowId);
        return;
    }
    if (node) {
        updateSession(node, row);
        return;
    }
    insertInOrder(project, { row });
    if (isNew)
        ++project->project.sessions; // counted again by updateProjects
}

void SessionTreeModel::updateProjects(const ProjectRows& projects)
{
    int inserted = 0;
    for (const ProjectRow& project : projects) {
        if (Node* node = m_projects.value(project.projectId)) {
            const ProjectRow old = node->project;
            node->project = project;
            if (!project.hasTotals) {
                node->project.hasTotals = old.hasTotals;
                node->project.tokens = old.tokens;
                node->project.cost = old.cost;
            }
            Q_EMIT dataChanged(indexFor(node, 0), indexFor(node, ColumnCount - 1));
            continue;
        }
        // A new project has the newest session: it goes first (existing rows keep their places).
        beginInsertRows({}, inserted, inserted);
        auto node = std::make_unique<Node>();
        node->parent = m_root.get();
        node->isProject = true;
        node->project = project;
        m_projects.insert(project.projectId, node.get());
        m_root->children.insert(m_root->children.begin() + inserted, std::move(node));
        m_root->renumber(size_t(inserted));
        endInsertRows();
        ++inserted;
    }
}

QVariant SessionTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node* node = nodeFor(index);
    switch (role) {
    case SessionRowIdRole:
        return node->isProject ? qint64(0) : node->session.rowId;
    case ProjectIdRole:
        return node->isProject ? node->project.projectId : node->session.projectId;
    case IsProjectRole:
        return node->isProject;
    default:
        return node->isProject ? projectData(node->project, index.column(), role)
                               : sessionData(node->session, index.column(), role);
    }
}

QVariant SessionTreeModel::projectData(const ProjectRow& project, int column, int role) const
{
    if (role == Qt::ToolTipRole && column == TitleColumn)
        return project.path.isEmpty() ? tr("Sessions that name no project directory") : project.path;
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case TitleColumn:
        return project.projectId == 0 ? tr("(no project)") : project.name;
    case SourceColumn:
        return tr("%n session(s)", nullptr, int(project.sessions));
    case TokensColumn:
        return project.hasTotals ? DisplayFormat::tokens(project.tokens) : QString();
    case CostWithSubAgentsColumn:
        return project.hasTotals ? DisplayFormat::money(project.cost) : QString();
    default:
        return {};
    }
}

QVariant SessionTreeModel::sessionData(const SessionRow& session, int column, int role) const
{
    if (role == Qt::TextAlignmentRole && column >= DurationColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        if (column == TitleColumn)
            return session.cwd.isEmpty() ? session.externalId
                                         : QString(session.externalId + QLatin1Char('\n') + session.cwd);
        if (column == CostColumn || column == TokensColumn)
            return tr("%1 tokens, %2 with sub-agents")
                .arg(DisplayFormat::tokens(session.tokensWithSubAgents),
                    DisplayFormat::money(session.costWithSubAgents));
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case TitleColumn:
        return session.title.isEmpty() ? session.externalId : session.title;
    case SourceColumn:
        return QString(session.source + QStringLiteral(" · ") + session.agent);
    case StartColumn:
        return session.firstTs ? QDateTime::fromMSecsSinceEpoch(*session.firstTs, m_timeZone)
                                     .toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                               : QString();
    case DurationColumn:
        return session.durationMs() ? DisplayFormat::duration(*session.durationMs()) : QString();
    case TokensColumn:
        return DisplayFormat::tokens(session.tokens);
    case CostColumn:
        // Every request unpriced: say so rather than $0.
        return DisplayFormat::money(session.requests > 0 && session.unpricedRequests == session.requests
                ? std::nullopt
                : std::optional<double>(session.cost));
    case CostWithSubAgentsColumn:
        return DisplayFormat::money(session.costWithSubAgents);
    default:
        return {};
    }
}

QVariant SessionTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TitleColumn:
        return tr("Session");
    case SourceColumn:
        return tr("Source · agent");
    case StartColumn:
        return tr("Start");
    case DurationColumn:
        return tr("Duration");
    case TokensColumn:
        return tr("Tokens");
    case CostColumn:
        return tr("Cost");
    case CostWithSubAgentsColumn:
        return tr("Cost incl. sub-agents");
    default:
        return {};
    }
}

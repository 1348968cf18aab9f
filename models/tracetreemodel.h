// SPDX-License-Identifier: MIT
#pragma once

#include "snapshots/tracesnapshot.h"

#include <QAbstractItemModel>

// The Traces page's tree: one root session, its sub-agents and their tool calls (TraceSnapshot), with a
// waterfall column whose bar is the node's start and length as fractions of the whole trace's span.
class TraceTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Columns
    {
        NameColumn,
        AgentColumn,
        StatusColumn,
        OffsetColumn,
        DurationColumn,
        TokensInColumn,
        TokensOutColumn,
        CostColumn,
        WaterfallColumn,
        ColumnCount
    };
    enum Roles
    {
        BarStartRole = Qt::UserRole, // double in [0, 1]; invalid when the node's start is unknown
        BarLengthRole, // double in [0, 1]; 0 for an instant or an unknown end
        OnExpensivePathRole, // bool
        KindRole, // TraceNode::Kind as int
        StatusRole, // the raw status text (completed, running, error, ...)
        AgentRole, // the raw agent name
        TotalCostRole, // double: the node and everything below it
        SessionIdRole, // a session's external id; for a tool call, the sub-agent it spawned
    };

    explicit TraceTreeModel(QObject* parent = nullptr);

    using QAbstractItemModel::setData;
    void setData(const TraceSnapshot& snapshot);
    const TraceSnapshot& snapshot() const { return m_snapshot; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const TraceNode& node, int column) const;
    int rowOf(int node) const;

    TraceSnapshot m_snapshot;
};

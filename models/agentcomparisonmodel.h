// SPDX-License-Identifier: MIT
#pragma once

#include "snapshots/dashboardsnapshot.h"

#include <QAbstractTableModel>
#include <QList>

// The agents of the dashboard's window side by side, most expensive first: one row per agent of a
// source ("main (claude)", "explore (claude)", ...).
class AgentComparisonModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        AgentColumn,
        CostColumn,
        TokensColumn,
        RequestsColumn,
        SessionsColumn,
        ColumnCount
    };
    enum Roles
    {
        ValueRole = Qt::UserRole, // the cell's number (cost as double, counts as qint64)
        SourceRole, // sources.name
    };

    explicit AgentComparisonModel(QObject* parent = nullptr);

    using QAbstractTableModel::setData;
    void setData(const DashboardSnapshot& snapshot);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<DashboardSnapshot::Agent> m_agents;
};

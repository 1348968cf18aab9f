// SPDX-License-Identifier: MIT
#pragma once

#include "snapshots/dashboardsnapshot.h"

#include <QAbstractTableModel>
#include <QList>
#include <QTimeZone>

// The root sessions with the latest activity, newest first, each with its sub-agents' usage.
class RecentSessionsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        TitleColumn,
        AgentColumn,
        CostColumn,
        TokensColumn,
        LastActivityColumn,
        ColumnCount
    };
    enum Roles
    {
        SessionIdRole = Qt::UserRole, // sessions.external_id
        ValueRole, // the cell's number (cost as double, tokens, last activity in UTC ms)
    };

    explicit RecentSessionsModel(QObject* parent = nullptr);

    using QAbstractTableModel::setData;
    void setData(const DashboardSnapshot& snapshot, const QTimeZone& timeZone);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<DashboardSnapshot::RecentSession> m_sessions;
    QTimeZone m_timeZone = QTimeZone::utc();
};

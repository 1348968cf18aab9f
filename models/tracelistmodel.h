// SPDX-License-Identifier: MIT
#pragma once

#include "snapshots/traceroot.h"

#include <QAbstractTableModel>
#include <QTimeZone>

// The Traces page's list of recent root sessions that have traces (TraceQuery::recentRoots).
class TraceListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        TitleColumn,
        AgentColumn,
        CostColumn,
        WhenColumn,
        ColumnCount
    };
    enum Roles
    {
        RowIdRole = Qt::UserRole, // sessions.id of the root
    };

    explicit TraceListModel(QObject* parent = nullptr);

    // "When" is shown in this zone (the window's PageContext::timeZone).
    void setTimeZone(const QTimeZone& zone);
    using QAbstractTableModel::setData;
    void setData(const TraceRootList& roots);
    // The row of a root, or -1.
    int rowOf(qint64 rowId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    TraceRootList m_roots;
    QTimeZone m_timeZone = QTimeZone::systemTimeZone();
};

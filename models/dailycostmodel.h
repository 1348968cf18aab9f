// SPDX-License-Identifier: MIT
#pragma once

#include "snapshots/dashboardsnapshot.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QList>

// Cost per day of the dashboard's window, split into series by model or by agent: one row per day, one
// column per series after the day. The biggest series keep their own column; the rest are summed into
// "Other", so the stacked chart stays readable.
class DailyCostModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // The series columns follow DayColumn; their number depends on the data.
    enum Columns
    {
        DayColumn,
        FirstSeriesColumn,
        ColumnCount = FirstSeriesColumn // without series
    };
    enum Roles
    {
        DateRole = Qt::UserRole, // QDate of the row
        ValueRole, // the cell's cost as a double
    };
    enum class Split
    {
        ByModel,
        ByAgent
    };
    Q_ENUM(Split)

    explicit DailyCostModel(QObject* parent = nullptr);

    using QAbstractTableModel::setData;
    void setData(const DashboardSnapshot& snapshot);
    void setSplit(Split split);
    Split split() const { return m_split; }
    // Series beyond the first topCount are summed into "Other" (default 6).
    void setTopCount(int topCount);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void rebuild();

    DashboardSnapshot m_snapshot;
    Split m_split = Split::ByModel;
    int m_topCount = 6;
    QList<DashboardSnapshot::DailySeries> m_series; // what the columns show
};

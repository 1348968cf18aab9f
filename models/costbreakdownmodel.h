// SPDX-License-Identifier: MIT
#pragma once

#include "snapshots/dashboardsnapshot.h"

#include <array>
#include <QAbstractTableModel>

// What the dashboard's window cost per token component (fresh input, output, cache read, cache write)
// at the price book's base rates: one row per component.
class CostBreakdownModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        ComponentColumn,
        TokensColumn,
        CostColumn,
        ShareColumn, // of the priced components' sum
        ColumnCount
    };
    enum Roles
    {
        ValueRole = Qt::UserRole, // the cell's number; an unpriced cost is an invalid QVariant
    };

    explicit CostBreakdownModel(QObject* parent = nullptr);

    using QAbstractTableModel::setData;
    void setData(const DashboardSnapshot& snapshot);

    static QString componentName(DashboardSnapshot::Component component);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::array<DashboardSnapshot::ComponentCost, DashboardSnapshot::ComponentCount> m_components;
    double m_total = 0;
    bool m_loaded = false;
};

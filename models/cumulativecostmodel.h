// SPDX-License-Identifier: MIT
#pragma once

#include "domain/changenotice.h"
#include "reports/reportoptions.h"
#include "snapshots/dashboardsnapshot.h"

#include <QAbstractTableModel>
#include <QList>
#include <QTimeZone>

// Today's cost, minute by minute, with the running total the live chart draws. Filled from a
// snapshot, and extended between snapshots by the requests of change notices (apply()), so the chart
// moves as soon as a request is stored, without a query.
class CumulativeCostModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        TimeColumn,
        CostColumn, // the minute's cost
        CumulativeColumn, // today's cost up to the end of the minute
        ColumnCount
    };
    enum Roles
    {
        TimeMsRole = Qt::UserRole, // the minute's start, UTC ms
        ValueRole, // the column's cost as a double
    };

    explicit CumulativeCostModel(QObject* parent = nullptr);

    using QAbstractTableModel::setData;
    void setData(const DashboardSnapshot& snapshot, const QTimeZone& timeZone);
    // Adds the requests of today that are priced in `mode` (the snapshot's) to their minutes; others are
    // left to the next snapshot.
    void apply(const QList<ChangeNotice::Usage>& usage,
        ReportOptions::CostMode mode = ReportOptions::CostMode::Auto);

    qint64 dayStartMs() const { return m_dayStartMs; }
    qint64 dayEndMs() const { return m_dayEndMs; }
    double total() const { return m_cumulative.isEmpty() ? 0 : m_cumulative.last(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void recomputeFrom(int row);

    QList<DashboardSnapshot::MinuteCost> m_minutes;
    QList<double> m_cumulative;
    qint64 m_dayStartMs = 0;
    qint64 m_dayEndMs = 0;
    QTimeZone m_timeZone = QTimeZone::utc();
};

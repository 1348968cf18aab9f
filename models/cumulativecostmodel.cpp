// SPDX-License-Identifier: MIT
#include "cumulativecostmodel.h"

#include "displayformat.h"
#include "reports/costcolumns.h"

#include <algorithm>
#include <QDateTime>
#include <QLocale>

CumulativeCostModel::CumulativeCostModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void CumulativeCostModel::setData(const DashboardSnapshot& snapshot, const QTimeZone& timeZone)
{
    beginResetModel();
    m_minutes = snapshot.todayMinutes;
    m_dayStartMs = snapshot.todayStartMs;
    m_dayEndMs = snapshot.todayEndMs;
    m_timeZone = timeZone;
    m_cumulative.resize(m_minutes.size());
    recomputeFrom(0);
    endResetModel();
}

void CumulativeCostModel::apply(const QList<ChangeNotice::Usage>& usage, ReportOptions::CostMode mode)
{
    // A notice can carry hundreds of requests: rows are inserted one by one, the running totals
    // recomputed once, and one dataChanged tells the chart, which redraws all its points on it.
    int firstChanged = -1;
    for (const ChangeNotice::Usage& request : usage) {
        const std::optional<double> cost = CostColumns::requestCost(mode, request);
        if (!cost || request.ts < m_dayStartMs || request.ts >= m_dayEndMs)
            continue;
        const qint64 minute = request.ts - request.ts % 60000;
        const auto it = std::lower_bound(m_minutes.begin(), m_minutes.end(), minute,
            [](const DashboardSnapshot::MinuteCost& entry, qint64 ms) { return entry.ms < ms; });
        const int row = int(it - m_minutes.begin());
        if (it == m_minutes.end() || it->ms != minute) {
            beginInsertRows({}, row, row);
            m_minutes.insert(row, { minute, *cost });
            m_cumulative.insert(row, row > 0 ? m_cumulative[row - 1] : 0);
            endInsertRows();
        } else {
            it->cost += *cost;
        }
        firstChanged = firstChanged < 0 ? row : std::min(firstChanged, row);
    }
    if (firstChanged < 0)
        return;
    recomputeFrom(firstChanged);
    Q_EMIT dataChanged(index(firstChanged, CostColumn), index(rowCount() - 1, CumulativeColumn));
}

void CumulativeCostModel::recomputeFrom(int row)
{
    double sum = row > 0 ? m_cumulative[row - 1] : 0;
    for (int i = row; i < m_minutes.size(); ++i) {
        sum += m_minutes[i].cost;
        m_cumulative[i] = sum;
    }
}

int CumulativeCostModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_minutes.size());
}

int CumulativeCostModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CumulativeCostModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DashboardSnapshot::MinuteCost& minute = m_minutes[index.row()];
    const double value = index.column() == CostColumn ? minute.cost : m_cumulative[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == TimeColumn)
            return QLocale().toString(
                QDateTime::fromMSecsSinceEpoch(minute.ms, m_timeZone).time(), QStringLiteral("HH:mm"));
        return DisplayFormat::money(value);
    case TimeMsRole:
        return minute.ms;
    case ValueRole:
        return index.column() == TimeColumn ? QVariant() : QVariant(value);
    default:
        return {};
    }
}

QVariant CumulativeCostModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case CostColumn:
        return tr("Cost");
    case CumulativeColumn:
        return tr("Today so far");
    default:
        return {};
    }
}

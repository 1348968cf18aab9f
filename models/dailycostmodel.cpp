// SPDX-License-Identifier: MIT
#include "dailycostmodel.h"

#include "displayformat.h"

#include <QLocale>

DailyCostModel::DailyCostModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void DailyCostModel::setData(const DashboardSnapshot& snapshot)
{
    m_snapshot = snapshot;
    rebuild();
}

void DailyCostModel::setSplit(Split split)
{
    if (split == m_split)
        return;
    m_split = split;
    rebuild();
}

void DailyCostModel::setTopCount(int topCount)
{
    if (topCount == m_topCount || topCount < 1)
        return;
    m_topCount = topCount;
    rebuild();
}

void DailyCostModel::rebuild()
{
    beginResetModel();
    const QList<DashboardSnapshot::DailySeries>& all
        = m_split == Split::ByModel ? m_snapshot.dailyByModel : m_snapshot.dailyByAgent;
    // One "Other" column only pays off when it replaces at least two series.
    const bool fold = all.size() > m_topCount + 1;
    m_series = fold ? all.mid(0, m_topCount) : all;
    if (fold) {
        DashboardSnapshot::DailySeries other { tr("Other"), QList<double>(DashboardSnapshot::kDailyDays) };
        for (qsizetype i = m_topCount; i < all.size(); ++i)
            for (qsizetype day = 0; day < all[i].costs.size(); ++day)
                other.costs[day] += all[i].costs[day];
        m_series.append(other);
    }
    endResetModel();
}

int DailyCostModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_snapshot.firstDay.isValid() ? 0 : DashboardSnapshot::kDailyDays;
}

int DailyCostModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : FirstSeriesColumn + int(m_series.size());
}

QVariant DailyCostModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QDate date = m_snapshot.firstDay.addDays(index.row());
    if (role == DateRole)
        return date;
    if (index.column() == DayColumn)
        return role == Qt::DisplayRole ? QVariant(QLocale().toString(date, QLocale::ShortFormat))
                                       : QVariant();
    const double cost = m_series[index.column() - FirstSeriesColumn].costs.value(index.row());
    if (role == Qt::DisplayRole)
        return DisplayFormat::money(cost);
    if (role == ValueRole)
        return cost;
    return {};
}

QVariant DailyCostModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= columnCount())
        return {};
    if (section == DayColumn)
        return tr("Day");
    return m_series[section - FirstSeriesColumn].name;
}

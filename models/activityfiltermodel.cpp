// SPDX-License-Identifier: MIT
#include "activityfiltermodel.h"

#include "activitymodel.h"

ActivityFilterModel::ActivityFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{ }

void ActivityFilterModel::setEventType(const QString& type)
{
    m_filter.eventTypes = type.isEmpty() ? QStringList() : QStringList { type };
    invalidateFilter();
}

void ActivityFilterModel::setAgent(const QString& agent)
{
    m_filter.agent = agent;
    invalidateFilter();
}

void ActivityFilterModel::setModel(const QString& model)
{
    m_filter.model = model;
    invalidateFilter();
}

bool ActivityFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const auto* activity = qobject_cast<const ActivityModel*>(sourceModel());
    return !sourceParent.isValid() && activity && m_filter.accepts(activity->item(sourceRow));
}

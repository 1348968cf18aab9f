// SPDX-License-Identifier: MIT
#pragma once

#include "snapshots/activityfilter.h"

#include <QSortFilterProxyModel>

// The Activity page's filters over an ActivityModel: one event type, agent and model (empty: any), with
// the same meaning as the API's activity filters (ActivityFilter).
class ActivityFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ActivityFilterModel(QObject* parent = nullptr);

    void setEventType(const QString& type);
    void setAgent(const QString& agent);
    void setModel(const QString& model);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    ActivityFilter m_filter;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "snapshots/activitysnapshot.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QTimeZone>

struct ChangeNotice;

// The Activity page's feed: activity items newest first, bounded (the oldest rows are dropped when
// live items push it past its capacity). setData() shows what a query read; apply() adds what live
// ingest reported since, in the feed's order, and refreshes the rows it updated.
class ActivityModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        TimeColumn,
        TypeColumn,
        SourceColumn,
        AgentColumn,
        ModelColumn,
        TokensColumn,
        CostColumn,
        LatencyColumn,
        SessionColumn,
        MessageColumn,
        ColumnCount
    };
    enum Roles
    {
        TypeRole = Qt::UserRole, // the raw event type
        AgentRole, // the raw agent name
        ModelRole, // the raw model name
        RidRole, // the view's unique id of the item
    };

    static constexpr int kDefaultCapacity = 5000;

    explicit ActivityModel(QObject* parent = nullptr);

    void setCapacity(int rows); // drops the oldest rows beyond it at once
    void setTimeZone(const QTimeZone& zone);

    using QAbstractTableModel::setData;
    void setData(const ActivitySnapshot& snapshot);
    // Items already shown (by rid) are not added again: a notice may overlap the query that filled the
    // model.
    void apply(const ActivitySnapshot& snapshot);
    void apply(const ChangeNotice& notice);

    const ActivityItem& item(int row) const { return m_items.at(row); }
    // The distinct non-empty values of a column's raw role (TypeRole, AgentRole, ModelRole), sorted.
    QStringList distinctValues(Roles role) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void insert(const QList<ActivityItem>& newestFirst);
    void trim();

    QList<ActivityItem> m_items; // newest first
    QSet<QString> m_rids;
    int m_capacity = kDefaultCapacity;
    QTimeZone m_timeZone = QTimeZone::systemTimeZone();
};

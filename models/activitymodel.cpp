// SPDX-License-Identifier: MIT
#include "activitymodel.h"

#include "displayformat.h"
#include "snapshots/activityfeed.h"

#include <algorithm>
#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace {

// The feed's order, the activity view's: newest first, then the higher rid.
bool newerThan(const ActivityItem& a, const ActivityItem& b)
{
    return a.ts != b.ts ? a.ts > b.ts : a.rid > b.rid;
}

} // namespace

ActivityModel::ActivityModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void ActivityModel::setCapacity(int rows)
{
    m_capacity = qMax(1, rows);
    trim();
}

void ActivityModel::setTimeZone(const QTimeZone& zone)
{
    m_timeZone = zone;
    if (!m_items.isEmpty())
        Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), { Qt::DisplayRole });
}

void ActivityModel::setData(const ActivitySnapshot& snapshot)
{
    beginResetModel();
    m_items = snapshot.items.mid(0, m_capacity);
    m_rids.clear();
    for (const ActivityItem& item : std::as_const(m_items))
        m_rids.insert(item.rid);
    endResetModel();
}

void ActivityModel::apply(const ChangeNotice& notice)
{
    apply(ActivityFeed::fromNotice(notice));
}

void ActivityModel::apply(const ActivitySnapshot& snapshot)
{
    for (const ActivityItem& updated : snapshot.updated) {
        if (!m_rids.contains(updated.rid))
            continue;
        for (int row = 0; row < m_items.size(); ++row) {
            if (m_items.at(row).rid == updated.rid) {
                m_items[row] = updated;
                Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
                break;
            }
        }
    }
    QList<ActivityItem> fresh;
    for (const ActivityItem& item : snapshot.items) {
        if (!m_rids.contains(item.rid))
            fresh.append(item);
    }
    insert(fresh);
    trim();
}

void ActivityModel::insert(const QList<ActivityItem>& newestFirst)
{
    // Live items are almost always newer than everything shown: one block at the top. An item from
    // a source that caught up late goes where a fresh query would put it.
    qsizetype first = 0;
    while (first < newestFirst.size()
        && (m_items.isEmpty() || newerThan(newestFirst.at(first), m_items.first())))
        ++first;
    if (first > 0) {
        beginInsertRows({}, 0, int(first) - 1);
        m_items = newestFirst.mid(0, first) + m_items;
        for (qsizetype i = 0; i < first; ++i)
            m_rids.insert(newestFirst.at(i).rid);
        endInsertRows();
    }
    for (qsizetype i = first; i < newestFirst.size(); ++i) {
        const ActivityItem& item = newestFirst.at(i);
        const int row
            = int(std::lower_bound(m_items.cbegin(), m_items.cend(), item, newerThan) - m_items.cbegin());
        if (row >= m_capacity)
            continue; // older than everything the feed keeps
        beginInsertRows({}, row, row);
        m_items.insert(row, item);
        m_rids.insert(item.rid);
        endInsertRows();
    }
}

void ActivityModel::trim()
{
    if (m_items.size() <= m_capacity)
        return;
    beginRemoveRows({}, m_capacity, int(m_items.size()) - 1);
    for (qsizetype i = m_capacity; i < m_items.size(); ++i)
        m_rids.remove(m_items.at(i).rid);
    m_items.resize(m_capacity);
    endRemoveRows();
}

QStringList ActivityModel::distinctValues(Roles role) const
{
    QSet<QString> values;
    for (int row = 0; row < m_items.size(); ++row) {
        const QString value = data(index(row, 0), role).toString();
        if (!value.isEmpty())
            values.insert(value);
    }
    QStringList sorted(values.cbegin(), values.cend());
    sorted.sort(Qt::CaseInsensitive);
    return sorted;
}

int ActivityModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ActivityModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ActivityModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ActivityItem& item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(item.ts, m_timeZone)
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case TypeColumn:
            return item.eventType;
        case SourceColumn:
            return item.source;
        case AgentColumn:
            return item.agent;
        case ModelColumn:
            return item.requestedModel.isEmpty() || item.requestedModel == item.model
                ? item.model
                : tr("%1 (asked for %2)").arg(item.model, item.requestedModel);
        case TokensColumn:
            return item.tokens ? DisplayFormat::tokens(*item.tokens) : QString();
        case CostColumn:
            // An error costs nothing; a request without a cost is unpriced.
            return item.tokens ? DisplayFormat::money(item.cost) : QString();
        case LatencyColumn:
            return item.latencyMs ? DisplayFormat::duration(*item.latencyMs) : QString();
        case SessionColumn:
            return item.sessionId;
        case MessageColumn:
            return item.message.section(QLatin1Char('\n'), 0, 0);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return index.column() == MessageColumn && !item.message.isEmpty() ? QVariant(item.message)
                                                                          : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() >= TokensColumn && index.column() <= LatencyColumn
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    case Qt::ForegroundRole:
        return item.eventType == QLatin1String("error") ? QVariant(QBrush(QColor(200, 40, 40))) : QVariant();
    case TypeRole:
        return item.eventType;
    case AgentRole:
        return item.agent;
    case ModelRole:
        return item.model;
    case RidRole:
        return item.rid;
    default:
        return {};
    }
}

QVariant ActivityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case TypeColumn:
        return tr("Type");
    case SourceColumn:
        return tr("Source");
    case AgentColumn:
        return tr("Agent");
    case ModelColumn:
        return tr("Model");
    case TokensColumn:
        return tr("Tokens");
    case CostColumn:
        return tr("Cost");
    case LatencyColumn:
        return tr("Latency");
    case SessionColumn:
        return tr("Session");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

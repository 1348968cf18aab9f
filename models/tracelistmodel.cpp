// SPDX-License-Identifier: MIT
#include "tracelistmodel.h"

#include "displayformat.h"

#include <QDateTime>

TraceListModel::TraceListModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void TraceListModel::setTimeZone(const QTimeZone& zone)
{
    m_timeZone = zone;
    if (!m_roots.isEmpty())
        Q_EMIT dataChanged(index(0, WhenColumn), index(rowCount() - 1, WhenColumn), { Qt::DisplayRole });
}

void TraceListModel::setData(const TraceRootList& roots)
{
    beginResetModel();
    m_roots = roots;
    endResetModel();
}

int TraceListModel::rowOf(qint64 rowId) const
{
    for (int row = 0; row < m_roots.size(); ++row) {
        if (m_roots.at(row).rowId == rowId)
            return row;
    }
    return -1;
}

int TraceListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_roots.size());
}

int TraceListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TraceListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const TraceRoot& root = m_roots.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TitleColumn:
            return root.title.isEmpty() ? root.sessionId : root.title;
        case AgentColumn:
            return QString(root.source + QLatin1Char('/') + root.agent);
        case CostColumn:
            return DisplayFormat::money(root.totalCost);
        case WhenColumn:
            return root.lastTs ? QDateTime::fromMSecsSinceEpoch(*root.lastTs, m_timeZone)
                                     .toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                               : QString();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return QString(tr("%1\n%n sub-agent(s), ", nullptr, int(root.subAgents)).arg(root.sessionId)
            + tr("%n tool call(s)", nullptr, int(root.toolCalls)));
    case Qt::TextAlignmentRole:
        return index.column() == CostColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case RowIdRole:
        return root.rowId;
    default:
        return {};
    }
}

QVariant TraceListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TitleColumn:
        return tr("Session");
    case AgentColumn:
        return tr("Agent");
    case CostColumn:
        return tr("Cost");
    case WhenColumn:
        return tr("Last active");
    default:
        return {};
    }
}

// SPDX-License-Identifier: MIT
#include "tracetreemodel.h"

#include "displayformat.h"

#include <QBrush>
#include <QColor>
#include <QFont>

TraceTreeModel::TraceTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{ }

void TraceTreeModel::setData(const TraceSnapshot& snapshot)
{
    beginResetModel();
    m_snapshot = snapshot;
    endResetModel();
}

// An index's internal id is its node's position in the snapshot's pre-order list.
QModelIndex TraceTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row == 0 && !m_snapshot.isEmpty() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    const QList<int>& children = m_snapshot.nodes.at(int(parent.internalId())).children;
    return row < children.size() ? createIndex(row, column, quintptr(children.at(row))) : QModelIndex();
}

QModelIndex TraceTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    const int parentNode = m_snapshot.nodes.at(int(child.internalId())).parent;
    return parentNode < 0 ? QModelIndex() : createIndex(rowOf(parentNode), 0, quintptr(parentNode));
}

int TraceTreeModel::rowOf(int node) const
{
    const int parentNode = m_snapshot.nodes.at(node).parent;
    return parentNode < 0 ? 0 : int(m_snapshot.nodes.at(parentNode).children.indexOf(node));
}

int TraceTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return m_snapshot.isEmpty() ? 0 : 1;
    if (parent.column() != 0)
        return 0;
    return int(m_snapshot.nodes.at(int(parent.internalId())).children.size());
}

int TraceTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant TraceTreeModel::display(const TraceNode& node, int column) const
{
    const bool isSession = node.kind == TraceNode::Session;
    switch (column) {
    case NameColumn:
        return node.name;
    case AgentColumn:
        return isSession ? node.agent : tr("tool call");
    case StatusColumn:
        return node.status;
    case OffsetColumn:
        return node.offsetMs ? QStringLiteral("+") + DisplayFormat::duration(*node.offsetMs) : QString();
    case DurationColumn:
        return node.durationMs ? DisplayFormat::duration(*node.durationMs) : QString();
    case TokensInColumn:
        return isSession ? DisplayFormat::tokens(node.tokensIn) : QString();
    case TokensOutColumn:
        return isSession ? DisplayFormat::tokens(node.tokensOut) : QString();
    case CostColumn:
        return node.cost ? DisplayFormat::money(node.cost) : QString();
    default:
        return {};
    }
}

QVariant TraceTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const TraceNode& node = m_snapshot.nodes.at(int(index.internalId()));
    const qint64 span = m_snapshot.spanMs();
    switch (role) {
    case Qt::DisplayRole:
        return display(node, index.column());
    case Qt::ToolTipRole:
        if (index.column() == CostColumn)
            return tr("%1 including everything below it").arg(DisplayFormat::money(node.totalCost));
        if (index.column() == WaterfallColumn)
            return tr("Starts %1, lasts %2")
                .arg(display(node, OffsetColumn).toString(), display(node, DurationColumn).toString());
        return {};
    case Qt::TextAlignmentRole:
        return index.column() >= OffsetColumn && index.column() <= CostColumn
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    case Qt::FontRole:
        if (node.onExpensivePath) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::BackgroundRole:
        // A light amber, readable with dark and light text alike.
        return node.onExpensivePath ? QVariant(QBrush(QColor(255, 193, 7, 48))) : QVariant();
    case Qt::ForegroundRole:
        return node.status == QLatin1String("error") ? QVariant(QBrush(QColor(200, 40, 40))) : QVariant();
    case BarStartRole:
        if (!node.offsetMs)
            return {};
        return span > 0 ? double(*node.offsetMs) / double(span) : 0.0;
    case BarLengthRole:
        return span > 0 && node.durationMs ? qBound(0.0, double(*node.durationMs) / double(span), 1.0) : 0.0;
    case OnExpensivePathRole:
        return node.onExpensivePath;
    case KindRole:
        return int(node.kind);
    case StatusRole:
        return node.status;
    case AgentRole:
        return node.agent;
    case TotalCostRole:
        return node.totalCost;
    case SessionIdRole:
        return node.sessionId;
    default:
        return {};
    }
}

QVariant TraceTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case AgentColumn:
        return tr("Agent / type");
    case StatusColumn:
        return tr("Status");
    case OffsetColumn:
        return tr("Start");
    case DurationColumn:
        return tr("Duration");
    case TokensInColumn:
        return tr("Tokens in");
    case TokensOutColumn:
        return tr("Tokens out");
    case CostColumn:
        return tr("Cost");
    case WaterfallColumn:
        return tr("Waterfall");
    default:
        return {};
    }
}

// SPDX-License-Identifier: MIT
#include "waterfalldelegate.h"

#include "snapshots/tracenode.h"
#include "tracetreemodel.h"

#include <QApplication>
#include <QPainter>

namespace {
constexpr int kMinimumBarWidth = 2; // an instant still shows
}

QColor WaterfallDelegate::barColor(const QModelIndex& index)
{
    const QString status = index.data(TraceTreeModel::StatusRole).toString();
    QColor color;
    if (status == QLatin1String("error") || status == QLatin1String("interrupted"))
        color = QColor(211, 47, 47);
    else if (status == QLatin1String("running") || status == QLatin1String("pending"))
        color = QColor(25, 118, 210);
    else // one stable hue per agent, so that the same sub-agent type looks alike in every trace
        color = QColor::fromHsv(int(qHash(index.data(TraceTreeModel::AgentRole).toString()) % 360), 140, 190);
    if (index.data(TraceTreeModel::KindRole).toInt() == TraceNode::ToolCall)
        color = color.lighter(130);
    return color;
}

void WaterfallDelegate::paint(
    QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QVariant start = index.data(TraceTreeModel::BarStartRole);
    if (index.column() != TraceTreeModel::WaterfallColumn || !start.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The cell's background (selection, expensive-path highlight) as usual, then the bar over it.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QStyle* style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

    const QRect cell = option.rect.adjusted(2, 0, -2, 0);
    const double length = index.data(TraceTreeModel::BarLengthRole).toDouble();
    // An instant at the very end of the trace still gets its thin bar inside the cell.
    const int x
        = qMin(cell.left() + int(start.toDouble() * cell.width()), cell.right() - kMinimumBarWidth + 1);
    const int width = qBound(kMinimumBarWidth, int(length * cell.width()), cell.right() - x + 1);
    const int height = qMax(4, cell.height() * 3 / 5);
    const QRect bar(x, cell.top() + (cell.height() - height) / 2, width, height);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->fillRect(bar, barColor(index));
    if (index.data(TraceTreeModel::OnExpensivePathRole).toBool()) {
        painter->setPen(QPen(QColor(230, 126, 0), 2));
        painter->drawRect(bar.adjusted(1, 1, -1, -1));
    }
    painter->restore();
}

QSize WaterfallDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() == TraceTreeModel::WaterfallColumn)
        size.setWidth(qMax(size.width(), 240));
    return size;
}

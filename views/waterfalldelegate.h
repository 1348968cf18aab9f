// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

// Paints a trace node's waterfall bar (TraceTreeModel's BarStartRole and BarLengthRole) across its
// cell: coloured by status (errors red, running blue) or else by agent, tool calls lighter than agent
// invocations, and the most expensive path outlined.
class WaterfallDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(
        QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The bar's fill for a node (public so that a legend or a test can name it).
    static QColor barColor(const QModelIndex& index);
};

// SPDX-License-Identifier: MIT
#include "modeldump.h"

#include <QAbstractItemModel>

namespace {
void dumpRows(const QAbstractItemModel& model, const QModelIndex& parent, int depth, int maxDepth, int role,
    QStringList& lines)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        QStringList cells;
        for (int column = 0; column < model.columnCount(parent); ++column)
            cells += model.index(row, column, parent).data(role).toString();
        lines += QString(depth * 2, QLatin1Char(' ')) + cells.join(QStringLiteral(" | "));
        if (depth + 1 < maxDepth)
            dumpRows(model, model.index(row, 0, parent), depth + 1, maxDepth, role, lines);
    }
}
} // namespace

QStringList ModelDump::dump(
    const QAbstractItemModel& model, const QModelIndex& parent, int maxDepth, int role)
{
    QStringList lines;
    dumpRows(model, parent, 0, maxDepth, role, lines);
    return lines;
}

QModelIndex ModelDump::find(const QAbstractItemModel& model, const QString& text, const QModelIndex& parent)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        if (index.data().toString() == text)
            return index;
    }
    return {};
}

// SPDX-License-Identifier: MIT
#pragma once

#include <QModelIndex>
#include <QStringList>

class QAbstractItemModel;

// A text dump of a model for model tests (qt-notes.md §6: QAbstractItemModelTester does not see rows
// added without signals, a dump does). One line per row, children indented by two spaces per level,
// columns joined with " | " from their DisplayRole. Rows that can be fetched are not fetched: a lazy
// model dumps what it has loaded.
class ModelDump
{
public:
    static QStringList dump(const QAbstractItemModel& model, const QModelIndex& parent = {},
        int maxDepth = 16, int role = Qt::DisplayRole);
    // The first loaded row below parent whose first column shows `text`; invalid when there is none.
    static QModelIndex find(
        const QAbstractItemModel& model, const QString& text, const QModelIndex& parent = {});
};

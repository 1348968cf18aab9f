// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

// A project of the Sessions tree with the totals of its root sessions that pass the filter (their
// sub-agents included). Sessions without a project are one row with projectId 0. The totals come from a
// second, slower query (SessionTreeQuery::addTotals): until then hasTotals is false.
struct ProjectRow
{
    qint64 projectId = 0;
    QString name; // empty for projectId 0
    QString path;
    qint64 sessions = 0; // root sessions that pass the filter: what paging fetches
    bool hasTotals = false;
    qint64 tokens = 0;
    double cost = 0;
};
Q_DECLARE_METATYPE(ProjectRow)
using ProjectRows = QList<ProjectRow>;

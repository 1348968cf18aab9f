// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QList>
#include <QMetaType>
#include <QString>

// A root session that has a trace (sub-agents or tool calls): a row of the Traces page's list.
struct TraceRoot
{
    qint64 rowId = 0; // sessions.id
    QString sessionId; // external id
    QString source;
    QString agent;
    QString title; // empty when the source recorded none
    std::optional<qint64> firstTs;
    std::optional<qint64> lastTs;
    qint64 subAgents = 0; // sessions below it, at any depth
    qint64 toolCalls = 0; // made by it and its sub-agents
    double totalCost = 0; // it and its sub-agents
};
using TraceRootList = QList<TraceRoot>;
Q_DECLARE_METATYPE(TraceRootList)

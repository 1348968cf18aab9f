// SPDX-License-Identifier: MIT
#pragma once

#include "tracenode.h"

#include <algorithm>
#include <QMetaType>

// The trace of one root session for the Traces page (TraceQuery::load): its sub-agent sessions at any
// depth and the tool calls each made, as a tree stored in pre-order (a parent before its children;
// nodes[0] is the root). A tool call that spawned a sub-agent holds that sub-agent's session as its
// child. The most expensive path runs from the root through, at each level, the child with the highest
// cost including its descendants, and stops where no child costs anything.
struct TraceSnapshot
{
    QList<TraceNode> nodes;
    // The span every node's bar is drawn against: from the earliest start to the latest end.
    std::optional<qint64> spanStart;
    std::optional<qint64> spanEnd;

    bool isEmpty() const { return nodes.isEmpty(); }
    qint64 spanMs() const { return spanStart && spanEnd ? *spanEnd - *spanStart : 0; }
    qint64 toolCallCount() const
    {
        return std::count_if(nodes.cbegin(), nodes.cend(),
            [](const TraceNode& node) { return node.kind == TraceNode::ToolCall; });
    }
    qint64 sessionCount() const { return nodes.size() - toolCallCount(); }
};
Q_DECLARE_METATYPE(TraceSnapshot)

// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QList>
#include <QString>

// One node of a trace tree (TraceSnapshot): an agent invocation (the root session or a sub-agent
// session) or a tool call that a session made. Times are UTC milliseconds.
struct TraceNode
{
    enum Kind
    {
        Session,
        ToolCall
    };
    Kind kind = Session;
    int parent = -1; // index in TraceSnapshot::nodes; -1 for the root
    QList<int> children; // indices, in the order they started (unknown starts last)
    int depth = 0;

    QString name; // session: its title, else its first prompt, else its id; tool call: the tool's name
    QString agent; // the agent that ran it ('main' or a sub-agent type); for a tool call, its session's
    QString status; // completed, running, error, ... as the source recorded it
    QString sessionId; // session: its external id; tool call: the external id of the sub-agent it spawned
    std::optional<qint64> start;
    std::optional<qint64> end;
    std::optional<qint64> durationMs;
    std::optional<qint64> offsetMs; // start - TraceSnapshot::spanStart
    qint64 tokensIn = 0;
    qint64 tokensOut = 0;
    std::optional<double> cost; // a session's own requests; a tool call has none
    double totalCost = 0; // with everything below the node
    bool onExpensivePath = false;
};

// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QList>
#include <QMetaType>
#include <QString>

// One session of the Sessions tree (a root session or a sub-agent session), with its own totals and
// those of its whole sub-agent tree.
struct SessionRow
{
    qint64 rowId = 0; // sessions.id
    qint64 parentRowId = 0; // 0: a root session
    qint64 projectId = 0; // 0: no project
    QString externalId;
    QString source;
    QString agent; // 'main' or a sub-agent type
    QString title;
    QString cwd;
    std::optional<qint64> firstTs;
    std::optional<qint64> lastTs;
    // The session's own usage.
    qint64 requests = 0;
    qint64 tokens = 0;
    double cost = 0;
    qint64 unpricedRequests = 0;
    // With every sub-agent session below it, at any depth.
    qint64 tokensWithSubAgents = 0;
    double costWithSubAgents = 0;
    qint64 childCount = 0; // direct sub-agent sessions

    std::optional<qint64> durationMs() const
    {
        return firstTs && lastTs ? std::optional<qint64>(*lastTs - *firstTs) : std::nullopt;
    }
};
Q_DECLARE_METATYPE(SessionRow)
using SessionRows = QList<SessionRow>;

// SPDX-License-Identifier: MIT
#pragma once

#include "activityitem.h"

#include <optional>
#include <QString>
#include <QStringList>

// Which activity items a reader wants: the API's /api/activity and /api/stream filters and the window's
// Activity page use the same one, so the feed means the same everywhere.
struct ActivityFilter
{
    QStringList eventTypes; // empty: every type
    QString agent; // exact agent name; empty: any
    QString model; // exact model; empty: any
    std::optional<qint64> sinceMs; // items at or after this UTC time; none: all time

    // api_call, cache_hit, cache_miss, model_override, error: the seed's event types.
    static const QStringList& allEventTypes()
    {
        static const QStringList types = { QStringLiteral("api_call"), QStringLiteral("cache_hit"),
            QStringLiteral("cache_miss"), QStringLiteral("model_override"), QStringLiteral("error") };
        return types;
    }

    bool selectsEverything() const
    {
        return eventTypes.isEmpty() && agent.isEmpty() && model.isEmpty() && !sinceMs;
    }
    // Whether the view's errors arm (agent_events), or its requests arm (usage_records), can pass.
    bool readsErrors() const { return eventTypes.isEmpty() || eventTypes.contains(QLatin1String("error")); }
    bool readsRequests() const { return eventTypes.isEmpty() || eventTypes.size() > (readsErrors() ? 1 : 0); }

    bool accepts(const ActivityItem& item) const
    {
        return (eventTypes.isEmpty() || eventTypes.contains(item.eventType))
            && (agent.isEmpty() || item.agent == agent) && (model.isEmpty() || item.model == model)
            && (!sinceMs || item.ts >= *sinceMs);
    }
};

// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QString>

// One item of the activity feed, as the `activity` view (0003_activity.sql) gives it: a billed request
// (api_call, cache_hit, cache_miss, model_override) or an error an agent recorded. Times are UTC ms.
struct ActivityItem
{
    QString rid; // the view's: 'u' + usage_records.id or 'e' + agent_events.id; unique in the feed
    qint64 ts = 0;
    QString eventType;
    QString source;
    QString sessionId; // external id
    QString agent; // empty when neither the item nor its session named one
    QString model;
    QString requestedModel;
    std::optional<qint64> tokens; // requests only: every input and output token
    std::optional<double> cost; // logged, else computed; empty: an error, or unpriced
    std::optional<qint64> latencyMs;
    QString message; // errors only; empty with --no-content
};

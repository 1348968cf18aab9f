// SPDX-License-Identifier: MIT
#pragma once

#include "activityquery.h"
#include "projectmetrics.h"

#include <memory>
#include <optional>
#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

class ApiContext;
class MachineStats;

// The frames of GET /api/stream (analytics-stream-api.md): event `analytics`, data {project, machine,
// activity}. A subscriber's options (a pinned project, activity filters) are its variant in the SSE hub;
// the hub asks for one frame per variant and tick, and frames are kept for most of an interval, so a
// frame is computed at most about once per interval however many clients listen. Used on the API
// thread only (the hub's timer and subscriptions run there).
class AnalyticsStream
{
public:
    static constexpr int kActivityItems = 20;

    struct Options
    {
        std::optional<ProjectMetrics::Ref> project; // none: the most recently active project
        ActivityQuery::Filter filter;
    };

    AnalyticsStream(ApiContext& context, std::shared_ptr<MachineStats> machine);

    // The hub's variant for a subscriber's options, and back. The variant carries the options
    // themselves, so no table of subscribers' options is needed.
    static QString variant(const Options& options);
    static Options options(const QString& variant);

    // A whole SSE frame for a variant, from the cache when younger than 3/4 of the interval (a new
    // subscriber shortly after a tick shares the tick's frame; the next tick always computes anew).
    QByteArray frame(const QString& variant);

private:
    struct Cached
    {
        QElapsedTimer age;
        QByteArray frame;
        // The database part of the frame and the data version it was read at: while nothing is
        // committed, a tick only measures the machine again.
        qint64 dataVersion = -1;
        QJsonValue project;
        QJsonArray activity;
    };

    // The frame's data object; reuses `previous`'s database part when the data version is the same,
    // and leaves the new one in `next`.
    QJsonObject compute(const Options& options, const Cached* previous, Cached* next);

    ApiContext& m_context;
    std::shared_ptr<MachineStats> m_machine;
    QHash<QString, Cached> m_cache;
};

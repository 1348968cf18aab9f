// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QList>
#include <QMetaType>
#include <QString>

// What changed in the store since the previous notice (ChangeFeed::poll()): the value that crosses
// from the ingest worker to the API's event hub, the tray and the window's models (architecture.md §2).
// Lists are capped (ChangeFeed::Options::maxItems): each holds the newest entries, and the counts carry
// the true totals, because one pass over a large archive can add millions of rows. Times are UTC
// milliseconds since the epoch; ids are the store's row ids.
struct ChangeNotice
{
    // One billed request: a row of usage_records, with what the activity view says about it.
    struct Usage
    {
        qint64 id = 0; // usage_records.id
        qint64 ts = 0;
        QString source; // sources.name: claude, codex, ...
        QString sessionId; // sessions.external_id
        QString sessionTitle;
        QString agent; // the request's agent, else its session's ('main', a sub-agent type)
        QString model;
        QString requestedModel; // empty unless the source recorded one
        QString eventType; // activity.event_type: api_call, cache_hit, cache_miss, model_override
        qint64 tokensIn = 0; // fresh input + cache read + cache writes
        qint64 tokensOut = 0; // output + reasoning
        qint64 tokensTotal = 0;
        std::optional<double> cost; // logged cost, else computed; empty = unpriced
        // Both costs, so that the window can show the one its cost mode asks for.
        std::optional<double> loggedCost;
        std::optional<double> computedCost;
        std::optional<qint64> latencyMs; // empty = not recorded
    };
    // An API error or retry an agent recorded (agent_events).
    struct Event
    {
        qint64 id = 0; // agent_events.id
        qint64 ts = 0;
        QString source;
        QString sessionId;
        QString agent;
        QString model;
        QString kind; // error, retry
        QString message; // empty with --no-content
        std::optional<int> retryAttempt;
    };
    // A session with new or changed rows, with its totals after the change (its own usage, sub-agents
    // excluded, as in the session_totals view).
    struct Session
    {
        qint64 rowId = 0; // sessions.id
        QString sessionId; // sessions.external_id
        QString source;
        QString title;
        QString parentSessionId; // empty for a root session
        QString agent;
        std::optional<qint64> firstTs;
        std::optional<qint64> lastTs;
        qint64 requests = 0;
        qint64 tokensIn = 0;
        qint64 tokensOut = 0;
        qint64 tokensTotal = 0;
        double cost = 0; // auto cost: logged when present, else computed
        qint64 unpricedRequests = 0;
        bool isNew = false; // the session row did not exist at the previous notice
    };

    qint64 sequence = 0; // 1, 2, ... per feed: the notices' order

    // New rows, oldest first; at most the newest maxItems of each.
    QList<Usage> usage;
    // Rows reported earlier whose numbers changed since: the store replaces a request by a better copy
    // in place (same id), e.g. Claude's streamed copies whose output grows. Only the most recently
    // reported rows are watched for this (ChangeFeed::Options::recheckRows).
    QList<Usage> usageUpdated;
    QList<Event> events;
    // Sessions with new or replaced requests, new errors, new rows, or a later last_ts; newest last_ts
    // last.
    QList<Session> sessions;

    // True totals; each is at least the size of its list.
    qint64 usageCount = 0;
    qint64 usageUpdatedCount = 0;
    qint64 eventCount = 0;
    qint64 sessionCount = 0;
    qint64 newSessionCount = 0;
    // The time span of the new and updated requests and events (not only of the listed ones): which
    // days a chart must refresh. Empty when there are none.
    std::optional<qint64> minTs;
    std::optional<qint64> maxTs;
    // Set when more than the lists say may have changed (every stored request was re-priced with a new
    // price book): refresh everything.
    bool historyChanged = false;

    // The store's highest ids after this notice: a consumer can query "newer than" from here.
    qint64 usageWatermark = 0;
    qint64 eventWatermark = 0;
    qint64 sessionWatermark = 0;

    bool isEmpty() const
    {
        return usageCount == 0 && usageUpdatedCount == 0 && eventCount == 0 && sessionCount == 0
            && !historyChanged;
    }
    // Whether a list holds fewer entries than its count.
    bool isTruncated() const
    {
        return usage.size() < usageCount || usageUpdated.size() < usageUpdatedCount
            || events.size() < eventCount || sessions.size() < sessionCount;
    }
};
Q_DECLARE_METATYPE(ChangeNotice)

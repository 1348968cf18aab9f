// SPDX-License-Identifier: MIT
#pragma once

#include "domain/changenotice.h"

#include <map>
#include <QByteArray>
#include <vector>

class Database;

// Turns "the store changed" into a ChangeNotice of what changed, by watermarks: the highest
// usage_records, agent_events and sessions ids already reported, and the latest sessions.last_ts.
// Ids only grow and writers are serialised (one write transaction at a time, in any process), so the
// rows above a watermark are exactly the rows committed since. Reads run in one read transaction, so a
// notice is a consistent snapshot even while the writer commits.
//
// Replaced requests: the store keeps the better of two copies of a request by updating the stored row
// in place (same id; UsageStore::store). A watermark cannot see that, so the feed remembers the numbers
// of the newest recheckRows rows and reports those that changed in usageUpdated (with their sessions).
// A replacement of an older row is not reported (a re-read of an old file, where the totals of the
// sessions it touched are the best hint, and those come with any new row in the same session).
//
// Not thread-safe: used by the thread that opened the (read-only) Database.
class ChangeFeed
{
public:
    struct Options
    {
        qsizetype maxItems = 500; // per list of a notice
        qint64 recheckRows = 512; // newest rows watched for in-place replacement
    };
    struct Watermarks
    {
        qint64 usage = 0;
        qint64 event = 0;
        qint64 session = 0;
        qint64 lastTs = 0; // MAX(sessions.last_ts)
    };

    ChangeFeed(Database& db, Options options);
    explicit ChangeFeed(Database& db)
        : ChangeFeed(db, Options())
    { }
    ~ChangeFeed();
    ChangeFeed(const ChangeFeed&) = delete;
    ChangeFeed& operator=(const ChangeFeed&) = delete;

    // Sets the watermarks to the store as it is now, so that poll() reports nothing older. Without it,
    // the first poll() reports the whole store (capped like any notice).
    void prime();
    // Whether another connection committed since the last prime() or poll() (PRAGMA data_version): a
    // cheap test before poll(). True before the first of them.
    bool hasChanged();
    // What was committed since the last prime() or poll(); an empty notice (sequence 0) when nothing.
    // Throws StoreError when the database cannot be read; the watermarks then stay where they were.
    ChangeNotice poll();
    // The next non-empty notice has historyChanged set (the caller re-priced every stored request).
    void markHistoryChanged() { m_historyChanged = true; }

    Watermarks watermarks() const { return m_watermarks; }

private:
    // The numbers of a request the feed reported, to tell an in-place replacement.
    struct Fingerprint
    {
        qint64 sessionId = 0;
        qint64 ts = 0;
        QByteArray model;
        QByteArray requestedModel;
        qint64 tokens[6] = {};
        std::optional<double> loggedCost;
        std::optional<double> computedCost;
        std::optional<qint64> latencyMs;
        bool operator==(const Fingerprint& other) const;
    };

    Watermarks currentMaxima();
    using Fingerprints = std::map<qint64, Fingerprint>; // usage id -> numbers when last seen
    // Compares the remembered rows (at most recheckRows below oldUsage) with the store and appends the
    // ids of those that changed to *changed; returns the fingerprints of the newest recheckRows rows up
    // to newUsage, to remember until the next poll.
    Fingerprints recheck(qint64 oldUsage, qint64 newUsage, std::vector<qint64>* changed);

    Database& m_db;
    Options m_options;
    Watermarks m_watermarks;
    Fingerprints m_recent;
    qint64 m_dataVersion = -1;
    qint64 m_sequence = 0;
    bool m_historyChanged = false;
};

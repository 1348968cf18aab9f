// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <QHash>
#include <QJsonValue>
#include <QMutex>
#include <QString>

class Database;

// Answers of reports that aggregate a whole window (global-stats, stats/daily), kept until the
// database changes, and shared by every thread that answers requests.
//
// Whether the data changed is known per connection only (PRAGMA data_version moves when another
// connection commits), and each thread has its own. So every lookup first checks its own connection,
// and any connection that sees a change, or is seen for the first time, starts a new process-wide
// epoch; entries remember the epoch they were computed in and are valid only within it. The first
// lookup after a commit therefore sees the new epoch wherever it runs, and recomputes.
// Thread-safe; at most kMaxEntries entries (all dropped when full: keys are few in practice).
class VersionedCache
{
public:
    static constexpr int kMaxEntries = 256;

    // The cached value for `key` if the data is unchanged since it was computed, else compute().
    QJsonValue get(Database& db, const QString& key, const std::function<QJsonValue()>& compute);

private:
    struct Entry
    {
        quint64 epoch = 0;
        QJsonValue value;
    };
    QMutex m_mutex;
    QHash<QString, Entry> m_entries;
};

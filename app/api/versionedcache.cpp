// SPDX-License-Identifier: MIT
#include "versionedcache.h"

#include "store/database.h"

#include <atomic>
#include <QMutexLocker>

namespace {

std::atomic<quint64> g_epoch { 1 };

// The current epoch, after checking the calling thread's connection to `db`. One epoch and one
// record of seen versions for every cache: a change seen through one cache must end the others'
// entries too.
quint64 observe(Database& db)
{
    thread_local QHash<QString, qint64> seen; // per database file: ApiContext::db() has one per thread
    const qint64 version = db.dataVersion();
    const auto it = seen.constFind(db.path());
    if (it == seen.constEnd() || *it != version) {
        seen.insert(db.path(), version);
        return ++g_epoch;
    }
    return g_epoch.load();
}

} // namespace

QJsonValue VersionedCache::get(Database& db, const QString& key, const std::function<QJsonValue()>& compute)
{
    const QString fullKey = db.path() + QLatin1Char('/') + key;
    // Observed before computing: a commit that lands during compute() only costs one more compute.
    const quint64 epoch = observe(db);
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_entries.constFind(fullKey);
        if (it != m_entries.constEnd() && it->epoch == epoch)
            return it->value;
    }
    const QJsonValue value = compute();
    QMutexLocker lock(&m_mutex);
    if (m_entries.size() >= kMaxEntries)
        m_entries.clear();
    m_entries.insert(fullKey, Entry { epoch, value });
    return value;
}

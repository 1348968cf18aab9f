// SPDX-License-Identifier: MIT
#include "apicontext.h"

#include "apiresponse.h"
#include "store/database.h"
#include "store/readconnections.h"

#include <map>
#include <memory>
#include <QElapsedTimer>
#include <QMutexLocker>

struct ApiContext::CacheEntry
{
    QElapsedTimer age;
    ApiResponse response;
};

ApiContext::ApiContext(ServerConfig config)
    : m_config(std::move(config))
{ }

ApiContext::~ApiContext() = default;

Database& ApiContext::db()
{
    // The API thread and each pool thread reuse their connection for every request.
    return ReadConnections::forCurrentThread(m_config.databasePath);
}

namespace {

struct Memo
{
    qint64 dataVersion = -1;
    QHash<QString, ApiResponse> answers;
};

// The calling thread's memo for a database file, emptied when the file changed since it was filled.
Memo& currentMemo(const QString& path, Database& db)
{
    thread_local std::map<QString, Memo> memos;
    Memo& memo = memos[path];
    const qint64 version = db.dataVersion();
    // A bound on distinct keys (days=1..36500 are all valid): a memo, not an archive.
    if (memo.dataVersion != version || memo.answers.size() > 256) {
        memo.answers.clear();
        memo.dataVersion = version;
    }
    return memo;
}

} // namespace

bool ApiContext::memoized(const QString& key, ApiResponse* response, qint64* version)
{
    const Memo& memo = currentMemo(m_config.databasePath, db());
    *version = memo.dataVersion;
    const auto it = memo.answers.constFind(key);
    if (it == memo.answers.constEnd())
        return false;
    *response = *it;
    return true;
}

void ApiContext::memoize(const QString& key, const ApiResponse& response, qint64 version)
{
    Memo& memo = currentMemo(m_config.databasePath, db());
    // An answer computed while ingest committed may mix old and new rows: not kept.
    if (memo.dataVersion == version)
        memo.answers.insert(key, response);
}

qint64 ApiContext::daysStartMs(int days) const
{
    const QDateTime local = now().toTimeZone(m_config.timeZone);
    const QDate first = local.date().addDays(-(days - 1));
    return QDateTime(first, QTime(0, 0), m_config.timeZone).toMSecsSinceEpoch();
}

bool ApiContext::cached(const QString& key, int maxAgeSeconds, ApiResponse* response, qint64* ageMs) const
{
    QMutexLocker lock(&m_cacheMutex);
    const auto it = m_cache.constFind(key);
    if (it == m_cache.constEnd())
        return false;
    const qint64 age = (*it)->age.elapsed();
    if (age >= qint64(maxAgeSeconds) * 1000)
        return false;
    *response = (*it)->response;
    if (ageMs)
        *ageMs = age;
    return true;
}

void ApiContext::store(const QString& key, const ApiResponse& response)
{
    auto entry = std::make_shared<CacheEntry>();
    entry->age.start();
    entry->response = response;
    QMutexLocker lock(&m_cacheMutex);
    m_cache.insert(key, std::move(entry));
}

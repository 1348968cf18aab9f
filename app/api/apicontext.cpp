// SPDX-License-Identifier: MIT
#include "apicontext.h"

#include "apiresponse.h"
#include "store/database.h"

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
    // One read-only connection per thread and database file, opened on first use and kept for the
    // thread's life: the API thread and each pool thread reuse theirs for every request.
    thread_local std::map<QString, std::unique_ptr<Database>> connections;
    std::unique_ptr<Database>& connection = connections[m_config.databasePath];
    if (!connection) {
        connection = std::make_unique<Database>();
        connection->open(m_config.databasePath, Database::Mode::ReadOnly);
    }
    return *connection;
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

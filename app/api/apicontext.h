// SPDX-License-Identifier: MIT
#pragma once

#include "serverconfig.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>

class Database;
struct ApiResponse;
class SseHub;

// What a route handler may use. Handlers run on the API thread or on the report pool; db() gives the
// calling thread its own read-only connection (a SQLite connection belongs to one thread).
class ApiContext
{
public:
    explicit ApiContext(ServerConfig config);
    ~ApiContext();

    const ServerConfig& config() const { return m_config; }
    Database& db();
    QDateTime now() const { return m_config.now(); }
    // The start of the local day N-1 days before today, as UTC ms: the window of days=N.
    qint64 daysStartMs(int days) const;

    // A small cache of whole responses, for routes whose seed promises caching (/api/tokens).
    // Thread-safe; entries expire after maxAgeSeconds. *ageMs (when given) is the entry's age.
    bool cached(const QString& key, int maxAgeSeconds, ApiResponse* response, qint64* ageMs = nullptr) const;
    void store(const QString& key, const ApiResponse& response);

    // Answers that stay right until the database changes: the store behind ApiRouter's
    // Cache::UntilDataChanges, which calls these on the API thread only. Kept per thread, with that thread's
    // connection's PRAGMA data_version: the version is only comparable on one connection, and it moves as
    // soon as another connection (ingest) commits, so a memoized answer is never stale. The key must hold
    // every input, including time windows. Without an answer, *version is the data version the new answer
    // must be computed from; memoize() keeps the answer only if no commit happened in between.
    bool memoized(const QString& key, ApiResponse* response, qint64* version);
    void memoize(const QString& key, const ApiResponse& response, qint64 version);

    // Live state owned by the API thread; set by the service, read by routes on the API thread only.
    SseHub* hub = nullptr;
    QDateTime startedAt = QDateTime::currentDateTimeUtc();

private:
    ServerConfig m_config;
    mutable QMutex m_cacheMutex;
    struct CacheEntry;
    QHash<QString, std::shared_ptr<CacheEntry>> m_cache;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "database.h"
#include "domain/usagerecord.h"
#include "usagerollup.h"

#include <QSet>

#include <memory>

class PriceBook;

// Stores billed requests with the de-duplication rules of formats.md §2.6: one row per
// (record_key, request_id), keeping the copy with the largest token total (a tie goes to the copy with
// a speed field); when copies of one record_key differ in request_id and one is a sidechain, only the
// main-chain copy stays (/btw replays); two main-chain copies with different request ids are two
// requests. Prices each row it writes. Used by StoreWriter on the writer thread.
class UsageStore
{
public:
    enum class Outcome { Inserted, Replaced, Duplicate };

    // Every change is also added to rollup, which the caller flushes with the batch.
    UsageStore(Database& db, std::shared_ptr<const PriceBook> prices, UsageRollup& rollup);
    ~UsageStore();

    Outcome store(const UsageRecord& record, qint64 sessionId, qint64 fileId);

    // The in-memory key set is exact only while this connection is the only writer; call when another
    // connection may have written (PRAGMA data_version changed), or to start from an empty store.
    void forgetKeys() { m_keysLoaded = false; }
    void startEmpty();

    // Re-prices every stored row with the current price book and rebuilds the rollup; returns the
    // number of rows.
    qint64 repriceAll();

private:
    void loadKeys();
    void write(const UsageRecord& record, qint64 sessionId, qint64 fileId, qint64 keyHash, qint64 replaceRowId);

    Database& m_db;
    std::shared_ptr<const PriceBook> m_prices;
    UsageRollup& m_rollup;
    SqliteStatement m_selectByHash, m_insert, m_update;
    // Hashes of every stored record_key: a request whose hash is absent (nearly all of them) is inserted
    // without looking for copies first.
    QSet<qint64> m_keys;
    bool m_keysLoaded = false;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "bulkkeyindex.h"
#include "database.h"
#include "domain/usagerecord.h"
#include "pendingrows.h"
#include "pricing/pricebook.h"
#include "usagerollup.h"

#include <memory>
#include <optional>
#include <vector>

// Stores billed requests with the de-duplication rules of formats.md §2.6: one row per
// (record_key, request_id), keeping the copy with the largest token total (a tie goes to the copy with
// a speed field); when copies of one record_key differ in request_id and one is a sidechain, only the
// main-chain copy stays (/btw replays); two main-chain copies with different request ids are two
// requests. Prices each row it writes. Used by StoreWriter on the writer thread.
class UsageStore
{
public:
    enum class Outcome
    {
        Inserted,
        Replaced,
        Duplicate
    };

    // Every change is also added to rollup, which the caller flushes with the batch.
    UsageStore(Database& db, std::shared_ptr<const PriceBook> prices, UsageRollup& rollup);
    ~UsageStore();

    // keyHash: keyHash(record), taken apart so that the caller can prefetch() it first.
    Outcome store(const UsageRecord& record, qint64 keyHash, qint64 sessionId, qint64 fileId);
    static qint64 keyHash(const UsageRecord& record);
    // Bulk mode: starts loading what store() looks up first for this hash (BulkKeyIndex::prefetch).
    [[gnu::always_inline]] void prefetch(qint64 keyHash) const
    {
        if (m_bulk)
            m_keys.prefetch(keyHash);
    }

    // Bulk mode, for a first load into an empty store: the stored key hashes and their rows are kept in
    // memory, so a new request (nearly all of them) is inserted without a lookup, and the others are read
    // by rowid: the key_hash index is one of those the load defers (StoreWriter::Role says until when).
    // It is exact only while this connection is the only writer, so endBulk() when another connection
    // wrote (the caller then builds the deferred indexes), and at the end of a run. Outside bulk mode
    // every request is looked up through the key_hash index.
    // New rows of a bulk load are given their rowids at once (counted: SQLite gives the same, which
    // flushPending() checks) and written MultiRowInsert::kMaxRows at a time: store() keeps pointers to the
    // records until then, so the caller must flushPending() before the records go (the end of a batch);
    // store() writes what it holds first when it is to read one of those rows.
    void beginBulk();
    void endBulk();
    void flushPending();
    // Forgets the rows held and the next rowid, without writing: the batch failed, and its records go.
    void discardPending();

    // Re-prices every stored row with the current price book and rebuilds the rollup; returns the
    // number of rows.
    qint64 repriceAll();

private:
    // A row of a bulk load given its rowid and not written yet (PendingRows).
    struct Pending
    {
        const UsageRecord* record;
        qint64 id, sessionId, fileId, keyHash;
        std::optional<double> cost;
        QByteArray entry; // the price entry's UTF-8, held until the row is written
        void bind(SqliteStatement& q, int first) const
        {
            bindRow(q, first, *record, sessionId, fileId, keyHash, cost, entry);
        }
    };

    // Inserts the row, or replaces the row replaceRowId; returns the row's id.
    qint64 write(
        const UsageRecord& record, qint64 sessionId, qint64 fileId, qint64 keyHash, qint64 replaceRowId);
    // The row's 23 columns, as parameters first + 1 on.
    static void bindRow(SqliteStatement& q, int first, const UsageRecord& r, qint64 sessionId, qint64 fileId,
        qint64 keyHash, const std::optional<double>& cost, const QByteArray& entry);

    Database& m_db;
    std::shared_ptr<const PriceBook> m_prices;
    UsageRollup& m_rollup;
    SqliteStatement m_selectByHash, m_selectById, m_update;
    PendingRows<Pending> m_pending; // the insert; in bulk mode, the rows it has not written yet
    BulkKeyIndex m_keys; // bulk mode: the rows of every stored key hash
    // The last model priced: a load's requests come in runs of one model.
    QByteArray m_pricedModel, m_pricedProvider;
    PriceBook::Resolved m_pricedAs;
    QString m_entry; // the price entry of the last row written, and its UTF-8 form
    QByteArray m_entryUtf8;
    bool m_bulk = false;
};

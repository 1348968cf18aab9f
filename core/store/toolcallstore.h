// SPDX-License-Identifier: MIT
#pragma once

#include "bulkkeyindex.h"
#include "database.h"
#include "domain/toolcallrecord.h"
#include "pendingrows.h"

#include <vector>

// Stores tool calls, one row per (tool_use_id, session), with their results and the files they
// touched. Calls and results may arrive in either order across batches and files read again must not
// add rows. Used by StoreWriter on the writer thread.
class ToolCallStore
{
public:
    explicit ToolCallStore(Database& db);

    // Returns the new row's id, or 0 when the call was stored before. Its files are stored only when new.
    // hash: keyHash(call), taken apart so that the caller can prefetch() it first.
    qint64 store(const ToolCallRecord& call, qint64 hash, qint64 sessionId, qint64 fileId);
    static qint64 keyHash(const ToolCallRecord& call);
    // Bulk mode: starts loading what store() looks up first for this hash (BulkKeyIndex::prefetch).
    [[gnu::always_inline]] void prefetch(qint64 hash) const
    {
        if (m_bulk)
            m_keys.prefetch(hash);
    }
    void storeResult(const ToolResultRecord& result, qint64 sessionId);
    // The call's result names the sub-agent session it ran (childId).
    void linkChild(const ToolResultRecord& result, qint64 sessionId, qint64 childId);

    // Bulk mode as in UsageStore: stored hashes and their rows in memory while this connection is the
    // only writer, the tool_hash index deferred, new rows written several at a time (flushPending()
    // before the records go; the store writes them first when it is to read one of them).
    void beginBulk();
    void endBulk();
    void flushPending();
    void discardPending(); // as UsageStore's
    // Whether bulk mode holds every stored row in memory, and the rows stored under a hash then.
    bool inBulk() const { return m_bulk; }
    BulkKeyIndex::Rows bulkRows(qint64 hash) const { return m_keys.rows(hash); }

private:
    // A row of a bulk load given its rowid and not written yet (PendingRows).
    struct Pending
    {
        const ToolCallRecord* call;
        qint64 id, sessionId, fileId, hash;
        void bind(SqliteStatement& q, int first) const { bindRow(q, first, *call, sessionId, fileId, hash); }
    };

    // The row of (toolUseId, sessionId), or 0.
    qint64 find(const QByteArray& toolUseId, qint64 hash, qint64 sessionId);
    // The row's 13 columns, as parameters first + 1 on.
    static void bindRow(SqliteStatement& q, int first, const ToolCallRecord& call, qint64 sessionId,
        qint64 fileId, qint64 hash);

    Database& m_db;
    SqliteStatement m_selectByHash, m_selectById, m_updateResult, m_setChild, m_insertFile;
    PendingRows<Pending> m_pending; // the insert; in bulk mode, the rows it has not written yet
    BulkKeyIndex m_keys; // bulk mode: the rows of every am_hash(tool_use_id) stored
    // Bulk mode: the session of every row stored, at rowid - m_firstRow (a bulk load appends to an
    // empty table). A forked Codex rollout repeats its parent's call ids in another session: the
    // candidates of another session are passed over without reading their row.
    std::vector<qint64> m_rowSessions;
    qint64 m_firstRow = 0;
    bool m_bulk = false;
};

// SPDX-License-Identifier: MIT
#include "toolcallstore.h"

#include "stablehash.h"

#include <algorithm>

namespace {
// Times the log did not carry (0) are stored as unknown, so they never produce a duration.
void bindTime(SqliteStatement& statement, int index, qint64 ms)
{
    if (ms > 0)
        statement.bind(index, ms);
    else
        statement.bindNull(index);
}

// A literal, bound without a copy.
std::string_view statusOf(const ToolResultRecord& result)
{
    return result.interrupted ? "interrupted" : result.isError ? "error" : "completed";
}
} // namespace

ToolCallStore::ToolCallStore(Database& db)
    : m_db(db)
{
    m_selectByHash = m_db.prepare("SELECT id, session_id, tool_use_id FROM tool_calls WHERE tool_hash = ?1");
    m_selectById = m_db.prepare("SELECT id, session_id, tool_use_id FROM tool_calls WHERE id = ?1");
    m_pending = PendingRows<Pending>(m_db, "tool_calls",
        MultiRowInsert(m_db,
            "INSERT INTO tool_calls(session_id, tool_use_id, name, start_ts, file_path, file_id, "
            "byte_offset, "
            "end_ts, status, is_error, duration_ms, file_operation, tool_hash) VALUES ",
            13));
    m_updateResult = m_db.prepare(
        "UPDATE tool_calls SET end_ts = ?2, status = ?3, is_error = ?4, "
        "duration_ms = CASE WHEN start_ts IS NULL THEN NULL ELSE MAX(0, ?2 - start_ts) END WHERE id = ?1");
    m_setChild = m_db.prepare("UPDATE tool_calls SET child_session_id = ?2 WHERE id = ?1");
    m_insertFile = m_db.prepare("INSERT INTO files_touched(session_id, tool_call_id, path, operation, ts) "
                                "VALUES(?1, ?2, ?3, ?4, ?5)");
}

void ToolCallStore::beginBulk()
{
    Q_ASSERT(m_pending.empty());
    m_keys.clear();
    m_rowSessions.clear();
    m_firstRow = 0;
    m_pending.forget();
    m_bulk = true;
}

void ToolCallStore::endBulk()
{
    Q_ASSERT(m_pending.empty());
    m_keys.clear();
    m_rowSessions = std::vector<qint64>();
    m_pending.forget();
    m_bulk = false;
}

void ToolCallStore::flushPending()
{
    m_pending.write();
}

void ToolCallStore::discardPending()
{
    m_pending.forget();
}

void ToolCallStore::bindRow(
    SqliteStatement& q, int first, const ToolCallRecord& call, qint64 sessionId, qint64 fileId, qint64 hash)
{
    q.bind(first + 1, sessionId);
    q.bindView(first + 2, call.toolUseId);
    q.bindViewOrNull(first + 3, call.name);
    bindTime(q, first + 4, call.startTs);
    q.bindViewOrNull(first + 5, call.filePath);
    if (fileId)
        q.bind(first + 6, fileId);
    else
        q.bindNull(first + 6);
    q.bind(first + 7, call.byteOffset);
    // Each parameter once (MultiRowInsert): the status, error flag and duration are worked out here.
    if (call.hasResult) {
        bindTime(q, first + 8, call.result.endTs);
        q.bindView(first + 9, statusOf(call.result));
        q.bind(first + 10, call.result.isError ? 1 : 0);
        if (call.result.endTs > 0 && call.startTs > 0) // times the log did not carry give no duration
            q.bind(first + 11, std::max<qint64>(0, call.result.endTs - call.startTs));
    } else {
        q.bindView(first + 9, std::string_view("pending"));
        q.bind(first + 10, 0);
    } // what is left unbound is NULL (reset() clears the bindings)
    q.bindViewOrNull(first + 12, call.fileOperation);
    q.bind(first + 13, hash);
}

qint64 ToolCallStore::find(const QByteArray& toolUseId, qint64 hash, qint64 sessionId)
{
    auto match = [&](SqliteStatement& q) {
        qint64 found = 0;
        while (q.step()) {
            if (q.int64(1) == sessionId
                && q.view(2) == std::string_view(toolUseId.constData(), size_t(toolUseId.size()))) {
                found = q.int64(0);
                break;
            }
        }
        q.reset();
        return found;
    };
    if (!m_bulk) {
        m_selectByHash.bind(1, hash);
        return match(m_selectByHash);
    }
    for (qint64 id : m_keys.rows(hash)) {
        const qint64 at = id - m_firstRow;
        if (at >= 0 && at < qint64(m_rowSessions.size()) && m_rowSessions[size_t(at)] != sessionId)
            continue;
        m_pending.writeIfHolding(id); // a row not written yet: written with the others held
        m_selectById.bind(1, id);
        if (const qint64 found = match(m_selectById))
            return found;
    }
    return 0;
}

qint64 ToolCallStore::keyHash(const ToolCallRecord& call)
{
    return StableHash::of(call.toolUseId);
}

qint64 ToolCallStore::store(const ToolCallRecord& call, qint64 hash, qint64 sessionId, qint64 fileId)
{
    Q_ASSERT(hash == keyHash(call));
    // In a bulk load, a call id not stored before needs no comparison, and its first row's place in
    // the key index is taken by the same lookup.
    qint64* firstRow = m_bulk ? m_keys.claim(hash) : nullptr;
    if (const qint64 existing = firstRow ? 0 : find(call.toolUseId, hash, sessionId)) {
        // Read before, e.g. a file read again from its start: complete what the stored row lacks.
        if (call.hasResult) {
            m_updateResult.bind(1, existing);
            bindTime(m_updateResult, 2, call.result.endTs);
            m_updateResult.bindView(3, statusOf(call.result));
            m_updateResult.bind(4, call.result.isError ? 1 : 0);
            m_updateResult.execute();
        }
        return 0;
    }
    qint64 callId = 0;
    if (m_bulk) {
        callId = m_pending.hold({ &call, 0, sessionId, fileId, hash });
        if (firstRow)
            *firstRow = callId;
        else
            m_keys.add(hash, callId);
        if (m_rowSessions.empty())
            m_firstRow = callId;
        if (callId == m_firstRow + qint64(m_rowSessions.size()))
            m_rowSessions.push_back(sessionId);
        // else rowids stopped following each other (never in an append-only load): rows from here on
        // are read to be compared, as before.
    } else {
        SqliteStatement& q = m_pending.forRows(1);
        bindRow(q, 0, call, sessionId, fileId, hash);
        q.execute();
        callId = m_db.lastInsertRowId();
    }
    // A bulk load checks no foreign key (StoreWriter::beginRun()): a file may name a call not written yet.
    for (const ToolCallRecord::FileTouch& file : call.files) {
        m_insertFile.bind(1, sessionId);
        m_insertFile.bind(2, callId);
        m_insertFile.bindView(3, file.path);
        m_insertFile.bindView(4, file.operation);
        bindTime(m_insertFile, 5, call.startTs);
        m_insertFile.execute();
    }
    return callId;
}

void ToolCallStore::storeResult(const ToolResultRecord& result, qint64 sessionId)
{
    const qint64 id = find(result.toolUseId, StableHash::of(result.toolUseId), sessionId);
    if (!id)
        return; // the call itself was never read (a malformed line): nothing to complete
    m_updateResult.bind(1, id);
    bindTime(m_updateResult, 2, result.endTs);
    m_updateResult.bind(3, statusOf(result));
    m_updateResult.bind(4, result.isError ? 1 : 0);
    m_updateResult.execute();
}

void ToolCallStore::linkChild(const ToolResultRecord& result, qint64 sessionId, qint64 childId)
{
    const qint64 id = find(result.toolUseId, StableHash::of(result.toolUseId), sessionId);
    if (!id)
        return;
    m_setChild.bind(1, id);
    m_setChild.bind(2, childId);
    m_setChild.execute();
}

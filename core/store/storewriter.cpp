// SPDX-License-Identifier: MIT
#include "storewriter.h"

#include "pricing/pricebook.h"

#include <QDateTime>
#include <QFileInfo>

#include <vector>

namespace {
const char* const kUsageColumns = "session_id, ts, model, provider, input_tokens, output_tokens, cache_read_tokens, "
                                  "cache_write_5m_tokens, cache_write_1h_tokens, reasoning_tokens, logged_cost, "
                                  "computed_cost, price_entry, record_key, request_id, is_sidechain, agent, speed, "
                                  "file_id, byte_offset";
} // namespace

struct StoreWriter::Statements
{
    SqliteStatement upsertFile, insertSessionKey, selectSessionKey, upsertSession, updateTitle, setParent,
        insertProject, selectProject, selectByKey, insertUsage, insertUsageIgnore, updateUsage, insertToolCall,
        updateToolResult, linkChild, insertFile, insertPrompt;
};

StoreWriter::Counts& StoreWriter::Counts::operator+=(const Counts& other)
{
    usageInserted += other.usageInserted;
    usageReplaced += other.usageReplaced;
    usageDuplicates += other.usageDuplicates;
    toolCalls += other.toolCalls;
    prompts += other.prompts;
    sessionsTouched += other.sessionsTouched;
    return *this;
}

StoreWriter::StoreWriter(const QString& databasePath, std::shared_ptr<const PriceBook> prices)
    : m_prices(std::move(prices))
    , m_statements(std::make_unique<Statements>())
{
    m_db.open(databasePath, Database::Mode::ReadWrite);
    // Checkpoint the WAL every 64 MiB instead of every 4 MiB: a bulk ingest then copies each page to
    // the database file far fewer times.
    m_db.exec("PRAGMA wal_autocheckpoint=16384");
    Statements& s = *m_statements;
    s.upsertFile = m_db.prepare(
        "INSERT INTO source_files(source_id, path, device, inode, size, mtime_ns, offset, lines_parsed, "
        "lines_skipped, last_skip_reason, resets, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
        "ON CONFLICT(path) DO UPDATE SET source_id = excluded.source_id, device = excluded.device, "
        "inode = excluded.inode, size = excluded.size, mtime_ns = excluded.mtime_ns, offset = excluded.offset, "
        "lines_parsed = CASE WHEN ?11 THEN excluded.lines_parsed ELSE lines_parsed + excluded.lines_parsed END, "
        "lines_skipped = CASE WHEN ?11 THEN excluded.lines_skipped ELSE lines_skipped + excluded.lines_skipped END, "
        "last_skip_reason = COALESCE(excluded.last_skip_reason, last_skip_reason), "
        "resets = resets + excluded.resets, updated_at = excluded.updated_at RETURNING id");
    s.insertSessionKey = m_db.prepare(
        "INSERT INTO sessions(source_id, external_id) VALUES(?1, ?2) ON CONFLICT DO NOTHING");
    s.selectSessionKey = m_db.prepare("SELECT id FROM sessions WHERE source_id = ?1 AND external_id = ?2");
    s.upsertSession = m_db.prepare(
        "UPDATE sessions SET "
        "parent_id = COALESCE(parent_id, ?2), project_id = COALESCE(project_id, ?3), cwd = COALESCE(cwd, ?4), "
        "git_branch = COALESCE(?5, git_branch), agent = COALESCE(agent, ?6), "
        "agent_version = COALESCE(?7, agent_version), "
        "first_ts = CASE WHEN ?8 IS NULL THEN first_ts WHEN first_ts IS NULL OR ?8 < first_ts THEN ?8 ELSE first_ts END, "
        "last_ts = CASE WHEN ?9 IS NULL THEN last_ts WHEN last_ts IS NULL OR ?9 > last_ts THEN ?9 ELSE last_ts END, "
        "spawn_tool_use_id = COALESCE(spawn_tool_use_id, ?10), spawn_depth = COALESCE(spawn_depth, ?11), "
        "is_sidechain = MAX(is_sidechain, ?12) WHERE id = ?1");
    // Same tie rules as SessionUpdate::offerTitle, applied against the stored title.
    s.updateTitle = m_db.prepare(
        "UPDATE sessions SET title = ?2, title_rank = ?3, title_ts = ?4 WHERE id = ?1 AND (title_rank < ?3 OR "
        "(title_rank = ?3 AND ((?3 >= 3 AND ?4 >= COALESCE(title_ts, 0)) OR (?3 = 1 AND ?4 < title_ts))))");
    s.setParent = m_db.prepare("UPDATE sessions SET parent_id = COALESCE(parent_id, ?2), "
                               "spawn_tool_use_id = COALESCE(spawn_tool_use_id, ?3), "
                               "is_sidechain = 1 WHERE id = ?1");
    s.insertProject = m_db.prepare("INSERT INTO projects(path, name) VALUES(?1, ?2) ON CONFLICT DO NOTHING");
    s.selectProject = m_db.prepare("SELECT id FROM projects WHERE path = ?1");
    // Every stored copy that shares the record key (for Claude: the message id), via the unique index.
    s.selectByKey = m_db.prepare(
        "SELECT id, request_id, input_tokens + output_tokens + cache_read_tokens + cache_write_5m_tokens + "
        "cache_write_1h_tokens + reasoning_tokens, is_sidechain, speed IS NOT NULL "
        "FROM usage_records WHERE record_key = ?1");
    const std::string columns = kUsageColumns;
    s.insertUsage = m_db.prepare("INSERT INTO usage_records(" + columns
                                 + ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                                   "?17, ?18, ?19, ?20)");
    s.insertUsageIgnore = m_db.prepare("INSERT OR IGNORE INTO usage_records(" + columns
                                       + ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                                         "?16, ?17, ?18, ?19, ?20)");
    s.updateUsage = m_db.prepare(
        "UPDATE usage_records SET session_id = ?1, ts = ?2, model = ?3, provider = ?4, input_tokens = ?5, "
        "output_tokens = ?6, cache_read_tokens = ?7, cache_write_5m_tokens = ?8, cache_write_1h_tokens = ?9, "
        "reasoning_tokens = ?10, logged_cost = ?11, computed_cost = ?12, price_entry = ?13, record_key = ?14, "
        "request_id = ?15, is_sidechain = ?16, agent = ?17, speed = ?18, file_id = ?19, byte_offset = ?20 "
        "WHERE id = ?21");
    s.insertToolCall = m_db.prepare(
        "INSERT OR IGNORE INTO tool_calls(session_id, tool_use_id, name, start_ts, file_path, file_id, byte_offset, "
        "end_ts, status, is_error, duration_ms, file_operation) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "COALESCE(?9, 'pending'), COALESCE(?10, 0), CASE WHEN ?8 IS NULL OR ?4 IS NULL THEN NULL ELSE MAX(0, ?8 - ?4) END, ?11)");
    s.updateToolResult = m_db.prepare(
        "UPDATE tool_calls SET end_ts = ?3, status = ?4, is_error = ?5, "
        "duration_ms = CASE WHEN start_ts IS NULL THEN NULL ELSE MAX(0, ?3 - start_ts) END "
        "WHERE session_id = ?1 AND tool_use_id = ?2");
    s.linkChild = m_db.prepare("UPDATE tool_calls SET child_session_id = ?3 WHERE session_id = ?1 AND tool_use_id = ?2");
    s.insertFile = m_db.prepare("INSERT INTO files_touched(session_id, tool_call_id, path, operation, ts) "
                                "VALUES(?1, ?2, ?3, ?4, ?5)");
    s.insertPrompt = m_db.prepare("INSERT OR IGNORE INTO prompts(session_id, uuid, ts, text, length) "
                                  "VALUES(?1, ?2, ?3, ?4, ?5)");
}

StoreWriter::~StoreWriter()
{
    m_statements.reset(); // finalise statements before the connection closes
}

QHash<QString, FileCursor> StoreWriter::loadCursors(int sourceId)
{
    QHash<QString, FileCursor> cursors;
    SqliteStatement select = m_db.prepare(
        "SELECT path, device, inode, size, mtime_ns, offset FROM source_files WHERE source_id = ?1");
    select.bind(1, sourceId);
    while (select.step()) {
        FileCursor cursor;
        cursor.path = select.text(0);
        cursor.device = select.int64(1);
        cursor.inode = select.int64(2);
        cursor.size = select.int64(3);
        cursor.mtimeNs = select.int64(4);
        cursor.offset = select.int64(5);
        cursors.insert(cursor.path, cursor);
    }
    return cursors;
}

qint64 StoreWriter::sessionRowId(int sourceId, const QByteArray& externalId)
{
    const QByteArray key = QByteArray::number(sourceId) + ':' + externalId;
    auto it = m_sessionIds.constFind(key);
    if (it != m_sessionIds.constEnd())
        return *it;
    Statements& s = *m_statements;
    s.insertSessionKey.bind(1, sourceId);
    s.insertSessionKey.bind(2, externalId);
    s.insertSessionKey.execute();
    s.selectSessionKey.bind(1, sourceId);
    s.selectSessionKey.bind(2, externalId);
    s.selectSessionKey.step();
    const qint64 id = s.selectSessionKey.int64(0);
    s.selectSessionKey.reset();
    m_sessionIds.insert(key, id);
    return id;
}

qint64 StoreWriter::projectRowId(const QByteArray& cwd)
{
    auto it = m_projectIds.constFind(cwd);
    if (it != m_projectIds.constEnd())
        return *it;
    Statements& s = *m_statements;
    QString name = QFileInfo(QString::fromUtf8(cwd)).fileName();
    if (name.isEmpty())
        name = QString::fromUtf8(cwd);
    s.insertProject.bind(1, cwd);
    s.insertProject.bind(2, name);
    s.insertProject.execute();
    s.selectProject.bind(1, cwd);
    s.selectProject.step();
    const qint64 id = s.selectProject.int64(0);
    s.selectProject.reset();
    m_projectIds.insert(cwd, id);
    return id;
}

qint64 StoreWriter::rowOf(int sessionIndex, const QByteArray& externalId)
{
    if (sessionIndex >= 0 && size_t(sessionIndex) < m_batchSessionRows.size())
        return m_batchSessionRows[size_t(sessionIndex)];
    return sessionRowId(m_currentSource, externalId);
}

qint64 StoreWriter::applySession(int sourceId, const SessionUpdate& update)
{
    Statements& s = *m_statements;
    const qint64 id = sessionRowId(sourceId, update.externalId);
    SqliteStatement& q = s.upsertSession;
    q.bind(1, id);
    if (!update.parentExternalId.isEmpty())
        q.bind(2, sessionRowId(sourceId, update.parentExternalId));
    else
        q.bindNull(2);
    if (!update.cwd.isEmpty())
        q.bind(3, projectRowId(update.cwd));
    else
        q.bindNull(3);
    q.bindOrNull(4, update.cwd);
    q.bindOrNull(5, update.gitBranch);
    q.bindOrNull(6, update.agent);
    q.bindOrNull(7, update.agentVersion);
    if (update.firstTs > 0) {
        q.bind(8, update.firstTs);
        q.bind(9, update.lastTs);
    } else {
        q.bindNull(8);
        q.bindNull(9);
    }
    q.bindOrNull(10, update.spawnToolUseId);
    if (update.spawnDepth > 0)
        q.bind(11, update.spawnDepth);
    else
        q.bindNull(11);
    q.bind(12, update.isSidechain ? 1 : 0);
    q.execute();
    if (update.titleRank != SessionUpdate::NoTitle) {
        s.updateTitle.bind(1, id);
        s.updateTitle.bind(2, update.title);
        s.updateTitle.bind(3, int(update.titleRank));
        s.updateTitle.bind(4, update.titleTs);
        s.updateTitle.execute();
    }
    return id;
}

void StoreWriter::writeUsage(const UsageRecord& r, qint64 sessionId, qint64 fileId, qint64 replaceRowId)
{
    Statements& s = *m_statements;
    // replaceRowId: > 0 update that row, 0 insert, -1 insert unless the key exists.
    SqliteStatement& q = replaceRowId > 0 ? s.updateUsage : replaceRowId < 0 ? s.insertUsageIgnore : s.insertUsage;
    PriceQuote quote;
    if (r.noCost)
        quote.cost = 0.0;
    else if (m_prices)
        quote = m_prices->price(r.model, r.provider, r.tokens, r.timestampMs);
    q.bind(1, sessionId);
    q.bind(2, r.timestampMs);
    q.bindOrNull(3, r.model);
    q.bindOrNull(4, r.provider);
    q.bind(5, r.tokens.input);
    q.bind(6, r.tokens.output);
    q.bind(7, r.tokens.cacheRead);
    q.bind(8, r.tokens.cacheWrite5m);
    q.bind(9, r.tokens.cacheWrite1h);
    q.bind(10, r.tokens.reasoning);
    q.bind(11, r.loggedCost);
    q.bind(12, quote.cost);
    q.bindOrNull(13, quote.entry.toUtf8());
    q.bind(14, r.recordKey);
    q.bind(15, r.requestId);
    q.bind(16, r.isSidechain ? 1 : 0);
    q.bindOrNull(17, r.agent);
    q.bindOrNull(18, r.speed);
    if (fileId > 0)
        q.bind(19, fileId);
    else
        q.bindNull(19);
    q.bind(20, r.byteOffset);
    if (replaceRowId > 0)
        q.bind(21, replaceRowId);
    q.execute();
}

void StoreWriter::applyUsage(const UsageRecord& r, qint64 fileId, Counts& counts)
{
    Statements& s = *m_statements;
    const qint64 sessionId = rowOf(r.sessionIndex, r.sessionExternalId);
    if (r.recordKey.startsWith('@')) {
        // Keyed by position: the same line read again is the same record.
        writeUsage(r, sessionId, fileId, -1);
        return;
    }
    // The common case, a key never stored before, needs no lookup (see m_usageKeys).
    const size_t keyHash = qHash(r.recordKey);
    if (!m_usageKeysLoaded)
        loadUsageKeys();
    if (!m_usageKeys.contains(keyHash)) {
        m_usageKeys.insert(keyHash);
        // OR IGNORE: another process may have stored the key since the set was loaded; then the
        // lookup path below decides.
        writeUsage(r, sessionId, fileId, -1);
        if (m_db.changes() == 1) {
            ++counts.usageInserted;
            return;
        }
    }
    // formats.md §2.6: same (message.id, requestId) -> keep the largest total (a tie goes to the copy
    // with a speed field); same message.id, other requestId, and one copy is a sidechain -> keep the
    // non-sidechain copy (/btw replays); two main-chain copies with different requestIds are two requests.
    struct Stored
    {
        qint64 id;
        QByteArray requestId;
        qint64 total;
        bool sidechain;
        bool hasSpeed;
    };
    std::vector<Stored> stored;
    s.selectByKey.bind(1, r.recordKey);
    while (s.selectByKey.step())
        stored.push_back({ s.selectByKey.int64(0), s.selectByKey.bytes(1), s.selectByKey.int64(2),
                           s.selectByKey.int64(3) != 0, s.selectByKey.int64(4) != 0 });
    s.selectByKey.reset();

    const qint64 total = r.tokens.total();
    auto better = [&](const Stored& other) {
        return total > other.total || (total == other.total && !other.hasSpeed && !r.speed.isEmpty());
    };
    for (const Stored& other : stored) {
        if (other.requestId == r.requestId) {
            if (better(other)) {
                writeUsage(r, sessionId, fileId, other.id);
                ++counts.usageReplaced;
            } else {
                ++counts.usageDuplicates;
            }
            return;
        }
    }
    qint64 replace = 0;
    for (const Stored& other : stored) {
        if (!other.sidechain && !r.isSidechain)
            continue; // distinct requests that share a message id
        if (other.sidechain && r.isSidechain) {
            if (!better(other)) {
                ++counts.usageDuplicates;
                return;
            }
            replace = other.id;
        } else if (r.isSidechain) {
            ++counts.usageDuplicates; // a replay of a main-chain request
            return;
        } else {
            replace = other.id; // the main-chain original replaces its earlier-read replay
        }
    }
    writeUsage(r, sessionId, fileId, replace);
    if (replace)
        ++counts.usageReplaced;
    else
        ++counts.usageInserted;
}

QByteArray StoreWriter::resultStatus(const ToolResultRecord& result)
{
    return result.interrupted ? "interrupted" : result.isError ? "error" : "completed";
}

void StoreWriter::applyToolResult(const ToolResultRecord& result, qint64 sessionId)
{
    SqliteStatement& q = m_statements->updateToolResult;
    q.bind(1, sessionId);
    q.bind(2, result.toolUseId);
    q.bind(3, result.endTs);
    q.bind(4, resultStatus(result));
    q.bind(5, result.isError ? 1 : 0);
    q.execute();
}

void StoreWriter::linkChildSession(const ToolResultRecord& result, qint64 sessionId)
{
    Statements& s = *m_statements;
    const qint64 childId = sessionRowId(m_currentSource, result.childSessionExternalId);
    s.setParent.bind(1, childId);
    s.setParent.bind(2, sessionId);
    s.setParent.bind(3, result.toolUseId);
    s.setParent.execute();
    s.linkChild.bind(1, sessionId);
    s.linkChild.bind(2, result.toolUseId);
    s.linkChild.bind(3, childId);
    s.linkChild.execute();
}

StoreWriter::Counts StoreWriter::apply(const IngestBatch& batch)
{
    Counts counts;
    Statements& s = *m_statements;
    Transaction transaction(m_db);
    m_currentSource = batch.sourceId;

    std::vector<qint64> fileIds;
    fileIds.reserve(batch.progress.size());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const IngestBatch::FileProgress& progress : batch.progress) {
        SqliteStatement& q = s.upsertFile;
        q.bind(1, progress.sourceId ? progress.sourceId : batch.sourceId);
        q.bind(2, progress.cursor.path);
        q.bind(3, progress.cursor.device);
        q.bind(4, progress.cursor.inode);
        q.bind(5, progress.cursor.size);
        q.bind(6, progress.cursor.mtimeNs);
        q.bind(7, progress.cursor.offset);
        q.bind(8, progress.linesParsed);
        q.bind(9, progress.linesSkipped);
        q.bindOrNull(10, progress.lastSkipReason);
        q.bind(11, progress.reset ? 1 : 0);
        q.bind(12, now);
        q.step();
        fileIds.push_back(q.int64(0));
        q.reset();
    }
    auto fileIdOf = [&fileIds](int index) { return index >= 0 && size_t(index) < fileIds.size() ? fileIds[size_t(index)] : 0; };

    m_batchSessionRows.clear();
    for (const SessionUpdate& update : batch.sessions)
        m_batchSessionRows.push_back(applySession(batch.sourceId, update));
    counts.sessionsTouched = qint64(batch.sessions.size());

    for (const UsageRecord& record : batch.usage)
        applyUsage(record, fileIdOf(record.fileIndex), counts);

    for (const ToolCallRecord& call : batch.toolCalls) {
        const qint64 sessionId = rowOf(call.sessionIndex, call.sessionExternalId);
        SqliteStatement& q = s.insertToolCall;
        q.bind(1, sessionId);
        q.bind(2, call.toolUseId);
        q.bindOrNull(3, call.name);
        q.bind(4, call.startTs);
        q.bindOrNull(5, call.filePath);
        const qint64 fileId = fileIdOf(call.fileIndex);
        if (fileId)
            q.bind(6, fileId);
        else
            q.bindNull(6);
        q.bind(7, call.byteOffset);
        if (call.hasResult) {
            q.bind(8, call.result.endTs);
            q.bind(9, resultStatus(call.result));
            q.bind(10, call.result.isError ? 1 : 0);
        }
        q.bindOrNull(11, call.fileOperation);
        q.execute();
        if (m_db.changes() == 1) {
            ++counts.toolCalls;
            const qint64 callId = m_db.lastInsertRowId();
            for (const ToolCallRecord::FileTouch& file : call.files) {
                s.insertFile.bind(1, sessionId);
                s.insertFile.bind(2, callId);
                s.insertFile.bind(3, file.path);
                s.insertFile.bind(4, file.operation);
                s.insertFile.bind(5, call.startTs);
                s.insertFile.execute();
            }
        } else if (call.hasResult) {
            applyToolResult(call.result, sessionId); // read before, e.g. a file read again from its start
        }
        if (call.hasResult && !call.result.childSessionExternalId.isEmpty())
            linkChildSession(call.result, sessionId);
    }
    for (const ToolResultRecord& result : batch.toolResults) {
        const qint64 sessionId = sessionRowId(batch.sourceId, result.sessionExternalId);
        applyToolResult(result, sessionId);
        if (!result.childSessionExternalId.isEmpty())
            linkChildSession(result, sessionId);
    }
    for (const PromptRecord& prompt : batch.prompts) {
        SqliteStatement& q = s.insertPrompt;
        q.bind(1, rowOf(prompt.sessionIndex, prompt.sessionExternalId));
        q.bind(2, prompt.uuid);
        q.bind(3, prompt.ts);
        q.bindOrNull(4, prompt.text);
        q.bind(5, prompt.length);
        q.execute();
        counts.prompts += m_db.changes();
    }
    transaction.commit();
    return counts;
}

void StoreWriter::resolveLinks()
{
    Transaction transaction(m_db);
    // A sub-agent's spawning tool call names its real parent, which for nested sub-agents is another
    // sub-agent rather than the session directory the file lives in.
    m_db.exec("UPDATE sessions SET parent_id = (SELECT tc.session_id FROM tool_calls tc "
              "WHERE tc.tool_use_id = sessions.spawn_tool_use_id AND tc.session_id != sessions.id "
              "ORDER BY tc.id LIMIT 1) "
              "WHERE spawn_tool_use_id IS NOT NULL AND EXISTS (SELECT 1 FROM tool_calls tc "
              "WHERE tc.tool_use_id = sessions.spawn_tool_use_id AND tc.session_id != sessions.id "
              "AND tc.session_id IS NOT sessions.parent_id)");
    m_db.exec("UPDATE tool_calls SET child_session_id = (SELECT s.id FROM sessions s "
              "WHERE s.spawn_tool_use_id = tool_calls.tool_use_id AND s.parent_id = tool_calls.session_id LIMIT 1) "
              "WHERE child_session_id IS NULL AND tool_use_id IN (SELECT spawn_tool_use_id FROM sessions "
              "WHERE spawn_tool_use_id IS NOT NULL)");
    transaction.commit();
}

void StoreWriter::loadUsageKeys()
{
    m_usageKeys.clear();
    SqliteStatement keys = m_db.prepare("SELECT record_key FROM usage_records");
    while (keys.step()) {
        const std::string_view key = keys.view(0);
        m_usageKeys.insert(qHash(QByteArrayView(key.data(), qsizetype(key.size()))));
    }
    m_usageKeysLoaded = true;
}

void StoreWriter::beginRun()
{
    // A first ingest into an empty store is a bulk load: drop the query-only indexes now and build
    // them once in endRun(), instead of updating them for every row.
    SqliteStatement any = m_db.prepare("SELECT EXISTS (SELECT 1 FROM usage_records)");
    any.step();
    const bool empty = any.int64(0) == 0;
    any.reset(); // a statement still stepping would lock the schema
    if (empty) {
        m_db.dropSecondaryIndexes();
        m_usageKeys.clear();
        m_usageKeysLoaded = true;
    }
}

void StoreWriter::endRun(bool changed)
{
    m_db.createSecondaryIndexes();
    if (changed)
        resolveLinks();
}

qint64 StoreWriter::ensurePricedWith(const QByteArray& fingerprint)
{
    SqliteStatement read = m_db.prepare("SELECT value FROM meta WHERE key = 'price_book'");
    const QByteArray stored = read.step() ? read.bytes(0) : QByteArray();
    read.reset();
    if (stored == fingerprint)
        return 0;
    qint64 repriced = 0;
    Transaction transaction(m_db);
    // An empty store (first run) only records the fingerprint.
    if (!stored.isEmpty() && m_prices) {
        SqliteStatement rows = m_db.prepare(
            "SELECT id, model, provider, ts, input_tokens, output_tokens, cache_read_tokens, cache_write_5m_tokens, "
            "cache_write_1h_tokens, reasoning_tokens FROM usage_records WHERE model IS NOT NULL AND model != '<synthetic>'");
        SqliteStatement update = m_db.prepare("UPDATE usage_records SET computed_cost = ?2, price_entry = ?3 WHERE id = ?1");
        while (rows.step()) {
            TokenCounts tokens;
            tokens.input = rows.int64(4);
            tokens.output = rows.int64(5);
            tokens.cacheRead = rows.int64(6);
            tokens.cacheWrite5m = rows.int64(7);
            tokens.cacheWrite1h = rows.int64(8);
            tokens.reasoning = rows.int64(9);
            const PriceQuote quote = m_prices->price(rows.bytes(1), rows.bytes(2), tokens, rows.int64(3));
            update.bind(1, rows.int64(0));
            update.bind(2, quote.cost);
            update.bindOrNull(3, quote.entry.toUtf8());
            update.execute();
            ++repriced;
        }
    }
    SqliteStatement write = m_db.prepare("INSERT INTO meta(key, value) VALUES('price_book', ?1) "
                                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    write.bind(1, fingerprint);
    write.execute();
    transaction.commit();
    return repriced;
}

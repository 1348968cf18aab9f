// SPDX-License-Identifier: MIT
#include "storewriter.h"

#include "filesyncer.h"
#include "firstloadmarker.h"
#include "multirowinsert.h"
#include "pricing/pricebook.h"
#include "storeerror.h"

#include <algorithm>
#include <exception>
#include <QDateTime>
#include <QFileInfo>
#include <string>
#include <vector>

namespace {
// The writer's page cache (see the constructor).
constexpr const char* kWriterCache = "PRAGMA cache_size=-32768";

// The first and last bytes of a string the parser allocated, written on the other core: they start
// loading. These helpers are always inlined: GCC 12 takes a function that only prefetches for one
// without effects and drops the calls to it (BulkKeyIndex::prefetch too).
[[gnu::always_inline]] inline void prefetchBytes(const QByteArray& bytes)
{
    __builtin_prefetch(bytes.constData());
    __builtin_prefetch(bytes.constData() + bytes.size());
}
[[gnu::always_inline]] inline void prefetchStrings(const UsageRecord& record)
{
    prefetchBytes(record.recordKey);
    prefetchBytes(record.requestId);
}
[[gnu::always_inline]] inline void prefetchStrings(const ToolCallRecord& call)
{
    prefetchBytes(call.toolUseId);
    prefetchBytes(call.filePath);
}

// Calls store(record, hash) for each record, with what it reads first already on its way: the next
// record's key hashed and its slot in the store's key table loading (prefetch), the strings of the one
// after that loading. In a bulk load those tables are megabytes read at random, and the strings were
// written on the other core: a cache miss each (the key table 5 %, hashing the keys 4 % of the writer
// on a cold 1 GB Claude load, nearly all of it waiting for memory), while one record's insert takes
// microseconds.
template <typename Record, typename KeyStore, typename Store>
void storeAhead(const std::vector<Record>& records, const KeyStore& keys, Store store)
{
    const size_t count = records.size();
    if (count == 0)
        return;
    prefetchStrings(records[0]);
    if (count > 1)
        prefetchStrings(records[1]);
    qint64 next = KeyStore::keyHash(records[0]);
    keys.prefetch(next);
    for (size_t i = 0; i < count; ++i) {
        const qint64 hash = next;
        if (i + 2 < count)
            prefetchStrings(records[i + 2]);
        if (i + 1 < count) {
            next = KeyStore::keyHash(records[i + 1]);
            keys.prefetch(next);
        }
        store(records[i], hash);
    }
}
} // namespace

struct StoreWriter::Statements
{
    SqliteStatement upsertFile, selectFile, insertSessionKey, selectSessionKey, insertSession, upsertSession,
        setParent, setParentOnly, insertProject, selectProject;
    MultiRowInsert insertPrompts;
};

StoreWriter::Counts& StoreWriter::Counts::operator+=(const Counts& other)
{
    usageInserted += other.usageInserted;
    usageReplaced += other.usageReplaced;
    usageDuplicates += other.usageDuplicates;
    toolCalls += other.toolCalls;
    prompts += other.prompts;
    events += other.events;
    return *this;
}

StoreWriter::StoreWriter(const QString& databasePath, std::shared_ptr<const PriceBook> prices, Role role)
    : m_prices(std::move(prices))
    , m_statements(std::make_unique<Statements>())
    , m_role(role)
{
    m_db.open(databasePath, Database::Mode::ReadWrite);
    // Checkpoint the WAL every 64 MiB instead of every 4 MiB: a bulk ingest then copies each page to
    // the database file far fewer times.
    m_db.exec("PRAGMA wal_autocheckpoint=16384");
    // Half the readers' page cache: the writer appends to its tables and only its hash indexes take
    // random inserts, which fit. Measured on 1 GB cold ingests (6 and 3 runs paired with 64 MiB): the
    // same wall time, peak RSS 139 -> 104 MB (Claude) and 172 -> 136 MB (Codex).
    m_db.exec(kWriterCache);
    // SQLite's sorter, which builds the indexes a bulk load defers, allocates every record separately
    // when temporary storage is in memory, and sorts in one pooled buffer otherwise; it spills to a file
    // beyond the page cache's size, which endRun() makes small on purpose while it builds the indexes
    // (runs of 1 MiB). So the writer needs SQLite's temporary directory (SQLITE_TMPDIR, TMPDIR or
    // /tmp) to be writable. Measured on a 100 MB Codex cold ingest: index builds -14 %, the writer
    // thread -6 % of instructions.
    m_db.exec("PRAGMA temp_store=FILE");
    // What a bulk load killed before its end, or a command-line run, left unbuilt. The command line's
    // writer builds its own when it first looks a key up (ensureWriterIndexes), so a run that finds
    // nothing new does not pay for them.
    if (m_role == Role::Server)
        buildDeferredIndexes();
    m_usage = std::make_unique<UsageStore>(m_db, m_prices, m_rollup);
    m_toolCalls = std::make_unique<ToolCallStore>(m_db);
    m_events = std::make_unique<EventStore>(m_db);
    m_dataVersion = m_db.dataVersion();
    Statements& s = *m_statements;
    s.upsertFile = m_db.prepare(
        "INSERT INTO source_files(source_id, path, device, inode, size, mtime_ns, offset, lines_parsed, "
        "lines_skipped, last_skip_reason, resets, updated_at, parser_state) VALUES(?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, ?8, ?9, ?10, ?11, ?12, ?13) "
        "ON CONFLICT(path) DO UPDATE SET source_id = excluded.source_id, device = excluded.device, "
        "inode = excluded.inode, size = excluded.size, mtime_ns = excluded.mtime_ns, offset = "
        "excluded.offset, "
        "lines_parsed = CASE WHEN ?11 THEN excluded.lines_parsed ELSE lines_parsed + excluded.lines_parsed "
        "END, "
        "lines_skipped = CASE WHEN ?11 THEN excluded.lines_skipped ELSE lines_skipped + "
        "excluded.lines_skipped END, "
        "last_skip_reason = COALESCE(excluded.last_skip_reason, last_skip_reason), "
        "resets = resets + excluded.resets, updated_at = excluded.updated_at, parser_state = "
        "excluded.parser_state");
    // The row's id by a second statement rather than RETURNING, which collects its rows in a temporary
    // table: that doubled the upsert's cost (about 20 K instructions a file).
    s.selectFile = m_db.prepare("SELECT id FROM source_files WHERE path = ?1");
    s.insertSessionKey
        = m_db.prepare("INSERT INTO sessions(source_id, external_id) VALUES(?1, ?2) ON CONFLICT DO NOTHING");
    s.selectSessionKey = m_db.prepare("SELECT id FROM sessions WHERE source_id = ?1 AND external_id = ?2");
    // The batch's title (?18 = its rank, NULL when none) with the tie rules of SessionUpdate::offerTitle,
    // applied against the stored title. In the same statement as the rest, not a second UPDATE: one
    // rewrite of the row instead of two.
    const std::string titleWins = "(title_rank < ?18 OR (title_rank = ?18 AND ((?18 >= 3 AND ?19 >= "
                                  "COALESCE(title_ts, 0)) OR (?18 = 1 AND ?19 < title_ts))))";
    s.upsertSession = m_db.prepare(
        "UPDATE sessions SET "
        "parent_id = COALESCE(parent_id, ?2), project_id = COALESCE(project_id, ?3), cwd = COALESCE(cwd, "
        "?4), "
        "git_branch = COALESCE(?5, git_branch), "
        // The first agent named wins, except the placeholder 'subagent' that a sub-agent read before
        // the call that named it gets (Gemini, Claude without a .meta.json).
        "agent = CASE WHEN agent IS NULL OR (agent = 'subagent' AND ?6 IS NOT NULL) THEN ?6 ELSE agent END, "
        "agent_version = COALESCE(?7, agent_version), "
        "first_ts = CASE WHEN ?8 IS NULL THEN first_ts WHEN first_ts IS NULL OR ?8 < first_ts THEN ?8 ELSE "
        "first_ts END, "
        "last_ts = CASE WHEN ?9 IS NULL THEN last_ts WHEN last_ts IS NULL OR ?9 > last_ts THEN ?9 ELSE "
        "last_ts END, "
        "spawn_tool_use_id = COALESCE(spawn_tool_use_id, ?10), spawn_depth = COALESCE(spawn_depth, ?11), "
        "is_sidechain = MAX(is_sidechain, ?12), task_prompt = COALESCE(task_prompt, ?13), "
        "status = COALESCE(?14, status), "
        "last_output = CASE WHEN ?15 IS NOT NULL AND (last_output_ts IS NULL OR ?16 >= last_output_ts) "
        "THEN ?15 ELSE last_output END, "
        "last_output_ts = CASE WHEN ?15 IS NOT NULL AND (last_output_ts IS NULL OR ?16 >= last_output_ts) "
        "THEN ?16 ELSE last_output_ts END, "
        "title = CASE WHEN "
        + titleWins + " THEN ?17 ELSE title END, title_ts = CASE WHEN " + titleWins
        + " THEN ?19 ELSE title_ts END, title_rank = CASE WHEN " + titleWins
        + " THEN ?18 ELSE title_rank END WHERE id = ?1");
    // A session this writer has not seen yet, written whole: what upsertSession makes of a new row
    // (every column NULL, title_rank and is_sidechain 0), with its parameters, in one insert instead of
    // a key insert, a select and an update (the update was 0.127 s of a 1 GB Codex first load's writer,
    // which is one session per rollout). ?1 is the source and ?20 the external id; a row that exists
    // already (an earlier run's) is left alone, and upsertSession merges into it.
    s.insertSession = m_db.prepare("INSERT INTO sessions(source_id, external_id, parent_id, project_id, cwd, "
                                   "git_branch, agent, agent_version, first_ts, last_ts, spawn_tool_use_id, "
                                   "spawn_depth, is_sidechain, task_prompt, status, last_output, "
                                   "last_output_ts, title, title_ts, title_rank) "
                                   "VALUES(?1, ?20, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                                   "?15, CASE WHEN ?15 IS NULL THEN NULL ELSE ?16 END, "
                                   "CASE WHEN ?18 > 0 THEN ?17 END, CASE WHEN ?18 > 0 THEN ?19 END, "
                                   "CASE WHEN ?18 > 0 THEN ?18 ELSE 0 END) ON CONFLICT DO NOTHING");
    s.setParentOnly = m_db.prepare("UPDATE sessions SET parent_id = COALESCE(parent_id, ?2) WHERE id = ?1");
    s.setParent = m_db.prepare("UPDATE sessions SET parent_id = COALESCE(parent_id, ?2), "
                               "spawn_tool_use_id = COALESCE(spawn_tool_use_id, ?3), "
                               "is_sidechain = 1 WHERE id = ?1");
    s.insertProject = m_db.prepare("INSERT INTO projects(path, name) VALUES(?1, ?2) ON CONFLICT DO NOTHING");
    s.selectProject = m_db.prepare("SELECT id FROM projects WHERE path = ?1");
    s.insertPrompts = MultiRowInsert(
        m_db, "INSERT OR IGNORE INTO prompts(session_id, uuid, ts, text, length) VALUES ", 5);
}

std::int64_t StoreWriter::backgroundSyncs() const
{
    return m_syncer ? m_syncer->syncsDone() : -1;
}

StoreWriter::~StoreWriter()
{
    // Finalise statements before the connection closes.
    m_statements.reset();
    m_usage.reset();
    m_toolCalls.reset();
    m_events.reset();
}

StoredCursors StoreWriter::loadCursors(int sourceId)
{
    StoredCursors cursors;
    SqliteStatement select = m_db.prepare(
        "SELECT path, device, inode, size, mtime_ns, offset FROM source_files WHERE source_id = ?1");
    select.bind(1, sourceId);
    while (select.step()) {
        StoredCursor cursor;
        cursor.stamp.device = select.int64(1);
        cursor.stamp.inode = select.int64(2);
        cursor.stamp.size = select.int64(3);
        cursor.stamp.mtimeNs = select.int64(4);
        cursor.offset = select.int64(5);
        const std::string_view path = select.view(0);
        cursors.insert(QByteArrayView(path.data(), qsizetype(path.size())), cursor);
    }
    cursors.seal();
    return cursors;
}

void StoreWriter::preparePrices()
{
    if (m_prices)
        m_prices->parsePending();
}

qint64 StoreWriter::fileCountEstimate()
{
    SqliteStatement select = m_db.prepare("SELECT COALESCE(MAX(id), 0) FROM source_files");
    return select.step() ? select.int64(0) : 0;
}

QHash<QString, QByteArray> StoreWriter::parserStates(const QStringList& paths)
{
    QHash<QString, QByteArray> states;
    SqliteStatement select = m_db.prepare("SELECT parser_state FROM source_files WHERE path = ?1");
    for (const QString& path : paths) {
        select.bind(1, path);
        if (select.step() && !select.isNull(0))
            states.insert(path, select.bytes(0));
        select.reset();
    }
    return states;
}

QByteArray StoreWriter::sessionKey(int sourceId, const QByteArray& externalId)
{
    return QByteArray::number(sourceId) + ':' + externalId;
}

qint64 StoreWriter::sessionRowId(int sourceId, const QByteArray& externalId)
{
    const QByteArray key = sessionKey(sourceId, externalId);
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
    m_rollup.noteSource(id, sourceId);
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
    const QByteArray key = sessionKey(sourceId, update.externalId);
    if (!m_sessionIds.contains(key)) {
        // The parent's row when it has one already; a parent not seen yet gets its row after this one,
        // as in the update path, so that rowids come in the same order either way.
        const QByteArray parentKey = update.parentExternalId.isEmpty()
            ? QByteArray()
            : sessionKey(sourceId, update.parentExternalId);
        const qint64 knownParent = parentKey.isEmpty() ? 0 : m_sessionIds.value(parentKey);
        SqliteStatement& q = s.insertSession;
        q.bind(1, sourceId);
        q.bindView(20, update.externalId);
        bindSessionFields(q, update, knownParent);
        q.execute();
        if (m_db.changes() == 1) {
            const qint64 id = m_db.lastInsertRowId();
            m_sessionIds.insert(key, id);
            m_rollup.noteSource(id, sourceId);
            if (!parentKey.isEmpty() && knownParent == 0) {
                s.setParentOnly.bind(1, id);
                s.setParentOnly.bind(2, sessionRowId(sourceId, update.parentExternalId));
                s.setParentOnly.execute();
            }
            return id;
        }
    }
    const qint64 id = sessionRowId(sourceId, update.externalId);
    SqliteStatement& q = s.upsertSession;
    q.bind(1, id);
    bindSessionFields(
        q, update, update.parentExternalId.isEmpty() ? 0 : sessionRowId(sourceId, update.parentExternalId));
    q.execute();
    return id;
}

void StoreWriter::bindSessionFields(SqliteStatement& q, const SessionUpdate& update, qint64 parentId)
{
    if (parentId != 0)
        q.bind(2, parentId);
    else
        q.bindNull(2);
    if (!update.cwd.isEmpty())
        q.bind(3, projectRowId(update.cwd));
    else
        q.bindNull(3);
    q.bindViewOrNull(4, update.cwd);
    q.bindViewOrNull(5, update.gitBranch);
    q.bindViewOrNull(6, update.agent);
    q.bindViewOrNull(7, update.agentVersion);
    if (update.firstTs > 0) {
        q.bind(8, update.firstTs);
        q.bind(9, update.lastTs);
    } else {
        q.bindNull(8);
        q.bindNull(9);
    }
    q.bindViewOrNull(10, update.spawnToolUseId);
    if (update.spawnDepth > 0)
        q.bind(11, update.spawnDepth);
    else
        q.bindNull(11);
    q.bind(12, update.isSidechain ? 1 : 0);
    q.bindViewOrNull(13, update.taskPrompt);
    q.bindViewOrNull(14, update.status);
    q.bindViewOrNull(15, update.lastOutput);
    q.bind(16, update.lastOutputTs);
    if (update.titleRank != SessionUpdate::NoTitle) {
        q.bindView(17, update.title);
        q.bind(18, int(update.titleRank));
        q.bind(19, update.titleTs);
    } else {
        q.bindNull(17);
        q.bindNull(18);
        q.bindNull(19);
    }
}

void StoreWriter::linkChildSession(const ToolResultRecord& result, qint64 sessionId)
{
    Statements& s = *m_statements;
    const qint64 childId = sessionRowId(m_currentSource, result.childSessionExternalId);
    if (!m_bulk)
        m_runSessions.insert(childId);
    s.setParent.bind(1, childId);
    s.setParent.bind(2, sessionId);
    s.setParent.bind(3, result.toolUseId);
    s.setParent.execute();
    m_toolCalls->linkChild(result, sessionId, childId);
}

StoreWriter::Counts StoreWriter::apply(const IngestBatch& batch)
{
    Counts counts;
    Statements& s = *m_statements;
    Transaction transaction(m_db);
    // The stores hold pointers into the batch until they write its rows: a batch that fails leaves them
    // none (a writer is not used again after a failure, but nothing may point into a batch that is gone).
    struct DiscardOnFailure
    {
        UsageStore& usage;
        ToolCallStore& toolCalls;
        int exceptions = std::uncaught_exceptions();
        ~DiscardOnFailure()
        {
            if (std::uncaught_exceptions() > exceptions) {
                usage.discardPending();
                toolCalls.discardPending();
            }
        }
    } discardOnFailure { *m_usage, *m_toolCalls };
    // Bulk mode's key sets are exact only while no other connection writes (a CLI ingest while the
    // window runs, say); SQLite's data_version tells. Checked inside the write transaction: another
    // writer commits while this one waits for the lock.
    const qint64 version = m_db.dataVersion();
    const bool otherWriter = version != m_dataVersion;
    if (otherWriter) {
        m_usage->endBulk();
        m_toolCalls->endBulk();
        m_events->endBulk();
        m_dataVersion = version;
        // That writer may have been a command-line bulk load into the empty store, which dropped the
        // deferred indexes and left them unbuilt: look again before the next lookup. A server's writer
        // builds what is missing at once, as when it opens a store.
        m_writerIndexes = false;
        if (m_bulk || m_role == Role::Server)
            buildDeferredIndexes(); // the lookups from now on need the key indexes
    }
    // Outside a bulk load every request and tool call is looked up by its key.
    if (!m_bulk && (!batch.usage.empty() || !batch.toolCalls.empty() || !batch.toolResults.empty()))
        ensureWriterIndexes();
    if (!m_linksPending) {
        // Sub-agent links are resolved at the end of a run; a run killed before that leaves this mark,
        // and the next run resolves everything.
        m_db.exec("INSERT INTO meta(key, value) VALUES('links_pending', '1') "
                  "ON CONFLICT(key) DO UPDATE SET value = '1'");
        m_linksPending = true;
    }
    m_rollup.clear(); // whatever a failed batch left behind was rolled back with it
    m_currentSource = batch.sourceId;

    std::vector<qint64> fileIds;
    fileIds.reserve(batch.progress.size());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const IngestBatch::FileProgress& progress : batch.progress) {
        SqliteStatement& q = s.upsertFile;
        q.bind(1, batch.sourceId);
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
        if (progress.cursor.parserState.isEmpty())
            q.bindNull(13);
        else
            q.bindBlob(13, progress.cursor.parserState);
        q.execute();
        s.selectFile.bind(1, progress.cursor.path);
        s.selectFile.step();
        fileIds.push_back(s.selectFile.int64(0));
        s.selectFile.reset();
    }
    auto fileIdOf = [&fileIds](int index) {
        return index >= 0 && size_t(index) < fileIds.size() ? fileIds[size_t(index)] : 0;
    };

    m_batchSessionRows.clear();
    for (const SessionUpdate& update : batch.sessions)
        m_batchSessionRows.push_back(applySession(batch.sourceId, update));
    if (!m_bulk)
        for (qint64 id : m_batchSessionRows)
            m_runSessions.insert(id);

    storeAhead(batch.usage, *m_usage, [&](const UsageRecord& record, qint64 hash) {
        switch (m_usage->store(
            record, hash, rowOf(record.sessionIndex, record.sessionExternalId), fileIdOf(record.fileIndex))) {
        case UsageStore::Outcome::Inserted:
            ++counts.usageInserted;
            break;
        case UsageStore::Outcome::Replaced:
            ++counts.usageReplaced;
            break;
        case UsageStore::Outcome::Duplicate:
            ++counts.usageDuplicates;
            break;
        }
    });
    m_usage->flushPending(); // the rows still held point into the batch
    storeAhead(batch.toolCalls, *m_toolCalls, [&](const ToolCallRecord& call, qint64 hash) {
        const qint64 sessionId = rowOf(call.sessionIndex, call.sessionExternalId);
        if (const qint64 id = m_toolCalls->store(call, hash, sessionId, fileIdOf(call.fileIndex))) {
            ++counts.toolCalls;
            if (!m_bulk)
                m_runCalls.push_back(id);
        }
        if (call.hasResult && !call.result.childSessionExternalId.isEmpty())
            linkChildSession(call.result, sessionId);
    });
    m_toolCalls->flushPending(); // likewise
    for (const ToolResultRecord& result : batch.toolResults) {
        const qint64 sessionId = sessionRowId(batch.sourceId, result.sessionExternalId);
        m_toolCalls->storeResult(result, sessionId);
        if (!result.childSessionExternalId.isEmpty())
            linkChildSession(result, sessionId);
    }
    for (size_t done = 0; done < batch.prompts.size();) {
        const int rows = int(std::min(batch.prompts.size() - done, size_t(MultiRowInsert::kMaxRows)));
        SqliteStatement& q = s.insertPrompts.forRows(rows);
        for (int row = 0; row < rows; ++row) {
            const PromptRecord& prompt = batch.prompts[done + size_t(row)];
            const int first = row * s.insertPrompts.parameters();
            q.bind(first + 1, rowOf(prompt.sessionIndex, prompt.sessionExternalId));
            q.bindView(first + 2, prompt.uuid);
            q.bind(first + 3, prompt.ts);
            q.bindViewOrNull(first + 4, prompt.text);
            q.bind(first + 5, prompt.length);
        }
        q.execute();
        counts.prompts += m_db.changes(); // the rows not there before
        done += size_t(rows);
    }
    for (const AgentEventRecord& event : batch.events) {
        if (m_events->store(
                event, rowOf(event.sessionIndex, event.sessionExternalId), fileIdOf(event.fileIndex)))
            ++counts.events;
    }
    m_rollup.flush(m_db);
    transaction.commit();
    if (m_syncer)
        m_syncer->request();
    // Another writer's rows are in the store now, which a discarded first load would take with it.
    if (m_firstLoad && otherWriter)
        leaveMemoryJournal();
    return counts;
}

void StoreWriter::resolveLinks(bool everything)
{
    ensureWriterIndexes();
    linkSubAgents(everything, false);
}

void StoreWriter::linkSubAgents(bool everything, bool callsFromMemory)
{
    Transaction transaction(m_db);
    if (callsFromMemory && m_db.dataVersion() != m_dataVersion) {
        // Another writer committed since the last batch: the rows in memory may not be all of them.
        callsFromMemory = false;
        buildDeferredIndexes();
    }
    // How a statement reaches the tool calls of a hash: through tool_calls_hash, or, at the end of a
    // bulk load that leaves that index to a later run, through a temporary table of the calls whose
    // hash is some session's spawning call, filled from the writer's memory. The same statements
    // either way, so both give the same links.
    auto callsOfHash = [callsFromMemory](const std::string& hash) {
        return callsFromMemory
            ? "link_calls lc JOIN tool_calls tc ON tc.id = lc.id WHERE lc.tool_hash = " + hash
            : "tool_calls tc WHERE tc.tool_hash = " + hash;
    };
    // A sub-agent's spawning tool call names its real parent, which for nested sub-agents is another
    // sub-agent rather than the session directory the file lives in.
    const std::string parentOfSession = "(SELECT tc.session_id FROM "
        + callsOfHash("am_hash(sessions.spawn_tool_use_id)")
        + " AND tc.tool_use_id = sessions.spawn_tool_use_id AND tc.session_id != sessions.id ORDER BY tc.id "
          "LIMIT 1)";
    const std::string parentChanges = "spawn_tool_use_id IS NOT NULL AND EXISTS (SELECT 1 FROM "
        + callsOfHash("am_hash(sessions.spawn_tool_use_id)")
        + " AND tc.tool_use_id = sessions.spawn_tool_use_id AND tc.session_id != sessions.id "
          "AND tc.session_id IS NOT sessions.parent_id)";
    const std::string childOfCall
        = "(SELECT s.id FROM sessions s WHERE s.spawn_tool_use_id = tool_calls.tool_use_id "
          "AND s.parent_id = tool_calls.session_id LIMIT 1)";
    if (callsFromMemory) {
        m_db.exec(
            "CREATE TEMP TABLE IF NOT EXISTS link_calls(id INTEGER PRIMARY KEY, tool_hash INTEGER NOT NULL)");
        m_db.exec("CREATE INDEX IF NOT EXISTS temp.link_calls_hash ON link_calls(tool_hash)");
        m_db.exec("DELETE FROM link_calls");
        SqliteStatement spawns = m_db.prepare(
            "SELECT DISTINCT am_hash(spawn_tool_use_id) FROM sessions WHERE spawn_tool_use_id IS NOT NULL");
        SqliteStatement add = m_db.prepare("INSERT INTO link_calls(id, tool_hash) VALUES(?1, ?2)");
        while (spawns.step()) {
            const qint64 hash = spawns.int64(0);
            for (qint64 id : m_toolCalls->bulkRows(hash)) {
                add.bind(1, id);
                add.bind(2, hash);
                add.execute();
            }
        }
    }
    if (everything) {
        m_db.exec("UPDATE sessions SET parent_id = " + parentOfSession + " WHERE " + parentChanges);
        // The calls whose hash is some session's spawning call: exactly the rows of link_calls.
        m_db.exec("UPDATE tool_calls SET child_session_id = " + childOfCall
            + " WHERE child_session_id IS NULL AND "
            + (callsFromMemory ? std::string("id IN (SELECT id FROM link_calls)")
                               : std::string("tool_hash IN (SELECT am_hash(spawn_tool_use_id) FROM sessions "
                                             "WHERE spawn_tool_use_id IS NOT NULL)")));
        if (callsFromMemory)
            m_db.exec("DELETE FROM link_calls");
    } else {
        // Only what this run touched, so that a small increment does not visit every sub-agent.
        m_db.exec("CREATE TEMP TABLE IF NOT EXISTS run_sessions(id INTEGER PRIMARY KEY)");
        m_db.exec("CREATE TEMP TABLE IF NOT EXISTS run_calls(id INTEGER PRIMARY KEY)");
        m_db.exec("DELETE FROM run_sessions");
        m_db.exec("DELETE FROM run_calls");
        SqliteStatement addSession = m_db.prepare("INSERT OR IGNORE INTO run_sessions(id) VALUES(?1)");
        for (qint64 id : std::as_const(m_runSessions)) {
            addSession.bind(1, id);
            addSession.execute();
        }
        SqliteStatement addCall = m_db.prepare("INSERT OR IGNORE INTO run_calls(id) VALUES(?1)");
        for (qint64 id : m_runCalls) {
            addCall.bind(1, id);
            addCall.execute();
        }
        // Sessions of this run, and sessions whose spawning call is new in this run.
        m_db.exec("UPDATE sessions SET parent_id = " + parentOfSession
            + " WHERE id IN (SELECT id FROM run_sessions) AND " + parentChanges);
        m_db.exec("UPDATE sessions SET parent_id = " + parentOfSession
            + " WHERE spawn_tool_use_id IN (SELECT tool_use_id FROM tool_calls WHERE id IN "
              "(SELECT id FROM run_calls)) AND "
            + parentChanges);
        // Calls of this run, and calls that spawned a session of this run.
        m_db.exec("UPDATE tool_calls SET child_session_id = " + childOfCall
            + " WHERE id IN (SELECT id FROM run_calls) AND child_session_id IS NULL");
        m_db.exec("UPDATE tool_calls SET child_session_id = " + childOfCall
            + " WHERE tool_hash IN (SELECT am_hash(spawn_tool_use_id) FROM sessions WHERE id IN "
              "(SELECT id FROM run_sessions) AND spawn_tool_use_id IS NOT NULL) AND child_session_id IS "
              "NULL");
    }
    m_db.exec("DELETE FROM meta WHERE key = 'links_pending'");
    transaction.commit();
    m_linksPending = false;
    m_runSessions.clear();
    m_runCalls.clear();
}

void StoreWriter::beginRun()
{
    // A first ingest into an empty store is a bulk load: drop the deferred indexes now and build them
    // once in endRun(), instead of updating them for every row.
    SqliteStatement any
        = m_db.prepare("SELECT EXISTS (SELECT 1 FROM usage_records) OR EXISTS (SELECT 1 FROM tool_calls) "
                       "OR EXISTS (SELECT 1 FROM agent_events), "
                       "EXISTS (SELECT 1 FROM meta WHERE key = 'links_pending' AND value = '1')");
    any.step();
    bool empty = any.int64(0) == 0;
    m_resolveAll = any.int64(1) != 0;
    any.reset(); // a statement still stepping would lock the schema
    m_linksPending = m_resolveAll;
    m_runSessions.clear();
    m_runCalls.clear();
    if (empty && m_role == Role::CommandLine) {
        // A bulk load mostly appends new pages. The WAL writes each twice (to the log, then to the
        // file when it checkpoints); a rollback journal on disk writes each once but also copies there
        // every page a commit changes (the sessions' and cursors' pages, the tables' last pages), in
        // three write calls per page: a third of the writer's writes on 1 GB of Claude Code logs.
        // Kept in memory, that journal still undoes a failed batch; what it no longer survives is a
        // kill in the middle of a commit, and the FirstLoadMarker covers that (the next open discards
        // the store and loads again; measured in docs/performance.md). Readers would wait for every
        // commit, so only the command line, and only when no other connection has the file (else the
        // switch fails and the load stays in WAL mode).
        auto marker = std::make_unique<FirstLoadMarker>(m_db.path());
        if (marker->acquire() && m_db.setJournalMode("memory")) {
            // data_version is counted differently in the two modes, so it is read again, with the
            // emptiness of the store, in one read transaction: a writer that committed in between
            // ends the bulk load at the first batch as usual, or makes this no bulk load at all.
            m_db.exec("BEGIN");
            m_dataVersion = m_db.dataVersion();
            any.step();
            empty = any.int64(0) == 0;
            any.reset();
            m_db.exec("COMMIT");
            m_firstLoad = std::move(marker);
            if (!empty)
                leaveMemoryJournal();
            else {
                // Nor does such a load sync the file at each commit: the marker (synced before the
                // first write) already makes a store whose load did not finish worthless, whether a
                // kill or a power loss stopped it, so only the end of the load needs to reach the
                // disk, which leaveMemoryJournal() makes sure of. Without the syncs a 1 GB first load
                // took 0.88 (Claude) and 0.94 (Codex) of the time in pairs: the writer had waited for
                // the disk at every commit (docs/performance.md, session 13).
                m_db.exec("PRAGMA synchronous=OFF");
                // And a commit's pages go to the file in as few write calls as they are runs of
                // adjacent pages (GatheringVfs): the rollback journal keeps readers out until the
                // commit ends, and the marker covers what a kill loses of a commit as before.
                m_db.gatherWrites(true);
                // The one sync at the end would then wait for every page the load wrote: a thread
                // syncs after each commit instead, so that little is left by then (FileSyncer).
                m_syncer = std::make_unique<FileSyncer>(m_db.path());
            }
        } else {
            marker->release();
        }
    }
    m_bulk = empty;
    // A bulk load checks no foreign key. Every id its rows name is one this writer has just stored or
    // looked up itself (sessions, projects, files), and the checks, a lookup in the parent table for
    // each reference of each inserted row, made the writer's CPU 1.36-1.47 s instead of 1.04-1.08 s in
    // a first load of 1 GB of Codex logs (docs/performance.md, session 23). That holds because no run
    // deletes a row, and because a writer whose batch failed is used no more (StoreWriterThread
    // refuses all work after an error; the live ingest drops its writer): its id caches and bulk key
    // sets would name rows the rollback took away. Every other run checks them, endRun() turns them
    // back on, and the tests check the rows ingests leave (PRAGMA foreign_key_check).
    setForeignKeys(!empty);
    if (empty) {
        m_db.dropDeferredIndexes();
        m_writerIndexes = false;
        m_usage->beginBulk();
        m_toolCalls->beginBulk();
        m_events->beginBulk();
    }
}

void StoreWriter::endRun(bool changed)
{
    setForeignKeys(true); // off during a bulk load (beginRun())
    const bool everything = m_bulk || m_resolveAll;
    // The end of a command-line bulk load that stayed one (no other writer meanwhile) still has the
    // rows of every tool call in memory: links are resolved from them, and the key indexes are left
    // to the next run that looks a key up, or to the next server's writer, which builds them when it
    // opens the store. A first `report` is spared building them (docs/performance.md).
    const bool linksFromMemory = m_bulk && m_role == Role::CommandLine && m_toolCalls->inBulk();
    m_bulk = false;
    m_resolveAll = false;
    if (linksFromMemory)
        linkSubAgents(true, true);
    m_usage->endBulk();
    m_toolCalls->endBulk();
    m_events->endBulk();
    if (m_role == Role::Server)
        buildDeferredIndexes();
    if (!linksFromMemory && (changed || everything))
        resolveLinks(everything);
    if (m_firstLoad)
        leaveMemoryJournal();
}

void StoreWriter::setForeignKeys(bool on)
{
    // Only when it changes: setting it, even to its value, makes SQLite prepare every statement of the
    // connection again.
    if (on == m_foreignKeys)
        return;
    m_db.exec(on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF");
    m_foreignKeys = on;
}

void StoreWriter::leaveMemoryJournal()
{
    // Back to WAL for every later run, whose readers must not wait. Should another process hold the
    // file now, a journal on disk until Database::open() switches it when the next writer opens the
    // store. The switch changes data_version's counting again: the next run must not take it for
    // another writer. It is a write transaction of its own (the file header's version bytes), so
    // with syncs back on, its commit syncs the file, every page the load wrote unsynced with it,
    // before the marker goes.
    // WAL readers learn of new frames through shared memory, which no write call precedes: nothing may
    // be held from here on. A failure to write out what was held fails the load, and the marker stays.
    if (!m_db.gatherWrites(false))
        throw StoreError(QStringLiteral("cannot write the database %1").arg(m_db.path()));
    m_syncer.reset(); // the switch's commit syncs the rest
    m_db.exec("PRAGMA synchronous=NORMAL");
    const bool wal = m_db.setJournalMode("wal");
    const bool persist = !wal && m_db.setJournalMode("persist");
    // Another connection kept the store from WAL (it was reading). A change between rollback modes
    // writes nothing, so nothing has synced what the load wrote without syncs: that must reach the disk
    // before the marker goes, or a power cut could leave a damaged store that no marker condemns.
    if (persist && !m_db.syncFile())
        throw StoreError(QStringLiteral("cannot sync the database %1").arg(m_db.path()));
    if (wal || persist) {
        m_firstLoad->release();
        m_firstLoad.reset();
    }
    // Else (never seen: rollback modes change freely) the marker stays held, endRun() tries again,
    // and a process that ends first leaves it for the next open to discard the store.
    m_dataVersion = m_db.dataVersion();
}

void StoreWriter::buildDeferredIndexes()
{
    // Building an index sorts every row once, in runs the size of the page cache that are then
    // merged. Runs of 1 MiB (spilled to temporary files of a few MiB) sort faster than one run of
    // 32 MiB: after a 1 GB Codex cold ingest the builds took 0.69-0.91 s instead of 0.83-1.25 s (3 runs
    // each; the whole run 0.94 of the time in 8 pairs); on a checkpointed copy of the 1 GB stores
    // 0.62 s instead of 0.78 s (Codex) and 0.39 s instead of 0.43 s (Claude). Worker threads
    // (PRAGMA threads) added nothing. Shrinking the cache empties it, so a run that finds every index
    // in place (every run but a bulk load's end and the first open after one) leaves it alone.
    const Database::DeferredIndexes indexes
        = m_role == Role::Server ? Database::DeferredIndexes::All : Database::DeferredIndexes::Writer;
    if (m_db.hasDeferredIndexes(indexes)) {
        m_writerIndexes = true; // every set holds the writer's
        return;
    }
    m_db.exec("PRAGMA cache_size=-1024");
    m_db.createDeferredIndexes(indexes);
    m_db.exec(kWriterCache);
    m_writerIndexes = true;
}

void StoreWriter::ensureWriterIndexes()
{
    if (!m_writerIndexes)
        buildDeferredIndexes();
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
    if (!stored.isEmpty())
        repriced = m_usage->repriceAll();
    SqliteStatement write = m_db.prepare("INSERT INTO meta(key, value) VALUES('price_book', ?1) "
                                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    write.bind(1, fingerprint);
    write.execute();
    transaction.commit();
    return repriced;
}

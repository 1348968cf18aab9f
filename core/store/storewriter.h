// SPDX-License-Identifier: MIT
#pragma once

#include "database.h"
#include "domain/filecursor.h"
#include "domain/ingestbatch.h"
#include "domain/storedcursors.h"
#include "eventstore.h"
#include "toolcallstore.h"
#include "usagestore.h"

#include <cstdint>
#include <memory>
#include <QHash>
#include <QSet>
#include <QString>
#include <vector>

class FileSyncer;
class FirstLoadMarker;
class PriceBook;

// Applies ingest batches to the database: the single writer of architecture.md §2. Each batch is one
// transaction holding its records and the cursors of the files they came from, so an interrupted
// ingest resumes exactly where the last commit left it. Every write is an idempotent upsert keyed by
// the source's own ids, so reading a line twice never counts it twice.
// Not thread-safe: owned by one thread (StoreWriterThread, or a test).
class StoreWriter
{
public:
    struct Counts
    {
        qint64 usageInserted = 0;
        qint64 usageReplaced = 0; // a larger copy of a stored request replaced it
        qint64 usageDuplicates = 0; // copies dropped because the stored one was as large or preferred
        qint64 toolCalls = 0;
        qint64 prompts = 0;
        qint64 events = 0; // agent_events rows added (errors, retries)
        Counts& operator+=(const Counts& other);
    };

    // The kind of process this writer serves, which decides what a first ingest (a bulk load into an
    // empty store) does beyond storing rows.
    enum class Role
    {
        // `serve` and the window, whose readers query the store while it loads. The writer builds every
        // deferred index: those missing when it opens the store, and all of them at the end of a bulk
        // load. The store stays in WAL mode throughout, so readers never wait for the writer.
        Server,
        // `report`, `ingest` and the no-command run, which usually load a store nothing else reads:
        // - a bulk load builds no deferred index: reports read rollups and rows without the query-only
        //   ones, which the next Server writer builds; links are resolved from the rows kept in memory
        //   (endRun()), and the key indexes are built before the first lookup of a later run
        //   (ensureWriterIndexes()). That spares a first ingest its serial tail (docs/performance.md);
        //   a store left so answers every query, only slower, until then.
        // - a bulk load keeps its rollback journal in memory instead of writing the WAL when no other
        //   connection has the file open, under a FirstLoadMarker (see beginRun()).
        CommandLine
    };

    StoreWriter(
        const QString& databasePath, std::shared_ptr<const PriceBook> prices, Role role = Role::Server);
    ~StoreWriter();
    StoreWriter(const StoreWriter&) = delete;
    StoreWriter& operator=(const StoreWriter&) = delete;

    Database& database() { return m_db; }
    // The syncs a bulk load without per-commit syncs makes on a thread of its own (FileSyncer); -1 when
    // none runs.
    std::int64_t backgroundSyncs() const;

    // Every stored cursor of a source, without its parser state: a warm run compares tens of thousands
    // of cursors with the files and resumes a handful, and Codex states are hundreds of bytes each.
    StoredCursors loadCursors(int sourceId);
    // About how many files the store has cursors for (the highest row id: rows are never deleted), read
    // in one index step, before the cursors themselves.
    qint64 fileCountEstimate();
    // The stored parser states of these files (path -> state; files without one are left out).
    QHash<QString, QByteArray> parserStates(const QStringList& paths);
    // Brackets an ingest run: a run into an empty store (a bulk load) drops the indexes of
    // Database::DeferredIndexes, which a Server writer builds in endRun() (see Role for the command
    // line's); endRun() links sub-agents to their parents.
    void beginRun();
    void endRun(bool changed);
    // Parses the price data the first request would parse (PriceBook::parsePending()).
    void preparePrices();
    Counts apply(const IngestBatch& batch);
    // Re-prices every stored request when the price book differs from the one that priced them
    // (fingerprint = a hash of the price data and overrides). Returns the number of rows re-priced.
    qint64 ensurePricedWith(const QByteArray& fingerprint);
    // Links sub-agent sessions to the session that spawned them once both sides are stored, whatever
    // order their files were read in (nested sub-agents of sub-agents, era-2 agent files).
    // everything: all sessions (after a bulk load); else only what this run touched.
    void resolveLinks(bool everything = true);

private:
    struct Statements;

    // Ends the in-memory journal of a first load (beginRun()): back to WAL, or to a journal on disk
    // when another connection is in the way, then the marker goes.
    void leaveMemoryJournal();
    // PRAGMA foreign_keys, off during a bulk load (beginRun()); outside a transaction only.
    void setForeignKeys(bool on);
    // The deferred indexes this kind of writer builds (see Role), those missing.
    void buildDeferredIndexes();
    // The key indexes (resources/sql/writer_indexes.sql), before a lookup through them.
    void ensureWriterIndexes();
    // resolveLinks(); callsFromMemory: at the end of a bulk load, without the key indexes (endRun()).
    void linkSubAgents(bool everything, bool callsFromMemory);
    static QByteArray sessionKey(int sourceId, const QByteArray& externalId); // of m_sessionIds
    qint64 sessionRowId(int sourceId, const QByteArray& externalId);
    qint64 projectRowId(const QByteArray& cwd);
    qint64 applySession(int sourceId, const SessionUpdate& update);
    // Parameters 2 to 19 of the session insert and update: the update's fields, parentId 0 for none.
    void bindSessionFields(SqliteStatement& q, const SessionUpdate& update, qint64 parentId);
    // The row of a batch's session, by its index in the batch (or by external id when it has none).
    qint64 rowOf(int sessionIndex, const QByteArray& externalId);
    void linkChildSession(const ToolResultRecord& result, qint64 sessionId);

    Database m_db;
    std::shared_ptr<const PriceBook> m_prices;
    std::unique_ptr<Statements> m_statements;
    QHash<QByteArray, qint64> m_sessionIds; // "<sourceId>:<externalId>" -> rowid
    QHash<QByteArray, qint64> m_projectIds;
    int m_currentSource = 0; // source of the batch being applied
    std::vector<qint64> m_batchSessionRows;
    UsageRollup m_rollup;
    std::unique_ptr<UsageStore> m_usage;
    std::unique_ptr<ToolCallStore> m_toolCalls;
    std::unique_ptr<EventStore> m_events;
    qint64 m_dataVersion = 0;
    Role m_role;
    bool m_bulk = false; // this run started on an empty store
    bool m_foreignKeys = true; // PRAGMA foreign_keys on the connection (Database::open() turns it on)
    // Held while this bulk load runs with its rollback journal in memory, not the WAL.
    std::unique_ptr<FirstLoadMarker> m_firstLoad;
    std::unique_ptr<FileSyncer> m_syncer; // while m_firstLoad commits without syncs
    bool m_writerIndexes = false; // the key indexes are known to exist
    bool m_resolveAll = false; // an earlier run ended before resolving sub-agent links
    bool m_linksPending = false; // meta.links_pending is set
    QSet<qint64> m_runSessions; // sessions this run touched (outside bulk mode)
    std::vector<qint64> m_runCalls; // tool calls this run added (outside bulk mode)
};

// SPDX-License-Identifier: MIT
#pragma once

#include "sqlitestatement.h"

#include <QString>
#include <string_view>

// One SQLite connection. A connection belongs to the thread that opened it (architecture.md §3):
// the writer thread opens the only read-write one, readers open their own read-only ones.
class Database
{
public:
    enum class Mode
    {
        ReadWrite,
        ReadOnly
    };

    Database() = default;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Opens (creating if needed) and applies the per-connection pragmas. A read-write open also runs
    // pending migrations. Throws StoreError with a readable message on failure.
    void open(const QString& path, Mode mode = Mode::ReadWrite);
    void close();
    bool isOpen() const { return m_db != nullptr; }
    QString path() const { return m_path; }

    void exec(std::string_view sql);
    SqliteStatement prepare(std::string_view sql);
    std::int64_t lastInsertRowId() const;
    int changes() const;
    int schemaVersion();
    // Changes whenever another connection commits (PRAGMA data_version).
    qint64 dataVersion();
    // PRAGMA journal_mode=<mode> ("wal", "persist", ...); whether the store is in that mode afterwards.
    // Leaving WAL needs the file to this connection alone, and entering it a moment without other
    // readers; false, not an error, when another connection is in the way.
    bool setJournalMode(std::string_view mode);
    // Gathers the writes of adjacent pages into one write call (GatheringVfs), or writes out what is
    // held and stops. Only while no other connection can read the file: a rollback journal's commits,
    // never WAL. False when it could not be turned on, or writing out failed (the bytes are lost, as
    // in a failed write).
    bool gatherWrites(bool on);
    bool gathersWrites() const { return m_gathering; }
    // Syncs the database file to the disk now, with what commits made under synchronous=OFF wrote.
    // False when the sync failed.
    bool syncFile();

    void begin();
    void commit();
    void rollback();

    // The indexes a bulk load drops at its start and builds later (StoreWriter::Role says when): those
    // the store writer reads through (resources/sql/writer_indexes.sql) and those only queries read
    // (query_indexes.sql). Creating them is idempotent (IF NOT EXISTS).
    enum class DeferredIndexes
    {
        Writer, // the writer's own
        All // the writer's and the queries'
    };
    void createDeferredIndexes(DeferredIndexes which);
    // Whether every index of that set exists.
    bool hasDeferredIndexes(DeferredIndexes which);
    void dropDeferredIndexes();

    // The newest schema version this build knows; PRAGMA user_version after migrate().
    static int latestSchemaVersion();

    // The connection itself, for tests that hook into it (a trace callback, a shorter busy timeout).
    struct sqlite3* handle() const { return m_db; }

private:
    void migrate();

    struct sqlite3* m_db = nullptr;
    QString m_path;
    bool m_gathering = false;
};

// Rolls back unless commit() was called: a batch is all or nothing, which is what makes a killed
// ingest resumable without double counting.
class Transaction
{
public:
    explicit Transaction(Database& db)
        : m_db(db)
    {
        m_db.begin();
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction()
    {
        if (!m_done)
            m_db.rollback();
    }
    void commit()
    {
        m_db.commit();
        m_done = true;
    }

private:
    Database& m_db;
    bool m_done = false;
};

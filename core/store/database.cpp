// SPDX-License-Identifier: MIT
#include "database.h"

#include "firstloadmarker.h"
#include "gatheringvfs.h"
#include "stablehash.h"
#include "storeerror.h"

#include <mutex>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QThread>
#include <sqlite3.h>

namespace {
// Migrations ship as resources, one file per version; a file may hold several statements
// (sqlite3_exec runs them in order). Append only: never edit a released migration.
const char* const kMigrations[] = {
    ":/sql/0001_initial.sql",
    ":/sql/0002_traces.sql",
    ":/sql/0003_activity.sql",
    ":/sql/0004_api_indexes.sql",
    ":/sql/0005_source_rollup.sql",
    ":/sql/0006_source_files_source.sql",
    ":/sql/0007_sessions_spawn.sql",
    ":/sql/0008_stable_hash.sql",
};
} // namespace

Database::~Database()
{
    close();
}

int Database::latestSchemaVersion()
{
    return static_cast<int>(std::size(kMigrations));
}

namespace {
// sqlite3_open_v2, with the reason in a StoreError when it fails.
// A read-write connection goes through GatheringVfs, which behaves as the default VFS until the writer
// asks it to gather writes (Database::gatherWrites).
sqlite3* openConnection(const QString& path, int flags)
{
    sqlite3* db = nullptr;
    const char* vfs = (flags & SQLITE_OPEN_READWRITE) ? GatheringVfs::name() : nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, flags, vfs) != SQLITE_OK) {
        const QString message = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QStringLiteral("out of memory");
        sqlite3_close(db);
        throw StoreError(QStringLiteral("cannot open database %1: %2").arg(path, message));
    }
    return db;
}

// A command-line load killed in the middle of a transaction leaves the store in rollback-journal mode
// with a hot journal (StoreWriter::Role::CommandLine), which a read-only connection cannot roll back:
// its first read fails with SQLITE_READONLY_ROLLBACK. A read-write connection that only reads (no
// creation, no migration, no change of journal mode) rolls it back. Returns whether it did; the
// read-only connection must then be opened again.
bool hotJournalRolledBack(sqlite3* readOnly, const QString& path)
{
    if (sqlite3_exec(readOnly, "SELECT COUNT(*) FROM sqlite_master", nullptr, nullptr, nullptr) == SQLITE_OK
        || sqlite3_extended_errcode(readOnly) != SQLITE_READONLY_ROLLBACK)
        return false;
    sqlite3* writable = nullptr;
    bool rolledBack = false;
    if (sqlite3_open_v2(
            path.toUtf8().constData(), &writable, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr)
        == SQLITE_OK) {
        sqlite3_busy_timeout(writable, 10000);
        rolledBack = sqlite3_exec(writable, "SELECT COUNT(*) FROM sqlite_master", nullptr, nullptr, nullptr)
            == SQLITE_OK;
    }
    sqlite3_close(writable);
    return rolledBack;
}
} // namespace

void Database::open(const QString& path, Mode mode)
{
    // Every connection is used by one thread only (architecture.md §3), so SQLite's own locking of
    // connections and of its memory statistics is pure overhead: a global mutex per allocation.
    static std::once_flag configured;
    std::call_once(configured, [] {
        sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        sqlite3_initialize();
    });
    close();
    m_path = path;
    if (mode == Mode::ReadWrite && path != QLatin1String(":memory:")) {
        const QString dir = QFileInfo(path).absolutePath();
        if (!QDir().mkpath(dir))
            throw StoreError(QStringLiteral("cannot create the database directory %1").arg(dir));
    }
    // A first load killed before its end may have left a half-written store (FirstLoadMarker): a
    // writer starts it again, a reader does not read it.
    if (path != QLatin1String(":memory:")) {
        if (mode == Mode::ReadWrite && FirstLoadMarker::discardUnfinished(path))
            qWarning("agentmeter: the first load into %s did not finish; it starts again from the logs",
                qPrintable(QDir::toNativeSeparators(path)));
        if (mode == Mode::ReadOnly && FirstLoadMarker::isUnfinished(path))
            throw StoreError(QStringLiteral("the first load into %1 did not finish; the next ingest "
                                            "starts it again")
                                 .arg(QDir::toNativeSeparators(path)));
    }
    const int flags
        = (mode == Mode::ReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY)
        | SQLITE_OPEN_NOMUTEX;
    sqlite3* db = openConnection(path, flags);
    if (mode == Mode::ReadOnly && hotJournalRolledBack(db, path)) {
        sqlite3_close(db);
        db = openConnection(path, flags);
    }
    m_db = db;
    // A second process (CLI ingest while the window runs) may hold the write lock briefly.
    sqlite3_busy_timeout(m_db, 10000);
    // am_hash(text): the StableHash of the dedup indexes, for queries that join on them.
    sqlite3_create_function_v2(
        m_db, "am_hash", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
        [](sqlite3_context* context, int, sqlite3_value** values) {
            if (sqlite3_value_type(values[0]) == SQLITE_NULL) {
                sqlite3_result_null(context);
                return;
            }
            const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(values[0]));
            sqlite3_result_int64(
                context, StableHash::of(QByteArrayView(text, sqlite3_value_bytes(values[0]))));
        },
        nullptr, nullptr, nullptr);
    // am_hash_v2(): never called. Migration 8's trigger on source_files names it, so that a writer of
    // an older build (FNV-1a hashes), still running when the migration ran, cannot store a batch.
    sqlite3_create_function_v2(
        m_db, "am_hash_v2", 0, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
        [](sqlite3_context* context, int, sqlite3_value**) { sqlite3_result_int(context, 1); }, nullptr,
        nullptr, nullptr);
    if (mode == Mode::ReadWrite) {
        // Switching a new file to WAL needs the file to itself, and the busy timeout does not cover it:
        // retry while another process is creating the same database.
        for (int attempt = 0;; ++attempt) {
            char* message = nullptr;
            const int rc = sqlite3_exec(m_db, "PRAGMA journal_mode=WAL", nullptr, nullptr, &message);
            const QString text = QString::fromUtf8(message ? message : "");
            sqlite3_free(message);
            if (rc == SQLITE_OK)
                break;
            if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < 200) {
                QThread::msleep(50);
                continue;
            }
            throw StoreError(QStringLiteral("cannot open database %1: %2").arg(path, text));
        }
        // WAL + NORMAL is durable against application crashes (the kill-and-resume case); only a
        // power loss can drop the last transactions, and ingest re-reads them from the cursors.
        exec("PRAGMA synchronous=NORMAL");
    }
    exec("PRAGMA foreign_keys=ON");
    exec("PRAGMA temp_store=MEMORY");
    exec("PRAGMA cache_size=-65536"); // 64 MiB page cache
    if (mode == Mode::ReadWrite) {
        migrate();
    } else if (schemaVersion() > latestSchemaVersion())
        throw StoreError(QStringLiteral("database %1 has schema version %2; this build knows up to %3")
                             .arg(path)
                             .arg(schemaVersion())
                             .arg(latestSchemaVersion()));
}

void Database::close()
{
    if (m_db) {
        sqlite3_close_v2(m_db); // a file that gathers writes them out as it closes
        m_db = nullptr;
        m_gathering = false;
    }
}

void Database::exec(std::string_view sql)
{
    const std::string text(sql);
    char* error = nullptr;
    if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const QString message = QString::fromUtf8(error ? error : "unknown error");
        sqlite3_free(error);
        throw StoreError(
            QStringLiteral("%1 (in: %2)").arg(message, QString::fromStdString(text.substr(0, 200))));
    }
}

SqliteStatement Database::prepare(std::string_view sql)
{
    return SqliteStatement(m_db, sql);
}

std::int64_t Database::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

qint64 Database::dataVersion()
{
    SqliteStatement statement = prepare("PRAGMA data_version");
    statement.step();
    return statement.int64(0);
}

bool Database::gatherWrites(bool on)
{
    if (on == m_gathering)
        return true;
    const bool done = GatheringVfs::setGathering(m_db, on);
    // Off is final even when writing out the held bytes failed: nothing is held any more.
    m_gathering = on && done;
    return done;
}

bool Database::syncFile()
{
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(m_db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || !file
        || !file->pMethods)
        return false;
    return file->pMethods->xSync(file, SQLITE_SYNC_NORMAL) == SQLITE_OK;
}

bool Database::setJournalMode(std::string_view mode)
{
    const std::string sql = "PRAGMA journal_mode=" + std::string(mode);
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), int(sql.size()), &statement, nullptr) != SQLITE_OK)
        throw StoreError(QStringLiteral("prepare: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
    int rc = sqlite3_step(statement);
    // The pragma answers with the mode in force, which is the old one when the change was refused; a
    // store that another connection holds answers "busy" or "locked" instead, after the busy timeout
    // when the change needs the file to itself (into or out of WAL).
    const bool changed = rc == SQLITE_ROW
        && QByteArrayView(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)))
                .compare(QByteArrayView(mode.data(), qsizetype(mode.size())), Qt::CaseInsensitive)
            == 0;
    // A change into or out of WAL is a write transaction (the header's version bytes), committed, and
    // the file synced, when the statement ends, after its row: stepped to its end here so that a
    // failed commit is seen (finalize would report it too late to be told apart).
    if (rc == SQLITE_ROW)
        rc = sqlite3_step(statement);
    const QString message = QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_finalize(statement);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        return false;
    if (rc != SQLITE_DONE)
        throw StoreError(QStringLiteral("journal_mode=%1: %2")
                             .arg(QLatin1String(mode.data(), qsizetype(mode.size())), message));
    return changed;
}

int Database::schemaVersion()
{
    SqliteStatement statement = prepare("PRAGMA user_version");
    statement.step();
    return static_cast<int>(statement.int64(0));
}

void Database::begin()
{
    exec("BEGIN IMMEDIATE");
}

void Database::commit()
{
    exec("COMMIT");
}

void Database::rollback()
{
    if (m_db && !sqlite3_get_autocommit(m_db))
        exec("ROLLBACK");
}

void Database::migrate()
{
    for (;;) {
        // The version is read inside the write transaction: two processes opening a new database at
        // once must not both apply migration 1.
        Transaction transaction(*this);
        const int current = schemaVersion();
        if (current > latestSchemaVersion())
            throw StoreError(QStringLiteral("database %1 has schema version %2; this build knows up to %3")
                                 .arg(m_path)
                                 .arg(current)
                                 .arg(latestSchemaVersion()));
        if (current == latestSchemaVersion())
            return; // the transaction rolls back: nothing was written
        const int version = current + 1;
        QFile file(QString::fromLatin1(kMigrations[version - 1]));
        if (!file.open(QIODevice::ReadOnly))
            throw StoreError(QStringLiteral("missing migration resource %1").arg(file.fileName()));
        const QByteArray sql = file.readAll();
        exec(std::string_view(sql.constData(), static_cast<size_t>(sql.size())));
        exec("PRAGMA user_version=" + std::to_string(version));
        transaction.commit();
    }
}

namespace {
QByteArray indexSql(const char* resource)
{
    QFile file(QString::fromLatin1(resource));
    if (!file.open(QIODevice::ReadOnly))
        throw StoreError(QStringLiteral("missing resource %1").arg(file.fileName()));
    return file.readAll();
}

constexpr const char* kWriterIndexes = ":/sql/writer_indexes.sql";
constexpr const char* kQueryIndexes = ":/sql/query_indexes.sql";

QList<QByteArray> indexNames(const QByteArray& sql)
{
    // Index names follow "CREATE INDEX IF NOT EXISTS <name>" in the files, so each list lives once.
    const QByteArray marker = "CREATE INDEX IF NOT EXISTS ";
    QList<QByteArray> names;
    for (const QByteArray& line : sql.split('\n')) {
        if (line.startsWith(marker))
            names << line.mid(marker.size()).split(' ').value(0);
    }
    return names;
}
} // namespace

bool Database::hasDeferredIndexes(DeferredIndexes which)
{
    QList<QByteArray> wanted = indexNames(indexSql(kWriterIndexes));
    if (which == DeferredIndexes::All)
        wanted += indexNames(indexSql(kQueryIndexes));
    SqliteStatement q = prepare("SELECT name FROM sqlite_master WHERE type = 'index'");
    QSet<QByteArray> present;
    while (q.step())
        present.insert(q.bytes(0));
    for (const QByteArray& name : std::as_const(wanted)) {
        if (!present.contains(name))
            return false;
    }
    return true;
}

void Database::createDeferredIndexes(DeferredIndexes which)
{
    const QByteArray writer = indexSql(kWriterIndexes);
    exec(std::string_view(writer.constData(), size_t(writer.size())));
    if (which == DeferredIndexes::All) {
        const QByteArray query = indexSql(kQueryIndexes);
        exec(std::string_view(query.constData(), size_t(query.size())));
    }
}

void Database::dropDeferredIndexes()
{
    for (const char* resource : { kWriterIndexes, kQueryIndexes }) {
        for (const QByteArray& name : indexNames(indexSql(resource)))
            exec(QByteArray("DROP INDEX IF EXISTS " + name).toStdString());
    }
}

// SPDX-License-Identifier: MIT
#include "store/database.h"
#include "store/storeerror.h"
#include "testsupport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

class TestDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void freshDatabaseIsMigrated();
    void reopeningKeepsDataAndVersion();
    void newerSchemaIsRefused();
    void readOnlyOpenOfMissingFileFails();
    void transactionRollsBackUnlessCommitted();
    void readOnlyOpenRecoversAKilledRollbackLoad();
    void sourceRollupIsFilledOnUpgrade();
    void spawnIndexIsPermanentFromVersion7();
    void keyHashesAreComputedAgainOnUpgrade();
    void olderWritersCannotStoreAfterMigration8();
    void cursorsOfOneSourceAreFoundByIndex();
};

namespace {
qint64 scalar(Database& db, const char* sql)
{
    SqliteStatement q = db.prepare(sql);
    q.step();
    return q.int64(0);
}
QString textOf(Database& db, const char* sql)
{
    SqliteStatement q = db.prepare(sql);
    q.step();
    return q.text(0);
}
} // namespace

void TestDatabase::freshDatabaseIsMigrated()
{
    QTemporaryDir dir;
    Database db;
    db.open(dir.filePath(QStringLiteral("sub/dir/am.db")));
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    QCOMPARE(textOf(db, "PRAGMA journal_mode"), QStringLiteral("wal"));
    QCOMPARE(scalar(db, "PRAGMA foreign_keys"), 1);
    const char* tables[] = { "meta", "sources", "source_files", "projects", "sessions", "usage_records",
        "tool_calls", "files_touched", "prompts" };
    for (const char* table : tables) {
        SqliteStatement q
            = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
        q.bind(1, std::string_view(table));
        q.step();
        QVERIFY2(q.int64(0) == 1, table);
    }
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM sources"), 5);
    // Foreign keys are enforced: a usage record needs its session.
    QVERIFY_THROWS_EXCEPTION(
        StoreError, db.exec("INSERT INTO usage_records(session_id, ts, record_key) VALUES(42, 0, 'k')"));
}

void TestDatabase::reopeningKeepsDataAndVersion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    {
        Database db;
        db.open(path);
        db.exec("INSERT INTO projects(path, name) VALUES('/p', 'p')");
    }
    Database db;
    db.open(path);
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM projects"), 1);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM sources"), 5); // migration 1 did not run twice
}

void TestDatabase::newerSchemaIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    {
        Database db;
        db.open(path);
        db.exec("PRAGMA user_version=999");
    }
    Database db;
    try {
        db.open(path);
        QFAIL("a database from a newer version must not be opened");
    } catch (const StoreError& error) {
        QVERIFY(error.message().contains(QLatin1String("schema version 999")));
    }
}

void TestDatabase::readOnlyOpenOfMissingFileFails()
{
    QTemporaryDir dir;
    // Not even beside a journal a killed load could have left (the hot-journal recovery opens no file
    // that is not there).
    QFile journal(dir.filePath(QStringLiteral("missing.db-journal")));
    QVERIFY(journal.open(QIODevice::WriteOnly));
    journal.close();
    Database db;
    QVERIFY_THROWS_EXCEPTION(
        StoreError, db.open(dir.filePath(QStringLiteral("missing.db")), Database::Mode::ReadOnly));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("missing.db"))));
}

void TestDatabase::transactionRollsBackUnlessCommitted()
{
    QTemporaryDir dir;
    Database db;
    db.open(dir.filePath(QStringLiteral("am.db")));
    {
        Transaction transaction(db);
        db.exec("INSERT INTO projects(path, name) VALUES('/a', 'a')");
    }
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM projects"), 0);
    {
        Transaction transaction(db);
        db.exec("INSERT INTO projects(path, name) VALUES('/a', 'a')");
        transaction.commit();
    }
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM projects"), 1);
}

void TestDatabase::readOnlyOpenRecoversAKilledRollbackLoad()
{
    // A command-line bulk load runs in rollback-journal mode (StoreWriter::Role::CommandLine). Killed
    // in the middle of a transaction whose pages already reached the file, it leaves a hot journal
    // that a read-only connection cannot roll back ("attempt to write a readonly database"): what
    // `report --no-ingest` would meet next. A child process plays the killed load.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    {
        Database db;
        db.open(path);
        db.exec("INSERT INTO projects(path, name) VALUES('/committed', 'committed')");
    }
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        sqlite3* db = nullptr;
        bool ok = sqlite3_open(path.toUtf8().constData(), &db) == SQLITE_OK;
        // A page cache too small for the transaction, so it spills changed pages into the file.
        ok = ok
            && sqlite3_exec(
                   db, "PRAGMA journal_mode=persist; PRAGMA cache_size=10; BEGIN", nullptr, nullptr, nullptr)
                == SQLITE_OK;
        for (int i = 0; ok && i < 2000; ++i) {
            const std::string sql = "INSERT INTO projects(path, name) VALUES('/lost/" + std::to_string(i)
                + "', '" + std::string(400, 'x') + "')";
            ok = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
        }
        _exit(ok ? 0 : 1); // the kill: no commit, no rollback, no close
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    QFile journal(path + QStringLiteral("-journal"));
    QVERIFY(journal.open(QIODevice::ReadOnly));
    QVERIFY2(journal.read(8) != QByteArray(8, '\0'), "the child left no hot journal");
    journal.close();

    {
        Database reader;
        reader.open(path, Database::Mode::ReadOnly);
        QCOMPARE(scalar(reader, "SELECT COUNT(*) FROM projects"), 1);
        QCOMPARE(textOf(reader, "SELECT path FROM projects"), QStringLiteral("/committed"));
    }
    // The next writer returns the store to WAL mode.
    Database writer;
    writer.open(path);
    QCOMPARE(textOf(writer, "PRAGMA journal_mode"), QStringLiteral("wal"));
    QCOMPARE(scalar(writer, "SELECT COUNT(*) FROM projects"), 1);
}

void TestDatabase::spawnIndexIsPermanentFromVersion7()
{
    // A version-6 store whose bulk load was killed lacks sessions_spawn, then one of the deferred
    // indexes; migration 7 creates it, and a bulk load no longer drops it.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    {
        Database db;
        db.open(path);
        db.exec("DROP INDEX sessions_spawn");
        db.exec("PRAGMA user_version=6");
    }
    Database db;
    db.open(path);
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    const char* exists = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sessions_spawn'";
    QCOMPARE(scalar(db, exists), 1);
    db.dropDeferredIndexes();
    QCOMPARE(scalar(db, exists), 1);
}

void TestDatabase::keyHashesAreComputedAgainOnUpgrade()
{
    // A store of schema 7 holds the key hashes of the hash before (FNV-1a): stand-ins here, each
    // stored hash moved off by one. Migration 8 computes them again, and a second reading of every
    // log, which finds each request, tool call and event through its hash, adds nothing.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    TestSupport::buildFixtureDatabase(path);
    const TestSupport::StoreTotals before = TestSupport::storeTotals(path);
    const QString dumpBefore = TestSupport::storeDump(path);
    qint64 events = 0;
    {
        Database db;
        db.open(path);
        QVERIFY(scalar(db, "SELECT COUNT(*) FROM usage_records") > 0);
        QVERIFY(scalar(db, "SELECT COUNT(*) FROM tool_calls") > 0);
        events = scalar(db, "SELECT COUNT(*) FROM agent_events");
        QVERIFY(events > 0);
        db.exec("UPDATE usage_records SET key_hash = key_hash + 1");
        db.exec("UPDATE tool_calls SET tool_hash = tool_hash + 1");
        db.exec("UPDATE agent_events SET key_hash = key_hash + 1");
        db.exec("PRAGMA user_version=7");
        // Every file read again from its start, as after a replacement.
        db.exec("UPDATE source_files SET offset = 0, inode = 0, parser_state = NULL");
    }
    {
        Database db;
        db.open(path);
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM usage_records WHERE key_hash <> am_hash(record_key)"), 0);
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM tool_calls WHERE tool_hash <> am_hash(tool_use_id)"), 0);
        QCOMPARE(scalar(db, "SELECT COUNT(*) FROM agent_events WHERE key_hash <> am_hash(event_key)"), 0);
    }
    TestSupport::buildFixtureDatabase(path);
    QCOMPARE(TestSupport::storeTotals(path), before);
    QCOMPARE(TestSupport::storeDump(path), dumpBefore);
    Database db;
    db.open(path);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM agent_events"), events);
    QCOMPARE(TestSupport::rollupMismatch(path), QString());
}

void TestDatabase::olderWritersCannotStoreAfterMigration8()
{
    // A connection that knows no am_hash_v2() (an older build's writer, or the sqlite3 shell) can no
    // longer compile the insert that starts each batch; this build's can.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    Database db;
    db.open(path);
    const char* insert = "INSERT INTO source_files(source_id, path) "
                         "SELECT id, '/logs/a.jsonl' FROM sources WHERE name = 'claude' "
                         "ON CONFLICT(path) DO UPDATE SET size = excluded.size";
    sqlite3* older = nullptr;
    QCOMPARE(sqlite3_open_v2(path.toUtf8().constData(), &older, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    char* error = nullptr;
    QCOMPARE(sqlite3_exec(older, insert, nullptr, nullptr, &error), SQLITE_ERROR);
    QCOMPARE(QByteArray(error), QByteArray("no such function: am_hash_v2"));
    sqlite3_free(error);
    // Reading still works there.
    QCOMPARE(sqlite3_exec(older, "SELECT COUNT(*) FROM source_files", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(older);
    db.exec(insert);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM source_files"), 1);
}

void TestDatabase::sourceRollupIsFilledOnUpgrade()
{
    // A store written by schema 4 has usage_rollup but no source_rollup: migration 5 fills it.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    TestSupport::buildFixtureDatabase(path);
    {
        Database db;
        db.open(path);
        db.exec("DROP TABLE source_rollup");
        db.exec("PRAGMA user_version=4");
    }
    {
        Database db;
        db.open(path, Database::Mode::ReadOnly); // a read-only open does not migrate
        QCOMPARE(db.schemaVersion(), 4);
    }
    Database db;
    db.open(path);
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    // Every source of the fixtures has usage, and each of its rows in usage_rollup is summed.
    QCOMPARE(scalar(db, "SELECT COUNT(DISTINCT source_id) FROM source_rollup"), 5);
    QCOMPARE(scalar(db, "SELECT SUM(requests) FROM source_rollup"),
        scalar(db, "SELECT COUNT(*) FROM usage_records"));
    QCOMPARE(TestSupport::rollupMismatch(path), QString());
}

void TestDatabase::cursorsOfOneSourceAreFoundByIndex()
{
    // Migration 6: an ingest reads each source's cursors (StoreWriter::loadCursors) through an index,
    // not by scanning every source's rows, parser states included.
    QTemporaryDir dir;
    Database db;
    db.open(dir.filePath(QStringLiteral("am.db")));
    SqliteStatement plan = db.prepare("EXPLAIN QUERY PLAN SELECT path, device, inode, size, mtime_ns, offset "
                                      "FROM source_files WHERE source_id = ?1");
    QStringList steps;
    while (plan.step())
        steps << plan.text(3);
    QCOMPARE(steps.size(), 1);
    QVERIFY2(steps.first().contains(QLatin1String("COVERING INDEX source_files_source")),
        qPrintable(steps.first()));
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"

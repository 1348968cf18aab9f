// SPDX-License-Identifier: MIT
// The store writer and its thread on their own: failures reach every caller, and a second writer
// (another process) never makes the first store a request twice.
#include "pricing/pricebook.h"
#include "store/database.h"
#include "store/firstloadmarker.h"
#include "store/gatheringvfs.h"
#include "store/storeerror.h"
#include "store/storewriter.h"
#include "store/storewriterthread.h"
#include "testsupport.h"

#include <atomic>
#include <chrono>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>
#include <thread>

using namespace TestSupport;

namespace {
// Errors and retries only, no usage: the store must not take itself for empty on the next run.
IngestBatch eventBatch()
{
    IngestBatch batch;
    batch.sourceId = 1;
    batch.session("s1").widen(1777885926480);
    IngestBatch::FileProgress progress;
    progress.cursor.path = QStringLiteral("/logs/s1.jsonl");
    progress.cursor.offset = 900;
    batch.progress.push_back(progress);
    AgentEventRecord retry;
    retry.sessionExternalId = "s1";
    retry.sessionIndex = 0;
    retry.ts = 1777885926480;
    retry.kind = "retry";
    retry.message = "Overloaded";
    retry.retryAttempt = 2;
    retry.agent = "main";
    retry.eventKey = "claude:uuid-1";
    retry.byteOffset = 120;
    retry.fileIndex = 0;
    AgentEventRecord error = retry;
    error.kind = "error";
    error.retryAttempt.reset();
    error.model = "claude-sonnet-4-5";
    error.message = "API Error: 529";
    error.eventKey = "claude:uuid-2";
    error.byteOffset = 480;
    batch.events = { retry, error, retry }; // the same line twice in one batch
    return batch;
}

qint64 scalar(const QString& path, const char* sql)
{
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql);
    q.step();
    return q.int64(0);
}

// One line per row of a table: columns, an SQL text expression, sorted as text.
QStringList rows(const QString& path, const char* columns, const char* table)
{
    return column(path, std::string("SELECT ") + columns + " FROM " + table + " ORDER BY 1");
}

// A data-driven test's rows: one per kind of writer.
void addRoleRows()
{
    QTest::addColumn<StoreWriter::Role>("role");
    QTest::newRow("server") << StoreWriter::Role::Server;
    QTest::newRow("command line") << StoreWriter::Role::CommandLine;
}

// The journal mode as this connection sees it ("wal", "persist").
QString journalMode(Database& db)
{
    SqliteStatement q = db.prepare("PRAGMA journal_mode");
    return q.step() ? q.text(0) : QString();
}

// PRAGMA synchronous on this connection: 0 OFF, 1 NORMAL.
qint64 synchronous(Database& db)
{
    SqliteStatement q = db.prepare("PRAGMA synchronous");
    return q.step() ? q.int64(0) : -1;
}

// The default VFS as the process's database files see it, which can be told to fail every sync
// (registered as the default before any store is opened, so that GatheringVfs wraps it too).
namespace FailingSyncs {
sqlite3_vfs* g_base = nullptr;
sqlite3_vfs g_vfs;
const sqlite3_io_methods* g_baseMethods = nullptr;
sqlite3_io_methods g_methods;
std::atomic<bool> g_fail { false };

int sync(sqlite3_file* file, int flags)
{
    return g_fail ? SQLITE_IOERR_FSYNC : g_baseMethods->xSync(file, flags);
}

int open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* outFlags)
{
    const int rc = g_base->xOpen(g_base, name, file, flags, outFlags);
    if (rc == SQLITE_OK && file->pMethods) {
        if (!g_baseMethods) {
            g_baseMethods = file->pMethods;
            g_methods = *file->pMethods;
            g_methods.xSync = sync;
        }
        if (file->pMethods == g_baseMethods)
            file->pMethods = &g_methods;
    }
    return rc;
}

void install()
{
    g_base = sqlite3_vfs_find(nullptr);
    g_vfs = *g_base;
    g_vfs.pNext = nullptr;
    g_vfs.zName = "failing-syncs";
    g_vfs.xOpen = open;
    sqlite3_vfs_register(&g_vfs, 1);
}
} // namespace FailingSyncs

QStringList indexNames(const QString& path)
{
    return column(path, "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name");
}
} // namespace

class TestStoreWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { FailingSyncs::install(); }
    void failedBatchFailsLaterCalls();
    void idleWorkRunsOnlyWhileNothingIsQueued();
    void idleWorkThatThrowsFailsTheWriter();
    void secondWriterEndsTheBulkShortcut_data();
    void secondWriterEndsTheBulkShortcut();
    void serverWriterRebuildsWhatACommandLineLoadDropped();
    void bulkLoadRebuildsEveryIndex();
    void bulkLoadChecksNoForeignKeys_data();
    void bulkLoadChecksNoForeignKeys();
    void commandLineLoadLeavesQueryIndexesToServers();
    void commandLineLoadKeepsItsJournalInMemory();
    void unfinishedFirstLoadIsDiscarded();
    void loadLeftForAJournalOnDiskIsSyncedFirst_data();
    void loadLeftForAJournalOnDiskIsSyncedFirst();
    void loadWhoseLastSyncFailsKeepsItsMarker();
    void bulkLoadFindsItsRowsWithoutTheKeyIndexes();
    void bulkRowsWrittenTogetherEqualRowsWrittenAlone();
    void pendingLinksSurviveAnInterruptedRun();
    void lastCopyWinsReplacesAndIgnoresRereads();
    void parserStateTravelsWithTheCursor();
    void storedTitleFollowsTheRankAndTieRules();
    void newSessionRowEqualsAnUpdatedBareRow();
    void tracesAndDelegationsFollowTheSessionTree();
    void eventsAreStoredOncePerKey();
    void latencyAndRequestedModelFollowTheKeptCopy();
    void sourceRollupFollowsACopyToAnotherSession();
    void sourceRollupIsRebuiltWhenRepriced();
    void rollupsOfManyKeysMatchTheirRecords();
    void pricesLoadedDuringARunPriceTheNextRequests();
    void submitHandsBackAnAppliedBatchEmptied();
};

void TestStoreWriter::failedBatchFailsLaterCalls()
{
    QTemporaryDir dir;
    StoreWriterThread writer(dir.filePath(QStringLiteral("am.db")), PriceBook::embedded());
    IngestBatch bad = usageBatch("msg_1", 1);
    bad.sourceId = 99; // no such source: the foreign key fails the transaction
    IngestBatch::FileProgress progress;
    progress.cursor.path = QStringLiteral("/nowhere.jsonl");
    bad.progress.push_back(progress);
    writer.submit(std::move(bad));
    // Whether it is queued before or after the failure, the call must fail, never wait forever.
    QVERIFY_THROWS_EXCEPTION(StoreError, writer.call([](StoreWriter& w) { return w.loadCursors(1).size(); }));
    QVERIFY_THROWS_EXCEPTION(StoreError, writer.finish());
}

void TestStoreWriter::idleWorkRunsOnlyWhileNothingIsQueued()
{
    QTemporaryDir dir;
    StoreWriterThread writer(dir.filePath(QStringLiteral("am.db")), PriceBook::embedded());
    // Work that never runs out: queued calls and batches must still run, between two of its calls.
    std::atomic<int> calls { 0 };
    writer.setIdleWork([&](StoreWriter&) {
        ++calls;
        std::this_thread::sleep_for(std::chrono::microseconds(50));
        return true;
    });
    QTRY_VERIFY(calls >= 3);
    for (int i = 0; i < 5; ++i) {
        const int before = calls;
        QTRY_VERIFY(calls > before); // it runs again after each call
        QCOMPARE(writer.call([](StoreWriter&) { return 1; }), 1);
    }
    writer.submit(usageBatch("msg_1", 1));
    // Ended: not called after fn ran.
    const int before = writer.endIdleWork([&](StoreWriter&) { return calls.load(); });
    QVERIFY(before >= 8);
    writer.call([](StoreWriter&) { return 0; });
    QCOMPARE(calls.load(), before);
    QCOMPARE(writer.finish().usageInserted, 1);

    // Work that says it is done is not called again.
    std::atomic<int> finite { 0 };
    writer.setIdleWork([&](StoreWriter&) { return ++finite < 4; });
    QTRY_COMPARE(finite.load(), 4);
    writer.call([](StoreWriter&) { return 0; });
    QCOMPARE(finite.load(), 4);
    QCOMPARE(writer.endIdleWork([](StoreWriter&) { return 7; }), 7);
}

void TestStoreWriter::idleWorkThatThrowsFailsTheWriter()
{
    QTemporaryDir dir;
    StoreWriterThread writer(dir.filePath(QStringLiteral("am.db")), PriceBook::embedded());
    std::atomic<int> calls { 0 };
    writer.setIdleWork([&](StoreWriter&) -> bool {
        ++calls;
        throw StoreError(QStringLiteral("idle work failed"));
    });
    QTRY_COMPARE(calls.load(), 1);
    QVERIFY_THROWS_EXCEPTION(StoreError, writer.call([](StoreWriter&) { return 0; }));
    QVERIFY_THROWS_EXCEPTION(StoreError, writer.endIdleWork([](StoreWriter&) { return 0; }));
    QVERIFY_THROWS_EXCEPTION(StoreError, writer.finish());
    QCOMPARE(calls.load(), 1);
}

void TestStoreWriter::secondWriterEndsTheBulkShortcut_data()
{
    // The second writer opens the store during the first one's bulk load; a command-line load is then
    // in rollback-journal mode, and the second writer's open returns the store to WAL.
    addRoleRows();
}

void TestStoreWriter::secondWriterEndsTheBulkShortcut()
{
    QFETCH(StoreWriter::Role, role);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    StoreWriter first(path, PriceBook::embedded(), role);
    first.beginRun(); // empty store: bulk mode, new keys are not looked up, the key indexes dropped
    first.apply(usageBatch("msg_1", 1));
    const QString marker = FirstLoadMarker::pathFor(path);
    QCOMPARE(QFile::exists(marker), role == StoreWriter::Role::CommandLine);
    // Its open leaves the marker alone: the load that holds it is under way.
    auto second = std::make_unique<StoreWriter>(path, PriceBook::embedded()); // e.g. the window's writer
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records WHERE record_key = 'msg_1'"), 1);
    QCOMPARE(journalMode(second->database()), QStringLiteral("wal"));
    second->beginRun();
    QCOMPARE(second->apply(usageBatch("msg_2", 5)).usageInserted, 1);
    second.reset(); // still in its run: it has not rebuilt the indexes the first writer dropped
    // The first writer must notice and look msg_2 up: a larger copy replaces, an equal one is dropped.
    const StoreWriter::Counts counts = first.apply(usageBatch("msg_2", 5));
    QCOMPARE(counts.usageInserted, 0);
    QCOMPARE(counts.usageDuplicates, 1);
    // The store holds another writer's rows now: no longer a first load to discard if killed, and
    // every commit syncs again.
    QVERIFY(!QFile::exists(marker));
    QCOMPARE(synchronous(first.database()), 1);
    // From then on it looks every key up, through the key indexes it has built again at once.
    QVERIFY(indexNames(path).contains(QStringLiteral("usage_key")));
    first.endRun(true);
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records WHERE record_key = 'msg_2'"), 1);
    QCOMPARE(scalar(path, "SELECT SUM(requests) FROM usage_rollup"), 2);
}

void TestStoreWriter::serverWriterRebuildsWhatACommandLineLoadDropped()
{
    // The window's writer has finished its pass over an empty store (every index in place) when a
    // first `agentmeter report` bulk-loads the store, which drops the deferred indexes and leaves
    // them. The window's next batch must not look its keys up without them.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    StoreWriter server(path, PriceBook::embedded(), StoreWriter::Role::Server);
    server.beginRun();
    server.endRun(false);
    {
        StoreWriter cli(path, PriceBook::embedded(), StoreWriter::Role::CommandLine);
        cli.beginRun();
        cli.apply(usageBatch("msg_1", 1));
        cli.endRun(true);
    }
    QVERIFY(!indexNames(path).contains(QStringLiteral("usage_key")));
    server.beginRun();
    QCOMPARE(server.apply(usageBatch("msg_1", 1)).usageDuplicates, 1);
    const QStringList rebuilt = indexNames(path);
    QVERIFY(rebuilt.contains(QStringLiteral("usage_key")));
    QVERIFY(rebuilt.contains(QStringLiteral("usage_ts")));
    server.endRun(true);
}

void TestStoreWriter::bulkLoadRebuildsEveryIndex()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    StoreWriter writer(path, PriceBook::embedded());
    const QStringList all = indexNames(path);
    // The API's time-window indexes are among those a bulk load defers.
    for (const char* name : { "tool_calls_start", "tool_calls_errors", "prompts_ts", "usage_ts" })
        QVERIFY2(all.contains(QLatin1String(name)), name);
    writer.beginRun();
    const QStringList during = indexNames(path);
    for (const char* name : { "tool_calls_start", "tool_calls_errors", "prompts_ts", "usage_ts" })
        QVERIFY2(!during.contains(QLatin1String(name)), name);
    // The key indexes too: bulk mode finds its own rows by rowid (bulkLoadFindsItsRowsWithoutTheKeyIndexes).
    QVERIFY(!during.contains(QStringLiteral("usage_key")));
    QVERIFY(!during.contains(QStringLiteral("tool_calls_hash")));
    writer.apply(usageBatch("msg_1", 1));
    writer.endRun(true);
    QCOMPARE(indexNames(path), all);
}

void TestStoreWriter::bulkLoadChecksNoForeignKeys_data()
{
    addRoleRows();
}

void TestStoreWriter::bulkLoadChecksNoForeignKeys()
{
    // A bulk load stores its rows without foreign-key checks; they are back on when it ends, and for
    // every run into a store that has rows, where a row naming a missing one is refused.
    QFETCH(StoreWriter::Role, role);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    StoreWriter writer(path, PriceBook::embedded(), role);
    auto foreignKeys = [&writer]() {
        SqliteStatement q = writer.database().prepare("PRAGMA foreign_keys");
        return q.step() ? q.int64(0) : -1;
    };
    QCOMPARE(foreignKeys(), 1);
    writer.beginRun();
    QCOMPARE(foreignKeys(), 0);
    IngestBatch batch = usageBatch("msg_1", 1);
    IngestBatch::FileProgress progress;
    progress.cursor.path = QStringLiteral("/logs/s1.jsonl");
    batch.progress.push_back(progress);
    batch.usage.front().fileIndex = 0;
    writer.apply(batch);
    writer.endRun(true);
    QCOMPARE(foreignKeys(), 1);
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records WHERE file_id IS NOT NULL"), 1);
    QCOMPARE(foreignKeyViolations(path), QStringList());

    writer.beginRun();
    QCOMPARE(foreignKeys(), 1);
    try {
        writer.database().exec(
            "INSERT INTO usage_records(session_id, ts, record_key, key_hash) VALUES (999, 0, 'orphan', 0)");
        QFAIL("a request naming a missing session was stored");
    } catch (const StoreError& error) {
        QVERIFY2(QString::fromUtf8(error.what()).contains(QLatin1String("FOREIGN KEY")), error.what());
    }
    writer.apply(usageBatch("msg_2", 1));
    writer.endRun(true);
    QCOMPARE(foreignKeys(), 1);
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records"), 2);
}

void TestStoreWriter::commandLineLoadLeavesQueryIndexesToServers()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    QStringList all;
    {
        StoreWriter full(dir.filePath(QStringLiteral("full.db")), PriceBook::embedded());
        all = indexNames(dir.filePath(QStringLiteral("full.db")));
    }
    const QStringList writerOwn = { QStringLiteral("usage_key"), QStringLiteral("tool_calls_hash") };
    const QStringList queryOnly = { QStringLiteral("usage_ts"), QStringLiteral("tool_calls_start"),
        QStringLiteral("sessions_root_start"), QStringLiteral("prompts_ts") };
    {
        StoreWriter cli(path, PriceBook::embedded(), StoreWriter::Role::CommandLine);
        cli.beginRun();
        cli.apply(usageBatch("msg_1", 1));
        cli.endRun(true);
        // The bulk load builds neither kind: its links came from memory, through sessions_spawn, which
        // is never deferred.
        const QStringList after = indexNames(path);
        for (const QString& name : writerOwn + queryOnly)
            QVERIFY2(!after.contains(name), qPrintable(name));
        QVERIFY(after.contains(QStringLiteral("sessions_spawn")));
        // A run that finds nothing new builds nothing either.
        cli.beginRun();
        cli.endRun(false);
        QVERIFY(!indexNames(path).contains(QStringLiteral("usage_key")));
        // A run that stores something is not a bulk load: it looks every key up, through the writer's
        // own indexes, which it builds first.
        cli.beginRun();
        const StoreWriter::Counts again = cli.apply(usageBatch("msg_1", 1));
        QVERIFY(indexNames(path).contains(QStringLiteral("usage_key"))); // built before the lookup
        QCOMPARE(again.usageInserted, 0);
        QCOMPARE(again.usageDuplicates, 1);
        const StoreWriter::Counts larger = cli.apply(usageBatch("msg_1", 9));
        QCOMPARE(larger.usageReplaced, 1);
        cli.endRun(true);
        const QStringList later = indexNames(path);
        for (const QString& name : writerOwn)
            QVERIFY2(later.contains(name), qPrintable(name));
        QVERIFY(!later.contains(QStringLiteral("usage_ts")));
    }
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records"), 1);
    QCOMPARE(scalar(path, "SELECT SUM(requests) FROM usage_rollup"), 1);
    // A writer that serves queries (serve, the window) builds what is missing when it opens the store.
    {
        StoreWriter server(path, PriceBook::embedded());
    }
    QCOMPARE(indexNames(path), all);
    // A bulk load killed before its end leaves both kinds missing: a command-line writer builds its own
    // before its first lookup, and still leaves the others.
    {
        Database killed;
        killed.open(path, Database::Mode::ReadWrite);
        QVERIFY(killed.hasDeferredIndexes(Database::DeferredIndexes::All));
        killed.exec("DROP INDEX usage_ts");
        QVERIFY(!killed.hasDeferredIndexes(Database::DeferredIndexes::All));
        QVERIFY(killed.hasDeferredIndexes(Database::DeferredIndexes::Writer));
        killed.dropDeferredIndexes();
        QVERIFY(!killed.hasDeferredIndexes(Database::DeferredIndexes::Writer));
    }
    {
        StoreWriter cli(path, PriceBook::embedded(), StoreWriter::Role::CommandLine);
        QVERIFY(!indexNames(path).contains(QStringLiteral("usage_key")));
        cli.beginRun();
        const StoreWriter::Counts again = cli.apply(usageBatch("msg_1", 9));
        QCOMPARE(again.usageDuplicates, 1);
        cli.endRun(true);
    }
    const QStringList reopened = indexNames(path);
    for (const QString& name : writerOwn)
        QVERIFY2(reopened.contains(name), qPrintable(name));
    for (const QString& name : queryOnly)
        QVERIFY2(!reopened.contains(name), qPrintable(name));
}

void TestStoreWriter::commandLineLoadKeepsItsJournalInMemory()
{
    // A first command-line load writes each new page once, with its rollback journal in memory under
    // a FirstLoadMarker, and leaves the store in WAL mode, without the marker, for every run after
    // it. Asked on the writer's own connection: a reader opened meanwhile would return the store to
    // WAL (Database::open).
    // SQLite's file header says WAL (2 at bytes 18 and 19) to every later connection.
    auto walInHeader = [](const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) && file.read(20).mid(18) == QByteArray("\x02\x02", 2);
    };
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cli.db"));
    const QString marker = FirstLoadMarker::pathFor(path);
    {
        StoreWriter cli(path, PriceBook::embedded(), StoreWriter::Role::CommandLine);
        QCOMPARE(journalMode(cli.database()), QStringLiteral("wal"));
        QVERIFY(!QFile::exists(marker));
        QCOMPARE(synchronous(cli.database()), 1);
        cli.beginRun();
        QCOMPARE(journalMode(cli.database()), QStringLiteral("memory"));
        QVERIFY(!walInHeader(path));
        QVERIFY(QFile::exists(marker));
        // No sync at each commit: the marker already condemns a load that does not finish.
        QCOMPARE(synchronous(cli.database()), 0);
        // And a commit's adjacent pages are written in one call (GatheringVfs), and synced by another
        // thread after each commit (FileSyncer).
        QVERIFY(cli.database().gathersWrites());
        QCOMPARE(cli.backgroundSyncs(), 0);
        cli.apply(usageBatch("msg_1", 1));
        QTRY_COMPARE(cli.backgroundSyncs(), 1);
        // Still a bulk load (the switch is no other writer's commit): the key indexes wait for its end.
        SqliteStatement keyIndex
            = cli.database().prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'usage_key'");
        QVERIFY(keyIndex.step());
        QCOMPARE(keyIndex.int64(0), 0);
        keyIndex.reset();
        cli.apply(usageBatch("msg_1", 1));
        const qint64 syncsBefore = GatheringVfs::counters().syncs;
        cli.endRun(true);
        // The switch is a commit, which syncs the file: every page of the load is on the disk before the
        // marker goes.
        QVERIFY(GatheringVfs::counters().syncs > syncsBefore);
        QCOMPARE(journalMode(cli.database()), QStringLiteral("wal"));
        QCOMPARE(synchronous(cli.database()), 1); // syncs back on before the switch that ends the load
        QVERIFY(!cli.database().gathersWrites()); // never in WAL mode
        QCOMPARE(cli.backgroundSyncs(), -1);
        QVERIFY(walInHeader(path));
        QVERIFY(!QFile::exists(marker));
        // Not a bulk load: the store stays in WAL.
        cli.beginRun();
        QCOMPARE(journalMode(cli.database()), QStringLiteral("wal"));
        QCOMPARE(synchronous(cli.database()), 1);
        cli.apply(usageBatch("msg_2", 1));
        cli.endRun(true);
    }
    QVERIFY(!QFile::exists(path + QStringLiteral("-journal")));
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records"), 2);

    // A server's readers must never wait for its commits: its loads stay in WAL.
    const QString served = dir.filePath(QStringLiteral("served.db"));
    {
        StoreWriter server(served, PriceBook::embedded(), StoreWriter::Role::Server);
        server.beginRun();
        QCOMPARE(journalMode(server.database()), QStringLiteral("wal"));
        QVERIFY(!server.database().gathersWrites());
        QCOMPARE(server.backgroundSyncs(), -1);
        server.apply(usageBatch("msg_1", 1));
        server.endRun(true);
    }
    QVERIFY(walInHeader(served));

    // Another connection on the store keeps a command-line load in WAL, which then stores everything
    // as before, and that connection reads it all the while.
    const QString shared = dir.filePath(QStringLiteral("shared.db"));
    {
        StoreWriter cli(shared, PriceBook::embedded(), StoreWriter::Role::CommandLine);
        Database reader;
        reader.open(shared, Database::Mode::ReadOnly);
        cli.beginRun();
        QCOMPARE(journalMode(cli.database()), QStringLiteral("wal"));
        QVERIFY(!cli.database().gathersWrites());
        QVERIFY(!QFile::exists(FirstLoadMarker::pathFor(shared)));
        cli.apply(usageBatch("msg_1", 1));
        SqliteStatement count = reader.prepare("SELECT COUNT(*) FROM usage_records");
        QVERIFY(count.step());
        QCOMPARE(count.int64(0), 1);
        count.reset();
        cli.endRun(true);
    }
    QVERIFY(walInHeader(shared));
    QCOMPARE(scalar(shared, "SELECT SUM(requests) FROM usage_rollup"), 1);
}

void TestStoreWriter::unfinishedFirstLoadIsDiscarded()
{
    // A first command-line load whose process ends before endRun() (here: destroyed in its run, as a
    // kill would end it) may have left a half-written commit, since its journal was in memory. The
    // next read-write open discards the store, and the load starts again from nothing.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    const QString marker = FirstLoadMarker::pathFor(path);
    {
        StoreWriter cli(path, PriceBook::embedded(), StoreWriter::Role::CommandLine);
        cli.beginRun();
        cli.apply(usageBatch("msg_1", 1));
        // While the load runs, neither a reader nor another open takes the store away.
        QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records"), 1);
        QVERIFY(!FirstLoadMarker::discardUnfinished(path));
        QVERIFY(QFile::exists(path));
        cli.apply(usageBatch("msg_2", 1));
    }
    QVERIFY(QFile::exists(marker));
    // A reader refuses what may be half-written.
    Database reader;
    QVERIFY_THROWS_EXCEPTION(StoreError, reader.open(path, Database::Mode::ReadOnly));
    {
        StoreWriter next(path, PriceBook::embedded(), StoreWriter::Role::CommandLine);
        QVERIFY(!QFile::exists(marker));
        QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records"), 0);
        next.beginRun(); // an empty store again: a first load, under a marker of its own
        QCOMPARE(journalMode(next.database()), QStringLiteral("memory"));
        next.apply(usageBatch("msg_1", 1));
        next.apply(usageBatch("msg_2", 1));
        next.endRun(true);
    }
    QVERIFY(!QFile::exists(marker));
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records"), 2);
    // A finished load is never discarded.
    StoreWriter later(path, PriceBook::embedded(), StoreWriter::Role::CommandLine);
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records"), 2);
}

void TestStoreWriter::loadLeftForAJournalOnDiskIsSyncedFirst_data()
{
    QTest::addColumn<bool>("syncFails");
    QTest::newRow("synced") << false;
    QTest::newRow("sync fails") << true;
}

void TestStoreWriter::loadLeftForAJournalOnDiskIsSyncedFirst()
{
    // A connection reading the store when a command-line load ends keeps it from returning to WAL, and
    // the load leaves its journal in memory for one on disk (persist) instead. That change writes
    // nothing, so nothing would have synced what the load's commits wrote without syncs: the writer
    // syncs the file itself before the marker goes, and a sync that fails keeps the marker.
    QFETCH(bool, syncFails);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    const QString marker = FirstLoadMarker::pathFor(path);
    StoreWriter cli(path, PriceBook::embedded(), StoreWriter::Role::CommandLine);
    cli.beginRun();
    QCOMPARE(journalMode(cli.database()), QStringLiteral("memory"));
    cli.apply(usageBatch("msg_1", 1));

    // The reader starts reading just as the writer asks for WAL, after the load's last commit (a
    // reader's shared lock would make any commit wait): its statement then holds the shared lock
    // until it is finalized, and the writer waits 50 ms for it instead of the usual 10 s.
    struct Reader
    {
        sqlite3* writer = nullptr;
        sqlite3* db = nullptr;
        sqlite3_stmt* reading = nullptr;
        bool readAtSwitch = false;
        ~Reader()
        {
            sqlite3_trace_v2(writer, 0, nullptr, nullptr);
            sqlite3_finalize(reading);
            sqlite3_close(db);
        }
    } reader;
    reader.writer = cli.database().handle();
    QCOMPARE(sqlite3_open_v2(QFile::encodeName(path).constData(), &reader.db, SQLITE_OPEN_READONLY, nullptr),
        SQLITE_OK);
    QCOMPARE(
        sqlite3_prepare_v2(reader.db, "SELECT record_key FROM usage_records", -1, &reader.reading, nullptr),
        SQLITE_OK);
    sqlite3_busy_timeout(reader.writer, 50);
    sqlite3_trace_v2(
        reader.writer, SQLITE_TRACE_STMT,
        [](unsigned, void* context, void* statement, void*) {
            auto* r = static_cast<Reader*>(context);
            const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
            if (!r->readAtSwitch && sql && std::string_view(sql) == "PRAGMA journal_mode=wal")
                r->readAtSwitch = sqlite3_step(r->reading) == SQLITE_ROW;
            return 0;
        },
        &reader);
    const qint64 syncsBefore = GatheringVfs::counters().syncs;
    if (syncFails) {
        FailingSyncs::g_fail = true;
        QVERIFY_THROWS_EXCEPTION(StoreError, cli.endRun(true));
        FailingSyncs::g_fail = false;
    } else {
        cli.endRun(true);
    }
    const qint64 syncs = GatheringVfs::counters().syncs - syncsBefore;
    QVERIFY(reader.readAtSwitch);
    QCOMPARE(journalMode(cli.database()), QStringLiteral("persist"));
    QCOMPARE(syncs, 1);
    QCOMPARE(QFile::exists(marker), syncFails);
    if (!syncFails)
        QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records"), 1);
}

void TestStoreWriter::loadWhoseLastSyncFailsKeepsItsMarker()
{
    // The switch back to WAL commits, and syncs the load's pages, when its statement ends, after the
    // row that names the new mode: a sync that fails there fails the run, and the marker stays for the
    // next open to discard the store.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    const QString marker = FirstLoadMarker::pathFor(path);
    {
        StoreWriter cli(path, PriceBook::embedded(), StoreWriter::Role::CommandLine);
        cli.beginRun();
        cli.apply(usageBatch("msg_1", 1));
        FailingSyncs::g_fail = true;
        QVERIFY_THROWS_EXCEPTION(StoreError, cli.endRun(true));
        FailingSyncs::g_fail = false;
        QVERIFY(QFile::exists(marker));
    }
    QVERIFY(QFile::exists(marker));
    StoreWriter next(path, PriceBook::embedded(), StoreWriter::Role::CommandLine);
    QVERIFY(!QFile::exists(marker));
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records"), 0);
}

void TestStoreWriter::bulkLoadFindsItsRowsWithoutTheKeyIndexes()
{
    // Keys stored earlier in a bulk load come back through the rowids kept in memory: a larger copy
    // replaces the stored one, requests sharing a message id stay apart, and a call id used in two
    // sessions (a forked rollout) gets its result in the right one.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    StoreWriter writer(path, PriceBook::embedded());
    writer.beginRun();
    QVERIFY(!indexNames(path).contains(QStringLiteral("usage_key")));
    IngestBatch first = usageBatch("msg_1", 1);
    UsageRecord sibling = first.usage[0];
    sibling.recordKey = "msg_2";
    first.usage.push_back(sibling);
    sibling.requestId = "req_2"; // the same message id, another request
    first.usage.push_back(sibling);
    first.session("s2").widen(1777885926480);
    ToolCallRecord call;
    call.toolUseId = "call_1";
    call.name = "shell";
    call.startTs = 1777885926480;
    for (const QByteArray& session : { QByteArray("s1"), QByteArray("s2") }) {
        call.sessionExternalId = session;
        call.sessionIndex = session == "s1" ? 0 : 1;
        first.toolCalls.push_back(call);
    }
    const StoreWriter::Counts stored = writer.apply(first);
    QCOMPARE(stored.usageInserted, 3);
    QCOMPARE(stored.toolCalls, 2);

    IngestBatch second = usageBatch("msg_1", 5);
    UsageRecord larger = second.usage[0];
    larger.recordKey = "msg_2";
    larger.requestId = "req_2";
    second.usage.push_back(larger);
    ToolResultRecord result;
    result.sessionExternalId = "s2";
    result.toolUseId = "call_1";
    result.endTs = 1777885927480;
    result.isError = true;
    second.toolResults.push_back(result);
    call.sessionExternalId = "s1"; // read again: no second row
    call.sessionIndex = -1;
    second.toolCalls.push_back(call);
    const StoreWriter::Counts again = writer.apply(second);
    QCOMPARE(again.usageReplaced, 2);
    QCOMPARE(again.usageInserted, 0);
    QCOMPARE(again.toolCalls, 0);
    writer.endRun(true);

    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records"), 3);
    QCOMPARE(scalar(path, "SELECT output_tokens FROM usage_records WHERE record_key = 'msg_1'"), 5);
    QCOMPARE(
        scalar(path,
            "SELECT output_tokens FROM usage_records WHERE request_id = 'req_1' AND record_key = 'msg_2'"),
        1);
    QCOMPARE(scalar(path, "SELECT output_tokens FROM usage_records WHERE request_id = 'req_2'"), 5);
    QCOMPARE(scalar(path, "SELECT SUM(output_tokens) FROM usage_rollup"), 11);
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM tool_calls"), 2);
    QCOMPARE(scalar(path,
                 "SELECT s.external_id = 's2' FROM tool_calls c JOIN sessions s ON s.id = c.session_id "
                 "WHERE c.status = 'error'"),
        1);
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM tool_calls WHERE status = 'error'"), 1);
    QVERIFY(indexNames(path).contains(QStringLiteral("usage_key")));
    QVERIFY(indexNames(path).contains(QStringLiteral("tool_calls_hash")));
}

namespace {
// The records of bulkRowsWrittenTogetherEqualRowsWrittenAlone(), in the order a batch applies them.
struct BulkRecords
{
    std::vector<UsageRecord> usage;
    std::vector<ToolCallRecord> toolCalls;
    std::vector<ToolResultRecord> toolResults;
    std::vector<PromptRecord> prompts;
};

BulkRecords bulkRecords()
{
    BulkRecords r;
    const qint64 t0 = 1777885926480;
    std::vector<UsageRecord> originals;
    for (int i = 0; i < 100; ++i) {
        UsageRecord record = usageBatch("msg_" + QByteArray::number(i), i + 1).usage.front();
        record.timestampMs = t0 + i * 1000;
        record.byteOffset = i * 10;
        if (i % 3 == 0) // another price entry among the rows held together
            record.model = "claude-haiku-4-5-20251001";
        originals.push_back(record);
        r.usage.push_back(record);
        if (i == 40) {
            // A larger copy of a row read a few records before: it replaces that row, which the writer
            // has not written yet.
            UsageRecord larger = originals[35];
            larger.tokens.output = 500;
            larger.byteOffset = 5000;
            r.usage.push_back(larger);
        } else if (i == 45) {
            UsageRecord smaller = originals[37]; // a smaller copy: kept out
            smaller.tokens.output = 0;
            r.usage.push_back(smaller);
        } else if (i == 70) {
            UsageRecord sibling
                = originals[66]; // another request under the same message id: a row of its own
            sibling.requestId = "req_2";
            r.usage.push_back(sibling);
        }
    }
    for (int i = 0; i < 70; ++i) {
        ToolCallRecord call;
        call.sessionExternalId = "s1";
        call.toolUseId = "call_" + QByteArray::number(i);
        call.name = i % 3 == 0 ? "exec_command" : "apply_patch";
        call.startTs = t0 + i * 1000;
        call.byteOffset = i * 10 + 1;
        if (i % 4 == 0) {
            call.hasResult = true;
            call.result.endTs = call.startTs + 250;
            call.result.isError = i % 8 == 0;
        }
        if (i == 50) { // names the sub-agent it ran while its row is held
            call.hasResult = true;
            call.result.endTs = call.startTs + 5000;
            call.result.childSessionExternalId = "s1-child";
        }
        call.result.sessionExternalId = call.sessionExternalId; // as the parsers fill a call's result
        call.result.toolUseId = call.toolUseId;
        r.toolCalls.push_back(call);
        if (i == 40) {
            ToolCallRecord again = r.toolCalls[38]; // read again with its result: completes the row
            again.hasResult = true;
            again.result.endTs = again.startTs + 75;
            r.toolCalls.push_back(again);
        }
    }
    // Times the log lacked or got wrong, and an interrupted call: the columns a statement used to work
    // out (status, error flag, duration) are now bound as values.
    struct Odd
    {
        const char* id;
        qint64 start, end;
        bool interrupted;
    };
    for (const Odd& odd : { Odd { "call_no_start", 0, t0 + 500, false },
             Odd { "call_no_end", t0 + 500, 0, false }, Odd { "call_backwards", t0 + 900, t0 + 400, false },
             Odd { "call_stopped", t0, t0 + 300, true } }) {
        ToolCallRecord call;
        call.sessionExternalId = "s1";
        call.toolUseId = odd.id;
        call.name = "exec_command";
        call.startTs = odd.start;
        call.hasResult = true;
        call.result.sessionExternalId = "s1";
        call.result.toolUseId = odd.id;
        call.result.endTs = odd.end;
        call.result.interrupted = odd.interrupted;
        r.toolCalls.push_back(call);
    }
    // Results of calls written before. In one batch, call_51 to call_69 and the four above are still
    // held when these are read (call_40's repeat and call_50's link wrote those before them), and only
    // the write at the end of the calls writes them.
    for (int i : { 21, 61 }) {
        ToolResultRecord result;
        result.sessionExternalId = "s1";
        result.toolUseId = "call_" + QByteArray::number(i);
        result.endTs = t0 + i * 1000 + 900;
        r.toolResults.push_back(result);
    }
    for (int i = 0; i < 70; ++i) {
        PromptRecord prompt;
        prompt.sessionExternalId = "s1";
        // p_3 twice in one INSERT, p_5 twice in two: one row each.
        prompt.uuid = "p_" + QByteArray::number(i == 10 ? 3 : i == 45 ? 5 : i);
        prompt.ts = t0 + i * 1000;
        prompt.text = "prompt " + QByteArray::number(i);
        prompt.length = int(prompt.text.size());
        r.prompts.push_back(prompt);
    }
    return r;
}

// A batch of session s1 with the given records.
template <typename Record>
IngestBatch batchOf(std::vector<Record> IngestBatch::*records, std::vector<Record> rows)
{
    IngestBatch batch;
    batch.sourceId = 1;
    batch.session("s1").widen(1777885926480);
    for (Record& row : rows)
        row.sessionIndex = 0;
    batch.*records = std::move(rows);
    return batch;
}

// Every column that a bulk load writes, row by row in rowid order.
QStringList bulkTables(const QString& path)
{
    return rows(path,
               "id || ' ' || session_id || ' ' || ts || ' ' || output_tokens || ' ' || record_key || ' ' || "
               "request_id || ' ' || byte_offset || ' ' || key_hash || ' ' || computed_cost || ' ' || "
               "price_entry",
               "usage_records")
        + rows(path,
            "id || ' ' || session_id || ' ' || tool_use_id || ' ' || name || ' ' || status || ' ' || "
            "COALESCE(end_ts, '-') || ' ' || COALESCE(duration_ms, '-') || ' ' || is_error || ' ' || "
            "byte_offset || ' ' || tool_hash || ' ' || COALESCE(child_session_id, '-')",
            "tool_calls")
        + rows(path, "id || ' ' || session_id || ' ' || uuid || ' ' || ts || ' ' || text", "prompts")
        + rows(path,
            "session_id || ' ' || bucket || ' ' || model || ' ' || output_tokens || ' ' || requests || ' ' "
            "|| "
            "computed_cost",
            "usage_rollup");
}
} // namespace

void TestStoreWriter::bulkRowsWrittenTogetherEqualRowsWrittenAlone()
{
    // A bulk load writes its new rows several to a statement, with the rowids they would have got one
    // by one, and reads or updates a row it has not written yet only after writing it. One batch of
    // every record must store what a batch per record stores (each written at its batch's end).
    const BulkRecords records = bulkRecords();
    QTemporaryDir dir;
    const QString together = dir.filePath(QStringLiteral("together.db"));
    const QString alone = dir.filePath(QStringLiteral("alone.db"));
    {
        StoreWriter writer(together, PriceBook::embedded());
        writer.beginRun();
        IngestBatch batch = batchOf(&IngestBatch::usage, records.usage);
        batch.toolCalls = batchOf(&IngestBatch::toolCalls, records.toolCalls).toolCalls;
        batch.toolResults = records.toolResults;
        batch.prompts = batchOf(&IngestBatch::prompts, records.prompts).prompts;
        const StoreWriter::Counts counts = writer.apply(batch);
        QCOMPARE(counts.usageInserted, 101);
        QCOMPARE(counts.usageReplaced, 1);
        QCOMPARE(counts.usageDuplicates, 1);
        QCOMPARE(counts.toolCalls, 74);
        QCOMPARE(counts.prompts, 68);
        writer.endRun(true);
    }
    {
        StoreWriter writer(alone, PriceBook::embedded());
        writer.beginRun();
        for (const UsageRecord& record : records.usage)
            writer.apply(batchOf(&IngestBatch::usage, { record }));
        for (const ToolCallRecord& call : records.toolCalls)
            writer.apply(batchOf(&IngestBatch::toolCalls, { call }));
        for (const ToolResultRecord& result : records.toolResults) {
            IngestBatch batch;
            batch.sourceId = 1;
            batch.toolResults = { result };
            writer.apply(batch);
        }
        for (const PromptRecord& prompt : records.prompts)
            writer.apply(batchOf(&IngestBatch::prompts, { prompt }));
        writer.endRun(true);
    }
    const QStringList stored = bulkTables(together);
    QCOMPARE(stored, bulkTables(alone));
    // And what that is: rowids 1 to n, the replaced row in place with the larger copy, results in.
    QCOMPARE(scalar(together, "SELECT COUNT(*) || MIN(id) || MAX(id) FROM usage_records"), 1011101);
    QCOMPARE(
        scalar(together, "SELECT id * 1000 + output_tokens FROM usage_records WHERE record_key = 'msg_35'"),
        36500);
    QCOMPARE(scalar(together, "SELECT output_tokens FROM usage_records WHERE record_key = 'msg_37'"), 38);
    QCOMPARE(scalar(together, "SELECT COUNT(*) FROM usage_records WHERE record_key = 'msg_66'"), 2);
    QCOMPARE(scalar(together, "SELECT COUNT(*) || MIN(id) || MAX(id) FROM tool_calls"), 74174);
    QCOMPARE(column(together,
                 "SELECT tool_use_id || ' ' || COALESCE(start_ts - 1777885926480, '-') || ' ' || "
                 "COALESCE(end_ts - 1777885926480, '-') || ' ' || status || ' ' || is_error || ' ' || "
                 "COALESCE(duration_ms, '-') FROM tool_calls WHERE id > 70 ORDER BY id"),
        QStringList({ QStringLiteral("call_no_start - 500 completed 0 -"),
            QStringLiteral("call_no_end 500 - completed 0 -"),
            QStringLiteral("call_backwards 900 400 completed 0 0"),
            QStringLiteral("call_stopped 0 300 interrupted 0 300") }));
    QCOMPARE(scalar(together,
                 "SELECT COUNT(*) FROM tool_calls WHERE status = 'pending' AND is_error = 0 AND "
                 "end_ts IS NULL AND duration_ms IS NULL"),
        70 - 18 - 4); // without a result: all but the multiples of 4, call_38, call_50, call_21 and call_61
    QCOMPARE(scalar(together, "SELECT duration_ms FROM tool_calls WHERE tool_use_id = 'call_38'"), 75);
    QCOMPARE(scalar(together,
                 "SELECT COUNT(*) FROM tool_calls WHERE tool_use_id IN ('call_21', 'call_61') AND status = "
                 "'completed' AND duration_ms = 900"),
        2);
    QCOMPARE(scalar(together,
                 "SELECT s.external_id = 's1-child' FROM tool_calls c JOIN sessions s ON s.id = "
                 "c.child_session_id WHERE c.tool_use_id = 'call_50'"),
        1);
    QCOMPARE(scalar(together, "SELECT COUNT(DISTINCT price_entry) FROM usage_records"), 2);
    QCOMPARE(scalar(together, "SELECT COUNT(*) FROM prompts"), 68);
    QCOMPARE(foreignKeyViolations(together), QStringList());
    QCOMPARE(foreignKeyViolations(alone), QStringList());
    QCOMPARE(scalar(together, "SELECT SUM(output_tokens) FROM usage_rollup"),
        scalar(together, "SELECT SUM(output_tokens) FROM usage_records"));
}

void TestStoreWriter::pendingLinksSurviveAnInterruptedRun()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    {
        StoreWriter writer(path, PriceBook::embedded());
        writer.beginRun();
        writer.apply(usageBatch("msg_1", 1));
        // No endRun(): the process died before resolving links.
    }
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM meta WHERE key = 'links_pending'"), 1);
    StoreWriter writer(path, PriceBook::embedded());
    writer.beginRun();
    writer.endRun(false); // nothing new, but the pending resolution runs
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM meta WHERE key = 'links_pending'"), 0);
}

void TestStoreWriter::lastCopyWinsReplacesAndIgnoresRereads()
{
    // Gemini re-appends a message as it changes and OpenCode updates rows in place: the copy read
    // last replaces the stored one even when it is smaller; reading the same copy again changes nothing.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    StoreWriter writer(path, PriceBook::embedded());
    auto copy = [](qint64 output) {
        IngestBatch batch = usageBatch("gemini:s1:g-01", output);
        batch.sourceId = 5;
        batch.usage[0].requestId.clear();
        batch.usage[0].lastCopyWins = true;
        return batch;
    };
    QCOMPARE(writer.apply(copy(50)).usageInserted, 1);
    QCOMPARE(writer.apply(copy(20)).usageReplaced, 1);
    QCOMPARE(writer.apply(copy(20)).usageDuplicates, 1);
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records"), 1);
    QCOMPARE(scalar(path, "SELECT output_tokens FROM usage_records"), 20);
    QCOMPARE(scalar(path, "SELECT SUM(output_tokens) FROM usage_rollup"), 20);
    // The default rule (Claude's streaming copies) keeps the larger copy instead.
    IngestBatch claude = usageBatch("msg_9", 50);
    writer.apply(claude);
    QCOMPARE(writer.apply(usageBatch("msg_9", 20)).usageDuplicates, 1);
    QCOMPARE(scalar(path, "SELECT output_tokens FROM usage_records WHERE record_key = 'msg_9'"), 50);
}

void TestStoreWriter::parserStateTravelsWithTheCursor()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    StoreWriter writer(path, PriceBook::embedded());
    IngestBatch batch = usageBatch("msg_1", 1);
    IngestBatch::FileProgress progress;
    progress.cursor.path = QStringLiteral("/logs/rollout.jsonl");
    progress.cursor.offset = 120;
    progress.cursor.parserState = QByteArray("model=gpt-5\0total=1,2,3", 24);
    batch.progress.push_back(progress);
    writer.apply(batch);
    const QString file = QStringLiteral("/logs/rollout.jsonl");
    const StoredCursors cursors = writer.loadCursors(1);
    QCOMPARE(cursors.size(), 1);
    QVERIFY(cursors.find(file));
    QVERIFY(!cursors.find(file + QLatin1Char('x')));
    QCOMPARE(cursors.find(file)->offset, 120); // cursors come without their state, fetched only to resume
    QCOMPARE(writer.parserStates({ file }).value(file), progress.cursor.parserState); // binary-safe
    // A parser without state stores NULL, and a later cursor replaces an earlier state.
    progress.cursor.parserState.clear();
    IngestBatch next;
    next.sourceId = 1;
    next.progress.push_back(progress);
    writer.apply(next);
    QVERIFY(writer.parserStates({ file }).isEmpty());
}

void TestStoreWriter::storedTitleFollowsTheRankAndTieRules()
{
    // Titles offered in later batches meet the stored one under SessionUpdate::offerTitle's rules.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    StoreWriter writer(path, PriceBook::embedded());
    auto offer = [&](const QByteArray& title, SessionUpdate::TitleRank rank, qint64 ts) {
        IngestBatch batch;
        batch.sourceId = 1;
        SessionUpdate& session = batch.session("s1");
        session.widen(ts);
        session.offerTitle(title, rank, ts);
        writer.apply(batch);
        Database db;
        db.open(path, Database::Mode::ReadOnly);
        SqliteStatement q = db.prepare("SELECT title, title_rank, title_ts FROM sessions");
        q.step();
        return QStringLiteral("%1 %2 %3").arg(q.text(0)).arg(q.int64(1)).arg(q.int64(2));
    };
    QCOMPARE(offer("late prompt", SessionUpdate::FirstPrompt, 200), QStringLiteral("late prompt 1 200"));
    QCOMPARE(offer("early prompt", SessionUpdate::FirstPrompt, 100), QStringLiteral("early prompt 1 100"));
    QCOMPARE(offer("later prompt", SessionUpdate::FirstPrompt, 300), QStringLiteral("early prompt 1 100"));
    QCOMPARE(offer("first summary", SessionUpdate::Summary, 400), QStringLiteral("first summary 2 400"));
    QCOMPARE(offer("second summary", SessionUpdate::Summary, 500), QStringLiteral("first summary 2 400"));
    QCOMPARE(offer("ai title", SessionUpdate::AiTitle, 600), QStringLiteral("ai title 3 600"));
    QCOMPARE(offer("older ai title", SessionUpdate::AiTitle, 550), QStringLiteral("ai title 3 600"));
    QCOMPARE(offer("", SessionUpdate::NoTitle, 700), QStringLiteral("ai title 3 600"));
    QCOMPARE(offer("newer ai title", SessionUpdate::AiTitle, 800), QStringLiteral("newer ai title 3 800"));
    QCOMPARE(offer("prompt", SessionUpdate::FirstPrompt, 50), QStringLiteral("newer ai title 3 800"));
    QCOMPARE(offer("custom", SessionUpdate::CustomTitle, 900), QStringLiteral("custom 4 900"));
}

void TestStoreWriter::newSessionRowEqualsAnUpdatedBareRow()
{
    // A session new to the writer is inserted whole; one whose row exists already (an earlier run's, not
    // in this writer's memory) is merged into by the update. Both must store the same row, ids in the
    // same order: the child before the parent it names for the first time.
    auto full = []() {
        IngestBatch batch;
        batch.sourceId = 1;
        SessionUpdate& child = batch.session("child");
        child.parentExternalId = "root";
        child.cwd = "/work/app";
        child.gitBranch = "main";
        child.agent = "reviewer";
        child.agentVersion = "0.98.0";
        child.spawnToolUseId = "call_1";
        child.spawnDepth = 2;
        child.isSidechain = true;
        child.widen(1000);
        child.widen(5000);
        child.offerTitle("review the patch", SessionUpdate::FirstPrompt, 1200);
        child.taskPrompt = "review";
        child.offerOutput("done", 4800);
        child.status = "completed";
        SessionUpdate& bare = batch.session("bare"); // no field set: NULLs, title_rank 0
        (void)bare;
        return batch;
    };
    const char* columns = "id || '|' || source_id || '|' || external_id || '|' || quote(parent_id) || '|' || "
                          "quote(project_id) || '|' || quote(title) || '|' || title_rank || '|' || "
                          "quote(title_ts) || '|' || quote(cwd) || '|' || quote(git_branch) || '|' || "
                          "quote(agent) || '|' || quote(agent_version) || '|' || quote(first_ts) || '|' || "
                          "quote(last_ts) || '|' || quote(spawn_tool_use_id) || '|' || quote(spawn_depth) || "
                          "'|' || is_sidechain || '|' || quote(task_prompt) || '|' || quote(last_output) || "
                          "'|' || quote(last_output_ts) || '|' || quote(status)";
    QTemporaryDir dir;
    const QString inserted = dir.filePath(QStringLiteral("inserted.db"));
    const QString updated = dir.filePath(QStringLiteral("updated.db"));
    StoreWriter(inserted, PriceBook::embedded()).apply(full());
    {
        IngestBatch keys; // the same rows, bare, from an earlier writer
        keys.sourceId = 1;
        keys.session("child");
        keys.session("root");
        keys.session("bare");
        StoreWriter(updated, PriceBook::embedded()).apply(keys);
    }
    StoreWriter(updated, PriceBook::embedded()).apply(full());
    const QStringList expected = { QStringLiteral(
                                       "1|1|child|2|1|'review the patch'|1|1200|'/work/app'|'main'|"
                                       "'reviewer'|'0.98.0'|1000|5000|'call_1'|2|1|'review'|'done'|"
                                       "4800|'completed'"),
        QStringLiteral(
            "2|1|root|NULL|NULL|NULL|0|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|0|NULL|NULL|NULL|NULL"),
        QStringLiteral(
            "3|1|bare|NULL|NULL|NULL|0|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|0|NULL|NULL|NULL|NULL") };
    QCOMPARE(rows(inserted, columns, "sessions"), expected);
    QCOMPARE(rows(updated, columns, "sessions"), expected);
    // A parent the writer knows already is linked by the insert itself.
    IngestBatch later;
    later.sourceId = 1;
    later.session("sibling").parentExternalId = "root";
    StoreWriter writer(inserted, PriceBook::embedded());
    writer.apply(later);
    QCOMPARE(scalar(inserted, "SELECT parent_id FROM sessions WHERE external_id = 'sibling'"), 2);
}

void TestStoreWriter::tracesAndDelegationsFollowTheSessionTree()
{
    // A root session with a sub-agent spawned by a tool call, and a grandchild named only by its parent
    // (as Codex and OpenCode do): one trace per session, one delegation per parent/child pair.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    {
        StoreWriter writer(path, PriceBook::embedded());
        IngestBatch batch;
        batch.sourceId = 2;
        SessionUpdate& root = batch.session("root");
        root.widen(1000000);
        root.widen(9000000);
        root.offerOutput("all done", 9000000);
        SessionUpdate& child = batch.session("child");
        child.parentExternalId = "root";
        child.agent = "explorer";
        child.taskPrompt = "find the callers";
        child.widen(2000000);
        child.widen(5000000);
        SessionUpdate& grandchild = batch.session("grandchild");
        grandchild.parentExternalId = "child";
        grandchild.agent = "worker";
        grandchild.status = "error";
        grandchild.widen(3000000);
        auto usage = [&](const QByteArray& session, qint64 input, qint64 output) {
            UsageRecord record;
            record.sessionExternalId = session;
            record.timestampMs = 2500000;
            record.model = "gpt-5";
            record.tokens.input = input;
            record.tokens.cacheRead = 10;
            record.tokens.output = output;
            record.tokens.reasoning = 1;
            record.recordKey = "codex:" + session;
            batch.usage.push_back(record);
        };
        usage("root", 100, 10);
        usage("child", 200, 20);
        usage("grandchild", 300, 30);
        ToolCallRecord spawn;
        spawn.sessionExternalId = "root";
        spawn.toolUseId = "call_spawn";
        spawn.name = "spawn_agent";
        spawn.startTs = 1900000;
        spawn.hasResult = true;
        spawn.result.sessionExternalId = "root";
        spawn.result.toolUseId = "call_spawn";
        spawn.result.endTs = 5100000;
        spawn.result.childSessionExternalId = "child";
        batch.toolCalls.push_back(spawn);
        writer.apply(batch);
        writer.endRun(true);
    }
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    SqliteStatement traces = db.prepare(
        "SELECT trace_id, session_id, COALESCE(parent_trace_id, '-'), parent_agent, subagent_type, "
        "started_at, "
        "ended_at, duration_ms, tokens_in, tokens_out, status, COALESCE(prompt_input, '-'), "
        "COALESCE(prompt_output, '-'), COALESCE(child_session_id, '-') FROM traces ORDER BY trace_id");
    QStringList rows;
    while (traces.step()) {
        QStringList cells;
        for (int i = 0; i < 14; ++i)
            cells << traces.text(i);
        rows << cells.join(QLatin1Char('|'));
    }
    QCOMPARE(rows,
        QStringList({
            // The sub-agent's trace starts at the spawning call and carries the prompt it was given.
            QStringLiteral("child|root|root|main|explorer|1900000|5000000|3100000|210|21|completed|find the "
                           "callers|-|child"),
            QStringLiteral(
                "grandchild|child|child|explorer|worker|3000000|3000000|0|310|31|error|-|-|grandchild"),
            QStringLiteral("root|root|-|user|main|1000000|9000000|8000000|110|11|completed|-|all done|-"),
        }));
    SqliteStatement delegations
        = db.prepare("SELECT parent_session_id, parent_agent, child_agent, "
                     "child_session_id, created_at FROM delegations ORDER BY created_at");
    rows.clear();
    while (delegations.step()) {
        QStringList cells;
        for (int i = 0; i < 5; ++i)
            cells << delegations.text(i);
        rows << cells.join(QLatin1Char('|'));
    }
    QCOMPARE(rows,
        QStringList({ QStringLiteral("root|main|explorer|child|1900000"),
            QStringLiteral("child|explorer|worker|grandchild|3000000") }));
    // A parent's totals with its sub-agents: the descendants view joined with the per-session totals.
    SqliteStatement tree = db.prepare(
        "SELECT SUM(t.input_tokens), COUNT(*) FROM session_descendants d JOIN session_totals t ON "
        "t.session_id = d.session_id JOIN sessions s ON s.id = d.root_id WHERE s.external_id = 'root'");
    QVERIFY(tree.step());
    QCOMPARE(tree.int64(0), 600);
    QCOMPARE(tree.int64(1), 3);
}

void TestStoreWriter::eventsAreStoredOncePerKey()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    {
        StoreWriter writer(path, PriceBook::embedded());
        writer.beginRun(); // empty store: bulk mode, keys kept in memory
        QCOMPARE(writer.apply(eventBatch()).events, 2);
        QCOMPARE(writer.apply(eventBatch()).events, 0); // the same lines read again
        // No endRun(): the run was killed.
    }
    {
        // The next run finds only events stored; it must look them up, not take the store for empty.
        StoreWriter writer(path, PriceBook::embedded());
        writer.beginRun();
        QCOMPARE(writer.apply(eventBatch()).events, 0);
        writer.endRun(true);
    }
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM agent_events"), 2);
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(
        "SELECT e.kind, COALESCE(e.model, '-'), e.message, COALESCE(e.retry_attempt, -1), e.agent, e.ts, "
        "e.byte_offset, f.path, s.external_id, e.key_hash = am_hash(e.event_key) FROM agent_events e "
        "JOIN source_files f ON f.id = e.file_id JOIN sessions s ON s.id = e.session_id ORDER BY "
        "e.event_key");
    QStringList rows;
    while (q.step()) {
        QStringList cells;
        for (int i = 0; i < 10; ++i)
            cells << q.text(i);
        rows << cells.join(QLatin1Char('|'));
    }
    QCOMPARE(rows,
        QStringList({ QStringLiteral("retry|-|Overloaded|2|main|1777885926480|120|/logs/s1.jsonl|s1|1"),
            QStringLiteral(
                "error|claude-sonnet-4-5|API Error: 529|-1|main|1777885926480|480|/logs/s1.jsonl|s1|1") }));
    // Both kinds are error items of the activity feed.
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM activity WHERE event_type = 'error'"), 2);
}

void TestStoreWriter::latencyAndRequestedModelFollowTheKeptCopy()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    StoreWriter writer(path, PriceBook::embedded());
    auto copy = [](qint64 output, std::optional<qint64> latency, const QByteArray& requested) {
        IngestBatch batch = usageBatch("opencode:msg_1", output);
        batch.usage[0].requestId.clear();
        batch.usage[0].lastCopyWins = true;
        batch.usage[0].latencyMs = latency;
        batch.usage[0].requestedModel = requested;
        return batch;
    };
    QCOMPARE(writer.apply(copy(50, std::nullopt, {})).usageInserted, 1);
    QCOMPARE(scalar(path,
                 "SELECT COUNT(*) FROM usage_records WHERE latency_ms IS NULL AND requested_model IS NULL"),
        1);
    // The same tokens, but the request has completed since: the copy is new, not a re-read.
    QCOMPARE(writer.apply(copy(50, 6757, "claude-opus-4-5")).usageReplaced, 1);
    QCOMPARE(writer.apply(copy(50, 6757, "claude-opus-4-5")).usageDuplicates, 1);
    QCOMPARE(scalar(path, "SELECT latency_ms FROM usage_records"), 6757);
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM activity WHERE event_type = 'model_override'"), 1);
    // The largest-copy rule (Claude) writes them with the copy it keeps.
    IngestBatch first = usageBatch("msg_9", 5);
    writer.apply(first);
    IngestBatch larger = usageBatch("msg_9", 50);
    larger.usage[0].latencyMs = 1200;
    larger.usage[0].requestedModel = "claude-sonnet-4-5-20250929";
    QCOMPARE(writer.apply(larger).usageReplaced, 1);
    QCOMPARE(scalar(path, "SELECT latency_ms FROM usage_records WHERE record_key = 'msg_9'"), 1200);
    // Requested = answered: no override.
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM activity WHERE event_type = 'model_override'"), 1);
}

void TestStoreWriter::sourceRollupFollowsACopyToAnotherSession()
{
    // A request's better copy can turn up in another session, and that session can be of another
    // source than the stored copy's: both rollups move the request, and the rows it leaves empty go.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    auto copy = [](int sourceId, const QByteArray& session, const QByteArray& key, qint64 output) {
        const IngestBatch one = usageBatch(key, output);
        IngestBatch batch;
        batch.sourceId = sourceId;
        batch.session(session).widen(one.usage[0].timestampMs);
        batch.usage = one.usage;
        batch.usage[0].sessionExternalId = session;
        return batch;
    };
    {
        StoreWriter writer(path, PriceBook::embedded());
        writer.apply(copy(1, "s1", "msg_a", 10));
        writer.apply(copy(1, "s1", "msg_b", 10));
    }
    const char* sessionRow = "session_id || ' ' || bucket || ' ' || requests || ' ' || output_tokens";
    const char* sourceRow = "source_id || ' ' || bucket || ' ' || requests || ' ' || output_tokens";
    const qint64 bucket = 1777885926480 / (15 * 60 * 1000);
    const QString b = QString::number(bucket);
    QCOMPARE(rows(path, sourceRow, "source_rollup"), QStringList { QStringLiteral("1 %1 2 20").arg(b) });
    // A new writer knows no session's source yet: the replaced copy's must be looked up, not taken
    // from the batch. msg_a moves to a session of the same source (the source row keeps both
    // requests), msg_b to a session of source 2 (source 1's row empties and goes).
    StoreWriter writer(path, PriceBook::embedded());
    QCOMPARE(writer.apply(copy(1, "s2", "msg_a", 30)).usageReplaced, 1);
    QCOMPARE(rows(path, sourceRow, "source_rollup"), QStringList { QStringLiteral("1 %1 2 40").arg(b) });
    QCOMPARE(writer.apply(copy(2, "s3", "msg_b", 50)).usageReplaced, 1);
    QCOMPARE(rows(path, sourceRow, "source_rollup"),
        QStringList({ QStringLiteral("1 %1 1 30").arg(b), QStringLiteral("2 %1 1 50").arg(b) }));
    QCOMPARE(writer.apply(copy(2, "s3", "msg_a", 70)).usageReplaced, 1);
    QCOMPARE(rows(path, sourceRow, "source_rollup"), QStringList { QStringLiteral("2 %1 2 120").arg(b) });
    // Session rows 1 and 2 emptied as well; 3 holds both.
    QCOMPARE(rows(path, sessionRow, "usage_rollup"), QStringList { QStringLiteral("3 %1 2 120").arg(b) });
    QCOMPARE(TestSupport::rollupMismatch(path), QString());
}

// A batch touches more (session, bucket, model) keys than one rollup statement writes (32), some of them
// stored by an earlier batch, some emptied by a better copy: both rollups equal what usage_records gives.
void TestStoreWriter::rollupsOfManyKeysMatchTheirRecords()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    const qint64 start = 1777885926480;
    const qint64 quarter = 15 * 60 * 1000;
    // Requests i in [from, to), one per quarter hour (from `shift` quarters on), in sessions s0..s2 and
    // two models, output `output`.
    auto batch = [&](int from, int to, qint64 output, int shift = 0) {
        IngestBatch out;
        out.sourceId = 1;
        const IngestBatch one = usageBatch("x", 1);
        for (int i = from; i < to; ++i) {
            UsageRecord record = one.usage[0];
            record.sessionExternalId = "s" + QByteArray::number(i % 3);
            record.sessionIndex = out.sessionIndex(record.sessionExternalId);
            record.timestampMs = start + (i + shift) * quarter;
            out.sessions[size_t(record.sessionIndex)].widen(record.timestampMs);
            record.model = i % 2 ? "claude-sonnet-4-5-20250929" : "claude-opus-4-1-20250805";
            record.recordKey = "msg_" + QByteArray::number(i);
            record.tokens.output = output;
            out.usage.push_back(record);
        }
        return out;
    };
    StoreWriter writer(path, PriceBook::embedded());
    QCOMPARE(writer.apply(batch(0, 50, 10)).usageInserted, 50);
    const StoreWriter::Counts counts = writer.apply(batch(30, 110, 20)); // 20 better copies, 60 new
    QCOMPARE(counts.usageReplaced, 20);
    QCOMPARE(counts.usageInserted, 60);
    QCOMPARE(TestSupport::rollupMismatch(path), QString());
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_rollup"), 110);
    QCOMPARE(scalar(path, "SELECT SUM(requests) FROM usage_rollup"), 110);
    QCOMPARE(scalar(path, "SELECT SUM(output_tokens) FROM usage_rollup"), 30 * 10 + 80 * 20);
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM source_rollup"), 110);
    QCOMPARE(scalar(path, "SELECT SUM(output_tokens) FROM source_rollup"), 30 * 10 + 80 * 20);
    // Better copies of the first 40 at other times: their keys empty and go, 40 new ones come.
    QCOMPARE(writer.apply(batch(0, 40, 30, 1000)).usageReplaced, 40);
    QCOMPARE(TestSupport::rollupMismatch(path), QString());
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_rollup"), 110);
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_rollup WHERE requests = 0"), 0);
    QCOMPARE(scalar(path, "SELECT SUM(output_tokens) FROM usage_rollup"), 40 * 30 + 70 * 20);
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM source_rollup"), 110);
}

void TestStoreWriter::sourceRollupIsRebuiltWhenRepriced()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    {
        StoreWriter unpriced(path, nullptr); // no price book: every request is unpriced
        unpriced.ensurePricedWith("none");
        unpriced.apply(usageBatch("msg_1", 10));
    }
    const char* row
        = "source_id || ' ' || requests || ' ' || computed_unpriced || ' ' || (computed_cost > 0)";
    QCOMPARE(rows(path, row, "source_rollup"), QStringList { QStringLiteral("1 1 1 0") });
    StoreWriter priced(path, PriceBook::embedded());
    QCOMPARE(priced.ensurePricedWith("embedded"), 1);
    QCOMPARE(rows(path, row, "source_rollup"), QStringList { QStringLiteral("1 1 0 1") });
    QCOMPARE(TestSupport::rollupMismatch(path), QString());
}

// The writer resolves a model's prices once and keeps them while the model repeats: prices or
// overrides loaded into its book meanwhile must price the next request of that model, not the stale
// entry.
void TestStoreWriter::pricesLoadedDuringARunPriceTheNextRequests()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    auto prices = std::make_shared<PriceBook>();
    QVERIFY(prices->loadOverrides(
        R"({"models": {"claude-sonnet-4-5-20250929": {"input_mtok": 1, "output_mtok": 1}}})"));
    StoreWriter writer(path, prices);
    writer.apply(usageBatch("msg_1", 990)); // 10 + 990 tokens at $1 a million
    QVERIFY(prices->loadOverrides(
        R"({"models": {"claude-sonnet-4-5-20250929": {"input_mtok": 5, "output_mtok": 5}}})"));
    writer.apply(usageBatch("msg_2", 990));
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare("SELECT record_key, computed_cost FROM usage_records ORDER BY record_key");
    QVERIFY(q.step());
    QCOMPARE(q.bytes(0), QByteArray("msg_1"));
    QCOMPARE(q.real(1), 0.001);
    QVERIFY(q.step());
    QCOMPARE(q.bytes(0), QByteArray("msg_2"));
    QCOMPARE(q.real(1), 0.005);
}

// Batches go back to the parser emptied, with their vectors' room kept: nothing of an applied batch may
// leak into the next.
void TestStoreWriter::submitHandsBackAnAppliedBatchEmptied()
{
    QTemporaryDir dir;
    StoreWriterThread writer(dir.filePath(QStringLiteral("am.db")), PriceBook::embedded());
    auto applied = [&writer] { return writer.call([](StoreWriter&) { return true; }); }; // queued after
    IngestBatch first = writer.submit(usageBatch("msg_1", 1));
    QVERIFY(first.isEmpty()); // nothing applied yet: a new batch
    QVERIFY(applied());
    IngestBatch full = usageBatch("msg_2", 2);
    for (int i = 3; i < 40; ++i)
        full.usage.push_back(usageBatch("msg_" + QByteArray::number(i), i).usage.front());
    for (int i = 2; i <= 300; ++i) // a table of sessions large enough to be emptied entry by entry
        full.sessionIndex("s" + QByteArray::number(i));
    const size_t room = full.usage.capacity();
    QVERIFY(writer.submit(std::move(full)).isEmpty()); // the first batch, emptied
    QVERIFY(applied());
    IngestBatch reused = writer.submit(usageBatch("msg_40", 40));
    QVERIFY(reused.isEmpty());
    QCOMPARE(reused.sourceId, 0);
    // Its table of sessions starts over too: every session of the applied batch is new in it.
    for (int i = 300; i >= 1; --i)
        QCOMPARE(reused.sessionIndex("s" + QByteArray::number(i)), 300 - i);
    QCOMPARE(reused.sessions.size(), size_t(300));
    QCOMPARE(reused.sessions.back().externalId, QByteArray("s1"));
    QCOMPARE(reused.sessionIndex("s150"), 150);
    QVERIFY(reused.usage.capacity() >= room);
    writer.finish();
    QCOMPARE(scalar(dir.filePath(QStringLiteral("am.db")), "SELECT count(*) FROM usage_records"), 40);
}

QTEST_GUILESS_MAIN(TestStoreWriter)
#include "tst_storewriter.moc"

// SPDX-License-Identifier: MIT
// GatheringVfs: a file that gathers hands a commit's adjacent pages to the file system in few write
// calls, and no connection, its own or another, ever reads the file without every byte written
// before: after each commit, when a page is read back within a transaction, after a rollback, and with
// pages of every size SQLite allows.
#include "store/gatheringvfs.h"

#include <csignal>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>
#include <sys/resource.h>

class TestGatheringVfs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aCommitsPagesAreWrittenInFewCalls();
    void anotherConnectionSeesEveryCommit();
    void pagesSpilledInATransactionAreReadBack();
    void aRollbackRestoresWhatWasWritten();
    void everyPageSizeIsStored_data();
    void everyPageSizeIsStored();
    void turnedOffItWritesEachCallThrough();
    void aCheckpointIsNeverGathered();
    void aWriteThatFailsFailsTheCommit();
    void onlyItsOwnFilesGather();
};

namespace {
// A connection through the VFS (writer) or the default one (reader), closed at the end of its scope.
class Connection
{
public:
    Connection(const QString& path, bool gatheringVfs)
    {
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        if (sqlite3_open_v2(
                path.toUtf8().constData(), &m_db, flags, gatheringVfs ? GatheringVfs::name() : nullptr)
            != SQLITE_OK)
            qFatal("cannot open %s: %s", qPrintable(path), sqlite3_errmsg(m_db));
    }
    ~Connection() { sqlite3_close(m_db); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* db() const { return m_db; }
    bool exec(const char* sql) const
    {
        return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    qint64 scalar(const char* sql) const
    {
        sqlite3_stmt* statement = nullptr;
        sqlite3_prepare_v2(m_db, sql, -1, &statement, nullptr);
        const qint64 value
            = statement && sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
        sqlite3_finalize(statement);
        return value;
    }
    QString text(const char* sql) const
    {
        sqlite3_stmt* statement = nullptr;
        sqlite3_prepare_v2(m_db, sql, -1, &statement, nullptr);
        QString value;
        if (statement && sqlite3_step(statement) == SQLITE_ROW)
            value = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
        sqlite3_finalize(statement);
        return value;
    }

private:
    sqlite3* m_db = nullptr;
};

// The store writer's bulk-load settings: a rollback journal in memory, no syncs, writes gathered.
void prepareLoad(const Connection& writer, int pageSize = 4096)
{
    QVERIFY(writer.exec(qPrintable(QStringLiteral("PRAGMA page_size=%1").arg(pageSize))));
    QVERIFY(writer.exec("PRAGMA journal_mode=MEMORY"));
    QVERIFY(writer.exec("PRAGMA synchronous=OFF"));
    QVERIFY(writer.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB, k INTEGER)"));
    QVERIFY(writer.exec("CREATE INDEX t_k ON t(k)"));
    QVERIFY(GatheringVfs::setGathering(writer.db(), true));
}

// rows rows of 300 bytes each, keyed at random (the index's pages change all over the file).
bool insertRows(const Connection& writer, int rows)
{
    const QByteArray sql
        = QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE "
                         "i < %1) INSERT INTO t(body, k) SELECT randomblob(300), random() FROM n")
              .arg(rows)
              .toUtf8();
    return writer.exec(sql.constData());
}
// rows rows in a transaction of their own.
bool commitRows(const Connection& writer, int rows)
{
    return writer.exec("BEGIN") && insertRows(writer, rows) && writer.exec("COMMIT");
}

// The write calls received and made since before was taken.
GatheringVfs::Counters since(const GatheringVfs::Counters& before)
{
    const GatheringVfs::Counters now = GatheringVfs::counters();
    return { now.received - before.received, now.made - before.made, now.syncs - before.syncs };
}
} // namespace

void TestGatheringVfs::aCommitsPagesAreWrittenInFewCalls()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.db"));
    Connection writer(path, true);
    prepareLoad(writer);
    const GatheringVfs::Counters before = GatheringVfs::counters();
    QVERIFY(writer.exec("BEGIN"));
    QVERIFY(insertRows(writer, 20000)); // about 1,700 table pages and 100 of the index
    QVERIFY(writer.exec("COMMIT"));
    const GatheringVfs::Counters during = since(before);
    QVERIFY2(during.received > 1500, qPrintable(QString::number(during.received)));
    // Runs of at most 16 pages, broken where the index's pages sit among the table's.
    QVERIFY2(during.made * 8 < during.received,
        qPrintable(QStringLiteral("%1 of %2").arg(during.made).arg(during.received)));
    QCOMPARE(writer.text("PRAGMA integrity_check"), QStringLiteral("ok"));
    Connection reader(path, false);
    QCOMPARE(reader.scalar("SELECT COUNT(*) FROM t"), 20000);
    QCOMPARE(reader.text("PRAGMA integrity_check"), QStringLiteral("ok"));
}

void TestGatheringVfs::anotherConnectionSeesEveryCommit()
{
    // The commit's last writes are held until SQLite syncs (SQLITE_FCNTL_SYNC with synchronous=OFF) or
    // unlocks; a reader that takes its lock after the commit must find all of them in the file.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("b.db"));
    Connection writer(path, true);
    prepareLoad(writer);
    Connection reader(path, false);
    for (int commit = 1; commit <= 5; ++commit) {
        QVERIFY(commitRows(writer, 997));
        QCOMPARE(reader.scalar("SELECT COUNT(*) FROM t"), 997 * commit);
        QCOMPARE(reader.scalar("SELECT COUNT(*) FROM t INDEXED BY t_k WHERE k IS NOT NULL"), 997 * commit);
    }
    QCOMPARE(reader.text("PRAGMA integrity_check"), QStringLiteral("ok"));
}

void TestGatheringVfs::pagesSpilledInATransactionAreReadBack()
{
    // With a page cache of 20 pages, SQLite writes pages out in the middle of the transaction (a spill)
    // and reads them back later: they must come back as written, held or not.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.db"));
    Connection writer(path, true);
    prepareLoad(writer);
    QVERIFY(writer.exec("PRAGMA cache_size=20"));
    QVERIFY(writer.exec("BEGIN"));
    QVERIFY(insertRows(writer, 5000));
    QCOMPARE(writer.scalar("SELECT COUNT(*) FROM t WHERE length(body) = 300"), 5000);
    QVERIFY(writer.exec("UPDATE t SET k = id WHERE id % 3 = 0"));
    QCOMPARE(writer.scalar("SELECT COUNT(*) FROM t INDEXED BY t_k WHERE k = id"), 5000 / 3);
    QVERIFY(writer.exec("COMMIT"));
    QCOMPARE(writer.text("PRAGMA integrity_check"), QStringLiteral("ok"));
    Connection reader(path, false);
    QCOMPARE(reader.scalar("SELECT COUNT(*) FROM t WHERE k = id"), 5000 / 3);
}

void TestGatheringVfs::aRollbackRestoresWhatWasWritten()
{
    // A transaction that spilled pages into the file and is then rolled back: SQLite writes the old
    // pages back from its journal in memory, through the same gathering.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("d.db"));
    Connection writer(path, true);
    prepareLoad(writer);
    QVERIFY(commitRows(writer, 3000));
    QVERIFY(writer.exec("PRAGMA cache_size=20"));
    QVERIFY(writer.exec("BEGIN"));
    QVERIFY(insertRows(writer, 5000));
    QVERIFY(writer.exec("DELETE FROM t WHERE id % 2 = 0"));
    QVERIFY(writer.exec("ROLLBACK"));
    QCOMPARE(writer.scalar("SELECT COUNT(*) FROM t"), 3000);
    QCOMPARE(writer.text("PRAGMA integrity_check"), QStringLiteral("ok"));
    Connection reader(path, false);
    QCOMPARE(reader.scalar("SELECT COUNT(*) FROM t"), 3000);
    QCOMPARE(reader.text("PRAGMA integrity_check"), QStringLiteral("ok"));
}

void TestGatheringVfs::everyPageSizeIsStored_data()
{
    QTest::addColumn<int>("pageSize");
    for (int size = 512; size <= 65536; size *= 2)
        QTest::addRow("%d", size) << size;
}

void TestGatheringVfs::everyPageSizeIsStored()
{
    // 64 KiB pages fill a whole gathering each; the unix VFS takes at most 128 KiB - 1 bytes a call.
    QFETCH(int, pageSize);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("e.db"));
    {
        Connection writer(path, true);
        prepareLoad(writer, pageSize);
        for (int commit = 0; commit < 3; ++commit) {
            QVERIFY(writer.exec("BEGIN"));
            QVERIFY2(insertRows(writer, 2000), sqlite3_errmsg(writer.db()));
            QVERIFY(writer.exec("COMMIT"));
        }
        QCOMPARE(writer.scalar("PRAGMA page_size"), pageSize);
    }
    Connection reader(path, false);
    QCOMPARE(reader.scalar("SELECT COUNT(*) FROM t"), 6000);
    QCOMPARE(reader.text("PRAGMA integrity_check"), QStringLiteral("ok"));
}

void TestGatheringVfs::turnedOffItWritesEachCallThrough()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f.db"));
    Connection writer(path, true);
    prepareLoad(writer);
    QVERIFY(GatheringVfs::setGathering(writer.db(), false));
    const GatheringVfs::Counters before = GatheringVfs::counters();
    QVERIFY(commitRows(writer, 2000));
    const GatheringVfs::Counters during = since(before);
    QVERIFY(during.received > 100);
    QCOMPARE(during.made, during.received);
    // And back in WAL mode the log's frames are written as they come.
    QVERIFY(writer.exec("PRAGMA journal_mode=WAL"));
    QVERIFY(insertRows(writer, 10));
    Connection reader(path, false);
    QCOMPARE(reader.scalar("SELECT COUNT(*) FROM t"), 2010);
}

void TestGatheringVfs::aCheckpointIsNeverGathered()
{
    // Gathering left on while the store is in WAL mode (another process may switch it between two of
    // the bulk load's commits): the checkpoint writes the file under a shared lock, while readers may
    // read it, so each of its writes goes through as it comes.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("w.db"));
    Connection writer(path, true);
    prepareLoad(writer);
    QVERIFY(writer.exec("PRAGMA journal_mode=WAL"));
    QVERIFY(GatheringVfs::setGathering(writer.db(), true));
    QVERIFY(writer.exec("PRAGMA wal_autocheckpoint=0"));
    QVERIFY(commitRows(writer, 5000));
    const GatheringVfs::Counters before = GatheringVfs::counters();
    QCOMPARE(writer.text("PRAGMA wal_checkpoint(TRUNCATE)").left(1), QStringLiteral("0"));
    const GatheringVfs::Counters during = since(before);
    QVERIFY(during.received > 100); // the table's pages, copied from the log
    QCOMPARE(during.made, during.received);
    Connection reader(path, false);
    QCOMPARE(reader.scalar("SELECT COUNT(*) FROM t"), 5000);
}

void TestGatheringVfs::aWriteThatFailsFailsTheCommit()
{
    // Held bytes that cannot be written (here: past the process's file-size limit) fail the commit, and
    // every commit after it while gathering stays on; none reports success with pages missing.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("full.db"));
    Connection writer(path, true);
    prepareLoad(writer);
    QVERIFY(commitRows(writer, 100));
    struct rlimit before = {};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &before), 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN); // a write past the limit fails (EFBIG)
    struct rlimit limited = before;
    limited.rlim_cur = rlim_t(256) << 10;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &limited), 0);
    QVERIFY(writer.exec("BEGIN"));
    QVERIFY(insertRows(writer, 3000)); // about 1 MB: past the limit
    const bool committed = writer.exec("COMMIT");
    const bool laterCommitted = writer.exec("INSERT INTO t(body, k) VALUES(x'00', 1)");
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &before), 0);
    std::signal(SIGXFSZ, previousHandler);
    QVERIFY(!committed);
    QVERIFY(!laterCommitted);
    // And turning it off reports the loss (StoreWriter then fails the load, whose marker makes the next
    // open discard the store: a rollback journal in memory could not undo the commit either).
    QVERIFY(!GatheringVfs::setGathering(writer.db(), false));
}

void TestGatheringVfs::onlyItsOwnFilesGather()
{
    QTemporaryDir dir;
    Connection other(dir.filePath(QStringLiteral("g.db")), false);
    QVERIFY(other.exec("CREATE TABLE t(x)"));
    QVERIFY(!GatheringVfs::setGathering(other.db(), true));
}

QTEST_GUILESS_MAIN(TestGatheringVfs)
#include "tst_gatheringvfs.moc"

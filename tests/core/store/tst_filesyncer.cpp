// SPDX-License-Identifier: MIT
// FileSyncer: each request is followed by a sync on the syncer's thread, requests made while one runs
// add at most one more, the asker never waits, and a syncer stops (waiting for its sync) when it goes,
// leaving the process's locks on the file as they were.
#include "store/filesyncer.h"

#include <fcntl.h>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

class TestFileSyncer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachRequestIsFollowedByASync();
    void requestsWhileSyncingAreOne();
    void aMissingFileIsNeverSynced();
    void goingAwayKeepsTheProcesssLocks();
};

namespace {
QString writtenFile(const QTemporaryDir& dir, int megabytes)
{
    const QString path = dir.filePath(QStringLiteral("store.db"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    const QByteArray block(1 << 20, 'x');
    for (int i = 0; i < megabytes; ++i)
        file.write(block);
    return path;
}
} // namespace

void TestFileSyncer::eachRequestIsFollowedByASync()
{
    QTemporaryDir dir;
    FileSyncer syncer(writtenFile(dir, 1));
    QCOMPARE(syncer.syncsDone(), 0); // nothing before it is asked
    syncer.request();
    QTRY_COMPARE(syncer.syncsDone(), 1);
    syncer.request();
    QTRY_COMPARE(syncer.syncsDone(), 2);
    QTest::qWait(50);
    QCOMPARE(syncer.syncsDone(), 2); // and nothing after
}

void TestFileSyncer::requestsWhileSyncingAreOne()
{
    QTemporaryDir dir;
    const QString path = writtenFile(dir, 8);
    FileSyncer syncer(path);
    for (int i = 0; i < 1000; ++i)
        syncer.request();
    // The first request starts a sync, and those made while it runs ask for one more: far fewer syncs
    // than requests (how many exactly depends on how fast the file system syncs; on tmpfs it is at once).
    QTRY_VERIFY(syncer.syncsDone() >= 1);
    QTest::qWait(200);
    const qint64 done = syncer.syncsDone();
    QVERIFY2(done < 500, qPrintable(QString::number(done)));
}

void TestFileSyncer::aMissingFileIsNeverSynced()
{
    QTemporaryDir dir;
    FileSyncer syncer(dir.filePath(QStringLiteral("missing.db")));
    syncer.request();
    QTest::qWait(50);
    QCOMPARE(syncer.syncsDone(), 0);
}

void TestFileSyncer::goingAwayKeepsTheProcesssLocks()
{
    // POSIX locks belong to the process: closing any descriptor of the file drops all of them. A reader
    // of this process in the middle of a read transaction must still hold its shared lock after a
    // syncer of the same file has come and gone.
    QTemporaryDir dir;
    const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("locked.db")));
    sqlite3* reader = nullptr;
    QCOMPARE(sqlite3_open(path.constData(), &reader), SQLITE_OK);
    QCOMPARE(
        sqlite3_exec(reader, "CREATE TABLE t(x); INSERT INTO t VALUES(1), (2)", nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_stmt* reading = nullptr;
    QCOMPARE(sqlite3_prepare_v2(reader, "SELECT x FROM t", -1, &reading, nullptr), SQLITE_OK);
    QCOMPARE(sqlite3_step(reading), SQLITE_ROW); // holds a shared lock until it is reset
    {
        FileSyncer syncer(QFile::decodeName(path));
        syncer.request();
        QTRY_COMPARE(syncer.syncsDone(), 1);
    }
    const pid_t child = fork();
    if (child == 0) {
        // Another process asks the kernel whether it could lock the bytes where SQLite's readers hold
        // their shared locks (SQLite itself must not be used across fork: the child would inherit the
        // parent's idea of its locks).
        const int fd = ::open(path.constData(), O_RDWR);
        struct flock wanted = {};
        wanted.l_type = F_WRLCK;
        wanted.l_whence = SEEK_SET;
        wanted.l_start = 0x40000000 + 2; // SQLite's PENDING_BYTE + 2: the shared range
        wanted.l_len = 510;
        if (fd < 0 || fcntl(fd, F_GETLK, &wanted) != 0)
            _exit(2);
        _exit(wanted.l_type == F_UNLCK ? 1 : 0);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
    sqlite3_finalize(reading);
    sqlite3_close(reader);
}

QTEST_GUILESS_MAIN(TestFileSyncer)
#include "tst_filesyncer.moc"

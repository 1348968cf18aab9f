// SPDX-License-Identifier: MIT
// FileSyncer: each request is followed by a sync on the syncer's thread, requests made while one runs
// add at most one more, the asker never waits, and a syncer stops (waiting for its sync) when it goes.
#include "store/filesyncer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestFileSyncer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachRequestIsFollowedByASync();
    void requestsWhileSyncingAreOne();
    void aMissingFileIsNeverSynced();
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

QTEST_GUILESS_MAIN(TestFileSyncer)
#include "tst_filesyncer.moc"

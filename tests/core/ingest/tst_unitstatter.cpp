// SPDX-License-Identifier: MIT
// UnitStatter gives, for every listed unit and in the list's order, what ::stat gives (a database's
// -wal file counted in), however many threads share the list; its answers decide what is read again.
#include "ingest/unitstatter.h"

#include <QDateTime>
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>
#include <thread>

class TestUnitStatter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersAsStatWhateverTheThreads();
    void countsADatabasesWal();
    void threadsOnlyForLongLists();
};

namespace {
qint64 mtimeNs(const QString& path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return qint64(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
}

// What ::stat says of path, in the form the comparisons print.
QString expected(const QString& path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return QStringLiteral("%1: fails").arg(path);
    return QStringLiteral("%1: %2:%3 %4 bytes at %5")
        .arg(path)
        .arg(info.st_dev)
        .arg(info.st_ino)
        .arg(info.st_size)
        .arg(qint64(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec);
}

QString described(const QString& path, const UnitStatter::Unit& unit)
{
    if (!unit.ok)
        return QStringLiteral("%1: fails").arg(path);
    return QStringLiteral("%1: %2:%3 %4 bytes at %5")
        .arg(path)
        .arg(unit.stamp.device)
        .arg(unit.stamp.inode)
        .arg(unit.stamp.size)
        .arg(unit.stamp.mtimeNs);
}
} // namespace

void TestUnitStatter::answersAsStatWhateverTheThreads()
{
    // 7 directories of 9 files, in path order as the engine passes them, with missing files and a
    // missing directory spread through the list so that every thread's share has some.
    QTemporaryDir dir;
    QStringList paths;
    for (int d = 0; d < 7; ++d) {
        for (int f = 0; f < 9; ++f) {
            const QString path = dir.path() + QStringLiteral("/d%1/f%2.jsonl").arg(d).arg(f);
            if ((d * 9 + f) % 5 != 3)
                TestSupport::writeFile(path, QByteArray(d * 9 + f, 'x'));
            paths << path;
        }
    }
    paths << dir.path() + QStringLiteral("/gone/x.jsonl");
    const std::vector<SourceAdapter::UnitKind> kinds(size_t(paths.size()), SourceAdapter::UnitKind::Lines);
    QStringList want;
    for (const QString& path : paths)
        want << expected(path);
    for (int threads : { 1, 2, 3, 4, 64, 1000 }) {
        const std::vector<UnitStatter::Unit> units = UnitStatter::statAll(paths, kinds, threads);
        QCOMPARE(units.size(), size_t(paths.size()));
        QStringList got;
        for (qsizetype i = 0; i < paths.size(); ++i) {
            const UnitStatter::Unit& unit = units[size_t(i)];
            got << described(paths[i], unit);
            // Each unit, missing or not, carries its path's key among stored cursors.
            QVERIFY(unit.key == StoredCursors::keyOf(paths[i]));
        }
        QCOMPARE(got, want);
    }
    QVERIFY(UnitStatter::statAll({}, {}, 4).empty());
}

void TestUnitStatter::countsADatabasesWal()
{
    // A database's changes sit in its -wal until a checkpoint: its size and time include the -wal's.
    // The same files as Lines units are only themselves; an empty -wal (a reader makes one) counts not.
    QTemporaryDir dir;
    const QString withWal = dir.filePath(QStringLiteral("a.db"));
    const QString emptyWal = dir.filePath(QStringLiteral("b.db"));
    TestSupport::writeFile(withWal, QByteArray(100, 'd'));
    TestSupport::writeFile(withWal + QStringLiteral("-wal"), QByteArray(30, 'w'));
    QFile later(withWal + QStringLiteral("-wal"));
    QVERIFY(later.open(QIODevice::ReadWrite));
    QVERIFY(
        later.setFileTime(QDateTime::currentDateTimeUtc().addSecs(60), QFileDevice::FileModificationTime));
    later.close();
    QVERIFY(mtimeNs(withWal + QStringLiteral("-wal")) > mtimeNs(withWal));
    TestSupport::writeFile(emptyWal, QByteArray(50, 'd'));
    TestSupport::writeFile(emptyWal + QStringLiteral("-wal"), QByteArray());
    const QStringList paths = { withWal, emptyWal };
    const auto database = SourceAdapter::UnitKind::Database;
    const std::vector<UnitStatter::Unit> asDatabases = UnitStatter::statAll(paths, { database, database }, 2);
    QVERIFY(asDatabases[0].ok && asDatabases[1].ok);
    QCOMPARE(asDatabases[0].stamp.size, 130);
    QCOMPARE(asDatabases[1].stamp.size, 50);
    QCOMPARE(asDatabases[0].stamp.mtimeNs, mtimeNs(withWal + QStringLiteral("-wal"))); // the later one
    QCOMPARE(asDatabases[1].stamp.mtimeNs, mtimeNs(emptyWal));
    const auto lines = SourceAdapter::UnitKind::Lines;
    const std::vector<UnitStatter::Unit> asLines = UnitStatter::statAll(paths, { lines, lines });
    QCOMPARE(asLines[0].stamp.size, 100);
    QCOMPARE(described(withWal, asLines[0]), expected(withWal));
}

void TestUnitStatter::threadsOnlyForLongLists()
{
    QCOMPARE(UnitStatter::threadsFor(0), 1);
    QCOMPARE(UnitStatter::threadsFor(500), 1);
    QCOMPARE(UnitStatter::threadsFor(4095), 1);
    const int many = UnitStatter::threadsFor(1000000);
    QVERIFY(many >= 1 && many <= 4);
    QCOMPARE(many, std::min(4, int(std::max(1u, std::thread::hardware_concurrency()))));
}

QTEST_GUILESS_MAIN(TestUnitStatter)
#include "tst_unitstatter.moc"

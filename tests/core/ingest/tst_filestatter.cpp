// SPDX-License-Identifier: MIT
// FileStatter gives what ::stat gives, whichever directory it has open and in whatever order the
// paths come; its answers decide whether a log is read again.
#include "ingest/filestatter.h"

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestFileStatter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersAsStat();
    void keepsTheOpenDirectoryUntilThePathChanges();
};

namespace {
QString described(bool ok, const struct stat& info)
{
    if (!ok)
        return QStringLiteral("fails");
    return QStringLiteral("%1:%2 %3 bytes at %4.%5")
        .arg(info.st_dev)
        .arg(info.st_ino)
        .arg(info.st_size)
        .arg(info.st_mtim.tv_sec)
        .arg(info.st_mtim.tv_nsec);
}
} // namespace

void TestFileStatter::answersAsStat()
{
    QTemporaryDir dir;
    const QString a = dir.path() + QStringLiteral("/one/a.jsonl");
    const QString b = dir.path() + QStringLiteral("/one/b.jsonl");
    const QString c = dir.path() + QStringLiteral("/two/c.jsonl");
    TestSupport::writeFile(a, "1");
    TestSupport::writeFile(b, "22");
    TestSupport::writeFile(c, "333");
    QVERIFY(QFile::link(a, dir.path() + QStringLiteral("/two/link.jsonl")));
    QDir::setCurrent(dir.path());
    const QStringList paths = { a, b, dir.path() + QStringLiteral("/one/missing.jsonl"), c,
        dir.path() + QStringLiteral("/two/link.jsonl"), a, dir.path() + QStringLiteral("/nodir/x.jsonl"),
        QStringLiteral("relative-missing"), QStringLiteral("one/b.jsonl"), QStringLiteral("/"),
        dir.path() + QStringLiteral("/two/") };
    FileStatter statter;
    for (const QString& path : paths) {
        struct stat expected = {}, got = {};
        const bool expectedOk = ::stat(QFile::encodeName(path).constData(), &expected) == 0;
        const bool gotOk = statter.stat(path, &got);
        QCOMPARE(described(gotOk, got), described(expectedOk, expected));
    }
}

void TestFileStatter::keepsTheOpenDirectoryUntilThePathChanges()
{
    // Within one pass a directory can be replaced (a log folder rotated): the open descriptor still
    // names the old one for the files that follow in it (the documented difference from ::stat, as if
    // the stat had run just before the rename); a path in another directory opens that one afresh.
    QTemporaryDir dir;
    TestSupport::writeFile(dir.path() + QStringLiteral("/d/a.jsonl"), "1");
    FileStatter statter;
    struct stat info = {};
    QVERIFY(statter.stat(dir.path() + QStringLiteral("/d/a.jsonl"), &info));
    QVERIFY(QDir(dir.path()).rename(QStringLiteral("d"), QStringLiteral("old")));
    QVERIFY(QDir().mkpath(dir.path() + QStringLiteral("/d")));
    QVERIFY(statter.stat(dir.path() + QStringLiteral("/d/a.jsonl"), &info)); // still the old d
    QCOMPARE(qint64(info.st_size), 1);
    TestSupport::writeFile(dir.path() + QStringLiteral("/e/b.jsonl"), "22");
    QVERIFY(statter.stat(dir.path() + QStringLiteral("/e/b.jsonl"), &info));
    QCOMPARE(qint64(info.st_size), 2);
    QVERIFY(!statter.stat(dir.path() + QStringLiteral("/e/a.jsonl"), &info));
    QVERIFY(!statter.stat(dir.path() + QStringLiteral("/d/a.jsonl"), &info)); // d opened afresh: empty
}

QTEST_GUILESS_MAIN(TestFileStatter)
#include "tst_filestatter.moc"

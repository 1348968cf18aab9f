// SPDX-License-Identifier: MIT
// StoredCursors finds a cursor stored under a path's UTF-8 bytes (as SQLite returns them) from the
// path as the engine holds it (a QString), whatever characters and length it has, and never gives one
// path's cursor for another.
#include "domain/storedcursors.h"

#include <QFile>
#include <QTest>

class TestStoredCursors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findsByThePathsUtf8();
    void laterInsertOfAPathReplacesIt();
    void keysAreComparedWhole();
    void findsNothingUntilSealed();
    void findsEachOfManyAndTheEdgesOfTheKeySpace();
};

namespace {
StoredCursor cursorAt(qint64 offset, qint64 inode = 0)
{
    StoredCursor cursor;
    cursor.offset = offset;
    cursor.stamp.inode = inode;
    return cursor;
}
} // namespace

void TestStoredCursors::findsByThePathsUtf8()
{
    const QStringList paths = { QStringLiteral("/logs/a.jsonl"), QStringLiteral("/logs/b.jsonl"),
        QString::fromUtf8("/home/jürgen/.codex/sessions/日本/rollout-🚀.jsonl"),
        QStringLiteral("/deep/") + QString(3000, QLatin1Char('x')) + QStringLiteral(".jsonl"), QString() };
    StoredCursors cursors;
    // Inserted in reverse, so that the order found is the sort's, not the insertion's.
    for (qsizetype i = paths.size() - 1; i >= 0; --i) {
        const QByteArray utf8 = paths[i].toUtf8();
        cursors.insert(QByteArrayView(utf8), cursorAt(10 * i, 100 + i));
    }
    cursors.seal();
    QCOMPARE(cursors.size(), paths.size());
    for (qsizetype i = 0; i < paths.size(); ++i) {
        const StoredCursor* found = cursors.find(paths[i]);
        QVERIFY2(found, qPrintable(paths[i].left(80)));
        QCOMPARE(found->stamp.inode, 100 + i);
        QCOMPARE(found->offset, 10 * i);
        // The engine's key, taken from the bytes it gives stat, finds the same cursor.
        QCOMPARE(cursors.find(StoredCursors::keyOf(QByteArrayView(QFile::encodeName(paths[i])))), found);
    }
    QVERIFY(!cursors.find(QStringLiteral("/logs/c.jsonl")));
    QVERIFY(!cursors.find(QStringLiteral("/logs/A.jsonl")));
    QVERIFY(!cursors.find(QString::fromUtf8("/home/jürgen/.codex/sessions/日本/rollout-🚀.jsonl ")));
    StoredCursors none;
    none.seal();
    QVERIFY(!none.find(paths[0]));
}

void TestStoredCursors::laterInsertOfAPathReplacesIt()
{
    StoredCursors cursors;
    cursors.insert(QByteArrayView("/codex/a.jsonl"), cursorAt(100));
    cursors.insert(QByteArrayView("/codex/b.jsonl"), cursorAt(5));
    cursors.insert(QByteArrayView("/codex/a.jsonl"), cursorAt(200));
    cursors.seal();
    QCOMPARE(cursors.size(), 2);
    QCOMPARE(cursors.find(QStringLiteral("/codex/a.jsonl"))->offset, 200);
    QCOMPARE(cursors.find(QStringLiteral("/codex/b.jsonl"))->offset, 5);
    // Inserting after a seal needs another one, which keeps what the first kept.
    cursors.insert(QByteArrayView("/codex/b.jsonl"), cursorAt(7));
    cursors.seal();
    QCOMPARE(cursors.size(), 2);
    QCOMPARE(cursors.find(QStringLiteral("/codex/a.jsonl"))->offset, 200);
    QCOMPARE(cursors.find(QStringLiteral("/codex/b.jsonl"))->offset, 7);
}

void TestStoredCursors::keysAreComparedWhole()
{
    // Two paths whose first hash collides (forced here) are told apart by the second: each finds its
    // own cursor, and a third path in the same slot finds none rather than either.
    StoredCursors cursors;
    cursors.insert(StoredCursors::Key { 7, 1 }, cursorAt(100));
    cursors.insert(StoredCursors::Key { 7, 2 }, cursorAt(200));
    cursors.insert(StoredCursors::Key { 6, 3 }, cursorAt(300));
    cursors.insert(StoredCursors::Key { 8, 1 }, cursorAt(400));
    cursors.seal();
    QCOMPARE(cursors.size(), 4);
    QCOMPARE(cursors.find(StoredCursors::Key { 7, 1 })->offset, 100);
    QCOMPARE(cursors.find(StoredCursors::Key { 7, 2 })->offset, 200);
    QCOMPARE(cursors.find(StoredCursors::Key { 6, 3 })->offset, 300);
    QCOMPARE(cursors.find(StoredCursors::Key { 8, 1 })->offset, 400);
    QVERIFY(!cursors.find(StoredCursors::Key { 7, 3 }));
    QVERIFY(!cursors.find(StoredCursors::Key { 6, 1 }));
    QVERIFY(!cursors.find(StoredCursors::Key { 9, 0 }));
    // The two hashes differ for one path: the second is no copy of the first.
    const StoredCursors::Key key = StoredCursors::keyOf(QStringLiteral("/codex/a.jsonl"));
    QVERIFY(key.slot != key.check);
}

void TestStoredCursors::findsNothingUntilSealed()
{
    StoredCursors cursors;
    cursors.insert(QByteArrayView("/codex/a.jsonl"), cursorAt(100));
    QVERIFY(!cursors.find(QStringLiteral("/codex/a.jsonl")));
    cursors.seal();
    QVERIFY(cursors.find(QStringLiteral("/codex/a.jsonl")));
}

void TestStoredCursors::findsEachOfManyAndTheEdgesOfTheKeySpace()
{
    // As many as a large Codex history, plus keys at both ends of the slot range and several sharing
    // the top bits a lookup starts from: each is found with its own cursor, and no other key is.
    StoredCursors cursors;
    constexpr int kPaths = 20000;
    for (int i = 0; i < kPaths; ++i)
        cursors.insert(
            QByteArray("/codex/sessions/rollout-" + QByteArray::number(i) + ".jsonl"), cursorAt(i));
    const size_t top = ~size_t(0);
    const size_t middle = top / 2 + 1; // the top bit alone, whatever the width of size_t
    const StoredCursors::Key edges[] = { { 0, 0 }, { 0, 5 }, { 1, 0 }, { top, 0 }, { top, top },
        { top - 1, 9 }, { middle, 1 }, { middle + 1, 1 }, { middle - 1, 1 } };
    for (size_t i = 0; i < std::size(edges); ++i)
        cursors.insert(edges[i], cursorAt(-1 - qint64(i)));
    cursors.seal();
    QCOMPARE(cursors.size(), kPaths + qsizetype(std::size(edges)));
    for (int i = 0; i < kPaths; ++i) {
        const StoredCursor* found
            = cursors.find(QString::fromLatin1("/codex/sessions/rollout-%1.jsonl").arg(i));
        QVERIFY2(found && found->offset == i, qPrintable(QString::number(i)));
        QVERIFY(!cursors.find(QString::fromLatin1("/codex/sessions/rollout-%1.jsonl.zst").arg(i)));
    }
    for (size_t i = 0; i < std::size(edges); ++i) {
        const StoredCursor* found = cursors.find(edges[i]);
        QVERIFY2(found && found->offset == -1 - qint64(i), qPrintable(QString::number(i)));
    }
    QVERIFY(!cursors.find(StoredCursors::Key { top, 1 }));
    QVERIFY(!cursors.find(StoredCursors::Key { 0, 1 }));
    QVERIFY(!cursors.find(StoredCursors::Key { middle, 0 }));
    // Never sealed and never filled: nothing, and no reading past an empty table.
    QVERIFY(!StoredCursors().find(StoredCursors::Key { 0, 0 }));
    QVERIFY(!StoredCursors().find(StoredCursors::Key { top, top }));
}

QTEST_GUILESS_MAIN(TestStoredCursors)
#include "tst_storedcursors.moc"

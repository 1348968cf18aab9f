// SPDX-License-Identifier: MIT
// StoredCursors finds a cursor stored under a path's UTF-8 bytes (as SQLite returns them) from the
// path as the engine holds it (a QString), whatever characters and length it has.
#include "domain/storedcursors.h"

#include <QTest>

class TestStoredCursors : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findsByThePathsUtf8();
    void pathsSharingASlotAreNotMistaken();
};

void TestStoredCursors::findsByThePathsUtf8()
{
    const QStringList paths = { QStringLiteral("/logs/a.jsonl"), QStringLiteral("/logs/b.jsonl"),
        QString::fromUtf8("/home/jürgen/.codex/sessions/日本/rollout-🚀.jsonl"),
        QStringLiteral("/deep/") + QString(3000, QLatin1Char('x'))
            + QStringLiteral(".jsonl"), // past the stack buffer
        QString() };
    StoredCursors cursors;
    for (qsizetype i = 0; i < paths.size(); ++i) {
        FileCursor cursor;
        cursor.inode = 100 + i;
        cursor.offset = 10 * i;
        const QByteArray utf8 = paths[i].toUtf8();
        cursors.insert(QByteArrayView(utf8), cursor);
    }
    QCOMPARE(cursors.size(), paths.size());
    for (qsizetype i = 0; i < paths.size(); ++i) {
        const FileCursor* found = cursors.find(paths[i]);
        QVERIFY2(found, qPrintable(paths[i].left(80)));
        QCOMPARE(found->inode, 100 + i);
        QCOMPARE(found->offset, 10 * i);
        QVERIFY(found->path.isEmpty()); // the cursors carry no path
    }
    QVERIFY(!cursors.find(QStringLiteral("/logs/c.jsonl")));
    QVERIFY(!cursors.find(QStringLiteral("/logs/A.jsonl")));
    QVERIFY(!cursors.find(QString::fromUtf8("/home/jürgen/.codex/sessions/日本/rollout-🚀.jsonl ")));
    QVERIFY(!StoredCursors().find(paths[0]));
}

void TestStoredCursors::pathsSharingASlotAreNotMistaken()
{
    // Every path in one slot: the last one stored keeps it, and the others find nothing (their files are
    // then read from the start) rather than the other file's cursor.
    StoredCursors cursors([](QStringView) { return size_t(7); });
    FileCursor first, second;
    first.offset = 100;
    second.offset = 200;
    cursors.insert(QByteArrayView("/codex/sessions/2026/05/04/rollout-a.jsonl"), first);
    cursors.insert(QByteArrayView("/codex/archived_sessions/rollout-a.jsonl"), second);
    QCOMPARE(cursors.size(), 1);
    QVERIFY(!cursors.find(QStringLiteral("/codex/sessions/2026/05/04/rollout-a.jsonl")));
    const FileCursor* kept = cursors.find(QStringLiteral("/codex/archived_sessions/rollout-a.jsonl"));
    QVERIFY(kept);
    QCOMPARE(kept->offset, 200);
    QVERIFY(!cursors.find(QStringLiteral("/codex/other.jsonl")));
}

QTEST_GUILESS_MAIN(TestStoredCursors)
#include "tst_storedcursors.moc"

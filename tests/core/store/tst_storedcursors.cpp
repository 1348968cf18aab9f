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
};

void TestStoredCursors::findsByThePathsUtf8()
{
    const QStringList paths = { QStringLiteral("/logs/a.jsonl"), QStringLiteral("/logs/b.jsonl"),
        QString::fromUtf8("/home/jürgen/.codex/sessions/日本/rollout-🚀.jsonl"),
        QStringLiteral("/deep/") + QString(3000, QLatin1Char('x')) + QStringLiteral(".jsonl"), // past the stack buffer
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

QTEST_GUILESS_MAIN(TestStoredCursors)
#include "tst_storedcursors.moc"

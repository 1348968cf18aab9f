// SPDX-License-Identifier: MIT
#include "demo/corpusgenerators.h"
#include "demo/democorpus.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

class TestDemoCorpus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesEverySourceOnceWithProgress();
    void anInterruptedCorpusIsWrittenAgain();
    void anUnwritableDirectoryIsAnError();

private:
    static qint64 bytesBelow(const QString& root);
};

qint64 TestDemoCorpus::bytesBelow(const QString& root)
{
    qint64 bytes = 0;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        bytes += QFileInfo(it.next()).size();
    return bytes;
}

void TestDemoCorpus::writesEverySourceOnceWithProgress()
{
    QTemporaryDir dataDir;
    DemoCorpus demo(dataDir.path());
    demo.setSizeFactor(0.01);
    QCOMPARE(demo.directory(), dataDir.filePath(QStringLiteral("demo")));
    QList<std::pair<int, int>> steps;
    const QDateTime end(QDate(2026, 5, 6), QTime(12, 0), Qt::UTC);
    const DemoCorpus::Result first = demo.ensure(end, [&](int done, int total) {
        steps.append({ done, total });
    });
    QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
    QCOMPARE(first.databasePath, dataDir.filePath(QStringLiteral("agentmeter-demo.db")));
    const int sources = int(CorpusGenerators::sources().size());
    QCOMPARE(first.rootBySource.size(), sources);
    QCOMPARE(steps.size(), sources + 1);
    for (int index = 0; index <= sources; ++index)
        QCOMPARE(steps.at(index), std::make_pair(index, sources));
    const qint64 written = bytesBelow(demo.directory());
    QVERIFY(written > 0);

    // A second run (another day) reuses the complete corpus instead of writing a new one.
    const QString claudeRoot = first.rootBySource.value(QStringLiteral("claude"));
    TestSupport::writeFile(claudeRoot + QStringLiteral("/kept"), "untouched");
    const DemoCorpus::Result second = demo.ensure(end.addDays(3));
    QCOMPARE(second.rootBySource, first.rootBySource);
    QVERIFY(QFileInfo::exists(claudeRoot + QStringLiteral("/kept")));
    QCOMPARE(bytesBelow(demo.directory()), written + 9);
}

void TestDemoCorpus::anInterruptedCorpusIsWrittenAgain()
{
    QTemporaryDir dataDir;
    DemoCorpus demo(dataDir.path());
    demo.setSizeFactor(0.01);
    const QDateTime end(QDate(2026, 5, 6), QTime(12, 0), Qt::UTC);
    const QString codex = demo.ensure(end).rootBySource.value(QStringLiteral("codex"));
    // No marker: a run stopped half-way. Its leftovers go, and the corpus is complete again.
    QVERIFY(QFile::remove(codex + QStringLiteral("/.agentmeter-demo-complete")));
    TestSupport::writeFile(codex + QStringLiteral("/half-written.jsonl"), "{\"trunc");
    const DemoCorpus::Result again = demo.ensure(end);
    QVERIFY(again.error.isEmpty());
    QVERIFY(!QFileInfo::exists(codex + QStringLiteral("/half-written.jsonl")));
    QVERIFY(QFileInfo::exists(codex + QStringLiteral("/.agentmeter-demo-complete")));
    QVERIFY(!QDir(codex).isEmpty());
}

void TestDemoCorpus::anUnwritableDirectoryIsAnError()
{
    QTemporaryDir dataDir;
    // A file where the demo directory should be: nothing can be written below it.
    TestSupport::writeFile(dataDir.filePath(QStringLiteral("demo")), "not a directory");
    DemoCorpus demo(dataDir.path());
    demo.setSizeFactor(0.01);
    const DemoCorpus::Result result = demo.ensure(QDateTime::currentDateTimeUtc());
    QVERIFY(!result.error.isEmpty());
    QVERIFY(result.databasePath.isEmpty());
}

QTEST_GUILESS_MAIN(TestDemoCorpus)
#include "tst_democorpus.moc"

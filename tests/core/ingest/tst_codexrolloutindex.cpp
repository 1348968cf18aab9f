// SPDX-License-Identifier: MIT
// CodexRolloutIndex answers a child's replay check from the totals its parent reported while it was
// parsed, instead of reading the parent's rollout again. Those answers must equal what reading the file
// gives (threadTotals), and the index must fall back to the file whenever the observed totals might
// not reach far enough.
#include "demo/codexcorpusgenerator.h"
#include "ingest/codexfileparser.h"
#include "ingest/codexrolloutindex.h"
#include "ingest/codexsource.h"
#include "ingest/linereader.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

class TestCodexRolloutIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void observedTotalsEqualTheFile();
    void fallsBackUnlessObservedPastTheTime();
    void restartForgetsAnEarlierRead();
    void keepsAtMostTheCap();
};

namespace {
CodexUsage usage(qint64 input)
{
    return { input, 0, input / 10, 0, input + input / 10 };
}

QList<qint64> inputs(const std::vector<CodexUsage>& totals)
{
    QList<qint64> list;
    for (const CodexUsage& u : totals)
        list << u.input;
    return list;
}

// Parses a whole rollout the way the engine does, with the index observing it.
void parseAll(const QString& path, CodexRolloutIndex& index)
{
    CodexFileParser parser(path, {}, {}, &index);
    LineReader reader;
    QVERIFY(reader.open(path, 0));
    LineReader::Line line;
    IngestBatch batch;
    while (reader.next(line))
        parser.parseLine(line.text, line.capacity, line.offset, 0, batch, nullptr);
}
} // namespace

void TestCodexRolloutIndex::observedTotalsEqualTheFile()
{
    // A generated Codex home has every shape of token event: re-emits, stale snapshots, resets,
    // token_usage_record lines, replays in children and forks, compressed rollouts.
    QTemporaryDir home;
    CorpusOptions options;
    options.outputDir = home.path();
    options.targetBytes = 3'000'000;
    options.seed = 11;
    options.injectMalformedLines = true;
    CodexCorpusGenerator(options).generate();

    QTemporaryDir scratch;
    int compared = 0;
    QDirIterator it(home.path(), { QStringLiteral("rollout-*") }, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QByteArray id = CodexFileParser::threadIdFromPath(path);
        const auto fromFile = CodexFileParser::threadTotals(path);
        if (id.isEmpty() || fromFile.size() < 2)
            continue;
        // The observing index reads a copy that is gone by the time it answers: every answer must come
        // from what it observed, and equal what reading the file gives.
        const QString copy = scratch.path() + QLatin1Char('/') + QFileInfo(path).fileName();
        QVERIFY(QFile::copy(path, copy));
        CodexRolloutIndex observed;
        observed.setRollouts({ copy });
        parseAll(copy, observed);
        QVERIFY(QFile::remove(copy));
        CodexRolloutIndex reading;
        reading.setRollouts({ path });
        for (size_t i = 0; i + 1 < fromFile.size(); ++i) {
            const qint64 until = fromFile[i].first;
            if (until <= 0 || until >= fromFile.back().first)
                continue;
            QCOMPARE(inputs(observed.totals(id, until)), inputs(reading.totals(id, until)));
            QVERIFY(observed.totals(id, until) == reading.totals(id, until));
            ++compared;
        }
    }
    QVERIFY2(compared > 500, qPrintable(QString::number(compared)));
}

namespace {
// A rollout path of thread "0000000n-...": what discovery lists and the index maps thread ids from.
QString rolloutPath(int n)
{
    return QStringLiteral("/nonexistent/sessions/rollout-2026-05-04T10-00-00-%1-0000-0000-0000-000000000000.jsonl")
        .arg(n, 8, 10, QLatin1Char('0'));
}
QByteArray threadOf(int n)
{
    return CodexFileParser::threadIdFromPath(rolloutPath(n));
}
} // namespace

void TestCodexRolloutIndex::fallsBackUnlessObservedPastTheTime()
{
    // The files do not exist: an answer read from one is empty, one from the observations is not.
    CodexRolloutIndex index;
    index.setRollouts({ rolloutPath(1), rolloutPath(2) });
    QVERIFY(!threadOf(1).isEmpty());
    index.restartObserved(rolloutPath(1));
    index.observe(rolloutPath(1), 1000, usage(100));
    index.observe(rolloutPath(1), 2000, usage(100)); // a re-emit: collapsed
    index.observe(rolloutPath(1), 3000, usage(250));
    QCOMPARE(inputs(index.totals(threadOf(1), 2500)), QList<qint64>({ 100 }));
    QCOMPARE(inputs(index.totals(threadOf(1), 1000)), QList<qint64>({ 100 }));
    // Not observed past 3000: the parent may have logged more up to then, unseen.
    QVERIFY(index.totals(threadOf(1), 3000).empty());
    QVERIFY(index.totals(threadOf(1), 9000).empty());
    QVERIFY(index.totals(threadOf(1), 0).empty()); // everything: only the file knows
    QVERIFY(index.totals(threadOf(2), 2500).empty()); // never observed
    // Observations of a file the index does not list answer nothing: the lookup goes by the listed path.
    index.observe(rolloutPath(3), 1000, usage(5));
    index.observe(rolloutPath(3), 5000, usage(6));
    QVERIFY(index.totals(threadOf(3), 2000).empty());
}

void TestCodexRolloutIndex::restartForgetsAnEarlierRead()
{
    CodexRolloutIndex index;
    index.setRollouts({ rolloutPath(1) });
    index.observe(rolloutPath(1), 1000, usage(100));
    index.observe(rolloutPath(1), 3000, usage(200));
    index.restartObserved(rolloutPath(1)); // the rollout was replaced and is read again from its start
    index.observe(rolloutPath(1), 1500, usage(7));
    index.observe(rolloutPath(1), 4000, usage(8));
    QCOMPARE(inputs(index.totals(threadOf(1), 2000)), QList<qint64>({ 7 }));

    // A parser created to read a rollout from its start restarts it even if no line follows (the file
    // was emptied): the old totals are not this file's any more.
    index.observe(rolloutPath(1), 9000, usage(9));
    QVERIFY(!index.totals(threadOf(1), 2000).empty());
    const CodexFileParser reread(rolloutPath(1), {}, {}, &index);
    QVERIFY(index.totals(threadOf(1), 2000).empty());
}

void TestCodexRolloutIndex::keepsAtMostTheCap()
{
    CodexRolloutIndex index;
    index.setRollouts({ rolloutPath(1), rolloutPath(2), rolloutPath(3), rolloutPath(4), rolloutPath(5) });
    const qint64 perThread = qint64(CodexRolloutIndex::kMaxObserved / 4);
    for (int n = 1; n <= 5; ++n) {
        index.restartObserved(rolloutPath(n));
        for (qint64 i = 1; i <= perThread; ++i)
            index.observe(rolloutPath(n), i * 10, usage(i));
    }
    // The oldest went to make room for the fifth; the others answer from memory.
    QVERIFY(index.totals(threadOf(1), 15).empty());
    for (int n = 2; n <= 5; ++n)
        QCOMPARE(inputs(index.totals(threadOf(n), 25)), QList<qint64>({ 1, 2 }));
}

QTEST_GUILESS_MAIN(TestCodexRolloutIndex)
#include "tst_codexrolloutindex.moc"

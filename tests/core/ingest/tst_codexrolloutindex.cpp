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

    int compared = 0;
    QDirIterator it(home.path(), { QStringLiteral("rollout-*") }, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QByteArray id = CodexFileParser::threadIdFromPath(path);
        const auto fromFile = CodexFileParser::threadTotals(path);
        if (id.isEmpty() || fromFile.size() < 2)
            continue;
        CodexRolloutIndex observed;
        parseAll(path, observed);
        CodexRolloutIndex reading;
        reading.setRollouts({ path });
        // Every time before the last total is answered from what was observed; each answer must be
        // what reading the file gives.
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

void TestCodexRolloutIndex::fallsBackUnlessObservedPastTheTime()
{
    // The "file" does not exist: an answer read from it is empty, one from the observations is not.
    CodexRolloutIndex index;
    index.setRollouts({ QStringLiteral("/nonexistent/rollout-P.jsonl") });
    index.restartObserved("P");
    index.observe("P", 1000, usage(100));
    index.observe("P", 2000, usage(100)); // a re-emit: collapsed
    index.observe("P", 3000, usage(250));
    QCOMPARE(inputs(index.totals("P", 2500)), QList<qint64>({ 100 }));
    QCOMPARE(inputs(index.totals("P", 1000)), QList<qint64>({ 100 }));
    // Not observed past 3000: the parent may have logged more up to then, unseen.
    QVERIFY(index.totals("P", 3000).empty());
    QVERIFY(index.totals("P", 9000).empty());
    QVERIFY(index.totals("P", 0).empty()); // everything: only the file knows
    QVERIFY(index.totals("Q", 2500).empty()); // never observed, unknown file
}

void TestCodexRolloutIndex::restartForgetsAnEarlierRead()
{
    CodexRolloutIndex index;
    index.restartObserved("P");
    index.observe("P", 1000, usage(100));
    index.observe("P", 3000, usage(200));
    index.restartObserved("P"); // the rollout was replaced and is read again from its first line
    index.observe("P", 1500, usage(7));
    index.observe("P", 4000, usage(8));
    QCOMPARE(inputs(index.totals("P", 2000)), QList<qint64>({ 7 }));
}

void TestCodexRolloutIndex::keepsAtMostTheCap()
{
    CodexRolloutIndex index;
    const qint64 perThread = qint64(CodexRolloutIndex::kMaxObserved / 4);
    for (const QByteArray id : { "A", "B", "C", "D", "E" }) {
        index.restartObserved(id);
        for (qint64 i = 1; i <= perThread; ++i)
            index.observe(id, i * 10, usage(i));
    }
    // A (the oldest) went to make room for E; the others answer from memory.
    QVERIFY(index.totals("A", 15).empty());
    for (const QByteArray id : { "B", "C", "D", "E" })
        QCOMPARE(inputs(index.totals(id, 25)), QList<qint64>({ 1, 2 }));
}

QTEST_GUILESS_MAIN(TestCodexRolloutIndex)
#include "tst_codexrolloutindex.moc"

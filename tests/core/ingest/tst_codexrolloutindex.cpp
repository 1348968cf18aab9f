// SPDX-License-Identifier: MIT
// CodexRolloutIndex answers a child's replay check from the totals its parent reported while it was
// parsed, instead of reading the parent's rollout again. Those answers must equal what reading the file
// gives (threadTotals), and the index must fall back to the file whenever the observed totals might
// not reach far enough.
#include "demo/codexcorpusgenerator.h"
#include "ingest/codexfileparser.h"
#include "ingest/codexrolloutindex.h"
#include "ingest/codexsource.h"
#include "ingest/filestatter.h"
#include "ingest/linereader.h"

#include <fcntl.h>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

class TestCodexRolloutIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void observedTotalsEqualTheFile();
    void fallsBackUnlessObservedPastTheTime();
    void completeReadAnswersEveryLookupWhileUnchanged();
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

FileStamp stampOf(const QString& path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return FileStatter::stampOf(st);
}

// Parses a whole rollout the way the engine does, with the index observing it. atEnd: the parser is
// told it read the file to its end, with the file's stamp; else that it stopped part way.
void parseAll(const QString& path, CodexRolloutIndex& index, bool atEnd = false)
{
    const FileStamp stamp = stampOf(path);
    CodexFileParser parser(path, {}, {}, &index);
    LineReader reader;
    QVERIFY(reader.open(path, 0));
    LineReader::Line line;
    IngestBatch batch;
    while (reader.next(line))
        parser.parseLine(line.text, line.capacity, line.offset, 0, batch, nullptr);
    parser.finish(atEnd, stamp);
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

namespace {
CodexRolloutIndex::Totals totalsOf(std::initializer_list<std::pair<qint64, qint64>> timeAndInput)
{
    CodexRolloutIndex::Totals totals;
    for (const auto& [ts, input] : timeAndInput)
        totals.emplace_back(ts, usage(input));
    return totals;
}
} // namespace

void TestCodexRolloutIndex::fallsBackUnlessObservedPastTheTime()
{
    // The files do not exist: an answer read from one is empty, one from the observations is not.
    CodexRolloutIndex index;
    index.setRollouts({ rolloutPath(1), rolloutPath(2) });
    QVERIFY(!threadOf(1).isEmpty());
    index.addObserved(rolloutPath(1), totalsOf({ { 1000, 100 }, { 3000, 250 } }), nullptr);
    QCOMPARE(inputs(index.totals(threadOf(1), 2500)), QList<qint64>({ 100 }));
    QCOMPARE(inputs(index.totals(threadOf(1), 1000)), QList<qint64>({ 100 }));
    // Not observed past 3000: the parent may have logged more up to then, unseen.
    QVERIFY(index.totals(threadOf(1), 3000).empty());
    QVERIFY(index.totals(threadOf(1), 9000).empty());
    QVERIFY(index.totals(threadOf(1), 0).empty()); // everything: only the file knows
    QVERIFY(index.totals(threadOf(2), 2500).empty()); // never observed
    // Observations of a file the index does not list answer nothing: the lookup goes by the listed path.
    index.addObserved(rolloutPath(3), totalsOf({ { 1000, 5 }, { 5000, 6 } }), nullptr);
    QVERIFY(index.totals(threadOf(3), 2000).empty());
    // A read that reached the end of a file that is gone now says nothing of what the file holds.
    const FileStamp stamp { 1, 2, 3, 4 };
    index.addObserved(rolloutPath(2), totalsOf({ { 1000, 7 } }), &stamp);
    QVERIFY(index.totals(threadOf(2), 9000).empty());
}

namespace {
QByteArray tokenCountLine(const char* time, qint64 input)
{
    return QByteArrayLiteral("{\"timestamp\":\"") + time
        + "\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{\"total_token_usage\":"
          "{\"input_tokens\":"
        + QByteArray::number(input) + ",\"cached_input_tokens\":0,\"output_tokens\":1,"
        + "\"reasoning_output_tokens\":0,\"total_tokens\":" + QByteArray::number(input + 1) + "}}}}\n";
}
} // namespace

void TestCodexRolloutIndex::completeReadAnswersEveryLookupWhileUnchanged()
{
    QTemporaryDir dir;
    const QString path = dir.path()
        + QStringLiteral("/rollout-2026-05-04T10-00-00-0000000a-0000-0000-0000-000000000000.jsonl");
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(tokenCountLine("2026-05-04T10:00:01.000Z", 10));
        file.write(tokenCountLine("2026-05-04T10:00:02.000Z", 20));
    }
    const QByteArray id = CodexFileParser::threadIdFromPath(path);
    CodexRolloutIndex index;
    index.setRollouts({ path });
    // Observations that differ from the file show where an answer came from.
    const FileStamp stamp = stampOf(path);
    index.addObserved(path, totalsOf({ { 1000, 1 }, { 2000, 2 } }), &stamp);
    QCOMPARE(inputs(index.totals(id, 0)), QList<qint64>({ 1, 2 }));
    QCOMPARE(inputs(index.totals(id, 9000)), QList<qint64>({ 1, 2 })); // past its last total: still all
    QCOMPARE(inputs(index.totals(id, 1500)), QList<qint64>({ 1 }));

    // Observations from a read that stopped part way reach only as far as their last total.
    index.addObserved(path, totalsOf({ { 1000, 1 }, { 2000, 2 } }), nullptr);
    QCOMPARE(inputs(index.totals(id, 9000)), QList<qint64>()); // the file has nothing that old
    QCOMPARE(inputs(index.totals(id, 0)), QList<qint64>({ 10, 20 }));

    // The file changed since the read: it is read again.
    CodexRolloutIndex appended;
    appended.setRollouts({ path });
    appended.addObserved(path, totalsOf({ { 1000, 1 }, { 2000, 2 } }), &stamp);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write(tokenCountLine("2026-05-04T10:00:03.000Z", 30));
    }
    QCOMPARE(inputs(appended.totals(id, 0)), QList<qint64>({ 10, 20, 30 }));

    // What a parser reads to the end and hands over equals what reading the file gives...
    CodexRolloutIndex parsed;
    parsed.setRollouts({ path });
    parseAll(path, parsed, true);
    const auto fromFile = CodexFileParser::threadTotals(path);
    QCOMPARE(fromFile.size(), size_t(3));
    QVERIFY(parsed.totals(id, 0) == appended.totals(id, 0));
    QVERIFY(parsed.totals(id, fromFile.back().first + 1) == appended.totals(id, 0));
    // ...and answers from memory while the file keeps its stamp: rewritten in place with other counts
    // of the same length and its time put back, the file itself would now say otherwise. (A fresh
    // index: the one above may keep what it read of the file in its cache of recent parents.)
    CodexRolloutIndex kept;
    kept.setRollouts({ path });
    parseAll(path, kept, true);
    const FileStamp before = stampOf(path);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray text = file.readAll();
        text.replace("\"input_tokens\":30,", "\"input_tokens\":31,");
        QVERIFY(file.seek(0));
        QCOMPARE(file.write(text), qint64(text.size()));
    }
    const timespec times[2]
        = { { 0, UTIME_OMIT }, { before.mtimeNs / 1000000000, before.mtimeNs % 1000000000 } };
    QCOMPARE(::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0), 0);
    QVERIFY(stampOf(path) == before);
    QCOMPARE(inputs(kept.totals(id, 0)), QList<qint64>({ 10, 20, 30 }));
    CodexRolloutIndex reading;
    reading.setRollouts({ path });
    QCOMPARE(inputs(reading.totals(id, 0)), QList<qint64>({ 10, 20, 31 }));
}

void TestCodexRolloutIndex::restartForgetsAnEarlierRead()
{
    CodexRolloutIndex index;
    index.setRollouts({ rolloutPath(1) });
    index.addObserved(rolloutPath(1), totalsOf({ { 1000, 100 }, { 3000, 200 } }), nullptr);
    // Read again from its start: the new read's totals replace the old ones.
    index.addObserved(rolloutPath(1), totalsOf({ { 1500, 7 }, { 4000, 8 } }), nullptr);
    QCOMPARE(inputs(index.totals(threadOf(1), 2000)), QList<qint64>({ 7 }));

    // A parser created to read a rollout from its start restarts it even if no line follows (the file
    // was emptied): the old totals are not this file's any more.
    index.addObserved(rolloutPath(1), totalsOf({ { 1000, 9 }, { 9000, 9 } }), nullptr);
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
        CodexRolloutIndex::Totals totals;
        for (qint64 i = 1; i <= perThread; ++i)
            totals.emplace_back(i * 10, usage(i));
        index.addObserved(rolloutPath(n), std::move(totals), nullptr);
    }
    // The oldest went to make room for the fifth; the others answer from memory.
    QVERIFY(index.totals(threadOf(1), 15).empty());
    for (int n = 2; n <= 5; ++n)
        QCOMPARE(inputs(index.totals(threadOf(n), 25)), QList<qint64>({ 1, 2 }));
}

QTEST_GUILESS_MAIN(TestCodexRolloutIndex)
#include "tst_codexrolloutindex.moc"

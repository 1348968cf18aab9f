// SPDX-License-Identifier: MIT
// BackReader on its own, step by step on a real writer: which units it claims (the small ones, from the
// back a window at a time, until it meets the ones the engine claimed), in which order, what it stores
// (what an engine run over the same units stores), and nothing once the run is cancelled.
#include "demo/codexcorpusgenerator.h"
#include "ingest/backreader.h"
#include "ingest/codexsource.h"
#include "ingest/ingestengine.h"
#include "ingest/unitstatter.h"
#include "pricing/pricebook.h"
#include "store/storewriterthread.h"
#include "testsupport.h"

#include <algorithm>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;

namespace {
struct Corpus
{
    QTemporaryDir dir;
    CodexSource source;
    std::vector<PendingUnit> units;

    Corpus()
        : source({ generate(dir) })
    {
        const QStringList paths = source.discoverFiles();
        std::vector<SourceAdapter::UnitKind> kinds;
        for (const QString& path : paths)
            kinds.push_back(source.kindOf(path));
        const std::vector<UnitStatter::Unit> statted = UnitStatter::statAll(paths, kinds, 1);
        for (qsizetype i = 0; i < paths.size(); ++i) {
            PendingUnit unit;
            unit.path = paths[i];
            unit.kind = kinds[size_t(i)];
            unit.cursor.path = paths[i];
            unit.cursor.device = statted[size_t(i)].stamp.device;
            unit.cursor.inode = statted[size_t(i)].stamp.inode;
            unit.cursor.size = statted[size_t(i)].stamp.size;
            unit.cursor.mtimeNs = statted[size_t(i)].stamp.mtimeNs;
            units.push_back(unit);
        }
    }

    static QString generate(const QTemporaryDir& dir)
    {
        CorpusOptions options;
        options.outputDir = dir.filePath(QStringLiteral("codex"));
        options.targetBytes = 2'000'000;
        options.seed = 3;
        CodexCorpusGenerator(options).generate();
        return options.outputDir;
    }
};
} // namespace

class TestBackReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void takesSmallUnitsFromTheBackUntilItMeetsTheEngine();
    void cancelledRunStoresNothing();
};

void TestBackReader::takesSmallUnitsFromTheBackUntilItMeetsTheEngine()
{
    Corpus corpus;
    const size_t count = corpus.units.size();
    QVERIFY(count > 40);
    // Files over the median size are left to the engine, and the engine has claimed the middle unit.
    std::vector<qint64> sizes;
    for (const PendingUnit& unit : corpus.units)
        sizes.push_back(unit.cursor.size);
    std::nth_element(sizes.begin(), sizes.begin() + qsizetype(count / 2), sizes.end());
    BackReader::Limits limits;
    limits.batchRecords = 10; // several batches applied on the way
    limits.batchBytes = qint64(32) << 20;
    limits.maxFileBytes = sizes[count / 2];
    limits.maxCompressedBytes = sizes[count / 2];
    limits.windowUnits = 8; // several windows, each read in order
    // The engine has read the units up to the middle one.
    const size_t engineAt = count / 2;
    UnitClaims claims(count);
    for (size_t i = 0; i <= engineAt; ++i)
        QVERIFY(claims.claim(i));
    BackReader back(corpus.units, claims, corpus.source, limits, nullptr);

    const QString db = corpus.dir.filePath(QStringLiteral("back.db"));
    QStringList taken;
    {
        StoreWriterThread writer(db, PriceBook::embedded(), StoreWriter::Role::Server);
        const int steps = writer.call([&back](StoreWriter& w) {
            w.beginRun();
            int n = 0;
            while (back.step(w))
                ++n;
            back.finish(w);
            w.endRun(true);
            return n;
        });
        for (size_t i = count; i-- > 0;) {
            const PendingUnit& unit = corpus.units[i];
            const bool small
                = unit.cursor.size <= limits.maxFileBytes && unit.kind != SourceAdapter::UnitKind::Database;
            if (i <= engineAt)
                continue;
            const bool claimed = !claims.claim(i);
            QCOMPARE(claimed, small); // every small unit the engine had not reached, and no other
            if (claimed)
                taken.prepend(unit.path);
        }
        QCOMPARE(steps, int(taken.size()));
    }
    QVERIFY(taken.size() > 5);
    // Read a window at a time from the back, each window in the list's order (taken is in list order).
    QStringList expectedOrder;
    for (size_t end = count; end > engineAt + 1; end = end >= 8 ? end - 8 : 0) {
        const size_t start = end >= 8 ? end - 8 : 0;
        for (size_t i = start; i < end; ++i)
            if (taken.contains(corpus.units[i].path))
                expectedOrder << corpus.units[i].path;
    }
    QCOMPARE(column(db, "SELECT path FROM source_files ORDER BY id"), expectedOrder);
    QCOMPARE(back.stats().filesReadOnWriter, qint64(taken.size()));
    QCOMPARE(back.stats().filesRead, qint64(taken.size()));
    QVERIFY(back.stats().batches > 1);
    QVERIFY(back.counts().usageInserted > 0);
    QCOMPARE(back.bytesDone(), back.stats().bytesRead);

    // What it stored is what the engine stores reading the same units.
    const QString reference = corpus.dir.filePath(QStringLiteral("engine.db"));
    {
        StoreWriterThread writer(reference, PriceBook::embedded(), StoreWriter::Role::Server);
        IngestEngine engine;
        const IngestStats stats
            = engine.run({ &corpus.source }, writer, { { corpus.source.sourceId(), taken } });
        QCOMPARE(stats.filesRead, qint64(taken.size()));
        QCOMPARE(stats.usageInserted, back.counts().usageInserted);
        QCOMPARE(stats.linesParsed, back.stats().linesParsed);
    }
    QCOMPARE(linesOnlyInOne(storeRows(db), storeRows(reference)), QString());
}

void TestBackReader::cancelledRunStoresNothing()
{
    Corpus corpus;
    UnitClaims claims(corpus.units.size());
    std::atomic<bool> cancel { true };
    BackReader::Limits limits;
    limits.batchRecords = 100;
    limits.batchBytes = qint64(32) << 20;
    BackReader back(corpus.units, claims, corpus.source, limits, &cancel);
    const QString db = corpus.dir.filePath(QStringLiteral("back.db"));
    {
        StoreWriterThread writer(db, PriceBook::embedded(), StoreWriter::Role::Server);
        QCOMPARE(writer.call([&back](StoreWriter& w) {
            w.beginRun();
            const bool more = back.step(w);
            back.finish(w);
            return more;
        }),
            false);
    }
    QCOMPARE(back.stats().filesRead, 0);
    QCOMPARE(back.counts().usageInserted, 0);
    QVERIFY(claims.claim(corpus.units.size() - 1)); // nothing claimed
    QCOMPARE(storeTotals(db).requests, 0);
}

QTEST_GUILESS_MAIN(TestBackReader)
#include "tst_backreader.moc"

// SPDX-License-Identifier: MIT
// The Codex corpus generator: byte-identical output for equal options, its size, and a summary that
// equals what an ingest of the corpus stores (so the pitfalls it writes are the ones the importer
// handles, and benchmarks can trust its per-day figures).
#include "demo/codexcorpusgenerator.h"
#include "ingest/codexsource.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>

using namespace TestSupport;

namespace {
constexpr qint64 kTarget = 3'000'000;

QByteArray treeHash(const QString& root, int* files)
{
    QStringList paths;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        paths << it.next();
    paths.sort();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& path : std::as_const(paths)) {
        hash.addData(path.mid(root.size()).toUtf8());
        hash.addData(readFile(path));
    }
    *files = int(paths.size());
    return hash.result().toHex();
}

CorpusOptions options(const QString& dir, quint64 seed = 7)
{
    CorpusOptions o;
    o.outputDir = dir;
    o.targetBytes = kTarget;
    o.seed = seed;
    o.days = 20;
    return o;
}

// Per UTC day token sums of the store, "day|input|cacheRead|output|reasoning".
QStringList storedDays(const QString& dbPath)
{
    sqlite3* db = nullptr;
    QStringList rows;
    sqlite3_open_v2(dbPath.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(db,
        "SELECT date(ts / 1000, 'unixepoch'), SUM(input_tokens), SUM(cache_read_tokens), SUM(output_tokens), "
        "SUM(reasoning_tokens) FROM usage_records GROUP BY 1 ORDER BY 1",
        -1, &q, nullptr);
    while (sqlite3_step(q) == SQLITE_ROW)
        rows << QStringLiteral("%1|%2|%3|%4|%5")
                    .arg(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(q, 0))))
                    .arg(sqlite3_column_int64(q, 1))
                    .arg(sqlite3_column_int64(q, 2))
                    .arg(sqlite3_column_int64(q, 3))
                    .arg(sqlite3_column_int64(q, 4));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return rows;
}
QStringList skipReasons(const QString& dbPath)
{
    sqlite3* db = nullptr;
    QStringList rows;
    sqlite3_open_v2(dbPath.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* q = nullptr;
    sqlite3_prepare_v2(
        db, "SELECT path, last_skip_reason FROM source_files WHERE lines_skipped > 0", -1, &q, nullptr);
    while (sqlite3_step(q) == SQLITE_ROW)
        rows << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)))
                    .section(QLatin1Char('/'), -1)
                + QLatin1Char(' ')
                + QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(q, 1)));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return rows;
}
} // namespace

class TestCodexCorpusGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void equalOptionsGiveIdenticalFiles();
    void sizeAndShape();
    void summaryEqualsWhatAnIngestStores();
};

void TestCodexCorpusGenerator::equalOptionsGiveIdenticalFiles()
{
    QTemporaryDir a, b, c;
    CodexCorpusGenerator(options(a.path())).generate();
    CodexCorpusGenerator(options(b.path())).generate();
    CodexCorpusGenerator(options(c.path(), 8)).generate();
    int filesA = 0, filesB = 0, filesC = 0;
    const QByteArray hashA = treeHash(a.path(), &filesA);
    QCOMPARE(treeHash(b.path(), &filesB), hashA);
    QCOMPARE(filesA, filesB);
    QVERIFY(treeHash(c.path(), &filesC) != hashA);
}

void TestCodexCorpusGenerator::sizeAndShape()
{
    QTemporaryDir dir;
    const CodexCorpusSummary summary = CodexCorpusGenerator(options(dir.path())).generate();
    QVERIFY2(summary.bytes >= kTarget && summary.bytes < kTarget * 110 / 100,
        qPrintable(QString::number(summary.bytes)));
    int files = 0;
    treeHash(dir.path(), &files);
    QCOMPARE(files, summary.files + 1); // + corpus-summary.json
    // Every pitfall is present at this size.
    QVERIFY(summary.subagentSessions > 0);
    QVERIFY(summary.compressedFiles > 0);
    QVERIFY(summary.archivedFiles > summary.compressedFiles);
    QVERIFY(summary.reEmits > 0);
    QVERIFY(summary.staleSnapshots > 0);
    QVERIFY(summary.replayedEvents > 0);
    QVERIFY(summary.usageRecordLines > 0);
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("session_index.jsonl"))));
    QVERIFY(summary.perDay.size() > 10);
    // Rollouts live in sessions/YYYY/MM/DD/ and archived_sessions/.
    QDirIterator it(dir.path() + QStringLiteral("/sessions"), QDir::Files, QDirIterator::Subdirectories);
    QVERIFY(it.hasNext());
    QVERIFY(QDir(dir.path() + QStringLiteral("/archived_sessions")).exists());
}

void TestCodexCorpusGenerator::summaryEqualsWhatAnIngestStores()
{
    QTemporaryDir dir;
    CorpusOptions o = options(dir.filePath(QStringLiteral("home")));
    o.injectMalformedLines = true;
    const CodexCorpusSummary summary = CodexCorpusGenerator(o).generate();
    const QString db = dir.filePath(QStringLiteral("am.db"));
    const IngestStats stats = ingestSource(db, CodexSource({ o.outputDir }));
    QCOMPARE(stats.filesFailed, 0);
    const StoreTotals totals = storeTotals(db);
    QCOMPARE(totals.requests, summary.usageRequests);
    QVERIFY2(totals.tokens == summary.tokens, qPrintable(describe(totals)));
    QCOMPARE(totals.sessions, qint64(summary.sessions + summary.subagentSessions));
    QCOMPARE(totals.toolCalls, qint64(summary.toolCalls));
    QCOMPARE(totals.prompts, qint64(summary.prompts));
    QVERIFY(summary.malformedLines > 0);
    QVERIFY2(stats.linesSkipped == summary.malformedLines, // counted and skipped, never fatal
        qPrintable(QStringLiteral("%1 skipped, %2 written: %3")
                       .arg(stats.linesSkipped)
                       .arg(summary.malformedLines)
                       .arg(skipReasons(db).join(QStringLiteral("; ")))));
    QCOMPARE(rollupMismatch(db), QString());

    QStringList expectedDays;
    for (const auto& [day, tokens] : summary.perDay)
        expectedDays << QStringLiteral("%1|%2|%3|%4|%5")
                            .arg(day)
                            .arg(tokens.input)
                            .arg(tokens.cacheRead)
                            .arg(tokens.output)
                            .arg(tokens.reasoning);
    QCOMPARE(storedDays(db), expectedDays);
    // The summary file beside the corpus says the same.
    const QJsonObject file
        = QJsonDocument::fromJson(readFile(o.outputDir + QStringLiteral("/corpus-summary.json"))).object();
    QCOMPARE(file.value(QStringLiteral("requests")).toInteger(), summary.usageRequests);
}

QTEST_GUILESS_MAIN(TestCodexCorpusGenerator)
#include "tst_codexcorpusgenerator.moc"

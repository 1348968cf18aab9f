// SPDX-License-Identifier: MIT
// The OpenCode corpus generator: byte-identical output for equal options, its size, and a summary that
// matches what an ingest of the corpus stores.
#include "demo/opencodecorpusgenerator.h"
#include "ingest/opencodesource.h"
#include "store/database.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;

namespace {
constexpr qint64 kTarget = 3'000'000;

QMap<QString, QByteArray> readTree(const QString& root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        files.insert(QDir(root).relativeFilePath(path), readFile(path));
    }
    return files;
}

qint64 scalar(const QString& dbPath, const char* sql)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql);
    return q.step() ? q.int64(0) : -1;
}

OpenCodeCorpusOptions options(const QString& dir, bool malformed = false)
{
    OpenCodeCorpusOptions o;
    o.outputDir = dir;
    o.targetBytes = kTarget;
    o.seed = 7;
    o.days = 45;
    o.injectMalformedLines = malformed;
    return o;
}
} // namespace

class TestOpenCodeCorpusGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deterministic();
    void sizeAndShape();
    void summaryMatchesIngest_data();
    void summaryMatchesIngest();
};

void TestOpenCodeCorpusGenerator::deterministic()
{
    QTemporaryDir dir;
    const OpenCodeCorpusSummary a
        = OpenCodeCorpusGenerator(options(dir.filePath(QStringLiteral("a")))).generate();
    const OpenCodeCorpusSummary b
        = OpenCodeCorpusGenerator(options(dir.filePath(QStringLiteral("b")))).generate();
    QCOMPARE(a.bytes, b.bytes);
    const QMap<QString, QByteArray> treeA = readTree(dir.filePath(QStringLiteral("a")));
    QVERIFY(treeA == readTree(dir.filePath(QStringLiteral("b"))));
    // Generating again into the same directory replaces the corpus with the same bytes.
    OpenCodeCorpusGenerator(options(dir.filePath(QStringLiteral("a")))).generate();
    QVERIFY(treeA == readTree(dir.filePath(QStringLiteral("a"))));
    // Another seed gives another corpus.
    OpenCodeCorpusOptions other = options(dir.filePath(QStringLiteral("c")));
    other.seed = 8;
    OpenCodeCorpusGenerator(other).generate();
    QVERIFY(treeA != readTree(dir.filePath(QStringLiteral("c"))));
}

void TestOpenCodeCorpusGenerator::sizeAndShape()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("data"));
    const OpenCodeCorpusSummary s = OpenCodeCorpusGenerator(options(root)).generate();
    qint64 bytes = 0;
    int files = 0;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        bytes += it.fileInfo().size();
        ++files;
    }
    QCOMPARE(s.bytes, bytes);
    QCOMPARE(s.files, files);
    QVERIFY2(bytes > kTarget * 9 / 10 && bytes < kTarget * 11 / 10, qPrintable(QString::number(bytes)));
    QVERIFY(QFile::exists(root + QStringLiteral("/opencode.db")));
    QVERIFY(!QFile::exists(root + QStringLiteral("/opencode.db-wal"))); // folded back on close
    // Every pitfall the adapter handles is in the corpus.
    QVERIFY(s.subagentSessions > 0);
    QVERIFY(s.legacySessions > 0);
    QVERIFY(s.legacyDuplicates > 0);
    QVERIFY(s.multiStepMessages > 0);
    QVERIFY(s.zeroCostRequests > 0);
    QVERIFY(s.reasoningTokens > 0);
}

void TestOpenCodeCorpusGenerator::summaryMatchesIngest_data()
{
    QTest::addColumn<bool>("malformed");
    QTest::newRow("clean") << false;
    QTest::newRow("malformed rows") << true;
}

void TestOpenCodeCorpusGenerator::summaryMatchesIngest()
{
    QFETCH(bool, malformed);
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("data"));
    const QString store = dir.filePath(QStringLiteral("am.db"));
    const OpenCodeCorpusSummary s = OpenCodeCorpusGenerator(options(root, malformed)).generate();
    OpenCodeSource source({ root });
    const IngestStats stats = ingestSource(store, source);
    QCOMPARE(stats.filesFailed, 0);
    QCOMPARE(stats.linesSkipped, s.malformedRows);
    QCOMPARE(malformed, s.malformedRows > 0);
    QCOMPARE(stats.duplicates, s.legacyDuplicates); // stale legacy copies: the database row wins
    const StoreTotals totals = storeTotals(store);
    QCOMPARE(totals.requests, s.usageRequests);
    QCOMPARE(totals.tokens.input, s.inputTokens);
    QCOMPARE(totals.tokens.output, s.outputTokens);
    QCOMPARE(totals.tokens.reasoning, s.reasoningTokens);
    QCOMPARE(totals.tokens.cacheRead, s.cacheReadTokens);
    QCOMPARE(totals.tokens.cacheWrite5m, s.cacheWriteTokens);
    QCOMPARE(totals.sessions, qint64(s.sessions + s.subagentSessions));
    QCOMPARE(totals.prompts, s.prompts);
    QCOMPARE(scalar(store, "SELECT COUNT(*) FROM sessions WHERE parent_id IS NOT NULL"), s.subagentSessions);
    QCOMPARE(scalar(store, "SELECT COUNT(*) FROM tool_calls WHERE name != 'patch'"), s.toolCalls);
    QCOMPARE(
        scalar(store, "SELECT COUNT(*) FROM usage_records WHERE logged_cost IS NULL"), s.zeroCostRequests);
    QCOMPARE(scalar(store, "SELECT COUNT(*) FROM usage_records WHERE computed_cost IS NULL"), 0);
    // Sessions are spread over the days.
    QVERIFY(scalar(store, "SELECT COUNT(DISTINCT first_ts / 86400000) FROM sessions") > 20);
    QCOMPARE(rollupMismatch(store), QString());
    // The activity feed has every kind: latencies (every reply completed), model overrides, provider
    // errors and retries.
    QCOMPARE(scalar(store, "SELECT COUNT(*) FROM usage_records WHERE latency_ms IS NULL"), 0);
    QVERIFY(scalar(store, "SELECT COUNT(*) FROM activity WHERE event_type = 'model_override'") > 0);
    QVERIFY(scalar(store, "SELECT COUNT(*) FROM agent_events WHERE kind = 'error'") > 0);
    QVERIFY(scalar(store, "SELECT COUNT(*) FROM agent_events WHERE kind = 'retry'") > 0);
    QVERIFY(scalar(store, "SELECT COUNT(*) FROM activity WHERE event_type = 'cache_hit'") > 0);
    // A second ingest reads no row.
    QCOMPARE(ingestSource(store, source).linesParsed, 0);
}

QTEST_GUILESS_MAIN(TestOpenCodeCorpusGenerator)
#include "tst_opencodecorpusgenerator.moc"

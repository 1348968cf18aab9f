// SPDX-License-Identifier: MIT
// The Gemini corpus generator: byte-identical output for equal options, the pitfalls it promises are
// present, and an ingest stores exactly the requests, tokens and sessions its summary reports.
#include "demo/geminicorpusgenerator.h"
#include "ingest/geminisource.h"
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
constexpr qint64 kTarget = 1'500'000;

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

GeminiCorpusOptions options(const QString& dir, quint64 seed, bool malformed = false)
{
    GeminiCorpusOptions o;
    o.outputDir = dir;
    o.targetBytes = kTarget;
    o.seed = seed;
    o.days = 20;
    o.injectMalformedLines = malformed;
    return o;
}

qint64 scalar(const QString& dbPath, const char* sql)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql);
    return q.step() ? q.int64(0) : -1;
}
} // namespace

class TestGeminiCorpusGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void deterministic();
    void summaryMatchesFiles();
    void ingestStoresWhatTheSummarySays();
};

void TestGeminiCorpusGenerator::deterministic()
{
    QTemporaryDir dir;
    GeminiCorpusGenerator(options(dir.filePath(QStringLiteral("a")), 7)).generate();
    GeminiCorpusGenerator(options(dir.filePath(QStringLiteral("b")), 7)).generate();
    GeminiCorpusGenerator(options(dir.filePath(QStringLiteral("c")), 8)).generate();
    const auto a = readTree(dir.filePath(QStringLiteral("a")));
    QVERIFY(!a.isEmpty());
    QVERIFY(a == readTree(dir.filePath(QStringLiteral("b"))));
    QVERIFY(a != readTree(dir.filePath(QStringLiteral("c"))));
}

void TestGeminiCorpusGenerator::summaryMatchesFiles()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("g"));
    const GeminiCorpusSummary summary = GeminiCorpusGenerator(options(root, 3, true)).generate();
    const auto files = readTree(root);
    qint64 bytes = 0, lines = 0;
    int legacy = 0, subagentFiles = 0;
    for (auto it = files.begin(); it != files.end(); ++it) {
        bytes += it.value().size();
        if (it.key().endsWith(QLatin1String(".jsonl"))) {
            lines += it.value().count('\n');
            if (!QFileInfo(it.key()).fileName().startsWith(QLatin1String("session-")))
                ++subagentFiles;
        }
        if (it.key().endsWith(QLatin1String(".json")) && it.key() != QLatin1String("projects.json"))
            ++legacy;
    }
    QCOMPARE(summary.files, int(files.size()));
    QCOMPARE(summary.bytes, bytes);
    QVERIFY(qAbs(bytes - kTarget) < kTarget / 5);
    QCOMPARE(summary.lines, lines);
    QCOMPARE(summary.legacyFiles, legacy);
    QCOMPARE(summary.subagentSessions, subagentFiles);
    QVERIFY(files.contains(QStringLiteral("projects.json")));
    // Every pitfall the adapter handles is present at this size.
    QVERIFY(summary.legacyFiles > 0);
    QVERIFY(summary.migratedSessions > 0);
    QVERIFY(summary.resumedSessions > 0);
    QVERIFY(summary.subagentSessions > 0);
    QVERIFY(summary.rewinds > 0);
    QVERIFY(summary.malformedLines > 0);
}

void TestGeminiCorpusGenerator::ingestStoresWhatTheSummarySays()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("g"));
    const GeminiCorpusSummary summary = GeminiCorpusGenerator(options(root, 5, true)).generate();
    const QString db = dir.filePath(QStringLiteral("am.db"));
    const IngestStats stats = ingestSource(db, GeminiSource({ root }));
    QCOMPARE(stats.errors, QStringList());
    QCOMPARE(stats.linesSkipped, summary.malformedLines);
    const StoreTotals totals = storeTotals(db);
    QCOMPARE(totals.requests, summary.usageRequests);
    QCOMPARE(totals.tokens.input, summary.input);
    QCOMPARE(totals.tokens.cacheRead, summary.cacheRead);
    QCOMPARE(totals.tokens.output, summary.output);
    QCOMPARE(totals.tokens.reasoning, summary.reasoning);
    QCOMPARE(totals.tokens.cacheWrite(), 0);
    QCOMPARE(totals.sessions, qint64(summary.sessions + summary.subagentSessions));
    QCOMPARE(scalar(db,
                 "SELECT COUNT(*) FROM sessions WHERE parent_id IS NOT NULL AND agent = "
                 "'codebase_investigator'"),
        qint64(summary.subagentSessions));
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM tool_calls WHERE child_session_id IS NOT NULL"),
        qint64(summary.subagentSessions));
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM sessions WHERE cwd IS NULL OR cwd = ''"), 0);
    QCOMPARE(rollupMismatch(db), QString());
    QVERIFY(
        scalar(db, "SELECT COUNT(*) FROM agent_events WHERE kind = 'error'") > 0); // type:"error" messages
}

QTEST_GUILESS_MAIN(TestGeminiCorpusGenerator)
#include "tst_geminicorpusgenerator.moc"

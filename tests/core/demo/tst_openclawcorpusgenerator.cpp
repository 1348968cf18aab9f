// SPDX-License-Identifier: MIT
// The OpenClaw corpus generator: byte-identical output for equal options, every pitfall present, and
// a summary that matches what an ingest stores.
#include "demo/openclawcorpusgenerator.h"
#include "ingest/openclawsource.h"
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

OpenClawCorpusOptions options(const QString& dir, quint64 seed = 7)
{
    OpenClawCorpusOptions o;
    o.outputDir = dir;
    o.targetBytes = kTarget;
    o.seed = seed;
    o.end = QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC);
    o.days = 30;
    return o;
}
} // namespace

class TestOpenClawCorpusGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameOptionsSameBytes();
    void containsEveryPitfall();
    void summaryMatchesIngest();
    void malformedLinesAreSkippedNotCounted();
};

void TestOpenClawCorpusGenerator::sameOptionsSameBytes()
{
    QTemporaryDir a, b, c;
    const OpenClawCorpusSummary first = OpenClawCorpusGenerator(options(a.path())).generate();
    const OpenClawCorpusSummary second = OpenClawCorpusGenerator(options(b.path())).generate();
    const QMap<QString, QByteArray> treeA = readTree(a.path());
    QVERIFY(treeA == readTree(b.path()));
    QCOMPARE(first.usageRequests, second.usageRequests);
    QCOMPARE(first.bytes, second.bytes);
    OpenClawCorpusGenerator(options(c.path(), 8)).generate();
    QVERIFY(treeA != readTree(c.path()));
    // Sized by the target (the database's page slack and the last session overshoot a little).
    QVERIFY2(
        first.bytes >= kTarget && first.bytes < kTarget * 13 / 10, qPrintable(QString::number(first.bytes)));
    qint64 onDisk = 0;
    for (const QByteArray& data : treeA)
        onDisk += data.size();
    QCOMPARE(onDisk, first.bytes);
    QCOMPARE(qsizetype(first.files), treeA.size());
}

void TestOpenClawCorpusGenerator::containsEveryPitfall()
{
    QTemporaryDir dir;
    const OpenClawCorpusSummary summary = OpenClawCorpusGenerator(options(dir.path())).generate();
    const QMap<QString, QByteArray> tree = readTree(dir.path());
    auto anyName = [&](const char* part) {
        for (auto it = tree.cbegin(); it != tree.cend(); ++it)
            if (it.key().contains(QLatin1String(part)))
                return true;
        return false;
    };
    auto anyLine = [&](const char* part) {
        for (auto it = tree.cbegin(); it != tree.cend(); ++it)
            if (!it.key().endsWith(QLatin1String(".zst")) && it.value().contains(part))
                return true;
        return false;
    };
    QVERIFY(anyName("agents/ops/agent/openclaw-agent.sqlite"));
    QVERIFY(anyName("agents/main/sessions/sessions.json"));
    QVERIFY(anyName(".jsonl.deleted."));
    QVERIFY(anyName(".zst"));
    QVERIFY(anyName("agents/ops/sessions/")); // archives published from the database
    QVERIFY(anyName("-topic-"));
    QVERIFY(anyLine("\"customType\":\"model-snapshot\""));
    QVERIFY(anyLine("\"type\":\"model_change\""));
    QVERIFY(anyLine("\"model\":\"delivery-mirror\""));
    QVERIFY(anyLine("\"parentSession\":"));
    QVERIFY(anyLine("\"context\":\"fork\""));
    QVERIFY(anyLine("\"name\":\"sessions_spawn\""));
    QVERIFY(anyLine("\"childSessionKey\":"));
    QVERIFY(anyLine(":subagent:") && anyLine("\"spawnDepth\":2"));
    QVERIFY(anyLine("\"type\":\"session_info\""));
    QVERIFY(anyLine("\"usage\":{\"totalTokens\":"));
    QVERIFY(anyLine("\"isError\":true"));
    QVERIFY(anyLine("\"stopReason\":\"error\"")); // failed requests for the activity feed
    QVERIFY(summary.forkCopies > 0);
    QVERIFY(summary.zstdRequests > 0);
    QVERIFY(summary.databaseRequests > 0);
    QVERIFY(summary.subagentSessions > 0);
}

void TestOpenClawCorpusGenerator::summaryMatchesIngest()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("state"));
    OpenClawCorpusOptions o = options(root);
    const OpenClawCorpusSummary summary = OpenClawCorpusGenerator(o).generate();
    const QString db = dir.filePath(QStringLiteral("am.db"));
    const IngestStats stats = ingestSource(db, OpenClawSource({ root }));
    QVERIFY(stats.errors.isEmpty());
    QCOMPARE(stats.linesSkipped, qint64(0));
    const StoreTotals totals = storeTotals(db);
    QCOMPARE(totals.requests, summary.usageRequests);
    QCOMPARE(totals.sessions, qint64(summary.sessions + summary.subagentSessions));
    QCOMPARE(rollupMismatch(db), QString());
    QVERIFY(stats.events > 0); // failed requests (stopReason "error")
    // Every request lies in the requested window.
    const qint64 end = o.end.toMSecsSinceEpoch();
    const qint64 start = end - qint64(o.days + 1) * 24 * 3600 * 1000;
    Database store;
    store.open(db, Database::Mode::ReadOnly);
    SqliteStatement q = store.prepare("SELECT MIN(ts), MAX(ts) FROM usage_records");
    QVERIFY(q.step());
    QVERIFY(q.int64(0) >= start);
    QVERIFY(q.int64(1) < end);
}

void TestOpenClawCorpusGenerator::malformedLinesAreSkippedNotCounted()
{
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("state"));
    OpenClawCorpusOptions o = options(root);
    o.injectMalformedLines = true;
    o.targetBytes = 4'000'000;
    const OpenClawCorpusSummary summary = OpenClawCorpusGenerator(o).generate();
    const IngestStats stats = ingestSource(dir.filePath(QStringLiteral("am.db")), OpenClawSource({ root }));
    QVERIFY(stats.linesSkipped > 0);
    QCOMPARE(storeTotals(dir.filePath(QStringLiteral("am.db"))).requests, summary.usageRequests);
}

QTEST_GUILESS_MAIN(TestOpenClawCorpusGenerator)
#include "tst_openclawcorpusgenerator.moc"

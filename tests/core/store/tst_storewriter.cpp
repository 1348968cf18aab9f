// SPDX-License-Identifier: MIT
// The store writer and its thread on their own: failures reach every caller, and a second writer
// (another process) never makes the first store a request twice.
#include "pricing/pricebook.h"
#include "store/database.h"
#include "store/storeerror.h"
#include "store/storewriter.h"
#include "store/storewriterthread.h"

#include <QTemporaryDir>
#include <QTest>

namespace {
IngestBatch batchWith(const QByteArray& messageId, qint64 output)
{
    IngestBatch batch;
    batch.sourceId = 1;
    SessionUpdate& session = batch.session("s1");
    session.widen(1777885926480);
    UsageRecord record;
    record.sessionExternalId = "s1";
    record.sessionIndex = 0;
    record.timestampMs = 1777885926480;
    record.model = "claude-sonnet-4-5-20250929";
    record.tokens.input = 10;
    record.tokens.output = output;
    record.recordKey = messageId;
    record.requestId = "req_1";
    batch.usage.push_back(record);
    return batch;
}

qint64 scalar(const QString& path, const char* sql)
{
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(sql);
    q.step();
    return q.int64(0);
}
} // namespace

class TestStoreWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void failedBatchFailsLaterCalls();
    void secondWriterEndsTheBulkShortcut();
    void pendingLinksSurviveAnInterruptedRun();
};

void TestStoreWriter::failedBatchFailsLaterCalls()
{
    QTemporaryDir dir;
    StoreWriterThread writer(dir.filePath(QStringLiteral("am.db")), PriceBook::embedded());
    IngestBatch bad = batchWith("msg_1", 1);
    bad.sourceId = 99; // no such source: the foreign key fails the transaction
    IngestBatch::FileProgress progress;
    progress.cursor.path = QStringLiteral("/nowhere.jsonl");
    bad.progress.push_back(progress);
    writer.submit(std::move(bad));
    // Whether it is queued before or after the failure, the call must fail, never wait forever.
    QVERIFY_THROWS_EXCEPTION(StoreError, writer.call([](StoreWriter& w) { return w.loadCursors(1).size(); }));
    QVERIFY_THROWS_EXCEPTION(StoreError, writer.finish());
}

void TestStoreWriter::secondWriterEndsTheBulkShortcut()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    StoreWriter first(path, PriceBook::embedded());
    first.beginRun(); // empty store: bulk mode, new keys are not looked up
    first.apply(batchWith("msg_1", 1));
    {
        StoreWriter second(path, PriceBook::embedded()); // e.g. a CLI ingest while the window runs
        second.beginRun();
        QCOMPARE(second.apply(batchWith("msg_2", 5)).usageInserted, 1);
        second.endRun(true);
    }
    // The first writer must notice and look msg_2 up: a larger copy replaces, an equal one is dropped.
    const StoreWriter::Counts counts = first.apply(batchWith("msg_2", 5));
    QCOMPARE(counts.usageInserted, 0);
    QCOMPARE(counts.usageDuplicates, 1);
    first.endRun(true);
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM usage_records WHERE record_key = 'msg_2'"), 1);
    QCOMPARE(scalar(path, "SELECT SUM(requests) FROM usage_rollup"), 2);
}

void TestStoreWriter::pendingLinksSurviveAnInterruptedRun()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    {
        StoreWriter writer(path, PriceBook::embedded());
        writer.beginRun();
        writer.apply(batchWith("msg_1", 1));
        // No endRun(): the process died before resolving links.
    }
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM meta WHERE key = 'links_pending'"), 1);
    StoreWriter writer(path, PriceBook::embedded());
    writer.beginRun();
    writer.endRun(false); // nothing new, but the pending resolution runs
    QCOMPARE(scalar(path, "SELECT COUNT(*) FROM meta WHERE key = 'links_pending'"), 0);
}

QTEST_GUILESS_MAIN(TestStoreWriter)
#include "tst_storewriter.moc"

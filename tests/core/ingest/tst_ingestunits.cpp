// SPDX-License-Identifier: MIT
// The ingest engine's unit kinds beyond plain JSONL, through a small adapter defined here: parser
// state carried across runs, zstd files, whole documents and SQLite databases read from a watermark,
// each interrupted after every batch and resumed to exactly the totals of one uninterrupted run.
#include "ingest/ingestengine.h"
#include "ingest/linereader.h"
#include "store/database.h"
#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>
#include <sqlite3.h>
#include <sys/stat.h>
#include <zstd.h>

using namespace TestSupport;

namespace {
// What the engine told a parser when its read of the file ended (LineParser::finish), in order; null:
// not recorded.
struct FinishCall
{
    QByteArray file;
    bool atEnd = false;
    FileStamp stamp;
};
std::vector<FinishCall>* g_finishes = nullptr;

void recordFinish(const QByteArray& file, bool atEnd, const FileStamp& stamp)
{
    if (g_finishes)
        g_finishes->push_back({ file, atEnd, stamp });
}

// Lines "<tokens>" add that many output tokens to a running total; each line is one request keyed by
// its running total, so a parser resumed without its state would key (and count) differently.
class RunningTotalParser : public LineParser
{
public:
    RunningTotalParser(QByteArray session, const QByteArray& state)
        : m_session(std::move(session))
        , m_total(state.toLongLong())
    { }
    Result parseLine(std::string_view line, size_t, qint64 offset, int fileIndex, IngestBatch& batch,
        QByteArray* reason) override
    {
        bool ok = false;
        const qint64 tokens = QByteArray(line.data(), qsizetype(line.size())).trimmed().toLongLong(&ok);
        if (!ok) {
            *reason = "not a number";
            return Result::Malformed;
        }
        m_total += tokens;
        UsageRecord record;
        record.sessionIndex = batch.sessionIndex(m_session);
        record.sessionExternalId = m_session;
        record.timestampMs = 1777885926480 + m_total;
        record.model = "gpt-5";
        record.tokens.output = tokens;
        record.recordKey = "test:" + m_session + ':' + QByteArray::number(m_total);
        record.byteOffset = offset;
        record.fileIndex = fileIndex;
        batch.usage.push_back(record);
        return Result::Parsed;
    }
    void startBatch() override { }
    qint64 duplicates() const override { return 0; }
    QByteArray saveState() const override { return QByteArray::number(m_total); }
    void finish(bool atEnd, const FileStamp& stamp) override { recordFinish(m_session, atEnd, stamp); }

private:
    QByteArray m_session;
    qint64 m_total = 0;
};

// A document "<n> <n> <n>": every number is one request keyed by its position; rewritten whole.
class DocumentParser : public LineParser
{
public:
    explicit DocumentParser(QByteArray session)
        : m_session(std::move(session))
    { }
    Result parseLine(
        std::string_view text, size_t, qint64, int fileIndex, IngestBatch& batch, QByteArray*) override
    {
        const QList<QByteArray> numbers
            = QByteArray(text.data(), qsizetype(text.size())).simplified().split(' ');
        for (qsizetype i = 0; i < numbers.size(); ++i) {
            UsageRecord record;
            record.sessionIndex = batch.sessionIndex(m_session);
            record.timestampMs = 1777885926480 + i;
            record.model = "gpt-5";
            record.tokens.output = numbers[i].toLongLong();
            record.recordKey = "test:" + m_session + ":doc" + QByteArray::number(i);
            record.lastCopyWins = true; // a rewritten document replaces what it said before
            record.fileIndex = fileIndex;
            batch.usage.push_back(record);
        }
        return Result::Parsed;
    }
    void startBatch() override { }
    qint64 duplicates() const override { return 0; }
    void finish(bool atEnd, const FileStamp& stamp) override { recordFinish(m_session, atEnd, stamp); }

private:
    QByteArray m_session;
};

// A database table rows(id, updated, tokens), synced by updated; rows are updated in place.
class RowsReader : public DatabaseReader
{
public:
    explicit RowsReader(QString path)
        : m_path(std::move(path))
    { }
    bool read(qint64 watermark, const QByteArray&, DatabaseSink& sink, QString* error) override
    {
        sqlite3* db = nullptr;
        const QByteArray uri = "file:" + QFile::encodeName(m_path) + "?mode=ro";
        if (sqlite3_open_v2(uri.constData(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr)
            != SQLITE_OK) {
            *error = QString::fromUtf8(sqlite3_errmsg(db));
            sqlite3_close(db);
            return false;
        }
        sqlite3_stmt* q = nullptr;
        sqlite3_prepare_v2(db, "SELECT id, updated, tokens FROM rows WHERE updated > ?1 ORDER BY updated, id",
            -1, &q, nullptr);
        sqlite3_bind_int64(q, 1, watermark);
        while (!sink.stopped() && sqlite3_step(q) == SQLITE_ROW) {
            sink.countRow();
            const qint64 tokens = sqlite3_column_int64(q, 2);
            if (tokens == -2) {
                // A read that breaks off after adding a record its checkpoint never covered.
                IngestBatch& batch = sink.batch();
                UsageRecord orphan;
                orphan.sessionIndex = batch.sessionIndex("db-session");
                orphan.timestampMs = 1777885926480;
                orphan.tokens.output = 1000000;
                orphan.recordKey = "test:orphan";
                batch.usage.push_back(orphan);
                *error = QStringLiteral("simulated failure");
                sqlite3_finalize(q);
                sqlite3_close(db);
                return false;
            }
            if (tokens < 0) {
                sink.countSkipped("negative tokens");
            } else {
                IngestBatch& batch = sink.batch();
                UsageRecord record;
                record.sessionIndex = batch.sessionIndex("db-session");
                record.timestampMs = 1777885926480 + sqlite3_column_int64(q, 0);
                record.model = "gpt-5";
                record.tokens.output = tokens;
                record.recordKey = "test:row" + QByteArray::number(sqlite3_column_int64(q, 0));
                record.lastCopyWins = true;
                record.fileIndex = sink.fileIndex();
                batch.usage.push_back(record);
            }
            sink.checkpoint(sqlite3_column_int64(q, 1), {});
        }
        sqlite3_finalize(q);
        sqlite3_close(db);
        return true;
    }

private:
    QString m_path;
};

class TestSource : public SourceAdapter
{
public:
    explicit TestSource(QString root)
        : m_root(std::move(root))
    { }
    int sourceId() const override { return 2; }
    QString name() const override { return QStringLiteral("codex"); }
    QStringList roots() const override { return { m_root }; }
    QStringList discoverFiles() const override
    {
        QStringList files;
        QDirIterator it(m_root, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (!path.endsWith(QLatin1String("-wal")) && !path.endsWith(QLatin1String("-shm")))
                files << path;
        }
        files.sort();
        return files;
    }
    UnitKind kindOf(const QString& path) const override
    {
        if (path.endsWith(QLatin1String(".json")))
            return UnitKind::Document;
        if (path.endsWith(QLatin1String(".db")))
            return UnitKind::Database;
        return UnitKind::Lines;
    }
    std::unique_ptr<LineParser> createParser(const QString& path, const QByteArray& state) const override
    {
        const QByteArray session = QFileInfo(path).fileName().toUtf8();
        if (kindOf(path) == UnitKind::Document)
            return std::make_unique<DocumentParser>(session);
        return std::make_unique<RunningTotalParser>(session, state);
    }
    std::unique_ptr<DatabaseReader> createDatabaseReader(const QString& path) const override
    {
        return std::make_unique<RowsReader>(path);
    }

private:
    QString m_root;
};

QByteArray numbers(int from, int count)
{
    QByteArray data;
    for (int i = from; i < from + count; ++i)
        data += QByteArray::number(i) + '\n';
    return data;
}

void sql(const QString& path, const char* statement)
{
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &db), SQLITE_OK);
    char* error = nullptr;
    if (sqlite3_exec(db, statement, nullptr, nullptr, &error) != SQLITE_OK)
        qFatal("%s", error);
    sqlite3_close(db);
}

void writeZstd(const QString& path, const QByteArray& data)
{
    QByteArray out(qsizetype(ZSTD_compressBound(size_t(data.size()))), Qt::Uninitialized);
    out.resize(
        qsizetype(ZSTD_compress(out.data(), size_t(out.size()), data.constData(), size_t(data.size()), 3)));
    writeFile(path, out);
}

// Every kind of unit at once.
void writeCorpus(const QString& root)
{
    writeFile(root + QStringLiteral("/a.jsonl"), numbers(1, 300));
    writeZstd(root + QStringLiteral("/b.jsonl.zst"), numbers(1000, 300));
    writeFile(root + QStringLiteral("/c.json"), "5 6 7\n");
    const QString db = root + QStringLiteral("/d.db");
    sql(db,
        "PRAGMA journal_mode=WAL; CREATE TABLE rows(id INTEGER PRIMARY KEY, updated INTEGER, tokens "
        "INTEGER)");
    QByteArray inserts = "BEGIN;";
    for (int i = 1; i <= 300; ++i)
        inserts += "INSERT INTO rows VALUES(" + QByteArray::number(i) + ", " + QByteArray::number(i * 10)
            + ", " + QByteArray::number(i == 7 ? -1 : i) + ");";
    inserts += "COMMIT;";
    sql(db, inserts.constData());
}

qint64 outputTokens(const QString& dbPath)
{
    return storeTotals(dbPath).tokens.output;
}

constexpr qint64 kLines = 300 * 301 / 2; // a.jsonl: 1..300
constexpr qint64 kZstd = 300 * 1000 + 300 * 299 / 2; // b.jsonl.zst: 1000..1299
constexpr qint64 kDocument = 5 + 6 + 7;
constexpr qint64 kDatabase = 300 * 301 / 2 - 7; // row 7 is malformed
} // namespace

class TestIngestUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyKindOnce();
    void secondRunReadsNothing();
    void changesAreReadIncrementally();
    void interruptedAfterEveryBatch();
    void failedDatabaseReadKeepsNothingUncovered();
    void parsersHearHowTheirReadEnded();
};

void TestIngestUnits::everyKindOnce()
{
    QTemporaryDir dir;
    writeCorpus(dir.filePath(QStringLiteral("logs")));
    const QString path = dir.filePath(QStringLiteral("am.db"));
    const IngestStats stats = ingestSource(path, TestSource(dir.filePath(QStringLiteral("logs"))));
    QVERIFY2(stats.errors.isEmpty(), qPrintable(stats.errors.join(QLatin1Char('\n'))));
    QCOMPARE(stats.filesRead, 4);
    QCOMPARE(stats.linesSkipped, 1);
    QCOMPARE(outputTokens(path), kLines + kZstd + kDocument + kDatabase);
    QCOMPARE(storeTotals(path).requests, 300 + 300 + 3 + 299);
    QCOMPARE(rollupMismatch(path), QString());
}

void TestIngestUnits::secondRunReadsNothing()
{
    QTemporaryDir dir;
    writeCorpus(dir.filePath(QStringLiteral("logs")));
    const QString path = dir.filePath(QStringLiteral("am.db"));
    const TestSource source(dir.filePath(QStringLiteral("logs")));
    ingestSource(path, source);
    const IngestStats again = ingestSource(path, source);
    QCOMPARE(again.filesUnchanged, 4);
    QCOMPARE(again.linesParsed, 0);
    QCOMPARE(outputTokens(path), kLines + kZstd + kDocument + kDatabase);
}

void TestIngestUnits::changesAreReadIncrementally()
{
    QTemporaryDir dir;
    const QString logs = dir.filePath(QStringLiteral("logs"));
    writeCorpus(logs);
    const QString path = dir.filePath(QStringLiteral("am.db"));
    const TestSource source(logs);
    ingestSource(path, source);

    // Appended lines resume from the offset with the parser's running total restored from the store.
    appendFile(logs + QStringLiteral("/a.jsonl"), numbers(301, 2));
    // The document is rewritten: smaller values replace the stored ones, a new value is added.
    QTest::qWait(20); // a different mtime even on coarse file systems
    writeFile(logs + QStringLiteral("/c.json"), "1 1 1 1\n");
    // The database updates one row in place and adds one; only those two are read.
    sql(logs + QStringLiteral("/d.db"),
        "UPDATE rows SET tokens = 0, updated = 5000 WHERE id = 10; "
        "INSERT INTO rows VALUES(301, 5001, 301)");
    const IngestStats stats = ingestSource(path, source);
    QVERIFY2(stats.errors.isEmpty(), qPrintable(stats.errors.join(QLatin1Char('\n'))));
    QCOMPARE(stats.filesUnchanged, 1); // the zstd archive
    QCOMPARE(stats.linesParsed, 2 + 1 + 2);
    QCOMPARE(outputTokens(path), kLines + 301 + 302 + kZstd + 4 + kDatabase - 10 + 301);
    // Keys carry the running total: resumed without its state the parser would have stored 1 and 3.
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    SqliteStatement keys = db.prepare("SELECT COUNT(*) FROM usage_records WHERE record_key IN "
                                      "('test:a.jsonl:45451', 'test:a.jsonl:45753')");
    keys.step();
    QCOMPARE(keys.int64(0), 2);
    QCOMPARE(rollupMismatch(path), QString());
}

void TestIngestUnits::interruptedAfterEveryBatch()
{
    // Small batches, cut after k of them, then a full run: always the totals of one uninterrupted run.
    QTemporaryDir dir;
    const QString logs = dir.filePath(QStringLiteral("logs"));
    writeCorpus(logs);
    const TestSource source(logs);
    const QString reference = dir.filePath(QStringLiteral("reference.db"));
    IngestEngine::Options small;
    small.batchRecords = 50;
    ingestSource(reference, source, small);
    const StoreTotals expected = storeTotals(reference);
    for (int k = 0; k <= 16; ++k) {
        const QString path = dir.filePath(QStringLiteral("cut-%1.db").arg(k));
        IngestEngine::Options cut = small;
        cut.maxBatches = k;
        ingestSource(path, source, cut);
        ingestSource(path, source, small);
        QVERIFY2(storeTotals(path) == expected,
            qPrintable(QStringLiteral("cut after %1 batches: %2 vs %3")
                           .arg(k)
                           .arg(describe(storeTotals(path)), describe(expected))));
        QCOMPARE(rollupMismatch(path), QString());
    }
}

void TestIngestUnits::failedDatabaseReadKeepsNothingUncovered()
{
    QTemporaryDir dir;
    const QString logs = dir.filePath(QStringLiteral("logs"));
    writeCorpus(logs);
    sql(logs + QStringLiteral("/d.db"), "INSERT INTO rows VALUES(400, 4000, -2)");
    const QString path = dir.filePath(QStringLiteral("am.db"));
    const TestSource source(logs);
    const IngestStats failed = ingestSource(path, source);
    QCOMPARE(failed.filesFailed, 1);
    QVERIFY(failed.errors.join(QLatin1Char(' ')).contains(QStringLiteral("simulated failure")));
    // The rows before the failure are stored with their cursor; the orphan is not.
    QCOMPARE(outputTokens(path), kLines + kZstd + kDocument + kDatabase);
    // Once the database is fixed, the next run goes on from the stored watermark.
    sql(logs + QStringLiteral("/d.db"), "UPDATE rows SET tokens = 400, updated = 4001 WHERE id = 400");
    const IngestStats fixed = ingestSource(path, source);
    QCOMPARE(fixed.filesFailed, 0);
    QCOMPARE(outputTokens(path), kLines + kZstd + kDocument + kDatabase + 400);
}

void TestIngestUnits::parsersHearHowTheirReadEnded()
{
    // Each file's parser is told when its read ends: at the end of the file, with the stamp the run
    // listed it with, or part way (Codex trusts a complete read's thread totals on that word).
    QTemporaryDir dir;
    const QString logs = dir.filePath(QStringLiteral("logs"));
    writeCorpus(logs);
    QByteArray cut(qsizetype(ZSTD_compressBound(20000)), Qt::Uninitialized);
    const QByteArray plain = numbers(1, 3000);
    cut.resize(
        qsizetype(ZSTD_compress(cut.data(), size_t(cut.size()), plain.constData(), size_t(plain.size()), 3)));
    writeFile(logs + QStringLiteral("/e.jsonl.zst"), cut.left(cut.size() / 2)); // ends inside a frame

    std::vector<FinishCall> finishes;
    g_finishes = &finishes;
    const IngestStats stats = ingestSource(dir.filePath(QStringLiteral("am.db")), TestSource(logs));
    g_finishes = nullptr;
    QCOMPARE(stats.filesFailed, 1);
    // The database is read by a DatabaseReader, not a line parser.
    QCOMPARE(finishes.size(), size_t(4));
    const QList<QByteArray> files { "a.jsonl", "b.jsonl.zst", "c.json", "e.jsonl.zst" };
    for (size_t i = 0; i < finishes.size(); ++i) {
        const FinishCall& call = finishes[i];
        QCOMPARE(call.file, files[qsizetype(i)]);
        QCOMPARE(call.atEnd, call.file != "e.jsonl.zst");
        struct stat st;
        QCOMPARE(::stat(QFile::encodeName(logs + QLatin1Char('/') + QString::fromUtf8(call.file)).constData(),
                     &st),
            0);
        QCOMPARE(call.stamp.device, qint64(st.st_dev));
        QCOMPARE(call.stamp.inode, qint64(st.st_ino));
        QCOMPARE(call.stamp.size, qint64(st.st_size));
        QCOMPARE(call.stamp.mtimeNs, qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec);
    }
}

QTEST_GUILESS_MAIN(TestIngestUnits)
#include "tst_ingestunits.moc"

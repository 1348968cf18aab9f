// SPDX-License-Identifier: MIT
// LiveIngest end to end on copies of the Claude fixtures: appends reach a ChangeNotice, partial lines
// wait, bursts coalesce, new directories are watched, polling-only mode, writes by another connection,
// stop() in the middle of a pass, and a failing store that recovers.
#include "demo/corpusgenerators.h"
#include "ingest/claudesource.h"
#include "ingest/liveingest.h"
#include "pricing/pricebook.h"
#include "store/database.h"
#include "store/storeerror.h"
#include "store/storewriter.h"
#include "testsupport.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace TestSupport;

namespace {
const QString kSession = QStringLiteral("7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61");
// "Arrives within": the product's promise is 2 s from an append to its notice.
constexpr int kLive = 2000;

qint64 scalar(const QString& dbPath, const QByteArray& sql)
{
    Database db;
    db.open(dbPath, Database::Mode::ReadOnly);
    SqliteStatement q = db.prepare(std::string_view(sql.constData(), size_t(sql.size())));
    return q.step() ? q.int64(0) : -1;
}

// A writable copy of the basic Claude fixture (without the half line it ends in), a database, and a
// LiveIngest over them that records what it reports.
class Live
{
public:
    explicit Live(LiveIngest::Options options = LiveIngest::Options(), const QString& db = QString())
        : m_db(db.isEmpty() ? m_dir.filePath(QStringLiteral("am.db")) : db)
    {
        copyTree(fixturePath(QStringLiteral("claude/basic")), root());
        const QByteArray lines = readFile(mainFile());
        writeFile(mainFile(), lines.left(lines.lastIndexOf('\n') + 1));
        SourceSet::Config config;
        config.roots.insert(QStringLiteral("claude"), { root() });
        config.only = QStringList { QStringLiteral("claude") }; // never the developer's own logs
        m_live = std::make_unique<LiveIngest>(
            config, m_db, PriceBook::embedded(), QByteArrayLiteral("test-prices"), options);
        QObject::connect(
            m_live.get(), &LiveIngest::passFinished, [this](const IngestPass& pass) { passes.append(pass); });
        QObject::connect(m_live.get(), &LiveIngest::changesAvailable,
            [this](const ChangeNotice& notice) { notices.append(notice); });
        QObject::connect(m_live.get(), &LiveIngest::errorOccurred,
            [this](const QString& message) { errors.append(message); });
    }

    LiveIngest& live() { return *m_live; }
    QString root() const { return m_dir.filePath(QStringLiteral("logs")); }
    QString project() const { return root() + QStringLiteral("/projects/-home-ana-src-shop"); }
    QString mainFile() const { return project() + QLatin1Char('/') + kSession + QStringLiteral(".jsonl"); }
    QString db() const { return m_db; }

    // Starts and waits for the first pass and whatever follows it directly.
    void startAndSettle()
    {
        m_live->start();
        QTRY_VERIFY_WITH_TIMEOUT(!passes.isEmpty(), 10000);
        settle();
    }
    // Until no pass for a while (the start's follow-up pass, the debounce of a last notification).
    void settle()
    {
        qsizetype seen = -1;
        QElapsedTimer limit;
        limit.start();
        while (seen != passes.size() && limit.elapsed() < 10000) {
            seen = passes.size();
            QTest::qWait(400);
        }
    }

    // The reported item of the request with this message id, or null.
    const ChangeNotice::Usage* usage(const QByteArray& messageId) const
    {
        const qint64 id = scalar(m_db, "SELECT id FROM usage_records WHERE record_key = '" + messageId + "'");
        for (const ChangeNotice& notice : notices)
            for (const ChangeNotice::Usage& item : notice.usage)
                if (item.id == id)
                    return &item;
        return nullptr;
    }
    qint64 reportedRequests() const
    {
        qint64 count = 0;
        for (const ChangeNotice& notice : notices)
            count += notice.usageCount;
        return count;
    }

    QList<IngestPass> passes;
    QList<ChangeNotice> notices;
    QStringList errors;

private:
    QTemporaryDir m_dir;
    QString m_db;
    std::unique_ptr<LiveIngest> m_live;
};

ClaudeLine lineFor(const QByteArray& messageId)
{
    ClaudeLine line;
    line.messageId = messageId;
    line.requestId = "req_" + messageId;
    line.uuid = "u_" + messageId;
    return line;
}
} // namespace

class TestLiveIngest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstPassReportsTheLogs();
    void storeLeftByTheCommandLineGetsItsQueryIndexes();
    void appendedLineArrivesWithItsFields();
    void partialLineWaitsForItsNewline();
    void burstOfAppendsIsAtMostTwoPasses();
    void newFileInNewDirectoryIsPickedUp_data();
    void newFileInNewDirectoryIsPickedUp();
    void directoryRemovedAndMadeAgainIsWatched();
    void pollingOnlyPicksUpAnAppend();
    void watchCapFallsBackToFastPolling();
    void writeByAnotherConnectionIsReported();
    void stopDuringAPassIsClean();
    void failedPassIsReportedAndTheNextOneRecovers();
};

void TestLiveIngest::firstPassReportsTheLogs()
{
    Live live;
    live.startAndSettle();
    const IngestPass& first = live.passes.first();
    QCOMPARE(first.number, 1);
    QCOMPARE(first.trigger, IngestPass::Trigger::Start);
    QCOMPARE(first.stats.usageInserted, 7);
    QVERIFY(first.error.isEmpty());
    QVERIFY(!first.cancelled);
    QVERIFY(!first.pollingFallback);
    QCOMPARE(first.pollIntervalMs, 30000);
    // Every directory of the tree and every transcript are watched.
    QCOMPARE(first.watchedDirectories, 4); // logs/projects, the project, the session, its subagents/
    QCOMPARE(first.watchedFiles, 4);
    QCOMPARE(live.notices.size(), 1);
    QCOMPARE(live.notices.first().usageCount, 7);
    QCOMPARE(live.notices.first().newSessionCount, 5);
    QVERIFY(live.errors.isEmpty());
    // Nothing changes, nothing is reported.
    live.settle();
    QCOMPARE(live.notices.size(), 1);
    live.live().stop();
    QVERIFY(!live.live().isRunning());
}

void TestLiveIngest::storeLeftByTheCommandLineGetsItsQueryIndexes()
{
    // `agentmeter report` into an empty store leaves the query-only indexes (resources/sql/
    // query_indexes.sql) and the key indexes (writer_indexes.sql) to the next process that serves
    // queries: this one.
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("cli.db"));
    {
        StoreWriter cli(db, PriceBook::embedded(), StoreWriter::Role::CommandLine);
        cli.beginRun(); // an empty store: a bulk load, every deferred index dropped
        // One request of another session, so that the live pass below is no bulk load (which builds
        // every index at its end whoever runs it): the live writer builds them because it serves queries.
        QCOMPARE(cli.apply(usageBatch("msg_cli", 1)).usageInserted, 1);
        cli.endRun(true);
    }
    const QByteArray query = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                             "('usage_ts', 'tool_calls_start', 'sessions_root_start')";
    QCOMPARE(scalar(db, query), 0);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'usage_key'"), 0);
    Live live(LiveIngest::Options(), db);
    live.startAndSettle();
    QCOMPARE(live.passes.first().stats.usageInserted, 7);
    QCOMPARE(scalar(db, query), 3);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'usage_key'"), 1);
    QCOMPARE(scalar(db, "SELECT COUNT(*) FROM usage_records"), 8);
}

void TestLiveIngest::appendedLineArrivesWithItsFields()
{
    Live live;
    live.startAndSettle();
    ClaudeLine line = lineFor("msg_L1");
    line.time = "2026-05-04T09:30:00.000Z";
    line.input = 3;
    line.cacheRead = 1000;
    line.output = 40;
    appendFile(live.mainFile(), line.toJsonl());
    QTRY_VERIFY_WITH_TIMEOUT(live.usage("msg_L1"), kLive);
    const ChangeNotice::Usage& u = *live.usage("msg_L1");
    QCOMPARE(u.source, QStringLiteral("claude"));
    QCOMPARE(u.sessionId, kSession);
    QCOMPARE(u.sessionTitle, QStringLiteral("orders pagination"));
    QCOMPARE(u.agent, QStringLiteral("main"));
    QCOMPARE(u.model, QStringLiteral("claude-sonnet-4-5-20250929"));
    QCOMPARE(u.ts, QDateTime(QDate(2026, 5, 4), QTime(9, 30), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(u.tokensIn, 1003);
    QCOMPARE(u.tokensOut, 40);
    QCOMPARE(u.tokensTotal, 1043);
    QCOMPARE(qRound64(*u.cost * 1e6), 909); // 3 x $3 + 40 x $15 + 1,000 x $0.30 per million tokens
    QCOMPARE(u.eventType, QStringLiteral("cache_hit"));
    const ChangeNotice& notice = live.notices.last();
    QCOMPARE(notice.usageCount, 1);
    QCOMPARE(notice.sessionCount, 1);
    QCOMPARE(notice.sessions.first().sessionId, kSession);
    QVERIFY(!notice.sessions.first().isNew);
    // The pass looked at the appended file alone.
    QTRY_COMPARE_WITH_TIMEOUT(live.passes.last().stats.usageInserted, 1, kLive);
    QCOMPARE(live.passes.last().trigger, IngestPass::Trigger::Change);
    QVERIFY(!live.passes.last().full);
    QCOMPARE(live.passes.last().stats.filesSeen, 1);
}

void TestLiveIngest::partialLineWaitsForItsNewline()
{
    Live live;
    live.startAndSettle();
    const QByteArray line = lineFor("msg_half").toJsonl();
    const qsizetype passesBefore = live.passes.size();
    const qsizetype noticesBefore = live.notices.size();
    appendFile(live.mainFile(), line.left(100));
    // The append is noticed and read: there is no complete line yet.
    QTRY_VERIFY_WITH_TIMEOUT(live.passes.size() > passesBefore, kLive);
    live.settle();
    QCOMPARE(live.passes.last().stats.linesParsed, 0);
    QCOMPARE(live.notices.size(), noticesBefore);
    QCOMPARE(scalar(live.db(), "SELECT COUNT(*) FROM usage_records WHERE record_key = 'msg_half'"), 0);

    appendFile(live.mainFile(), line.mid(100));
    QTRY_VERIFY_WITH_TIMEOUT(live.usage("msg_half"), kLive);
    QCOMPARE(live.passes.last().stats.linesSkipped, 0);
}

void TestLiveIngest::burstOfAppendsIsAtMostTwoPasses()
{
    Live live;
    live.startAndSettle();
    const qsizetype passesBefore = live.passes.size();
    const qint64 reportedBefore = live.reportedRequests();
    // 50 appends within about 100 ms, each a complete line written by its own open-append-close, the
    // way agents write.
    for (int i = 0; i < 50; ++i) {
        appendFile(live.mainFile(), lineFor("msg_burst" + QByteArray::number(i)).toJsonl());
        QThread::usleep(2000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(live.reportedRequests() - reportedBefore, 50, 5000);
    live.settle();
    const qsizetype passes = live.passes.size() - passesBefore;
    QVERIFY2(passes >= 1 && passes <= 2, qPrintable(QStringLiteral("%1 passes").arg(passes)));
    QCOMPARE(live.reportedRequests() - reportedBefore, 50);
}

void TestLiveIngest::newFileInNewDirectoryIsPickedUp_data()
{
    QTest::addColumn<QString>("directory"); // below the Claude root
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("emptyFirst"); // the directory exists (and is watched) before the file
    const QString newSession = QStringLiteral("0a0b0c0d-1111-4222-8333-444455556666");
    QTest::newRow("new project, file at once")
        << QStringLiteral("projects/-home-ana-src-new") << newSession + QStringLiteral(".jsonl") << false;
    QTest::newRow("new project, file later")
        << QStringLiteral("projects/-home-ana-src-new") << newSession + QStringLiteral(".jsonl") << true;
    QTest::newRow("two new levels: a session's subagents/")
        << QStringLiteral("projects/-home-ana-src-shop/") + kSession + QStringLiteral("x/subagents")
        << QStringLiteral("agent-z9.jsonl") << false;
}

void TestLiveIngest::newFileInNewDirectoryIsPickedUp()
{
    QFETCH(QString, directory);
    QFETCH(QString, file);
    QFETCH(bool, emptyFirst);
    Live live;
    live.startAndSettle();
    const QString dir = live.root() + QLatin1Char('/') + directory;
    QVERIFY(QDir().mkpath(dir));
    if (emptyFirst) {
        const qsizetype passesBefore = live.passes.size();
        QTRY_VERIFY_WITH_TIMEOUT(live.passes.size() > passesBefore, kLive); // the new directory
        live.settle();
    }
    ClaudeLine line = lineFor("msg_new");
    if (!file.startsWith(QLatin1String("agent-")))
        line.sessionId = QFileInfo(file).completeBaseName().toUtf8();
    writeFile(dir + QLatin1Char('/') + file, line.toJsonl());
    QTRY_VERIFY_WITH_TIMEOUT(live.usage("msg_new"), kLive);
    live.settle();
    const auto reader = std::find_if(live.passes.cbegin(), live.passes.cend(),
        [](const IngestPass& pass) { return pass.stats.usageInserted > 0 && pass.number > 1; });
    QVERIFY(reader != live.passes.cend());
    QVERIFY(reader->full); // a new file is found by discovering
    QVERIFY(live.passes.last().watchedDirectories > live.passes.first().watchedDirectories);
    // Watched now: an append to the new file is seen too.
    appendFile(dir + QLatin1Char('/') + file, lineFor("msg_new2").toJsonl());
    QTRY_VERIFY_WITH_TIMEOUT(live.usage("msg_new2"), kLive);
}

void TestLiveIngest::directoryRemovedAndMadeAgainIsWatched()
{
    Live live;
    live.startAndSettle();
    const QString dir = live.root() + QStringLiteral("/projects/-home-ana-src-tmp");
    const QString session = QStringLiteral("0a0b0c0d-2222-4222-8333-444455556666");
    ClaudeLine line = lineFor("msg_tmp1");
    line.sessionId = session.toUtf8();
    writeFile(dir + QLatin1Char('/') + session + QStringLiteral(".jsonl"), line.toJsonl());
    QTRY_VERIFY_WITH_TIMEOUT(live.usage("msg_tmp1"), kLive);
    live.settle();

    QVERIFY(QDir(dir).removeRecursively());
    live.settle();
    // Made again, empty first: the file that comes later is seen at once.
    QVERIFY(QDir().mkpath(dir));
    live.settle();
    line = lineFor("msg_tmp2");
    line.sessionId = session.toUtf8();
    writeFile(dir + QLatin1Char('/') + session + QStringLiteral(".jsonl"), line.toJsonl());
    QTRY_VERIFY_WITH_TIMEOUT(live.usage("msg_tmp2"), kLive);
}

void TestLiveIngest::pollingOnlyPicksUpAnAppend()
{
    LiveIngest::Options options;
    options.watch = false;
    options.pollIntervalMs = 500;
    Live live(options);
    live.live().start();
    QTRY_VERIFY_WITH_TIMEOUT(!live.passes.isEmpty(), 10000);
    QCOMPARE(live.passes.first().watchedFiles, 0);
    QCOMPARE(live.passes.first().watchedDirectories, 0);
    QVERIFY(!live.passes.first().pollingFallback);
    QCOMPARE(live.passes.first().pollIntervalMs, 500);
    appendFile(live.mainFile(), lineFor("msg_polled").toJsonl());
    // Within the poll interval, with room for a loaded machine.
    QTRY_VERIFY_WITH_TIMEOUT(live.usage("msg_polled"), 500 + kLive);
    QCOMPARE(live.passes.last().trigger, IngestPass::Trigger::Poll);
}

void TestLiveIngest::watchCapFallsBackToFastPolling()
{
    // As when inotify_add_watch fails (fs.inotify.max_user_watches): what is not watched is polled for.
    LiveIngest::Options options;
    options.maxWatchedDirectories = 1; // of 4: the session's subagents/ is not watched
    options.fallbackPollIntervalMs = 300;
    Live live(options);
    live.live().start();
    QTRY_VERIFY_WITH_TIMEOUT(!live.passes.isEmpty(), 10000);
    QVERIFY(live.passes.first().pollingFallback);
    QCOMPARE(live.passes.first().pollIntervalMs, 300);
    QCOMPARE(live.passes.first().watchedDirectories, 1);
    QVERIFY(!live.errors.isEmpty());
    QVERIFY(live.errors.first().contains(QLatin1String("polling every 300 ms")));
    // A file in a directory that is not watched is found by the fast poll.
    const QString subagents = live.project() + QLatin1Char('/') + kSession + QStringLiteral("/subagents");
    writeFile(subagents + QStringLiteral("/agent-f1.jsonl"), lineFor("msg_fallback").toJsonl());
    QTRY_VERIFY_WITH_TIMEOUT(live.usage("msg_fallback"), 300 + kLive);
}

void TestLiveIngest::writeByAnotherConnectionIsReported()
{
    LiveIngest::Options options;
    options.feedCheckIntervalMs = 200;
    Live live(options);
    live.startAndSettle();
    const qsizetype passesBefore = live.passes.size();

    // Another process's `agentmeter ingest` of logs LiveIngest does not watch.
    QTemporaryDir other;
    const QString otherSession = QStringLiteral("5e5e5e5e-1111-4222-8333-444455556666");
    ClaudeLine line = lineFor("msg_other");
    line.sessionId = otherSession.toUtf8();
    writeFile(other.filePath(QStringLiteral("projects/-srv/") + otherSession + QStringLiteral(".jsonl")),
        line.toJsonl());
    const IngestStats stats = ingestClaude(live.db(), { other.path() });
    QCOMPARE(stats.usageInserted, 1);

    QTRY_VERIFY_WITH_TIMEOUT(live.usage("msg_other"), kLive);
    QCOMPARE(live.passes.size(), passesBefore); // seen through PRAGMA data_version, not by a pass
    const ChangeNotice& notice = live.notices.last();
    QCOMPARE(notice.newSessionCount, 1);
    QCOMPARE(notice.sessions.first().sessionId, otherSession);
    QVERIFY(notice.sessions.first().isNew);
}

void TestLiveIngest::stopDuringAPassIsClean()
{
    // A corpus whose first pass takes a while in small batches; stop() once the first batch committed.
    QTemporaryDir dir;
    const QString corpus = dir.filePath(QStringLiteral("claude"));
    CorpusOptions corpusOptions;
    corpusOptions.outputDir = corpus;
    corpusOptions.targetBytes = 24'000'000;
    CorpusGenerators::generate(QStringLiteral("claude"), corpusOptions);
    const QString db = dir.filePath(QStringLiteral("live.db"));
    LiveIngest::Options options;
    options.engine.batchRecords = 1; // a commit per record: seconds of work, stopped early in it
    SourceSet::Config config;
    config.roots.insert(QStringLiteral("claude"), { corpus });
    config.only = QStringList { QStringLiteral("claude") };
    QList<IngestPass> passes;
    {
        LiveIngest live(config, db, PriceBook::embedded(), QByteArrayLiteral("test-prices"), options);
        connect(&live, &LiveIngest::passFinished, [&passes](const IngestPass& pass) { passes.append(pass); });
        live.start();
        // The file exists before its tables do: a read that fails is "not yet".
        auto committed = [&db]() -> qint64 {
            try {
                return QFile::exists(db) ? scalar(db, "SELECT COUNT(*) FROM usage_records") : 0;
            } catch (const StoreError&) {
                return 0;
            }
        };
        QTRY_VERIFY_WITH_TIMEOUT(committed() > 0, 20000);
        live.stop();
        QVERIFY(!live.isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(passes.size(), 1, kLive); // queued before the shutdown
        QVERIFY(passes.first().cancelled);
        QVERIFY(passes.first().error.isEmpty());
        QVERIFY(scalar(db, "SELECT COUNT(*) FROM usage_records") > 0);

        // Started again, it resumes where the cancelled pass committed.
        passes.clear();
        live.start();
        QTRY_VERIFY_WITH_TIMEOUT(!passes.isEmpty(), 60000);
        QVERIFY(!passes.first().cancelled);
        live.stop();
    }
    // The same store as one uninterrupted ingest.
    const QString clean = dir.filePath(QStringLiteral("clean.db"));
    ingestClaude(clean, { corpus });
    const StoreTotals live = storeTotals(db);
    QVERIFY2(live == storeTotals(clean),
        qPrintable(describe(live) + QStringLiteral(" vs ") + describe(storeTotals(clean))));
    QCOMPARE(rollupMismatch(db), QString());
    QCOMPARE(storeDump(db), storeDump(clean));
}

void TestLiveIngest::failedPassIsReportedAndTheNextOneRecovers()
{
    QTemporaryDir dir;
    // The database's directory cannot be created while a file has its name.
    const QString blocker = dir.filePath(QStringLiteral("data"));
    writeFile(blocker, "not a directory");
    Live live(LiveIngest::Options(), blocker + QStringLiteral("/am.db"));
    live.live().start();
    QTRY_VERIFY_WITH_TIMEOUT(!live.passes.isEmpty(), 10000);
    QVERIFY(!live.passes.first().error.isEmpty());
    QVERIFY(!live.errors.isEmpty());
    QVERIFY(live.live().isRunning());

    QVERIFY(QFile::remove(blocker));
    live.live().requestPass();
    QTRY_VERIFY_WITH_TIMEOUT(live.passes.size() >= 2 && live.passes.last().error.isEmpty(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!live.notices.isEmpty(), kLive);
    QCOMPARE(live.reportedRequests(), 7);
    live.settle();
    // And it watches now.
    appendFile(live.mainFile(), lineFor("msg_after").toJsonl());
    QTRY_VERIFY_WITH_TIMEOUT(live.usage("msg_after"), kLive);
}

QTEST_GUILESS_MAIN(TestLiveIngest)
#include "tst_liveingest.moc"

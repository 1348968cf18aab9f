// SPDX-License-Identifier: MIT
// ChangeFeed over a real store: watermarks, prime(), the fields of a notice, caps with true totals,
// in-place replacements, and writes committed by another connection.
#include "pricing/pricebook.h"
#include "store/changefeed.h"
#include "store/database.h"
#include "store/stablehash.h"
#include "store/storewriterthread.h"
#include "testsupport.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;

namespace {
const QString kSession = QStringLiteral("7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61");

// A writable copy of the basic Claude fixture, without the half line it ends in, and a database to
// ingest it into.
struct Store
{
    QTemporaryDir dir;
    QString root = dir.filePath(QStringLiteral("logs"));
    QString db = dir.filePath(QStringLiteral("am.db"));
    QString main
        = root + QStringLiteral("/projects/-home-ana-src-shop/") + kSession + QStringLiteral(".jsonl");
    Store()
    {
        copyTree(fixturePath(QStringLiteral("claude/basic")), root);
        const QByteArray lines = readFile(main);
        writeFile(main, lines.left(lines.lastIndexOf('\n') + 1));
    }
    IngestStats ingest() { return ingestClaude(db, { root }); }
    void append(const QByteArray& lines) { appendFile(main, lines); }
};

qint64 scalar(Database& db, const std::string& sql)
{
    SqliteStatement q = db.prepare(sql);
    return q.step() ? q.int64(0) : -1;
}

qint64 msOf(const char* iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

// Inserts an agent event through a writer of its own: another connection than the feed's.
void insertEvents(const QString& dbPath, int count, const QByteArray& keyPrefix)
{
    StoreWriterThread writer(dbPath, PriceBook::embedded());
    writer.call([count, keyPrefix](StoreWriter& w) {
        Database& db = w.database();
        Transaction transaction(db);
        SqliteStatement insert = db.prepare(
            "INSERT INTO agent_events(session_id, ts, kind, model, message, retry_attempt, agent, event_key, "
            "key_hash) SELECT id, ?1, ?2, 'claude-sonnet-4-5-20250929', ?3, ?4, NULL, ?5, ?6 FROM sessions "
            "WHERE external_id = '7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61'");
        for (int i = 0; i < count; ++i) {
            const QByteArray key = keyPrefix + QByteArray::number(i);
            insert.bind(1, qint64(1777900000000) + i);
            insert.bind(2, QByteArray(i % 2 ? "retry" : "error"));
            insert.bind(3, QByteArray("overloaded ") + QByteArray::number(i));
            if (i % 2)
                insert.bind(4, i);
            else
                insert.bindNull(4);
            insert.bind(5, key);
            insert.bind(6, StableHash::of(key));
            insert.execute();
        }
        transaction.commit();
        return 0;
    });
}
} // namespace

class TestChangeFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void primeReportsNothingOld();
    void firstPollWithoutPrimeReportsEverything();
    void appendedRequestIsReportedWithItsFields();
    void eventTypeIsTheActivityViewsOwn();
    void listsAreCappedAndCountsAreTrue();
    void replacedCopyIsReportedAsUpdated();
    void externalWriteIsSeenByDataVersion();
    void eventsAreCappedNewestFirst();
    void markedHistoryChangeForcesANotice();
};

void TestChangeFeed::primeReportsNothingOld()
{
    Store store;
    store.ingest();
    Database db;
    db.open(store.db, Database::Mode::ReadOnly);
    ChangeFeed feed(db);
    QVERIFY(feed.hasChanged()); // never polled
    feed.prime();
    QVERIFY(!feed.hasChanged());
    const ChangeNotice notice = feed.poll();
    QVERIFY(notice.isEmpty());
    QCOMPARE(notice.sequence, 0);
    QCOMPARE(notice.usage.size(), 0);
    QCOMPARE(notice.sessions.size(), 0);
    QCOMPARE(feed.watermarks().usage, scalar(db, "SELECT MAX(id) FROM usage_records"));

    // An ingest that adds nothing commits nothing new either.
    store.ingest();
    const ChangeNotice again = feed.poll();
    QVERIFY(again.isEmpty());
}

void TestChangeFeed::firstPollWithoutPrimeReportsEverything()
{
    Store store;
    store.ingest();
    Database db;
    db.open(store.db, Database::Mode::ReadOnly);
    ChangeFeed feed(db);
    const ChangeNotice notice = feed.poll();
    QCOMPARE(notice.sequence, 1);
    QCOMPARE(notice.usageCount, 7);
    QCOMPARE(notice.usage.size(), 7);
    QCOMPARE(notice.usageUpdatedCount, 0);
    QCOMPARE(notice.sessionCount, 5);
    QCOMPARE(notice.newSessionCount, 5);
    QCOMPARE(notice.sessions.size(), 5);
    QVERIFY(!notice.isTruncated());
    for (qsizetype i = 1; i < notice.usage.size(); ++i)
        QVERIFY(notice.usage[i - 1].id < notice.usage[i].id);
    // msg_C: opus-4-1, 10 fresh + 20,000 cache-read tokens in, 300 out, $0.05265 at the embedded prices.
    const auto c = std::find_if(notice.usage.cbegin(), notice.usage.cend(),
        [](const ChangeNotice::Usage& u) { return u.model == QLatin1String("claude-opus-4-1-20250805"); });
    QVERIFY(c != notice.usage.cend());
    QCOMPARE(c->source, QStringLiteral("claude"));
    QCOMPARE(c->sessionId, kSession);
    QCOMPARE(c->sessionTitle, QStringLiteral("orders pagination"));
    QCOMPARE(c->agent, QStringLiteral("main"));
    QCOMPARE(c->ts, msOf("2026-05-04T09:20:00.000Z"));
    QCOMPARE(c->tokensIn, 20010);
    QCOMPARE(c->tokensOut, 300);
    QCOMPARE(c->tokensTotal, 20310);
    QVERIFY(c->cost.has_value());
    QCOMPARE(qRound64(*c->cost * 1e6), 52650);
    QCOMPARE(c->eventType, QStringLiteral("cache_hit"));
    QVERIFY(c->requestedModel.isEmpty());
    QVERIFY(!c->latencyMs.has_value());
    // Every session is new; the main one carries its own totals and has no parent.
    for (const ChangeNotice::Session& s : notice.sessions)
        QVERIFY(s.isNew);
    const auto main = std::find_if(notice.sessions.cbegin(), notice.sessions.cend(),
        [](const ChangeNotice::Session& s) { return s.sessionId == kSession; });
    QVERIFY(main != notice.sessions.cend());
    QCOMPARE(main->title, QStringLiteral("orders pagination"));
    QVERIFY(main->parentSessionId.isEmpty());
    QCOMPARE(main->requests,
        scalar(db,
            "SELECT requests FROM session_totals t JOIN sessions s ON s.id = t.session_id "
            "WHERE s.external_id = '7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61'"));
    QVERIFY(main->cost > 0.05);
    QVERIFY(notice.minTs && notice.maxTs && *notice.minTs <= *notice.maxTs);
    QVERIFY(feed.poll().isEmpty());
}

void TestChangeFeed::appendedRequestIsReportedWithItsFields()
{
    Store store;
    store.ingest();
    Database db;
    db.open(store.db, Database::Mode::ReadOnly);
    ChangeFeed feed(db);
    feed.prime();

    ClaudeLine line;
    line.messageId = "msg_L1";
    line.requestId = "req_L1";
    line.uuid = "a-l1";
    line.time = "2026-05-04T09:30:00.000Z";
    line.input = 3;
    line.cacheRead = 1000;
    line.output = 40;
    store.append(line.toJsonl());
    const IngestStats stats = store.ingest();
    QCOMPARE(stats.usageInserted, 1);
    QVERIFY(feed.hasChanged());

    const ChangeNotice notice = feed.poll();
    QCOMPARE(notice.sequence, 1);
    QCOMPARE(notice.usageCount, 1);
    QCOMPARE(notice.usage.size(), 1);
    const ChangeNotice::Usage& u = notice.usage.last();
    QCOMPARE(u.id, scalar(db, "SELECT id FROM usage_records WHERE record_key = 'msg_L1'"));
    QCOMPARE(u.ts, msOf("2026-05-04T09:30:00.000Z"));
    QCOMPARE(u.source, QStringLiteral("claude"));
    QCOMPARE(u.sessionId, kSession);
    QCOMPARE(u.sessionTitle, QStringLiteral("orders pagination"));
    QCOMPARE(u.model, QStringLiteral("claude-sonnet-4-5-20250929"));
    QCOMPARE(u.tokensIn, 1003);
    QCOMPARE(u.tokensOut, 40);
    QCOMPARE(u.tokensTotal, 1043);
    // sonnet-4-5: 3 x $3 + 40 x $15 + 1,000 x $0.30 per million tokens.
    QCOMPARE(qRound64(*u.cost * 1e6), 909);
    QCOMPARE(u.eventType, QStringLiteral("cache_hit"));

    QCOMPARE(notice.sessionCount, 1);
    QCOMPARE(notice.newSessionCount, 0);
    const ChangeNotice::Session& s = notice.sessions.first();
    QCOMPARE(s.sessionId, kSession);
    QVERIFY(!s.isNew);
    QCOMPARE(s.lastTs, msOf("2026-05-04T09:30:00.000Z"));
    QCOMPARE(s.requests,
        scalar(db,
            "SELECT COUNT(*) FROM usage_records u JOIN sessions s ON s.id = u.session_id "
            "WHERE s.external_id = '7f1c2a9e-4b1d-4e0a-9a55-0c2f3d4e5a61'"));
    QCOMPARE(notice.minTs, msOf("2026-05-04T09:30:00.000Z"));
    QCOMPARE(notice.maxTs, msOf("2026-05-04T09:30:00.000Z"));
    QCOMPARE(feed.watermarks().usage, u.id);
    QVERIFY(feed.poll().isEmpty());
}

void TestChangeFeed::eventTypeIsTheActivityViewsOwn()
{
    Store store;
    // One request of each kind: no cache at all, a minority read from the cache, a majority.
    ClaudeLine line;
    line.messageId = "msg_plain";
    line.uuid = "a-p";
    line.input = 100;
    line.output = 5;
    store.append(line.toJsonl());
    line.messageId = "msg_miss";
    line.uuid = "a-m";
    line.cacheRead = 50;
    store.append(line.toJsonl());
    store.ingest();
    Database db;
    db.open(store.db, Database::Mode::ReadOnly);
    ChangeFeed feed(db);
    const ChangeNotice notice = feed.poll();
    QCOMPARE(notice.usage.size(), 9);
    QSet<QString> types;
    for (const ChangeNotice::Usage& u : notice.usage) {
        SqliteStatement q = db.prepare("SELECT event_type FROM activity WHERE rid = 'u' || ?1");
        q.bind(1, u.id);
        QVERIFY(q.step());
        QCOMPARE(u.eventType, q.text(0));
        types.insert(u.eventType);
    }
    QVERIFY(types.contains(QStringLiteral("api_call")));
    QVERIFY(types.contains(QStringLiteral("cache_miss")));
    QVERIFY(types.contains(QStringLiteral("cache_hit")));
}

void TestChangeFeed::listsAreCappedAndCountsAreTrue()
{
    Store store;
    store.ingest();
    Database db;
    db.open(store.db, Database::Mode::ReadOnly);
    ChangeFeed::Options options;
    options.maxItems = 3;
    ChangeFeed feed(db, options);
    const ChangeNotice notice = feed.poll();
    QCOMPARE(notice.usageCount, 7);
    QCOMPARE(notice.usage.size(), 3);
    QCOMPARE(notice.sessionCount, 5);
    QCOMPARE(notice.sessions.size(), 3);
    QVERIFY(notice.isTruncated());
    // The newest rows, oldest first.
    const qint64 maxId = scalar(db, "SELECT MAX(id) FROM usage_records");
    QCOMPARE(
        notice.usage[0].id, scalar(db, "SELECT id FROM usage_records ORDER BY id DESC LIMIT 1 OFFSET 2"));
    QCOMPARE(notice.usage[2].id, maxId);
    QCOMPARE(notice.usageWatermark, maxId);
    // The sessions with the latest activity, oldest first.
    for (qsizetype i = 1; i < notice.sessions.size(); ++i)
        QVERIFY(notice.sessions[i - 1].lastTs <= notice.sessions[i].lastTs);
    const qint64 latest = scalar(db, "SELECT MAX(last_ts) FROM sessions");
    QCOMPARE(notice.sessions.last().lastTs, latest);
    // The span covers every new request, not only the listed ones.
    QCOMPARE(notice.minTs, scalar(db, "SELECT MIN(ts) FROM usage_records"));
}

void TestChangeFeed::replacedCopyIsReportedAsUpdated()
{
    Store store;
    store.ingest();
    Database db;
    db.open(store.db, Database::Mode::ReadOnly);
    ChangeFeed feed(db);
    feed.prime();

    // A streamed response: the first copy of msg_S has 12 output tokens ...
    ClaudeLine line;
    line.messageId = "msg_S";
    line.requestId = "req_S";
    line.uuid = "a-s1";
    line.input = 4;
    line.output = 12;
    store.append(line.toJsonl());
    store.ingest();
    ChangeNotice first = feed.poll();
    QCOMPARE(first.usageCount, 1);
    QCOMPARE(first.usage.last().tokensOut, 12);
    const qint64 id = first.usage.last().id;

    // ... the final copy 96: the store replaces the row in place, the feed reports the new numbers.
    line.uuid = "a-s2";
    line.output = 96;
    store.append(line.toJsonl());
    const IngestStats stats = store.ingest();
    QCOMPARE(stats.usageReplaced, 1);
    const ChangeNotice second = feed.poll();
    QCOMPARE(second.usageCount, 0);
    QCOMPARE(second.usageUpdatedCount, 1);
    QCOMPARE(second.usageUpdated.size(), 1);
    QCOMPARE(second.usageUpdated.first().id, id);
    QCOMPARE(second.usageUpdated.first().tokensOut, 96);
    QCOMPARE(second.sessionCount, 1);
    QCOMPARE(second.sessions.first().sessionId, kSession);
    QVERIFY(feed.poll().isEmpty());

    // A smaller copy read later changes nothing, and nothing is reported.
    line.uuid = "a-s3";
    line.output = 50;
    store.append(line.toJsonl());
    store.ingest();
    const ChangeNotice third = feed.poll();
    QCOMPARE(third.usageUpdatedCount, 0);
    QCOMPARE(third.usageCount, 0);
}

void TestChangeFeed::externalWriteIsSeenByDataVersion()
{
    Store store;
    store.ingest();
    Database db;
    db.open(store.db, Database::Mode::ReadOnly);
    ChangeFeed feed(db);
    feed.prime();
    QVERIFY(!feed.hasChanged());

    insertEvents(store.db, 1, "ext:");
    QVERIFY(feed.hasChanged());
    const ChangeNotice notice = feed.poll();
    QCOMPARE(notice.eventCount, 1);
    QCOMPARE(notice.events.size(), 1);
    const ChangeNotice::Event& e = notice.events.first();
    QCOMPARE(e.kind, QStringLiteral("error"));
    QCOMPARE(e.source, QStringLiteral("claude"));
    QCOMPARE(e.sessionId, kSession);
    QCOMPARE(e.agent, QStringLiteral("main"));
    QCOMPARE(e.model, QStringLiteral("claude-sonnet-4-5-20250929"));
    QCOMPARE(e.message, QStringLiteral("overloaded 0"));
    QCOMPARE(e.ts, qint64(1777900000000));
    QVERIFY(!e.retryAttempt.has_value());
    QCOMPARE(notice.sessionCount, 1);
    QCOMPARE(notice.minTs, qint64(1777900000000));
    QVERIFY(!feed.hasChanged());
    QVERIFY(feed.poll().isEmpty());
}

void TestChangeFeed::eventsAreCappedNewestFirst()
{
    Store store;
    store.ingest();
    Database db;
    db.open(store.db, Database::Mode::ReadOnly);
    ChangeFeed::Options options;
    options.maxItems = 2;
    ChangeFeed feed(db, options);
    feed.prime();
    insertEvents(store.db, 5, "cap:");
    const ChangeNotice notice = feed.poll();
    QCOMPARE(notice.eventCount, 5);
    QCOMPARE(notice.events.size(), 2);
    QCOMPARE(notice.events[0].message, QStringLiteral("overloaded 3"));
    QCOMPARE(notice.events[1].message, QStringLiteral("overloaded 4"));
    QCOMPARE(notice.events[0].retryAttempt, 3);
    QCOMPARE(notice.events[1].kind, QStringLiteral("error"));
    QCOMPARE(notice.maxTs, qint64(1777900000004));
}

void TestChangeFeed::markedHistoryChangeForcesANotice()
{
    Store store;
    store.ingest();
    Database db;
    db.open(store.db, Database::Mode::ReadOnly);
    ChangeFeed feed(db);
    feed.prime();
    feed.markHistoryChanged();
    const ChangeNotice notice = feed.poll();
    QVERIFY(notice.historyChanged);
    QVERIFY(!notice.isEmpty());
    QCOMPARE(notice.usageCount, 0);
    QVERIFY(!feed.poll().historyChanged);
}

QTEST_GUILESS_MAIN(TestChangeFeed)
#include "tst_changefeed.moc"

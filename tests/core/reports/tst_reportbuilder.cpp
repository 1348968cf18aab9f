// SPDX-License-Identifier: MIT
// Reports over a real database: time-zone bucketing, filters, cost modes, unpriced models, blocks,
// and golden files of the table and JSON output (AGENTMETER_UPDATE_GOLDEN=1 rewrites them).
#include "pricing/pricebook.h"
#include "reports/reportbuilder.h"
#include "reports/reportformatter.h"
#include "store/database.h"
#include "store/storewriter.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;

namespace {
QByteArray request(const char* session, const char* id, const char* ts, const char* model, int input,
    int output, const char* extra = "")
{
    return QStringLiteral(
               R"({"type":"assistant","sessionId":"%1","cwd":"/work/%1","timestamp":"%2",%3"requestId":"r-%4","message":{"id":"m-%4","model":"%5","content":[],"usage":{"input_tokens":%6,"output_tokens":%7}}})")
               .arg(QLatin1String(session), QLatin1String(ts), QLatin1String(extra), QLatin1String(id),
                   QLatin1String(model))
               .arg(input)
               .arg(output)
               .toUtf8()
        + '\n';
}

// Requests placed around day, week, month and DST boundaries.
void writeCorpus(const QString& root)
{
    QByteArray alpha;
    alpha += request("alpha", "1", "2026-03-07T23:30:00.000Z", "claude-sonnet-4-5-20250929", 1000, 100);
    alpha += request("alpha", "2", "2026-03-08T04:50:00.000Z", "claude-sonnet-4-5-20250929", 2000, 200);
    // 07:30Z on the day US daylight time starts: 03:30 EDT, still March 8th in New York.
    alpha += request("alpha", "3", "2026-03-08T07:30:00.000Z", "claude-haiku-4-5-20251001", 3000, 300);
    alpha += request("alpha", "4", "2026-03-08T18:20:00.000Z", "claude-haiku-4-5-20251001", 4000, 400);
    writeFile(root + QStringLiteral("/projects/-work-alpha/alpha.jsonl"), alpha);
    QByteArray beta;
    beta += request("beta", "5", "2026-03-31T22:00:00.000Z", "claude-opus-4-1-20250805", 5000, 500);
    beta += request("beta", "6", "2026-04-01T03:00:00.000Z", "mystery-model-9", 6000, 600);
    beta += request("beta", "7", "2026-04-01T03:10:00.000Z", "claude-sonnet-4-5-20250929", 7000, 700,
        R"("costUSD":1.5,)");
    writeFile(root + QStringLiteral("/projects/-work-beta/beta.jsonl"), beta);
}

class Fixture
{
public:
    Fixture()
    {
        writeCorpus(m_dir.filePath(QStringLiteral("logs")));
        m_path = m_dir.filePath(QStringLiteral("am.db"));
        ingestClaude(m_path, { m_dir.filePath(QStringLiteral("logs")) });
        m_db.open(m_path, Database::Mode::ReadOnly);
    }
    Report build(ReportOptions options)
    {
        ReportBuilder builder(m_db);
        return builder.build(options);
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    Database m_db;
};

ReportOptions utc(ReportOptions::Kind kind)
{
    ReportOptions options;
    options.kind = kind;
    options.timeZone = QTimeZone::utc();
    options.nowMs = QDateTime(QDate(2026, 4, 1), QTime(4, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    return options;
}

QStringList keys(const Report& report)
{
    QStringList result;
    for (const ReportRow& row : report.rows)
        result << QStringLiteral("%1=%2").arg(row.key).arg(row.totals.tokens.total());
    return result;
}

void compareGolden(const QString& name, const QByteArray& actual)
{
    const QString path = fixturePath(QStringLiteral("golden/") + name);
    if (qEnvironmentVariable("AGENTMETER_UPDATE_GOLDEN") == QLatin1String("1")) {
        writeFile(path, actual);
        return;
    }
    const QByteArray expected = readFile(path);
    if (expected != actual) {
        qWarning().noquote() << "actual output of" << name << ":\n" << actual;
        QFAIL(qPrintable(QStringLiteral("%1 differs from its golden file").arg(name)));
    }
}
} // namespace

class TestReportBuilder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dailyInUtc();
    void dailyFollowsTheTimeZone_data();
    void dailyFollowsTheTimeZone();
    void weeklyAndMonthly();
    void sinceUntilAndFilters();
    void costModes();
    void unpricedModelsAreListedNeverZero();
    void sessionsRollUpSubagents();
    void blocks();
    void everySourceHasItsShare();
    void agentsAndSplitSubagents();
    void goldenFiles_data();
    void goldenFiles();
    void sourceRollupGivesTheSameReports();
};

void TestReportBuilder::dailyInUtc()
{
    Fixture fixture;
    const Report report = fixture.build(utc(ReportOptions::Kind::Daily));
    QCOMPARE(keys(report),
        QStringList({ QStringLiteral("2026-03-07=1100"), QStringLiteral("2026-03-08=9900"),
            QStringLiteral("2026-03-31=5500"), QStringLiteral("2026-04-01=14300") }));
    QCOMPARE(report.totals.requests, 7);
    QCOMPARE(report.totals.tokens.input, 28000);
}

void TestReportBuilder::dailyFollowsTheTimeZone_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("New York across DST")
        << QByteArray("America/New_York")
        << QStringList({ QStringLiteral("2026-03-07=3300"), QStringLiteral("2026-03-08=7700"),
               QStringLiteral("2026-03-31=19800") });
    QTest::newRow("Kathmandu +05:45")
        << QByteArray("Asia/Kathmandu")
        << QStringList({ QStringLiteral("2026-03-08=6600"), QStringLiteral("2026-03-09=4400"),
               QStringLiteral("2026-04-01=19800") });
    QTest::newRow("Tokyo +09:00") << QByteArray("Asia/Tokyo")
                                  << QStringList({ QStringLiteral("2026-03-08=6600"),
                                         QStringLiteral("2026-03-09=4400"),
                                         QStringLiteral("2026-04-01=19800") });
}

void TestReportBuilder::dailyFollowsTheTimeZone()
{
    QFETCH(QByteArray, zone);
    QFETCH(QStringList, expected);
    Fixture fixture;
    ReportOptions options = utc(ReportOptions::Kind::Daily);
    options.timeZone = QTimeZone(zone);
    QVERIFY(options.timeZone.isValid());
    QCOMPARE(keys(fixture.build(options)), expected);
}

void TestReportBuilder::weeklyAndMonthly()
{
    Fixture fixture;
    ReportOptions options = utc(ReportOptions::Kind::Weekly);
    // 2026-03-07 is a Saturday: with Sunday weeks it is alone in its week, with Monday weeks it is not.
    QCOMPARE(keys(fixture.build(options)),
        QStringList({ QStringLiteral("2026-03-01=1100"), QStringLiteral("2026-03-08=9900"),
            QStringLiteral("2026-03-29=19800") }));
    options.weekStart = Qt::Monday;
    QCOMPARE(keys(fixture.build(options)),
        QStringList({ QStringLiteral("2026-03-02=11000"), QStringLiteral("2026-03-30=19800") }));
    options.kind = ReportOptions::Kind::Monthly;
    QCOMPARE(keys(fixture.build(options)),
        QStringList({ QStringLiteral("2026-03=16500"), QStringLiteral("2026-04=14300") }));
}

void TestReportBuilder::sinceUntilAndFilters()
{
    Fixture fixture;
    ReportOptions options = utc(ReportOptions::Kind::Daily);
    options.since = QDate(2026, 3, 8);
    options.until = QDate(2026, 3, 31);
    QCOMPARE(keys(fixture.build(options)),
        QStringList({ QStringLiteral("2026-03-08=9900"), QStringLiteral("2026-03-31=5500") }));
    options = utc(ReportOptions::Kind::Daily);
    options.project = QStringLiteral("beta");
    QCOMPARE(fixture.build(options).totals.requests, 3);
    options.project = QStringLiteral("/work/alpha");
    QCOMPARE(fixture.build(options).totals.requests, 4);
    options.project = QStringLiteral("nope");
    QCOMPARE(fixture.build(options).rows.size(), size_t(0));
    options = utc(ReportOptions::Kind::Daily);
    options.sources = { QStringLiteral("codex") };
    QCOMPARE(fixture.build(options).totals.requests, 0);
    options.sources = { QStringLiteral("claude"), QStringLiteral("codex") };
    QCOMPARE(fixture.build(options).totals.requests, 7);
    options = utc(ReportOptions::Kind::Daily);
    options.ascending = false;
    QCOMPARE(fixture.build(options).rows.front().key, QStringLiteral("2026-04-01"));
}

void TestReportBuilder::costModes()
{
    Fixture fixture;
    ReportOptions options = utc(ReportOptions::Kind::Daily);
    options.since = options.until = QDate(2026, 4, 1);
    // Request 7 logged $1.50; computed it is 7000 * $3 + 700 * $15 per MTok = $0.0315.
    options.mode = ReportOptions::CostMode::Auto;
    QCOMPARE(fixture.build(options).totals.cost, 1.5);
    options.mode = ReportOptions::CostMode::Calculate;
    QVERIFY(qAbs(fixture.build(options).totals.cost - 0.0315) < 1e-12);
    options.mode = ReportOptions::CostMode::Display;
    const Report display = fixture.build(options);
    QCOMPARE(display.totals.cost, 1.5);
    QCOMPARE(display.totals.unpricedRequests, 0); // display mode prices nothing, so nothing is unpriced
}

void TestReportBuilder::unpricedModelsAreListedNeverZero()
{
    Fixture fixture;
    ReportOptions options = utc(ReportOptions::Kind::Daily);
    options.breakdown = true;
    const Report report = fixture.build(options);
    QCOMPARE(report.unpricedModels, QStringList({ QStringLiteral("mystery-model-9") }));
    QCOMPARE(report.totals.unpricedRequests, 1);
    const QJsonObject json = ReportFormatter::toJson(report);
    QCOMPARE(json.value(QStringLiteral("unpricedModels")).toArray().first().toString(),
        QStringLiteral("mystery-model-9"));
    bool sawNull = false;
    for (const QJsonValue& day : json.value(QStringLiteral("daily")).toArray())
        for (const QJsonValue& model : day.toObject().value(QStringLiteral("modelBreakdowns")).toArray())
            if (model.toObject().value(QStringLiteral("modelName")).toString()
                == QLatin1String("mystery-model-9"))
                sawNull = model.toObject().value(QStringLiteral("cost")).isNull();
    QVERIFY(sawNull);
    QVERIFY(
        ReportFormatter::toTable(report).contains(QLatin1String("no price is known for: mystery-model-9")));
}

void TestReportBuilder::sessionsRollUpSubagents()
{
    // The basic Claude fixture: one root session with four sub-agent sessions.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    ingestClaude(path, { fixturePath(QStringLiteral("claude/basic")) });
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    ReportBuilder builder(db);
    const Report report = builder.build(utc(ReportOptions::Kind::Session));
    QCOMPARE(report.rows.size(), size_t(1));
    QCOMPARE(report.rows[0].subagentSessions, 4);
    QCOMPARE(report.rows[0].totals.tokens.total(), 95319);
    QCOMPARE(report.rows[0].title, QStringLiteral("orders pagination"));
    QCOMPARE(report.rows[0].project, QStringLiteral("shop"));
}

namespace {
// Adds Codex usage next to the Claude corpus: a root session and an "explorer" sub-agent on 2026-03-08.
void addCodexSessions(const QString& path)
{
    StoreWriter writer(path, PriceBook::embedded());
    IngestBatch batch;
    batch.sourceId = 2;
    batch.session("cx-root").cwd = "/work/alpha";
    SessionUpdate& child = batch.session("cx-child");
    child.parentExternalId = "cx-root";
    child.agent = "explorer";
    auto usage = [&](const QByteArray& session, const char* ts, qint64 input, qint64 output) {
        UsageRecord record;
        record.sessionExternalId = session;
        record.timestampMs = QDateTime::fromString(QString::fromLatin1(ts), Qt::ISODate).toMSecsSinceEpoch();
        record.model = "gpt-5";
        record.provider = "openai";
        record.tokens.input = input;
        record.tokens.output = output;
        record.recordKey = "codex:" + session + ':' + ts;
        batch.usage.push_back(record);
    };
    usage("cx-root", "2026-03-08T10:00:00Z", 10000, 1000);
    usage("cx-child", "2026-03-08T10:05:00Z", 20000, 2000);
    writer.apply(batch);
    writer.endRun(true);
}
} // namespace

void TestReportBuilder::everySourceHasItsShare()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    writeCorpus(dir.filePath(QStringLiteral("logs")));
    ingestClaude(path, { dir.filePath(QStringLiteral("logs")) });
    addCodexSessions(path);
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    ReportBuilder builder(db);
    const Report report = builder.build(utc(ReportOptions::Kind::Daily));
    QCOMPARE(report.detectedSources, QStringList({ QStringLiteral("claude"), QStringLiteral("codex") }));
    const auto day = std::find_if(report.rows.begin(), report.rows.end(),
        [](const ReportRow& row) { return row.key == QLatin1String("2026-03-08"); });
    QVERIFY(day != report.rows.end());
    QCOMPARE(day->sources.size(), size_t(2));
    QCOMPARE(day->sources[0].source, QStringLiteral("claude"));
    QCOMPARE(day->sources[0].totals.tokens.input, 2000 + 3000 + 4000);
    QCOMPARE(day->sources[1].source, QStringLiteral("codex"));
    QCOMPARE(day->sources[1].totals.tokens.input, 30000);
    QCOMPARE(day->totals.tokens.input, 39000);
    const QString table = ReportFormatter::toTable(report);
    QVERIFY2(table.startsWith(QStringLiteral("Sources: claude, codex\n")), qPrintable(table));
    QVERIFY2(table.contains(QStringLiteral("- codex: gpt-5")), qPrintable(table));
    // --source narrows it to one.
    ReportOptions codexOnly = utc(ReportOptions::Kind::Daily);
    codexOnly.sources = QStringList { QStringLiteral("codex") };
    const Report narrowed = builder.build(codexOnly);
    QCOMPARE(narrowed.detectedSources, QStringList { QStringLiteral("codex") });
    QCOMPARE(narrowed.totals.tokens.input, 30000);
    QCOMPARE(narrowed.rows.size(), size_t(1));
}

void TestReportBuilder::agentsAndSplitSubagents()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    ingestClaude(path, { fixturePath(QStringLiteral("claude/basic")) });
    addCodexSessions(path);
    Database db;
    db.open(path, Database::Mode::ReadOnly);
    ReportBuilder builder(db);
    const Report agents = builder.build(utc(ReportOptions::Kind::Agents));
    QStringList rows;
    for (const ReportRow& row : agents.rows)
        rows << QStringLiteral("%1 %2 %3").arg(row.key).arg(row.sessions).arg(row.totals.tokens.total());
    // Cheapest first by default; Claude sub-agents group by their type from the .meta.json files.
    // claude: main, two era-1/2 sub-agents without a type ("subagent"), Explore, general-purpose.
    QCOMPARE(agents.rows.size(), size_t(6));
    QVERIFY2(rows.contains(QStringLiteral("claude/Explore 1 640")), qPrintable(rows.join(QLatin1Char(','))));
    QVERIFY2(
        rows.contains(QStringLiteral("claude/subagent 2 25220")), qPrintable(rows.join(QLatin1Char(','))));
    QCOMPARE(agents.totals.tokens.total(), 95319 + 33000);
    QVERIFY2(
        rows.contains(QStringLiteral("codex/explorer 1 22000")), qPrintable(rows.join(QLatin1Char(','))));
    QVERIFY2(rows.contains(QStringLiteral("codex/main 1 11000")), qPrintable(rows.join(QLatin1Char(','))));
    for (size_t i = 1; i < agents.rows.size(); ++i)
        QVERIFY(agents.rows[i - 1].totals.cost <= agents.rows[i].totals.cost);
    ReportOptions expensiveFirst = utc(ReportOptions::Kind::Agents);
    expensiveFirst.ascending = false;
    const Report descending = builder.build(expensiveFirst);
    QCOMPARE(descending.rows.front().key, agents.rows.back().key);
    QCOMPARE(descending.rows.front().key, QStringLiteral("claude/main"));

    ReportOptions split = utc(ReportOptions::Kind::Session);
    split.splitSubagents = true;
    split.sources = QStringList { QStringLiteral("codex") };
    const Report sessions = builder.build(split);
    QCOMPARE(sessions.rows.size(), size_t(2));
    for (const ReportRow& row : sessions.rows) {
        if (row.key == QLatin1String("cx-child")) {
            QCOMPARE(row.parentKey, QStringLiteral("cx-root"));
            QCOMPARE(row.totals.tokens.total(), 22000); // its own usage only
        } else {
            QCOMPARE(row.parentKey, QString());
            QCOMPARE(row.totals.tokens.total(), 11000);
            QCOMPARE(row.subagentSessions, 1);
        }
    }
    split.splitSubagents = false;
    const Report folded = builder.build(split);
    QCOMPARE(folded.rows.size(), size_t(1));
    QCOMPARE(folded.rows[0].totals.tokens.total(), 33000);
}

void TestReportBuilder::blocks()
{
    Fixture fixture;
    const Report report = fixture.build(utc(ReportOptions::Kind::Blocks));
    QStringList rows;
    for (const ReportRow& row : report.rows) {
        QStringList parts = { QDateTime::fromMSecsSinceEpoch(row.blockStartMs, QTimeZone::utc())
                                  .toString(QStringLiteral("MM-dd HH:mm")),
            row.isGap ? QStringLiteral("gap") : QString::number(row.totals.tokens.total()) };
        if (row.isActive)
            parts << QStringLiteral("active") << QString::number(row.remainingMinutes);
        rows << parts.join(QLatin1Char(' '));
    }
    // A block starts at the hour of its first request and lasts five hours; a silence of more than five
    // hours is a gap. 04-01 03:00 is exactly the end of the 22:00 block, so it opens a new one.
    const QStringList expected = {
        QStringLiteral("03-07 23:00 1100"),
        QStringLiteral("03-07 23:30 gap"),
        QStringLiteral("03-08 04:00 5500"),
        QStringLiteral("03-08 07:30 gap"),
        QStringLiteral("03-08 18:00 4400"),
        QStringLiteral("03-08 18:20 gap"),
        QStringLiteral("03-31 22:00 5500"),
        QStringLiteral("04-01 03:00 14300 active 240"),
    };
    QCOMPARE(rows, expected);
    const ReportRow& active = report.rows.back();
    // 14,300 tokens over the 10 minutes from 03:00 to 03:10: 1,430 per minute, 240 minutes to go.
    QCOMPARE(active.tokensPerMinute, 1430.0);
    QCOMPARE(active.projectedTokens, qint64(14300 + 1430 * 240));
}

void TestReportBuilder::goldenFiles_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("breakdown");
    QTest::addColumn<QString>("name");
    QTest::newRow("daily") << int(ReportOptions::Kind::Daily) << false << QStringLiteral("daily");
    QTest::newRow("daily breakdown") << int(ReportOptions::Kind::Daily) << true
                                     << QStringLiteral("daily-breakdown");
    QTest::newRow("weekly") << int(ReportOptions::Kind::Weekly) << false << QStringLiteral("weekly");
    QTest::newRow("monthly") << int(ReportOptions::Kind::Monthly) << true
                             << QStringLiteral("monthly-breakdown");
    QTest::newRow("session") << int(ReportOptions::Kind::Session) << false << QStringLiteral("session");
    QTest::newRow("blocks") << int(ReportOptions::Kind::Blocks) << false << QStringLiteral("blocks");
}

void TestReportBuilder::goldenFiles()
{
    QFETCH(int, kind);
    QFETCH(bool, breakdown);
    QFETCH(QString, name);
    Fixture fixture;
    ReportOptions options = utc(ReportOptions::Kind(kind));
    options.breakdown = breakdown;
    const Report report = fixture.build(options);
    compareGolden(name + QStringLiteral(".txt"), ReportFormatter::toTable(report).toUtf8());
    compareGolden(name + QStringLiteral(".json"), ReportFormatter::toJsonText(report));
}

namespace {
// A copy of the database at path, with sql applied to the copy.
QString copyOf(const QString& path, const QString& copy, const char* sql)
{
    {
        Database db;
        db.open(path);
        SqliteStatement vacuum = db.prepare("VACUUM INTO ?1");
        vacuum.bind(1, copy.toUtf8());
        vacuum.execute();
    }
    Database db;
    db.open(copy);
    db.exec(sql);
    return copy;
}

QByteArray render(Database& db, const ReportOptions& options)
{
    ReportBuilder builder(db);
    const Report report = builder.build(options);
    return ReportFormatter::toJsonText(report) + ReportFormatter::toTable(report).toUtf8();
}
} // namespace

void TestReportBuilder::sourceRollupGivesTheSameReports()
{
    // Daily, weekly and monthly reports without a project read source_rollup; every other report, and
    // any report on a store without the table (schema 4 opened read-only), reads usage_rollup and the
    // sessions. Both must print the same, whatever the options.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("am.db"));
    buildFixtureDatabase(path);
    Database bySource;
    bySource.open(path, Database::Mode::ReadOnly);
    Database bySession;
    bySession.open(
        copyOf(path, dir.filePath(QStringLiteral("no-source-rollup.db")), "DROP TABLE source_rollup"),
        Database::Mode::ReadOnly);
    // Which reports read the table: a change to it shows in them and no other.
    Database altered;
    altered.open(copyOf(path, dir.filePath(QStringLiteral("altered.db")),
                     "UPDATE source_rollup SET input_tokens = input_tokens + 1000000"),
        Database::Mode::ReadOnly);

    using Kind = ReportOptions::Kind;
    using Mode = ReportOptions::CostMode;
    int compared = 0;
    for (const Kind kind :
        { Kind::Daily, Kind::Weekly, Kind::Monthly, Kind::Session, Kind::Blocks, Kind::Agents }) {
        for (const Mode mode : { Mode::Auto, Mode::Calculate, Mode::Display }) {
            for (const QStringList& sources : { QStringList(), QStringList { QStringLiteral("codex") },
                     QStringList { QStringLiteral("claude"), QStringLiteral("gemini") } }) {
                for (const QByteArray& zone : { QByteArray("UTC"), QByteArray("America/Los_Angeles"),
                         QByteArray("Asia/Kathmandu") }) { // UTC+05:45
                    for (int range = 0; range < 3; ++range) {
                        for (const QString& project : { QString(), QStringLiteral("shop") }) {
                            ReportOptions options;
                            options.kind = kind;
                            options.mode = mode;
                            options.sources = sources;
                            options.timeZone = QTimeZone(zone);
                            options.project = project;
                            options.nowMs = fixtureNow().toMSecsSinceEpoch();
                            options.weekStart = range == 1 ? Qt::Monday : Qt::Sunday;
                            options.ascending = range != 2;
                            options.breakdown = range != 0;
                            if (range == 1)
                                options.since = QDate(2026, 5, 5);
                            if (range == 2)
                                options.until = QDate(2026, 5, 4);
                            const QByteArray expected = render(bySession, options);
                            const QString name
                                = QStringLiteral("kind %1 mode %2 sources %3 zone %4 range %5 "
                                                 "project %6")
                                      .arg(ReportOptions::kindName(kind), ReportOptions::modeName(mode),
                                          sources.join(QLatin1Char(',')), QString::fromLatin1(zone))
                                      .arg(range)
                                      .arg(project);
                            QVERIFY2(render(bySource, options) == expected, qPrintable(name));
                            const bool readsTable = project.isEmpty()
                                && (kind == Kind::Daily || kind == Kind::Weekly || kind == Kind::Monthly);
                            QVERIFY2((render(altered, options) != expected) == readsTable, qPrintable(name));
                            ++compared;
                        }
                    }
                }
            }
        }
    }
    QCOMPARE(compared, 6 * 3 * 3 * 3 * 3 * 2);
    // The reports compared are not empty: every fixture source has usage, on both sides of the ranges.
    ReportOptions all;
    all.timeZone = QTimeZone::utc();
    ReportBuilder builder(bySource);
    const Report report = builder.build(all);
    QCOMPARE(report.detectedSources.size(), 5);
    QCOMPARE(keys(report),
        QStringList({ QStringLiteral("2026-05-03=1115"), QStringLiteral("2026-05-04=367195"),
            QStringLiteral("2026-05-05=33375"), QStringLiteral("2026-05-06=54540"),
            QStringLiteral("2026-05-07=1580") }));
}

QTEST_GUILESS_MAIN(TestReportBuilder)
#include "tst_reportbuilder.moc"

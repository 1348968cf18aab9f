// SPDX-License-Identifier: MIT
// Measures the Dashboard on a large store (tests/bench/api_bench_db.sh: 100,000 sessions, 5,000,000
// requests): DashboardQuery::load on a new connection and again warm, and the time from constructing
// the main window to a filled dashboard under QT_QPA_PLATFORM=offscreen, with the longest stall of the
// GUI thread's event loop meanwhile. Built with -DAGENTMETER_BENCH=ON; see docs/performance.md.
//
//   bench_dashboard DB [--now ISO] [--runs N] [--screenshot PNG] [--ingest BATCHES]
//
// --now defaults to 2026-05-06T12:00Z, the end of api_bench_db.sh's data. --ingest then writes BATCHES
// batches of 1,000 requests into DB (it grows) through the store writer on another thread, publishing
// each commit's ChangeNotice to the page as live ingest does, and reports the GUI thread's longest
// stall meanwhile and how many times the page re-read its figures.
#include "dashboardpage.h"
#include "mainwindow.h"
#include "pricing/pricebook.h"
#include "snapshots/dashboardquery.h"
#include "store/changefeed.h"
#include "store/database.h"
#include "store/queryrunner.h"
#include "store/storewriter.h"
#include "storechanges.h"

#include <algorithm>
#include <ctime>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTextStream>
#include <QThread>
#include <QTimer>

namespace {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

// CPU time of the calling thread: on a loaded machine a wall-clock gap between timer ticks is partly
// waiting for a core, which this leaves out.
double threadCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

double msSince(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// Requests of the half hour before now, in 100 sessions, with keys unique to this run.
IngestBatch ingestBatch(int number, qint64 nowMs, const QByteArray& run)
{
    constexpr int kRequests = 1000;
    IngestBatch batch;
    batch.sourceId = 1;
    for (int i = 0; i < kRequests; ++i) {
        UsageRecord record;
        record.sessionExternalId = "bench-" + run + "-" + QByteArray::number(i % 100);
        record.sessionIndex = batch.sessionIndex(record.sessionExternalId);
        record.timestampMs = nowMs - 30 * 60 * 1000 + (qint64(number) * kRequests + i) % (30 * 60 * 1000);
        batch.sessions[size_t(record.sessionIndex)].widen(record.timestampMs);
        record.model = "claude-sonnet-4-5-20250929";
        record.tokens.input = 100;
        record.tokens.output = 200;
        record.tokens.cacheRead = 5000;
        record.recordKey = "bench-" + run + "-" + QByteArray::number(number) + "-" + QByteArray::number(i);
        batch.usage.push_back(record);
    }
    return batch;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("db"), QStringLiteral("the database (api_bench_db.sh)"));
    parser.addOption({ QStringLiteral("now"), QStringLiteral("now, ISO 8601"), QStringLiteral("iso"),
        QStringLiteral("2026-05-06T12:00:00Z") });
    parser.addOption(
        { QStringLiteral("runs"), QStringLiteral("warm runs"), QStringLiteral("n"), QStringLiteral("5") });
    parser.addOption(
        { QStringLiteral("screenshot"), QStringLiteral("save the window as PNG"), QStringLiteral("png") });
    parser.addOption({ QStringLiteral("ingest"), QStringLiteral("batches to write while the window shows"),
        QStringLiteral("n"), QStringLiteral("0") });
    parser.addHelpOption();
    parser.process(app);
    if (parser.positionalArguments().size() != 1)
        parser.showHelp(1);
    const QString path = parser.positionalArguments().first();
    const QDateTime now = QDateTime::fromString(parser.value(QStringLiteral("now")), Qt::ISODate);
    const QTimeZone zone = QTimeZone::systemTimeZone();
    const auto prices = PriceBook::embedded();

    {
        Database db;
        QElapsedTimer timer;
        timer.start();
        db.open(path, Database::Mode::ReadOnly);
        DashboardSnapshot snapshot = DashboardQuery::load(db, now, zone, prices.get());
        out() << "DashboardQuery::load, new connection: " << msSince(timer) << " ms (month "
              << snapshot.monthTotals.requests << " requests, " << snapshot.agents.size() << " agents, "
              << snapshot.todayMinutes.size() << " minutes today)\n";
        QList<double> warm;
        for (int run = 0; run < parser.value(QStringLiteral("runs")).toInt(); ++run) {
            timer.restart();
            snapshot = DashboardQuery::load(db, now, zone, prices.get());
            warm << msSince(timer);
        }
        std::sort(warm.begin(), warm.end());
        if (!warm.isEmpty())
            out() << "DashboardQuery::load, warm: median " << warm[warm.size() / 2] << " ms, min "
                  << warm.first() << " ms, max " << warm.last() << " ms over " << warm.size() << " runs\n";
    }

    QueryRunner runner(path);
    StoreChanges changes;
    PageContext context;
    context.queries = &runner;
    context.changes = &changes;
    context.timeZone = zone;
    context.clock = [now] { return now; };

    // The longest gap between 5 ms ticks of the GUI thread, in wall-clock time and in the GUI thread's
    // own CPU time.
    QElapsedTimer tick;
    double longestStall = 0;
    double longestBusy = 0;
    double tickCpu = threadCpuMs();
    QTimer ticker;
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        longestStall = std::max(longestStall, msSince(tick));
        tick.restart();
        const double cpu = threadCpuMs();
        longestBusy = std::max(longestBusy, cpu - tickCpu);
        tickCpu = cpu;
    });

    QElapsedTimer timer;
    timer.start();
    tick.start();
    ticker.start();
    MainWindow window(context);
    window.show();
    auto* page = qobject_cast<DashboardPage*>(window.page(MainWindow::Dashboard));
    QEventLoop loop;
    QObject::connect(page, &DashboardPage::snapshotAvailable, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    if (!page->isLoaded())
        loop.exec();
    QApplication::processEvents(); // the charts paint
    const double filled = msSince(timer);
    ticker.stop();
    out() << "MainWindow constructed to dashboard filled: " << filled << " ms"
          << (page->isLoaded() ? "" : " (NOT LOADED)") << "; longest GUI-thread stall " << longestStall
          << " ms wall, " << longestBusy << " ms CPU (includes constructing and first showing the window)\n";
    if (parser.isSet(QStringLiteral("screenshot")))
        window.grab().save(parser.value(QStringLiteral("screenshot")));
    if (!page->isLoaded())
        return 1;

    const int batches = parser.value(QStringLiteral("ingest")).toInt();
    if (batches <= 0)
        return 0;
    int rereads = 0;
    QObject::connect(page, &DashboardPage::snapshotAvailable, [&rereads] { ++rereads; });
    const QByteArray run = QByteArray::number(QDateTime::currentMSecsSinceEpoch());
    QThread* writer = QThread::create([&] {
        StoreWriter store(path, prices);
        Database feedDb;
        feedDb.open(path, Database::Mode::ReadOnly);
        ChangeFeed feed(feedDb);
        feed.prime();
        for (int number = 0; number < batches; ++number) {
            store.apply(ingestBatch(number, now.toMSecsSinceEpoch(), run));
            const ChangeNotice notice = feed.poll();
            QMetaObject::invokeMethod(&changes, [&changes, notice] { changes.publish(notice); });
        }
    });
    longestStall = 0;
    longestBusy = 0;
    tick.restart();
    tickCpu = threadCpuMs();
    ticker.start();
    timer.restart();
    QEventLoop ingestLoop;
    QObject::connect(writer, &QThread::finished, &ingestLoop, &QEventLoop::quit);
    writer->start();
    ingestLoop.exec();
    const double ingestMs = msSince(timer);
    // The last notices' re-read.
    QTimer::singleShot(DashboardPage::kDebounceMs * 10 + 5000, &loop, &QEventLoop::quit);
    loop.exec();
    ticker.stop();
    delete writer;
    out() << "Ingest of " << batches << " x 1,000 requests beside the window: " << ingestMs << " ms; "
          << rereads << " dashboard re-reads; longest GUI-thread stall " << longestStall << " ms wall, "
          << longestBusy << " ms CPU\n";
    return 0;
}

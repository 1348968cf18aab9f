// SPDX-License-Identifier: MIT
// Measures the Dashboard on a large store (tests/bench/api_bench_db.sh: 100,000 sessions, 5,000,000
// requests): DashboardQuery::load on a new connection and again warm, and the time from constructing
// the main window to a filled dashboard under QT_QPA_PLATFORM=offscreen, with the longest stall of the
// GUI thread's event loop meanwhile. Built with -DAGENTMETER_BENCH=ON; see docs/performance.md.
//
//   bench_dashboard DB [--now ISO] [--runs N] [--screenshot PNG]
//
// --now defaults to 2026-05-06T12:00Z, the end of api_bench_db.sh's data.
#include "dashboardpage.h"
#include "mainwindow.h"
#include "pricing/pricebook.h"
#include "snapshots/dashboardquery.h"
#include "store/database.h"
#include "store/queryrunner.h"
#include "storechanges.h"

#include <algorithm>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTextStream>
#include <QTimer>

namespace {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

double msSince(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("db"), QStringLiteral("the database (api_bench_db.sh)"));
    parser.addOption({ QStringLiteral("now"), QStringLiteral("now, ISO 8601"), QStringLiteral("iso"),
        QStringLiteral("2026-05-06T12:00:00Z") });
    parser.addOption({ QStringLiteral("runs"), QStringLiteral("warm runs"), QStringLiteral("n"), QStringLiteral("5") });
    parser.addOption({ QStringLiteral("screenshot"), QStringLiteral("save the window as PNG"), QStringLiteral("png") });
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
            out() << "DashboardQuery::load, warm: median " << warm[warm.size() / 2] << " ms, min " << warm.first()
                  << " ms, max " << warm.last() << " ms over " << warm.size() << " runs\n";
    }

    QueryRunner runner(path);
    StoreChanges changes;
    PageContext context;
    context.queries = &runner;
    context.changes = &changes;
    context.timeZone = zone;
    context.clock = [now] { return now; };

    // The longest gap between 5 ms ticks of the GUI thread while the dashboard loads.
    QElapsedTimer tick;
    double longestStall = 0;
    QTimer ticker;
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        longestStall = std::max(longestStall, msSince(tick));
        tick.restart();
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
          << " ms (includes constructing and first showing the window)\n";
    if (parser.isSet(QStringLiteral("screenshot")))
        window.grab().save(parser.value(QStringLiteral("screenshot")));
    return page->isLoaded() ? 0 : 1;
}

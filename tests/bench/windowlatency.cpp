// SPDX-License-Identifier: MIT
// Measures whether the window stays responsive while a large ingest runs (issue 5): the main window with
// every page is shown (offscreen) over the live ingest of a generated corpus, as `agentmeter window` runs
// it, and a 10 ms timer on the GUI thread records how late each tick fires. A tick that is late by more
// than 100 ms is a stutter a user would notice. Built with -DAGENTMETER_BENCH=ON; see tests/bench/README.md.
//
//   QT_QPA_PLATFORM=offscreen windowlatency [--corpus DIR] [--size BYTES] [--source claude] [--base-db FILE]
//
// The corpus is generated into DIR/<source> when missing; the database is DIR/window.db, made afresh: empty,
// or a copy of --base-db (e.g. an api_bench_db.sh store of 100k sessions, so that the pages' queries are
// large too), and the pass is a cold ingest of the whole corpus into it.
#include "demo/corpusgenerators.h"
#include "ingest/liveingest.h"
#include "mainwindow.h"
#include "pricing/pricebook.h"
#include "storechanges.h"
#include "store/database.h"
#include "store/queryrunner.h"

#include <algorithm>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <QTimer>

namespace {
QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}
} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("corpus"), QStringLiteral("Corpus directory."), QStringLiteral("dir"),
        QDir::temp().filePath(QStringLiteral("agentmeter-windowlatency")) });
    parser.addOption({ QStringLiteral("size"), QStringLiteral("Corpus bytes when generating."),
        QStringLiteral("bytes"), QStringLiteral("1000000000") });
    parser.addOption({ QStringLiteral("source"), QStringLiteral("Which source's generator."),
        QStringLiteral("name"), QStringLiteral("claude") });
    parser.addOption({ QStringLiteral("base-db"), QStringLiteral("Start from a copy of this database."),
        QStringLiteral("file") });
    parser.process(app);

    const QString corpus = parser.value(QStringLiteral("corpus"));
    const QString source = parser.value(QStringLiteral("source"));
    const QString root = corpus + QLatin1Char('/') + source;
    if (!QDir(root).exists()) {
        out() << "generating " << parser.value(QStringLiteral("size")) << " bytes of " << source << " logs in "
              << root << Qt::endl;
        CorpusOptions options;
        options.outputDir = root;
        options.targetBytes = parser.value(QStringLiteral("size")).toLongLong();
        options.end = QDateTime::currentDateTimeUtc();
        CorpusGenerators::generate(source, options);
    }
    const QString db = corpus + QStringLiteral("/window.db");
    for (const char* suffix : { "", "-wal", "-shm" })
        QFile::remove(db + QLatin1String(suffix));
    if (parser.isSet(QStringLiteral("base-db")) && !QFile::copy(parser.value(QStringLiteral("base-db")), db)) {
        out() << "cannot copy " << parser.value(QStringLiteral("base-db")) << Qt::endl;
        return 1;
    }

    SourceSet::Config config;
    config.only = { source };
    config.roots.insert(source, { root });
    LiveIngest live(config, db, PriceBook::embedded(), QByteArrayLiteral("windowlatency"));
    StoreChanges changes;
    QObject::connect(&live, &LiveIngest::changesAvailable, &changes, &StoreChanges::publish);
    QObject::connect(&live, &LiveIngest::passFinished, &changes, &StoreChanges::publishPass);
    QueryRunner queries(db);
    PageContext context;
    context.queries = &queries;
    context.changes = &changes;
    {
        // The pages' read-only connections need the schema before the first pass creates it.
        Database database;
        database.open(db);
    }
    MainWindow window(context);
    window.show();

    // Every page gets its turn in front, as a user clicking through while the ingest runs.
    int page = 0;
    QTimer pageTurner;
    QObject::connect(&pageTurner, &QTimer::timeout, &window, [&] {
        page = (page + 1) % MainWindow::PageCount;
        window.showPage(MainWindow::Page(page));
    });
    pageTurner.start(1000);

    std::vector<double> lateness;
    QElapsedTimer clock;
    qint64 lastTick = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, &window, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (lastTick)
            lateness.push_back(std::max(0.0, double(now - lastTick) / 1e6 - 10.0));
        lastTick = now;
    });

    int notices = 0;
    QObject::connect(&changes, &StoreChanges::changesAvailable, &window, [&](const ChangeNotice&) { ++notices; });
    QElapsedTimer ingestClock;
    QObject::connect(&live, &LiveIngest::passFinished, &window, [&](const IngestPass& pass) {
        if (pass.number != 1)
            return;
        const qint64 ms = ingestClock.elapsed();
        // A moment for the pages to finish the queries the last notice started.
        QTimer::singleShot(2000, &app, [&, ms, pass] {
            ticker.stop();
            const auto stutters = std::count_if(lateness.begin(), lateness.end(), [](double v) { return v > 100; });
            out() << "ingest pass 1: " << pass.stats.filesRead << " files, " << pass.stats.usageInserted
                  << " requests in " << ms << " ms; " << notices << " change notices reached the window\n"
                  << "GUI thread, 10 ms timer while ingesting: " << lateness.size() << " ticks, lateness p50 "
                  << percentile(lateness, 0.5) << " ms, p99 " << percentile(lateness, 0.99) << " ms, max "
                  << (lateness.empty() ? 0 : *std::max_element(lateness.begin(), lateness.end()))
                  << " ms, ticks later than 100 ms: " << stutters << Qt::endl;
            QApplication::quit();
        });
    });
    clock.start();
    ingestClock.start();
    ticker.start(10);
    live.start();
    const int code = QApplication::exec();
    live.stop();
    return code;
}

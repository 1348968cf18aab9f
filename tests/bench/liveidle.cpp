// SPDX-License-Identifier: MIT
// Measures LiveIngest on a generated corpus of every source: its CPU use while nothing changes (target:
// under 1% over 60 s), the cost of a pass that finds nothing, and the time from an appended Claude line
// to its ChangeNotice. Built with -DAGENTMETER_BENCH=ON; see tests/bench/README.md.
//
//   liveidle [--corpus DIR] [--size BYTES_PER_SOURCE] [--seconds N] [--appends N] [--poll MS]
//
// The corpus (one directory per source) is generated when DIR has none; the database is DIR/live.db.
#include "demo/corpusgenerators.h"
#include "ingest/liveingest.h"
#include "pricing/pricebook.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>
#include <unistd.h>

namespace {
QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

// User + system CPU time of this process, in milliseconds (/proc/self/stat fields 14 and 15).
qint64 cpuMs()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // The command name (field 2) may hold spaces; the fields after it start after the last ')'.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    const qint64 ticks = fields.value(11).toLongLong() + fields.value(12).toLongLong();
    return ticks * 1000 / sysconf(_SC_CLK_TCK);
}

void waitFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

QString newestFile(const QString& root, const QString& pattern)
{
    QString newest;
    QDateTime newestTime;
    QDirIterator it(root, { pattern }, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.contains(QLatin1String("/subagents/")))
            continue;
        const QDateTime time = it.fileInfo().lastModified();
        if (newest.isEmpty() || time > newestTime) {
            newest = path;
            newestTime = time;
        }
    }
    return newest;
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({ QStringLiteral("corpus"), QStringLiteral("Corpus directory."), QStringLiteral("dir"),
        QDir::temp().filePath(QStringLiteral("agentmeter-liveidle")) });
    parser.addOption({ QStringLiteral("size"), QStringLiteral("Bytes per source when generating."),
        QStringLiteral("bytes"), QStringLiteral("20000000") });
    parser.addOption({ QStringLiteral("seconds"), QStringLiteral("Idle measurement length."),
        QStringLiteral("n"), QStringLiteral("60") });
    parser.addOption({ QStringLiteral("appends"), QStringLiteral("Appended lines timed."),
        QStringLiteral("n"), QStringLiteral("5") });
    parser.addOption({ QStringLiteral("poll"), QStringLiteral("LiveIngest's poll interval (ms)."),
        QStringLiteral("ms"), QString::number(LiveIngest::Options().pollIntervalMs) });
    parser.process(app);
    const QString corpus = parser.value(QStringLiteral("corpus"));
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();

    SourceSet::Config config;
    for (const QString& source : CorpusGenerators::sources()) {
        const QString root = corpus + QLatin1Char('/') + source;
        if (!QFileInfo::exists(root)) {
            CorpusOptions options;
            options.outputDir = root;
            options.targetBytes = parser.value(QStringLiteral("size")).toLongLong();
            options.end = QDateTime::currentDateTimeUtc();
            const CorpusSummary summary = CorpusGenerators::generate(source, options);
            out() << "generated " << source << ": " << summary.files << " files, " << summary.bytes / 1000000
                  << " MB\n"
                  << Qt::flush;
        }
        config.roots.insert(source, { root });
        config.only << source;
    }
    const QString db = corpus + QLatin1String("/live.db");

    LiveIngest::Options options;
    options.pollIntervalMs = parser.value(QStringLiteral("poll")).toInt();
    LiveIngest live(config, db, PriceBook::embedded(), QByteArrayLiteral("liveidle"), options);
    qint64 passes = 0;
    qint64 notices = 0;
    QList<IngestPass> idlePasses;
    bool idle = false;
    bool appending = false;
    bool settled = false;
    QObject::connect(&live, &LiveIngest::passFinished, [&](const IngestPass& pass) {
        ++passes;
        // Settled once a pass read nothing: the first one on a store that has everything, else the
        // follow-up pass over the files the first one made known.
        settled = settled || pass.stats.filesRead == 0;
        if (idle)
            idlePasses << pass;
        if (pass.number <= 3 || idle || appending)
            out() << "pass " << pass.number << " (" << IngestPass::triggerName(pass.trigger)
                  << (pass.full ? "" : ", named files only") << "): " << pass.durationMs << " ms ("
                  << pass.cpuMs << " ms CPU), " << pass.stats.filesSeen << " files, " << pass.stats.filesRead
                  << " read; watching " << pass.watchedDirectories << " directories, " << pass.watchedFiles
                  << " files; periodic pass every " << pass.pollIntervalMs << " ms"
                  << (pass.pollingFallback ? " (polling fallback)" : "") << "\n"
                  << Qt::flush;
    });
    QList<ChangeNotice> received;
    QObject::connect(&live, &LiveIngest::changesAvailable, [&](const ChangeNotice& notice) {
        ++notices;
        received << notice;
        if (notice.sequence == 1)
            out() << "first notice: " << notice.usageCount << " requests, " << notice.sessionCount
                  << " sessions\n"
                  << Qt::flush;
    });
    QObject::connect(&live, &LiveIngest::errorOccurred, [](const QString& message) {
        out() << "error: " << message << "\n" << Qt::flush;
    });

    const qint64 cpuBefore = cpuMs();
    live.start();
    // Settled: a pass that read nothing (the first pass's follow-up or a poll), then 1 s.
    while (!settled)
        waitFor(100);
    waitFor(1000);
    out() << "start: " << cpuMs() - cpuBefore << " ms CPU to the settled state\n" << Qt::flush;

    idle = true;
    const qint64 idleCpu = cpuMs();
    QElapsedTimer idleClock;
    idleClock.start();
    waitFor(seconds * 1000);
    const qint64 usedMs = cpuMs() - idleCpu;
    const qint64 wallMs = idleClock.elapsed();
    idle = false;
    out() << QStringLiteral("idle: %1 ms CPU over %2 ms = %3% of one core, %4 passes\n")
                 .arg(usedMs)
                 .arg(wallMs)
                 .arg(100.0 * double(usedMs) / double(wallMs), 0, 'f', 3)
                 .arg(idlePasses.size())
          << Qt::flush;

    // Latency: a complete line appended to the newest main transcript.
    const QString file = newestFile(corpus + QLatin1String("/claude"), QStringLiteral("*.jsonl"));
    const QByteArray session = QFileInfo(file).completeBaseName().toUtf8();
    const int appends = parser.value(QStringLiteral("appends")).toInt();
    appending = true;
    for (int i = 0; i < appends; ++i) {
        const QByteArray id = "msg_liveidle_" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + '_'
            + QByteArray::number(i);
        const QByteArray line
            = R"({"parentUuid":null,"isSidechain":false,"userType":"external","cwd":"/tmp","sessionId":")"
            + session
            + R"(","version":"2.1.140","gitBranch":"main","message":{"model":"claude-sonnet-4-5-20250929","id":")"
            + id
            + R"(","type":"message","role":"assistant","content":[],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":5,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":7,"service_tier":"standard"}},"requestId":"req_)"
            + id + R"(","type":"assistant","uuid":"u-)" + id + R"(","timestamp":")"
            + QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toUtf8() + R"("})" + "\n";
        received.clear();
        QElapsedTimer latency;
        QFile log(file);
        if (!log.open(QIODevice::Append))
            return 1;
        latency.start();
        log.write(line);
        log.close();
        bool seen = false;
        while (!seen && latency.elapsed() < 10000) {
            waitFor(5);
            for (const ChangeNotice& notice : std::as_const(received))
                for (const ChangeNotice::Usage& usage : notice.usage)
                    seen = seen || usage.id > 0;
        }
        out() << "append " << i + 1 << ": notice after " << latency.elapsed() << " ms"
              << (seen ? "" : " (none)") << "\n"
              << Qt::flush;
        waitFor(500);
    }
    live.stop();
    return 0;
}

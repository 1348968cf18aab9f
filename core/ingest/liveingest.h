// SPDX-License-Identifier: MIT
#pragma once

#include "domain/changenotice.h"
#include "ingestengine.h"
#include "ingestpass.h"
#include "sourceset.h"

#include <atomic>
#include <memory>
#include <QByteArray>
#include <QObject>
#include <QString>

class LiveIngestWorker;
class PriceBook;
class QThread;

// Keeps the store up to date while the program runs (`agentmeter serve`, the window): ingest passes on
// a worker thread of its own, started by file system notifications and by a periodic poll, and after
// each pass a ChangeNotice of what the store gained (architecture.md, "Live ingest").
//
// The worker watches the source roots and their subdirectories (new files and directories), the most
// recently modified known log files (appends: a directory watch does not report writes to the files in
// it), and the -wal files of the databases it reads. Notifications are coalesced: the first one starts a
// short timer (debounceMs) and the pass runs when it fires, so a burst of appends is one pass; a
// notification during a pass makes exactly one more pass after it. A periodic pass runs when no pass
// ran for pollIntervalMs, which also covers what notifications miss (changes made on another machine
// to a network file system, files beyond the watch cap); when watches cannot be added (the inotify
// limit), the period drops to fallbackPollIntervalMs and a log line says so.
//
// Writes by another process (a CLI `agentmeter ingest`) are noticed through PRAGMA data_version every
// feedCheckIntervalMs and reported like the worker's own.
//
// Signals are emitted on the thread that owns this object; start() and stop() are called from that
// thread too.
class LiveIngest : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        int debounceMs = 150; // from the first notification to the pass
        // A full pass when no pass ran for this long. While watching works it is a safety net, stretched
        // to 200 times the CPU time of a full pass that found nothing (at most 0.5% of a core).
        int pollIntervalMs = 30000;
        int fallbackPollIntervalMs = 2000; // the same when watching is incomplete
        int feedCheckIntervalMs = 2000; // PRAGMA data_version: writes by other processes
        bool watch = true; // false: polling only, every pollIntervalMs exactly
        int maxWatchedFiles = 512; // the most recently modified known log files
        int maxWatchedDirectories = 4096;
        int directoryDepth = 4; // below each root (Codex sessions/YYYY/MM/DD is 4)
        qsizetype maxNoticeItems = 500; // per list of a ChangeNotice
        IngestEngine::Options engine; // of every pass (batch sizes)
    };

    // prices and priceFingerprint as CliContext has them: the first pass re-prices the store when the
    // fingerprint differs from the one stored.
    LiveIngest(const SourceSet::Config& sources, const QString& databasePath,
        std::shared_ptr<const PriceBook> prices, const QByteArray& priceFingerprint, const Options& options,
        QObject* parent = nullptr);
    LiveIngest(const SourceSet::Config& sources, const QString& databasePath,
        std::shared_ptr<const PriceBook> prices, const QByteArray& priceFingerprint,
        QObject* parent = nullptr);
    ~LiveIngest() override; // stop()

    // Starts the worker thread, which runs a first pass and then watches. Returns at once. The change
    // feed starts at the store as it is before that first pass, so the first notice reports what the
    // first pass added (capped like every notice).
    void start();
    // Cuts a pass in progress short at its next line, row or file (what it did not commit is read again
    // by the next start), stops watching, closes the store and joins the thread. Blocks until then.
    void stop();
    bool isRunning() const { return m_thread != nullptr; }
    // A full pass soon (coalesced with notifications), e.g. for an API request that wants fresh data:
    // its passFinished (trigger Request) follows. Callable from any thread.
    void requestPass();

    Options options() const { return m_options; }

Q_SIGNALS:
    void passFinished(const IngestPass& pass);
    // Only when something changed (never an empty notice).
    void changesAvailable(const ChangeNotice& notice);
    // A failed pass (a StoreError: disk full, database locked for longer than the busy timeout), a
    // failed read of the change feed, or watching that fell back to polling. The worker keeps going.
    void errorOccurred(const QString& message);

private:
    SourceSet::Config m_sources;
    QString m_databasePath;
    std::shared_ptr<const PriceBook> m_prices;
    QByteArray m_priceFingerprint;
    Options m_options;
    std::atomic<bool> m_stop { false };
    QThread* m_thread = nullptr;
    LiveIngestWorker* m_worker = nullptr;
};

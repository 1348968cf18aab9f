// SPDX-License-Identifier: MIT
#pragma once

#include "liveingest.h"
#include "store/database.h"

#include <memory>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>

class ChangeFeed;
class QFileSystemWatcher;
class QTimer;
class StoreWriterThread;

// LiveIngest's side on its worker thread: owns the sources, the persistent writer, the change feed's
// read-only connection, the file system watcher and the timers. Everything here runs on that thread;
// a pass runs synchronously in it, so notifications that arrive meanwhile are handled after it.
class LiveIngestWorker : public QObject
{
    Q_OBJECT

public:
    struct Config
    {
        SourceSet::Config sources;
        QString databasePath;
        std::shared_ptr<const PriceBook> prices;
        QByteArray priceFingerprint;
        LiveIngest::Options options;
    };

    LiveIngestWorker(Config config, const std::atomic<bool>& stop);
    ~LiveIngestWorker() override;

    void start();
    void shutdown();
    void requestPass();

Q_SIGNALS:
    void passFinished(const IngestPass& pass);
    void changesAvailable(const ChangeNotice& notice);
    void errorOccurred(const QString& message);

private:
    void schedulePass(IngestPass::Trigger trigger);
    void runPass(IngestPass::Trigger trigger);
    bool ensureStore(QString* error);
    void pollFeed();

    // Watching.
    void onDirectoryChanged(const QString& directory);
    void onFileChanged(const QString& path);
    // Brings the watch set up to date: every directory below the roots when full (else only what
    // notifications added since), and the most recently modified known files. Schedules a pass over
    // what it added (a change between the pass and the new watch would go unnoticed otherwise).
    void refreshWatches(bool full);
    // Directories of one tree, breadth first, to the depth limit: (path, depth below its root).
    void scanTree(const QString& directory, int depth, QList<std::pair<QString, int>>& out) const;
    // The files to watch: path -> (the unit it belongs to, source id); a database's -wal belongs to it.
    QHash<QString, std::pair<QString, int>> recentFiles();
    void watchDirectories(const QList<std::pair<QString, int>>& directories);
    void setFallback(bool fallback, const QString& reason);
    void restartPollTimer();

    Config m_config;
    const std::atomic<bool>& m_stop;
    std::unique_ptr<SourceSet> m_sources;
    std::unique_ptr<StoreWriterThread> m_writer;
    bool m_priced = false; // the price book's fingerprint was checked against the store
    qint64 m_repriced = 0; // for the next pass's report
    Database m_feedDatabase;
    std::unique_ptr<ChangeFeed> m_feed;
    QString m_feedError; // the last one reported

    QFileSystemWatcher* m_watcher = nullptr;
    QTimer* m_debounce = nullptr;
    QTimer* m_poll = nullptr;
    QTimer* m_feedCheck = nullptr;
    IngestPass::Trigger m_pendingTrigger = IngestPass::Trigger::Change;
    qint64 m_passes = 0;
    qint64 m_lastFullPassCpuMs = 0; // the last full pass that read nothing
    bool m_running = false;

    QHash<QString, int> m_directoryDepth; // watched directory -> depth below its root
    // Notifications added directories since the last full refresh (true until the first one).
    bool m_directoriesChanged = true;
    QHash<QString, std::pair<QString, int>> m_unitOf; // watched file -> (unit, source id)
    QSet<QString> m_changedFiles; // watched files notified since the last pass
    bool m_fullPassPending = false; // the next pass discovers every unit
    bool m_fallback = false;
    QString m_fallbackReason;
};

// SPDX-License-Identifier: MIT
#include "liveingestworker.h"

#include "ingestengine.h"
#include "linereader.h"
#include "store/changefeed.h"
#include "store/storeerror.h"
#include "store/storewriterthread.h"

#include <ctime>
#include <deque>
#include <limits>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QLoggingCategory>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <sys/inotify.h>
#include <sys/vfs.h>
#include <unistd.h>
#endif

Q_LOGGING_CATEGORY(lcLive, "agentmeter.live")

namespace {
// Whether an inotify instance can be created. QFileSystemWatcher falls back to its polling engine
// silently when it cannot (fs.inotify.max_user_instances reached); that engine stats every watched path
// every second, so we would rather poll with whole passes at our own pace.
bool inotifyAvailable()
{
#ifdef Q_OS_LINUX
    const int fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (fd < 0)
        return false;
    ::close(fd);
    return true;
#else
    return true;
#endif
}

// File systems where inotify sees only the changes made by this machine.
QString remoteFileSystem(const QString& path)
{
#ifdef Q_OS_LINUX
    struct statfs info;
    if (::statfs(QFile::encodeName(path).constData(), &info) != 0)
        return QString();
    switch (static_cast<unsigned long>(info.f_type)) {
    case 0x6969UL:
        return QStringLiteral("NFS");
    case 0x517BUL:
    case 0xFF534D42UL:
    case 0xFE534D42UL:
        return QStringLiteral("SMB/CIFS");
    case 0x65735546UL:
        return QStringLiteral("FUSE");
    case 0x01021997UL:
        return QStringLiteral("9p");
    case 0x00C36400UL:
        return QStringLiteral("Ceph");
    default:
        return QString();
    }
#else
    Q_UNUSED(path);
    return QString();
#endif
}
// CPU time of this process (every thread: the pass runs on the worker and the writer), whatever else the
// machine runs.
qint64 processCpuMs()
{
    struct timespec now;
    if (::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) != 0)
        return 0;
    return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}
} // namespace

LiveIngestWorker::LiveIngestWorker(Config config, const std::atomic<bool>& stop)
    : m_config(std::move(config))
    , m_stop(stop)
{ }

LiveIngestWorker::~LiveIngestWorker() = default;

void LiveIngestWorker::start()
{
    const LiveIngest::Options& options = m_config.options;
    m_sources = std::make_unique<SourceSet>(m_config.sources);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(options.debounceMs);
    connect(m_debounce, &QTimer::timeout, this, [this] { runPass(m_pendingTrigger); });
    m_poll = new QTimer(this);
    m_poll->setSingleShot(true);
    connect(m_poll, &QTimer::timeout, this, [this] { runPass(IngestPass::Trigger::Poll); });
    m_feedCheck = new QTimer(this);
    m_feedCheck->setInterval(options.feedCheckIntervalMs);
    connect(m_feedCheck, &QTimer::timeout, this, &LiveIngestWorker::pollFeed);

    if (options.watch) {
        if (inotifyAvailable()) {
            m_watcher = new QFileSystemWatcher(this);
            connect(m_watcher, &QFileSystemWatcher::directoryChanged, this,
                &LiveIngestWorker::onDirectoryChanged);
            connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &LiveIngestWorker::onFileChanged);
        } else {
            setFallback(true,
                QStringLiteral("cannot create an inotify instance (fs.inotify.max_user_instances reached?)"));
        }
        for (const SourceAdapter* source : m_sources->adapters()) {
            for (const QString& root : source->roots()) {
                if (!QFileInfo::exists(root))
                    continue;
                const QString fileSystem = remoteFileSystem(root);
                if (!fileSystem.isEmpty())
                    qCInfo(lcLive,
                        "%s is on a %s file system: changes made there by other machines are seen by the "
                        "periodic pass (every %d ms), not at once",
                        qPrintable(root), qPrintable(fileSystem), options.pollIntervalMs);
            }
        }
    }

    // Watch before the first pass, so that nothing written while it runs goes unnoticed. (A store that
    // cannot be opened is reported by the pass.)
    QString error;
    ensureStore(&error);
    refreshWatches(true);
    runPass(IngestPass::Trigger::Start); // covers what the refresh scheduled
    if (options.feedCheckIntervalMs > 0)
        m_feedCheck->start();
}

void LiveIngestWorker::shutdown()
{
    // Runs after a pass in progress returned (the stop flag cut it short).
    delete m_watcher;
    m_watcher = nullptr;
    delete m_debounce;
    m_debounce = nullptr;
    delete m_poll;
    m_poll = nullptr;
    delete m_feedCheck;
    m_feedCheck = nullptr;
    m_feed.reset();
    m_feedDatabase.close();
    m_writer.reset(); // waits for the writer thread
    m_sources.reset();
}

void LiveIngestWorker::requestPass()
{
    m_fullPassPending = true;
    schedulePass(IngestPass::Trigger::Request);
}

void LiveIngestWorker::schedulePass(IngestPass::Trigger trigger)
{
    if (m_stop || !m_debounce)
        return;
    // The first notification starts the timer and later ones ride along: a pass at most debounceMs after
    // a change, however long the burst (restarting the timer on each one would postpone it forever).
    if (!m_debounce->isActive()) {
        m_pendingTrigger = trigger;
        m_debounce->start();
    }
}

bool LiveIngestWorker::ensureStore(QString* error)
{
    try {
        if (!m_writer)
            m_writer = std::make_unique<StoreWriterThread>(m_config.databasePath, m_config.prices);
        if (!m_feed) {
            // The writer created and migrated the database; the feed reads it through a connection of
            // this thread.
            m_feedDatabase.open(m_config.databasePath, Database::Mode::ReadOnly);
            ChangeFeed::Options feedOptions;
            feedOptions.maxItems = m_config.options.maxNoticeItems;
            auto feed = std::make_unique<ChangeFeed>(m_feedDatabase, feedOptions);
            feed->prime();
            m_feed = std::move(feed);
        }
        if (!m_priced) {
            const QByteArray fingerprint = m_config.priceFingerprint;
            m_repriced = fingerprint.isEmpty()
                ? 0
                : m_writer->call([fingerprint](StoreWriter& w) { return w.ensurePricedWith(fingerprint); });
            m_priced = true;
            if (m_repriced > 0)
                m_feed->markHistoryChanged();
        }
        return true;
    } catch (const StoreError& e) {
        *error = e.message();
    } catch (const std::exception& e) {
        *error = QString::fromLocal8Bit(e.what());
    }
    // A writer that failed keeps failing: the next pass starts a new one.
    m_writer.reset();
    return false;
}

void LiveIngestWorker::runPass(IngestPass::Trigger trigger)
{
    m_debounce->stop();
    if (m_stop)
        return;
    IngestPass pass;
    pass.number = ++m_passes;
    pass.trigger = trigger;
    // A notification that named only watched files is a pass over their units; anything else (new
    // directories and files, the periodic pass, a request) discovers every unit again, with a fresh
    // SourceSet so that nothing an adapter caches outlives one full pass.
    QHash<int, QStringList> units;
    for (const QString& path : std::as_const(m_changedFiles)) {
        const auto unit = m_unitOf.constFind(path);
        if (unit != m_unitOf.cend() && QFileInfo::exists(unit->first))
            units[unit->second] << unit->first;
    }
    pass.full = trigger != IngestPass::Trigger::Change || m_fullPassPending || units.isEmpty();
    m_fullPassPending = false;
    m_changedFiles.clear();
    if (pass.full)
        m_sources = std::make_unique<SourceSet>(m_config.sources);

    QElapsedTimer timer;
    timer.start();
    const qint64 cpuBefore = processCpuMs();
    QString error;
    if (ensureStore(&error)) {
        pass.repriced = std::exchange(m_repriced, 0);
        try {
            IngestEngine engine(m_config.options.engine);
            engine.setCancelFlag(&m_stop);
            pass.stats = pass.full ? engine.run(m_sources->adapters(), *m_writer)
                                   : engine.run(m_sources->adapters(), *m_writer, units);
        } catch (const StoreError& e) {
            error = e.message();
        } catch (const std::exception& e) {
            error = QString::fromLocal8Bit(e.what());
        }
        if (!error.isEmpty())
            m_writer.reset(); // its error sticks; the next pass opens a new one
    }
    pass.durationMs = timer.elapsed();
    pass.error = error;
    pass.cancelled = m_stop;
    if (!pass.cancelled) {
        pollFeed();
        // Directories: all of them at the start and on the periodic pass (roots that appeared, anything
        // notifications missed), else what notifications added. Files: after a full pass that read
        // some (new ones among them); a pass over watched files changes nothing there.
        const bool directories = trigger == IngestPass::Trigger::Start || trigger == IngestPass::Trigger::Poll
            || m_directoriesChanged;
        if (directories || (pass.full && pass.stats.filesRead > 0))
            refreshWatches(directories);
    }
    pass.cpuMs = processCpuMs() - cpuBefore;
    if (pass.full && !pass.cancelled && error.isEmpty() && pass.stats.filesRead == 0)
        m_lastFullPassCpuMs = pass.cpuMs; // what a periodic pass costs when nothing changed
    if (m_watcher) {
        pass.watchedDirectories = int(m_watcher->directories().size());
        pass.watchedFiles = int(m_watcher->files().size());
    }
    pass.pollingFallback = m_fallback;
    restartPollTimer();
    pass.pollIntervalMs = m_poll->interval();
    if (!error.isEmpty()) {
        qCWarning(lcLive, "ingest pass %lld failed: %s", pass.number, qPrintable(error));
        Q_EMIT errorOccurred(QStringLiteral("ingest pass %1 failed: %2").arg(pass.number).arg(error));
    }
    Q_EMIT passFinished(pass);
}

void LiveIngestWorker::pollFeed()
{
    if (!m_feed || m_stop)
        return;
    try {
        const ChangeNotice notice = m_feed->poll();
        m_feedError.clear();
        if (!notice.isEmpty())
            Q_EMIT changesAvailable(notice);
    } catch (const StoreError& e) {
        // The watermarks stay: the next poll reports the same changes. Said once, not every check.
        if (e.message() != m_feedError) {
            m_feedError = e.message();
            qCWarning(lcLive, "reading the changes failed: %s", qPrintable(m_feedError));
            Q_EMIT errorOccurred(QStringLiteral("reading the changes failed: %1").arg(m_feedError));
        }
    }
}

void LiveIngestWorker::onDirectoryChanged(const QString& directory)
{
    // A new subdirectory (a project, a session's subagents/, a day of Codex sessions) is watched before
    // the pass that reads it, with what is already inside it.
    if (!QFileInfo(directory).isDir()) {
        // Gone (the watch with it): forget it and what was below, so that a directory made again under
        // the same name is seen as new.
        const QString below = directory + QLatin1Char('/');
        m_directoryDepth.removeIf(
            [&](const auto& entry) { return entry.key() == directory || entry.key().startsWith(below); });
        m_fullPassPending = true;
        schedulePass(IngestPass::Trigger::Change);
        return;
    }
    const auto depth = m_directoryDepth.constFind(directory);
    if (depth != m_directoryDepth.cend() && *depth < m_config.options.directoryDepth) {
        const int childDepth = *depth + 1;
        QList<std::pair<QString, int>> found;
        const QStringList children
            = QDir(directory).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks, QDir::Unsorted);
        for (const QString& name : children) {
            const QString child = directory + QLatin1Char('/') + name;
            if (!m_directoryDepth.contains(child))
                scanTree(child, childDepth, found);
        }
        if (!found.isEmpty()) {
            watchDirectories(found);
            m_directoriesChanged = true;
        }
    }
    m_fullPassPending = true; // a file appeared, vanished or was renamed: discover again
    schedulePass(IngestPass::Trigger::Change);
}

void LiveIngestWorker::onFileChanged(const QString& path)
{
    if (m_unitOf.contains(path))
        m_changedFiles.insert(path);
    else
        m_fullPassPending = true;
    schedulePass(IngestPass::Trigger::Change);
}

void LiveIngestWorker::scanTree(
    const QString& directory, int depth, QList<std::pair<QString, int>>& out) const
{
    std::deque<std::pair<QString, int>> queue { { directory, depth } };
    while (!queue.empty()) {
        auto [dir, level] = std::move(queue.front());
        queue.pop_front();
        if (level < m_config.options.directoryDepth) {
            // Hidden directories (.git, .tmp) and links (loops, and trees that are not the agent's) are
            // left out.
            const QStringList children
                = QDir(dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks, QDir::Name);
            for (const QString& name : children)
                queue.emplace_back(dir + QLatin1Char('/') + name, level + 1);
        }
        out.append({ std::move(dir), level });
    }
}

void LiveIngestWorker::watchDirectories(const QList<std::pair<QString, int>>& directories)
{
    QStringList add;
    for (const auto& [dir, depth] : directories) {
        if (m_directoryDepth.contains(dir))
            continue;
        if (m_directoryDepth.size() + add.size() >= m_config.options.maxWatchedDirectories) {
            setFallback(true,
                QStringLiteral("more than %1 directories to watch")
                    .arg(m_config.options.maxWatchedDirectories));
            break;
        }
        m_directoryDepth.insert(dir, depth);
        add << dir;
    }
    if (add.isEmpty())
        return;
    const QStringList failed = m_watcher->addPaths(add);
    for (const QString& dir : failed) {
        m_directoryDepth.remove(dir);
        if (QFileInfo(dir).isDir())
            setFallback(
                true, QStringLiteral("cannot watch %1 (fs.inotify.max_user_watches reached?)").arg(dir));
    }
}

QHash<QString, std::pair<QString, int>> LiveIngestWorker::recentFiles()
{
    // Every database unit (its -wal takes the writes until a checkpoint), and the most recently modified
    // other units, which are where appends happen.
    QHash<QString, std::pair<QString, int>> files; // watched path -> (unit, source id)
    if (!m_feedDatabase.isOpen())
        return files; // the store could not be opened: the directories are watched all the same
    QHash<int, const SourceAdapter*> byId;
    for (const SourceAdapter* source : m_sources->adapters())
        byId.insert(source->sourceId(), source);
    SqliteStatement q
        = m_feedDatabase.prepare("SELECT path, source_id FROM source_files ORDER BY mtime_ns DESC");
    int logs = 0;
    while (q.step()) {
        const int sourceId = int(q.int64(1));
        const SourceAdapter* source = byId.value(sourceId);
        if (!source)
            continue;
        const QString path = q.text(0);
        if (source->kindOf(path) == SourceAdapter::UnitKind::Database) {
            files.insert(path, { path, sourceId });
            files.insert(path + QLatin1String("-wal"), { path, sourceId });
        } else if (logs < m_config.options.maxWatchedFiles && !LineReader::isCompressed(path)) {
            files.insert(path, { path, sourceId }); // a .zst archive is written once
            ++logs;
        }
    }
    return files;
}

void LiveIngestWorker::refreshWatches(bool full)
{
    if (!m_watcher)
        return;
    bool addedDirectories = false;
    QStringList addedFiles;
    bool fallback = false;
    QString reason;
    if (full) {
        QList<std::pair<QString, int>> directories;
        for (const SourceAdapter* source : m_sources->adapters()) {
            for (const QString& root : source->roots()) {
                const QFileInfo info(root);
                if (info.isDir())
                    scanTree(QDir::cleanPath(info.absoluteFilePath()), 0, directories);
                else if (info.isFile()) // a database named directly
                    directories.append({ info.absolutePath(), m_config.options.directoryDepth });
            }
        }
        QHash<QString, int> wanted;
        for (const auto& [dir, depth] : std::as_const(directories)) {
            if (wanted.contains(dir))
                continue;
            if (wanted.size() >= m_config.options.maxWatchedDirectories) {
                fallback = true;
                reason = QStringLiteral("more than %1 directories to watch")
                             .arg(m_config.options.maxWatchedDirectories);
                break;
            }
            wanted.insert(dir, depth);
        }
        // Against what the watcher has (it drops a directory that was deleted by itself).
        const QStringList watched = m_watcher->directories();
        QStringList remove;
        for (const QString& dir : watched)
            if (!wanted.contains(dir))
                remove << dir;
        if (!remove.isEmpty())
            m_watcher->removePaths(remove);
        const QSet<QString> current(watched.cbegin(), watched.cend());
        QStringList add;
        for (auto it = wanted.cbegin(); it != wanted.cend(); ++it)
            if (!current.contains(it.key()))
                add << it.key();
        m_directoryDepth = wanted;
        if (!add.isEmpty()) {
            addedDirectories = true;
            for (const QString& dir : m_watcher->addPaths(add)) {
                m_directoryDepth.remove(dir);
                if (QFileInfo(dir).isDir()) {
                    fallback = true;
                    reason
                        = QStringLiteral("cannot watch %1 (fs.inotify.max_user_watches reached?)").arg(dir);
                }
            }
        }
    }
    m_directoriesChanged = false;

    // Files: a watch on a file reports appends, which a directory watch does not (Qt's inotify engine
    // watches directories for IN_CREATE, IN_DELETE, IN_MOVE and IN_ATTRIB only).
    m_unitOf = recentFiles();
    const QStringList watched = m_watcher->files();
    QStringList remove;
    for (const QString& path : watched)
        if (!m_unitOf.contains(path))
            remove << path;
    if (!remove.isEmpty())
        m_watcher->removePaths(remove);
    const QSet<QString> current(watched.cbegin(), watched.cend());
    QStringList add;
    for (auto it = m_unitOf.cbegin(); it != m_unitOf.cend(); ++it)
        if (!current.contains(it.key()) && QFileInfo::exists(it.key()))
            add << it.key();
    if (!add.isEmpty()) {
        const QStringList failed = m_watcher->addPaths(add);
        const QSet<QString> notAdded(failed.cbegin(), failed.cend());
        for (const QString& path : std::as_const(add)) {
            if (!notAdded.contains(path))
                addedFiles << path;
            else if (QFileInfo::exists(path)) {
                fallback = true;
                reason = QStringLiteral("cannot watch %1 (fs.inotify.max_user_watches reached?)").arg(path);
            }
        }
    }
    if (full || fallback)
        setFallback(fallback, reason);

    // A path watched only now may have changed between the pass's look at it and the watch: one more
    // pass looks again (at the new files only, unless there are new directories).
    if (addedDirectories || !addedFiles.isEmpty()) {
        m_fullPassPending = m_fullPassPending || addedDirectories;
        for (const QString& path : std::as_const(addedFiles))
            m_changedFiles.insert(path);
        schedulePass(IngestPass::Trigger::Change);
    }
}

void LiveIngestWorker::setFallback(bool fallback, const QString& reason)
{
    if (fallback == m_fallback)
        return;
    m_fallback = fallback;
    if (fallback) {
        const QString message = QStringLiteral("watching is incomplete (%1): polling every %2 ms instead")
                                    .arg(reason)
                                    .arg(m_config.options.fallbackPollIntervalMs);
        qCWarning(lcLive, "%s", qPrintable(message));
        Q_EMIT errorOccurred(message);
    } else {
        qCInfo(lcLive, "watching is complete again: polling every %d ms", m_config.options.pollIntervalMs);
    }
    if (m_poll && m_poll->isActive())
        restartPollTimer();
}

void LiveIngestWorker::restartPollTimer()
{
    const LiveIngest::Options& options = m_config.options;
    if (!options.watch) {
        m_poll->start(options.pollIntervalMs); // polling is all there is: as asked
        return;
    }
    if (m_fallback || !m_watcher) {
        m_poll->start(options.fallbackPollIntervalMs);
        return;
    }
    // While watching works the periodic pass is a safety net: spaced so that it takes at most 0.5% of a
    // core however large the archive (a full pass costs a stat per unit and a listing per directory).
    // CPU time, not wall time: a machine busy with other work must not stretch it.
    const qint64 spaced = std::max<qint64>(options.pollIntervalMs, m_lastFullPassCpuMs * 200);
    m_poll->start(int(std::min<qint64>(spaced, std::numeric_limits<int>::max())));
}

// SPDX-License-Identifier: MIT
#include "filesyncer.h"

#include <cstdlib>
#include <pthread.h>
#include <QFile>
#include <sqlite3.h>

FileSyncer::FileSyncer(const QString& path)
    : m_name(QFile::encodeName(path))
    , m_vfs(sqlite3_vfs_find(nullptr))
{
    if (!m_vfs)
        return;
    auto* file = static_cast<sqlite3_file*>(std::calloc(1, size_t(m_vfs->szOsFile)));
    if (!file)
        return;
    int opened = 0;
    if (m_vfs->xOpen(m_vfs, m_name.constData(), file, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &opened)
        != SQLITE_OK) {
        if (file->pMethods)
            file->pMethods->xClose(file);
        std::free(file);
        return;
    }
    m_file = file;
    m_thread = std::thread(&FileSyncer::run, this);
}

FileSyncer::~FileSyncer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
    if (m_file) {
        m_file->pMethods->xClose(m_file);
        std::free(m_file);
    }
}

void FileSyncer::request()
{
    if (!m_file)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_requested = true;
    }
    m_wake.notify_one();
}

std::int64_t FileSyncer::syncsDone() const
{
    std::lock_guard lock(m_mutex);
    return m_done;
}

void FileSyncer::run()
{
    pthread_setname_np(pthread_self(), "am-sync");
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_requested || m_stopping; });
        if (m_stopping)
            return; // what is left is the final sync's, which the caller makes anyway
        m_requested = false;
        lock.unlock();
        // An error is not reported here: the same pages are synced again, with errors checked, when the
        // load ends (Linux reports a writeback error to every descriptor open on the file at the time).
        m_file->pMethods->xSync(m_file, SQLITE_SYNC_NORMAL | SQLITE_SYNC_DATAONLY);
        lock.lock();
        ++m_done;
    }
}

// SPDX-License-Identifier: MIT
#include "filesyncer.h"

#include <fcntl.h>
#include <pthread.h>
#include <QFile>
#include <unistd.h>

FileSyncer::FileSyncer(const QString& path)
{
    m_fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (m_fd >= 0)
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
    if (m_fd >= 0)
        ::close(m_fd);
}

void FileSyncer::request()
{
    if (m_fd < 0)
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
        // load ends (Linux reports a writeback error to every descriptor open on the file).
        ::fdatasync(m_fd);
        lock.lock();
        ++m_done;
    }
}

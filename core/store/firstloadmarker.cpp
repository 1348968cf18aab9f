// SPDX-License-Identifier: MIT
#include "firstloadmarker.h"

#include <fcntl.h>
#include <QFile>
#include <QFileInfo>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
// Locks fd without waiting, and checks that the path still names the file locked: a process that
// removed the marker in between (a load that finished, or another discard) leaves a stale inode.
bool lockCurrent(int fd, const QByteArray& path)
{
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0)
        return false;
    struct stat opened
    {
    };
    struct stat named
    {
    };
    return ::fstat(fd, &opened) == 0 && ::stat(path.constData(), &named) == 0 && opened.st_dev == named.st_dev
        && opened.st_ino == named.st_ino;
}

// The marker at path, opened and locked, when it exists and no process holds it; else -1 (no marker,
// the usual case; a load under way in another process; or the marker just went).
int lockUnheld(const QByteArray& path)
{
    const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0 && !lockCurrent(fd, path)) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// So that after a power loss the marker exists whenever a page of the load might have been written.
void syncDirectory(const QString& path)
{
    const int dir = ::open(
        QFile::encodeName(QFileInfo(path).absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

// SQLite keeps a store's journal and WAL beside the file a symbolic link names; so does the marker.
QString resolved(const QString& databasePath)
{
    const QString target = QFileInfo(databasePath).canonicalFilePath();
    return target.isEmpty() ? databasePath : target;
}
} // namespace

FirstLoadMarker::FirstLoadMarker(const QString& databasePath)
    : m_path(pathFor(databasePath))
{ }

FirstLoadMarker::~FirstLoadMarker()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

QString FirstLoadMarker::pathFor(const QString& databasePath)
{
    return resolved(databasePath) + QStringLiteral("-firstload");
}

bool FirstLoadMarker::acquire()
{
    if (m_fd >= 0)
        return true;
    // Created under another name, locked and synced, then linked into place: the marker never exists
    // unlocked while its load lives, so no other open can take it for an unfinished one. link() also
    // refuses to replace a marker that another process holds.
    const QByteArray path = QFile::encodeName(m_path);
    const QByteArray staging = path + '.' + QByteArray::number(qint64(::getpid()));
    const int fd = ::open(staging.constData(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return false;
    const bool linked = ::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::fsync(fd) == 0
        && ::link(staging.constData(), path.constData()) == 0;
    ::unlink(staging.constData());
    if (!linked) {
        ::close(fd);
        return false;
    }
    syncDirectory(m_path);
    m_fd = fd;
    return true;
}

void FirstLoadMarker::release()
{
    if (m_fd < 0)
        return;
    // Removed while still locked, so that no other process takes it for an unfinished load.
    ::unlink(QFile::encodeName(m_path).constData());
    ::close(m_fd);
    m_fd = -1;
}

bool FirstLoadMarker::isUnfinished(const QString& databasePath)
{
    const int fd = lockUnheld(QFile::encodeName(pathFor(databasePath)));
    if (fd >= 0)
        ::close(fd);
    return fd >= 0;
}

bool FirstLoadMarker::discardUnfinished(const QString& databasePath)
{
    const QByteArray path = QFile::encodeName(pathFor(databasePath));
    const int fd = lockUnheld(path);
    if (fd < 0)
        return false;
    const QString store = resolved(databasePath);
    for (const char* suffix : { "", "-journal", "-wal", "-shm" })
        QFile::remove(store + QLatin1String(suffix));
    ::unlink(path.constData());
    ::close(fd);
    return true;
}

// SPDX-License-Identifier: MIT
#include "filestatter.h"

#include <QFile>
#include <fcntl.h>
#include <unistd.h>

FileStatter::~FileStatter()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool FileStatter::stat(const QString& path, struct stat* info)
{
    return stat(QFile::encodeName(path), info);
}

bool FileStatter::stat(const QByteArray& encoded, struct stat* info)
{
    const qsizetype slash = encoded.lastIndexOf('/');
    if (slash <= 0 || slash == encoded.size() - 1) // relative, in /, or naming a directory ("d/")
        return ::stat(encoded.constData(), info) == 0;
    const QByteArrayView directory(encoded.constData(), slash);
    if (m_fd < 0 || directory != m_directory) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_directory = directory.toByteArray();
        m_fd = ::open(m_directory.constData(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    }
    if (m_fd < 0)
        return ::stat(encoded.constData(), info) == 0; // lets stat report why
    return ::fstatat(m_fd, encoded.constData() + slash + 1, info, 0) == 0;
}

// SPDX-License-Identifier: MIT
#pragma once

#include "domain/filecursor.h"

#include <QByteArray>
#include <QString>
#include <sys/stat.h>

// stat() for many files in path order. The files of one directory are looked up relative to an open
// descriptor of it, so the kernel resolves the directory's path once instead of once per file: on a
// run over 23,000 unchanged rollouts that walk was most of the time spent in stat (fstatat with the
// directory open took 0.04 s where stat of each full path took 0.07 s).
// One difference from ::stat: a directory replaced while its files are being stat'ed (renamed away and
// made again) is still the old one for the files that follow, as if the stat had run just before the
// replacement; a path in another directory opens that one afresh.
class FileStatter
{
public:
    FileStatter() = default;
    ~FileStatter();
    FileStatter(const FileStatter&) = delete;
    FileStatter& operator=(const FileStatter&) = delete;

    // As ::stat(path) (links followed); false when it fails.
    bool stat(const QString& path, struct stat* info);
    // The same for a path already encoded (QFile::encodeName).
    bool stat(const QByteArray& encodedPath, struct stat* info);

    // What a stat result says of whether the file changed: identity, size and modification time.
    static FileStamp stampOf(const struct stat& info)
    {
        return { qint64(info.st_dev), qint64(info.st_ino), qint64(info.st_size),
            qint64(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec };
    }

private:
    QByteArray m_directory; // the directory m_fd is open on
    int m_fd = -1;
};

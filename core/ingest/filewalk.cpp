// SPDX-License-Identifier: MIT
#include "filewalk.h"

#include <QFile>
#include <algorithm>
#include <dirent.h>
#include <sys/stat.h>

namespace {
bool walk(std::string& path, const FileWalk::Visitor& visit)
{
    DIR* dir = opendir(path.c_str());
    if (!dir)
        return true; // unreadable or gone: QDirIterator skips it too
    const size_t base = path.size();
    bool more = true;
    while (more) {
        const dirent* entry = readdir(dir);
        if (!entry)
            break;
        const std::string_view name(entry->d_name);
        if (name == "." || name == "..")
            continue;
        path.resize(base);
        path += '/';
        path += name;
        switch (FileWalk::kindOf(path.c_str(), entry->d_type)) {
        case FileWalk::Kind::File:
            more = visit(path, std::string_view(path).substr(base + 1));
            break;
        case FileWalk::Kind::Directory:
            more = walk(path, visit);
            break;
        case FileWalk::Kind::Other:
            break;
        }
    }
    path.resize(base);
    closedir(dir);
    return more;
}
} // namespace

FileWalk::Kind FileWalk::kindOf(const char* path, unsigned char direntType)
{
    switch (direntType) {
    case DT_REG:
        return Kind::File;
    case DT_DIR:
        return Kind::Directory;
    case DT_LNK:
    case DT_UNKNOWN:
        break;
    default:
        return Kind::Other; // fifos, sockets, devices
    }
    struct stat info;
    // A file system that reports no types (some NFS, FUSE, XFS without ftype) needs lstat to tell a
    // link from what it points to: a link to a directory is not followed, one to a file is a file.
    if (direntType == DT_UNKNOWN) {
        if (lstat(path, &info) != 0)
            return Kind::Other;
        if (S_ISDIR(info.st_mode))
            return Kind::Directory;
        if (!S_ISLNK(info.st_mode))
            return S_ISREG(info.st_mode) ? Kind::File : Kind::Other;
    }
    if (stat(path, &info) != 0)
        return Kind::Other; // a dangling link is no file
    return S_ISREG(info.st_mode) ? Kind::File : Kind::Other;
}

void FileWalk::visit(const QString& root, const Visitor& visit)
{
    std::string path = QFile::encodeName(root).toStdString();
    if (path.size() > 1 && path.back() == '/')
        path.pop_back(); // as QDirIterator: one trailing slash dropped, and only one ("root/" lists "root/x")
    walk(path, visit);
}

bool FileWalk::anyFile(const QString& root, const std::function<bool(std::string_view name)>& accept)
{
    bool found = false;
    visit(root, [&](const std::string&, std::string_view name) {
        found = accept(name);
        return !found;
    });
    return found;
}

QStringList FileWalk::sorted(std::vector<std::string> paths)
{
    return sorted(std::vector<std::string_view>(paths.begin(), paths.end()));
}

QStringList FileWalk::sorted(std::vector<std::string_view> paths)
{
    std::sort(paths.begin(), paths.end());
    QStringList list;
    list.reserve(qsizetype(paths.size()));
    for (const std::string_view path : paths)
        list << QFile::decodeName(QByteArray::fromRawData(path.data(), qsizetype(path.size())));
    return list;
}

bool FileWalk::hasSuffix(std::string_view name, std::string_view suffix)
{
    if (name.size() < suffix.size())
        return false;
    const std::string_view tail = name.substr(name.size() - suffix.size());
    return std::equal(tail.begin(), tail.end(), suffix.begin(), [](char a, char b) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
        return lower(a) == lower(b);
    });
}

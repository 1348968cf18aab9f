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
        unsigned char type = entry->d_type;
        if (type == DT_LNK || type == DT_UNKNOWN) {
            struct stat info;
            if (type == DT_UNKNOWN ? lstat(path.c_str(), &info) != 0 : stat(path.c_str(), &info) != 0)
                continue; // a dangling link is no file
            if (S_ISREG(info.st_mode))
                type = DT_REG;
            else if (S_ISDIR(info.st_mode) && entry->d_type == DT_UNKNOWN)
                type = DT_DIR; // a real directory; a link to one is not followed
            else
                continue;
        }
        if (type == DT_REG)
            more = visit(path, std::string_view(path).substr(base + 1));
        else if (type == DT_DIR)
            more = walk(path, visit);
    }
    path.resize(base);
    closedir(dir);
    return more;
}
} // namespace

void FileWalk::visit(const QString& root, const Visitor& visit)
{
    std::string path = QFile::encodeName(root).toStdString();
    if (path.size() > 1 && path.back() == '/')
        path.pop_back(); // as QDirIterator: one trailing slash dropped, and only one ("root/" lists "root/x")
    walk(path, visit);
}

QStringList FileWalk::sorted(std::vector<std::string> paths)
{
    std::sort(paths.begin(), paths.end());
    QStringList list;
    list.reserve(qsizetype(paths.size()));
    for (const std::string& path : paths)
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

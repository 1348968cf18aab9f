// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

// The files under a directory tree, for discovery runs that list tens of thousands of logs and usually
// find nothing new. QDirIterator builds a QFileInfo and several QStrings per entry, which made discovery
// a third of a warm Codex run; this walk reads each directory with readdir, trusts the entry type it
// gives (a stat only for links and file systems that report no type) and keeps paths as bytes.
// It lists what QDirIterator(QDir::Files | QDir::Hidden, QDirIterator::Subdirectories) lists: hidden
// entries included, links to files listed, links to directories not followed.
class FileWalk
{
public:
    // Calls visit(path, name) for every file under root, in directory order, until it returns false.
    // path is root in the local encoding, '/', and the relative path; name is its last component.
    using Visitor = std::function<bool(const std::string& path, std::string_view name)>;
    static void visit(const QString& root, const Visitor& visit);
    // Whether some file under root has a name that accept() takes; the walk stops at the first.
    static bool anyFile(const QString& root, const std::function<bool(std::string_view name)>& accept);

    // The paths sorted by their bytes and decoded (QFile::decodeName).
    static QStringList sorted(std::vector<std::string> paths);
    static QStringList sorted(std::vector<std::string_view> paths);

    // name ends with suffix, ASCII letters compared case-insensitively (as QDir's name filters do).
    static bool hasSuffix(std::string_view name, std::string_view suffix);

    // What an entry is, from readdir's d_type, or from lstat and stat when that is a link or unknown.
    enum class Kind
    {
        File, // a regular file, or a link to one
        Directory, // a real directory (a link to one is Other: not followed)
        Other
    };
    static Kind kindOf(const char* path, unsigned char direntType);
};

// SPDX-License-Identifier: MIT
#include "opencodesource.h"

#include "opencodedatabasereader.h"
#include "opencodelegacyparser.h"
#include "rootpaths.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QSet>

namespace {
using RootPaths::absolute;
using RootPaths::homeDirectory;
using RootPaths::splitList;

bool isDatabaseRoot(const QString& root)
{
    return root.endsWith(QLatin1String(".db")) || QFileInfo(root).isFile();
}

bool isStorageRoot(const QString& root)
{
    return QFileInfo(root).fileName() == QLatin1String("storage");
}

// OpenCode's databases in a data directory: opencode.db and one per release channel.
QStringList databasesIn(const QString& dir)
{
    QStringList found;
    const QDir data(dir);
    if (QFileInfo(data.filePath(QStringLiteral("opencode.db"))).isFile())
        found << data.filePath(QStringLiteral("opencode.db"));
    for (const QString& name :
        data.entryList({ QStringLiteral("opencode-*.db") }, QDir::Files | QDir::Hidden, QDir::Name))
        found << data.filePath(name);
    return found;
}

// Legacy session and message files; part files are read with their message.
void legacyFilesIn(const QString& storage, QStringList& files)
{
    for (const char* kind : { "session", "message" }) {
        QDirIterator it(QDir(storage).filePath(QLatin1String(kind)), { QStringLiteral("*.json") },
            QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (OpenCodeLegacyParser::pathInfo(path).kind != OpenCodeLegacyParser::PathInfo::Kind::None)
                files << path;
        }
    }
}
} // namespace

OpenCodeSource::OpenCodeSource(QStringList explicitRoots, SourceOptions options)
    : m_roots(resolveRoots(explicitRoots))
    , m_options(options)
{ }

QStringList OpenCodeSource::resolveRoots(const QStringList& explicitRoots)
{
    QStringList roots;
    for (const QString& root : explicitRoots)
        roots << splitList(root);
    if (roots.isEmpty()) {
        QStringList dataDirs = splitList(qEnvironmentVariable("OPENCODE_DATA_DIR"));
        if (dataDirs.isEmpty()) {
            QString xdg = qEnvironmentVariable("XDG_DATA_HOME");
            if (xdg.isEmpty())
                xdg = homeDirectory() + QLatin1String("/.local/share");
            dataDirs << absolute(xdg + QLatin1String("/opencode"));
        }
        const QString database = qEnvironmentVariable("OPENCODE_DB").trimmed();
        if (database.isEmpty()) {
            roots = dataDirs;
        } else {
            // OpenCode reads only this database; the data directory's legacy storage/ remains.
            roots << (QDir::isAbsolutePath(database) ? absolute(database)
                                                     : absolute(QDir(dataDirs.front()).filePath(database)));
            for (const QString& dir : dataDirs)
                roots << dir + QLatin1String("/storage");
        }
    }
    roots.removeDuplicates();
    return roots;
}

QStringList OpenCodeSource::databases() const
{
    QStringList found;
    for (const QString& root : m_roots) {
        if (isDatabaseRoot(root)) {
            if (QFileInfo(root).isFile())
                found << root;
        } else if (!isStorageRoot(root)) {
            found << databasesIn(root);
        }
    }
    found.removeDuplicates();
    return found;
}

QStringList OpenCodeSource::discoverFiles() const
{
    QStringList files = databases();
    QSet<QString> seen;
    for (const QString& root : m_roots) {
        if (isDatabaseRoot(root))
            continue;
        const QString storage = isStorageRoot(root) ? root : root + QLatin1String("/storage");
        const QFileInfo info(storage);
        if (!info.isDir() || seen.contains(info.canonicalFilePath()))
            continue;
        seen.insert(info.canonicalFilePath());
        legacyFilesIn(storage, files);
    }
    files.removeDuplicates();
    files.sort();
    return files;
}

bool OpenCodeSource::hasFiles() const
{
    if (!databases().isEmpty())
        return true;
    for (const QString& root : m_roots) {
        if (isDatabaseRoot(root))
            continue;
        const QString storage = isStorageRoot(root) ? root : root + QLatin1String("/storage");
        QDirIterator it(QDir(storage).filePath(QStringLiteral("message")), { QStringLiteral("*.json") },
            QDir::Files, QDirIterator::Subdirectories);
        if (it.hasNext())
            return true;
    }
    return false;
}

SourceAdapter::UnitKind OpenCodeSource::kindOf(const QString& path) const
{
    return path.endsWith(QLatin1String(".db")) ? UnitKind::Database : UnitKind::Document;
}

std::unique_ptr<LineParser> OpenCodeSource::createParser(const QString& path, const QByteArray& state) const
{
    Q_UNUSED(state); // a legacy file is re-read whole
    return std::make_unique<OpenCodeLegacyParser>(
        path, databases(), OpenCodeMessageParser::Options { m_options.storeContent });
}

std::unique_ptr<DatabaseReader> OpenCodeSource::createDatabaseReader(const QString& path) const
{
    return std::make_unique<OpenCodeDatabaseReader>(
        path, OpenCodeMessageParser::Options { m_options.storeContent });
}

// SPDX-License-Identifier: MIT
#include "codexsource.h"

#include "codexfileparser.h"
#include "codexsessionindexparser.h"
#include "codexstatereader.h"
#include "rootpaths.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <algorithm>

namespace {
using RootPaths::homeDirectory;
using RootPaths::splitList;

const QLatin1String kStateDb("state_5.sqlite");
const QLatin1String kSessionIndex("session_index.jsonl");

bool isRolloutName(const QString& name)
{
    return name.startsWith(QLatin1String("rollout-"))
        && (name.endsWith(QLatin1String(".jsonl")) || name.endsWith(QLatin1String(".jsonl.zst")));
}

// The state database of a root: CODEX_SQLITE_HOME moves it (formats.md §3.1).
QStringList stateDatabases(const QStringList& roots)
{
    QStringList databases;
    const QString sqliteHome = qEnvironmentVariable("CODEX_SQLITE_HOME");
    if (!sqliteHome.isEmpty())
        databases << QDir::cleanPath(sqliteHome) + QLatin1Char('/') + kStateDb;
    for (const QString& root : roots)
        databases << root + QLatin1Char('/') + kStateDb;
    databases.removeDuplicates();
    return databases;
}
} // namespace

CodexSource::CodexSource(QStringList explicitRoots, SourceOptions options)
    : m_roots(resolveRoots(explicitRoots))
    , m_options(options)
{ }

CodexSource::~CodexSource() = default;

QStringList CodexSource::resolveRoots(const QStringList& explicitRoots)
{
    QStringList roots;
    for (const QString& root : explicitRoots)
        roots << splitList(root);
    if (roots.isEmpty())
        roots = splitList(qEnvironmentVariable("CODEX_HOME"));
    if (roots.isEmpty())
        roots << homeDirectory() + QLatin1String("/.codex");
    roots.removeDuplicates();
    return roots;
}

QStringList CodexSource::rollouts() const
{
    // Per root, one copy of each rollout (formats.md §3.1): the sessions/ copy over an archived one of
    // the same name, and a plain file over its .zst sibling. Rank: 0 plain in sessions/, 1 zstd in
    // sessions/, 2 plain archived, 3 zstd archived.
    QStringList files;
    QSet<QString> seenRoots;
    for (const QString& root : m_roots) {
        const QFileInfo info(root);
        if (!info.isDir() || seenRoots.contains(info.canonicalFilePath()))
            continue;
        seenRoots.insert(info.canonicalFilePath());
        QHash<QString, std::pair<int, QString>> best; // plain file name -> (rank, path)
        const QString folders[] = { QStringLiteral("sessions"), QStringLiteral("archived_sessions") };
        for (int folder = 0; folder < 2; ++folder) {
            QDirIterator it(root + QLatin1Char('/') + folders[folder], QDir::Files | QDir::Hidden,
                QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                QString name = it.fileName();
                if (!isRolloutName(name))
                    continue;
                const bool compressed = name.endsWith(QLatin1String(".zst"));
                if (compressed)
                    name.chop(4);
                const int rank = folder * 2 + (compressed ? 1 : 0);
                auto found = best.find(name);
                if (found == best.end())
                    best.insert(name, { rank, path });
                else if (rank < found->first || (rank == found->first && path < found->second))
                    *found = { rank, path };
            }
        }
        for (const auto& entry : std::as_const(best))
            files << entry.second;
    }
    files.sort();
    return files;
}

QStringList CodexSource::discoverFiles() const
{
    QStringList files = rollouts();
    QHash<QByteArray, QString> byThread;
    for (const QString& path : std::as_const(files)) {
        const QByteArray id = CodexFileParser::threadIdFromPath(path);
        if (!id.isEmpty())
            byThread.insert(id, path);
    }
    if (!m_index)
        m_index = std::make_unique<CodexRolloutIndex>();
    m_index->setRollouts(std::move(byThread));
    QStringList extra;
    for (const QString& root : m_roots) {
        const QString sessionIndex = root + QLatin1Char('/') + kSessionIndex;
        if (QFileInfo(sessionIndex).isFile())
            extra << sessionIndex;
    }
    for (const QString& database : stateDatabases(m_roots))
        if (QFileInfo(database).isFile())
            extra << database;
    extra.sort();
    // The rollouts are sorted already: merge the few others in rather than sort tens of thousands of
    // paths a second time.
    const qsizetype middle = files.size();
    files << extra;
    std::inplace_merge(files.begin(), files.begin() + middle, files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

bool CodexSource::hasFiles() const
{
    for (const QString& root : m_roots) {
        for (const char* folder : { "/sessions", "/archived_sessions" }) {
            QDirIterator it(
                root + QLatin1String(folder), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                it.next();
                if (isRolloutName(it.fileName()))
                    return true;
            }
        }
    }
    return false;
}

SourceAdapter::UnitKind CodexSource::kindOf(const QString& path) const
{
    return path.endsWith(QLatin1String(".sqlite")) ? UnitKind::Database : UnitKind::Lines;
}

CodexRolloutIndex& CodexSource::index() const
{
    if (!m_index)
        discoverFiles();
    return *m_index;
}

std::unique_ptr<LineParser> CodexSource::createParser(const QString& path, const QByteArray& state) const
{
    CodexRolloutIndex* rollouts = &index();
    if (QFileInfo(path).fileName() == kSessionIndex) {
        return std::make_unique<CodexSessionIndexParser>(
            [rollouts](const QByteArray& threadId) { return rollouts->contains(threadId); });
    }
    CodexFileParser::Options options;
    options.storeContent = m_options.storeContent;
    return std::make_unique<CodexFileParser>(
        path, state, options, [rollouts](const QByteArray& parentId, qint64 untilMs) {
            return rollouts->totals(parentId, untilMs);
        });
}

std::unique_ptr<DatabaseReader> CodexSource::createDatabaseReader(const QString& path) const
{
    CodexRolloutIndex* rollouts = &index();
    return std::make_unique<CodexStateReader>(
        path, [rollouts](const QByteArray& threadId) { return rollouts->contains(threadId); });
}

// SPDX-License-Identifier: MIT
#include "codexsource.h"

#include "codexfileparser.h"
#include "codexsessionindexparser.h"
#include "codexstatereader.h"
#include "filewalk.h"
#include "rootpaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <algorithm>
#include <unordered_map>

namespace {
using RootPaths::homeDirectory;
using RootPaths::splitList;

const QLatin1String kStateDb("state_5.sqlite");
const QLatin1String kSessionIndex("session_index.jsonl");

bool isRolloutName(std::string_view name)
{
    return name.starts_with("rollout-") && (name.ends_with(".jsonl") || name.ends_with(".jsonl.zst"));
}

constexpr const char* kRolloutFolders[] = { "/sessions", "/archived_sessions" };

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
    // sessions/, 2 plain archived, 3 zstd archived. The paths are kept back to back in one buffer and
    // the best copy of each name found through a table of views into it: on 23,000 rollouts a string
    // per path, a map node per name and a sort by name took as long as reading the directories.
    struct Candidate
    {
        size_t offset; // of the path in the arena
        size_t length;
        size_t nameStart; // where the file name begins in the path
        size_t nameLength; // without ".zst"
        int rank;
    };
    std::string arena;
    std::vector<Candidate> chosen;
    // Views are taken only once the arena has stopped growing (per root, and at the end).
    auto pathOf = [&arena](const Candidate& c) { return std::string_view(arena).substr(c.offset, c.length); };
    QSet<QString> seenRoots;
    for (const QString& root : m_roots) {
        const QFileInfo info(root);
        if (!info.isDir() || seenRoots.contains(info.canonicalFilePath()))
            continue;
        seenRoots.insert(info.canonicalFilePath());
        std::vector<Candidate> candidates;
        for (int folder = 0; folder < 2; ++folder) {
            FileWalk::visit(root + QLatin1String(kRolloutFolders[folder]),
                [&arena, &candidates, folder](const std::string& path, std::string_view name) {
                    if (!isRolloutName(name))
                        return true;
                    const bool compressed = name.ends_with(".zst");
                    candidates.push_back({ arena.size(), path.size(), path.size() - name.size(),
                        name.size() - (compressed ? 4 : 0), folder * 2 + (compressed ? 1 : 0) });
                    arena += path;
                    return true;
                });
        }
        auto nameOf = [&](const Candidate& c) { return pathOf(c).substr(c.nameStart, c.nameLength); };
        std::unordered_map<std::string_view, size_t> best; // name -> candidate
        best.reserve(candidates.size());
        for (size_t i = 0; i < candidates.size(); ++i) {
            const auto [found, inserted] = best.try_emplace(nameOf(candidates[i]), i);
            if (inserted)
                continue;
            const Candidate& kept = candidates[found->second];
            const Candidate& other = candidates[i];
            if (other.rank < kept.rank || (other.rank == kept.rank && pathOf(other) < pathOf(kept)))
                found->second = i;
        }
        for (const auto& entry : best)
            chosen.push_back(candidates[entry.second]);
    }
    std::vector<std::string_view> paths;
    paths.reserve(chosen.size());
    for (const Candidate& c : chosen)
        paths.push_back(pathOf(c));
    return FileWalk::sorted(std::move(paths));
}

QStringList CodexSource::discoverFiles() const
{
    QStringList files = rollouts();
    QStringList extra;
    for (const QString& root : m_roots) {
        const QString sessionIndex = root + QLatin1Char('/') + kSessionIndex;
        if (QFileInfo(sessionIndex).isFile())
            extra << sessionIndex;
    }
    for (const QString& database : stateDatabases(m_roots))
        if (QFileInfo(database).isFile())
            extra << database;
    // The rollouts are sorted already: the few other files are inserted where they sort rather than
    // merged or sorted with tens of thousands of paths.
    for (const QString& path : std::as_const(extra)) {
        const auto at = std::lower_bound(files.cbegin(), files.cend(), path);
        if (at == files.cend() || *at != path)
            files.insert(at - files.cbegin(), path);
    }
    if (!m_index)
        m_index = std::make_unique<CodexRolloutIndex>();
    m_index->setRollouts(files); // shared, not copied; it skips the files that are no rollouts
    return files;
}

bool CodexSource::hasFiles() const
{
    for (const QString& root : m_roots)
        for (const char* folder : kRolloutFolders)
            if (FileWalk::anyFile(root + QLatin1String(folder), isRolloutName))
                return true;
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
    return std::make_unique<CodexFileParser>(path, state, options, rollouts);
}

void CodexSource::endThreadReads() const
{
    CodexFileParser::releaseThreadParsers();
}

std::unique_ptr<DatabaseReader> CodexSource::createDatabaseReader(const QString& path) const
{
    CodexRolloutIndex* rollouts = &index();
    return std::make_unique<CodexStateReader>(
        path, [rollouts](const QByteArray& threadId) { return rollouts->contains(threadId); });
}

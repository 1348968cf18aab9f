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

std::vector<std::string> CodexSource::rollouts() const
{
    // Per root, one copy of each rollout (formats.md §3.1): the sessions/ copy over an archived one of
    // the same name, and a plain file over its .zst sibling. Rank: 0 plain in sessions/, 1 zstd in
    // sessions/, 2 plain archived, 3 zstd archived. The candidates are sorted by name rather than
    // kept in a map: on 23,000 rollouts the map's nodes and name copies took as long as the walk.
    struct Candidate
    {
        std::string path;
        size_t nameStart; // where the file name begins in path
        size_t nameLength; // without ".zst"
        int rank;
        std::string_view name() const { return std::string_view(path).substr(nameStart, nameLength); }
    };
    std::vector<std::string> files;
    QSet<QString> seenRoots;
    for (const QString& root : m_roots) {
        const QFileInfo info(root);
        if (!info.isDir() || seenRoots.contains(info.canonicalFilePath()))
            continue;
        seenRoots.insert(info.canonicalFilePath());
        std::vector<Candidate> candidates;
        for (int folder = 0; folder < 2; ++folder) {
            FileWalk::visit(root + QLatin1String(kRolloutFolders[folder]),
                [&candidates, folder](const std::string& path, std::string_view name) {
                    if (!isRolloutName(name))
                        return true;
                    const bool compressed = name.ends_with(".zst");
                    candidates.push_back({ path, path.size() - name.size(),
                        name.size() - (compressed ? 4 : 0), folder * 2 + (compressed ? 1 : 0) });
                    return true;
                });
        }
        // The best copy of a name sorts first: lowest rank, then the smallest path.
        std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
            if (const auto order = a.name() <=> b.name(); order != 0)
                return order < 0;
            if (a.rank != b.rank)
                return a.rank < b.rank;
            return a.path < b.path;
        });
        // Backwards, so that each name is compared with a neighbour that has not been moved out yet
        // (the caller sorts the paths).
        for (size_t i = candidates.size(); i-- > 0;)
            if (i == 0 || candidates[i].name() != candidates[i - 1].name())
                files.push_back(std::move(candidates[i].path));
    }
    return files;
}

QStringList CodexSource::discoverFiles() const
{
    QStringList files = FileWalk::sorted(rollouts());
    if (!m_index)
        m_index = std::make_unique<CodexRolloutIndex>();
    m_index->setRollouts(files);
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
    bool found = false;
    for (const QString& root : m_roots) {
        for (const char* folder : kRolloutFolders) {
            FileWalk::visit(root + QLatin1String(folder), [&found](const std::string&, std::string_view name) {
                found = isRolloutName(name);
                return !found;
            });
            if (found)
                return true;
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
    return std::make_unique<CodexFileParser>(path, state, options, rollouts);
}

std::unique_ptr<DatabaseReader> CodexSource::createDatabaseReader(const QString& path) const
{
    CodexRolloutIndex* rollouts = &index();
    return std::make_unique<CodexStateReader>(
        path, [rollouts](const QByteArray& threadId) { return rollouts->contains(threadId); });
}

// SPDX-License-Identifier: MIT
#include "geminisource.h"

#include "geminifileparser.h"
#include "rootpaths.h"

#include <algorithm>
#include <QDir>
#include <QFileInfo>

namespace {
using RootPaths::homeDirectory;
using RootPaths::splitList;

// A ~/.gemini dir becomes its tmp/ dir; a tmp dir (by name) stays.
QString tmpDirOf(const QString& root)
{
    if (QFileInfo(root).fileName() == QLatin1String("tmp"))
        return root;
    return root + QLatin1String("/tmp");
}

bool isChatFile(const QString& name)
{
    return name.endsWith(QLatin1String(".jsonl")) || name.endsWith(QLatin1String(".json"));
}
} // namespace

GeminiSource::GeminiSource(QStringList explicitRoots, SourceOptions options)
    : m_roots(resolveRoots(explicitRoots))
    , m_options(options)
{ }

QStringList GeminiSource::resolveRoots(const QStringList& explicitRoots)
{
    QStringList tmpDirs;
    auto add = [&tmpDirs](const QString& dir) {
        if (!tmpDirs.contains(dir))
            tmpDirs << dir;
    };
    for (const QString& root : explicitRoots)
        for (const QString& dir : splitList(root))
            add(tmpDirOf(dir));
    if (tmpDirs.isEmpty()) {
        // ccusage's variable names the tmp dir itself, whatever it is called; a ~/.gemini dir given
        // there by mistake is recognised by its tmp/ child.
        for (const QString& dir : splitList(qEnvironmentVariable("GEMINI_DATA_DIR"))) {
            const bool isGeminiDir = QFileInfo(dir).fileName() != QLatin1String("tmp")
                && QFileInfo(dir + QLatin1String("/tmp")).isDir()
                && !QFileInfo(dir + QLatin1String("/chats")).exists();
            add(isGeminiDir ? dir + QLatin1String("/tmp") : dir);
        }
    }
    if (tmpDirs.isEmpty()) {
        const QString cliHome = qEnvironmentVariable("GEMINI_CLI_HOME");
        add((cliHome.isEmpty() ? homeDirectory() : QDir::cleanPath(cliHome)) + QLatin1String("/.gemini/tmp"));
    }
    return tmpDirs;
}

QStringList GeminiSource::chatFiles(bool stopAtFirst) const
{
    QStringList mainFiles, subagentFiles;
    for (const QString& tmp : m_roots) {
        const QDir tmpDir(tmp);
        for (const QString& project : tmpDir.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
            const QDir chats(tmpDir.filePath(project) + QLatin1String("/chats"));
            if (!chats.exists())
                continue;
            for (const QFileInfo& entry :
                chats.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
                if (entry.isDir()) {
                    // chats/<parentSessionId>/<sessionId>.jsonl: sub-agent transcripts
                    for (const QFileInfo& child : QDir(entry.filePath()).entryInfoList(QDir::Files))
                        if (isChatFile(child.fileName()))
                            subagentFiles << child.filePath();
                } else if (entry.fileName().startsWith(QLatin1String("session-"))
                    && isChatFile(entry.fileName())) {
                    mainFiles << entry.filePath();
                }
                if (stopAtFirst && !(mainFiles.isEmpty() && subagentFiles.isEmpty()))
                    return mainFiles + subagentFiles;
            }
        }
    }
    // Parents before their sub-agents, so that the spawning call can name a sub-agent's type before
    // the sub-agent's own file falls back to "subagent". Sorted, a legacy session-x.json comes before
    // its migrated session-x.jsonl, whose copies (read last) then win.
    mainFiles.sort();
    subagentFiles.sort();
    return mainFiles + subagentFiles;
}

QStringList GeminiSource::discoverFiles() const
{
    return chatFiles(false);
}

bool GeminiSource::hasFiles() const
{
    return !chatFiles(true).isEmpty();
}

SourceAdapter::UnitKind GeminiSource::kindOf(const QString& path) const
{
    // Legacy sessions are one pretty-printed document, rewritten whole on every update.
    return path.endsWith(QLatin1String(".json")) ? UnitKind::Document : UnitKind::Lines;
}

QByteArray GeminiSource::projectRoot(const QString& tmpDir, const QString& projectId) const
{
    QMutexLocker lock(&m_mapsMutex);
    auto it = m_maps.find(tmpDir);
    if (it == m_maps.end())
        it = m_maps.insert(tmpDir, GeminiProjectMap::load(tmpDir));
    return it->rootOf(projectId);
}

std::unique_ptr<LineParser> GeminiSource::createParser(const QString& path, const QByteArray& state) const
{
    GeminiFileContext context = GeminiFileContext::fromPath(path);
    context.projectRoot = projectRoot(context.tmpDir, context.projectId);
    return std::make_unique<GeminiFileParser>(std::move(context), m_options, state);
}

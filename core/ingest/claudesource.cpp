// SPDX-License-Identifier: MIT
#include "claudesource.h"

#include "filewalk.h"
#include "rootpaths.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace {
// subagents/journal.jsonl holds lifecycle records, not a transcript.
bool isTranscriptName(std::string_view name)
{
    return FileWalk::hasSuffix(name, ".jsonl") && name != "journal.jsonl";
}
} // namespace

ClaudeSource::ClaudeSource(QStringList explicitRoots, ClaudeFileParser::Options options)
    : m_roots(resolveRoots(explicitRoots))
    , m_options(options)
{ }

QStringList ClaudeSource::resolveRoots(const QStringList& explicitRoots)
{
    QStringList roots;
    for (const QString& root : explicitRoots)
        roots << RootPaths::splitList(root);
    if (roots.isEmpty())
        roots = RootPaths::splitList(qEnvironmentVariable("CLAUDE_CONFIG_DIR"));
    if (roots.isEmpty()) {
        const QString home = RootPaths::homeDirectory();
        QString xdg = qEnvironmentVariable("XDG_CONFIG_HOME");
        if (xdg.isEmpty())
            xdg = home + QLatin1String("/.config");
        roots << home + QLatin1String("/.claude") << xdg + QLatin1String("/claude");
    }
    // A root may be given as the config dir or as its projects/ dir; store the projects dir.
    QStringList projectDirs;
    for (const QString& root : roots) {
        const QString projects = QFileInfo(root).fileName() == QLatin1String("projects")
            ? root
            : root + QLatin1String("/projects");
        if (!projectDirs.contains(projects))
            projectDirs << projects;
    }
    return projectDirs;
}

QStringList ClaudeSource::discoverFiles() const
{
    std::vector<std::string> files;
    QSet<QString> seenRoots;
    for (const QString& root : m_roots) {
        const QFileInfo info(root);
        if (!info.isDir())
            continue;
        // ~/.claude may be a link to ~/.config/claude: scan each real directory once.
        const QString canonical = info.canonicalFilePath();
        if (seenRoots.contains(canonical))
            continue;
        seenRoots.insert(canonical);
        FileWalk::visit(root, [&files](const std::string& path, std::string_view name) {
            if (isTranscriptName(name))
                files.push_back(path);
            return true;
        });
    }
    return FileWalk::sorted(std::move(files));
}

bool ClaudeSource::hasFiles() const
{
    for (const QString& root : m_roots)
        if (FileWalk::anyFile(root, isTranscriptName))
            return true;
    return false;
}

std::unique_ptr<LineParser> ClaudeSource::createParser(const QString& path, const QByteArray& state) const
{
    Q_UNUSED(state); // every Claude line is self-contained
    return std::make_unique<ClaudeFileParser>(ClaudeFileContext::fromPath(path), m_options);
}

// SPDX-License-Identifier: MIT
#include "openclawsource.h"

#include "openclawdatabasereader.h"
#include "openclawfilecontext.h"
#include "openclawsessionstoreparser.h"
#include "openclawtranscriptparser.h"
#include "rootpaths.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace {
using RootPaths::homeDirectory;
using RootPaths::splitList;
const QLatin1String kSessionStore("sessions.json");
const QLatin1String kDatabase("openclaw-agent.sqlite");

// The units of one agent's sessions/ directory: transcripts, archives, and the session store.
void scanSessions(const QDir& dir, QStringList& files, bool firstOnly)
{
    const QFileInfoList entries = dir.entryInfoList(QDir::Files | QDir::Hidden, QDir::Name);
    for (const QFileInfo& entry : entries) {
        const QString name = entry.fileName();
        if (name == kSessionStore || OpenClawFileContext::isTranscriptName(name)) {
            files << entry.absoluteFilePath();
            if (firstOnly && name != kSessionStore)
                return;
        }
    }
}

void scanAgents(const QDir& agents, QStringList& files, bool firstOnly)
{
    for (const QString& agent :
        agents.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDir::Name)) {
        const QString database = agents.filePath(agent + QLatin1String("/agent/") + kDatabase);
        if (QFileInfo(database).isFile())
            files << QDir::cleanPath(database);
        scanSessions(QDir(agents.filePath(agent + QLatin1String("/sessions"))), files, firstOnly);
        if (firstOnly && !files.isEmpty())
            return;
    }
}
} // namespace

OpenClawSource::OpenClawSource(QStringList explicitRoots, SourceOptions options)
    : m_roots(resolveRoots(explicitRoots))
    , m_options(options)
    , m_index(std::make_shared<OpenClawSessionIndex>())
{ }

QStringList OpenClawSource::resolveRoots(const QStringList& explicitRoots)
{
    QStringList roots;
    for (const QString& root : explicitRoots)
        roots << splitList(root);
    if (roots.isEmpty()) {
        roots << splitList(qEnvironmentVariable("OPENCLAW_STATE_DIR"));
        roots << splitList(qEnvironmentVariable("OPENCLAW_DIR"));
    }
    if (roots.isEmpty()) {
        const QDir home(homeDirectory());
        roots << home.filePath(QStringLiteral(".openclaw"));
        // --profile <name> keeps its state in ~/.openclaw-<name> (--dev: ~/.openclaw-dev).
        QStringList profiles = home.entryList(
            { QStringLiteral(".openclaw-*") }, QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
        if (!profiles.contains(QStringLiteral(".openclaw-dev")))
            profiles << QStringLiteral(".openclaw-dev");
        for (const QString& profile : profiles)
            roots << home.filePath(profile);
        for (const char* legacy : { ".clawdbot", ".moltbot", ".moldbot" })
            roots << home.filePath(QLatin1String(legacy));
    }
    roots.removeDuplicates();
    return roots;
}

QStringList OpenClawSource::scan(bool firstOnly) const
{
    QStringList files;
    QSet<QString> seen;
    for (const QString& root : m_roots) {
        const QFileInfo info(root);
        if (!info.isDir())
            continue;
        // ~/.openclaw may be a link to a profile: scan each real directory once.
        const QString canonical = info.canonicalFilePath();
        if (seen.contains(canonical))
            continue;
        seen.insert(canonical);
        const QDir dir(root);
        if (info.fileName() == QLatin1String("agents")) {
            scanAgents(dir, files, firstOnly);
        } else if (info.fileName() == QLatin1String("sessions")) {
            scanSessions(dir, files, firstOnly);
        } else {
            scanAgents(QDir(dir.filePath(QStringLiteral("agents"))), files, firstOnly);
            // The single-agent layout of the first versions kept transcripts in <state>/sessions/.
            scanSessions(QDir(dir.filePath(QStringLiteral("sessions"))), files, firstOnly);
        }
        if (firstOnly && !files.isEmpty())
            break;
    }
    files.removeDuplicates();
    files.sort();
    return files;
}

QStringList OpenClawSource::discoverFiles() const
{
    return scan(false);
}

bool OpenClawSource::hasFiles() const
{
    return !scan(true).isEmpty();
}

SourceAdapter::UnitKind OpenClawSource::kindOf(const QString& path) const
{
    if (path.endsWith(kDatabase))
        return UnitKind::Database;
    if (path.endsWith(QLatin1Char('/') + kSessionStore))
        return UnitKind::Document;
    return UnitKind::Lines;
}

std::unique_ptr<LineParser> OpenClawSource::createParser(const QString& path, const QByteArray& state) const
{
    const OpenClawFileContext context = OpenClawFileContext::fromPath(path);
    if (kindOf(path) == UnitKind::Document)
        return std::make_unique<OpenClawSessionStoreParser>(context, m_options, m_index);
    auto resolver = [index = m_index, agentsDir = context.agentsDir, agent = context.agentId](
                        const QByteArray& key) { return index->sessionIdOf(agentsDir, agent, key); };
    return std::make_unique<OpenClawTranscriptParser>(context, m_options, resolver, state);
}

std::unique_ptr<DatabaseReader> OpenClawSource::createDatabaseReader(const QString& path) const
{
    return std::make_unique<OpenClawDatabaseReader>(OpenClawFileContext::fromPath(path), m_options, m_index);
}

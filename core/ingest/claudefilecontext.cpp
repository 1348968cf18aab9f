// SPDX-License-Identifier: MIT
#include "claudefilecontext.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

ClaudeFileContext ClaudeFileContext::fromPath(const QString& path)
{
    ClaudeFileContext context;
    context.path = path;
    const QFileInfo info(path);
    const QString stem = info.completeBaseName();
    const QDir dir = info.dir();
    const bool isAgentFile = stem.startsWith(QLatin1String("agent-"));
    if (isAgentFile && dir.dirName() == QLatin1String("subagents")) {
        context.kind = Kind::NestedAgent;
        QDir sessionDir = dir;
        sessionDir.cdUp();
        context.stemSessionId = sessionDir.dirName().toUtf8();
        context.agentId = stem.mid(6).toUtf8();
        QFile meta(dir.filePath(stem + QLatin1String(".meta.json")));
        if (meta.open(QIODevice::ReadOnly)) {
            const QJsonObject object = QJsonDocument::fromJson(meta.readAll()).object();
            context.agentType = object.value(QLatin1String("agentType")).toString().toUtf8();
            context.description = object.value(QLatin1String("description")).toString().toUtf8();
            context.spawnToolUseId = object.value(QLatin1String("toolUseId")).toString().toUtf8();
            context.spawnDepth = object.value(QLatin1String("spawnDepth")).toInt();
        }
        // Compaction agents have no meta file; name them so they are not mistaken for user tasks.
        if (context.agentType.isEmpty() && context.agentId.startsWith("acompact"))
            context.agentType = "compact";
    } else if (isAgentFile) {
        context.kind = Kind::FlatAgent;
        context.agentId = stem.mid(6).toUtf8();
    } else {
        context.stemSessionId = stem.toUtf8();
    }
    return context;
}

QByteArray ClaudeFileContext::childSessionId(const QByteArray& parentSessionId, const QByteArray& agentId)
{
    return parentSessionId + ":agent-" + agentId;
}

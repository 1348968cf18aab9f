// SPDX-License-Identifier: MIT
#include "openclawfilecontext.h"

#include <QDir>
#include <QFileInfo>

OpenClawFileContext OpenClawFileContext::fromPath(const QString& path)
{
    OpenClawFileContext context;
    context.path = path;
    const QFileInfo info(path);
    const QString name = info.fileName();
    const qsizetype jsonl = name.indexOf(QLatin1String(".jsonl"));
    if (jsonl > 0)
        context.sessionId = name.left(jsonl).toUtf8();
    // <agentsDir>/<agentId>/{sessions,agent}/<file>
    QDir dir = info.dir();
    const QString kind = dir.dirName();
    if (dir.cdUp() && (kind == QLatin1String("sessions") || kind == QLatin1String("agent"))) {
        const QString agent = dir.dirName();
        if (dir.cdUp() && dir.dirName() == QLatin1String("agents")) {
            context.agentId = agent.toUtf8();
            context.agentsDir = dir.absolutePath();
        }
    }
    if (context.agentId.isEmpty()) {
        // The single-agent layout of the earliest versions (<state>/sessions/): the default agent.
        context.agentId = "main";
        QDir state = info.dir();
        state.cdUp();
        context.agentsDir = state.absoluteFilePath(QStringLiteral("agents"));
    }
    return context;
}

bool OpenClawFileContext::isTranscriptName(const QString& fileName)
{
    const qsizetype jsonl = fileName.indexOf(QLatin1String(".jsonl"));
    if (jsonl <= 0)
        return false;
    const QStringView rest = QStringView(fileName).mid(jsonl + 6);
    return rest.isEmpty() || rest.startsWith(QLatin1String(".deleted."))
        || rest.startsWith(QLatin1String(".reset."));
}

QByteArray OpenClawFileContext::agentOfKey(QByteArrayView sessionKey)
{
    if (!sessionKey.startsWith("agent:"))
        return {};
    const QByteArrayView rest = sessionKey.sliced(6);
    const qsizetype colon = rest.indexOf(':');
    return (colon < 0 ? rest : rest.first(colon)).toByteArray();
}

int OpenClawFileContext::depthOfKey(QByteArrayView sessionKey)
{
    int depth = 0;
    qsizetype from = 0;
    for (;;) {
        const qsizetype at = sessionKey.indexOf(QByteArrayView(":subagent:"), from);
        if (at < 0)
            return depth;
        ++depth;
        from = at + 1;
    }
}

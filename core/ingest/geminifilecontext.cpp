// SPDX-License-Identifier: MIT
#include "geminifilecontext.h"

#include <QDir>
#include <QFileInfo>

GeminiFileContext GeminiFileContext::fromPath(const QString& path)
{
    GeminiFileContext context;
    context.path = path;
    const QFileInfo info(path);
    context.isDocument = info.suffix() == QLatin1String("json");
    context.stemId = info.completeBaseName().toUtf8();
    QDir dir = info.dir();
    if (dir.dirName() != QLatin1String("chats")) {
        // chats/<parentSessionId>/<sessionId>.jsonl
        context.parentSessionId = dir.dirName().toUtf8();
        dir.cdUp();
    }
    context.chatsDir = dir.path();
    dir.cdUp();
    context.projectId = dir.dirName();
    dir.cdUp();
    context.tmpDir = dir.path();
    return context;
}

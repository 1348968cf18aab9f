// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

// What a Gemini CLI chat file's path says about its content (formats.md §6.1):
// `<tmp>/<projectId>/chats/session-<minute>-<id8>.jsonl` (or legacy `.json`) is a main session,
// `<tmp>/<projectId>/chats/<parentSessionId>/<sessionId>.jsonl` a sub-agent of that parent.
struct GeminiFileContext
{
    QString path;
    QString chatsDir; // <tmp>/<projectId>/chats
    QString tmpDir;
    QString projectId;
    QByteArray stemId; // the file name without extension: the sub-agent's session id
    QByteArray parentSessionId; // non-empty for a sub-agent file
    QByteArray projectRoot; // from GeminiProjectMap; empty when unknown
    bool isDocument = false; // legacy single-document .json

    bool isSubagent() const { return !parentSessionId.isEmpty(); }

    // The context of a path; projectRoot is left for the caller to fill in.
    static GeminiFileContext fromPath(const QString& path);
};

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

// What a Claude Code transcript's path says about its lines (formats.md §2.2): a main session file
// `<project>/<session>.jsonl`, an era-2 flat sub-agent file `<project>/agent-<id>.jsonl`, or an era-3
// nested one `<project>/<session>/subagents/agent-<id>.jsonl` with its `agent-<id>.meta.json`.
struct ClaudeFileContext
{
    enum class Kind
    {
        Main,
        FlatAgent,
        NestedAgent
    };

    Kind kind = Kind::Main;
    QString path;
    QByteArray stemSessionId; // Main: the file stem; NestedAgent: the parent session directory
    QByteArray agentId; // FlatAgent / NestedAgent: the <id> of agent-<id>.jsonl
    // From agent-<id>.meta.json, when present.
    QByteArray agentType;
    QByteArray description;
    QByteArray spawnToolUseId;
    int spawnDepth = 0;

    static ClaudeFileContext fromPath(const QString& path);
    // The external id of a sub-agent session of parentSessionId (shared by all three layouts, so
    // that the parent's tool result and the sub-agent's own file name the same session).
    static QByteArray childSessionId(const QByteArray& parentSessionId, const QByteArray& agentId);
};

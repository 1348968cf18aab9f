// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// What an OpenClaw path says (formats.md §5.1, §5.3): transcripts live in
// `agents/<agentId>/sessions/<sessionId>.jsonl` (Telegram topics `<sessionId>-topic-<threadId>.jsonl`,
// archives `.jsonl.deleted.<ts>` / `.jsonl.reset.<ts>`, optionally `.zst`), the session store in
// `agents/<agentId>/sessions/sessions.json` and the SQLite store of 2026.8+ in
// `agents/<agentId>/agent/openclaw-agent.sqlite`.
struct OpenClawFileContext
{
    QString path;
    QByteArray sessionId; // transcripts: the file name up to ".jsonl" (ccusage's extract_session_id)
    QByteArray agentId; // the <agentId> directory; "main" for a layout without agents/
    QString agentsDir; // the agents/ directory, where other agents' session stores are found

    static OpenClawFileContext fromPath(const QString& path);
    // Whether a file name is a transcript or an archive of one: the part after the first ".jsonl" is
    // empty or starts with ".deleted." / ".reset." (ccusage's rule, which also admits ".zst" forms).
    static bool isTranscriptName(const QString& fileName);
    // "agent:<id>:..." -> <id>; empty for keys of another shape (cron:, hook:, ...).
    static QByteArray agentOfKey(QByteArrayView sessionKey);
    // Sub-agent nesting of a session key: the number of ":subagent:" segments.
    static int depthOfKey(QByteArrayView sessionKey);
};

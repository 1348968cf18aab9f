// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <mutex>
#include <QByteArray>
#include <QHash>
#include <QString>
#include <string_view>

// OpenClaw's session store, `agents/<agentId>/sessions/sessions.json`: a map sessionKey -> SessionEntry
// (formats.md §5.3). Transcripts name sessions by id, sub-agent links by key (`spawnedBy`,
// `parentSessionKey`, the `childSessionKey` a sessions_spawn call returns), so keys are resolved to ids
// here. Stores are loaded on demand and cached by size and mtime; the engine parses on one thread, the
// mutex only keeps the cache safe if that ever changes.
class OpenClawSessionIndex
{
public:
    struct Entry
    {
        QByteArray key;
        QByteArray sessionId;
        QByteArray spawnedBy;
        QByteArray parentSessionKey;
        QByteArray label;
        QByteArray displayName;
        QByteArray status;
        QByteArray cwd; // spawnedCwd / spawnedWorkspaceDir
        int spawnDepth = 0;
        qint64 startedAt = 0; // epoch ms, 0 = unknown
        qint64 endedAt = 0;
    };

    // Parses a session store document (json followed by at least 64 readable bytes up to capacity).
    // Returns false when it is not a JSON object; entries that are not objects are skipped.
    static bool parseStore(
        std::string_view json, size_t capacity, const std::function<void(const Entry&)>& visit);

    // The session id a key names, from the store of the key's agent (else defaultAgent's) below
    // agentsDir; empty when unknown.
    QByteArray sessionIdOf(const QString& agentsDir, const QByteArray& defaultAgent, const QByteArray& key);

private:
    struct Store
    {
        qint64 size = -1;
        qint64 mtimeMs = -1;
        QHash<QByteArray, QByteArray> ids; // key -> session id
    };
    std::mutex m_mutex;
    QHash<QString, Store> m_stores; // by path
};

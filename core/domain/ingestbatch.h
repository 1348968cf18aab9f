// SPDX-License-Identifier: MIT
#pragma once

#include "agenteventrecord.h"
#include "filecursor.h"
#include "sessionupdate.h"
#include "toolcallrecord.h"
#include "usagerecord.h"

#include <QHash>
#include <QMetaType>
#include <vector>

// Everything parsed from a contiguous range of one or more files, applied by the store writer in one
// transaction together with the files' new cursors. All or nothing: a batch that did not commit is
// simply read again on the next run.
struct IngestBatch
{
    struct FileProgress
    {
        FileCursor cursor; // the new cursor (offset = end of the last complete line consumed)
        bool reset = false; // the file was re-read from 0
        qint64 linesParsed = 0;
        qint64 linesSkipped = 0;
        QByteArray lastSkipReason;
    };

    int sourceId = 0;
    std::vector<SessionUpdate> sessions;
    std::vector<UsageRecord> usage;
    std::vector<ToolCallRecord> toolCalls;
    std::vector<ToolResultRecord> toolResults;
    std::vector<PromptRecord> prompts;
    std::vector<AgentEventRecord> events;
    std::vector<FileProgress> progress;

    // Merge point for session facts so that a batch carries one update per session. Records refer to
    // their session by this index, so the writer maps them to rows without a lookup per record.
    int sessionIndex(const QByteArray& externalId)
    {
        auto it = m_sessionIndex.constFind(externalId);
        if (it != m_sessionIndex.constEnd())
            return *it;
        const int index = int(sessions.size());
        m_sessionIndex.insert(externalId, index);
        sessions.emplace_back();
        sessions.back().externalId = externalId;
        return index;
    }
    SessionUpdate& session(const QByteArray& externalId)
    {
        return sessions[size_t(sessionIndex(externalId))];
    }

    // Room for a quarter more records of each kind than other holds: a batch that grows its vectors
    // record by record moves each record about once more (4 % of a cold Codex parse), into new memory
    // that is faulted in page by page; the next batch of a source holds about as many as the last.
    void reserveLike(const IngestBatch& other)
    {
        sessions.reserve(room(other.sessions.size()));
        usage.reserve(room(other.usage.size()));
        toolCalls.reserve(room(other.toolCalls.size()));
        toolResults.reserve(room(other.toolResults.size()));
        prompts.reserve(room(other.prompts.size()));
        events.reserve(room(other.events.size()));
        progress.reserve(room(other.progress.size()));
        m_sessionIndex.reserve(qsizetype(room(size_t(other.m_sessionIndex.size()))));
    }

    // Empties the batch for the next one and keeps its vectors' room. Reusing an applied batch spares
    // the parse thread the allocation of new vectors (faulted in page by page) and the free of the old
    // ones, which, being large, made glibc consolidate its small free chunks each time (1.2 % of a
    // cold Codex parse thread).
    void clearForReuse()
    {
        sourceId = 0;
        sessions.clear();
        usage.clear();
        toolCalls.clear();
        toolResults.clear();
        prompts.clear();
        events.clear();
        progress.clear();
        // Entry by entry, not clear(): QHash::clear() frees the table, and allocating the next one,
        // a large block, made glibc consolidate its small free chunks once a batch (about 1 % of a cold
        // Codex parse thread, session 29). The table keeps the room of the largest batch seen.
        if (!m_sessionIndex.isEmpty()) // removeIf() on a table never used would allocate one
            m_sessionIndex.removeIf([](const QHash<QByteArray, int>::iterator&) { return true; });
    }

    qsizetype recordCount() const
    {
        return qsizetype(
            usage.size() + toolCalls.size() + toolResults.size() + prompts.size() + events.size());
    }
    bool isEmpty() const { return recordCount() == 0 && sessions.empty() && progress.empty(); }

private:
    // What reserveLike() makes room for when the last batch held n.
    static size_t room(size_t n) { return n + n / 4; }

    QHash<QByteArray, int> m_sessionIndex;
};
Q_DECLARE_METATYPE(IngestBatch)

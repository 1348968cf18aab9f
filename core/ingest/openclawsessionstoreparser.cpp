// SPDX-License-Identifier: MIT
#include "openclawsessionstoreparser.h"

#include <QHash>
#include <vector>

OpenClawSessionStoreParser::OpenClawSessionStoreParser(
    const OpenClawFileContext& context, SourceOptions options, std::shared_ptr<OpenClawSessionIndex> index)
    : m_context(context)
    , m_options(options)
    , m_index(std::move(index))
{ }

QByteArray OpenClawSessionStoreParser::traceStatus(const QByteArray& status)
{
    if (status == "done")
        return "completed";
    if (status == "failed" || status == "timeout")
        return "error";
    if (status == "killed")
        return "interrupted";
    return status; // running, and whatever later versions add
}

LineParser::Result OpenClawSessionStoreParser::parseLine(std::string_view line, size_t capacity,
    qint64 offset, int fileIndex, IngestBatch& batch, QByteArray* reason)
{
    Q_UNUSED(offset);
    Q_UNUSED(fileIndex);
    std::vector<OpenClawSessionIndex::Entry> entries;
    if (!OpenClawSessionIndex::parseStore(line, capacity,
            [&entries](const OpenClawSessionIndex::Entry& entry) { entries.push_back(entry); })) {
        if (reason)
            *reason = "session store is not a JSON object";
        return Result::Malformed;
    }
    // Parents are resolved within this document first (it is the newest view of its own keys), then
    // in the store of the parent's agent.
    QHash<QByteArray, QByteArray> ids;
    for (const OpenClawSessionIndex::Entry& entry : entries)
        if (!entry.sessionId.isEmpty())
            ids.insert(entry.key, entry.sessionId);
    for (const OpenClawSessionIndex::Entry& entry : entries) {
        if (entry.sessionId.isEmpty())
            continue;
        SessionUpdate& session = batch.session(entry.sessionId);
        session.agent = m_context.agentId;
        const QByteArray parentKey = entry.spawnedBy.isEmpty() ? entry.parentSessionKey : entry.spawnedBy;
        if (!parentKey.isEmpty()) {
            QByteArray parent = ids.value(parentKey);
            if (parent.isEmpty() && m_index)
                parent = m_index->sessionIdOf(m_context.agentsDir, m_context.agentId, parentKey);
            if (!parent.isEmpty() && parent != entry.sessionId)
                session.parentExternalId = parent;
        }
        const int depth
            = entry.spawnDepth > 0 ? entry.spawnDepth : OpenClawFileContext::depthOfKey(entry.key);
        if (depth > 0) {
            session.spawnDepth = depth;
            session.isSidechain = true;
        }
        // A label is given by whoever spawned or named the session: above a first prompt, below a
        // name the user set with session_info.
        if (!entry.label.isEmpty())
            session.offerTitle(entry.label, SessionUpdate::AiTitle, 0);
        else if (!entry.displayName.isEmpty())
            session.offerTitle(entry.displayName, SessionUpdate::Summary, 0);
        if (!entry.status.isEmpty())
            session.status = traceStatus(entry.status);
        if (!entry.cwd.isEmpty())
            session.cwd = entry.cwd;
        session.widen(entry.startedAt);
        session.widen(entry.endedAt);
        Q_UNUSED(m_options);
    }
    return Result::Parsed;
}

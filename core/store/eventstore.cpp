// SPDX-License-Identifier: MIT
#include "eventstore.h"

#include "stablehash.h"

EventStore::EventStore(Database& db)
    : m_db(db)
{
    m_selectByHash = m_db.prepare("SELECT event_key FROM agent_events WHERE key_hash = ?1");
    m_insert = m_db.prepare("INSERT INTO agent_events(session_id, ts, kind, model, message, retry_attempt, "
                            "agent, event_key, key_hash, file_id, byte_offset) "
                            "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
}

void EventStore::beginBulk()
{
    m_keys.clear();
    m_bulk = true;
}

void EventStore::endBulk()
{
    m_keys = QSet<qint64>();
    m_bulk = false;
}

bool EventStore::exists(const QByteArray& key, qint64 hash)
{
    if (m_bulk && !m_keys.contains(hash))
        return false;
    bool found = false;
    m_selectByHash.bind(1, hash);
    while (m_selectByHash.step()) {
        if (m_selectByHash.view(0) == std::string_view(key.constData(), size_t(key.size()))) {
            found = true;
            break;
        }
    }
    m_selectByHash.reset();
    return found;
}

bool EventStore::store(const AgentEventRecord& event, qint64 sessionId, qint64 fileId)
{
    if (event.eventKey.isEmpty())
        return false; // nothing to keep it unique by
    const qint64 hash = StableHash::of(event.eventKey);
    if (exists(event.eventKey, hash))
        return false;
    SqliteStatement& q = m_insert;
    q.bind(1, sessionId);
    q.bind(2, event.ts);
    q.bind(3, event.kind);
    q.bindOrNull(4, event.model);
    q.bindOrNull(5, event.message);
    q.bind(6, event.retryAttempt);
    q.bindOrNull(7, event.agent);
    q.bind(8, event.eventKey);
    q.bind(9, hash);
    if (fileId > 0)
        q.bind(10, fileId);
    else
        q.bindNull(10);
    q.bind(11, event.byteOffset);
    q.execute();
    if (m_bulk)
        m_keys.insert(hash);
    return true;
}

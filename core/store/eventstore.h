// SPDX-License-Identifier: MIT
#pragma once

#include "database.h"
#include "domain/agenteventrecord.h"

#include <QSet>

// Stores agent_events, one row per event_key: an event read again (a file re-read from its start, a
// run killed and resumed, a message re-appended) is dropped. Keyed like tool calls, through a 64-bit
// key_hash index and a full comparison of the key. Used by StoreWriter on the writer thread.
class EventStore
{
public:
    explicit EventStore(Database& db);

    // Returns true when the event was new and stored.
    bool store(const AgentEventRecord& event, qint64 sessionId, qint64 fileId);

    // Bulk mode as in UsageStore: stored hashes in memory while this connection is the only writer.
    void beginBulk();
    void endBulk();

private:
    bool exists(const QByteArray& key, qint64 hash);

    Database& m_db;
    SqliteStatement m_selectByHash, m_insert;
    QSet<qint64> m_keys; // bulk mode: key_hash of every stored event
    bool m_bulk = false;
};

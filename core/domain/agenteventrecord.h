// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <QByteArray>
#include <QMetaType>

// An API error or a retry that an agent recorded (0003_activity.sql, table agent_events): a request
// that failed, or one the agent sent again. Not billed; stored once per eventKey.
struct AgentEventRecord
{
    // Error texts are kept to recognise the failure (a status, a provider's message), not to archive
    // response bodies: cut on a UTF-8 boundary.
    static constexpr qsizetype kMaxMessageBytes = 2000;

    QByteArray sessionExternalId;
    int sessionIndex = -1; // into IngestBatch::sessions; -1: look up sessionExternalId
    qint64 ts = 0;
    QByteArray kind; // "error" (a failed request) or "retry" (a request sent again)
    QByteArray model; // empty = not recorded
    QByteArray message; // the agent's error text, capped; empty when content storage is off
    std::optional<qint64> retryAttempt;
    QByteArray agent;
    // Idempotency key, unique across the store and prefixed "<source>:" like record keys.
    QByteArray eventKey;
    qint64 byteOffset = 0; // where the event's line starts in its file
    int fileIndex = -1; // index into the batch's file progress list (provenance)

    // Sets message to text cut to kMaxMessageBytes, or leaves it empty when content is not stored.
    void setMessage(const QByteArray& text, bool storeContent)
    {
        if (!storeContent) {
            message.clear();
            return;
        }
        message = text;
        if (message.size() > kMaxMessageBytes) {
            qsizetype cut = kMaxMessageBytes;
            while (cut > 0 && (uchar(message.at(cut)) & 0xC0) == 0x80)
                --cut;
            message.truncate(cut);
        }
    }
};
Q_DECLARE_METATYPE(AgentEventRecord)

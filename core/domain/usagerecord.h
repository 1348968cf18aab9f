// SPDX-License-Identifier: MIT
#pragma once

#include "tokencounts.h"

#include <optional>
#include <QByteArray>
#include <QMetaType>

// One billed model request as an adapter read it, before pricing. Text fields are UTF-8 byte
// arrays: they go straight into SQLite without a UTF-16 round trip.
struct UsageRecord
{
    QByteArray sessionExternalId;
    int sessionIndex = -1; // into IngestBatch::sessions; -1: look up sessionExternalId
    qint64 timestampMs = 0;
    QByteArray model;
    QByteArray provider;
    TokenCounts tokens;
    std::optional<double> loggedCost; // cost the agent wrote itself (Claude's old costUSD)
    // Idempotency key (recordKey, requestId), unique across the store: Claude's message.id and
    // requestId; other sources put their own key in recordKey and leave requestId empty.
    QByteArray recordKey;
    QByteArray requestId;
    bool isSidechain = false;
    // Which copy of one key the store keeps. Claude's streaming copies grow, so the largest wins;
    // sources that rewrite a record as it changes (Gemini re-appends a message, OpenCode updates its
    // row in place) want the copy read last.
    bool lastCopyWins = false;
    bool noCost = false; // locally generated (Claude "<synthetic>"): never billed, never "unpriced"
    QByteArray agent;
    QByteArray speed;
    // How long the request took, where the source records it (OpenCode: time.completed - time.created).
    std::optional<qint64> latencyMs;
    // The model that was asked for, where the source records it apart from the model that answered
    // (OpenCode: the parent user message's model.modelID); empty = not recorded.
    QByteArray requestedModel;
    qint64 byteOffset = 0; // where the kept copy starts in its file
    int fileIndex = -1; // index into the batch's file progress list (provenance)

    // formats.md §2.6: of two copies of one request keep the one with the larger token total; on a
    // tie, the copy that has a speed field. The parser and the store apply the same rule.
    static bool isBetterCopy(qint64 total, bool hasSpeed, qint64 keptTotal, bool keptHasSpeed)
    {
        return total > keptTotal || (total == keptTotal && hasSpeed && !keptHasSpeed);
    }
};
Q_DECLARE_METATYPE(UsageRecord)

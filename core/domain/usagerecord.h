// SPDX-License-Identifier: MIT
#pragma once

#include "tokencounts.h"

#include <QByteArray>
#include <QMetaType>

#include <optional>

// One billed model request as an adapter read it, before pricing. Text fields are UTF-8 byte
// arrays: they go straight into SQLite without a UTF-16 round trip.
struct UsageRecord
{
    QByteArray sessionExternalId;
    qint64 timestampMs = 0;
    QByteArray model;
    QByteArray provider;
    TokenCounts tokens;
    std::optional<double> loggedCost; // cost the agent wrote itself (Claude's old costUSD)
    // Idempotency key, unique per source (Claude: "message.id|requestId"). messageId is indexed on
    // its own for Claude's sidechain replay rule.
    QByteArray dedupKey;
    QByteArray messageId;
    QByteArray requestId;
    bool isSidechain = false;
    bool noCost = false; // locally generated (Claude "<synthetic>"): never billed, never "unpriced"
    QByteArray agent;
    QByteArray speed;
    qint64 byteOffset = 0; // where the kept copy starts in its file
    int fileIndex = -1;    // index into the batch's file progress list (provenance)
};
Q_DECLARE_METATYPE(UsageRecord)

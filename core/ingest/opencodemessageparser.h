// SPDX-License-Identifier: MIT
#pragma once

#include "domain/ingestbatch.h"

#include <functional>
#include <memory>
#include <QByteArray>
#include <string_view>

// Turns one OpenCode message and its parts into records (formats.md §4.3-4.6, §10). Shared by the
// SQLite reader and the legacy storage/ reader: both hand over the message JSON and its parts with
// ids taken from where OpenCode keeps them (columns, or the file path), never from the JSON body.
//
// Usage: one record per assistant message, keyed "opencode:<message id>" with lastCopyWins, because
// OpenCode rewrites a message in place while it streams and the copy read last is the current one.
// Tokens are the sum of the message's step-finish parts when it has several (message.tokens holds
// only the last step), else message.tokens.
//
// Latency = the assistant's time.completed - time.created. Requested model = the model.modelID of the
// user message the assistant's parentID names, from the user messages this parser has read (a bounded
// cache) or else looked up through setMessageLookup(). An assistant `error` is an "error" event and
// each `retry` part a "retry" event (formats.md §4.3, §4.4).
class OpenCodeMessageParser
{
public:
    struct Options
    {
        bool storeContent = true; // false: prompts and answers keep their length, never their text
        // Legacy storage/ files are older copies of what the database holds: they never replace a
        // stored copy (the larger one is kept), even when the database could not be checked.
        bool legacyCopy = false;
    };
    struct Message
    {
        QByteArray id;
        QByteArray sessionId;
        qint64 timeCreated = 0; // the row's time_created, used when the JSON has no time
        std::string_view data; // message JSON
        bool sessionIsChild = false; // the session has a parent (usage records are sidechain)
    };
    struct Part
    {
        QByteArray id;
        std::string_view data; // part JSON
    };
    enum class Result
    {
        Parsed,
        Malformed
    };

    // The JSON of the message with this id, or empty when there is none: how a parent user message
    // that this parser has not read is found (a primary-key lookup, or the file beside the message).
    using MessageLookup = std::function<QByteArray(const QByteArray& messageId)>;

    explicit OpenCodeMessageParser(Options options);
    ~OpenCodeMessageParser();
    OpenCodeMessageParser(const OpenCodeMessageParser&) = delete;
    OpenCodeMessageParser& operator=(const OpenCodeMessageParser&) = delete;

    // Parts are fed one at a time (beginMessage, addPart..., endMessage) so that a caller streaming
    // rows from SQLite never holds more than one message's facts. A part that does not parse is
    // skipped and reported through addPart's return value; a message that does not parse is Malformed
    // and produces nothing.
    Result beginMessage(const Message& message, QByteArray* reason);
    Result addPart(const Part& part, QByteArray* reason);
    void endMessage(int fileIndex, IngestBatch& batch);
    void setMessageLookup(MessageLookup lookup);

    // Normalises one OpenCode token object into disjoint buckets (formats.md §4.6, decided in
    // docs/sources/opencode.md): total, when present, is trusted; a total that equals the buckets
    // without reasoning means reasoning was inside output; a total above the buckets adds the rest
    // to output; without a total, reasoning that fits inside output is taken to be inside it.
    static TokenCounts normalise(
        qint64 input, qint64 output, qint64 reasoning, qint64 cacheRead, qint64 cacheWrite, qint64 total);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "lineparser.h"
#include "sourceoptions.h"

#include <functional>
#include <memory>
#include <QByteArray>
#include <string_view>

// Turns the events of one OpenClaw session (pi's transcript format v3, formats.md §5.2) into records.
// The same JSON objects arrive as lines of a JSONL transcript or archive and as `event_json` rows of
// the SQLite store (the migration copied them verbatim), so both readers share this class and produce
// the same keys: a message is `openclaw:<session id>:<entry id>` wherever it was read.
//
// Cross-event state (the current model and provider from `model_change` / `model-snapshot`, the fork
// point, sessions_spawn calls still waiting for their result) survives a resumed read through
// saveState() / restoreState().
class OpenClawEventParser
{
public:
    // Session id of a session key (`agent:<id>:subagent:<uuid>`), empty when unknown.
    using KeyResolver = std::function<QByteArray(const QByteArray& sessionKey)>;

    OpenClawEventParser(SourceOptions options, KeyResolver resolver);
    ~OpenClawEventParser();
    OpenClawEventParser(const OpenClawEventParser&) = delete;
    OpenClawEventParser& operator=(const OpenClawEventParser&) = delete;

    // The session the following events belong to, and its agent (the agents/<agentId>/ directory).
    // Clears the cross-event state: call restoreState() after it to resume.
    void beginSession(const QByteArray& sessionId, const QByteArray& agentId);
    // One event; text is followed by at least 64 readable bytes (capacity).
    LineParser::Result parse(std::string_view text, size_t capacity, qint64 offset, int fileIndex,
        IngestBatch& batch, QByteArray* reason);
    // The batch was handed off: forget indexes into it.
    void startBatch();
    // Assistant messages not counted because they are copies (before the fork point).
    qint64 duplicates() const { return m_duplicates; }

    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    qint64 m_duplicates = 0;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "domain/ingestbatch.h"

#include <optional>
#include <QByteArray>
#include <string_view>
#include <vector>

// Turns Claude Code's API error lines into agent events (formats.md §2.3, §2.4): `system` lines of
// subtype `api_error` (a retried request: `retryAttempt`, `retryInMs`, `error`) and assistant lines
// with `isApiErrorMessage` or `error` (a request that failed for good). Kept out of
// ClaudeFileParser's translation unit: these lines are a few in thousands, and code added there
// changes how the compiler inlines the per-line hot path (measured: +5% instructions per line).
class ClaudeApiError
{
public:
    // What the parser read from the line, as views into its buffers.
    struct Line
    {
        const char* kind = "error"; // "error" or "retry"
        std::string_view uuid, model;
        const std::vector<std::string_view>* texts = nullptr; // content text blocks
        std::string_view errorJson; // the JSON text of the line's `error` value (read when hasError)
        bool hasError = false;
        std::optional<qint64> retryAttempt;
        qint64 ts = 0;
    };
    struct Target
    {
        QByteArray sessionId;
        int sessionIndex = -1;
        QByteArray agent;
        QByteArray path; // the file, for lines without a uuid
        qint64 offset = 0;
        int fileIndex = -1;
        bool storeContent = true;
    };

    static void addEvent(const Line& line, const Target& target, IngestBatch& batch);
    // The text of an `error` value: a string as it is; an object (an API error body, nested as
    // {status, error:{error:{type, message}}}) as its innermost message after its HTTP status when it
    // has one; anything else as its JSON.
    static QByteArray errorText(std::string_view json);
};

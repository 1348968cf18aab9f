// SPDX-License-Identifier: MIT
#pragma once

#include "codexusage.h"

#include <QtGlobal>
#include <string_view>

// Reads the two most common kinds of Codex rollout line that carry data, in the exact layout Codex
// writes them, without a DOM: token counts (a third of a rollout's lines) and command outputs ("Exit
// code: N", a tenth of its lines and a sixth of its bytes). simdjson's DOM of those lines was about
// half of its time in a cold load of 1 GB of Codex logs (docs/performance.md, session 24).
//
// Each read answers only for a line it understands completely, and for which a DOM would give the
// same answer; any other line (another key order, an extra field, an escape where it would matter, a
// number out of range, an output in another form) is left to the DOM, so these are shortcuts, never a
// second reading of the format. What they do not check is every byte of the parts they skip (the rate
// limits, the output text): those are checked for balanced strings and brackets only, as the message
// and reasoning lines were already taken by their envelope alone.
class CodexFastLine
{
public:
    struct TokenCount
    {
        qint64 timestampMs = 0; // as IsoTime::parseMs reads it: 0 when invalid
        bool hasInfo = false; // false: "info": null (a rate-limit-only event)
        CodexUsage total; // info.total_token_usage
        CodexUsage last; // info.last_token_usage
    };
    struct ToolOutput
    {
        qint64 timestampMs = 0;
        std::string_view callId; // a view into the line
        bool isError = false; // a non-zero exit code
    };

    // An event_msg token_count line, true when read.
    static bool readTokenCount(std::string_view line, TokenCount* out);
    // A response_item function_call_output or custom_tool_call_output line whose output is text
    // starting with "Exit code: N", true when read.
    static bool readToolOutput(std::string_view line, ToolOutput* out);
};

// SPDX-License-Identifier: MIT
#include "codexfastline.h"

#include "isotime.h"
#include "jsonvalue.h"

#include <cstring>

namespace {
// Consumes literal from the front of text. A template over the literal's length, so that the compiler
// compares the bytes in place instead of calling memcmp, which, called once for each literal, was a
// quarter of these readings' time.
template <size_t N> inline bool eat(std::string_view& text, const char (&literal)[N])
{
    constexpr size_t length = N - 1;
    if (text.size() < length || std::memcmp(text.data(), literal, length) != 0)
        return false;
    text.remove_prefix(length);
    return true;
}

// A count as JsonValue::toCount reads a plain JSON integer: no sign, fraction or exponent, no
// leading zero, at most JsonValue::kMaxTokens. Anything else is the DOM's to judge.
bool eatCount(std::string_view& text, qint64* value)
{
    size_t digits = 0;
    qint64 n = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9' && digits < 14) {
        n = n * 10 + (text[digits] - '0');
        ++digits;
    }
    if (digits == 0 || (digits > 1 && text[0] == '0') || n > JsonValue::kMaxTokens)
        return false;
    if (digits < text.size()) {
        const char next = text[digits];
        if ((next >= '0' && next <= '9') || next == '.' || next == 'e' || next == 'E')
            return false;
    }
    *value = n;
    text.remove_prefix(digits);
    return true;
}

// {"input_tokens":N,"cached_input_tokens":N,"output_tokens":N,"reasoning_output_tokens":N,
// "total_tokens":N}, normalised as the DOM path's toUsage() does.
bool eatUsage(std::string_view& text, CodexUsage* usage)
{
    if (!(eat(text, "{\"input_tokens\":") && eatCount(text, &usage->input)
            && eat(text, ",\"cached_input_tokens\":") && eatCount(text, &usage->cached)
            && eat(text, ",\"output_tokens\":") && eatCount(text, &usage->output)
            && eat(text, ",\"reasoning_output_tokens\":") && eatCount(text, &usage->reasoning)
            && eat(text, ",\"total_tokens\":") && eatCount(text, &usage->total) && eat(text, "}")))
        return false;
    usage->cached = qMin(usage->cached, usage->input);
    return true;
}

// The end of the JSON string text starts inside of: the index of its closing quote, or npos.
size_t stringEnd(std::string_view text)
{
    size_t at = 0;
    for (;;) {
        const void* quote = std::memchr(text.data() + at, '"', text.size() - at);
        if (!quote)
            return std::string_view::npos;
        const size_t index = size_t(static_cast<const char*>(quote) - text.data());
        size_t backslashes = 0;
        while (index - backslashes > 0 && text[index - backslashes - 1] == '\\')
            ++backslashes;
        if (backslashes % 2 == 0)
            return index;
        at = index + 1;
    }
}

// Whether rest, which starts inside the payload, closes the payload and then the envelope with nothing
// in between and nothing after: strings end and brackets balance on the way. Not a validation of every
// value, only that the line is whole and that the envelope has no key after the payload (the DOM keeps
// the last of a repeated key). With refuseModel, rest must have no backslash, and the answer is also
// false when "model" (quotes included) occurs anywhere in it: every quote is then one the walk meets, at
// a string's start or end, so looking at each finds every occurrence without a search of its own.
bool closesPayload(std::string_view rest, bool refuseModel = false)
{
    auto isModel = [&](size_t quote) { return rest.substr(quote).starts_with("\"model\""); };
    int depth = 1;
    size_t i = 0;
    while (i < rest.size()) {
        const char c = rest[i];
        if (c == '"') {
            const size_t end = stringEnd(rest.substr(i + 1));
            if (end == std::string_view::npos)
                return false;
            if (refuseModel && (isModel(i) || isModel(i + end + 1)))
                return false;
            i += end + 2;
            continue;
        }
        if (c == '{' || c == '[')
            ++depth;
        else if ((c == '}' || c == ']') && --depth == 0)
            return rest.substr(i + 1) == "}";
        ++i;
    }
    return false;
}

// {"timestamp":"<ts>", and the time; the rest of the envelope follows.
bool eatTimestamp(std::string_view& line, qint64* timestampMs)
{
    if (!eat(line, "{\"timestamp\":\""))
        return false;
    // The form Codex writes, followed by its closing quote: digits and separators only, so no escape or
    // control byte to look for.
    if (line.size() > 24 && line[24] == '"' && IsoTime::parseCanonicalMs(line.substr(0, 24), timestampMs)) {
        line.remove_prefix(25);
        return true;
    }
    const size_t end = line.find('"');
    if (end == std::string_view::npos || end > 40)
        return false;
    const std::string_view timestamp = line.substr(0, end);
    // Printable ASCII only: an escape is the DOM's to read, and a control byte or invalid UTF-8 makes
    // the line malformed there.
    for (const char c : timestamp)
        if (c < 0x20 || c > 0x7e || c == '\\')
            return false;
    *timestampMs = IsoTime::parseMs(timestamp);
    line.remove_prefix(end + 1);
    return true;
}
} // namespace

bool CodexFastLine::readTokenCount(std::string_view line, TokenCount* out)
{
    if (!eatTimestamp(line, &out->timestampMs)
        || !eat(line, ",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":"))
        return false;
    // Inside the envelope and the payload: two objects to close.
    if (eat(line, "null")) {
        out->hasInfo = false;
        return (line.starts_with(',') || line.starts_with('}')) && closesPayload(line);
    }
    if (!(eat(line, "{\"total_token_usage\":") && eatUsage(line, &out->total)
            && eat(line, ",\"last_token_usage\":") && eatUsage(line, &out->last)))
        return false;
    if (eat(line, ",\"model_context_window\":")) {
        qint64 window = 0;
        if (!eat(line, "null") && !eatCount(line, &window))
            return false;
    }
    if (!eat(line, "}"))
        return false;
    // The DOM path takes the model from the payload when info has none: such a line is the DOM's, and so
    // is one with any escape in the rest, which could spell that key ("mod\u0065l").
    if (line.find('\\') != std::string_view::npos)
        return false;
    out->hasInfo = true;
    return (line.starts_with(',') || line.starts_with('}')) && closesPayload(line, true);
}

bool CodexFastLine::readToolOutput(std::string_view line, ToolOutput* out)
{
    if (!eatTimestamp(line, &out->timestampMs)
        || !eat(line, ",\"type\":\"response_item\",\"payload\":{\"type\":\""))
        return false;
    if (!eat(line, "function_call_output\"") && !eat(line, "custom_tool_call_output\""))
        return false;
    if (!eat(line, ",\"call_id\":\""))
        return false;
    size_t idEnd = 0;
    while (idEnd < line.size()
        && ((line[idEnd] >= 'a' && line[idEnd] <= 'z') || (line[idEnd] >= 'A' && line[idEnd] <= 'Z')
            || (line[idEnd] >= '0' && line[idEnd] <= '9') || line[idEnd] == '_' || line[idEnd] == '-'))
        ++idEnd;
    if (idEnd == 0 || idEnd >= line.size() || line[idEnd] != '"')
        return false;
    out->callId = line.substr(0, idEnd);
    line.remove_prefix(idEnd + 1);
    if (!eat(line, ",\"output\":\"Exit code: "))
        return false;
    // As the DOM path reads the text: a failure unless the code is exactly 0. An escape right after
    // the digits could hide another digit (\u0031) and is the DOM's, as is a code that is not digits.
    if (line.empty())
        return false;
    if (line[0] >= '1' && line[0] <= '9')
        out->isError = true;
    else if (line[0] != '0' || line.size() < 3)
        return false;
    else if (line[1] >= '0' && line[1] <= '9')
        out->isError = true;
    else if (line[1] == '"' || (line[1] == '\\' && line[2] != 'u'))
        out->isError = false;
    else
        return false;
    const size_t end = stringEnd(line);
    if (end == std::string_view::npos)
        return false;
    // Nothing after the output but the ends of the payload and the envelope.
    return line.substr(end + 1) == "}}";
}

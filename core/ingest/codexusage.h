// SPDX-License-Identifier: MIT
#pragma once

#include "domain/tokencounts.h"

#include <charconv>
#include <QByteArray>
#include <string_view>

// One Codex token usage vector as the agent logs it (formats.md §1.1): input includes cached input,
// output includes reasoning, total = input + output.
struct CodexUsage
{
    qint64 input = 0;
    qint64 cached = 0;
    qint64 output = 0;
    qint64 reasoning = 0;
    qint64 total = 0;

    bool isZero() const { return input == 0 && cached == 0 && output == 0 && reasoning == 0; }
    // Every field at least other's.
    bool covers(const CodexUsage& other) const
    {
        return input >= other.input && cached >= other.cached && output >= other.output
            && reasoning >= other.reasoning && total >= other.total;
    }
    CodexUsage minus(const CodexUsage& other) const
    {
        auto sub = [](qint64 a, qint64 b) { return a > b ? a - b : 0; };
        return { sub(input, other.input), sub(cached, other.cached), sub(output, other.output),
            sub(reasoning, other.reasoning), sub(total, other.total) };
    }
    // The disjoint buckets the store bills: cached input is part of input and reasoning part of
    // output, so each is taken out of its parent once and nothing is billed twice.
    TokenCounts normalised() const
    {
        TokenCounts tokens;
        const qint64 cachedPart = qMin(cached, input);
        const qint64 reasoningPart = qMin(reasoning, output);
        tokens.input = input - cachedPart;
        tokens.cacheRead = cachedPart;
        tokens.output = output - reasoningPart;
        tokens.reasoning = reasoningPart;
        return tokens;
    }
    // The vector as text, the thread-unique part of a record key.
    QByteArray key() const
    {
        char buffer[kKeyChars];
        const std::string_view text = formatKey(buffer);
        return QByteArray(text.data(), qsizetype(text.size()));
    }
    // The key formatted into buffer: five QByteArray::number temporaries per request were 6 % of a cold
    // Codex parse, and a QByteArray for it another allocation per request.
    static constexpr size_t kKeyChars = 5 * 21;
    std::string_view formatKey(char (&buffer)[kKeyChars]) const
    {
        char* end = buffer;
        for (const qint64 value : { input, cached, output, reasoning, total }) {
            if (end != buffer)
                *end++ = ',';
            end = std::to_chars(end, buffer + kKeyChars, value).ptr;
        }
        return std::string_view(buffer, size_t(end - buffer));
    }
    friend bool operator==(const CodexUsage&, const CodexUsage&) = default;
};

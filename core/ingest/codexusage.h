// SPDX-License-Identifier: MIT
#pragma once

#include "domain/tokencounts.h"

#include <QByteArray>
#include <charconv>

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
        // Formatted in place: five QByteArray::number temporaries per request were 6 % of a cold
        // Codex parse.
        char text[5 * 21];
        char* end = text;
        for (const qint64 value : { input, cached, output, reasoning, total }) {
            if (end != text)
                *end++ = ',';
            end = std::to_chars(end, text + sizeof text, value).ptr;
        }
        return QByteArray(text, qsizetype(end - text));
    }
    friend bool operator==(const CodexUsage&, const CodexUsage&) = default;
};

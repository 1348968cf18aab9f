// SPDX-License-Identifier: MIT
#pragma once

#include "domain/tokencounts.h"
#include "sqlitestatement.h"

// The six token buckets are six adjacent columns in every table and query that holds them, always in
// this order: input, output, cache read, cache write 5m, cache write 1h, reasoning.
class TokenColumns
{
public:
    static constexpr int kCount = 6;

    static TokenCounts read(const SqliteStatement& statement, int firstColumn)
    {
        TokenCounts tokens;
        tokens.input = statement.int64(firstColumn);
        tokens.output = statement.int64(firstColumn + 1);
        tokens.cacheRead = statement.int64(firstColumn + 2);
        tokens.cacheWrite5m = statement.int64(firstColumn + 3);
        tokens.cacheWrite1h = statement.int64(firstColumn + 4);
        tokens.reasoning = statement.int64(firstColumn + 5);
        return tokens;
    }

    // Parameters are 1-based, as in SQLite.
    static void bind(SqliteStatement& statement, int firstParameter, const TokenCounts& tokens)
    {
        statement.bind(firstParameter, tokens.input);
        statement.bind(firstParameter + 1, tokens.output);
        statement.bind(firstParameter + 2, tokens.cacheRead);
        statement.bind(firstParameter + 3, tokens.cacheWrite5m);
        statement.bind(firstParameter + 4, tokens.cacheWrite1h);
        statement.bind(firstParameter + 5, tokens.reasoning);
    }
};

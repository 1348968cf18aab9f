// SPDX-License-Identifier: MIT
#pragma once

#include "codexusage.h"
#include "datastreamwriter.h"

#include <QDataStream>
#include <vector>

// Turns a thread's stream of usage snapshots (token_count events, token_usage_record lines) into
// billed requests, once each (formats.md §3.5, "recommended per-turn derivation"):
// - a snapshot whose thread total equals the high-water mark is a re-emit (or the other form of a
//   request already counted) and is dropped;
// - a growing total is a new request, billed from last_token_usage, else from the growth;
// - a total below the high-water mark is a stale snapshot and dropped, unless the snapshot consists of
//   exactly its last_token_usage: then the counter started over (a genuine reset) and it is billed;
// - a total equal to one of the last few counted totals is an old snapshot shown again, never a reset.
class CodexTokenLedger
{
public:
    enum class Verdict
    {
        Count, // bill usage
        Unchanged, // same total as the high-water mark: already counted
        Stale, // total went back without a reset: an out-of-order snapshot
        Empty // nothing to bill (all zero, or no vector at all)
    };
    struct Step
    {
        Verdict verdict = Verdict::Empty;
        CodexUsage usage; // what to bill when verdict == Count
    };

    Step observe(const CodexUsage* total, const CodexUsage* last);
    bool hasTotal() const { return m_hasTotal; }
    const CodexUsage& highWater() const { return m_high; }

    // Saved with a parser's state; read back with operator>>.
    void writeTo(DataStreamWriter& out) const;
    friend QDataStream& operator>>(QDataStream& in, CodexTokenLedger& ledger);

private:
    bool isRecent(const CodexUsage& total) const;
    void remember(const CodexUsage& total);

    static constexpr int kRecent = 8;
    CodexUsage m_high;
    bool m_hasTotal = false;
    std::vector<CodexUsage> m_recent; // the last kRecent totals counted, oldest first
};

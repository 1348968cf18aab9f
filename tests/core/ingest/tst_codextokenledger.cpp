// SPDX-License-Identifier: MIT
// The Codex token ledger (formats.md §3.5): which usage snapshots are new requests, and how much each
// bills, including across a saved and restored state.
#include "ingest/codextokenledger.h"

#include <QIODevice>
#include <QTest>

namespace {
CodexUsage usage(qint64 input, qint64 cached, qint64 output, qint64 reasoning)
{
    return { input, cached, output, reasoning, input + output };
}
using Verdict = CodexTokenLedger::Verdict;
} // namespace

class TestCodexTokenLedger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void growingTotalsBillLastUsage();
    void growthWithoutLastUsage();
    void reEmitIsNotCountedAgain();
    void regressionIsStaleUnlessReset();
    void oldSnapshotIsNeverAReset();
    void zeroUsageIsEmpty();
    void normalisedBucketsAreDisjoint();
    void stateRoundTrip();
};

void TestCodexTokenLedger::growingTotalsBillLastUsage()
{
    CodexTokenLedger ledger;
    const CodexUsage t1 = usage(100, 50, 10, 4), t2 = usage(250, 120, 30, 10), l2 = usage(150, 70, 20, 6);
    auto step = ledger.observe(&t1, &t1);
    QCOMPARE(step.verdict, Verdict::Count);
    QCOMPARE(step.usage, t1);
    step = ledger.observe(&t2, &l2);
    QCOMPARE(step.verdict, Verdict::Count);
    QCOMPARE(step.usage, l2);
    QCOMPARE(ledger.highWater(), t2);
}

void TestCodexTokenLedger::growthWithoutLastUsage()
{
    CodexTokenLedger ledger;
    const CodexUsage t1 = usage(100, 50, 10, 4), t2 = usage(250, 120, 30, 10);
    QCOMPARE(ledger.observe(&t1, nullptr).usage, t1);
    const auto step = ledger.observe(&t2, nullptr);
    QCOMPARE(step.verdict, Verdict::Count);
    QCOMPARE(step.usage, usage(150, 70, 20, 6));
}

void TestCodexTokenLedger::reEmitIsNotCountedAgain()
{
    CodexTokenLedger ledger;
    const CodexUsage t1 = usage(100, 50, 10, 4);
    ledger.observe(&t1, &t1);
    // ccusage sums last_token_usage of every event and counts this again (ccusage#1288).
    QCOMPARE(ledger.observe(&t1, &t1).verdict, Verdict::Unchanged);
    QCOMPARE(ledger.observe(&t1, nullptr).verdict, Verdict::Unchanged);
}

void TestCodexTokenLedger::regressionIsStaleUnlessReset()
{
    CodexTokenLedger ledger;
    const CodexUsage t1 = usage(100, 50, 10, 4), t2 = usage(250, 120, 30, 10), l2 = usage(150, 70, 20, 6);
    ledger.observe(&t1, &t1);
    ledger.observe(&t2, &l2);
    const CodexUsage stale = usage(200, 100, 20, 8), staleLast = usage(100, 50, 10, 4);
    QCOMPARE(ledger.observe(&stale, &staleLast).verdict, Verdict::Stale);
    QCOMPARE(ledger.highWater(), t2); // the high-water mark stays
    QCOMPARE(ledger.observe(&stale, nullptr).verdict, Verdict::Stale);
    // A counter that started over: the total is exactly this request.
    const CodexUsage reset = usage(40, 0, 5, 1);
    const auto step = ledger.observe(&reset, &reset);
    QCOMPARE(step.verdict, Verdict::Count);
    QCOMPARE(step.usage, reset);
    QCOMPARE(ledger.highWater(), reset);
}

void TestCodexTokenLedger::oldSnapshotIsNeverAReset()
{
    // The thread's first snapshot shown again later looks like a reset (total == last); it is stale.
    CodexTokenLedger ledger;
    const CodexUsage t1 = usage(100, 50, 10, 4), t2 = usage(250, 120, 30, 10), l2 = usage(150, 70, 20, 6);
    ledger.observe(&t1, &t1);
    ledger.observe(&t2, &l2);
    QCOMPARE(ledger.observe(&t1, &t1).verdict, Verdict::Stale);
    QCOMPARE(ledger.highWater(), t2);
}

void TestCodexTokenLedger::zeroUsageIsEmpty()
{
    CodexTokenLedger ledger;
    const CodexUsage zero;
    QCOMPARE(ledger.observe(&zero, &zero).verdict, Verdict::Empty);
    QCOMPARE(ledger.observe(nullptr, nullptr).verdict, Verdict::Empty);
}

void TestCodexTokenLedger::normalisedBucketsAreDisjoint()
{
    const TokenCounts tokens = CodexUsage { 11020, 9600, 301, 220, 11321 }.normalised();
    QCOMPARE(tokens.input, 1420);
    QCOMPARE(tokens.cacheRead, 9600);
    QCOMPARE(tokens.output, 81);
    QCOMPARE(tokens.reasoning, 220);
    QCOMPARE(tokens.total(), 11321); // Codex's own total: nothing billed twice
    // Cached beyond input (corrupt) is clamped, never negative.
    const TokenCounts clamped = CodexUsage { 10, 20, 5, 9, 15 }.normalised();
    QCOMPARE(clamped.input, 0);
    QCOMPARE(clamped.cacheRead, 10);
    QCOMPARE(clamped.output, 0);
    QCOMPARE(clamped.reasoning, 5);
}

void TestCodexTokenLedger::stateRoundTrip()
{
    CodexTokenLedger ledger;
    const CodexUsage t1 = usage(100, 50, 10, 4), t2 = usage(250, 120, 30, 10), l2 = usage(150, 70, 20, 6);
    ledger.observe(&t1, &t1);
    ledger.observe(&t2, &l2);
    QByteArray state;
    {
        QDataStream out(&state, QIODevice::WriteOnly);
        out << ledger;
    }
    CodexTokenLedger restored;
    QDataStream in(state);
    in >> restored;
    QCOMPARE(restored.highWater(), t2);
    QCOMPARE(restored.observe(&t2, &l2).verdict, Verdict::Unchanged);
    QCOMPARE(restored.observe(&t1, &t1).verdict, Verdict::Stale);
}

QTEST_GUILESS_MAIN(TestCodexTokenLedger)
#include "tst_codextokenledger.moc"

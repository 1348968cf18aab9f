// SPDX-License-Identifier: MIT
// The Codex token ledger (formats.md §3.5): which usage snapshots are new requests, and how much each
// bills, including across a saved and restored state.
#include "ingest/codextokenledger.h"

#include <limits>
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
    void writerMatchesQDataStream();
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
    DataStreamWriter out(0);
    ledger.writeTo(out);
    const QByteArray state = out.take();
    // The layout states saved by earlier versions have (QDataStream's): read back field by field.
    {
        QDataStream in(state);
        bool hasTotal = false;
        qint64 high[5] = {};
        qint32 count = 0;
        in >> hasTotal >> high[0] >> high[1] >> high[2] >> high[3] >> high[4] >> count;
        QVERIFY(hasTotal);
        QCOMPARE(high[0], t2.input);
        QCOMPARE(high[1], t2.cached);
        QCOMPARE(high[2], t2.output);
        QCOMPARE(high[3], t2.reasoning);
        QCOMPARE(high[4], t2.total);
        QCOMPARE(count, 2); // t1 and t2, 40 bytes each
        QCOMPARE(state.size(), 1 + 5 * 8 + 4 + 2 * 40);
    }
    CodexTokenLedger restored;
    QDataStream in(state);
    in >> restored;
    QCOMPARE(restored.highWater(), t2);
    QCOMPARE(restored.observe(&t2, &l2).verdict, Verdict::Unchanged);
    QCOMPARE(restored.observe(&t1, &t1).verdict, Verdict::Stale);
}

// Parser states are written with DataStreamWriter and read with QDataStream: the bytes must be the
// same as QDataStream's for every kind of value a state holds.
void TestCodexTokenLedger::writerMatchesQDataStream()
{
    const QByteArray null, empty(""), text("019a-thread \xff\x00 end", 18);
    const qint32 small[] = { 0, 1, -1, 0x12345678, std::numeric_limits<qint32>::min() };
    const qint64 large[] = { 0, -2, 0x0102030405060708LL, std::numeric_limits<qint64>::max() };
    QByteArray expected;
    QDataStream reference(&expected, QIODevice::WriteOnly);
    DataStreamWriter writer(4);
    for (const QByteArray& bytes : { null, empty, text }) {
        reference << bytes;
        writer << bytes;
    }
    for (qint32 value : small) {
        reference << value;
        writer << value;
    }
    for (qint64 value : large) {
        reference << value;
        writer << value;
    }
    for (bool value : { true, false }) {
        reference << value;
        writer << value;
    }
    const QByteArray written = writer.take();
    QCOMPARE(written.toHex(' '), expected.toHex(' '));

    QDataStream in(written);
    QByteArray a("x"), b, c;
    in >> a >> b >> c;
    QVERIFY(a.isNull());
    QVERIFY(!b.isNull() && b.isEmpty());
    QCOMPARE(c, text);
}

QTEST_GUILESS_MAIN(TestCodexTokenLedger)
#include "tst_codextokenledger.moc"

// SPDX-License-Identifier: MIT
// BulkKeyIndex answers what the key index would: every row stored under a hash, in rowid order.
#include "store/bulkkeyindex.h"

#include <limits>
#include <QTest>
#include <vector>

class TestBulkKeyIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsOfAHashInRowidOrder();
    void clearForgetsEverything();
    void claimReservesTheFirstRow();
    void everyKeyFoundAfterGrowing();
    void unfilledClaimsSurviveGrowing();
};

void TestBulkKeyIndex::rowsOfAHashInRowidOrder()
{
    BulkKeyIndex index;
    QVERIFY(!index.contains(7));
    QVERIFY(index.rows(7).isEmpty());
    index.add(7, 12);
    index.add(9, 4);
    index.add(7, 3); // a second request under the same message id
    index.add(7, 5); // listed by rowid whatever order they came in
    QVERIFY(index.contains(7));
    QCOMPARE(index.rows(7), BulkKeyIndex::Rows({ 3, 5, 12 }));
    QCOMPARE(index.rows(9), BulkKeyIndex::Rows({ 4 }));
    QVERIFY(!index.contains(8));
}

void TestBulkKeyIndex::clearForgetsEverything()
{
    BulkKeyIndex index;
    index.add(1, 1);
    index.add(1, 2);
    index.clear();
    QVERIFY(!index.contains(1));
    QVERIFY(index.rows(1).isEmpty());
}

// claim() is contains() and the first add() in one lookup; a claim never filled (its insert failed)
// leaves the hash without rows.
void TestBulkKeyIndex::claimReservesTheFirstRow()
{
    BulkKeyIndex index;
    qint64* first = index.claim(7);
    QVERIFY(first);
    *first = 12;
    QVERIFY(index.contains(7));
    QCOMPARE(index.claim(7), nullptr); // has a row: the caller compares with it
    index.add(7, 3);
    QCOMPARE(index.rows(7), BulkKeyIndex::Rows({ 3, 12 }));

    QVERIFY(index.claim(9)); // not filled
    QVERIFY(!index.contains(9));
    QVERIFY(index.rows(9).isEmpty());
    first = index.claim(9); // offered again
    QVERIFY(first);
    *first = 20;
    QCOMPARE(index.rows(9), BulkKeyIndex::Rows({ 20 }));
}

// Hashes are arbitrary 64-bit values, 0 and the extremes included. On the way to 100,000 keys the hash
// tables grow many times and must keep every key, and the second rows of two, where lookups find them.
void TestBulkKeyIndex::everyKeyFoundAfterGrowing()
{
    std::vector<qint64> keys
        = { 0, -1, std::numeric_limits<qint64>::min(), std::numeric_limits<qint64>::max() };
    for (qint64 i = 1; i <= 100000; ++i)
        keys.push_back(i << 32); // keys that differ only in their high bits
    BulkKeyIndex index;
    for (size_t i = 0; i < keys.size(); ++i)
        index.add(keys[i], qint64(i) + 1);
    const qint64 last = qint64(keys.size());
    index.add(keys[50000], last + 1);
    index.add(keys[0], last + 2);
    for (size_t i = 0; i < keys.size(); ++i) {
        BulkKeyIndex::Rows expected { qint64(i) + 1 };
        if (i == 50000)
            expected.append(last + 1);
        if (i == 0)
            expected.append(last + 2);
        if (index.rows(keys[i]) != expected)
            QFAIL(qPrintable(QStringLiteral("key %1 lost").arg(keys[i])));
    }
    QVERIFY(!index.contains(12345));
    QVERIFY(index.rows(qint64(100001) << 32).isEmpty());
}

// A claim that was never filled leaves its hash without rows while the table grows many times, the hash
// can be claimed again, and every other hash is still found. Hash 0 behaves like any other (a row of
// 0, not a hash, marks an empty slot).
void TestBulkKeyIndex::unfilledClaimsSurviveGrowing()
{
    BulkKeyIndex index;
    QVERIFY(index.claim(0));
    QVERIFY(index.claim(5));
    for (qint64 i = 1; i <= 20000; ++i)
        index.add(i * 7919, i);
    QVERIFY(!index.contains(0));
    QVERIFY(!index.contains(5));
    qint64* zero = index.claim(0);
    QVERIFY(zero);
    *zero = 30000;
    qint64* five = index.claim(5);
    QVERIFY(five);
    *five = 30001;
    QCOMPARE(index.rows(0), BulkKeyIndex::Rows({ 30000 }));
    QCOMPARE(index.rows(5), BulkKeyIndex::Rows({ 30001 }));
    for (qint64 i = 1; i <= 20000; ++i) {
        if (index.rows(i * 7919) != BulkKeyIndex::Rows({ i }))
            QFAIL(qPrintable(QStringLiteral("key %1 lost").arg(i * 7919)));
    }
    QCOMPARE(index.claim(0), nullptr);
}

QTEST_GUILESS_MAIN(TestBulkKeyIndex)
#include "tst_bulkkeyindex.moc"

// SPDX-License-Identifier: MIT
// BulkKeyIndex answers what the key index would: every row stored under a hash, in rowid order.
#include "store/bulkkeyindex.h"

#include <QTest>

class TestBulkKeyIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rowsOfAHashInRowidOrder();
    void clearForgetsEverything();
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

QTEST_GUILESS_MAIN(TestBulkKeyIndex)
#include "tst_bulkkeyindex.moc"

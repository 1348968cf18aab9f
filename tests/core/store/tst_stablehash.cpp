// SPDX-License-Identifier: MIT
// StableHash is stored in every database (the key indexes): its values must never change without a
// migration that computes them again, and its low bits must spread (BulkKeyIndex takes them as slots).
#include "store/stablehash.h"

#include <QSet>
#include <QTest>

class TestStableHash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valuesAreFixed_data();
    void valuesAreFixed();
    void everyByteCounts();
    void lowBitsSpread();
    void portableProductIsTheSame();
};

void TestStableHash::valuesAreFixed_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<qint64>("hash");
    // Values of schema 8 (migration 0008_stable_hash.sql): the empty key, a tail alone, one whole
    // word, a word and a tail, a Codex request key.
    QTest::newRow("empty") << QByteArray("") << Q_INT64_C(1034098277363031553);
    QTest::newRow("tail") << QByteArray("a") << Q_INT64_C(-4797431040228251335);
    QTest::newRow("word") << QByteArray("abcdefgh") << Q_INT64_C(-2481980432638870117);
    QTest::newRow("word and tail") << QByteArray("abcdefghi") << Q_INT64_C(308218727405976269);
    QTest::newRow("codex key") << QByteArray(
        "codex:01a0ae2e-b8a5-7f8c-9039-1f233ce029c4:14533,13951,337,259,14870")
                               << Q_INT64_C(-2338078422674841958);
}

void TestStableHash::valuesAreFixed()
{
    QFETCH(QByteArray, key);
    QFETCH(qint64, hash);
    QCOMPARE(StableHash::of(key), hash);
}

void TestStableHash::everyByteCounts()
{
    // Each byte of a 38-byte key flipped in each bit, and the key cut at every length (trailing zero
    // bytes included): all distinct hashes.
    const QByteArray key = "msg_01XFDUDYJgAACzvnptvVoYEL|req_011CZ";
    QSet<qint64> seen { StableHash::of(key) };
    for (qsizetype at = 0; at < key.size(); ++at) {
        for (int bit = 0; bit < 8; ++bit) {
            QByteArray changed = key;
            changed[at] = char(changed[at] ^ (1 << bit));
            seen.insert(StableHash::of(changed));
        }
    }
    QCOMPARE(seen.size(), 1 + key.size() * 8);
    QSet<qint64> prefixes;
    QByteArray zeros(17, '\0');
    for (qsizetype length = 0; length <= zeros.size(); ++length)
        prefixes.insert(StableHash::of(QByteArrayView(zeros.constData(), length)));
    QCOMPARE(prefixes.size(), zeros.size() + 1);
}

void TestStableHash::lowBitsSpread()
{
    // 4,096 keys that differ in their last characters only, into 4,096 slots by their low 12 bits:
    // random slots leave about 1/e of them empty (2,589 taken); a hash whose low bits ignored the
    // last word would put them all in a few.
    QSet<quint64> slots;
    for (int i = 0; i < 4096; ++i) {
        const QByteArray key = "toolu_01ABCDEFGHJKLMNOPQRS" + QByteArray::number(i);
        slots.insert(quint64(StableHash::of(key)) & 4095);
    }
    QVERIFY2(slots.size() > 2400, qPrintable(QString::number(slots.size())));
}

void TestStableHash::portableProductIsTheSame()
{
#ifdef __SIZEOF_INT128__
    // Carries between the 32-bit partial products are where a portable multiply goes wrong: values
    // with all bits set, the top bit alone, and a spread of others.
    const quint64 values[] = { 0, 1, 0xffffffffULL, 0x100000000ULL, 0x8000000000000000ULL,
        0xffffffffffffffffULL, 0x243f6a8885a308d3ULL, 0xfedcba9876543210ULL };
    quint64 x = 0x9e3779b97f4a7c15ULL;
    for (const quint64 factor : { 0x9e3779b97f4a7c15ULL, 0xd1b54a32d192ed03ULL, 0xffffffffffffffffULL }) {
        for (const quint64 value : values)
            QCOMPARE(StableHash::foldPortable(value, factor), StableHash::fold(value, factor));
        for (int i = 0; i < 1000; ++i) {
            x ^= x << 13; // xorshift64: a spread of values
            x ^= x >> 7;
            x ^= x << 17;
            QCOMPARE(StableHash::foldPortable(x, factor), StableHash::fold(x, factor));
        }
    }
#else
    QSKIP("no 128-bit integer: fold() is foldPortable()");
#endif
}

QTEST_APPLESS_MAIN(TestStableHash)
#include "tst_stablehash.moc"

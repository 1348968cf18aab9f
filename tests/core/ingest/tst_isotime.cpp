// SPDX-License-Identifier: MIT
#include "ingest/isotime.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTest>

class TestIsoTime : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void canonicalFormReadsAsTheGeneralReaderDoes();
};

void TestIsoTime::parse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("expected");
    auto ms = [](const char* iso) {
        return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
    };
    QTest::newRow("millis Z") << QByteArray("2026-05-04T09:12:06.480Z") << ms("2026-05-04T09:12:06.480Z");
    QTest::newRow("no fraction") << QByteArray("2026-05-04T09:12:06Z") << ms("2026-05-04T09:12:06Z");
    QTest::newRow("micros") << QByteArray("2026-05-04T09:12:06.123456Z") << ms("2026-05-04T09:12:06.123Z");
    QTest::newRow("offset") << QByteArray("2026-05-04T11:12:06.000+02:00") << ms("2026-05-04T09:12:06.000Z");
    QTest::newRow("negative offset") << QByteArray("2026-05-04T04:12:06-0500") << ms("2026-05-04T09:12:06Z");
    QTest::newRow("leap day") << QByteArray("2024-02-29T00:00:00.000Z") << ms("2024-02-29T00:00:00.000Z");
    QTest::newRow("epoch") << QByteArray("1970-01-01T00:00:00Z") << qint64(0);
    QTest::newRow("garbage") << QByteArray("yesterday") << qint64(0);
    QTest::newRow("empty") << QByteArray() << qint64(0);
    QTest::newRow("bad month") << QByteArray("2026-13-04T09:12:06Z") << qint64(0);
    QTest::newRow("trailing junk") << QByteArray("2026-05-04T09:12:06Zx") << qint64(0);
}

void TestIsoTime::parse()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, expected);
    QCOMPARE(IsoTime::parseMs(std::string_view(text.constData(), size_t(text.size()))), expected);
}

void TestIsoTime::canonicalFormReadsAsTheGeneralReaderDoes()
{
    // parseCanonicalMs() takes the 24-byte form without the general reader's loops: on that form it must
    // give the general reader's time, and on anything the general reader refuses it must refuse too.
    // Random times across the years, then each with one byte replaced by a random byte.
    QRandomGenerator random(20261124);
    int canonical = 0;
    int refused = 0;
    for (int i = 0; i < 200'000; ++i) {
        const QDateTime time
            = QDateTime::fromMSecsSinceEpoch(qint64(random.bounded(quint64(253402300799999ULL))), Qt::UTC);
        QByteArray text = time.toString(Qt::ISODateWithMs).toLatin1();
        QCOMPARE(text.size(), 24);
        if (i % 2 == 1) {
            const int at = int(random.bounded(24));
            text[at] = char(random.bounded(256));
        }
        const std::string_view view(text.constData(), size_t(text.size()));
        qint64 ms = -1;
        if (IsoTime::parseCanonicalMs(view, &ms)) {
            ++canonical;
            QCOMPARE(ms, IsoTime::parseAnyMs(view));
            if (i % 2 == 0)
                QCOMPARE(ms, time.toMSecsSinceEpoch());
        } else {
            ++refused; // the general reader may still take it ("T" as a space, "z", four fraction digits)
        }
        QCOMPARE(IsoTime::parseMs(view), IsoTime::parseAnyMs(view));
    }
    QVERIFY(canonical > 100'000 && refused > 50'000);
}

QTEST_GUILESS_MAIN(TestIsoTime)
#include "tst_isotime.moc"

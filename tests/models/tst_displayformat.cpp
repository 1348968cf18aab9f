// SPDX-License-Identifier: MIT
#include "displayformat.h"

#include <QLocale>
#include <QTest>

class TestDisplayFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void money_data();
    void money();
    void moneyWithUnpriced();
    void tokens_data();
    void tokens();
    void duration_data();
    void duration();
};

void TestDisplayFormat::money_data()
{
    QTest::addColumn<std::optional<double>>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("unpriced") << std::optional<double>() << QStringLiteral("unpriced");
    QTest::newRow("zero") << std::optional<double>(0.0) << QStringLiteral("$0.00");
    QTest::newRow("dollars") << std::optional<double>(1234.567) << QStringLiteral("$1234.57");
    QTest::newRow("cents") << std::optional<double>(0.25) << QStringLiteral("$0.250");
    QTest::newRow("fractions of a cent") << std::optional<double>(0.0042) << QStringLiteral("$0.00420");
}

void TestDisplayFormat::money()
{
    QFETCH(std::optional<double>, value);
    QFETCH(QString, text);
    QCOMPARE(DisplayFormat::money(value), text);
}

void TestDisplayFormat::moneyWithUnpriced()
{
    QCOMPARE(DisplayFormat::money(12.5, 0), QStringLiteral("$12.50"));
    QCOMPARE(DisplayFormat::money(12.5, 1), QStringLiteral("$12.50 + 1 unpriced"));
    QCOMPARE(DisplayFormat::money(0, 3), QStringLiteral("$0.00 + 3 unpriced"));
}

void TestDisplayFormat::tokens_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("small") << qint64(950) << QStringLiteral("950");
    QTest::newRow("thousands") << qint64(1234) << QStringLiteral("1.23k");
    QTest::newRow("tens of thousands") << qint64(12345) << QStringLiteral("12.3k");
    QTest::newRow("millions") << qint64(4'560'000) << QStringLiteral("4.56M");
    QTest::newRow("billions") << qint64(1'200'000'000) << QStringLiteral("1.20B");
}

void TestDisplayFormat::tokens()
{
    QFETCH(qint64, value);
    QFETCH(QString, text);
    QCOMPARE(DisplayFormat::tokens(value), text);
}

void TestDisplayFormat::duration_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("unknown") << qint64(-1) << QStringLiteral("–");
    QTest::newRow("ms") << qint64(320) << QStringLiteral("320 ms");
    QTest::newRow("s") << qint64(45'000) << QStringLiteral("45 s");
    QTest::newRow("min") << qint64(725'000) << QStringLiteral("12 min 05 s");
    QTest::newRow("h") << qint64(3 * 3600'000 + 7 * 60'000) << QStringLiteral("3 h 07 min");
}

void TestDisplayFormat::duration()
{
    QFETCH(qint64, value);
    QFETCH(QString, text);
    QCOMPARE(DisplayFormat::duration(value), text);
}

QTEST_GUILESS_MAIN(TestDisplayFormat)
#include "tst_displayformat.moc"

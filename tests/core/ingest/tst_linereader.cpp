// SPDX-License-Identifier: MIT
#include "ingest/linereader.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;

class TestLineReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void completeLinesOnly();
    void resumesFromOffset();
    void growsForLongLines();
    void skipsOversizedLines();
    void stripsCarriageReturns();
    void paddingAfterEveryLine();
};

namespace {
QStringList readAll(LineReader& reader)
{
    QStringList lines;
    LineReader::Line line;
    while (reader.next(line))
        lines << QString::fromUtf8(line.text.data(), qsizetype(line.text.size()));
    return lines;
}
} // namespace

void TestLineReader::completeLinesOnly()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.jsonl"));
    writeFile(path, "one\ntwo\nthr");
    LineReader reader;
    QVERIFY(reader.open(path, 0));
    QCOMPARE(readAll(reader), QStringList({ QStringLiteral("one"), QStringLiteral("two") }));
    QCOMPARE(reader.consumedOffset(), 8);
}

void TestLineReader::resumesFromOffset()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.jsonl"));
    writeFile(path, "one\ntwo\nthree\n");
    LineReader reader;
    QVERIFY(reader.open(path, 4));
    LineReader::Line line;
    QVERIFY(reader.next(line));
    QCOMPARE(line.offset, 4);
    QCOMPARE(QByteArray(line.text.data(), qsizetype(line.text.size())), QByteArray("two"));
    QVERIFY(reader.next(line));
    QCOMPARE(line.offset, 8);
    QVERIFY(!reader.next(line));
    QCOMPARE(reader.consumedOffset(), 14);
    QVERIFY(!reader.open(dir.filePath(QStringLiteral("missing")), 0));
}

void TestLineReader::growsForLongLines()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.jsonl"));
    const QByteArray longLine(100000, 'x');
    writeFile(path, "a\n" + longLine + "\nb\n");
    LineReader reader(1024, 1 << 20); // a window far smaller than the line
    QVERIFY(reader.open(path, 0));
    const QStringList lines = readAll(reader);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[1].size(), 100000);
    QCOMPARE(lines[2], QStringLiteral("b"));
    QCOMPARE(reader.oversizedLines(), 0);
}

void TestLineReader::skipsOversizedLines()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.jsonl"));
    writeFile(path, "a\n" + QByteArray(50000, 'x') + "\nb\n" + QByteArray(5000, 'y'));
    LineReader reader(1024, 4096);
    QVERIFY(reader.open(path, 0));
    QCOMPARE(readAll(reader), QStringList({ QStringLiteral("a"), QStringLiteral("b") }));
    QCOMPARE(reader.oversizedLines(), 1);
    QCOMPARE(reader.consumedOffset(), 2 + 50001 + 2); // the unfinished tail is not consumed
}

void TestLineReader::stripsCarriageReturns()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.jsonl"));
    writeFile(path, "one\r\ntwo\n");
    LineReader reader;
    QVERIFY(reader.open(path, 0));
    QCOMPARE(readAll(reader), QStringList({ QStringLiteral("one"), QStringLiteral("two") }));
}

void TestLineReader::paddingAfterEveryLine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.jsonl"));
    QByteArray content;
    for (int i = 0; i < 1000; ++i)
        content += QByteArray::number(i).repeated(i % 50 + 1) + '\n';
    writeFile(path, content);
    LineReader reader(256, 1 << 20);
    QVERIFY(reader.open(path, 0));
    LineReader::Line line;
    int count = 0;
    while (reader.next(line)) {
        QVERIFY(line.capacity >= line.text.size() + LineReader::kPadding);
        ++count;
    }
    QCOMPARE(count, 1000);
}

QTEST_GUILESS_MAIN(TestLineReader)
#include "tst_linereader.moc"

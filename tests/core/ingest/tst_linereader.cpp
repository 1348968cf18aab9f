// SPDX-License-Identifier: MIT
#include "ingest/linereader.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <zstd.h>

using namespace TestSupport;

class TestLineReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void completeLinesOnly();
    void resumesFromOffset();
    void stopsAtTheListedSize();
    void growsForLongLines();
    void skipsOversizedLines();
    void stripsCarriageReturns();
    void paddingAfterEveryLine();
    void decompressesZstd();
    void resumesZstdAtADecompressedOffset();
    void reportsTruncatedZstd();
    void keepsItsDecoderAcrossFiles();
    void readsAWholeDocument();
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
QByteArray zstdCompress(const QByteArray& data)
{
    QByteArray out(qsizetype(ZSTD_compressBound(size_t(data.size()))), Qt::Uninitialized);
    const size_t n = ZSTD_compress(out.data(), size_t(out.size()), data.constData(), size_t(data.size()), 3);
    out.resize(qsizetype(n));
    return out;
}

QByteArray manyLines(int count)
{
    QByteArray data;
    for (int i = 0; i < count; ++i)
        data += "{\"n\":" + QByteArray::number(i) + ",\"pad\":\"" + QByteArray(i % 200, 'x') + "\"}\n";
    return data;
}
// 3,000 lines compressed, cut in the middle of the stream; returns its path in dir.
QString writeTruncatedZstd(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("cut.jsonl.zst"));
    const QByteArray compressed = zstdCompress(manyLines(3000));
    writeFile(path, compressed.left(compressed.size() / 2));
    return path;
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

// Lines appended after the file was listed are the next run's: with the listed size, the reader stops
// there, in a window of its own or across several, and the next run resumes at the consumed offset.
void TestLineReader::stopsAtTheListedSize()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("a.jsonl"));
    writeFile(path, "one\ntwo\n");
    LineReader reader;
    QVERIFY(reader.open(path, 0, nullptr, 8));
    LineReader::Line line;
    QVERIFY(reader.next(line)); // the first read took the 8 listed bytes
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write("three\n");
    }
    QCOMPARE(readAll(reader), QStringList({ QStringLiteral("two") }));
    QCOMPARE(reader.consumedOffset(), 8);
    QCOMPARE(reader.bytesRead(), 8);

    // Without a listed size (or one not past the offset) the reader reads to the end.
    QVERIFY(reader.open(path, 0));
    QCOMPARE(readAll(reader).size(), 3);
    QVERIFY(reader.open(path, 8, nullptr, 8));
    QCOMPARE(readAll(reader), QStringList({ QStringLiteral("three") }));

    // Listed at 3,000 lines, grown to 4,000 since: 1 KiB windows read the listed ones and stop after
    // the read that reaches the listed size, with the complete lines that read brought.
    const QByteArray listed = manyLines(3000);
    const QByteArray grown = manyLines(4000);
    writeFile(path, grown);
    LineReader small(1024, 1 << 20);
    QVERIFY(small.open(path, 0, nullptr, listed.size()));
    const QStringList lines = readAll(small);
    QVERIFY2(
        lines.size() >= 3000 && lines.size() < 3000 + 1024 / 8, qPrintable(QString::number(lines.size())));
    QCOMPARE(lines.back(), QString::fromUtf8(grown.split('\n').at(lines.size() - 1)));
    qint64 lineBytes = 0;
    for (const QString& text : lines)
        lineBytes += text.size() + 1;
    QCOMPARE(small.consumedOffset(), lineBytes); // resumes after the last line returned
    QVERIFY(small.bytesRead() >= listed.size() && small.bytesRead() < listed.size() + 1024);

    // A file cut below its listed size ends where its data ends.
    writeFile(path, "one\ntw");
    QVERIFY(reader.open(path, 0, nullptr, 100));
    QCOMPARE(readAll(reader), QStringList({ QStringLiteral("one") }));
    QCOMPARE(reader.consumedOffset(), 4);

    // A compressed file's offsets are not its size on disk: it is read to its end.
    const QString zst = dir.filePath(QStringLiteral("a.jsonl.zst"));
    const QByteArray compressed = zstdCompress(manyLines(2000));
    writeFile(zst, compressed);
    QVERIFY(small.open(zst, 0, nullptr, compressed.size()));
    QCOMPARE(readAll(small).size(), 2000);
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

void TestLineReader::decompressesZstd()
{
    // Codex rollouts and OpenClaw archives may be zstd files: lines and offsets are the decompressed
    // ones, and a stream larger than the window (several zstd blocks) reads through.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rollout.jsonl.zst"));
    const QByteArray plain = manyLines(20000) + "{\"partial\":";
    writeFile(path, zstdCompress(plain));
    LineReader reader(4096);
    QVERIFY(reader.open(path, 0));
    const QStringList lines = readAll(reader);
    QVERIFY(reader.error().isEmpty());
    QCOMPARE(lines.size(), 20000);
    QCOMPARE(lines.last(),
        QStringLiteral("{\"n\":19999,\"pad\":\"%1\"}").arg(QString(19999 % 200, QLatin1Char('x'))));
    QCOMPARE(reader.consumedOffset(), qint64(plain.size() - 11)); // the partial line stays unread
    QCOMPARE(reader.bytesRead(), QFileInfo(path).size()); // progress counts the bytes on disk
}

void TestLineReader::resumesZstdAtADecompressedOffset()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("archive.jsonl.zst"));
    const QByteArray plain = manyLines(5000);
    writeFile(path, zstdCompress(plain));
    const qint64 offset = plain.indexOf("{\"n\":3000,");
    LineReader reader(4096);
    QVERIFY(reader.open(path, offset));
    const QStringList lines = readAll(reader);
    QCOMPARE(lines.size(), 2000);
    QVERIFY(lines.first().startsWith(QStringLiteral("{\"n\":3000,")));
    LineReader::Line line;
    QVERIFY(reader.open(path, offset));
    QVERIFY(reader.next(line));
    QCOMPARE(line.offset, offset);
    // An offset beyond the decompressed end cannot be resumed: an error, not an empty read.
    QString error;
    QVERIFY(!reader.open(path, plain.size() + 100, &error));
    QVERIFY(!error.isEmpty());
}

void TestLineReader::reportsTruncatedZstd()
{
    QTemporaryDir dir;
    const QString path = writeTruncatedZstd(dir);
    LineReader reader(4096);
    QVERIFY(reader.open(path, 0));
    const QStringList lines = readAll(reader);
    QVERIFY(!lines.isEmpty()); // what decoded before the cut is kept
    QCOMPARE(reader.error(), QStringLiteral("truncated zstd data"));
}

void TestLineReader::keepsItsDecoderAcrossFiles()
{
    // The reader keeps its decoder for the next compressed file: left in the middle of a frame, it
    // must start the next file afresh, and a plain file between them reads as plain.
    QTemporaryDir dir;
    const QString path = writeTruncatedZstd(dir);
    LineReader reader(4096);
    const QString whole = dir.filePath(QStringLiteral("whole.jsonl.zst"));
    const QString plain = dir.filePath(QStringLiteral("plain.jsonl"));
    writeFile(whole, zstdCompress(manyLines(3000)));
    writeFile(plain, manyLines(10));
    auto readsWhole = [&]() {
        QVERIFY(reader.open(whole, 0));
        const QStringList again = readAll(reader);
        QVERIFY(reader.error().isEmpty());
        QCOMPARE(again.size(), 3000);
        QVERIFY(again.first().startsWith(QStringLiteral("{\"n\":0,")));
    };
    // After a read that ended in an error (the file ends inside a frame)...
    QVERIFY(reader.open(path, 0));
    readAll(reader);
    QCOMPARE(reader.error(), QStringLiteral("truncated zstd data"));
    readsWhole();
    // ...and after one left in the middle of a frame.
    QVERIFY(reader.open(path, 0));
    LineReader::Line line;
    QVERIFY(reader.next(line));
    QVERIFY(reader.open(plain, 0));
    QCOMPARE(readAll(reader).size(), 10);
    readsWhole();
}

void TestLineReader::readsAWholeDocument()
{
    // Documents rewritten whole (Gemini's legacy session JSON) are read in one piece with padding.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("session.json"));
    const QByteArray document = "{\n  \"messages\": [\n    1,\n    2\n  ]\n}\n" + QByteArray(200000, ' ');
    writeFile(path, document);
    LineReader reader(4096, 1 << 20);
    QVERIFY(reader.open(path, 0));
    std::string out;
    size_t length = 0;
    QString error;
    QVERIFY(reader.readAll(out, &length, &error));
    QCOMPARE(qsizetype(length), document.size());
    QCOMPARE(QByteArray(out.data(), qsizetype(length)), document);
    QVERIFY(out.size() >= length + LineReader::kPadding);
    QCOMPARE(reader.consumedOffset(), document.size());
    // Larger than the maximum line size: refused with a reason, never buffered without bound.
    LineReader small(4096, 65536);
    QVERIFY(small.open(path, 0));
    QVERIFY(!small.readAll(out, &length, &error));
    QVERIFY(error.contains(QStringLiteral("larger than")));
}

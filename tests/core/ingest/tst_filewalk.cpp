// SPDX-License-Identifier: MIT
#include "ingest/filewalk.h"

#include <QDir>
#include <dirent.h>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// FileWalk replaces QDirIterator in discovery, and the paths it lists are the keys of the stored ingest
// cursors: every path must be listed as the same string QDirIterator gave, or an upgraded AgentMeter
// would read every log again.
class TestFileWalk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsWhatQDirIteratorLists_data();
    void listsWhatQDirIteratorLists();
    void sortsByBytes();
    void suffixIgnoresAsciiCase();
    void missingRootListsNothing();
    void stopsWhenAsked();
    void anyFileStopsAtTheFirstMatch();
    void kindWithoutTheEntryType();

private:
    QTemporaryDir m_dir;
};

namespace {
void touch(const QString& path)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{}\n");
}

QStringList qtListing(const QString& root)
{
    QStringList paths;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        paths << it.next();
    paths.sort();
    return paths;
}

QStringList walkListing(const QString& root)
{
    std::vector<std::string> paths;
    FileWalk::visit(root, [&](const std::string& path, std::string_view name) {
        // name must be the last component of path: a mismatch lists a path that cannot exist
        const std::string_view tail = std::string_view(path).substr(path.size() - name.size() - 1);
        paths.push_back(tail == "/" + std::string(name) ? path : "name " + std::string(name) + " of " + path);
        return true;
    });
    return FileWalk::sorted(std::move(paths));
}
} // namespace

void TestFileWalk::listsWhatQDirIteratorLists_data()
{
    QVERIFY(m_dir.isValid());
    const QString tree = m_dir.path() + QStringLiteral("/tree");
    touch(tree + QStringLiteral("/a.jsonl"));
    touch(tree + QStringLiteral("/.hidden.jsonl"));
    touch(tree + QStringLiteral("/.hiddendir/b.jsonl"));
    touch(tree + QStringLiteral("/2026/11/22/rollout-x.jsonl.zst"));
    touch(tree + QStringLiteral("/deep/er/still/c.JSONL"));
    touch(tree + QStringLiteral("/ünïcode dir/d.jsonl"));
    QVERIFY(QDir().mkpath(tree + QStringLiteral("/empty/dir")));
    touch(m_dir.path() + QStringLiteral("/outside/e.jsonl"));
    // A link to a file is listed; a link to a directory is not followed; a dangling link is no file.
    QVERIFY(QFile::link(tree + QStringLiteral("/a.jsonl"), tree + QStringLiteral("/link-to-a.jsonl")));
    QVERIFY(QFile::link(m_dir.path() + QStringLiteral("/outside"), tree + QStringLiteral("/link-to-dir")));
    QVERIFY(QFile::link(tree + QStringLiteral("/gone.jsonl"), tree + QStringLiteral("/dangling.jsonl")));
    // A fifo is not a file.
    QVERIFY(QProcess::execute(QStringLiteral("mkfifo"), { tree + QStringLiteral("/fifo.jsonl") }) == 0);

    QTest::addColumn<QString>("root");
    QTest::newRow("plain") << tree;
    QTest::newRow("trailing slash") << tree + QLatin1Char('/');
    QTest::newRow("two trailing slashes") << tree + QStringLiteral("//");
    QTest::newRow("double slash inside") << m_dir.path() + QStringLiteral("//tree");
    QTest::newRow("dot segment") << tree + QStringLiteral("/./2026");
    QTest::newRow("link as root") << tree + QStringLiteral("/link-to-dir");
    QTest::newRow("missing") << tree + QStringLiteral("/nope");
}

void TestFileWalk::listsWhatQDirIteratorLists()
{
    QFETCH(QString, root);
    const QStringList expected = qtListing(root);
    QCOMPARE(walkListing(root), expected);
    if (!root.endsWith(QLatin1String("/nope")))
        QVERIFY(!expected.isEmpty());
}

void TestFileWalk::sortsByBytes()
{
    const QStringList expected({ QStringLiteral("/B"), QStringLiteral("/a/10"), QStringLiteral("/a/9"),
        QStringLiteral("/b/2"), QStringLiteral("/ä") });
    QCOMPARE(FileWalk::sorted(std::vector<std::string> { "/b/2", "/a/10", "/a/9", "/B", "/ä" }), expected);
    // Views into one buffer, as Codex discovery keeps its paths.
    const std::string buffer = "/b/2/a/10/a/9/B/ä";
    const std::string_view all(buffer);
    QCOMPARE(FileWalk::sorted(std::vector<std::string_view> {
                 all.substr(0, 4), all.substr(4, 5), all.substr(9, 4), all.substr(13, 2), all.substr(15) }),
        expected);
}

void TestFileWalk::suffixIgnoresAsciiCase()
{
    QVERIFY(FileWalk::hasSuffix("x.jsonl", ".jsonl"));
    QVERIFY(FileWalk::hasSuffix("X.JSONL", ".jsonl"));
    QVERIFY(FileWalk::hasSuffix(".jsonl", ".jsonl"));
    QVERIFY(!FileWalk::hasSuffix("jsonl", ".jsonl"));
    QVERIFY(!FileWalk::hasSuffix("x.jsonl.zst", ".jsonl"));
}

void TestFileWalk::missingRootListsNothing()
{
    int visited = 0;
    FileWalk::visit(
        QStringLiteral("/nonexistent/agentmeter/root"), [&](const std::string&, std::string_view) {
            ++visited;
            return true;
        });
    QCOMPARE(visited, 0);
}

void TestFileWalk::stopsWhenAsked()
{
    const QString tree = m_dir.path() + QStringLiteral("/stop");
    for (const char* name : { "/a", "/b/c", "/b/d", "/e/f/g" })
        touch(tree + QLatin1String(name));
    for (int limit = 1; limit <= 4; ++limit) {
        int visited = 0;
        FileWalk::visit(tree, [&](const std::string&, std::string_view) { return ++visited < limit; });
        QCOMPARE(visited, limit);
    }
}

void TestFileWalk::anyFileStopsAtTheFirstMatch()
{
    const QString tree = m_dir.path() + QStringLiteral("/any");
    for (const char* name : { "/a.txt", "/b/c.jsonl", "/b/d.jsonl", "/e/f/g.txt" })
        touch(tree + QLatin1String(name));
    int asked = 0;
    QVERIFY(FileWalk::anyFile(tree, [&asked](std::string_view name) {
        ++asked;
        return name.ends_with(".jsonl");
    }));
    QVERIFY(asked <= 3); // not past the first .jsonl (a.txt and g.txt may come first)
    QVERIFY(!FileWalk::anyFile(tree, [](std::string_view name) { return name.ends_with(".zst"); }));
    QVERIFY(!FileWalk::anyFile(tree + QStringLiteral("/nope"), [](std::string_view) { return true; }));
}

void TestFileWalk::kindWithoutTheEntryType()
{
    // Some file systems report DT_UNKNOWN for every entry: the kind must then come out as readdir's
    // type would have given it, links to files included.
    const QString tree = m_dir.path() + QStringLiteral("/kinds");
    touch(tree + QStringLiteral("/file"));
    QVERIFY(QDir().mkpath(tree + QStringLiteral("/dir")));
    QVERIFY(QFile::link(tree + QStringLiteral("/file"), tree + QStringLiteral("/link-to-file")));
    QVERIFY(QFile::link(tree + QStringLiteral("/dir"), tree + QStringLiteral("/link-to-dir")));
    QVERIFY(QFile::link(tree + QStringLiteral("/gone"), tree + QStringLiteral("/dangling")));
    QVERIFY(QProcess::execute(QStringLiteral("mkfifo"), { tree + QStringLiteral("/fifo") }) == 0);
    const struct
    {
        const char* name;
        unsigned char type;
        FileWalk::Kind kind;
    } cases[] = {
        { "file", DT_REG, FileWalk::Kind::File },
        { "file", DT_UNKNOWN, FileWalk::Kind::File },
        { "dir", DT_DIR, FileWalk::Kind::Directory },
        { "dir", DT_UNKNOWN, FileWalk::Kind::Directory },
        { "link-to-file", DT_LNK, FileWalk::Kind::File },
        { "link-to-file", DT_UNKNOWN, FileWalk::Kind::File },
        { "link-to-dir", DT_LNK, FileWalk::Kind::Other },
        { "link-to-dir", DT_UNKNOWN, FileWalk::Kind::Other },
        { "dangling", DT_LNK, FileWalk::Kind::Other },
        { "dangling", DT_UNKNOWN, FileWalk::Kind::Other },
        { "fifo", DT_FIFO, FileWalk::Kind::Other },
        { "fifo", DT_UNKNOWN, FileWalk::Kind::Other },
        { "missing", DT_UNKNOWN, FileWalk::Kind::Other },
    };
    for (const auto& c : cases) {
        const QByteArray path = QFile::encodeName(tree + QLatin1Char('/') + QLatin1String(c.name));
        QVERIFY2(FileWalk::kindOf(path.constData(), c.type) == c.kind, c.name);
    }
}

QTEST_GUILESS_MAIN(TestFileWalk)
#include "tst_filewalk.moc"

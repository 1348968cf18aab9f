// SPDX-License-Identifier: MIT
#include "ingest/claudefilecontext.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

// What a transcript's path and its sub-agent meta file say (formats.md §2.2), taken apart as text.
class TestClaudeFileContext : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void layouts_data();
    void layouts();
    void readsEveryMetaField();
    void missingOrBrokenMetaLeavesTheFieldsEmpty();
    void compactionAgentsWithoutMetaAreNamed();
    void oversizedMetaIsIgnored();
    void unreadableMetaIsIgnored();
    void nonAsciiPaths();

private:
    QString write(const QString& relative, const QByteArray& bytes);
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestClaudeFileContext::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestClaudeFileContext::write(const QString& relative, const QByteArray& bytes)
{
    const QString path = m_dir->filePath(relative);
    QDir().mkpath(path.section(u'/', 0, -2));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestClaudeFileContext::layouts_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("stemSessionId");
    QTest::addColumn<QByteArray>("agentId");
    const int main = int(ClaudeFileContext::Kind::Main);
    const int flat = int(ClaudeFileContext::Kind::FlatAgent);
    const int nested = int(ClaudeFileContext::Kind::NestedAgent);
    QTest::newRow("main") << "/h/.claude/projects/-w-app/7f1c-aa.jsonl" << main << QByteArray("7f1c-aa")
                          << QByteArray();
    QTest::newRow("flat agent") << "/h/.claude/projects/-w-app/agent-b12.jsonl" << flat << QByteArray()
                                << QByteArray("b12");
    QTest::newRow("nested agent") << "/h/.claude/projects/-w-app/7f1c-aa/subagents/agent-b12.jsonl" << nested
                                  << QByteArray("7f1c-aa") << QByteArray("b12");
    // QFileInfo::completeBaseName(): only the last suffix goes.
    QTest::newRow("dots in the stem")
        << "/p/-w/s.1/subagents/agent-a.b.jsonl" << nested << QByteArray("s.1") << QByteArray("a.b");
    QTest::newRow("no suffix") << "/p/-w/7f1c" << main << QByteArray("7f1c") << QByteArray();
    QTest::newRow("agent file outside subagents/")
        << "/p/-w/7f1c/other/agent-x.jsonl" << flat << QByteArray() << QByteArray("x");
    QTest::newRow("subagents/ at the root")
        << "/subagents/agent-x.jsonl" << nested << QByteArray() << QByteArray("x");
    QTest::newRow("relative") << "subagents/agent-x.jsonl" << nested << QByteArray() << QByteArray("x");
    QTest::newRow("bare name") << "7f1c.jsonl" << main << QByteArray("7f1c") << QByteArray();
}

void TestClaudeFileContext::layouts()
{
    QFETCH(QString, path);
    QFETCH(int, kind);
    QFETCH(QByteArray, stemSessionId);
    QFETCH(QByteArray, agentId);
    const ClaudeFileContext context = ClaudeFileContext::fromPath(path);
    QCOMPARE(int(context.kind), kind);
    QCOMPARE(context.path, path);
    QCOMPARE(context.stemSessionId, stemSessionId);
    QCOMPARE(context.agentId, agentId);
    QVERIFY(context.agentType.isEmpty()); // no meta file beside any of them
}

void TestClaudeFileContext::readsEveryMetaField()
{
    const QString transcript = write(QStringLiteral("-w-app/7f1c/subagents/agent-b12.jsonl"), "{}\n");
    write(QStringLiteral("-w-app/7f1c/subagents/agent-b12.meta.json"),
        R"({"agentType":"code-reviewer","description":"Review the diff \u00e9","toolUseId":"toolu_T1",)"
        R"("spawnDepth":2})");
    const ClaudeFileContext context = ClaudeFileContext::fromPath(transcript);
    QCOMPARE(context.kind, ClaudeFileContext::Kind::NestedAgent);
    QCOMPARE(context.stemSessionId, QByteArray("7f1c"));
    QCOMPARE(context.agentType, QByteArray("code-reviewer"));
    QCOMPARE(context.description, QString::fromUtf8("Review the diff \u00e9").toUtf8());
    QCOMPARE(context.spawnToolUseId, QByteArray("toolu_T1"));
    QCOMPARE(context.spawnDepth, 2);
}

void TestClaudeFileContext::missingOrBrokenMetaLeavesTheFieldsEmpty()
{
    const QString missing = write(QStringLiteral("p/s/subagents/agent-a1.jsonl"), "{}\n");
    const QString broken = write(QStringLiteral("p/s/subagents/agent-a2.jsonl"), "{}\n");
    write(QStringLiteral("p/s/subagents/agent-a2.meta.json"), R"({"agentType":"Pla)");
    for (const QString& path : { missing, broken }) {
        const ClaudeFileContext context = ClaudeFileContext::fromPath(path);
        QCOMPARE(context.kind, ClaudeFileContext::Kind::NestedAgent);
        QVERIFY(context.agentType.isEmpty());
        QVERIFY(context.description.isEmpty());
        QVERIFY(context.spawnToolUseId.isEmpty());
        QCOMPARE(context.spawnDepth, 0);
    }
}

void TestClaudeFileContext::compactionAgentsWithoutMetaAreNamed()
{
    const QString path = write(QStringLiteral("p/s/subagents/agent-acompact-e3cd.jsonl"), "{}\n");
    QCOMPARE(ClaudeFileContext::fromPath(path).agentType, QByteArray("compact"));
    write(QStringLiteral("p/s/subagents/agent-acompact-e3cd.meta.json"), R"({"agentType":"Explore"})");
    QCOMPARE(ClaudeFileContext::fromPath(path).agentType, QByteArray("Explore"));
}

void TestClaudeFileContext::oversizedMetaIsIgnored()
{
    // Read in chunks: a description longer than one chunk still comes through whole ...
    const QByteArray longText(100 * 1024, 'd');
    const QString path = write(QStringLiteral("p/s/subagents/agent-big.jsonl"), "{}\n");
    write(QStringLiteral("p/s/subagents/agent-big.meta.json"),
        R"({"agentType":"Plan","description":")" + longText + R"("})");
    QCOMPARE(ClaudeFileContext::fromPath(path).description, longText);
    // ... but a file above 1 MiB is no meta file.
    write(QStringLiteral("p/s/subagents/agent-big.meta.json"),
        R"({"agentType":"Plan","description":")" + QByteArray(2 << 20, 'd') + R"("})");
    QVERIFY(ClaudeFileContext::fromPath(path).agentType.isEmpty());
}

void TestClaudeFileContext::unreadableMetaIsIgnored()
{
    // A directory by the meta file's name opens but fails to read (EISDIR); a FIFO must not block.
    const QString path = write(QStringLiteral("p/s/subagents/agent-d1.jsonl"), "{}\n");
    QVERIFY(QDir().mkpath(m_dir->filePath(QStringLiteral("p/s/subagents/agent-d1.meta.json"))));
    QVERIFY(ClaudeFileContext::fromPath(path).agentType.isEmpty());
    const QString fifoPath = write(QStringLiteral("p/s/subagents/agent-f1.jsonl"), "{}\n");
    const QByteArray fifo
        = QFile::encodeName(m_dir->filePath(QStringLiteral("p/s/subagents/agent-f1.meta.json")));
    QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
    const ClaudeFileContext context = ClaudeFileContext::fromPath(fifoPath); // returns: no writer holds it
    QCOMPARE(context.kind, ClaudeFileContext::Kind::NestedAgent);
    QVERIFY(context.agentType.isEmpty());
}

void TestClaudeFileContext::nonAsciiPaths()
{
    const QString transcript = write(
        QString::fromUtf8("-home-j\u00f6rg-\u00e9t\u00e9/s\u00e9ance/subagents/agent-\u00fc1.jsonl"), "{}\n");
    write(QString::fromUtf8("-home-j\u00f6rg-\u00e9t\u00e9/s\u00e9ance/subagents/agent-\u00fc1.meta.json"),
        R"({"agentType":"Explore"})");
    const ClaudeFileContext context = ClaudeFileContext::fromPath(transcript);
    QCOMPARE(context.stemSessionId, QString::fromUtf8("s\u00e9ance").toUtf8());
    QCOMPARE(context.agentId, QString::fromUtf8("\u00fc1").toUtf8());
    QCOMPARE(context.agentType, QByteArray("Explore"));
}

QTEST_GUILESS_MAIN(TestClaudeFileContext)
#include "tst_claudefilecontext.moc"

// SPDX-License-Identifier: MIT
#include "demo/claudecorpusgenerator.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <stdexcept>

namespace {

constexpr qint64 kTarget = 2'000'000;

QMap<QString, QByteArray> readTree(const QString& root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(path));
        files.insert(QDir(root).relativeFilePath(path), file.readAll());
    }
    return files;
}

// Everything the test recounts or looks for, from the files alone.
struct Scan
{
    qint64 bytes = 0;
    int files = 0;
    int sessions = 0;
    int subagentFiles = 0;
    qint64 lines = 0;
    qint64 assistantLines = 0;
    qint64 usageRequests = 0;
    int unparseable = 0;
    int inlineSidechainLines = 0;
    int flatAgentFiles = 0;
    int flatAgentsReferenced = 0;
    int nestedAgentFiles = 0;
    int metaFiles = 0;
    int metaDepth1Resolved = 0;
    int metaDepth2Resolved = 0;
    int btwReplays = 0;
    int progressWithUsage = 0;
    int timestampErrors = 0;
    QStringList problems;
};

Scan scan(const QString& root, const QDateTime& end, int days)
{
    Scan s;
    const QMap<QString, QByteArray> tree = readTree(root);
    const QString endText = end.toString(Qt::ISODateWithMs);
    const QString startText = end.addDays(-days - 1).toString(Qt::ISODateWithMs);

    struct Assistant
    {
        QString messageId, requestId;
        bool sidechain = false;
    };
    QList<Assistant> assistants;
    QSet<QString> mainMessageIds; // message.id of non-sidechain assistant lines
    QMap<QString, QSet<QString>> taskIdsByFile; // Task tool_use ids per file
    QSet<QString> resultAgentIds; // toolUseResult.agentId of Task results
    QList<QPair<QString, QJsonObject>> metas;

    for (auto it = tree.cbegin(); it != tree.cend(); ++it) {
        const QString& path = it.key();
        const QByteArray& data = it.value();
        ++s.files;
        s.bytes += data.size();
        const QString name = QFileInfo(path).fileName();
        const QStringList parts = path.split(QLatin1Char('/'));
        if (name.endsWith(QLatin1String(".meta.json"))) {
            metas.append({ path, QJsonDocument::fromJson(data).object() });
            continue;
        }
        if (!name.endsWith(QLatin1String(".jsonl"))) {
            s.problems << QStringLiteral("unexpected file %1").arg(path);
            continue;
        }
        // projects/<p>/<s>.jsonl, projects/<p>/agent-<id>.jsonl, projects/<p>/<s>/subagents/<f>.jsonl
        const bool isAgent = name.startsWith(QLatin1String("agent-"));
        const bool flat = isAgent && parts.size() == 3;
        const bool nested = isAgent && parts.size() == 5 && parts[3] == QLatin1String("subagents");
        const bool mainFile = !isAgent && parts.size() == 3;
        s.sessions += mainFile ? 1 : 0;
        s.subagentFiles += isAgent ? 1 : 0;
        s.nestedAgentFiles
            += nested && !name.contains(QLatin1Char('_')) && !name.contains(QLatin1String("acompact")) ? 1
                                                                                                       : 0;
        bool flatChecked = false;
        QString lastTimestamp;
        const QList<QByteArray> lines = data.split('\n');
        if (!data.endsWith('\n'))
            s.problems << QStringLiteral("%1 does not end with a newline").arg(path);
        for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
            ++s.lines;
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(lines[i], &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject()) {
                ++s.unparseable;
                continue;
            }
            const QJsonObject o = doc.object();
            const QString type = o.value(QLatin1String("type")).toString();
            const QString timestamp = o.value(QLatin1String("timestamp")).toString();
            if (!timestamp.isEmpty()) {
                if (timestamp <= lastTimestamp || timestamp >= endText || timestamp < startText)
                    ++s.timestampErrors;
                lastTimestamp = timestamp;
            }
            const bool sidechain = o.value(QLatin1String("isSidechain")).toBool();
            if (flat && !flatChecked && o.contains(QLatin1String("sessionId"))) {
                flatChecked = true;
                const QString stem = name.mid(6, name.size() - 12);
                if (sidechain && o.value(QLatin1String("agentId")).toString() == stem
                    && o.value(QLatin1String("sessionId")).toString() != stem)
                    ++s.flatAgentFiles;
            }
            if (type == QLatin1String("assistant")) {
                ++s.assistantLines;
                const QJsonObject message = o.value(QLatin1String("message")).toObject();
                if (mainFile && sidechain)
                    ++s.inlineSidechainLines;
                for (const QJsonValue& block : message.value(QLatin1String("content")).toArray()) {
                    const QJsonObject b = block.toObject();
                    if (b.value(QLatin1String("type")).toString() == QLatin1String("tool_use")
                        && b.value(QLatin1String("name")).toString() == QLatin1String("Task"))
                        taskIdsByFile[path].insert(b.value(QLatin1String("id")).toString());
                }
                if (message.value(QLatin1String("model")).toString() == QLatin1String("<synthetic>"))
                    continue;
                const QJsonObject usage = message.value(QLatin1String("usage")).toObject();
                if (!usage.contains(QLatin1String("input_tokens"))
                    || !usage.contains(QLatin1String("output_tokens")))
                    s.problems << QStringLiteral("assistant line without usage in %1").arg(path);
                Assistant a { message.value(QLatin1String("id")).toString(),
                    o.value(QLatin1String("requestId")).toString(), sidechain };
                if (a.messageId.isEmpty() || a.requestId.isEmpty())
                    s.problems << QStringLiteral("assistant line without ids in %1").arg(path);
                if (!sidechain)
                    mainMessageIds.insert(a.messageId);
                assistants.append(a);
            } else if (type == QLatin1String("progress")) {
                const QJsonObject d = o.value(QLatin1String("data")).toObject();
                const QJsonObject nestedMessage
                    = d.value(QLatin1String("message")).toObject().value(QLatin1String("message")).toObject();
                if (d.value(QLatin1String("type")).toString() == QLatin1String("agent_progress")
                    && nestedMessage.value(QLatin1String("usage")).isObject())
                    ++s.progressWithUsage;
            } else if (type == QLatin1String("user")) {
                const QString agentId = o.value(QLatin1String("toolUseResult"))
                                            .toObject()
                                            .value(QLatin1String("agentId"))
                                            .toString();
                if (!agentId.isEmpty())
                    resultAgentIds.insert(agentId);
            }
        }
    }

    // Flat agent files must be referenced by their parent's Task result.
    for (auto it = tree.cbegin(); it != tree.cend(); ++it) {
        const QStringList parts = it.key().split(QLatin1Char('/'));
        const QString name = parts.last();
        if (parts.size() == 3 && name.startsWith(QLatin1String("agent-")))
            s.flatAgentsReferenced += resultAgentIds.contains(name.mid(6, name.size() - 12)) ? 1 : 0;
    }

    // meta.json: the four documented keys; toolUseId names a Task call in the parent transcript
    // (depth 1: the session file, depth 2: a sub-agent file of the same session).
    for (const auto& [path, meta] : metas) {
        ++s.metaFiles;
        if (meta.keys()
            != QStringList { QStringLiteral("agentType"), QStringLiteral("description"),
                QStringLiteral("spawnDepth"), QStringLiteral("toolUseId") })
            s.problems << QStringLiteral("unexpected meta keys in %1").arg(path);
        const QString toolUseId = meta.value(QLatin1String("toolUseId")).toString();
        const int depth = meta.value(QLatin1String("spawnDepth")).toInt();
        const QStringList parts = path.split(QLatin1Char('/'));
        const QString sessionFile
            = parts[0] + QLatin1Char('/') + parts[1] + QLatin1Char('/') + parts[2] + QLatin1String(".jsonl");
        const QString subagentsDir = parts.mid(0, 4).join(QLatin1Char('/')) + QLatin1Char('/');
        if (depth == 1 && taskIdsByFile.value(sessionFile).contains(toolUseId))
            ++s.metaDepth1Resolved;
        if (depth == 2) {
            for (auto it = taskIdsByFile.cbegin(); it != taskIdsByFile.cend(); ++it) {
                if (it.key().startsWith(subagentsDir) && it.value().contains(toolUseId))
                    ++s.metaDepth2Resolved;
            }
        }
    }

    // Billed requests: distinct (message.id, requestId), not counting /btw replays, i.e.
    // sidechain copies of a message that also appears outside sidechains.
    QSet<QPair<QString, QString>> pairs;
    QMap<QString, QSet<QString>> requestIdsByMainMessage;
    for (const Assistant& a : assistants) {
        if (!a.sidechain)
            requestIdsByMainMessage[a.messageId].insert(a.requestId);
    }
    for (const Assistant& a : assistants) {
        if (a.sidechain && mainMessageIds.contains(a.messageId)) {
            if (!requestIdsByMainMessage.value(a.messageId).contains(a.requestId))
                ++s.btwReplays;
            continue;
        }
        pairs.insert({ a.messageId, a.requestId });
    }
    s.usageRequests = pairs.size();
    return s;
}

ClaudeCorpusOptions optionsFor(const QString& dir, quint64 seed, qint64 target = kTarget)
{
    ClaudeCorpusOptions options;
    options.outputDir = dir;
    options.seed = seed;
    options.targetBytes = target;
    return options;
}

} // namespace

class tst_ClaudeCorpusGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameSeedSameBytes();
    void differentSeedDiffers();
    void corpusIsValidAndComplete();
    void summaryMatchesRecount();
    void targetBytesHonoured_data();
    void targetBytesHonoured();
    void malformedLinesOnRequest();
    void ioFailureThrows();
};

void tst_ClaudeCorpusGenerator::sameSeedSameBytes()
{
    QTemporaryDir a;
    QTemporaryDir b;
    QVERIFY(a.isValid() && b.isValid());
    const ClaudeCorpusSummary sa = ClaudeCorpusGenerator(optionsFor(a.path(), 7)).generate();
    const ClaudeCorpusSummary sb = ClaudeCorpusGenerator(optionsFor(b.path(), 7)).generate();
    const auto ta = readTree(a.path());
    const auto tb = readTree(b.path());
    QCOMPARE(ta.keys(), tb.keys());
    for (auto it = ta.cbegin(); it != ta.cend(); ++it)
        QVERIFY2(it.value() == tb.value(it.key()), qPrintable(it.key()));
    QCOMPARE(sa.bytes, sb.bytes);
    QCOMPARE(sa.usageRequests, sb.usageRequests);
}

void tst_ClaudeCorpusGenerator::differentSeedDiffers()
{
    QTemporaryDir a;
    QTemporaryDir b;
    QVERIFY(a.isValid() && b.isValid());
    ClaudeCorpusGenerator(optionsFor(a.path(), 7)).generate();
    ClaudeCorpusGenerator(optionsFor(b.path(), 8)).generate();
    QVERIFY(readTree(a.path()) != readTree(b.path()));
}

void tst_ClaudeCorpusGenerator::corpusIsValidAndComplete()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ClaudeCorpusOptions options = optionsFor(dir.path(), 7);
    ClaudeCorpusGenerator(options).generate();
    const Scan s = scan(dir.path(), options.end, options.days);
    QVERIFY2(s.problems.isEmpty(), qPrintable(s.problems.join(QLatin1Char('\n'))));
    QCOMPARE(s.unparseable, 0);
    QCOMPARE(s.timestampErrors, 0);
    // Era 1: sidechain assistant lines inside a session file.
    QVERIFY(s.inlineSidechainLines > 0);
    // Era 2: flat agent-<id>.jsonl carrying the parent's sessionId, referenced by the Task result.
    QVERIFY(s.flatAgentFiles > 0);
    QVERIFY(s.flatAgentsReferenced > 0);
    // Era 3: nested sub-agent files with meta.json pointing at the spawning Task call, including
    // a depth-2 sub-agent spawned by a sub-agent.
    QVERIFY(s.nestedAgentFiles > 0);
    QVERIFY(s.metaFiles >= s.nestedAgentFiles);
    QCOMPARE(s.metaDepth1Resolved + s.metaDepth2Resolved, s.metaFiles);
    QVERIFY(s.metaDepth2Resolved > 0);
    // /btw: a sidechain replay of a parent message with a new requestId.
    QVERIFY(s.btwReplays > 0);
    // progress lines embedding a sub-agent message with usage.
    QVERIFY(s.progressWithUsage > 0);
    // API errors for the activity feed: retried requests and requests that failed for good.
    bool retries = false, failures = false;
    for (const QByteArray& content : readTree(dir.path())) {
        retries = retries || content.contains("\"subtype\":\"api_error\"");
        failures = failures || content.contains("\"isApiErrorMessage\":true");
    }
    QVERIFY(retries);
    QVERIFY(failures);
}

void tst_ClaudeCorpusGenerator::summaryMatchesRecount()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ClaudeCorpusOptions options = optionsFor(dir.path(), 11);
    const ClaudeCorpusSummary summary = ClaudeCorpusGenerator(options).generate();
    const Scan s = scan(dir.path(), options.end, options.days);
    QCOMPARE(summary.bytes, s.bytes);
    QCOMPARE(summary.files, s.files);
    QCOMPARE(summary.sessions, s.sessions);
    QCOMPARE(summary.subagentFiles, s.subagentFiles);
    QCOMPARE(summary.lines, s.lines);
    QCOMPARE(summary.assistantLines, s.assistantLines);
    QCOMPARE(summary.usageRequests, s.usageRequests);
    QVERIFY(summary.sessions >= 10);
}

void tst_ClaudeCorpusGenerator::targetBytesHonoured_data()
{
    QTest::addColumn<qint64>("target");
    QTest::addColumn<quint64>("seed");
    QTest::newRow("300 kB") << qint64(300'000) << quint64(3);
    QTest::newRow("2 MB") << kTarget << quint64(5);
    QTest::newRow("6 MB") << qint64(6'000'000) << quint64(9);
}

void tst_ClaudeCorpusGenerator::targetBytesHonoured()
{
    QFETCH(qint64, target);
    QFETCH(quint64, seed);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ClaudeCorpusSummary summary
        = ClaudeCorpusGenerator(optionsFor(dir.path(), seed, target)).generate();
    QVERIFY2(summary.bytes >= target - target / 50 && summary.bytes <= target + target / 50,
        qPrintable(QString::number(summary.bytes)));
}

void tst_ClaudeCorpusGenerator::malformedLinesOnRequest()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ClaudeCorpusOptions options = optionsFor(dir.path(), 7);
    options.injectMalformedLines = true;
    const ClaudeCorpusSummary summary = ClaudeCorpusGenerator(options).generate();
    const Scan s = scan(dir.path(), options.end, options.days);
    QVERIFY(s.unparseable > 0);
    QVERIFY(s.unparseable <= s.files / 50 + 1);
    QCOMPARE(summary.lines, s.lines);
    QCOMPARE(summary.usageRequests, s.usageRequests);
}

void tst_ClaudeCorpusGenerator::ioFailureThrows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A regular file where the output directory should be.
    const QString blocker = dir.filePath(QStringLiteral("file"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    bool thrown = false;
    try {
        ClaudeCorpusGenerator(optionsFor(blocker, 1, 100'000)).generate();
    } catch (const std::runtime_error& e) {
        thrown = QByteArray(e.what()).contains("cannot create");
    }
    QVERIFY(thrown);
}

QTEST_GUILESS_MAIN(tst_ClaudeCorpusGenerator)
#include "tst_claudecorpusgenerator.moc"

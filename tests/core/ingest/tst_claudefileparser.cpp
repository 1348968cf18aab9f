// SPDX-License-Identifier: MIT
// The Claude Code line parser on its own: bytes in, records out, no database.
#include "ingest/claudefileparser.h"
#include "testsupport.h"

#include <memory>
#include <QTemporaryDir>
#include <QTest>

using namespace TestSupport;

namespace {
// Parses lines as one file's content and returns the batch.
struct Parsed
{
    IngestBatch batch;
    int malformed = 0;
    QByteArrayList reasons;
    qint64 duplicates = 0;
};

Parsed parse(const QByteArrayList& lines, const QString& path = QStringLiteral("/logs/projects/-p/s1.jsonl"),
    bool storeContent = true)
{
    ClaudeFileParser::Options options;
    options.storeContent = storeContent;
    ClaudeFileParser parser(ClaudeFileContext::fromPath(path), options);
    Parsed result;
    qint64 offset = 0;
    for (const QByteArray& line : lines) {
        QByteArray padded = line;
        padded.append(QByteArray(64, '\0'));
        QByteArray reason;
        if (parser.parseLine(std::string_view(padded.constData(), size_t(line.size())), size_t(padded.size()),
                offset, 0, result.batch, &reason)
            == LineParser::Result::Malformed) {
            ++result.malformed;
            result.reasons << reason;
        }
        offset += line.size() + 1;
    }
    result.duplicates = parser.duplicates();
    return result;
}

QByteArray assistant(const char* id, const char* request, const char* usage, const char* extra = "")
{
    return QByteArray(
               R"({"type":"assistant","sessionId":"s1","timestamp":"2026-05-04T10:00:00.000Z","requestId":")")
        + request + R"(",)" + extra + R"("message":{"id":")" + id
        + R"(","model":"claude-sonnet-4-5-20250929","content":[],"usage":)" + usage + "}}";
}
} // namespace

class TestClaudeFileParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streamingCopiesKeepTheLargest();
    void cacheWriteSplit_data();
    void cacheWriteSplit();
    void usageOnlyFromAssistantLines();
    void loggedCostAndPositionKey();
    void titlePriority();
    void promptsSkipHarnessText();
    void noContentKeepsLengthsOnly();
    void sidechainLinesBecomeChildSessions();
    void agentFilesBecomeChildSessions();
    void toolCallsResultsAndFiles();
    void unknownShapesAreNotMalformed();
    void malformedLines_data();
    void malformedLines();
    void damageInSkippedValuesIsNotSeen();
    void apiErrorsAndRetriesBecomeEvents();
    void eventMessagesAreCappedOrDropped();
    void filesShareTheThreadsParser();
};

void TestClaudeFileParser::streamingCopiesKeepTheLargest()
{
    const Parsed p = parse({
        assistant("m1", "r1", R"({"input_tokens":4,"cache_read_input_tokens":100,"output_tokens":12})"),
        assistant("m1", "r1", R"({"input_tokens":4,"cache_read_input_tokens":100,"output_tokens":96})"),
        assistant("m1", "r1", R"({"input_tokens":4,"cache_read_input_tokens":100,"output_tokens":50})"),
        assistant("m1", "r2", R"({"input_tokens":1,"output_tokens":1})"),
    });
    QCOMPARE(p.batch.usage.size(), size_t(2));
    QCOMPARE(p.batch.usage[0].tokens.output, 96);
    QCOMPARE(p.batch.usage[0].recordKey + '|' + p.batch.usage[0].requestId, QByteArray("m1|r1"));
    QCOMPARE(p.batch.usage[1].recordKey + '|' + p.batch.usage[1].requestId, QByteArray("m1|r2"));
    QCOMPARE(p.duplicates, 2);
}

void TestClaudeFileParser::cacheWriteSplit_data()
{
    QTest::addColumn<QByteArray>("usage");
    QTest::addColumn<qint64>("fiveMinutes");
    QTest::addColumn<qint64>("oneHour");
    QTest::newRow("no split: all 5m")
        << QByteArray(R"({"cache_creation_input_tokens":1500,"output_tokens":1})") << qint64(1500)
        << qint64(0);
    QTest::newRow("split") << QByteArray(
        R"({"cache_creation_input_tokens":1500,"cache_creation":{"ephemeral_5m_input_tokens":500,"ephemeral_1h_input_tokens":1000},"output_tokens":1})")
                           << qint64(500) << qint64(1000);
    QTest::newRow("split short of total") << QByteArray(
        R"({"cache_creation_input_tokens":1500,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":1000},"output_tokens":1})")
                                          << qint64(500) << qint64(1000);
}

void TestClaudeFileParser::cacheWriteSplit()
{
    QFETCH(QByteArray, usage);
    QFETCH(qint64, fiveMinutes);
    QFETCH(qint64, oneHour);
    const Parsed p = parse({ assistant("m1", "r1", usage.constData()) });
    QCOMPARE(p.batch.usage.size(), size_t(1));
    QCOMPARE(p.batch.usage[0].tokens.cacheWrite5m, fiveMinutes);
    QCOMPARE(p.batch.usage[0].tokens.cacheWrite1h, oneHour);
}

void TestClaudeFileParser::usageOnlyFromAssistantLines()
{
    const Parsed p = parse({
        // A progress line carries a nested copy of a sub-agent message, usage included.
        R"({"type":"progress","sessionId":"s1","timestamp":"2026-05-04T10:00:00Z","data":{"type":"agent_progress","message":{"type":"assistant","message":{"id":"mp","usage":{"input_tokens":999,"output_tokens":999}},"requestId":"rp"}}})",
        // The Task tool's result summarises the sub-agent's usage: not a request of its own.
        R"({"type":"user","sessionId":"s1","timestamp":"2026-05-04T10:00:01Z","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"ok"}]},"toolUseResult":{"agentId":"x1","totalTokens":500,"usage":{"input_tokens":100,"output_tokens":400}}})",
        // A locally generated message with no tokens is no request.
        R"({"type":"assistant","sessionId":"s1","timestamp":"2026-05-04T10:00:02Z","message":{"id":"ms","model":"<synthetic>","content":[],"usage":{"input_tokens":0,"output_tokens":0,"cache_read_input_tokens":0,"cache_creation_input_tokens":0}}})",
    });
    QCOMPARE(p.malformed, 0);
    QCOMPARE(p.batch.usage.size(), size_t(0));
    QCOMPARE(p.batch.toolResults.size(), size_t(1));
    QCOMPARE(p.batch.toolResults[0].childSessionExternalId, QByteArray("s1:agent-x1"));
}

void TestClaudeFileParser::loggedCostAndPositionKey()
{
    const Parsed p = parse({
        R"({"type":"assistant","sessionId":"s1","costUSD":0.125,"timestamp":"2026-05-04T10:00:00Z","message":{"model":"claude-3-5-sonnet-20241022","usage":{"input_tokens":10,"output_tokens":20}}})",
    });
    QCOMPARE(p.batch.usage.size(), size_t(1));
    QCOMPARE(p.batch.usage[0].loggedCost, std::optional<double>(0.125));
    QCOMPARE(p.batch.usage[0].recordKey, QByteArray("@/logs/projects/-p/s1.jsonl:0"));
    QCOMPARE(p.batch.usage[0].timestampMs, qint64(1777888800000));
}

void TestClaudeFileParser::titlePriority()
{
    const QByteArray prompt
        = R"({"type":"user","sessionId":"s1","uuid":"u1","timestamp":"2026-05-04T10:00:00Z","message":{"role":"user","content":"Fix the flaky test\nin orders"}})";
    const QByteArray summary = R"({"type":"summary","summary":"Flaky test fix","leafUuid":"x"})";
    const QByteArray ai = R"({"type":"ai-title","aiTitle":"Fixing flaky orders test","sessionId":"s1"})";
    const QByteArray custom = R"({"type":"custom-title","customTitle":"flaky","sessionId":"s1"})";
    const QByteArray custom2 = R"({"type":"custom-title","customTitle":"flaky, renamed","sessionId":"s1"})";
    QCOMPARE(parse({ prompt }).batch.sessions[0].title, QByteArray("Fix the flaky test"));
    QCOMPARE(parse({ summary, prompt }).batch.sessions[0].title, QByteArray("Flaky test fix"));
    QCOMPARE(parse({ prompt, ai, summary }).batch.sessions[0].title, QByteArray("Fixing flaky orders test"));
    QCOMPARE(parse({ custom, ai, prompt }).batch.sessions[0].title, QByteArray("flaky"));
    QCOMPARE(parse({ custom, custom2 }).batch.sessions[0].title, QByteArray("flaky, renamed"));
}

void TestClaudeFileParser::promptsSkipHarnessText()
{
    const Parsed p = parse({
        R"({"type":"user","sessionId":"s1","uuid":"u1","timestamp":"2026-05-04T10:00:00Z","message":{"role":"user","content":"<command-name>/clear</command-name>"}})",
        R"({"type":"user","sessionId":"s1","uuid":"u2","isMeta":true,"timestamp":"2026-05-04T10:00:01Z","message":{"role":"user","content":"Caveat: meta"}})",
        R"({"type":"user","sessionId":"s1","uuid":"u3","timestamp":"2026-05-04T10:00:02Z","message":{"role":"user","content":[{"type":"text","text":"real"},{"type":"text","text":"question"}]}})",
        R"({"type":"user","sessionId":"s1","uuid":"u4","isCompactSummary":true,"timestamp":"2026-05-04T10:00:03Z","message":{"role":"user","content":"summary of earlier"}})",
    });
    QCOMPARE(p.batch.prompts.size(), size_t(1));
    QCOMPARE(p.batch.prompts[0].uuid, QByteArray("u3"));
    QCOMPARE(p.batch.prompts[0].text, QByteArray("real\nquestion"));
}

void TestClaudeFileParser::noContentKeepsLengthsOnly()
{
    const Parsed p = parse(
        { R"({"type":"user","sessionId":"s1","uuid":"u1","timestamp":"2026-05-04T10:00:00Z","message":{"role":"user","content":"secret plan"}})" },
        QStringLiteral("/logs/projects/-p/s1.jsonl"), false);
    QCOMPARE(p.batch.prompts.size(), size_t(1));
    QVERIFY(p.batch.prompts[0].text.isEmpty());
    QCOMPARE(p.batch.prompts[0].length, 11);
    QVERIFY(p.batch.sessions[0].title.isEmpty());
}

void TestClaudeFileParser::sidechainLinesBecomeChildSessions()
{
    const Parsed p = parse({
        assistant("m1", "r1", R"({"input_tokens":1,"output_tokens":1})",
            R"("isSidechain":true,"agentId":"a7","attributionAgent":"reviewer",)"),
        assistant("m2", "r2", R"({"input_tokens":1,"output_tokens":1})", R"("isSidechain":true,)"),
        assistant("m3", "r3", R"({"input_tokens":1,"output_tokens":1})"),
    });
    QCOMPARE(p.batch.usage.size(), size_t(3));
    QCOMPARE(p.batch.usage[0].sessionExternalId, QByteArray("s1:agent-a7"));
    QCOMPARE(p.batch.usage[0].agent, QByteArray("reviewer"));
    QVERIFY(p.batch.usage[0].isSidechain);
    QCOMPARE(p.batch.usage[1].sessionExternalId, QByteArray("s1:agent-sidechain"));
    QCOMPARE(p.batch.usage[2].sessionExternalId, QByteArray("s1"));
    QCOMPARE(p.batch.usage[2].agent, QByteArray("main"));
    QCOMPARE(p.batch.sessions.size(), size_t(3));
    QCOMPARE(p.batch.sessions[0].parentExternalId, QByteArray("s1"));
}

void TestClaudeFileParser::agentFilesBecomeChildSessions()
{
    // Era 2: the flat file names the agent, its lines name the parent session.
    const Parsed flat = parse({ assistant("m1", "r1", R"({"input_tokens":1,"output_tokens":1})",
                                  R"("isSidechain":true,"agentId":"f1",)") },
        QStringLiteral("/logs/projects/-p/agent-f1.jsonl"));
    QCOMPARE(flat.batch.usage[0].sessionExternalId, QByteArray("s1:agent-f1"));
    QCOMPARE(flat.batch.sessions[0].parentExternalId, QByteArray("s1"));

    // Era 3: the directory names the parent, the meta file the agent type and spawning call.
    QTemporaryDir dir;
    const QString subagents = dir.filePath(QStringLiteral("projects/-p/s1/subagents"));
    writeFile(subagents + QStringLiteral("/agent-n1.meta.json"),
        R"({"agentType":"Plan","description":"Plan it","toolUseId":"toolu_9","spawnDepth":1})");
    const Parsed nested = parse(
        { assistant("m1", "r1", R"({"input_tokens":1,"output_tokens":1})", R"("isSidechain":true,)") },
        subagents + QStringLiteral("/agent-n1.jsonl"));
    QCOMPARE(nested.batch.usage[0].sessionExternalId, QByteArray("s1:agent-n1"));
    const SessionUpdate& session = nested.batch.sessions[0];
    QCOMPARE(session.parentExternalId, QByteArray("s1"));
    QCOMPARE(session.agent, QByteArray("Plan"));
    QCOMPARE(session.title, QByteArray("Plan it"));
    QCOMPARE(session.spawnToolUseId, QByteArray("toolu_9"));
    QCOMPARE(session.spawnDepth, 1);
}

void TestClaudeFileParser::toolCallsResultsAndFiles()
{
    const Parsed p = parse({
        R"({"type":"assistant","sessionId":"s1","timestamp":"2026-05-04T10:00:00Z","requestId":"r1","message":{"id":"m1","model":"claude-sonnet-4-5","content":[{"type":"tool_use","id":"t1","name":"Write","input":{"file_path":"/src/a.py","content":"x"}},{"type":"tool_use","id":"t2","name":"Bash","input":{"command":"ls"}}],"usage":{"input_tokens":1,"output_tokens":1}}})",
        R"({"type":"user","sessionId":"s1","timestamp":"2026-05-04T10:00:02Z","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"ok"},{"type":"tool_result","tool_use_id":"t2","content":"boom","is_error":true}]},"toolUseResult":{"interrupted":false}})",
    });
    QCOMPARE(p.batch.toolCalls.size(), size_t(2));
    QCOMPARE(p.batch.toolCalls[0].name, QByteArray("Write"));
    QCOMPARE(p.batch.toolCalls[0].filePath, QByteArray("/src/a.py"));
    QCOMPARE(p.batch.toolCalls[0].fileOperation, QByteArray("write"));
    QVERIFY(p.batch.toolCalls[1].fileOperation.isEmpty());
    // Results in the same batch are paired with their calls.
    QCOMPARE(p.batch.toolResults.size(), size_t(0));
    QVERIFY(p.batch.toolCalls[0].hasResult && !p.batch.toolCalls[0].result.isError);
    QVERIFY(p.batch.toolCalls[1].hasResult && p.batch.toolCalls[1].result.isError);
    QCOMPARE(p.batch.toolCalls[1].result.endTs - p.batch.toolCalls[1].startTs, qint64(2000));
}

void TestClaudeFileParser::unknownShapesAreNotMalformed()
{
    // Valid JSON in shapes we do not know is kept: unknown content elements are skipped, a usage that
    // is not an object is no usage, a timestamp-less line that bills nothing is fine.
    const Parsed p = parse({
        R"({"type":"user","sessionId":"s1","uuid":"u1","timestamp":"2026-05-04T10:00:00Z","message":{"role":"user","content":["plain string",42,{"type":"text","text":"hello"}]}})",
        R"({"type":"assistant","sessionId":"s1","timestamp":"2026-05-04T10:00:01Z","requestId":"r1","message":{"id":"m1","model":"claude-haiku-4-5","content":[null],"usage":"n/a"}})",
        R"({"type":"system","subtype":"informational","sessionId":"s1"})",
    });
    QCOMPARE(p.malformed, 0);
    QCOMPARE(p.batch.prompts.size(), size_t(1));
    QCOMPARE(p.batch.prompts[0].text, QByteArray("hello"));
    QCOMPARE(p.batch.usage.size(), size_t(0));
}

void TestClaudeFileParser::malformedLines_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("text") << QByteArray("hello");
    QTest::newRow("truncated") << QByteArray(
        R"({"type":"assistant","message":{"id":"m1","usage":{"input_tokens":5)");
    QTest::newRow("array") << QByteArray("[1,2]");
    QTest::newRow("two objects") << QByteArray(R"({"a":1}{"b":2})");
    QTest::newRow("bad escape in a field read") << QByteArray(R"({"type":"user","sessionId":"s\q"})");
    QTest::newRow("broken literal in a field read")
        << QByteArray(R"({"type":"user","sessionId":"s1","isMeta":tru})");
    QTest::newRow("a closing brace too many") << QByteArray(R"({"type":"user","sessionId":"s1"}})");
    QTest::newRow("string not closed") << QByteArray(R"({"type":"user","sessionId":"s1","x":"abc})");
    QTest::newRow("brackets crossed around a field read") << QByteArray(
        R"({"type":"assistant","sessionId":"s1","timestamp":"2026-05-04T10:00:00Z","message":{"id":"m","usage":{"input_tokens":5]}})");
    QTest::newRow("token count beyond 64 bits") << QByteArray(
        R"({"type":"assistant","sessionId":"s1","timestamp":"2026-05-04T10:00:00Z","message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":18446744073709551615,"output_tokens":1}}})");
    QTest::newRow("huge double token count") << QByteArray(
        R"({"type":"assistant","sessionId":"s1","timestamp":"2026-05-04T10:00:00Z","message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":1e300,"output_tokens":1}}})");
    QTest::newRow("negative token count") << QByteArray(
        R"({"type":"assistant","sessionId":"s1","timestamp":"2026-05-04T10:00:00Z","message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":-5,"output_tokens":1}}})");
    QTest::newRow("usage without a timestamp") << QByteArray(
        R"({"type":"assistant","sessionId":"s1","message":{"id":"m","model":"claude-haiku-4-5","usage":{"input_tokens":5,"output_tokens":1}}})");
}

void TestClaudeFileParser::malformedLines()
{
    QFETCH(QByteArray, line);
    const Parsed p = parse({ line });
    QCOMPARE(p.malformed, 1);
    QVERIFY(!p.reasons.first().isEmpty());
    QCOMPARE(p.batch.usage.size(), size_t(0));
}

// The parser reads the fields it uses and skips the rest unread (docs/sources/claude.md): a damaged value
// inside a skipped one (a tool result's text, an unknown field) does not cost the line, whose fields
// read are intact.
void TestClaudeFileParser::damageInSkippedValuesIsNotSeen()
{
    const Parsed p = parse({
        R"({"type":"assistant","sessionId":"s1","timestamp":"2026-05-04T10:00:00Z","requestId":"r1","x":"\q","todos":{"a":[}},"message":{"id":"m1","model":"claude-haiku-4-5","content":[{"type":"tool_use","id":"t1","name":"Read","input":{"file_path":"/a","limit":nul}}],"usage":{"input_tokens":5,"output_tokens":1}}})",
        R"({"type":"user","sessionId":"s1","timestamp":"2026-05-04T10:00:02Z","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"bad \q escape","is_error":false}]},"toolUseResult":{"file":{"content":"\x"}}})",
    });
    QCOMPARE(p.malformed, 0);
    QCOMPARE(p.batch.usage.size(), size_t(1));
    QCOMPARE(p.batch.usage[0].tokens.input, qint64(5));
    QCOMPARE(p.batch.toolCalls.size(), size_t(1));
    QCOMPARE(p.batch.toolCalls[0].filePath, QByteArray("/a"));
    QVERIFY(p.batch.toolCalls[0].hasResult);
    QCOMPARE(p.batch.toolCalls[0].result.endTs - p.batch.toolCalls[0].startTs, qint64(2000));
}

void TestClaudeFileParser::apiErrorsAndRetriesBecomeEvents()
{
    const Parsed p = parse({
        // formats.md §2.3: system/api_error carries retryAttempt, retryInMs and the API's error body.
        R"({"type":"system","subtype":"api_error","level":"error","sessionId":"s1","uuid":"sys-e1","timestamp":"2026-05-04T10:00:00Z","error":{"status":529,"headers":{},"requestID":"req_1","error":{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}},"retryInMs":1130.5,"retryAttempt":2,"maxRetries":10})",
        // formats.md §2.4: the message written when a request failed for good.
        R"({"type":"assistant","sessionId":"s1","uuid":"a-e1","timestamp":"2026-05-04T10:00:05Z","message":{"id":"m-e1","model":"<synthetic>","content":[{"type":"text","text":"API Error: Rate limit reached"}],"usage":{"input_tokens":0,"output_tokens":0}},"error":"rate_limit","isApiErrorMessage":true})",
        // An error without text falls back to the reason in `error`; no uuid: the position is the key.
        R"({"type":"assistant","sessionId":"s1","timestamp":"2026-05-04T10:00:06Z","message":{"id":"m-e2","model":"claude-sonnet-4-5","content":[]},"error":"authentication_failed"})",
        // Not errors: a synthetic placeholder that says so, an ordinary request, another system line.
        R"({"type":"assistant","sessionId":"s1","uuid":"a-s","timestamp":"2026-05-04T10:00:07Z","message":{"id":"m-s","model":"<synthetic>","content":[{"type":"text","text":"No response requested."}]},"isApiErrorMessage":false})",
        assistant(
            "m-ok", "r-ok", R"({"input_tokens":5,"output_tokens":1})", R"("uuid":"a-ok","error":null,)"),
        R"({"type":"system","subtype":"turn_duration","durationMs":48210,"sessionId":"s1","uuid":"sys-t","timestamp":"2026-05-04T10:00:08Z"})",
    });
    QCOMPARE(p.malformed, 0);
    QCOMPARE(p.batch.events.size(), size_t(3));
    const AgentEventRecord& retry = p.batch.events[0];
    QCOMPARE(retry.kind, QByteArray("retry"));
    QCOMPARE(retry.retryAttempt, std::optional<qint64>(2));
    QCOMPARE(retry.message, QByteArray("529 Overloaded"));
    QCOMPARE(retry.eventKey, QByteArray("claude:sys-e1"));
    QCOMPARE(retry.ts, qint64(1777888800000));
    QCOMPARE(retry.sessionExternalId, QByteArray("s1"));
    QCOMPARE(retry.agent, QByteArray("main"));
    QVERIFY(retry.model.isEmpty());
    const AgentEventRecord& error = p.batch.events[1];
    QCOMPARE(error.kind, QByteArray("error"));
    QCOMPARE(error.message, QByteArray("API Error: Rate limit reached"));
    QVERIFY(!error.retryAttempt);
    QVERIFY(error.model.isEmpty()); // "<synthetic>" is no model
    QCOMPARE(error.eventKey, QByteArray("claude:a-e1"));
    QVERIFY(error.byteOffset > 0); // the second line's position
    const AgentEventRecord& bare = p.batch.events[2];
    QCOMPARE(bare.message, QByteArray("authentication_failed"));
    QCOMPARE(bare.model, QByteArray("claude-sonnet-4-5"));
    QVERIFY(bare.eventKey.startsWith("claude:@/logs/projects/-p/s1.jsonl:"));
    QCOMPARE(p.batch.usage.size(), size_t(1)); // the ordinary request only
}

void TestClaudeFileParser::eventMessagesAreCappedOrDropped()
{
    // 1999 ASCII bytes then a 3-byte character: the cap falls inside it and cuts before it.
    const QByteArray longText = QByteArray(1999, 'x') + "\xe2\x82\xac" + QByteArray(100, 'y');
    const QByteArray line
        = R"({"type":"assistant","sessionId":"s1","uuid":"a-e1","timestamp":"2026-05-04T10:00:05Z","message":{"id":"m","model":"<synthetic>","content":[{"type":"text","text":")"
        + longText + R"("}]},"isApiErrorMessage":true})";
    const Parsed stored = parse({ line });
    QCOMPARE(stored.batch.events.size(), size_t(1));
    QCOMPARE(stored.batch.events[0].message, QByteArray(1999, 'x'));
    const Parsed dropped = parse({ line }, QStringLiteral("/logs/projects/-p/s1.jsonl"), false);
    QCOMPARE(dropped.batch.events.size(), size_t(1));
    QVERIFY(dropped.batch.events[0].message.isEmpty());
}

void TestClaudeFileParser::filesShareTheThreadsParser()
{
    // Two files read in turns on one thread share its On-Demand parser (threadparser.h): each line's
    // strings are its own. A file whose line grew the parser past 1 MiB lets the buffers go when done.
    ClaudeFileParser first(ClaudeFileContext::fromPath(QStringLiteral("/logs/projects/-p/s1.jsonl")), {});
    auto second = std::make_unique<ClaudeFileParser>(
        ClaudeFileContext::fromPath(QStringLiteral("/logs/projects/-q/s2.jsonl")),
        ClaudeFileParser::Options {});
    IngestBatch batch;
    auto feed = [&batch](ClaudeFileParser& parser, QByteArray line) {
        const qsizetype length = line.size();
        line.append(QByteArray(64, '\0'));
        return parser.parseLine(
            std::string_view(line.constData(), size_t(length)), size_t(line.size()), 0, 0, batch, nullptr);
    };
    const QByteArray huge(2 << 20, 'x');
    QCOMPARE(feed(first, assistant("msg_a", "req_a", R"({"input_tokens":1,"output_tokens":2})")),
        LineParser::Result::Parsed);
    QCOMPARE(
        feed(*second,
            R"({"type":"user","sessionId":"s2","timestamp":"2026-05-04T10:00:01.000Z","message":{"role":"user","content":")"
                + huge + R"("}})"),
        LineParser::Result::Parsed);
    QCOMPARE(feed(first, assistant("msg_b", "req_b", R"({"input_tokens":3,"output_tokens":4})")),
        LineParser::Result::Parsed);
    QVERIFY(ClaudeFileParser::threadParserCapacity() > size_t(2 << 20));
    second.reset();
    QCOMPARE(ClaudeFileParser::threadParserCapacity(), size_t(0));
    QCOMPARE(feed(first, assistant("msg_c", "req_c", R"({"input_tokens":5,"output_tokens":6})")),
        LineParser::Result::Parsed);

    QCOMPARE(batch.usage.size(), size_t(3));
    QCOMPARE(batch.usage[0].recordKey, QByteArray("msg_a"));
    QCOMPARE(batch.usage[1].recordKey, QByteArray("msg_b"));
    QCOMPARE(batch.usage[2].recordKey, QByteArray("msg_c"));
    QCOMPARE(batch.usage[2].tokens.output, 6);
    QCOMPARE(batch.prompts.size(), size_t(1));
    QCOMPARE(batch.prompts[0].text, huge);
}

QTEST_GUILESS_MAIN(TestClaudeFileParser)
#include "tst_claudefileparser.moc"

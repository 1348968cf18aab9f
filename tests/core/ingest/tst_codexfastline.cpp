// SPDX-License-Identifier: MIT
#include "domain/ingestbatch.h"
#include "ingest/codexfastline.h"
#include "ingest/codexfileparser.h"
#include "ingest/codexrolloutindex.h"
#include "ingest/linereader.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <string>

// Token counts and command outputs in Codex's own layout skip the DOM (CodexFastLine). The shortcut
// may decline any line, but a line it reads must come out exactly as through the DOM: the equivalence
// test feeds each rollout twice, once as written and once with every line indented by a space, which
// no shortcut takes.
class TestCodexFastLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsTokenCounts();
    void readsToolOutputs_data();
    void readsToolOutputs();
    void declines_data();
    void declines();
    void sameRecordsAsTheDom_data();
    void sameRecordsAsTheDom();
    void sameThreadTotalsAsTheDom();
    void takesTheShortcut();
    void declinesEveryCut();

private:
    static void addOtherTokenCounts();
    static void addOtherToolOutputs();
    static std::string tokenCount(std::string_view info, std::string_view after = kRateLimits);
    static std::string toolOutput(std::string_view output, std::string_view type = "function_call_output",
        std::string_view callId = "call_1");
    static constexpr std::string_view kUsage = "{\"input_tokens\":13984,\"cached_input_tokens\":12166,"
                                               "\"output_tokens\":130,\"reasoning_output_tokens\":63,"
                                               "\"total_tokens\":14114}";
    static constexpr std::string_view kRateLimits
        = ",\"rate_limits\":{\"primary\":{\"used_percent\":60.0,\"window_minutes\":300,\"resets_at\":"
          "1789637517},\"plan_type\":\"plus\"}}}";
};

std::string TestCodexFastLine::tokenCount(std::string_view info, std::string_view after)
{
    return std::string(
               "{\"timestamp\":\"2026-09-17T07:01:57.381Z\",\"type\":\"event_msg\",\"payload\":{\"type\":"
               "\"token_count\",\"info\":")
        + std::string(info) + std::string(after);
}

std::string TestCodexFastLine::toolOutput(
    std::string_view output, std::string_view type, std::string_view callId)
{
    return std::string("{\"timestamp\":\"2026-09-17T07:02:42.843Z\",\"type\":\"response_item\",\"payload\":{"
                       "\"type\":\"")
        + std::string(type) + "\",\"call_id\":\"" + std::string(callId)
        + "\",\"output\":" + std::string(output) + "}}";
}

void TestCodexFastLine::readsTokenCounts()
{
    const std::string last = "{\"input_tokens\":5,\"cached_input_tokens\":9,\"output_tokens\":0,"
                             "\"reasoning_output_tokens\":0,\"total_tokens\":5}";
    const std::string line = tokenCount("{\"total_token_usage\":" + std::string(kUsage)
        + ",\"last_token_usage\":" + last + ",\"model_context_window\":258400}");
    CodexFastLine::TokenCount count;
    QVERIFY(CodexFastLine::readTokenCount(line, &count));
    QVERIFY(count.hasInfo);
    QCOMPARE(count.timestampMs, 1789628517381);
    QCOMPARE(count.total.input, 13984);
    QCOMPARE(count.total.cached, 12166);
    QCOMPARE(count.total.output, 130);
    QCOMPARE(count.total.reasoning, 63);
    QCOMPARE(count.total.total, 14114);
    QCOMPARE(count.last.input, 5);
    QCOMPARE(count.last.cached, 5); // cached input is part of input, as toUsage() holds it
    QCOMPARE(count.last.output, 0);

    CodexFastLine::TokenCount rateLimitsOnly;
    QVERIFY(CodexFastLine::readTokenCount(tokenCount("null"), &rateLimitsOnly));
    QVERIFY(!rateLimitsOnly.hasInfo);
    // Without info the DOM ignores the line before it looks for a model, so a model key does not make
    // it the DOM's there.
    CodexFastLine::TokenCount withModel;
    QVERIFY(CodexFastLine::readTokenCount(tokenCount("null", ",\"model\":\"gpt-5\"}}"), &withModel));
    QVERIFY(!withModel.hasInfo);
}

void TestCodexFastLine::declines_data()
{
    QTest::addColumn<QByteArray>("line");
    addOtherTokenCounts();
    addOtherToolOutputs();
}

// Neither reading takes any of these lines: each is the DOM's.
void TestCodexFastLine::declines()
{
    QFETCH(QByteArray, line);
    const std::string_view text(line.constData(), size_t(line.size()));
    CodexFastLine::TokenCount count;
    CodexFastLine::ToolOutput output;
    QVERIFY(!CodexFastLine::readTokenCount(text, &count));
    QVERIFY(!CodexFastLine::readToolOutput(text, &output));
}

void TestCodexFastLine::addOtherTokenCounts()
{
    const std::string usage(kUsage);
    auto both = [&](const std::string& total, const std::string& last, const std::string& tail = "}") {
        return QByteArray::fromStdString(
            tokenCount("{\"total_token_usage\":" + total + ",\"last_token_usage\":" + last + tail));
    };
    // The usual info, followed by this instead of the rate limits and the ends of payload and envelope.
    auto followedBy = [&](std::string_view after) {
        return QByteArray::fromStdString(
            tokenCount("{\"total_token_usage\":" + usage + ",\"last_token_usage\":" + usage + "}", after));
    };
    auto replaced = [&](std::string_view from, std::string_view to) {
        std::string changed = usage;
        changed.replace(changed.find(from), from.size(), to);
        return changed;
    };
    QTest::newRow("the model in info") << both(usage, usage, ",\"model\":\"gpt-5\"}");
    QTest::newRow("the model in the payload") << followedBy(",\"model\":\"gpt-5\"}}");
    // The walk over the rest looks for it at every quote, so both places a string can put it.
    QTest::newRow("a model key in the rate limits")
        << followedBy(",\"rate_limits\":{\"model\":\"gpt-5\",\"plan_type\":\"plus\"}}}");
    QTest::newRow("model as a value") << followedBy(",\"rate_limits\":{\"plan_type\":\"model\"}}}");
    QTest::newRow("model right after a string")
        << followedBy(",\"rate_limits\":{\"plan_type\":\"plus\"model\"\"}}}");
    QTest::newRow("last before total") << QByteArray::fromStdString(
        tokenCount("{\"last_token_usage\":" + usage + ",\"total_token_usage\":" + usage + "}"));
    QTest::newRow("total only") << QByteArray::fromStdString(
        tokenCount("{\"total_token_usage\":" + usage + "}"));
    QTest::newRow("a leading zero") << both(replaced("13984", "013984"), usage);
    QTest::newRow("a fraction") << both(replaced("13984", "13984.5"), usage);
    QTest::newRow("an exponent") << both(usage, replaced("130", "1e3"));
    QTest::newRow("negative") << both(usage, replaced("130", "-130"));
    QTest::newRow("above the maximum") << both(replaced("14114", "2000000000000"), usage);
    QTest::newRow("null count") << both(replaced("130", "null"), usage);
    QTest::newRow("key order") << both(replaced("\"input_tokens\":13984,\"cached_input_tokens\":12166",
                                           "\"cached_input_tokens\":12166,\"input_tokens\":13984"),
        usage);
    QTest::newRow("cut short") << followedBy(",\"rate_limits\":{\"primary\":{\"used_percent\":60.0}}");
    QTest::newRow("something after the envelope") << followedBy(std::string(kRateLimits) + "}");
    QTest::newRow("an unterminated string")
        << QByteArray::fromStdString(tokenCount("null", ",\"rate_limits\":{\"plan_type\":\"plus}}}"));
    QTest::newRow("a key after the payload") << followedBy(
        std::string(kRateLimits).substr(0, kRateLimits.size() - 1) + ",\"type\":\"turn_context\"}");
    QTest::newRow("a second payload after info null")
        << QByteArray::fromStdString(tokenCount("null", "},\"payload\":{\"type\":\"user_message\"}}"));
    QTest::newRow("an escaped model key") << followedBy(",\"mod\\u0065l\":\"gpt-4.1\"}}");
    std::string control = tokenCount("null");
    control.insert(control.find("Z\""), 1, '\x01');
    QTest::newRow("a control byte in the timestamp") << QByteArray::fromStdString(control);
    std::string escaped = tokenCount("null");
    escaped.replace(escaped.find("07:01"), 5, "07\\u003a01");
    QTest::newRow("an escaped timestamp") << QByteArray::fromStdString(escaped);
}

void TestCodexFastLine::readsToolOutputs_data()
{
    QTest::addColumn<QByteArray>("output");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<bool>("isError");
    QTest::newRow("exit 0") << QByteArray("\"Exit code: 0\\nWall time: 1.2 seconds\\nOutput:\\nok\\n\"")
                            << QByteArray("function_call_output") << false;
    QTest::newRow("exit 0, nothing after")
        << QByteArray("\"Exit code: 0\"") << QByteArray("function_call_output") << false;
    QTest::newRow("exit 1") << QByteArray("\"Exit code: 1\\nOutput:\\n\\\"quoted\\\"\\n\"")
                            << QByteArray("function_call_output") << true;
    QTest::newRow("exit 127") << QByteArray("\"Exit code: 127\\n\"") << QByteArray("function_call_output")
                              << true;
    QTest::newRow("exit 01") << QByteArray("\"Exit code: 01\"") << QByteArray("function_call_output") << true;
    QTest::newRow("a custom tool") << QByteArray("\"Exit code: 0\\nOutput:\\nSuccess.\\n\"")
                                   << QByteArray("custom_tool_call_output") << false;
}

void TestCodexFastLine::readsToolOutputs()
{
    QFETCH(QByteArray, output);
    QFETCH(QByteArray, type);
    QFETCH(bool, isError);
    const std::string line = toolOutput(output.toStdString(), type.toStdString(), "call_3cc349068a55");
    CodexFastLine::ToolOutput read;
    QVERIFY(CodexFastLine::readToolOutput(line, &read));
    QCOMPARE(read.callId, std::string_view("call_3cc349068a55"));
    QCOMPARE(read.timestampMs, 1789628562843);
    QCOMPARE(read.isError, isError);
}

void TestCodexFastLine::addOtherToolOutputs()
{
    auto line = [](std::string_view output, std::string_view type = "function_call_output",
                    std::string_view callId = "call_1") {
        return QByteArray::fromStdString(toolOutput(output, type, callId));
    };
    QTest::newRow("a digit escaped after the 0") << line("\"Exit code: 0\\u0031\"");
    QTest::newRow("no exit code") << line("\"Success. Updated the following files\"");
    QTest::newRow("JSON in the string") << line("\"{\\\"agent_id\\\":\\\"01a0\\\"}\"");
    QTest::newRow("structured output") << line("{\"output\":\"x\",\"metadata\":{\"exit_code\":1}}");
    QTest::newRow("an escape in the call id")
        << line("\"Exit code: 0\"", "function_call_output", "call\\u005f1");
    QTest::newRow("another item type") << line("\"Exit code: 0\"", "local_shell_call_output");
    QTest::newRow("an unterminated output") << QByteArray(
        "{\"timestamp\":\"2026-09-17T07:02:42.843Z\",\"type\":\"response_item\",\"payload\":"
        "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"Exit code: 0\\\"}}");
    QTest::newRow("a control byte in an output's timestamp") << QByteArray(
        "{\"timestamp\":\"2026-09-17T07:02:42.843Z\x01\",\"type\":\"response_item\",\"payload\":"
        "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"Exit code: 0\"}}");
    QTest::newRow("a field after the output")
        << QByteArray("{\"timestamp\":\"2026-09-17T07:02:42.843Z\",\"type\":\"response_item\",\"payload\":"
                      "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"Exit code: 0\","
                      "\"status\":\"failed\"}}");
}

void TestCodexFastLine::sameRecordsAsTheDom_data()
{
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<int>("shortcuts"); // lines the shortcut reads
    const QString meta = QStringLiteral(
        "{\"timestamp\":\"2026-09-17T07:01:50.000Z\",\"type\":\"session_meta\",\"payload\":{\"id\":"
        "\"01a0ae2b-9e9f-7972-a27a-406089c0c5bc\",\"timestamp\":\"2026-09-17T07:01:50.000Z\",\"cwd\":\"/"
        "src\","
        "\"originator\":\"codex_cli_rs\",\"cli_version\":\"0.142.5\",\"model_provider\":\"openai\"}}");
    const QString turn
        = QStringLiteral("{\"timestamp\":\"2026-09-17T07:01:51.000Z\",\"type\":\"turn_context\","
                         "\"payload\":{\"cwd\":\"/src\",\"model\":\"gpt-5.3-codex\"}}");
    auto call = [](const char* ts, const char* id) {
        return QStringLiteral(
            "{\"timestamp\":\"%1\",\"type\":\"response_item\",\"payload\":{\"type\":"
            "\"function_call\",\"name\":\"exec_command\",\"arguments\":\"{}\",\"call_id\":\"%2\"}}")
            .arg(QLatin1String(ts), QLatin1String(id));
    };
    auto output = [](const char* ts, const char* id, const char* text) {
        return QStringLiteral("{\"timestamp\":\"%1\",\"type\":\"response_item\",\"payload\":{\"type\":"
                              "\"function_call_output\",\"call_id\":\"%2\",\"output\":\"%3\"}}")
            .arg(QLatin1String(ts), QLatin1String(id), QLatin1String(text));
    };
    auto count = [](const char* ts, int total, int last) {
        auto usage = [](int n) {
            return QStringLiteral("{\"input_tokens\":%1,\"cached_input_tokens\":%2,\"output_tokens\":%3,"
                                  "\"reasoning_output_tokens\":%4,\"total_tokens\":%5}")
                .arg(n)
                .arg(n / 2)
                .arg(n / 10)
                .arg(n / 20)
                .arg(n + n / 10);
        };
        const QString info = QStringLiteral("{\"total_token_usage\":") + usage(total)
            + QStringLiteral(",\"last_token_usage\":") + usage(last)
            + QStringLiteral(",\"model_context_window\":258400}");
        return QString::fromStdString(tokenCount(info.toStdString()))
            .replace(QLatin1String("2026-09-17T07:01:57.381Z"), QLatin1String(ts));
    };
    const QString rateLimitsOnly = QString::fromStdString(tokenCount("null"))
                                       .replace(QLatin1String("07:01:57.381"), QLatin1String("07:04:00.000"));

    QTest::newRow("calls, outputs and token counts")
        << QStringList { meta, turn, call("2026-09-17T07:02:00.000Z", "call_a"),
               output("2026-09-17T07:02:03.500Z", "call_a", "Exit code: 0\\nWall time: 3.5 seconds\\n"),
               count("2026-09-17T07:02:04.000Z", 1000, 1000), call("2026-09-17T07:02:10.000Z", "call_b"),
               output("2026-09-17T07:02:11.000Z", "call_b", "Exit code: 2\\nOutput:\\nno such file\\n"),
               count("2026-09-17T07:02:12.000Z", 3000, 2000), rateLimitsOnly,
               count("2026-09-17T07:02:13.000Z", 3000, 2000), // a re-emitted total
               output("2026-09-17T07:02:20.000Z", "call_elsewhere", "Exit code: 1\\n"),
               count("2026-09-17T07:02:30.000Z", 6000, 3000) }
        << 8;
    const QString fork
        = QString(meta)
              .replace(QLatin1String("\"cwd\":\"/src\","),
                  QLatin1String(
                      "\"cwd\":\"/src\",\"forked_from_id\":\"01a0aaaa-0000-7000-8000-000000000000\","))
              .replace(QLatin1String("\"timestamp\":\"2026-09-17T07:01:50.000Z\",\"cwd"),
                  QLatin1String("\"timestamp\":\"2026-09-17T07:02:10.000Z\",\"cwd"));
    QTest::newRow("a fork, its parent's history first")
        << QStringList { fork, turn, count("2026-09-17T07:02:04.000Z", 1000, 1000),
               output("2026-09-17T07:02:05.000Z", "call_old", "Exit code: 0\\n"),
               count("2026-09-17T07:02:20.000Z", 3000, 2000), count("2026-09-17T07:02:30.000Z", 6000, 3000) }
        << 4;
    QTest::newRow("an invalid timestamp")
        << QStringList { meta, count("2026-13-45T07:02:04.000Z", 1000, 1000) } << 1;
}

void TestCodexFastLine::sameRecordsAsTheDom()
{
    QFETCH(QStringList, lines);
    QFETCH(int, shortcuts);
    int read = 0;
    for (const QString& line : std::as_const(lines)) {
        const std::string text = line.toStdString();
        CodexFastLine::TokenCount count;
        CodexFastLine::ToolOutput output;
        read += CodexFastLine::readTokenCount(text, &count) || CodexFastLine::readToolOutput(text, &output);
    }
    QCOMPARE(read, shortcuts);
    // Each pass with a rollout index of its own, so that the totals the parser observes for later
    // children are compared too.
    const QString path
        = QStringLiteral("/r/rollout-2026-09-17T07-01-50-01a0ae2b-9e9f-7972-a27a-406089c0c5bc.jsonl");
    struct Pass
    {
        IngestBatch batch;
        QList<LineParser::Result> results;
        QList<QByteArray> reasons;
        QByteArray state;
        qint64 duplicates = 0;
        std::vector<CodexUsage> observed;
    };
    auto parse = [&](bool indent) {
        Pass pass;
        CodexRolloutIndex index;
        index.setRollouts({ path });
        CodexFileParser parser(path, {}, {}, &index);
        pass.batch.progress.emplace_back();
        qint64 offset = 0;
        for (const QString& line : std::as_const(lines)) {
            std::string text = (indent ? " " : "") + line.toStdString();
            const size_t length = text.size();
            text.append(LineReader::kPadding, '\0');
            QByteArray reason;
            pass.results << parser.parseLine(
                std::string_view(text.data(), length), text.size(), offset, 0, pass.batch, &reason);
            pass.reasons << reason;
            offset += qint64(line.size()) + 1; // the same offsets in both passes
        }
        pass.state = parser.saveState();
        pass.duplicates = parser.duplicates();
        parser.finish(false, FileStamp());
        // Observed totals answer a lookup up to a time before their last.
        pass.observed = index.totals("01a0ae2b-9e9f-7972-a27a-406089c0c5bc", 1789628549000);
        return pass;
    };
    const Pass fastPass = parse(false);
    const Pass domPass = parse(true);
    QCOMPARE(fastPass.results, domPass.results);
    QCOMPARE(fastPass.reasons, domPass.reasons);
    QCOMPARE(fastPass.state, domPass.state);
    QCOMPARE(fastPass.duplicates, domPass.duplicates);
    QCOMPARE(fastPass.observed.size(), domPass.observed.size());
    for (size_t i = 0; i < fastPass.observed.size(); ++i)
        QVERIFY(fastPass.observed[i] == domPass.observed[i]);
    const IngestBatch& fast = fastPass.batch;
    const IngestBatch& dom = domPass.batch;
    QCOMPARE(fast.usage.size(), dom.usage.size());
    for (size_t i = 0; i < fast.usage.size(); ++i) {
        const UsageRecord& a = fast.usage[i];
        const UsageRecord& b = dom.usage[i];
        QCOMPARE(a.recordKey, b.recordKey);
        QCOMPARE(a.timestampMs, b.timestampMs);
        QCOMPARE(a.model, b.model);
        QCOMPARE(a.tokens.input, b.tokens.input);
        QCOMPARE(a.tokens.cacheRead, b.tokens.cacheRead);
        QCOMPARE(a.tokens.output, b.tokens.output);
        QCOMPARE(a.tokens.reasoning, b.tokens.reasoning);
        QCOMPARE(a.sessionIndex, b.sessionIndex);
        QCOMPARE(a.byteOffset, b.byteOffset);
    }
    QCOMPARE(fast.toolCalls.size(), dom.toolCalls.size());
    for (size_t i = 0; i < fast.toolCalls.size(); ++i) {
        const ToolCallRecord& a = fast.toolCalls[i];
        const ToolCallRecord& b = dom.toolCalls[i];
        QCOMPARE(a.toolUseId, b.toolUseId);
        QCOMPARE(a.hasResult, b.hasResult);
        QCOMPARE(a.result.endTs, b.result.endTs);
        QCOMPARE(a.result.isError, b.result.isError);
    }
    QCOMPARE(fast.toolResults.size(), dom.toolResults.size());
    for (size_t i = 0; i < fast.toolResults.size(); ++i) {
        QCOMPARE(fast.toolResults[i].toolUseId, dom.toolResults[i].toolUseId);
        QCOMPARE(fast.toolResults[i].endTs, dom.toolResults[i].endTs);
        QCOMPARE(fast.toolResults[i].isError, dom.toolResults[i].isError);
    }
    QCOMPARE(fast.sessions.size(), dom.sessions.size());
    for (size_t i = 0; i < fast.sessions.size(); ++i) {
        QCOMPARE(fast.sessions[i].externalId, dom.sessions[i].externalId);
        QCOMPARE(fast.sessions[i].firstTs, dom.sessions[i].firstTs);
        QCOMPARE(fast.sessions[i].lastTs, dom.sessions[i].lastTs);
        QCOMPARE(fast.sessions[i].agent, dom.sessions[i].agent);
        QCOMPARE(fast.sessions[i].parentExternalId, dom.sessions[i].parentExternalId);
        QCOMPARE(fast.sessions[i].cwd, dom.sessions[i].cwd);
    }
}

void TestCodexFastLine::sameThreadTotalsAsTheDom()
{
    // What a child's replay check reads of its parent (CodexFileParser::threadTotals()).
    auto usage = [](int n) {
        return "{\"input_tokens\":" + std::to_string(n) + ",\"cached_input_tokens\":" + std::to_string(n / 2)
            + ",\"output_tokens\":7,\"reasoning_output_tokens\":3,\"total_tokens\":" + std::to_string(n + 7)
            + "}";
    };
    std::vector<std::string> lines;
    for (int n : { 100, 100, 250, 400 })
        lines.push_back(
            tokenCount("{\"total_token_usage\":" + usage(n) + ",\"last_token_usage\":" + usage(n / 2) + "}"));
    lines.push_back(tokenCount("null"));
    lines.push_back(toolOutput("\"Exit code: 0\""));
    lines[2].replace(lines[2].find("07:01:57"), 8, "07:05:00");
    lines[3].replace(lines[3].find("07:01:57"), 8, "07:06:00");

    QTemporaryDir dir;
    auto totalsOf = [&](const char* name, bool indent) {
        const QString path = dir.filePath(QLatin1String(name));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        for (const std::string& line : lines)
            file.write(QByteArray::fromStdString((indent ? " " : "") + line + "\n"));
        file.close();
        return CodexFileParser::threadTotals(path);
    };
    int read = 0;
    for (const std::string& line : lines) {
        CodexFastLine::TokenCount count;
        read += CodexFastLine::readTokenCount(line, &count) && count.hasInfo;
    }
    QCOMPARE(read, 4);
    const auto fast = totalsOf("fast.jsonl", false);
    const auto dom = totalsOf("dom.jsonl", true);
    QCOMPARE(fast.size(), size_t(3)); // the repeated total collapses
    QCOMPARE(fast.size(), dom.size());
    for (size_t i = 0; i < fast.size(); ++i) {
        QCOMPARE(fast[i].first, dom[i].first);
        QVERIFY(fast[i].second == dom[i].second);
    }
}

void TestCodexFastLine::takesTheShortcut()
{
    // The one documented difference shows which reading the parser took: a raw control byte in the
    // skipped text passes the shortcut's checks and fails the DOM's.
    const std::string usage(kUsage);
    const std::string count
        = tokenCount("{\"total_token_usage\":" + usage + ",\"last_token_usage\":" + usage + "}",
            ",\"rate_limits\":{\"plan_type\":\"pl\x01us\"}}}");
    const std::string output = toolOutput("\"Exit code: 0\\nOutput:\\n\x01\"");
    for (const std::string& line : { count, output }) {
        auto parse = [&](bool indent) {
            CodexFileParser parser(
                QStringLiteral("/r/rollout-2026-09-17T07-01-50-01a0ae2b-9e9f-7972-a27a-406089c0c5bc.jsonl"),
                {}, {}, nullptr);
            IngestBatch batch;
            batch.progress.emplace_back();
            std::string text = (indent ? " " : "") + line;
            const size_t length = text.size();
            text.append(LineReader::kPadding, '\0');
            return parser.parseLine(std::string_view(text.data(), length), text.size(), 0, 0, batch, nullptr);
        };
        QCOMPARE(parse(false), LineParser::Result::Parsed);
        QCOMPARE(parse(true), LineParser::Result::Malformed);
    }
}

void TestCodexFastLine::declinesEveryCut()
{
    // A line cut anywhere is not whole: every strict prefix of a line the shortcut reads is declined
    // (and read within its bounds: the views end where the cut is).
    const std::string usage(kUsage);
    const std::vector<std::string> lines { tokenCount("{\"total_token_usage\":" + usage
                                               + ",\"last_token_usage\":" + usage
                                               + ",\"model_context_window\":258400}"),
        tokenCount("null"), toolOutput("\"Exit code: 0\\nOutput:\\n\\\"ok\\\"\\n\"") };
    for (const std::string& line : lines) {
        CodexFastLine::TokenCount count;
        CodexFastLine::ToolOutput output;
        QVERIFY(CodexFastLine::readTokenCount(line, &count) || CodexFastLine::readToolOutput(line, &output));
        for (size_t length = 0; length < line.size(); ++length) {
            const std::string cut = line.substr(0, length); // its own allocation, so a read past it shows
            QVERIFY2(
                !CodexFastLine::readTokenCount(cut, &count) && !CodexFastLine::readToolOutput(cut, &output),
                cut.c_str());
        }
    }
}

QTEST_GUILESS_MAIN(TestCodexFastLine)
#include "tst_codexfastline.moc"

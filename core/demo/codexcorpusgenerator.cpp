// SPDX-License-Identifier: MIT
#include "codexcorpusgenerator.h"

#include "jsontext.h"
#include "splitmix64.h"

#include <charconv>
#include <cstdio>
#include <QDate>
#include <QDir>
#include <QFile>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>
#include <zstd.h>

// Lines are built with std::string appends (a 1 GB corpus is ~400k lines; QJson per line would
// dominate). All randomness comes from one seeded generator and all arithmetic is integer, so the
// bytes depend on the options only.

namespace {

using i64 = qint64;
using u64 = quint64;

constexpr i64 kSecond = 1000;
constexpr i64 kMinute = 60 * kSecond;
constexpr i64 kHour = 60 * kMinute;
constexpr i64 kDay = 24 * kHour;
// Rollout names use the machine's local time (formats.md §1.2); the corpus pretends to be UTC+2, so
// names near midnight carry another date than the lines inside.
constexpr i64 kLocalOffset = 2 * kHour;

struct Random : SplitMix64
{
    explicit Random(u64 seed)
        : SplitMix64(seeded(seed))
    { }
    // Heavy-tailed sizes: a random power of two between lo and hi, then uniform within it.
    i64 skewed(i64 lo, i64 hi)
    {
        i64 base = lo;
        while (base * 2 <= hi && percent(55))
            base *= 2;
        return qMin(hi, base + between(0, base));
    }
};

struct Usage
{
    i64 input = 0, cached = 0, output = 0, reasoning = 0;
    i64 total() const { return input + output; }
    Usage operator+(const Usage& o) const
    {
        return { input + o.input, cached + o.cached, output + o.output, reasoning + o.reasoning };
    }
    TokenCounts normalised() const
    {
        TokenCounts t;
        t.input = input - cached;
        t.cacheRead = cached;
        t.output = output - reasoning;
        t.reasoning = reasoning;
        return t;
    }
};

// A token event as written, for children that replay their parent's history.
struct TokenEvent
{
    i64 ts;
    Usage total, last;
};

void appendInt(std::string& out, i64 v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void appendDigits(std::string& out, i64 v, int width)
{
    char buf[8];
    for (int i = width - 1; i >= 0; --i, v /= 10)
        buf[i] = char('0' + v % 10);
    out.append(buf, size_t(width));
}

void civil(i64 ms, i64& y, i64& m, i64& d, i64& hh, i64& mm, i64& ss, i64& milli)
{
    i64 days = ms / kDay;
    i64 rem = ms % kDay;
    const i64 z = days + 719468;
    const i64 era = z / 146097;
    const i64 doe = z - era * 146097;
    const i64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const i64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const i64 mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    hh = rem / kHour;
    rem %= kHour;
    mm = rem / kMinute;
    rem %= kMinute;
    ss = rem / kSecond;
    milli = rem % kSecond;
}

void appendTimestamp(std::string& out, i64 ms)
{
    i64 y, m, d, hh, mm, ss, milli;
    civil(ms, y, m, d, hh, mm, ss, milli);
    appendDigits(out, y, 4);
    out += '-';
    appendDigits(out, m, 2);
    out += '-';
    appendDigits(out, d, 2);
    out += 'T';
    appendDigits(out, hh, 2);
    out += ':';
    appendDigits(out, mm, 2);
    out += ':';
    appendDigits(out, ss, 2);
    out += '.';
    appendDigits(out, milli, 3);
    out += 'Z';
}

QString dayOf(i64 ms)
{
    i64 y, m, d, hh, mm, ss, milli;
    civil(ms, y, m, d, hh, mm, ss, milli);
    return QDate(int(y), int(m), int(d)).toString(Qt::ISODate);
}

void appendUsage(std::string& out, const Usage& u)
{
    out += "{\"input_tokens\":";
    appendInt(out, u.input);
    out += ",\"cached_input_tokens\":";
    appendInt(out, u.cached);
    out += ",\"output_tokens\":";
    appendInt(out, u.output);
    out += ",\"reasoning_output_tokens\":";
    appendInt(out, u.reasoning);
    out += ",\"total_tokens\":";
    appendInt(out, u.total());
    out += '}';
}

const char* const kModels[] = { "gpt-5.4", "gpt-5.4", "gpt-5.5", "gpt-5.3-codex", "gpt-5.4" };
const char* const kChildModels[] = { "gpt-5.4-mini", "gpt-5.4-mini", "gpt-5.4" };
const char* const kProjects[] = { "/home/ana/src/shop", "/home/ana/src/billing", "/home/ana/src/infra",
    "/home/ana/src/mobile-app", "/home/ana/src/docs-site" };
const char* const kBranches[] = { "main", "main", "feature/pagination", "fix/timeouts", "release/2.4" };
const char* const kPrompts[] = { "add pagination to the orders endpoint",
    "why does the nightly job time out? look at the logs in var/",
    "refactor the payment client to use retries", "write tests for the invoice totals",
    "update the changelog for 2.4 and bump the version", "the build fails on CI with a linker error, fix it",
    "explain how the cache invalidation works here", "rename the config keys to snake_case everywhere",
    "make the CLI print a summary table at the end", "review my last commit for bugs" };
const char* const kTasks[] = { "Find every caller of list_orders and report the file and line",
    "Run the test suite and summarise the failures", "Read the migration files and list the schema changes",
    "Search the docs for the retry policy" };
const char* const kFiles[] = { "api/orders.py", "api/pager.py", "billing/client.py", "tests/test_invoice.py",
    "CHANGELOG.md", "cli/main.py", "config/settings.toml", "infra/nightly.yaml" };
const char* const kCommands[] = { "rg -n list_orders", "pytest -q", "git status --short", "ls -la api",
    "sed -n 1,120p api/orders.py", "cargo build", "make test", "git diff HEAD~1" };
const char* const kWords[]
    = { "the", "order", "request", "cache", "retry", "value", "config", "function", "returns", "page", "size",
          "invoice", "client", "error", "test", "module", "update", "handler", "list", "total" };

class Generator
{
public:
    explicit Generator(const CorpusOptions& options)
        : m_options(options)
        , m_random(options.seed)
    {
        const QDateTime end
            = options.end.isValid() ? options.end : QDateTime(QDate(2026, 11, 1), QTime(0, 0), Qt::UTC);
        m_endMs = end.toMSecsSinceEpoch();
        m_days = qMax(1, options.days);
        m_startMs = m_endMs - i64(m_days) * kDay;
    }

    CodexCorpusSummary run()
    {
        QDir().mkpath(m_options.outputDir);
        int sequence = 0;
        while (m_summary.bytes < m_options.targetBytes) {
            // A working hour of a random day, more often on weekdays.
            i64 day = m_random.between(0, m_days - 1);
            const i64 weekday = ((m_startMs / kDay + day) + 4) % 7; // 0 = Sunday
            if ((weekday == 0 || weekday == 6) && m_random.percent(60))
                day = m_random.between(0, m_days - 1);
            i64 start = m_startMs + day * kDay + 7 * kHour + m_random.between(0, 12 * kHour);
            start = qMin(start, m_endMs - 6 * kHour);
            if (++sequence % 31 == 0)
                writeLegacy(start);
            else
                writeThread(start, nullptr, false);
        }
        writeSessionIndex();
        writeSummaryFile();
        return m_summary;
    }

private:
    struct Thread
    {
        std::string id;
        i64 createdMs = 0;
        std::string cwd, branch, model, cliVersion;
        Usage total;
        std::vector<TokenEvent> events; // counted token events
        std::vector<TokenEvent> written; // every token_count with usage, re-emits and stale ones too
        std::vector<std::pair<i64, std::string>> turnContexts; // (ts, model)
        std::pair<i64, std::string> firstPrompt;
        bool usageRecords = false; // Codex 0.169: token_usage_record lines too
        bool compressed = false;
        bool archived = false;
        std::string text;
        i64 now = 0;
    };

    std::string uuid(i64 ms)
    {
        // UUIDv7 layout: 48 bits of time, then random bits.
        static const char hex[] = "0123456789abcdef";
        std::string id;
        const u64 a = m_random.next(), b = m_random.next();
        const u64 time = u64(ms) & 0xFFFFFFFFFFFFull;
        for (int i = 11; i >= 0; --i)
            id += hex[(time >> (i * 4)) & 15];
        id.insert(8, "-");
        id += "-7";
        for (int i = 0; i < 3; ++i)
            id += hex[(a >> (i * 4)) & 15];
        id += '-';
        id += hex[8 + ((a >> 12) & 3)];
        for (int i = 0; i < 3; ++i)
            id += hex[(a >> (16 + i * 4)) & 15];
        id += '-';
        for (int i = 0; i < 12; ++i)
            id += hex[(b >> (i * 4)) & 15];
        return id;
    }

    void words(std::string& out, i64 bytes)
    {
        const size_t target = out.size() + size_t(bytes);
        while (out.size() < target) {
            out += m_random.pick(kWords);
            out += m_random.percent(8) ? ".\n" : " ";
        }
    }

    void begin(Thread& t, i64 ts, std::string_view type)
    {
        t.text += "{\"timestamp\":\"";
        appendTimestamp(t.text, ts);
        t.text += "\",\"type\":\"";
        t.text += type;
        t.text += "\",\"payload\":{";
    }
    void end(Thread& t)
    {
        t.text += "}}\n";
        ++m_summary.lines;
    }
    i64 tick(Thread& t, i64 lo, i64 hi)
    {
        t.now += m_random.between(lo, hi);
        return t.now;
    }

    void sessionMeta(Thread& t, const Thread* parent, bool fork, int depth, const std::string& role)
    {
        begin(t, t.createdMs, "session_meta");
        t.text += "\"id\":\"" + t.id + "\",\"session_id\":\"" + (parent && !fork ? parent->id : t.id)
            + "\",\"timestamp\":\"";
        appendTimestamp(t.text, t.createdMs);
        t.text += "\",\"cwd\":\"" + t.cwd + "\",\"originator\":\"codex-tui\",\"cli_version\":\""
            + t.cliVersion + "\",";
        if (parent && !fork) {
            t.text += "\"source\":{\"subagent\":{\"thread_spawn\":{\"parent_thread_id\":\"" + parent->id
                + "\",\"depth\":";
            appendInt(t.text, depth);
            t.text += ",\"agent_nickname\":\"scout\",\"agent_role\":\"" + role + "\"}}},";
        } else {
            t.text += "\"source\":\"cli\",";
            if (fork)
                t.text += "\"forked_from_id\":\"" + parent->id + "\",";
        }
        t.text += "\"model_provider\":\"openai\",\"base_instructions\":{\"text\":\"";
        std::string instructions;
        words(instructions, 3000);
        JsonText::appendEscaped(t.text, instructions);
        t.text += "\"},\"git\":{\"commit_hash\":\"4be1c0d\",\"branch\":\"" + t.branch
            + "\",\"repository_url\":\"git@github.com:ana/project.git\"}";
        end(t);
    }

    void turnContext(Thread& t, i64 ts, const std::string& model)
    {
        begin(t, ts, "turn_context");
        t.text += "\"turn_id\":\"t-";
        appendInt(t.text, ts % 100000);
        t.text += "\",\"cwd\":\"" + t.cwd
            + "\",\"approval_policy\":\"on-request\",\"sandbox_policy\":{\"type\":\"workspace-write\"},"
              "\"model\":\""
            + model + "\",\"effort\":\"medium\",\"summary\":\"auto\"";
        end(t);
        t.turnContexts.emplace_back(ts, model);
    }

    void userMessage(Thread& t, i64 ts, std::string_view text, bool counted)
    {
        begin(t, ts, "event_msg");
        t.text += "\"type\":\"user_message\",\"message\":\"";
        JsonText::appendEscaped(t.text, text);
        t.text += "\",\"images\":[]";
        end(t);
        if (counted) {
            ++m_summary.prompts;
            if (t.firstPrompt.second.empty())
                t.firstPrompt = { ts, std::string(text) };
        }
    }

    void tokenCount(Thread& t, i64 ts, const Usage& total, const Usage* last)
    {
        t.written.push_back({ ts, total, last ? *last : Usage() });
        begin(t, ts, "event_msg");
        t.text += "\"type\":\"token_count\",\"info\":{\"total_token_usage\":";
        appendUsage(t.text, total);
        if (last) {
            t.text += ",\"last_token_usage\":";
            appendUsage(t.text, *last);
        }
        t.text += ",\"model_context_window\":258400},\"rate_limits\":{\"primary\":{\"used_percent\":";
        appendInt(t.text, m_random.between(1, 60));
        t.text += ".0,\"window_minutes\":300,\"resets_at\":";
        appendInt(t.text, ts / 1000 + 9000);
        t.text += "},\"plan_type\":\"plus\"}";
        end(t);
    }

    void usageRecord(Thread& t, i64 ts, const Usage& last, const Usage& total, i64 request)
    {
        begin(t, ts, "token_usage_record");
        t.text += "\"thread_id\":\"" + t.id + "\",\"turn_id\":\"t-1\",\"response_id\":\"resp_";
        appendInt(t.text, request);
        t.text += "\",\"usage\":";
        appendUsage(t.text, last);
        t.text += ",\"turn_token_usage\":";
        appendUsage(t.text, last);
        t.text += ",\"thread_token_usage\":";
        appendUsage(t.text, total);
        end(t);
        ++m_summary.usageRecordLines;
    }

    // One billed request: its usage grows with the conversation's context.
    void request(Thread& t, i64& context)
    {
        context += m_random.skewed(400, 12000);
        Usage last;
        last.input = context;
        last.cached = context * m_random.between(70, 96) / 100;
        last.output = m_random.skewed(40, 2500);
        last.reasoning = last.output * m_random.between(0, 80) / 100;
        t.total = t.total + last;
        const i64 ts = tick(t, 800, 40 * kSecond);
        const bool recordFirst = t.usageRecords && m_random.percent(50);
        if (recordFirst)
            usageRecord(t, ts, last, t.total, i64(t.events.size()));
        tokenCount(t, recordFirst ? ts + 1 : ts, t.total, &last);
        if (t.usageRecords && !recordFirst)
            usageRecord(t, ts + 1, last, t.total, i64(t.events.size()));
        t.events.push_back({ recordFirst ? ts + 1 : ts, t.total, last }); // the token_count's own time
        if (t.usageRecords)
            pitfall("usageRecord", ts, last);
        ++m_summary.usageRequests;
        const TokenCounts tokens = last.normalised();
        m_summary.tokens += tokens;
        m_summary.perDay[dayOf(ts)] += tokens;
        if (t.compressed)
            m_summary.perDayCompressed[dayOf(ts)] += tokens;
        if (m_random.percent(10)) {
            // The same total again with a fresh time (rate-limit refresh).
            tokenCount(t, tick(t, 100, 3000), t.total, &last);
            ++m_summary.reEmits;
            pitfall("reEmit", t.now, last);
        } else if (t.events.size() >= 3 && m_random.percent(3)) {
            // An out-of-order snapshot: an older total with its own last usage.
            const TokenEvent& old = t.events[t.events.size() - 2];
            tokenCount(t, tick(t, 100, 2000), old.total, &old.last);
            ++m_summary.staleSnapshots;
            pitfall("stale", t.now, old.last);
        } else if (m_random.percent(4)) {
            begin(t, tick(t, 50, 500), "event_msg");
            t.text += "\"type\":\"token_count\",\"info\":null,\"rate_limits\":{\"primary\":{\"used_percent\":"
                      "12.0,"
                      "\"window_minutes\":300,\"resets_at\":1777899000}}";
            end(t);
        }
    }

    void reasoning(Thread& t)
    {
        begin(t, tick(t, 500, 6000), "response_item");
        t.text
            += "\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"**Planning**\"}],"
               "\"content\":null,\"encrypted_content\":\"gAAAAA";
        const i64 size = m_random.skewed(300, 3000);
        static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (i64 i = 0; i < size; ++i)
            t.text += b64[m_random.next() & 63];
        t.text += '"';
        end(t);
    }

    void toolCall(Thread& t)
    {
        const i64 kind = m_random.between(0, 99);
        const std::string callId = "call_" + uuid(t.now).substr(24);
        if (kind < 55) {
            // Shell command, output after its run time; a few fail.
            begin(t, tick(t, 300, 5000), "response_item");
            t.text
                += "\"type\":\"function_call\",\"name\":\"exec_command\",\"arguments\":\"{\\\"cmd\\\":\\\"";
            t.text += m_random.pick(kCommands);
            t.text += "\\\",\\\"workdir\\\":\\\"" + t.cwd + "\\\"}\",\"call_id\":\"" + callId + "\"";
            end(t);
            const bool failed = m_random.percent(12);
            begin(t, tick(t, 50, m_random.percent(10) ? 60 * kSecond : 4 * kSecond), "response_item");
            t.text += "\"type\":\"function_call_output\",\"call_id\":\"" + callId
                + "\",\"output\":\"Exit code: ";
            t.text += failed ? "1" : "0";
            t.text += "\\nWall time: 1.2 seconds\\nOutput:\\n";
            std::string output;
            words(output, m_random.skewed(200, 12000));
            JsonText::appendEscaped(t.text, output);
            t.text += '"';
            end(t);
        } else if (kind < 78) {
            // apply_patch: custom tool call, patch_apply_end with its changes, then the output.
            const char* file = m_random.pick(kFiles);
            const bool add = m_random.percent(25);
            std::string patch
                = std::string("*** Begin Patch\n*** ") + (add ? "Add" : "Update") + " File: " + file + "\n";
            if (!add)
                patch += "@@\n";
            words(patch, m_random.skewed(100, 3000));
            patch += "\n*** End Patch\n";
            begin(t, tick(t, 300, 8000), "response_item");
            t.text += "\"type\":\"custom_tool_call\",\"status\":\"completed\",\"call_id\":\"" + callId
                + "\",\"name\":\"apply_patch\",\"input\":\"";
            JsonText::appendEscaped(t.text, patch);
            t.text += '"';
            end(t);
            begin(t, tick(t, 20, 400), "event_msg");
            t.text += "\"type\":\"patch_apply_end\",\"call_id\":\"" + callId
                + "\",\"turn_id\":\"t-1\",\"stdout\":\"Success.\",\"stderr\":\"\",\"success\":true,"
                  "\"changes\":{\""
                + t.cwd + "/" + file + "\":{\"type\":\"" + (add ? "add" : "update")
                + "\",\"unified_diff\":\"@@\",\"move_path\":null}}";
            end(t);
            begin(t, tick(t, 10, 200), "response_item");
            t.text += "\"type\":\"custom_tool_call_output\",\"call_id\":\"" + callId
                + "\",\"output\":\"Exit code: 0\\nWall time: 0.1 seconds\\nOutput:\\nSuccess. Updated the "
                  "following "
                  "files:\\nM "
                + file + "\\n\"";
            end(t);
        } else if (kind < 90) {
            // MCP: only the end event, with its recorded duration.
            begin(t, tick(t, 500, 9000), "event_msg");
            t.text += "\"type\":\"mcp_tool_call_end\",\"call_id\":\"" + callId
                + "\",\"invocation\":{\"server\":\"docs\",\"tool\":\"search\",\"arguments\":{\"q\":\"retry\"}"
                  "},"
                  "\"duration\":{\"secs\":";
            appendInt(t.text, m_random.between(0, 8));
            t.text += ",\"nanos\":";
            appendInt(t.text, m_random.between(0, 999) * 1000000);
            t.text += "},\"result\":{\"Ok\":{\"content\":[{\"type\":\"text\",\"text\":\"";
            std::string output;
            words(output, m_random.skewed(100, 4000));
            JsonText::appendEscaped(t.text, output);
            t.text += "\"}],\"isError\":false}}";
            end(t);
        } else {
            begin(t, tick(t, 500, 9000), "response_item");
            t.text += "\"type\":\"web_search_call\",\"id\":\"ws_" + callId.substr(5)
                + "\",\"status\":\"completed\",\"action\":{\"type\":\"search\",\"query\":\"codex token "
                  "usage\"}";
            end(t);
        }
        ++m_summary.toolCalls;
    }

    void spawn(Thread& parent)
    {
        const std::string callId = "call_spawn_" + uuid(parent.now).substr(24);
        const char* task = m_random.pick(kTasks);
        begin(parent, tick(parent, 300, 4000), "response_item");
        parent.text
            += "\"type\":\"function_call\",\"name\":\"spawn_agent\",\"arguments\":\"{\\\"message\\\":\\\"";
        parent.text += task;
        parent.text += "\\\",\\\"agent_type\\\":\\\"explorer\\\"}\",\"call_id\":\"" + callId + "\"";
        end(parent);
        const i64 created = tick(parent, 100, 400);
        const std::string childId = writeThread(created, &parent, false, task);
        begin(parent, tick(parent, 50, 300), "response_item");
        parent.text += "\"type\":\"function_call_output\",\"call_id\":\"" + callId
            + "\",\"output\":\"{\\\"agent_id\\\":\\\"" + childId + "\\\",\\\"nickname\\\":\\\"scout\\\"}\"";
        end(parent);
        ++m_summary.toolCalls;
        // The parent waits while the child works.
        tick(parent, 20 * kSecond, 3 * kMinute);
    }

    // The parent's history at the start of a child or fork: its first turn context and prompt, then
    // its token events, with the original times or all rewritten to the child's creation.
    void pitfall(const char* kind, i64 ts, const Usage& usage)
    {
        m_summary.perDayPitfalls[dayOf(ts)][kind] += usage.normalised();
    }

    void replay(Thread& child, const Thread& parent, bool originalTimes, bool fork)
    {
        if (!parent.turnContexts.empty()) {
            const auto& [ts, model] = parent.turnContexts.front();
            begin(child, originalTimes ? ts : child.now, "turn_context");
            child.text += "\"turn_id\":\"t-0\",\"cwd\":\"" + parent.cwd + "\",\"model\":\"" + model + "\"";
            end(child);
        }
        // Replayed prompts are not the child's: they are only written with their original (older)
        // times, which the importer recognises.
        if (originalTimes && !parent.firstPrompt.second.empty())
            userMessage(child, parent.firstPrompt.first, parent.firstPrompt.second, false);
        // A replay copies the parent's items as they are, re-emitted and stale snapshots included.
        const std::vector<TokenEvent> history = parent.written;
        for (const TokenEvent& event : history) {
            const i64 ts = originalTimes ? event.ts : child.now + 5;
            tokenCount(child, ts, event.total, &event.last);
            ++m_summary.replayedEvents;
            pitfall(fork            ? "forkReplay"
                    : originalTimes ? "childReplayOriginal"
                                    : "childReplayRewritten",
                ts, event.last);
            // A replay whose parent only exists compressed is the one copy a *.jsonl-only reader sees.
            if (parent.compressed)
                pitfall(originalTimes ? "replayOfCompressedOriginal" : "replayOfCompressedRewritten", ts,
                    event.last);
        }
        child.total = parent.total;
    }

    std::string writeThread(i64 created, Thread* parent, bool fork, const char* task = nullptr)
    {
        Thread t;
        t.id = uuid(created);
        t.createdMs = created;
        t.now = created;
        t.cwd = parent ? parent->cwd : m_random.pick(kProjects);
        t.branch = parent ? parent->branch : m_random.pick(kBranches);
        t.usageRecords = parent ? parent->usageRecords : m_random.percent(20);
        t.cliVersion = t.usageRecords ? "0.169.0" : "0.142.5";
        const bool child = parent && !fork;
        t.compressed = !child && m_random.percent(4);
        t.archived = !child && (t.compressed || m_random.percent(8));
        if (child)
            ++m_summary.subagentSessions;
        else
            ++m_summary.sessions;
        sessionMeta(t, parent, fork, 1, "explorer");
        if (parent) {
            const bool originalTimes = !fork && m_random.percent(50);
            replay(t, *parent, originalTimes, fork);
            t.now += 20;
            // A child whose counter starts over after the replayed history: a genuine reset.
            if (child && m_random.percent(10))
                t.total = Usage();
        }
        const std::string model = child ? m_random.pick(kChildModels) : m_random.pick(kModels);
        const i64 turns = child ? m_random.between(1, 2) : m_random.skewed(1, 10);
        i64 context = m_random.between(6000, 14000);
        bool spawned = false;
        for (i64 turn = 0; turn < turns && t.now < m_endMs - 10 * kMinute; ++turn) {
            turnContext(t, tick(t, 200, 2000), model);
            if (turn == 0) {
                begin(t, tick(t, 1, 10), "response_item");
                t.text += "\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                          "\"text\":\""
                          "<environment_context>\\n  <cwd>"
                    + t.cwd
                    + "</cwd>\\n  <approval_policy>on-request</approval_policy>\\n</environment_context>\"}]";
                end(t);
            }
            userMessage(t, tick(t, 1, 10),
                child && turn == 0 ? std::string_view(task) : m_random.pick(kPrompts), true);
            const i64 requests = m_random.between(1, child ? 4 : 6);
            for (i64 r = 0; r < requests; ++r) {
                reasoning(t);
                request(t, context);
                if (r + 1 < requests) {
                    if (!parent && !spawned && m_random.percent(3)) {
                        spawned = true;
                        spawn(t);
                    } else {
                        toolCall(t);
                    }
                }
            }
            std::string answer;
            words(answer, m_random.skewed(100, 1500));
            begin(t, tick(t, 200, 3000), "response_item");
            t.text += "\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                      "\"text\":\"";
            JsonText::appendEscaped(t.text, answer);
            t.text += "\"}]";
            end(t);
            begin(t, tick(t, 1, 20), "event_msg");
            t.text += "\"type\":\"task_complete\",\"turn_id\":\"t-1\",\"last_agent_message\":\"";
            JsonText::appendEscaped(t.text, std::string_view(answer).substr(0, 200));
            t.text += "\",\"duration_ms\":4000";
            end(t);
            tick(t, kMinute, 25 * kMinute);
        }
        if (!child && (m_renames.empty() || m_random.percent(5)))
            m_renames.emplace_back(t.id, t.now);
        if (m_options.injectMalformedLines && m_random.percent(5)) {
            // A line cut off mid-write (a crash, a full disk); it never carries usage.
            begin(t, tick(t, 10, 100), "event_msg");
            t.text += "\"type\":\"agent_message\",\"message\":\"the change is in\n";
            ++m_summary.lines;
            ++m_summary.malformedLines;
        }
        writeRollout(t);
        // Now and then the user forks a finished thread later the same day.
        if (!parent && m_random.percent(4) && t.now + 2 * kHour < m_endMs)
            writeThread(t.now + m_random.between(10 * kMinute, 2 * kHour), &t, true);
        return t.id;
    }

    void writeLegacy(i64 created)
    {
        // Rollouts older than ~Sept 2025: a bare header line, bare items, no usage.
        Thread t;
        t.id = uuid(created);
        t.createdMs = created;
        t.text = "{\"id\":\"" + t.id + "\",\"timestamp\":\"";
        appendTimestamp(t.text, created);
        t.text += "\",\"instructions\":null,\"git\":{\"commit_hash\":\"aa11\",\"branch\":\"main\"}}\n"
                  "{\"record_type\":\"state\"}\n"
                  "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":"
                  "\"list the "
                  "files\"}]}\n"
                  "{\"type\":\"function_call\",\"name\":\"shell\",\"arguments\":\"{\\\"command\\\":["
                  "\\\"ls\\\"]}\","
                  "\"call_id\":\"call_legacy\"}\n"
                  "{\"type\":\"function_call_output\",\"call_id\":\"call_legacy\",\"output\":\"{"
                  "\\\"output\\\":\\\"api\\\\n"
                  "\\\",\\\"metadata\\\":{\\\"exit_code\\\":0}}\"}\n";
        m_summary.lines += 5;
        ++m_summary.sessions;
        ++m_summary.prompts;
        ++m_summary.toolCalls;
        writeRollout(t);
    }

    void writeRollout(Thread& t)
    {
        i64 y, m, d, hh, mm, ss, milli;
        civil(t.createdMs + kLocalOffset, y, m, d, hh, mm, ss, milli);
        std::string name = "rollout-";
        appendDigits(name, y, 4);
        name += '-';
        appendDigits(name, m, 2);
        name += '-';
        appendDigits(name, d, 2);
        name += 'T';
        appendDigits(name, hh, 2);
        name += '-';
        appendDigits(name, mm, 2);
        name += '-';
        appendDigits(name, ss, 2);
        name += '-' + t.id + ".jsonl";
        QString dir = m_options.outputDir;
        if (t.archived) {
            dir += QLatin1String("/archived_sessions");
            ++m_summary.archivedFiles;
        } else {
            std::string sub = "/sessions/";
            appendDigits(sub, y, 4);
            sub += '/';
            appendDigits(sub, m, 2);
            sub += '/';
            appendDigits(sub, d, 2);
            dir += QString::fromStdString(sub);
        }
        QDir().mkpath(dir);
        const QString path = dir + QLatin1Char('/') + QString::fromStdString(name);
        if (t.compressed) {
            std::string packed(ZSTD_compressBound(t.text.size()), '\0');
            const size_t size = ZSTD_compress(packed.data(), packed.size(), t.text.data(), t.text.size(), 3);
            if (ZSTD_isError(size))
                throw std::runtime_error("zstd compression failed");
            packed.resize(size);
            writeFile(path + QLatin1String(".zst"), packed);
            ++m_summary.compressedFiles;
        } else {
            writeFile(path, t.text);
        }
    }

    void writeFile(const QString& path, const std::string& data)
    {
        FILE* file = std::fopen(QFile::encodeName(path).constData(), "wb");
        if (!file || std::fwrite(data.data(), 1, data.size(), file) != data.size()
            || std::fclose(file) != 0) {
            if (file)
                std::fclose(file);
            throw std::runtime_error("cannot write " + path.toStdString());
        }
        m_summary.bytes += i64(data.size());
        ++m_summary.files;
    }

    void writeSessionIndex()
    {
        if (m_renames.empty())
            return;
        std::string text;
        for (const auto& [id, ts] : m_renames) {
            std::string name;
            words(name, 20);
            for (char& c : name)
                if (c == '\n' || c == '.')
                    c = ' ';
            while (!name.empty() && name.back() == ' ')
                name.pop_back();
            text += "{\"id\":\"" + id + "\",\"thread_name\":\"";
            JsonText::appendEscaped(text, name);
            text += "\",\"updated_at\":\"";
            appendTimestamp(text, ts);
            text += "\"}\n";
        }
        writeFile(m_options.outputDir + QLatin1String("/session_index.jsonl"), text);
    }

    void writeSummaryFile()
    {
        // Beside the corpus, for benchmarks: what an importer must store per UTC day, and the part of
        // it that only compressed rollouts hold.
        std::string text = "{\"days\":{";
        bool first = true;
        for (const auto& [day, tokens] : m_summary.perDay) {
            if (!first)
                text += ',';
            first = false;
            const TokenCounts compressed
                = m_summary.perDayCompressed.count(day) ? m_summary.perDayCompressed.at(day) : TokenCounts();
            text += '"' + day.toStdString() + "\":{\"input\":";
            appendInt(text, tokens.input);
            text += ",\"cacheRead\":";
            appendInt(text, tokens.cacheRead);
            text += ",\"output\":";
            appendInt(text, tokens.output);
            text += ",\"reasoning\":";
            appendInt(text, tokens.reasoning);
            text += ",\"compressed\":{\"input\":";
            appendInt(text, compressed.input);
            text += ",\"cacheRead\":";
            appendInt(text, compressed.cacheRead);
            text += ",\"output\":";
            appendInt(text, compressed.output);
            text += ",\"reasoning\":";
            appendInt(text, compressed.reasoning);
            text += "},\"pitfalls\":{";
            bool firstKind = true;
            if (m_summary.perDayPitfalls.count(day)) {
                for (const auto& [kind, counts] : m_summary.perDayPitfalls.at(day)) {
                    if (!firstKind)
                        text += ',';
                    firstKind = false;
                    text += '"' + kind + "\":{\"input\":";
                    appendInt(text, counts.input);
                    text += ",\"cacheRead\":";
                    appendInt(text, counts.cacheRead);
                    text += ",\"output\":";
                    appendInt(text, counts.output);
                    text += ",\"reasoning\":";
                    appendInt(text, counts.reasoning);
                    text += '}';
                }
            }
            text += "}}";
        }
        text += "},\"requests\":";
        appendInt(text, m_summary.usageRequests);
        text += ",\"reEmits\":";
        appendInt(text, m_summary.reEmits);
        text += ",\"staleSnapshots\":";
        appendInt(text, m_summary.staleSnapshots);
        text += ",\"replayedEvents\":";
        appendInt(text, m_summary.replayedEvents);
        text += ",\"usageRecordLines\":";
        appendInt(text, m_summary.usageRecordLines);
        text += "}\n";
        FILE* file = std::fopen(
            QFile::encodeName(m_options.outputDir + QLatin1String("/corpus-summary.json")).constData(), "wb");
        if (!file || std::fwrite(text.data(), 1, text.size(), file) != text.size() || std::fclose(file) != 0)
            throw std::runtime_error("cannot write corpus-summary.json");
    }

    CorpusOptions m_options;
    Random m_random;
    i64 m_endMs = 0, m_startMs = 0;
    int m_days = 1;
    CodexCorpusSummary m_summary;
    std::vector<std::pair<std::string, i64>> m_renames;
};

} // namespace

CodexCorpusGenerator::CodexCorpusGenerator(CorpusOptions options)
    : m_options(std::move(options))
{ }

CodexCorpusSummary CodexCorpusGenerator::generate()
{
    return Generator(m_options).run();
}

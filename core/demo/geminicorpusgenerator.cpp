// SPDX-License-Identifier: MIT
#include "geminicorpusgenerator.h"

#include "splitmix64.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <stdexcept>
#include <string>
#include <vector>

// Lines are built with std::string appends; all randomness comes from one splitmix64 stream seeded
// from the options and all arithmetic is integer, so equal options give byte-identical files.

namespace {

using i64 = qint64;
using u64 = quint64;

constexpr i64 kSecond = 1000;
constexpr i64 kMinute = 60 * kSecond;
constexpr i64 kHour = 60 * kMinute;
constexpr i64 kDay = 24 * kHour;

struct Rng : SplitMix64
{
    explicit Rng(u64 seed)
        : SplitMix64(seeded(seed))
    { }
};

const char* const kWords[] = { "order", "refund", "handler", "cache", "request", "config", "user", "token",
    "retry", "queue", "schema", "index", "parser", "session", "report", "test", "module", "endpoint", "build",
    "migration", "timeout", "logger", "client", "service", "model", "batch", "file", "error", "value" };
const char* const kAsks[] = { "explain how the", "add tests for the", "fix the bug in the", "refactor the",
    "document the", "speed up the", "find where we use the", "rename the" };
const char* const kModels[]
    = { "gemini-2.5-pro", "gemini-2.5-flash", "gemini-3-flash-preview", "gemini-3-pro-preview" };
const char* const kFiles[] = { "src/main.py", "src/orders.py", "src/api/handlers.py", "tests/test_orders.py",
    "README.md", "src/cache.ts", "src/index.ts", "pkg/server/server.go", "Makefile", "docs/design.md" };

struct Project
{
    std::string root, id; // id: the tmp directory name
};

std::string iso(i64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toStdString();
}

std::string fileMinute(i64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
        .toString(QStringLiteral("yyyy-MM-ddTHH-mm"))
        .toStdString();
}

std::string uuid(Rng& rng)
{
    static const char hex[] = "0123456789abcdef";
    std::string id;
    const u64 a = rng.next(), b = rng.next();
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            id += '-';
        const u64 v = i < 16 ? a >> (i * 4) : b >> ((i - 16) * 4);
        id += i == 12 ? '4' : hex[v & 15];
    }
    return id;
}

std::string words(Rng& rng, i64 count)
{
    std::string text;
    for (i64 i = 0; i < count; ++i) {
        if (i)
            text += i % 13 == 12 ? ".\\n" : " ";
        text += rng.pick(kWords);
    }
    return text;
}

struct Tokens
{
    i64 input = 0, output = 0, cached = 0, thoughts = 0, tool = 0;
    std::string json() const
    {
        return "{\"input\":" + std::to_string(input) + ",\"output\":" + std::to_string(output)
            + ",\"cached\":" + std::to_string(cached) + ",\"thoughts\":" + std::to_string(thoughts)
            + ",\"tool\":" + std::to_string(tool)
            + ",\"total\":" + std::to_string(input + output + thoughts + tool) + "}";
    }
};

class Writer
{
public:
    Writer(const GeminiCorpusOptions& options)
        : m_options(options)
        , m_rng(options.seed)
    { }

    GeminiCorpusSummary run();

private:
    struct Session
    {
        std::string id, file, chatsDir;
        const Project* project = nullptr;
        std::string out; // the JSONL text
        std::vector<std::string> finals; // final copy of every message, in order (snapshot, legacy)
        std::string model;
        i64 t = 0;
        int requestsLeft = 0;
    };

    void writeFile(const std::string& path, const std::string& data);
    void line(Session& s, const std::string& text)
    {
        s.out += text;
        s.out += '\n';
        ++m_summary.lines;
    }
    void count(const Tokens& tokens)
    {
        ++m_summary.usageRequests;
        m_summary.input += tokens.input - std::min(tokens.input, tokens.cached) + tokens.tool;
        m_summary.cacheRead += tokens.cached;
        m_summary.output += tokens.output;
        m_summary.reasoning += tokens.thoughts;
    }
    Tokens tokensFor(int step);
    std::string toolCall(Session& s, const std::string& id, const std::string& status, bool withResult,
        const std::string& name, const std::string& args, i64 ts, const std::string& agentId);
    void turn(Session& s, bool jsonl, int depth, const std::string& givenPrompt = {});
    void subagent(Session& parent, const std::string& childId, const std::string& prompt, i64 start);
    std::string metadata(const Session& s, i64 start, const char* kind, bool directories);
    void mainSession(i64 start);

    const GeminiCorpusOptions& m_options;
    Rng m_rng;
    GeminiCorpusSummary m_summary;
    std::vector<Project> m_projects;
    QString m_tmp;
};

void Writer::writeFile(const std::string& path, const std::string& data)
{
    const QString qpath = QString::fromStdString(path);
    if (!QDir().mkpath(QFileInfo(qpath).path()))
        throw std::runtime_error("cannot create the directory of " + path);
    QFile file(qpath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(data.data(), qint64(data.size())) != qint64(data.size()))
        throw std::runtime_error("cannot write " + path);
    m_summary.bytes += qint64(data.size());
    ++m_summary.files;
}

Tokens Writer::tokensFor(int step)
{
    Tokens t;
    t.input = m_rng.between(3000, 20000) + i64(step) * m_rng.between(2000, 9000);
    t.cached = step == 0 ? 0 : t.input * m_rng.between(30, 95) / 100;
    t.output = m_rng.between(10, 2500);
    t.thoughts = m_rng.percent(70) ? m_rng.between(40, 3000) : 0;
    t.tool = m_rng.percent(10) ? m_rng.between(1, 80) : 0;
    return t;
}

std::string Writer::toolCall(Session& s, const std::string& id, const std::string& status, bool withResult,
    const std::string& name, const std::string& args, i64 ts, const std::string& agentId)
{
    (void)s;
    std::string call = "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"args\":" + args;
    if (withResult) {
        // Tool output is most of a real log's bytes.
        const std::string output
            = status == "error" ? "Error: " + words(m_rng, 12) : words(m_rng, m_rng.between(20, 700));
        call += ",\"result\":[{\"functionResponse\":{\"id\":\"" + id + "\",\"name\":\"" + name
            + "\",\"response\":{\"output\":\"" + output + "\"}}}]";
    }
    call += ",\"status\":\"" + status + "\",\"timestamp\":\"" + iso(ts) + "\"";
    if (!agentId.empty())
        call += ",\"agentId\":\"" + agentId + "\"";
    call += ",\"displayName\":\"" + name + "\",\"description\":\"\",\"renderOutputAsMarkdown\":false}";
    return call;
}

std::string Writer::metadata(const Session& s, i64 start, const char* kind, bool directories)
{
    std::string m = "{\"sessionId\":\"" + s.id + "\",\"projectHash\":\"" + s.project->id
        + "\",\"startTime\":\"" + iso(start) + "\",\"lastUpdated\":\"" + iso(start) + "\",\"kind\":\"" + kind
        + "\"";
    if (directories)
        m += ",\"directories\":[\"" + s.project->root + "\"]";
    return m + "}";
}

// One user prompt and the model's steps answering it. depth > 0: inside a sub-agent.
void Writer::turn(Session& s, bool jsonl, int depth, const std::string& givenPrompt)
{
    const std::string userId = uuid(m_rng);
    const std::string prompt = !givenPrompt.empty()
        ? givenPrompt
        : std::string(m_rng.pick(kAsks)) + " " + m_rng.pick(kWords) + " " + m_rng.pick(kWords);
    const std::string user = "{\"id\":\"" + userId + "\",\"timestamp\":\"" + iso(s.t)
        + "\",\"type\":\"user\",\"content\":[{\"text\":\"" + prompt + "\"}]}";
    s.finals.push_back(user);
    if (jsonl) {
        line(s, user);
        line(s, "{\"$set\":{\"lastUpdated\":\"" + iso(s.t + 50) + "\"}}");
    }
    const int steps = int(m_rng.between(1, 4));
    for (int step = 0; step < steps; ++step) {
        s.t += m_rng.between(2, 40) * kSecond;
        if (depth == 0 && m_rng.percent(8))
            s.model = m_rng.pick(kModels);
        const std::string id = uuid(m_rng);
        const i64 ts = s.t;
        const Tokens tokens = tokensFor(step);
        const std::string head
            = "{\"id\":\"" + id + "\",\"timestamp\":\"" + iso(ts) + "\",\"type\":\"gemini\"";
        const std::string model = ",\"model\":\"" + s.model + "\"";
        const bool last = step == steps - 1;
        if (last) {
            // The answer: text, no tools.
            const std::string final = head + ",\"content\":[{\"text\":\"" + words(m_rng, m_rng.between(5, 80))
                + "\"}],\"thoughts\":[]" + model + ",\"tokens\":" + tokens.json() + "}";
            if (jsonl) {
                if (m_rng.percent(30)) // tokens queued after the message: first copy without them
                    line(s, head + ",\"content\":\"\",\"thoughts\":[]" + model + ",\"tokens\":null}");
                line(s, final);
            }
            s.finals.push_back(final);
            count(tokens);
            continue;
        }
        // A step with tool calls: written without, then with running calls, then with results.
        std::vector<std::string> names, args, ids;
        std::string childId, childPrompt;
        const int calls = int(m_rng.between(1, 3));
        for (int c = 0; c < calls; ++c) {
            const std::string file = s.project->root + "/" + m_rng.pick(kFiles);
            std::string name, arg;
            switch (m_rng.between(0, depth == 0 ? 14 : 6)) {
            case 0:
            case 1:
                name = "read_file";
                arg = "{\"absolute_path\":\"" + file + "\"}";
                break;
            case 2:
                name = "read_many_files";
                arg = "{\"paths\":[\"" + file + "\",\"" + s.project->root + "/" + m_rng.pick(kFiles) + "\"]}";
                break;
            case 3:
                name = "write_file";
                arg = "{\"file_path\":\"" + file + "\",\"content\":\"" + words(m_rng, m_rng.between(10, 200))
                    + "\"}";
                break;
            case 4:
                name = "replace";
                arg = "{\"file_path\":\"" + file + "\",\"old_string\":\"" + m_rng.pick(kWords)
                    + "\",\"new_string\":\"" + m_rng.pick(kWords) + "\"}";
                break;
            case 5:
                name = "grep";
                arg = "{\"pattern\":\"" + std::string(m_rng.pick(kWords)) + "\",\"path\":\"" + s.project->root
                    + "\"}";
                break;
            case 6:
                name = "run_shell_command";
                arg = "{\"command\":\"make test\"}";
                break;
            default:
                if (childId.empty() && depth == 0 && m_rng.percent(15)) {
                    name = "invoke_agent";
                    childId = uuid(m_rng);
                    childPrompt = "investigate the " + std::string(m_rng.pick(kWords)) + " code";
                    arg = "{\"agent_name\":\"codebase_investigator\",\"prompt\":\"" + childPrompt + "\"}";
                } else {
                    name = "list_directory";
                    arg = "{\"path\":\"" + s.project->root + "\"}";
                }
                break;
            }
            names.push_back(name);
            args.push_back(arg);
            ids.push_back(name + "-" + std::to_string(ts) + "-" + std::to_string(c));
        }
        const i64 running = ts + 200;
        i64 done = ts + m_rng.between(1, 20) * kSecond;
        if (!childId.empty()) {
            subagent(s, childId, childPrompt, ts + kSecond);
            done = std::max(done, s.t + kSecond);
        }
        auto callsJson = [&](bool finished) {
            std::string json = ",\"toolCalls\":[";
            for (size_t c = 0; c < names.size(); ++c) {
                if (c)
                    json += ',';
                const int roll = int((u64(ts) + c) % 20);
                const std::string status = !finished ? "executing"
                    : roll == 0                      ? "error"
                    : roll == 1                      ? "cancelled"
                                                     : "success";
                json += toolCall(s, ids[c], status, finished, names[c], args[c], finished ? done : running,
                    names[c] == "invoke_agent" ? childId : std::string());
            }
            return json + "]";
        };
        const std::string content = ",\"content\":\"\",\"thoughts\":[]";
        const std::string final
            = head + content + model + ",\"tokens\":" + tokens.json() + callsJson(true) + "}";
        if (jsonl) {
            if (m_rng.percent(50))
                line(s, head + content + model + ",\"tokens\":null}");
            line(s, head + content + model + ",\"tokens\":" + tokens.json() + callsJson(false) + "}");
            line(s, final);
            line(s, "{\"$set\":{\"lastUpdated\":\"" + iso(done) + "\"}}");
        }
        s.finals.push_back(final);
        count(tokens);
        s.t = std::max(s.t, done);
    }
    if (jsonl && depth == 0 && s.t % 13 == 0) {
        // A request that failed (formats.md §6.2: a message of type "error"). Chosen by the clock and
        // named after the prompt, so the random stream and the rest of the corpus stay as they were.
        line(s,
            "{\"id\":\"err-" + userId + "\",\"timestamp\":\"" + iso(s.t + 500)
                + "\",\"type\":\"error\",\"content\":\"[API Error: got status: 503 Service Unavailable. The "
                  "model is overloaded. Please try again later.]\"}");
    }
    if (jsonl && depth == 0 && m_rng.percent(5)) {
        // /rewind: hidden from the history, but billed; the prompt is then asked again differently.
        line(s, "{\"$rewindTo\":\"" + userId + "\"}");
        ++m_summary.rewinds;
    }
    s.t += m_rng.between(20, 600) * kSecond;
}

void Writer::subagent(Session& parent, const std::string& childId, const std::string& prompt, i64 start)
{
    Session child;
    child.id = childId;
    child.project = parent.project;
    child.model = "gemini-2.5-flash";
    child.t = start;
    line(child, metadata(child, start, "subagent", true));
    child.t += 300;
    turn(child, true, 1, prompt); // the spawning call's prompt is the sub-agent's first message
    writeFile(parent.chatsDir + "/" + parent.id + "/" + childId + ".jsonl", child.out);
    ++m_summary.subagentSessions;
    parent.t = std::max(parent.t, child.t);
}

void Writer::mainSession(i64 start)
{
    Session s;
    s.id = uuid(m_rng);
    s.project = &m_projects[size_t(m_rng.between(0, i64(m_projects.size()) - 1))];
    s.chatsDir = m_tmp.toStdString() + "/" + s.project->id + "/chats";
    s.model = m_rng.pick(kModels);
    s.t = start;
    const std::string base = s.chatsDir + "/session-" + fileMinute(start) + "-" + s.id.substr(0, 8);
    ++m_summary.sessions;
    const int turns = int(m_rng.between(2, 9));
    const int kind = int(m_rng.between(0, 99));
    if (kind < 10) {
        // Legacy era: one pretty-printed document, rewritten whole by the CLI.
        for (int i = 0; i < turns; ++i)
            turn(s, false, 0);
        std::string doc = "{\n  \"sessionId\": \"" + s.id + "\",\n  \"projectHash\": \"" + s.project->id
            + "\",\n  \"startTime\": \"" + iso(start) + "\",\n  \"lastUpdated\": \"" + iso(s.t)
            + "\",\n  \"summary\": \"" + words(m_rng, 4) + "\",\n  \"messages\": [\n    ";
        for (size_t i = 0; i < s.finals.size(); ++i)
            doc += (i ? ",\n    " : "") + s.finals[i];
        doc += "\n  ]\n}\n";
        writeFile(base + ".json", doc);
        ++m_summary.legacyFiles;
        if (kind < 5) {
            // Resumed later with a current CLI: migrated to .jsonl (the .json stays), new turns appended.
            line(s, metadata(s, start, "main", false));
            for (const std::string& message : s.finals)
                line(s, message);
            line(s, "{\"$set\":{\"sessionId\":\"" + s.id + "\"}}");
            s.t += m_rng.between(1, 3) * kDay;
            for (int i = m_rng.between(1, 3); i > 0; --i)
                turn(s, true, 0);
            writeFile(base + ".jsonl", s.out);
            ++m_summary.migratedSessions;
        }
        return;
    }
    line(s, metadata(s, start, "main", false));
    for (int i = 0; i < turns; ++i)
        turn(s, true, 0);
    if (m_rng.percent(50))
        line(s, "{\"$set\":{\"summary\":\"" + words(m_rng, 5) + "\"}}");
    if (m_options.injectMalformedLines && m_rng.percent(5)) {
        line(
            s, "{\"id\":\"" + uuid(m_rng) + "\",\"timestamp\":\"" + iso(s.t) + "\",\"type\":\"info\",\"cont");
        ++m_summary.malformedLines;
    }
    if (kind < 20) {
        // --resume: the history restated in a snapshot, more turns, and a stub file of the same id.
        s.t += m_rng.between(2, 30) * kHour;
        const i64 resumed = s.t;
        std::string snapshot = "{\"$set\":{\"messages\":[";
        for (size_t i = 0; i < s.finals.size(); ++i)
            snapshot += (i ? "," : "") + s.finals[i];
        line(s, snapshot + "],\"lastUpdated\":\"" + iso(resumed) + "\"}}");
        for (int i = m_rng.between(1, 3); i > 0; --i)
            turn(s, true, 0);
        Session stub = s;
        stub.out.clear();
        line(stub, metadata(stub, resumed, "main", false));
        writeFile(
            s.chatsDir + "/session-" + fileMinute(resumed) + "-" + s.id.substr(0, 8) + ".jsonl", stub.out);
        ++m_summary.resumedSessions;
    }
    writeFile(base + ".jsonl", s.out);
}

GeminiCorpusSummary Writer::run()
{
    const QString root = m_options.outputDir;
    m_tmp = root + QStringLiteral("/tmp");
    const char* const roots[] = { "/home/dev/src/shop", "/home/dev/src/api-gateway",
        "/home/dev/work/ml-notebooks", "/home/dev/src/infra", "/home/dev/notes" };
    std::string registry = "{\n  \"projects\": {";
    for (const char* r : roots) {
        Project p;
        p.root = r;
        const std::string base = p.root.substr(p.root.rfind('/') + 1);
        // The last project predates the registry's slugs: its directory is the SHA-256 of its root.
        p.id = p.root == "/home/dev/notes"
            ? QCryptographicHash::hash(QByteArray(r), QCryptographicHash::Sha256).toHex().toStdString()
            : base;
        if (p.id == base)
            writeFile(m_tmp.toStdString() + "/" + p.id + "/.project_root", p.root);
        registry += std::string(m_projects.empty() ? "" : ",") + "\n    \"" + p.root + "\": \"" + base + "\"";
        m_projects.push_back(p);
    }
    writeFile(root.toStdString() + "/projects.json", registry + "\n  }\n}");

    const QDateTime endTime = m_options.end.isValid() ? m_options.end : GeminiCorpusOptions().end;
    const i64 end = endTime.toMSecsSinceEpoch();
    const int days = std::max(1, m_options.days);
    const i64 first = end - i64(days) * kDay;
    do {
        // Working hours, with some late sessions that cross midnight UTC.
        const i64 day = m_rng.between(0, days - 1);
        const i64 start = first + day * kDay + m_rng.between(7 * 60, 22 * 60 + 30) * kMinute
            + m_rng.between(0, 59) * kSecond;
        mainSession(std::min(start, end - 6 * kHour));
    } while (m_summary.bytes < m_options.targetBytes);
    return m_summary;
}

} // namespace

GeminiCorpusGenerator::GeminiCorpusGenerator(GeminiCorpusOptions options)
    : m_options(std::move(options))
{ }

GeminiCorpusSummary GeminiCorpusGenerator::generate()
{
    if (m_options.outputDir.isEmpty())
        throw std::runtime_error("no output directory");
    Writer writer(m_options);
    return writer.run();
}

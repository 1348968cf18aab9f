// SPDX-License-Identifier: MIT
#include "opencodecorpusgenerator.h"

#include "splitmix64.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <memory>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <sqlite3.h>
#include <stdexcept>
#include <string>
#include <vector>

// Rows are built with std::string appends (no QJson): a large corpus has hundreds of thousands of
// parts. All randomness comes from one splitmix64 stream and all token and cost arithmetic is integer
// until the final formatting, so equal options give byte-identical files. SQLite writes the same pages
// for the same statements, and the database is switched to WAL (as OpenCode runs it) only at the end,
// when closing folds the -wal back into the file.

namespace {

using i64 = qint64;
using u64 = quint64;

constexpr i64 kSecond = 1000;
constexpr i64 kMinute = 60 * kSecond;
constexpr i64 kHour = 60 * kMinute;
constexpr i64 kDay = 24 * kHour;
// Estimated on-disk bytes per row beyond its JSON (keys, indexes, page slack), measured on corpora
// of 2-50 MB.
constexpr i64 kRowOverhead = 330;

struct Rng : SplitMix64
{
    explicit Rng(u64 seed)
        : SplitMix64(seed * 0x2545F4914F6CDD1Dull + 1)
    { }
};

const char* const kWords[] = { "order", "page", "list", "cache", "token", "parser", "index", "query", "retry",
    "session", "export", "row", "column", "handler", "config", "test", "fixture", "schema", "migrate",
    "window", "report", "daily", "total", "budget", "limit", "stream", "buffer", "thread", "lock", "commit" };

struct Project
{
    const char* id;
    const char* dir;
};
const Project kProjects[]
    = { { "8c1f0d2e", "/home/dev/src/shop" }, { "1b7e44aa", "/home/dev/src/agentmeter" },
          { "c0ffee01", "/home/dev/src/blog" }, { "5eed5eed", "/home/dev/work/billing" } };

struct Model
{
    const char* id;
    const char* provider;
    // Prices in 1/100 $ per million tokens: input, output (and reasoning), cache read, cache write. 0
    // input price: the provider is a subscription and OpenCode stores cost 0.
    i64 in, out, read, write;
    bool reasoning;
    bool cacheWrites;
};
const Model kModels[] = {
    { "claude-sonnet-4-5", "anthropic", 300, 1500, 30, 375, false, true },
    { "claude-haiku-4-5", "anthropic", 100, 500, 10, 125, false, true },
    { "gpt-5", "openai", 125, 1000, 12, 0, true, false },
    { "gpt-5-mini", "github-copilot", 0, 0, 0, 0, true, false },
    { "claude-sonnet-4-5", "github-copilot", 0, 0, 0, 0, false, true },
};
constexpr int kSubagentModel = 1;
constexpr int kModelCount = int(std::size(kModels));

struct Tokens
{
    i64 input = 0, output = 0, reasoning = 0, read = 0, write = 0;
    i64 total() const { return input + output + reasoning + read + write; }
    void add(const Tokens& o)
    {
        input += o.input;
        output += o.output;
        reasoning += o.reasoning;
        read += o.read;
        write += o.write;
    }
};

std::string number(i64 v)
{
    char buffer[32];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, result.ptr);
}

// Dollars from 1e-8 dollar units, as a short decimal (no floating-point formatting involved).
std::string dollars(i64 units)
{
    std::string digits = number(units);
    while (digits.size() < 9)
        digits.insert(0, 1, '0');
    std::string result = digits.substr(0, digits.size() - 8) + '.' + digits.substr(digits.size() - 8);
    while (result.back() == '0')
        result.pop_back();
    if (result.back() == '.')
        result += '0';
    return result;
}

std::string tokensJson(const Tokens& t, bool withTotal)
{
    std::string s = "{";
    if (withTotal)
        s += "\"total\":" + number(t.total()) + ',';
    s += "\"input\":" + number(t.input) + ",\"output\":" + number(t.output)
        + ",\"reasoning\":" + number(t.reasoning) + ",\"cache\":{\"read\":" + number(t.read)
        + ",\"write\":" + number(t.write) + "}}";
    return s;
}

class Sqlite
{
public:
    explicit Sqlite(const QString& path)
    {
        if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db,
                SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr)
            != SQLITE_OK)
            throw std::runtime_error("cannot create " + path.toStdString());
    }
    ~Sqlite()
    {
        for (sqlite3_stmt* s : m_statements)
            sqlite3_finalize(s);
        sqlite3_close(m_db);
    }
    void exec(const char* sql)
    {
        char* message = nullptr;
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            const std::string text = message ? message : "?";
            sqlite3_free(message);
            throw std::runtime_error("sqlite: " + text);
        }
    }
    sqlite3_stmt* prepare(const char* sql)
    {
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(m_db, sql, -1, &s, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(m_db));
        m_statements.push_back(s);
        return s;
    }
    void run(sqlite3_stmt* s)
    {
        if (sqlite3_step(s) != SQLITE_DONE)
            throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(m_db));
        sqlite3_reset(s);
    }

private:
    sqlite3* m_db = nullptr;
    std::vector<sqlite3_stmt*> m_statements;
};

void bindText(sqlite3_stmt* s, int index, const std::string& text)
{
    sqlite3_bind_text(s, index, text.data(), int(text.size()), SQLITE_TRANSIENT);
}

void bindOptional(sqlite3_stmt* s, int index, const std::string& text)
{
    if (text.empty())
        sqlite3_bind_null(s, index);
    else
        bindText(s, index, text);
}

const char* const kSchema = R"(
CREATE TABLE project (id TEXT PRIMARY KEY, worktree TEXT NOT NULL, vcs TEXT, name TEXT,
    time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL);
CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    workspace_id TEXT, parent_id TEXT, slug TEXT NOT NULL, directory TEXT NOT NULL, path TEXT, title TEXT NOT NULL,
    version TEXT NOT NULL, share_url TEXT, summary_additions INTEGER, summary_deletions INTEGER, summary_files INTEGER,
    summary_diffs TEXT, cost REAL NOT NULL DEFAULT 0, tokens_input INTEGER NOT NULL DEFAULT 0,
    tokens_output INTEGER NOT NULL DEFAULT 0, tokens_reasoning INTEGER NOT NULL DEFAULT 0,
    tokens_cache_read INTEGER NOT NULL DEFAULT 0, tokens_cache_write INTEGER NOT NULL DEFAULT 0, revert TEXT,
    permission TEXT, agent TEXT, model TEXT, time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL,
    time_compacting INTEGER, time_archived INTEGER);
CREATE INDEX session_project_idx ON session (project_id);
CREATE INDEX session_parent_idx ON session (parent_id);
CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX message_session_idx ON message (session_id);
CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT NOT NULL REFERENCES message(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL, time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX part_message_idx ON part (message_id);
CREATE INDEX part_session_idx ON part (session_id);
)";

struct PartRow
{
    std::string id;
    i64 created = 0, updated = 0;
    std::string data;
};
struct MessageRow
{
    std::string id;
    i64 created = 0, updated = 0;
    std::string data;
    std::vector<PartRow> parts;
};
struct SessionRow
{
    std::string id, parent, projectId, directory, title, version, agent, model;
    i64 created = 0, updated = 0;
    Tokens tokens;
    i64 costUnits = 0;
    std::vector<MessageRow> messages;
};

class Writer
{
public:
    Writer(const OpenCodeCorpusOptions& options)
        : m_options(options)
        , m_rng(options.seed)
    { }

    OpenCodeCorpusSummary run();

private:
    std::string id(const char* prefix, i64 ms)
    {
        // Time-sortable like OpenCode's ids: hex time and a counter, then random base62.
        static const char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char head[32];
        std::snprintf(head, sizeof head, "%011llx%04llx", static_cast<unsigned long long>(ms),
            static_cast<unsigned long long>(++m_counter & 0xffff));
        std::string s = std::string(prefix) + '_' + head;
        for (int i = 0; i < 10; ++i)
            s += kBase62[m_rng.next() % 62];
        return s;
    }
    std::string words(int count)
    {
        std::string s;
        for (int i = 0; i < count; ++i) {
            if (i)
                s += ' ';
            s += kWords[m_rng.next() % (sizeof kWords / sizeof kWords[0])];
        }
        return s;
    }
    std::string filler(i64 bytes)
    {
        std::string s;
        while (i64(s.size()) < bytes) {
            s += words(int(m_rng.between(4, 12)));
            s += "\\n";
        }
        return s;
    }

    SessionRow makeSession(i64 start, const std::string& parent, int depth, const std::string& taskPrompt,
        const std::string& agent, const std::string& title, bool legacy, i64& end);
    void makeAssistant(SessionRow& session, const std::string& userId, i64& t, int modelIndex, bool legacy,
        int depth, std::vector<SessionRow>& children);
    void store(const SessionRow& session);
    void storeLegacy(const SessionRow& session, bool sessionFile, const std::vector<size_t>& onlyMessages);
    void writeFile(const QString& path, const std::string& data);
    void count(const SessionRow& session);

    const OpenCodeCorpusOptions& m_options;
    Rng m_rng;
    u64 m_counter = 0;
    OpenCodeCorpusSummary m_summary;
    i64 m_estimate = 0;
    std::unique_ptr<Sqlite> m_db;
    sqlite3_stmt* m_insertSession = nullptr;
    sqlite3_stmt* m_insertMessage = nullptr;
    sqlite3_stmt* m_insertPart = nullptr;
    // Billed messages of the current session tree, for the summary.
    struct Billed
    {
        Tokens tokens;
        bool zeroCost;
    };
    std::vector<Billed> m_billed;
    std::vector<SessionRow> m_pendingChildren; // sub-agent sessions made while making their parent
};

void Writer::makeAssistant(SessionRow& session, const std::string& userId, i64& t, int modelIndex,
    bool legacy, int depth, std::vector<SessionRow>& children)
{
    const Model& model = kModels[modelIndex];
    MessageRow message;
    message.created = t;
    message.id = id("msg", t);
    const bool aborted = m_rng.percent(2);
    const bool noModel = !aborted && m_rng.percent(1);
    const int steps = aborted ? 0 : int(m_rng.percent(45) ? m_rng.between(2, 4) : 1);
    Tokens last, sum;
    i64 costUnits = 0;
    i64 context = m_rng.between(9000, 24000);
    std::vector<std::string> edited;
    // Now and then the first attempt was rate limited and sent again: a retry part (formats.md §4.4).
    // Decided from the clock, not the random stream, so the rest of the corpus stays as it was.
    if (!aborted && message.created % 17 == 0) {
        // Its id extends the message's (sorted before its other parts), drawing nothing from the stream.
        PartRow retry { "prt_" + message.id.substr(4) + "R", t, t,
            "{\"type\":\"retry\",\"attempt\":1,\"error\":{\"name\":\"APIError\",\"data\":{\"message\":"
            "\"Rate limit exceeded\",\"statusCode\":429,\"isRetryable\":true}},\"time\":{\"created\":"
                + number(t) + "}}" };
        message.parts.push_back(std::move(retry));
    }
    for (int step = 0; step < steps; ++step) {
        t += m_rng.between(800, 4000);
        PartRow start { id("prt", t), t, t,
            "{\"type\":\"step-start\",\"snapshot\":\"" + id("snap", t).substr(5, 8) + "\"}" };
        message.parts.push_back(std::move(start));
        const int tools = step + 1 < steps ? int(m_rng.between(1, 3)) : int(m_rng.between(0, 1));
        for (int k = 0; k < tools; ++k) {
            static const char* const kTools[]
                = { "read", "read", "edit", "bash", "grep", "glob", "write", "task" };
            std::string tool = kTools[m_rng.next() % 8];
            if (tool == "task" && (depth > 0 || legacy || !m_rng.percent(40)))
                tool = "read";
            const i64 toolStart = t + m_rng.between(50, 400);
            const i64 toolEnd
                = toolStart + (tool == "task" ? m_rng.between(20, 90) * kSecond : m_rng.between(5, 3000));
            const std::string callId = "toolu_" + id("c", toolStart).substr(2, 14);
            const std::string file
                = std::string(kProjects[0].dir) + "/src/" + words(1) + '_' + words(1) + ".py";
            std::string status = "completed";
            if (m_rng.percent(5))
                status = "error";
            std::string input, output, metadata = "{}";
            if (tool == "read" || tool == "edit" || tool == "write") {
                input = "{\"filePath\":\"" + file + "\"";
                if (tool == "edit") {
                    input += ",\"oldString\":\"" + words(3) + "\",\"newString\":\"" + words(4) + "\"";
                    edited.push_back(file);
                } else if (tool == "write") {
                    input += ",\"content\":\"" + filler(m_rng.between(200, 1500)) + "\"";
                    edited.push_back(file);
                }
                input += '}';
                output = tool == "read" ? filler(m_rng.between(600, 7000)) : std::string("Edit applied");
            } else if (tool == "bash") {
                input = "{\"command\":\"pytest -q " + words(1) + "\",\"description\":\"Run tests\"}";
                output = filler(m_rng.between(100, 2500));
            } else if (tool == "grep" || tool == "glob") {
                input = "{\"pattern\":\"" + words(1) + "\",\"path\":\"" + kProjects[0].dir + "\"}";
                output = filler(m_rng.between(80, 800));
            } else { // task: a sub-agent in its own child session
                status = "completed";
                const std::string description = words(3);
                const std::string prompt = "Find " + words(int(m_rng.between(6, 14)));
                static const char* const kAgents[] = { "explore", "general" };
                const std::string agent = kAgents[m_rng.next() % 2];
                i64 childEnd = 0;
                SessionRow child = makeSession(toolStart + 1, session.id, depth + 1, prompt, agent,
                    description + " (@" + agent + " subagent)", false, childEnd);
                input = "{\"description\":\"" + description + "\",\"prompt\":\"" + prompt
                    + "\",\"subagent_type\":\"" + agent + "\"}";
                output = "task_id: " + child.id
                    + " (for resuming to continue this task if needed)\\n\\n<task_result>\\n" + words(12)
                    + "\\n</task_result>";
                metadata = "{\"sessionId\":\"" + child.id + "\",\"model\":{\"modelID\":\""
                    + kModels[kSubagentModel].id + "\",\"providerID\":\"" + kModels[kSubagentModel].provider
                    + "\"}}";
                children.push_back(std::move(child));
            }
            std::string state = "{\"status\":\"" + status + "\",\"input\":" + input;
            if (status == "error")
                state += ",\"error\":\"exit status 1\"";
            else
                state += ",\"output\":\"" + output + "\"";
            state += ",\"title\":\"" + words(2) + "\",\"metadata\":" + metadata
                + ",\"time\":{\"start\":" + number(toolStart) + ",\"end\":" + number(toolEnd) + "}}";
            PartRow part { id("prt", toolStart), toolStart, toolEnd,
                "{\"type\":\"tool\",\"callID\":\"" + callId + "\",\"tool\":\"" + tool
                    + "\",\"state\":" + state + '}' };
            message.parts.push_back(std::move(part));
            ++m_summary.toolCalls;
            t = toolEnd;
        }
        if (step + 1 == steps && !edited.empty()) {
            std::string files;
            for (const std::string& f : edited)
                files += (files.empty() ? "\"" : ",\"") + f + '"';
            PartRow patch { id("prt", t), t, t,
                "{\"type\":\"patch\",\"hash\":\"" + id("h", t).substr(2, 12) + "\",\"files\":[" + files
                    + "]}" };
            message.parts.push_back(std::move(patch));
        }
        if (step + 1 == steps || m_rng.percent(30)) {
            const i64 textEnd = t + m_rng.between(300, 3000);
            PartRow text { id("prt", t), t, textEnd,
                "{\"type\":\"text\",\"text\":\"" + words(int(m_rng.between(8, 60)))
                    + "\",\"time\":{\"start\":" + number(t) + ",\"end\":" + number(textEnd) + "}}" };
            message.parts.push_back(std::move(text));
            t = textEnd;
        }
        Tokens step_;
        step_.input = m_rng.between(3, 400);
        step_.read = context;
        step_.write = model.cacheWrites ? m_rng.between(150, 3200) : 0;
        step_.output = m_rng.between(40, 1400);
        step_.reasoning = model.reasoning ? m_rng.between(0, 900) : 0;
        if (!model.cacheWrites) {
            // OpenAI-style caching: no writes, a share of the prompt read from the cache.
            step_.input += context / 5;
            step_.read = context - context / 5;
        }
        context += step_.input + step_.write + step_.output;
        const i64 units = step_.input * model.in + (step_.output + step_.reasoning) * model.out
            + step_.read * model.read + step_.write * model.write;
        costUnits += units;
        PartRow finish { id("prt", t), t, t,
            "{\"type\":\"step-finish\",\"reason\":\"" + std::string(step + 1 < steps ? "tool-calls" : "stop")
                + "\",\"snapshot\":\"" + id("s", t).substr(2, 8) + "\",\"cost\":" + dollars(units)
                + ",\"tokens\":" + tokensJson(step_, !legacy) + '}' };
        message.parts.push_back(std::move(finish));
        last = step_;
        sum.add(step_);
    }
    if (aborted)
        t += m_rng.between(300, 2000);
    message.updated = t;
    // message.tokens is the last step only, message.cost the sum (formats.md §4.6).
    message.data = "{\"role\":\"assistant\",\"time\":{\"created\":" + number(message.created)
        + ",\"completed\":" + number(t) + "},\"parentID\":\"" + userId + "\",\"modelID\":\""
        + (noModel ? "" : model.id) + "\",\"providerID\":\"" + model.provider + "\",\"mode\":\""
        + session.agent + "\",\"agent\":\"" + session.agent + "\",\"path\":{\"cwd\":\"" + session.directory
        + "\",\"root\":\"" + session.directory + "\"},\"cost\":" + dollars(costUnits)
        + ",\"tokens\":" + tokensJson(last, !legacy)
        + (!aborted ? ",\"finish\":\"stop\"}"
                : t % 3 == 0 // a third of the failures are the provider's, the rest the user's Esc
                ? ",\"error\":{\"name\":\"APIError\",\"data\":{\"message\":\"Overloaded\",\"statusCode\":529,"
                  "\"isRetryable\":false}}}"
                : ",\"error\":{\"name\":\"MessageAbortedError\",\"data\":{\"message\":\"aborted\"}}}");
    if (steps >= 2)
        ++m_summary.multiStepMessages;
    if (!aborted && !noModel && sum.total() > 0)
        m_billed.push_back({ sum, costUnits == 0 });
    session.tokens.add(sum);
    session.costUnits += costUnits;
    session.messages.push_back(std::move(message));
}

SessionRow Writer::makeSession(i64 start, const std::string& parent, int depth, const std::string& taskPrompt,
    const std::string& agent, const std::string& title, bool legacy, i64& end)
{
    SessionRow session;
    const Project& project = kProjects[parent.empty() ? m_rng.next() % 4 : 0];
    session.id = id("ses", start);
    session.parent = parent;
    session.projectId = project.id;
    session.directory = project.dir;
    session.title = title;
    session.version
        = legacy ? "1.13." + number(m_rng.between(0, 9)) : "1.18." + number(m_rng.between(20, 40));
    session.agent = agent;
    session.created = start;
    int modelIndex = depth > 0 ? kSubagentModel : int(m_rng.between(0, 99));
    if (depth == 0)
        modelIndex = modelIndex < 62 ? 0
            : modelIndex < 72        ? 1
            : modelIndex < 84        ? 2
            : modelIndex < 94        ? 3
                                     : 4;
    if (legacy)
        modelIndex = 0;
    session.model = std::string("{\"id\":\"") + kModels[modelIndex].id + "\",\"providerID\":\""
        + kModels[modelIndex].provider + "\"}";
    std::vector<SessionRow> children;
    i64 t = start;
    const int turns = depth > 0 ? 1 : int(m_rng.between(1, 6));
    for (int turn = 0; turn < turns; ++turn) {
        MessageRow user;
        user.created = t;
        user.updated = t;
        user.id = id("msg", t);
        // Occasionally the model asked for is not the one that answers (the agent's own model, a
        // fallback): the activity feed's model_override. From the clock, not the random stream.
        const Model& requested = t % 23 == 0 ? kModels[(modelIndex + 1) % kModelCount] : kModels[modelIndex];
        user.data = "{\"role\":\"user\",\"time\":{\"created\":" + number(t) + "},\"agent\":\"" + agent
            + "\",\"model\":{\"providerID\":\"" + requested.provider + "\",\"modelID\":\"" + requested.id
            + "\"}}";
        const std::string prompt = depth > 0 && turn == 0 ? taskPrompt : words(int(m_rng.between(5, 40)));
        user.parts.push_back({ id("prt", t), t, t, "{\"type\":\"text\",\"text\":\"" + prompt + "\"}" });
        ++m_summary.prompts;
        if (m_rng.percent(15))
            user.parts.push_back({ id("prt", t), t, t,
                "{\"type\":\"text\",\"text\":\"Called the Read tool with the following input: "
                "{\\\"filePath\\\":\\\""
                    + session.directory + "/README.md\\\"}\",\"synthetic\":true}" });
        const std::string userId = user.id;
        session.messages.push_back(std::move(user));
        t += m_rng.between(500, 3000);
        const int replies = int(m_rng.between(1, 2));
        for (int r = 0; r < replies; ++r)
            makeAssistant(session, userId, t, modelIndex, legacy, depth, children);
        if (session.title.empty())
            session.title = words(int(m_rng.between(2, 6)));
        t += m_rng.between(20, 600) * kSecond; // the user reads and types
    }
    session.updated = t;
    end = t;
    if (session.title.empty())
        session.title = "New session";
    // Children are written right after their parent, like OpenCode's rows in time order.
    for (SessionRow& child : children) {
        child.parent = session.id;
        session.updated = std::max(session.updated, child.updated);
    }
    m_pendingChildren.insert(m_pendingChildren.end(), std::make_move_iterator(children.begin()),
        std::make_move_iterator(children.end()));
    return session;
}

void Writer::store(const SessionRow& session)
{
    sqlite3_stmt* q = m_insertSession;
    bindText(q, 1, session.id);
    bindText(q, 2, session.projectId);
    bindOptional(q, 3, session.parent);
    bindText(q, 4, "slug-" + session.id.substr(4, 8));
    bindText(q, 5, session.directory);
    bindText(q, 6, session.title);
    bindText(q, 7, session.version);
    sqlite3_bind_double(q, 8, double(session.costUnits) / 1e8);
    sqlite3_bind_int64(q, 9, session.tokens.input);
    sqlite3_bind_int64(q, 10, session.tokens.output);
    sqlite3_bind_int64(q, 11, session.tokens.reasoning);
    sqlite3_bind_int64(q, 12, session.tokens.read);
    sqlite3_bind_int64(q, 13, session.tokens.write);
    bindText(q, 14, session.agent);
    bindText(q, 15, session.model);
    sqlite3_bind_int64(q, 16, session.created);
    sqlite3_bind_int64(q, 17, session.updated);
    m_db->run(q);
    m_estimate += kRowOverhead + i64(session.title.size() + session.model.size());
    for (const MessageRow& message : session.messages) {
        bindText(m_insertMessage, 1, message.id);
        bindText(m_insertMessage, 2, session.id);
        sqlite3_bind_int64(m_insertMessage, 3, message.created);
        sqlite3_bind_int64(m_insertMessage, 4, message.updated);
        bindText(m_insertMessage, 5, message.data);
        m_db->run(m_insertMessage);
        m_estimate += kRowOverhead + i64(message.data.size());
        for (const PartRow& part : message.parts) {
            bindText(m_insertPart, 1, part.id);
            bindText(m_insertPart, 2, message.id);
            bindText(m_insertPart, 3, session.id);
            sqlite3_bind_int64(m_insertPart, 4, part.created);
            sqlite3_bind_int64(m_insertPart, 5, part.updated);
            bindText(m_insertPart, 6, part.data);
            m_db->run(m_insertPart);
            m_estimate += kRowOverhead + i64(part.data.size());
        }
    }
}

void Writer::writeFile(const QString& path, const std::string& data)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(data.data(), qint64(data.size())) != qint64(data.size()))
        throw std::runtime_error("cannot write " + path.toStdString());
    m_estimate += i64(data.size());
}

// Legacy JSON files: the message and part bodies repeat the ids that the paths hold.
void Writer::storeLegacy(const SessionRow& session, bool sessionFile, const std::vector<size_t>& onlyMessages)
{
    const QString storage = m_options.outputDir + QStringLiteral("/storage");
    const QString sessionId = QString::fromStdString(session.id);
    if (sessionFile) {
        std::string json = "{\n  \"id\": \"" + session.id + "\",\n  \"slug\": \"slug-"
            + session.id.substr(4, 8) + "\",\n  \"version\": \"" + session.version
            + "\",\n  \"projectID\": \"" + session.projectId + "\",\n  \"directory\": \"" + session.directory
            + "\",\n";
        if (!session.parent.empty())
            json += "  \"parentID\": \"" + session.parent + "\",\n";
        json += "  \"title\": \"" + session.title + "\",\n  \"time\": {\n    \"created\": "
            + number(session.created) + ",\n    \"updated\": " + number(session.updated) + "\n  }\n}\n";
        writeFile(storage + QStringLiteral("/session/") + QString::fromLatin1(session.projectId.c_str())
                + QLatin1Char('/') + sessionId + QStringLiteral(".json"),
            json);
    }
    for (size_t index : onlyMessages) {
        const MessageRow& message = session.messages[index];
        const QString messageId = QString::fromStdString(message.id);
        writeFile(storage + QStringLiteral("/message/") + sessionId + QLatin1Char('/') + messageId
                + QStringLiteral(".json"),
            "{\"id\":\"" + message.id + "\",\"sessionID\":\"" + session.id + "\"," + message.data.substr(1)
                + '\n');
        if (!sessionFile)
            continue; // a stale copy of a migrated message: the file alone
        for (const PartRow& part : message.parts)
            writeFile(storage + QStringLiteral("/part/") + messageId + QLatin1Char('/')
                    + QString::fromStdString(part.id) + QStringLiteral(".json"),
                "{\"id\":\"" + part.id + "\",\"sessionID\":\"" + session.id + "\",\"messageID\":\""
                    + message.id + "\"," + part.data.substr(1) + '\n');
    }
}

void Writer::count(const SessionRow& session)
{
    m_summary.messages += i64(session.messages.size());
    for (const MessageRow& message : session.messages)
        m_summary.parts += i64(message.parts.size());
}

OpenCodeCorpusSummary Writer::run()
{
    const QString dir = m_options.outputDir;
    if (!QDir().mkpath(dir))
        throw std::runtime_error("cannot create " + dir.toStdString());
    const QString dbPath = dir + QStringLiteral("/opencode.db");
    for (const char* suffix : { "", "-wal", "-shm", "-journal" })
        QFile::remove(dbPath + QLatin1String(suffix));
    QDir(dir + QStringLiteral("/storage")).removeRecursively();

    m_db = std::make_unique<Sqlite>(dbPath);
    m_db->exec("PRAGMA journal_mode = DELETE");
    m_db->exec(kSchema);
    m_insertSession = m_db->prepare(
        "INSERT INTO session (id, project_id, parent_id, slug, directory, title, version, cost, "
        "tokens_input, "
        "tokens_output, tokens_reasoning, tokens_cache_read, tokens_cache_write, agent, model, time_created, "
        "time_updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
    m_insertMessage = m_db->prepare("INSERT INTO message VALUES (?1, ?2, ?3, ?4, ?5)");
    m_insertPart = m_db->prepare("INSERT INTO part VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    m_db->exec("BEGIN");
    sqlite3_stmt* project = m_db->prepare("INSERT INTO project VALUES (?1, ?2, 'git', ?3, ?4, ?4)");

    QDateTime endTime = m_options.end.isValid() ? m_options.end : OpenCodeCorpusOptions().end;
    const i64 end = endTime.toMSecsSinceEpoch();
    const int days = std::max(1, m_options.days);
    const i64 first = end - i64(days) * kDay;
    for (const Project& p : kProjects) {
        bindText(project, 1, p.id);
        bindText(project, 2, p.dir);
        bindText(project, 3, QFileInfo(QString::fromLatin1(p.dir)).fileName().toStdString());
        sqlite3_bind_int64(project, 4, first);
        m_db->run(project);
    }
    // The oldest sixth of the range predates the SQLite storage: half of its sessions were never
    // migrated (storage/ only), and migrated ones left stale copies of some messages behind.
    const i64 legacyUntil = first + (end - first) / 6;
    while (m_estimate < m_options.targetBytes) {
        const i64 day = m_rng.between(0, days - 1);
        // Working hours, ending well before the next day so that a session stays on its day.
        const i64 start = first + day * kDay + m_rng.between(7 * kHour, 18 * kHour) + m_rng.between(0, kHour);
        const bool old = start < legacyUntil;
        const bool legacyOnly = old && m_rng.percent(50);
        const std::string agent = m_rng.percent(12) ? "plan" : "build";
        i64 sessionEnd = 0;
        SessionRow session = makeSession(start, "", 0, "", agent, "", legacyOnly, sessionEnd);
        std::vector<SessionRow> children = std::move(m_pendingChildren);
        m_pendingChildren.clear();
        if (legacyOnly) {
            std::vector<size_t> all(session.messages.size());
            for (size_t i = 0; i < all.size(); ++i)
                all[i] = i;
            storeLegacy(session, true, all);
            ++m_summary.legacySessions;
        } else {
            store(session);
            for (const SessionRow& child : children)
                store(child);
            if (old) {
                std::vector<size_t> stale;
                for (size_t i = 0; i < session.messages.size(); ++i)
                    if (session.messages[i].data.find("\"role\":\"assistant\"") != std::string::npos
                        && m_rng.percent(35))
                        stale.push_back(i);
                storeLegacy(session, false, stale);
                m_summary.legacyDuplicates += i64(stale.size());
                m_summary.messages += i64(stale.size());
            }
            if (m_options.injectMalformedLines && m_rng.percent(3)) {
                const std::string badId = id("msg", sessionEnd);
                bindText(m_insertMessage, 1, badId);
                bindText(m_insertMessage, 2, session.id);
                sqlite3_bind_int64(m_insertMessage, 3, sessionEnd);
                sqlite3_bind_int64(m_insertMessage, 4, sessionEnd);
                bindText(m_insertMessage, 5, "{\"role\":\"assistant\",\"time\":{\"crea");
                m_db->run(m_insertMessage);
                ++m_summary.malformedRows;
            }
        }
        ++m_summary.sessions;
        m_summary.subagentSessions += int(children.size());
        count(session);
        for (const SessionRow& child : children)
            count(child);
        for (const Billed& billed : m_billed) {
            ++m_summary.usageRequests;
            m_summary.inputTokens += billed.tokens.input;
            m_summary.outputTokens += billed.tokens.output;
            m_summary.reasoningTokens += billed.tokens.reasoning;
            m_summary.cacheReadTokens += billed.tokens.read;
            m_summary.cacheWriteTokens += billed.tokens.write;
            if (billed.zeroCost)
                ++m_summary.zeroCostRequests;
        }
        m_billed.clear();
    }
    m_db->exec("COMMIT");
    m_db->exec("PRAGMA journal_mode = WAL"); // as OpenCode runs it; closing folds the -wal back in
    m_db.reset();

    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++m_summary.files;
        m_summary.bytes += it.fileInfo().size();
    }
    return m_summary;
}
} // namespace

OpenCodeCorpusGenerator::OpenCodeCorpusGenerator(OpenCodeCorpusOptions options)
    : m_options(std::move(options))
{ }

OpenCodeCorpusSummary OpenCodeCorpusGenerator::generate()
{
    return Writer(m_options).run();
}

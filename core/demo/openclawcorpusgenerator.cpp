// SPDX-License-Identifier: MIT
#include "openclawcorpusgenerator.h"

#include "splitmix64.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <sqlite3.h>
#include <stdexcept>
#include <vector>
#include <zstd.h>

namespace {

constexpr qint64 kHour = 3600 * 1000;
constexpr qint64 kDay = 24 * kHour;

// The generator's own range draws even for a single value, unlike SplitMix64::between (kept so that
// corpora stay byte-identical to earlier ones).
class Rng : public SplitMix64
{
public:
    explicit Rng(quint64 seed)
        : SplitMix64(seeded(seed))
    { }
    qint64 range(qint64 low, qint64 high) { return low + qint64(next() % quint64(high - low + 1)); }
    bool chance(double p) { return double(next() >> 11) / double(1ULL << 53) < p; }
    QByteArray hex(int digits)
    {
        QByteArray out;
        while (out.size() < digits)
            out += QByteArray::number(next(), 16).rightJustified(16, '0');
        return out.left(digits);
    }
    QByteArray uuid()
    {
        const QByteArray h = hex(32);
        return h.mid(0, 8) + '-' + h.mid(8, 4) + "-4" + h.mid(13, 3) + "-8" + h.mid(17, 3) + '-'
            + h.mid(20, 12);
    }

private:
    quint64 m_state;
};

QByteArray str(const QByteArray& text)
{
    QByteArray out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (uchar(c) < 0x20)
            out += c == '\n' ? QByteArray("\\n")
                             : "\\u" + QByteArray::number(uchar(c), 16).rightJustified(4, '0');
        else
            out += c;
    }
    return out + '"';
}

QByteArray num(qint64 n)
{
    return QByteArray::number(n);
}

QByteArray money(double value)
{
    return QByteArray::number(value, 'g', 12);
}

QByteArray iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
}

// An object with its keys in the order OpenClaw writes them (QJsonObject would sort them).
class Obj
{
public:
    Obj& add(const char* key, const QByteArray& json)
    {
        m_body += (m_body.isEmpty() ? "" : ",") + str(key) + ':' + json;
        return *this;
    }
    QByteArray json() const { return '{' + m_body + '}'; }

private:
    QByteArray m_body;
};

struct Model
{
    const char* provider;
    const char* id;
    const char* api;
    double in, out, cacheRead, cacheWrite; // USD per million tokens, as openclaw.json declares them
};
const Model kModels[] = {
    { "anthropic", "claude-sonnet-4-5", "anthropic-messages", 3, 15, 0.3, 3.75 },
    { "anthropic", "claude-opus-4-5", "anthropic-messages", 5, 25, 0.5, 6.25 },
    { "openai-codex", "gpt-5.4", "openai-codex-responses", 2.5, 15, 0.25, 0 },
    { "anthropic", "claude-haiku-4-5", "anthropic-messages", 1, 5, 0.1, 1.25 },
};

const char* const kWords[]
    = { "inbox", "deploy", "review", "the", "calendar", "invoice", "draft", "reply", "logs", "error",
          "summary", "meeting", "notes", "build", "branch", "release", "customer", "ticket", "budget",
          "report", "check", "and", "for", "with", "today", "urgent", "plan", "update", "server", "backup" };

QByteArray words(Rng& rng, int count)
{
    QByteArray out;
    for (int i = 0; i < count; ++i) {
        if (i)
            out += ' ';
        out += kWords[rng.next() % (sizeof(kWords) / sizeof(kWords[0]))];
    }
    return out;
}

const char* const kSchema = R"(CREATE TABLE session_nodes (
  session_key TEXT NOT NULL PRIMARY KEY, current_session_id TEXT NOT NULL, entry_json TEXT NOT NULL,
  entry_valid INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL, status TEXT, created_at INTEGER,
  created_via TEXT, parent_session_key TEXT, spawned_by TEXT, fork_source_session_key TEXT,
  fork_source_session_id TEXT, fork_source_entry_id TEXT, label TEXT, display_name TEXT) STRICT;
CREATE TABLE session_windows (
  session_id TEXT NOT NULL PRIMARY KEY, session_key TEXT NOT NULL, previous_session_id TEXT, reason TEXT,
  session_scope TEXT NOT NULL DEFAULT 'conversation', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  started_at INTEGER, ended_at INTEGER, status TEXT, model_provider TEXT, model TEXT, parent_session_key TEXT,
  spawned_by TEXT, display_name TEXT) STRICT;
CREATE TABLE transcript_events (
  session_id TEXT NOT NULL, seq INTEGER NOT NULL, event_json TEXT NOT NULL, created_at INTEGER NOT NULL,
  event_zstd BLOB, event_utf8_bytes INTEGER, navigation_json TEXT, PRIMARY KEY (session_id, seq)) STRICT;
)";

// One session being written: its lines, and what its children and the session store need to know.
struct Session
{
    QByteArray id;
    QByteArray key;
    QByteArray agent;
    QByteArray parentKey;
    int depth = 0;
    qint64 headerTs = 0;
    qint64 t = 0; // the clock: the next event happens after it
    int model = 0;
    QByteArray lastEntry;
    QList<QByteArray> lines;
    QList<QByteArray> copyable; // message lines a fork child copies
    QByteArray label;
    QByteArray status;
    bool inDatabase = false;
    qint64 ownRequests = 0; // requests made in this session (not copies)
};

class Writer
{
public:
    Writer(const OpenClawCorpusOptions& options)
        : m_options(options)
        , m_rng(options.seed)
    { }

    OpenClawCorpusSummary run()
    {
        QDir().mkpath(m_options.outputDir);
        const QDateTime end = m_options.end.isValid() ? m_options.end : OpenClawCorpusOptions().end;
        m_end = end.toMSecsSinceEpoch();
        const int days = std::max(1, m_options.days);
        openDatabase();
        int n = 0;
        // Always at least one session of each kind, then until the size is reached.
        while (n < 6 || m_written < m_options.targetBytes) {
            const qint64 day = m_end - days * kDay + m_rng.range(0, days - 1) * kDay;
            const qint64 start = day + m_rng.range(7, 19) * kHour + m_rng.range(0, 59) * 60000;
            const char* agent = n % 7 == 3 ? "ops" : n % 4 == 1 ? "work" : "main";
            topLevel(agent, start, n);
            ++n;
        }
        closeDatabase();
        for (auto it = m_stores.cbegin(); it != m_stores.cend(); ++it)
            writeFile(m_options.outputDir + QLatin1String("/agents/") + QString::fromUtf8(it.key())
                    + QLatin1String("/sessions/sessions.json"),
                "{\n" + it.value().join(",\n") + "\n}\n");
        return m_summary;
    }

private:
    QString sessionsDir(const QByteArray& agent) const
    {
        return m_options.outputDir + QLatin1String("/agents/") + QString::fromUtf8(agent)
            + QLatin1String("/sessions/");
    }

    void writeFile(const QString& path, const QByteArray& data)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(data) != data.size())
            throw std::runtime_error("cannot write " + path.toStdString());
        m_written += data.size();
        m_summary.bytes += data.size();
        ++m_summary.files;
    }

    void openDatabase()
    {
        const QString path = m_options.outputDir + QLatin1String("/agents/ops/agent/openclaw-agent.sqlite");
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile::remove(path);
        if (sqlite3_open(QFile::encodeName(path).constData(), &m_db) != SQLITE_OK
            || sqlite3_exec(m_db, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK
            || sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
            throw std::runtime_error("cannot create " + path.toStdString());
        sqlite3_prepare_v2(m_db,
            "INSERT INTO transcript_events(session_id, seq, event_json, created_at, event_zstd, "
            "event_utf8_bytes) "
            "VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
            -1, &m_insertEvent, nullptr);
        m_dbPath = path;
    }

    void closeDatabase()
    {
        sqlite3_finalize(m_insertEvent);
        sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_close(m_db);
        m_summary.bytes += QFileInfo(m_dbPath).size();
        ++m_summary.files;
    }

    void exec(const QByteArray& sql)
    {
        if (sqlite3_exec(m_db, sql.constData(), nullptr, nullptr, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(m_db));
    }

    static QByteArray quote(const QByteArray& text)
    {
        QByteArray out = text;
        return '\'' + out.replace('\'', "''") + '\'';
    }

    QByteArray entry(Session& s, qint64 ts, const char* type, Obj rest, const QByteArray& fixedId = {})
    {
        const QByteArray id = fixedId.isEmpty() ? m_rng.hex(8) : fixedId;
        Obj o;
        o.add("type", str(type))
            .add("id", str(id))
            .add("parentId", s.lastEntry.isEmpty() ? "null" : str(s.lastEntry));
        o.add("timestamp", str(iso(ts)));
        const QByteArray body = rest.json();
        QByteArray line = o.json();
        if (body.size() > 2)
            line = line.chopped(1) + ',' + body.mid(1);
        s.lastEntry = id;
        s.lines << line;
        return line;
    }

    void assistant(Session& s, const QByteArray& content, bool final)
    {
        const Model& m = kModels[s.model];
        if (s.t % 29 == 0 && !s.lastEntry.isEmpty()) {
            // A first attempt that failed (formats.md §5.2: stopReason "error", errorMessage, no usage).
            // Chosen by the clock, its id derived from its parent's, so the random stream stays as it was.
            Obj failed;
            failed.add("role", str("assistant")).add("content", "[]");
            failed.add("api", str(m.api)).add("provider", str(m.provider)).add("model", str(m.id));
            failed.add("usage",
                R"({"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"totalTokens":0,"cost":{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"total":0}})");
            failed.add("stopReason", str("error"))
                .add("errorMessage", str("429 Too Many Requests: rate limit reached, retrying"));
            failed.add("timestamp", num(s.t + 100));
            s.t += 150;
            entry(s, s.t, "message", Obj().add("message", failed.json()), "e" + s.lastEntry.mid(1));
        }
        const qint64 start = s.t + m_rng.range(300, 2000);
        const qint64 contextTokens = 2000 + qint64(s.lines.size()) * m_rng.range(200, 900);
        qint64 input = m_rng.range(20, 2500), output = m_rng.range(40, final ? 1800 : 400);
        qint64 cacheRead = m_rng.chance(0.85) ? contextTokens : 0;
        qint64 cacheWrite = m.cacheWrite > 0 && m_rng.chance(0.4) ? m_rng.range(200, 6000) : 0;
        const bool totalOnly = m_rng.chance(0.02);
        const double cost
            = (input * m.in + output * m.out + cacheRead * m.cacheRead + cacheWrite * m.cacheWrite) / 1e6;
        Obj usage;
        if (totalOnly) {
            usage.add("totalTokens", num(input + output + cacheRead + cacheWrite));
        } else {
            usage.add("input", num(input)).add("output", num(output)).add("cacheRead", num(cacheRead));
            usage.add("cacheWrite", num(cacheWrite))
                .add("totalTokens", num(input + output + cacheRead + cacheWrite));
            usage.add("cost",
                Obj()
                    .add("input", money(input * m.in / 1e6))
                    .add("output", money(output * m.out / 1e6))
                    .add("cacheRead", money(cacheRead * m.cacheRead / 1e6))
                    .add("cacheWrite", money(cacheWrite * m.cacheWrite / 1e6))
                    .add("total", money(cost))
                    .json());
        }
        Obj message;
        message.add("role", str("assistant")).add("content", content);
        // Most messages name their model; some rely on the last model_change / model-snapshot.
        if (m_rng.chance(0.85))
            message.add("api", str(m.api)).add("provider", str(m.provider)).add("model", str(m.id));
        message.add("usage", usage.json()).add("stopReason", str(final ? "stop" : "toolUse"));
        message.add("timestamp", num(start));
        s.t = start + m_rng.range(800, 9000);
        const QByteArray line = entry(s, s.t, "message", Obj().add("message", message.json()));
        s.copyable << line;
        ++m_summary.usageRequests;
        ++s.ownRequests;
        if (s.inDatabase)
            ++m_summary.databaseRequests;
        if (final && m_rng.chance(0.03))
            s.lines << line; // re-emitted verbatim
        if (final && m_rng.chance(0.15)) {
            Obj mirror;
            mirror.add("role", str("assistant")).add("content", content).add("api", str("openai-responses"));
            mirror.add("provider", str("openclaw")).add("model", str("delivery-mirror"));
            mirror.add("usage",
                R"({"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"totalTokens":0,"cost":{"input":0,"output":0,"cacheRead":0,"cacheWrite":0,"total":0}})");
            mirror.add("stopReason", str("stop")).add("timestamp", num(s.t + 200));
            s.t += 300;
            entry(s, s.t, "message", Obj().add("message", mirror.json()));
        }
    }

    void toolResult(Session& s, const QByteArray& callId, const char* tool, const QByteArray& text,
        bool error, const QByteArray& details = {})
    {
        s.t += m_rng.range(50, 4000);
        Obj message;
        message.add("role", str("toolResult")).add("toolCallId", str(callId)).add("toolName", str(tool));
        message.add("content", "[{\"type\":\"text\",\"text\":" + str(text) + "}]");
        if (!details.isEmpty())
            message.add("details", details);
        message.add("isError", error ? "true" : "false").add("timestamp", num(s.t));
        s.copyable << entry(s, s.t, "message", Obj().add("message", message.json()));
    }

    void user(Session& s, const QByteArray& text)
    {
        s.t += m_rng.range(2000, 90000);
        Obj message;
        message.add("role", str("user")).add("content", "[{\"type\":\"text\",\"text\":" + str(text) + "}]");
        message.add("timestamp", num(s.t));
        s.copyable << entry(s, s.t, "message", Obj().add("message", message.json()));
    }

    void header(Session& s, const QByteArray& cwd, const QByteArray& parentSession = {})
    {
        Obj o;
        o.add("type", str("session"))
            .add("version", "3")
            .add("id", str(s.id))
            .add("timestamp", str(iso(s.t)));
        o.add("cwd", str(cwd));
        if (!parentSession.isEmpty())
            o.add("parentSession", str(parentSession));
        s.headerTs = s.t;
        s.lines << o.json();
        const Model& m = kModels[s.model];
        s.t += 10;
        entry(s, s.t, "model_change", Obj().add("provider", str(m.provider)).add("modelId", str(m.id)));
    }

    // One user turn: a prompt, a few tool rounds, the answer; maybe a sub-agent.
    void turn(Session& s, bool maySpawn)
    {
        if (m_rng.chance(0.1)) {
            s.model = int(m_rng.next() % (sizeof(kModels) / sizeof(kModels[0])));
            const Model& m = kModels[s.model];
            s.t += 5;
            if (m_rng.chance(0.5))
                entry(
                    s, s.t, "model_change", Obj().add("provider", str(m.provider)).add("modelId", str(m.id)));
            else
                entry(s, s.t, "custom",
                    Obj()
                        .add("customType", str("model-snapshot"))
                        .add(
                            "data", Obj().add("provider", str(m.provider)).add("modelId", str(m.id)).json()));
        }
        user(s, words(m_rng, int(m_rng.range(6, 60))));
        const int rounds = int(m_rng.range(0, 3));
        for (int r = 0; r < rounds; ++r) {
            static const char* const tools[] = { "read", "write", "edit", "exec", "grep", "web_search" };
            const char* tool = tools[m_rng.next() % 6];
            const QByteArray callId = "call_" + m_rng.hex(12);
            const QByteArray path = "/home/ana/work/" + words(m_rng, 1) + '/' + words(m_rng, 1) + ".md";
            Obj arguments;
            if (qstrcmp(tool, "exec") == 0)
                arguments.add("command", str("ls -la " + path));
            else if (qstrcmp(tool, "web_search") == 0)
                arguments.add("query", str(words(m_rng, 4)));
            else
                arguments.add(qstrcmp(tool, "grep") == 0 ? "path" : "file_path", str(path));
            assistant(s,
                "[{\"type\":\"toolCall\",\"id\":" + str(callId) + ",\"name\":" + str(tool)
                    + ",\"arguments\":" + arguments.json() + "}]",
                false);
            toolResult(s, callId, tool, words(m_rng, int(m_rng.range(20, 400))), m_rng.chance(0.05));
        }
        if (maySpawn && s.depth < 2 && m_rng.chance(s.depth == 0 ? 0.25 : 0.15))
            spawn(s);
        assistant(
            s, "[{\"type\":\"text\",\"text\":" + str(words(m_rng, int(m_rng.range(15, 200)))) + "}]", true);
    }

    void spawn(Session& parent)
    {
        const QByteArray callId = "call_" + m_rng.hex(12);
        const QByteArray task = words(m_rng, int(m_rng.range(5, 20)));
        const QByteArray label = words(m_rng, 2);
        const bool fork = !parent.inDatabase && m_rng.chance(0.3);
        Obj arguments;
        arguments.add("task", str(task)).add("label", str(label));
        if (fork)
            arguments.add("context", str("fork"));
        assistant(parent,
            "[{\"type\":\"toolCall\",\"id\":" + str(callId)
                + ",\"name\":\"sessions_spawn\",\"arguments\":" + arguments.json() + "}]",
            false);
        Session child;
        child.agent = parent.agent;
        child.id = m_rng.uuid();
        child.key = parent.depth > 0 ? QByteArray(parent.key + ":subagent:" + m_rng.uuid())
                                     : QByteArray("agent:" + parent.agent + ":subagent:" + m_rng.uuid());
        child.parentKey = parent.key;
        child.depth = parent.depth + 1;
        child.label = label;
        child.inDatabase = parent.inDatabase;
        child.model = m_rng.chance(0.5) ? 2 : 3;
        const QByteArray details = Obj()
                                       .add("status", str("accepted"))
                                       .add("runId", str("run-" + m_rng.hex(8)))
                                       .add("childSessionKey", str(child.key))
                                       .json();
        toolResult(parent, callId, "sessions_spawn", details, false, details);
        child.t = parent.t + m_rng.range(100, 900);
        header(child, "/home/ana/.openclaw/workspace");
        if (fork) {
            // A context:"fork" child starts with the requester's transcript, copied verbatim.
            for (const QByteArray& line : std::as_const(parent.copyable)) {
                child.lines << line;
                if (line.contains("\"role\":\"assistant\"") && line.contains("\"usage\"")
                    && !line.contains("delivery-mirror"))
                    ++m_summary.forkCopies;
            }
        }
        const int turns = int(m_rng.range(1, 3));
        for (int i = 0; i < turns; ++i)
            turn(child, true);
        child.status = m_rng.chance(0.1) ? "failed" : "done";
        ++m_summary.subagentSessions;
        finish(child, !child.inDatabase && m_rng.chance(0.4));
        parent.t = std::max(parent.t, child.t) + m_rng.range(100, 2000);
    }

    void finish(Session& s, bool archived)
    {
        if (m_options.injectMalformedLines && m_rng.chance(0.02))
            s.lines << "{\"type\":\"message\",\"id\":\"" + m_rng.hex(8) + "\",\"parentId\":";
        Obj e;
        e.add("sessionId", str(s.id)).add("updatedAt", num(s.t));
        if (!s.parentKey.isEmpty())
            e.add("spawnedBy", str(s.parentKey)).add("spawnDepth", num(s.depth));
        if (!s.label.isEmpty())
            e.add("label", str(s.label));
        if (!s.status.isEmpty())
            e.add("status", str(s.status)).add("startedAt", num(s.headerTs)).add("endedAt", num(s.t));
        e.add("model", str(kModels[s.model].id)).add("modelProvider", str(kModels[s.model].provider));
        if (s.inDatabase) {
            writeDatabase(s, e.json());
            return;
        }
        m_stores[s.agent] << "  " + str(s.key) + ": " + e.json();
        QByteArray data = s.lines.join('\n') + '\n';
        QString name = QString::fromUtf8(s.id) + QLatin1String(".jsonl");
        if (archived) {
            name += QLatin1String(".deleted.")
                + QString::fromUtf8(iso(s.t + 3600000)).replace(QLatin1Char(':'), QLatin1Char('-'));
            if (m_rng.chance(0.5)) {
                QByteArray packed(qsizetype(ZSTD_compressBound(size_t(data.size()))), '\0');
                const size_t n = ZSTD_compress(
                    packed.data(), size_t(packed.size()), data.constData(), size_t(data.size()), 3);
                packed.truncate(qsizetype(n));
                data = packed;
                name += QLatin1String(".zst");
                m_summary.zstdRequests += s.ownRequests;
            }
        }
        writeFile(sessionsDir(s.agent) + name, data);
    }

    void writeDatabase(const Session& s, const QByteArray& entryJson)
    {
        const QByteArray status = s.status.isEmpty() ? QByteArray("NULL") : quote(s.status);
        exec("INSERT INTO session_nodes(session_key, current_session_id, entry_json, updated_at, status, "
             "created_via, "
             "spawned_by, label) VALUES("
            + quote(s.key) + ',' + quote(s.id) + ',' + quote(entryJson) + ',' + num(s.t) + ',' + status + ','
            + (s.parentKey.isEmpty() ? "'operator'" : "'spawn'") + ','
            + (s.parentKey.isEmpty() ? QByteArray("NULL") : quote(s.parentKey)) + ','
            + (s.label.isEmpty() ? QByteArray("NULL") : quote(s.label)) + ')');
        exec("INSERT INTO session_windows(session_id, session_key, reason, created_at, updated_at, "
             "started_at, "
             "ended_at, status, model_provider, model, spawned_by) VALUES("
            + quote(s.id) + ',' + quote(s.key) + ",'initial'," + num(s.headerTs) + ',' + num(s.t) + ','
            + num(s.headerTs) + ',' + num(s.t) + ',' + status + ',' + quote(kModels[s.model].provider) + ','
            + quote(kModels[s.model].id) + ','
            + (s.parentKey.isEmpty() ? QByteArray("NULL") : quote(s.parentKey)) + ')');
        qint64 seq = 0;
        for (const QByteArray& line : s.lines) {
            ++seq;
            sqlite3_reset(m_insertEvent);
            sqlite3_bind_text(m_insertEvent, 1, s.id.constData(), int(s.id.size()), SQLITE_TRANSIENT);
            sqlite3_bind_int64(m_insertEvent, 2, seq);
            // 2026.9.6 wrote plain event_json; the schema allows the compressed column instead.
            if (m_rng.chance(0.3)) {
                QByteArray packed(qsizetype(ZSTD_compressBound(size_t(line.size()))), '\0');
                const size_t n = ZSTD_compress(
                    packed.data(), size_t(packed.size()), line.constData(), size_t(line.size()), 3);
                sqlite3_bind_text(m_insertEvent, 3, "", 0, SQLITE_STATIC);
                sqlite3_bind_blob(m_insertEvent, 5, packed.constData(), int(n), SQLITE_TRANSIENT);
                m_written += qint64(n);
            } else {
                sqlite3_bind_text(m_insertEvent, 3, line.constData(), int(line.size()), SQLITE_TRANSIENT);
                sqlite3_bind_null(m_insertEvent, 5);
                m_written += line.size();
            }
            sqlite3_bind_int64(m_insertEvent, 4, s.headerTs + seq);
            sqlite3_bind_int64(m_insertEvent, 6, line.size());
            if (sqlite3_step(m_insertEvent) != SQLITE_DONE)
                throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(m_db));
        }
        // Published archive of the first part (as a /reset leaves it): the same lines, verbatim.
        if (s.parentKey.isEmpty() && m_rng.chance(0.3)) {
            const QList<QByteArray> part = s.lines.mid(0, std::max<qsizetype>(2, s.lines.size() / 2));
            writeFile(sessionsDir(s.agent) + QString::fromUtf8(s.id) + QLatin1String(".jsonl.reset.")
                    + QString::fromUtf8(iso(s.t + 60000)).replace(QLatin1Char(':'), QLatin1Char('-')),
                part.join('\n') + '\n');
        }
    }

    void topLevel(const char* agent, qint64 start, int n)
    {
        Session s;
        s.agent = agent;
        s.id = m_rng.uuid();
        s.inDatabase = s.agent == "ops";
        s.key = "agent:" + s.agent + ":webchat:direct:" + m_rng.hex(10);
        s.t = start;
        s.model = int(m_rng.range(0, 2));
        const bool topic = !s.inDatabase && (n == 2 || m_rng.chance(0.05));
        if (topic)
            s.id += "-topic-" + num(m_rng.range(2, 400));
        header(s, s.inDatabase ? "/srv/ops" : "/home/ana/.openclaw/workspace");
        const int turns = int(m_rng.range(2, 10));
        for (int i = 0; i < turns; ++i) {
            turn(s, true);
            if (i == 0 && m_rng.chance(0.2))
                entry(s, s.t += 5, "session_info", Obj().add("name", str(words(m_rng, 3))));
        }
        ++m_summary.sessions;
        const bool reset = !s.inDatabase && m_rng.chance(0.1);
        const QList<QByteArray> history = s.copyable;
        // pi names the parent by its path; the corpus pretends to live in ~/.openclaw so that it is the
        // same wherever it is written.
        const QByteArray parentPath
            = "/home/ana/.openclaw/agents/" + s.agent + "/sessions/" + s.id + ".jsonl";
        finishTop(s, reset);
        // A fork (pi's branch): a new file whose header names the parent and that starts with copies.
        if (!s.inDatabase && n % 9 == 4) {
            Session f;
            f.agent = s.agent;
            f.id = m_rng.uuid();
            f.key = "agent:" + f.agent + ":webchat:direct:" + m_rng.hex(10);
            f.t = s.t + m_rng.range(60000, 600000);
            f.model = s.model;
            header(f, "/home/ana/.openclaw/workspace", parentPath);
            for (const QByteArray& line : history) {
                f.lines << line;
                if (line.contains("\"role\":\"assistant\"") && line.contains("\"usage\""))
                    ++m_summary.forkCopies;
            }
            turn(f, false);
            ++m_summary.sessions;
            finishTop(f, false);
        }
    }

    void finishTop(Session& s, bool reset)
    {
        if (!reset || s.inDatabase) {
            finish(s, false);
            return;
        }
        // A /reset renamed the transcript; the store's entry for the key names the next session, which
        // this corpus does not write, so the archive has no entry.
        writeFile(sessionsDir(s.agent) + QString::fromUtf8(s.id) + QLatin1String(".jsonl.reset.")
                + QString::fromUtf8(iso(s.t + 1000)).replace(QLatin1Char(':'), QLatin1Char('-')),
            s.lines.join('\n') + '\n');
    }

    OpenClawCorpusOptions m_options;
    Rng m_rng;
    qint64 m_end = 0;
    qint64 m_written = 0;
    OpenClawCorpusSummary m_summary;
    QMap<QByteArray, QList<QByteArray>> m_stores; // agent -> "key": entry lines of sessions.json
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_insertEvent = nullptr;
    QString m_dbPath;
};

} // namespace

OpenClawCorpusGenerator::OpenClawCorpusGenerator(OpenClawCorpusOptions options)
    : m_options(std::move(options))
{ }

OpenClawCorpusSummary OpenClawCorpusGenerator::generate()
{
    return Writer(m_options).run();
}

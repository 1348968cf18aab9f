// SPDX-License-Identifier: MIT
#include "codexfileparser.h"

#include "codexfastline.h"
#include "codexrolloutindex.h"
#include "codextokenledger.h"
#include "isotime.h"
#include "jsonvalue.h"
#include "linereader.h"
#include "stringinterner.h"
#include "threadparser.h"

#include <algorithm>
#include <cstring>
#include <QDataStream>
#include <QFileInfo>
#include <QHash>
#include <QIODevice>
#include <QSet>
#include <simdjson.h>
#include <tuple>

using namespace simdjson;

static_assert(LineReader::kPadding >= SIMDJSON_PADDING);

// The DOM API, as in ClaudeFileParser: Debian's simdjson runs On-Demand on its scalar fallback.

namespace {
using JsonValue::bytes;
using JsonValue::toCount;
using JsonValue::toString;

constexpr int kStateVersion = 1;
// When no model was ever seen in a file, ccusage bills gpt-5 (formats.md §3.5 step 5); so do we.
const QByteArray kFallbackModel = QByteArrayLiteral("gpt-5");

// An integer, or fallback when value is missing or not one.
int64_t intOr(simdjson_result<dom::element> value, int64_t fallback)
{
    int64_t i = 0;
    return value.get_int64().get(i) ? fallback : i;
}

// A string field of an object; empty when missing or not a string.
std::string_view str(dom::object object, std::string_view key)
{
    std::string_view s;
    if (object[key].get_string().get(s))
        return {};
    return s;
}

// A usage vector (input_tokens, cached_input_tokens, output_tokens, reasoning_output_tokens,
// total_tokens). Returns false when value is not an object; *bad when a count is implausible.
bool toUsage(dom::element value, CodexUsage& usage, bool* bad)
{
    dom::object object;
    if (value.get_object().get(object))
        return false;
    bool hasTotal = false;
    auto count = [bad](dom::element v) {
        const qint64 n = toCount(v);
        if (n < 0)
            *bad = true;
        return std::max<qint64>(n, 0);
    };
    for (auto field : object) {
        const std::string_view key = field.key;
        if (key == "input_tokens")
            usage.input = count(field.value);
        else if (key == "cached_input_tokens")
            usage.cached = count(field.value);
        else if (key == "output_tokens")
            usage.output = count(field.value);
        else if (key == "reasoning_output_tokens")
            usage.reasoning = count(field.value);
        else if (key == "total_tokens") {
            usage.total = count(field.value);
            hasTotal = true;
        }
    }
    // Legacy vectors without total_tokens: Codex's total is input + output (reasoning is inside
    // output; ccusage's input + output + reasoning counts it twice, formats.md §3.5).
    if (!hasTotal)
        usage.total = usage.input + usage.output;
    usage.cached = qMin(usage.cached, usage.input);
    return true;
}

// Text the harness puts into user messages (formats.md §3.3); never a prompt the user typed.
bool isHarnessText(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n'))
        text.remove_prefix(1);
    return text.starts_with("<environment_context>") || text.starts_with("<user_instructions>")
        || text.starts_with("# AGENTS.md") || text.starts_with("<permissions")
        || text.starts_with("<turn_aborted>");
}

// The files an apply_patch text touches, from its "*** Add/Update/Delete File: <path>" headers.
std::vector<ToolCallRecord::FileTouch> patchFiles(std::string_view patch)
{
    std::vector<ToolCallRecord::FileTouch> files;
    size_t pos = 0;
    while (pos < patch.size()) {
        size_t end = patch.find('\n', pos);
        if (end == std::string_view::npos)
            end = patch.size();
        std::string_view line = patch.substr(pos, end - pos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        struct Header
        {
            std::string_view prefix;
            const char* operation;
        };
        static constexpr Header kHeaders[] = { { "*** Add File: ", "write" }, { "*** Update File: ", "edit" },
            { "*** Delete File: ", "delete" } };
        for (const Header& header : kHeaders) {
            if (line.starts_with(header.prefix)) {
                std::string_view path = line.substr(header.prefix.size());
                while (!path.empty() && path.back() == ' ')
                    path.remove_suffix(1);
                if (!path.empty())
                    files.push_back({ bytes(path), header.operation });
                break;
            }
        }
        pos = end + 1;
    }
    return files;
}

void setFiles(ToolCallRecord& call, std::vector<ToolCallRecord::FileTouch> files)
{
    if (files.empty())
        return;
    call.filePath = files.front().path;
    call.fileOperation = files.front().operation;
    files.erase(files.begin());
    call.files = std::move(files);
}

// Whether a tool output says the call failed: a non-zero exit code in the structured output
// ({"output":..., "metadata":{"exit_code":N}}) or in the text form ("Exit code: N"), or an explicit
// success: false.
bool outputIsError(dom::parser& scratch, dom::element output)
{
    dom::object object;
    std::string_view text;
    if (!output.get_object().get(object)) {
        bool success = true;
        return !object["success"].get_bool().get(success) && !success;
    }
    if (output.get_string().get(text))
        return false;
    if (text.starts_with("Exit code: ")) {
        text.remove_prefix(11);
        return !(text.size() >= 1 && text[0] == '0' && (text.size() == 1 || text[1] < '0' || text[1] > '9'));
    }
    if (!text.empty() && text.front() == '{' && text.find("exit_code") != std::string_view::npos) {
        dom::element inner;
        if (scratch.parse(text.data(), text.size(), true).get(inner))
            return false;
        int64_t exitCode = 0;
        if (!inner.at_pointer("/metadata/exit_code").get_int64().get(exitCode))
            return exitCode != 0;
    }
    return false;
}

// The thread id a spawn_agent output names ({"agent_id": "..."}), or empty.
QByteArray spawnedAgent(dom::parser& scratch, dom::element output)
{
    std::string_view text;
    if (output.get_string().get(text) || text.empty() || text.front() != '{'
        || text.find("agent_id") == std::string_view::npos)
        return {};
    dom::element inner;
    if (scratch.parse(text.data(), text.size(), true).get(inner))
        return {};
    std::string_view id;
    if (inner["agent_id"].get_string().get(id))
        return {};
    return bytes(id);
}

// The thread's DOM parsers (threadparser.h): one for lines, one for JSON nested in strings (tool
// outputs).
dom::parser& lineParser()
{
    return threadParser<dom::parser, 0>();
}
dom::parser& nestedParser()
{
    return threadParser<dom::parser, 1>();
}
} // namespace

bool lessUsage(const CodexUsage& a, const CodexUsage& b)
{
    return std::tie(a.input, a.cached, a.output, a.reasoning, a.total)
        < std::tie(b.input, b.cached, b.output, b.reasoning, b.total);
}

struct CodexFileParser::Impl
{
    enum class Replay : qint32
    {
        None, // not a copy of another thread
        Active, // leading events may be the parent's, replayed
        Done
    };

    QString path;
    Options options;
    CodexRolloutIndex* rollouts = nullptr;
    // This thread's parsers (threadparser.h).
    dom::parser& parser = lineParser();
    dom::parser& scratch = nestedParser();

    // Carried across runs (saveState).
    QByteArray threadId;
    QByteArray parentId;
    QByteArray provider;
    QByteArray model; // from the latest turn_context; empty: none seen yet
    QByteArray agent = "main";
    bool isSubagent = false;
    qint64 createdMs = 0; // session_meta.payload.timestamp
    CodexTokenLedger ledger;
    Replay replay = Replay::None;
    qint32 replayIndex = 0;
    bool legacy = false;
    bool sawMeta = false;

    // Per run.
    bool fresh = false; // created without state: read from the start, or resumed without a state
    bool started = false; // a line was parsed
    bool observing = false; // read from the first line: the index records this rollout's totals
    CodexRolloutIndex::Totals observed; // while observing; handed to the index by finish()
    bool parentLoaded = false;
    std::vector<CodexUsage> parentVectors;
    QHash<QByteArray, size_t> callIndex; // call_id -> index in batch.toolCalls
    QSet<QByteArray> usageKeys; // keys in the current batch
    QHash<QByteArray, QByteArray> spawnMessages; // spawn_agent call_id -> its message, until the output
    StringInterner toolNames; // the file's tool names, each allocated once and shared by its calls

    int batchSession = -1; // this thread's index in the current batch's sessions; -1: not looked up

    // Every line asks, and the batch's table of sessions hashes the thread id: 2 % of a cold parse.
    int sessionIndex(IngestBatch& batch)
    {
        if (batchSession >= 0)
            return batchSession;
        if (threadId.isEmpty())
            threadId = "@" + path.toUtf8(); // no uuid in the name and no session_meta yet
        batchSession = batch.sessionIndex(threadId);
        return batchSession;
    }
    void setThreadId(std::string_view id)
    {
        threadId = bytes(id);
        batchSession = -1;
    }

    // The name session_index.jsonl gives this thread, offered when the rollout's head is read: a name
    // given before the rollout existed was skipped when its line was read (it named no known thread).
    void offerIndexedName(SessionUpdate& session) const
    {
        if (!rollouts)
            return;
        if (const CodexThreadName* name = rollouts->threadName(threadId))
            session.offerTitle(name->name, SessionUpdate::CustomTitle, name->ts);
    }

    void loadParent()
    {
        if (parentLoaded)
            return;
        parentLoaded = true;
        if (rollouts && !parentId.isEmpty())
            parentVectors = rollouts->totals(parentId, createdMs > 0 ? createdMs + 1000 : 0);
        std::sort(parentVectors.begin(), parentVectors.end(), lessUsage);
    }

    // Whether a snapshot with this thread total is the parent's history replayed into this rollout
    // (formats.md §3.5 step 3): the leading totals that the parent itself logged before this thread
    // was created, compared as vectors (a thread's totals never repeat, and a replay copies the
    // parent's re-emitted and stale snapshots too, so membership is the test, not position). Without
    // the parent's rollout, snapshots older than this thread are its parent's.
    bool isReplayed(const CodexUsage& total, qint64 ts)
    {
        if (replay != Replay::Active)
            return false;
        loadParent();
        if (!parentVectors.empty()) {
            if (std::binary_search(parentVectors.begin(), parentVectors.end(), total, lessUsage)) {
                ++replayIndex;
                return true;
            }
        } else if (createdMs > 0 && ts > 0 && ts < createdMs) {
            ++replayIndex;
            return true;
        }
        replay = Replay::Done;
        return false;
    }

    ToolCallRecord* callInBatch(IngestBatch& batch, std::string_view callId)
    {
        // Looked up without a copy: most ids are found, and the result then shares the call's.
        auto it = callIndex.constFind(QByteArray::fromRawData(callId.data(), qsizetype(callId.size())));
        if (it == callIndex.constEnd() || *it >= batch.toolCalls.size())
            return nullptr;
        ToolCallRecord& call = batch.toolCalls[*it];
        return call.sessionExternalId == threadId ? &call : nullptr;
    }

    void addCall(IngestBatch& batch, ToolCallRecord call)
    {
        callIndex.insert(call.toolUseId, batch.toolCalls.size());
        batch.toolCalls.push_back(std::move(call));
    }

    // Completes the call in this batch (callInBatch()), or, without one, hands the result to the store
    // for a call read earlier.
    void addResult(IngestBatch& batch, ToolCallRecord* call, ToolResultRecord result)
    {
        if (call) {
            if (call->hasResult) {
                // A second report of the same call (patch_apply_end, then the tool output): keep the
                // failure if either says so, and the child link if either names one.
                result.isError = result.isError || call->result.isError;
                if (result.childSessionExternalId.isEmpty())
                    result.childSessionExternalId = call->result.childSessionExternalId;
            }
            call->hasResult = true;
            call->result = std::move(result);
        } else {
            batch.toolResults.push_back(std::move(result));
        }
    }

    ToolCallRecord newCall(IngestBatch& batch, std::string_view callId, std::string_view name, qint64 ts,
        qint64 offset, int fileIndex)
    {
        ToolCallRecord call;
        call.sessionExternalId = threadId;
        call.sessionIndex = sessionIndex(batch);
        call.toolUseId = bytes(callId);
        call.name = toolNames.get(name);
        call.startTs = ts;
        call.byteOffset = offset;
        call.fileIndex = fileIndex;
        return call;
    }

    // A result for the call with this id; call: that call, when it is in this batch (its id is shared).
    ToolResultRecord newResult(std::string_view callId, const ToolCallRecord* call, qint64 ts, bool isError)
    {
        ToolResultRecord result;
        result.sessionExternalId = threadId;
        result.toolUseId = call ? call->toolUseId : bytes(callId);
        result.endTs = ts;
        result.isError = isError;
        return result;
    }
};

CodexFileParser::CodexFileParser(
    const QString& path, const QByteArray& state, Options options, CodexRolloutIndex* rollouts)
    : d(std::make_unique<Impl>())
{
    d->path = path;
    d->options = options;
    d->rollouts = rollouts;
    d->threadId = threadIdFromPath(path);
    d->fresh = state.isEmpty();
    // What the index kept of an earlier read is no longer this file's, even if no line follows.
    if (d->rollouts && d->fresh)
        d->rollouts->restartObserved(path);
    if (!state.isEmpty()) {
        QDataStream in(state);
        qint32 version = 0;
        in >> version;
        if (version == kStateVersion) {
            qint32 replay = 0;
            in >> d->threadId >> d->parentId >> d->provider >> d->model >> d->agent >> d->isSubagent
                >> d->createdMs >> d->ledger >> replay >> d->replayIndex >> d->legacy >> d->sawMeta;
            d->replay = Impl::Replay(replay);
        }
    }
}

void CodexFileParser::releaseThreadParsers()
{
    lineParser() = dom::parser();
    nestedParser() = dom::parser();
}

CodexFileParser::~CodexFileParser()
{
    trimThreadParser(lineParser());
    trimThreadParser(nestedParser());
}

QByteArray CodexFileParser::saveState() const
{
    // Read back by the constructor with QDataStream. 512 bytes hold a full ledger and ids of usual
    // lengths (about 410 bytes on the benchmark's rollouts).
    DataStreamWriter out(512);
    out << qint32(kStateVersion) << d->threadId << d->parentId << d->provider << d->model << d->agent
        << d->isSubagent << d->createdMs;
    d->ledger.writeTo(out);
    out << qint32(d->replay) << d->replayIndex << d->legacy << d->sawMeta;
    return out.take();
}

void CodexFileParser::finish(bool atEnd, const FileStamp& stamp)
{
    if (d->observing)
        d->rollouts->addObserved(d->path, std::move(d->observed), atEnd ? &stamp : nullptr);
    d->observing = false;
}

void CodexFileParser::startBatch()
{
    d->batchSession = -1;
    d->callIndex.clear();
    d->usageKeys.clear();
}

QByteArray CodexFileParser::threadIdFromPath(const QString& path)
{
    const QByteArray encoded = QFile::encodeName(path.mid(path.lastIndexOf(QLatin1Char('/')) + 1));
    std::string_view name(encoded.constData(), size_t(encoded.size()));
    if (name.ends_with(".zst"))
        name.remove_suffix(4);
    if (!name.ends_with(".jsonl"))
        return {};
    name.remove_suffix(6);
    // A uuid is 36 characters: 8-4-4-4-12.
    if (name.size() < 36)
        return {};
    const std::string_view uuid = name.substr(name.size() - 36);
    if (uuid[8] != '-' || uuid[13] != '-' || uuid[18] != '-' || uuid[23] != '-')
        return {};
    return QByteArray(uuid.data(), qsizetype(uuid.size()));
}

CodexFileParser::Result CodexFileParser::parseLine(std::string_view text, size_t capacity, qint64 offset,
    int fileIndex, IngestBatch& batch, QByteArray* reason)
{
    (void)capacity; // LineReader guarantees simdjson's padding
    auto malformed = [reason](const char* why) {
        if (reason)
            *reason = why;
        return Result::Malformed;
    };
    if (!d->started) {
        d->started = true;
        // Read from its first line, this rollout tells the index its thread totals as they come: a
        // child read later checks its replay against them instead of reading this file again.
        d->observing = d->rollouts && d->fresh && offset == 0;
    }
    size_t first = 0;
    while (first < text.size() && (text[first] == ' ' || text[first] == '\t'))
        ++first;
    if (first == text.size())
        return Result::Ignored;
    if (text[first] != '{')
        return malformed("not a JSON object");

    // Most of a rollout's bytes are model messages and reasoning, which carry nothing we use (prompts
    // come from event_msg user_message): recognise them from the envelope's fixed prefix and take only
    // their time, without building a DOM of the whole line.
    static constexpr std::string_view kTsPrefix = "{\"timestamp\":\"";
    static constexpr std::string_view kItemPrefix = "\",\"type\":\"response_item\",\"payload\":{\"type\":\"";
    // What every line but a message or reasoning item tells its session: its time and the agent.
    auto widenSession = [&](qint64 ts) {
        const int index = d->sessionIndex(batch);
        SessionUpdate& session = batch.sessions[size_t(index)];
        // A child's copy of its parent's history keeps the parent's times: the child began at its
        // creation.
        if (d->parentId.isEmpty() || ts >= d->createdMs)
            session.widen(ts);
        if (session.agent.isEmpty())
            session.agent = d->agent;
        return index;
    };
    if (first == 0 && text.starts_with(kTsPrefix) && text.size() > 120) {
        const size_t tsEnd = text.find('"', kTsPrefix.size());
        if (tsEnd != std::string_view::npos && tsEnd < 64) {
            // Token counts and command outputs in the layout Codex writes them are read without a DOM
            // too (CodexFastLine), with the same outcome as below.
            CodexFastLine::ToolOutput output;
            CodexFastLine::TokenCount count;
            if (text.substr(tsEnd, kItemPrefix.size()) == kItemPrefix) {
                const std::string_view itemType = text.substr(tsEnd + kItemPrefix.size(), 10);
                if (itemType.starts_with("message\"") || itemType.starts_with("reasoning\"")) {
                    const qint64 ts
                        = IsoTime::parseMs(text.substr(kTsPrefix.size(), tsEnd - kTsPrefix.size()));
                    if (ts > 0 && (d->parentId.isEmpty() || ts >= d->createdMs))
                        batch.sessions[size_t(d->sessionIndex(batch))].widen(ts);
                    return Result::Parsed;
                }
                if (CodexFastLine::readToolOutput(text, &output)) {
                    widenSession(output.timestampMs);
                    ToolCallRecord* call = d->callInBatch(batch, output.callId);
                    d->addResult(
                        batch, call, d->newResult(output.callId, call, output.timestampMs, output.isError));
                    return Result::Parsed;
                }
            } else if (CodexFastLine::readTokenCount(text, &count)) {
                const int sessionIndex = widenSession(count.timestampMs);
                if (!count.hasInfo)
                    return Result::Ignored; // a rate-limit-only event
                return countUsage({ count.total, count.last, true, true, false, false, {} },
                    count.timestampMs, sessionIndex, offset, fileIndex, batch, reason);
            }
        }
    }

    dom::element document;
    if (d->parser.parse(text.data(), text.size(), false).get(document))
        return malformed("invalid JSON");
    dom::object object;
    if (document.get_object().get(object))
        return malformed("invalid JSON");

    std::string_view timestamp, type;
    dom::element payloadElement;
    bool hasPayload = false;
    for (auto field : object) {
        const std::string_view key = field.key;
        if (key == "timestamp")
            timestamp = toString(field.value);
        else if (key == "type")
            type = toString(field.value);
        else if (key == "payload") {
            payloadElement = field.value;
            hasPayload = true;
        }
    }
    const qint64 ts = IsoTime::parseMs(timestamp);

    dom::object payload;
    if (!hasPayload) {
        // Rollouts older than ~Sept 2025 (formats.md §3.2): a bare session header first, then bare
        // response items and {"record_type":"state"} lines, with no envelope and no token counts.
        std::string_view id;
        if (offset == 0 && type.empty() && !object["id"].get_string().get(id)) {
            d->legacy = true;
            d->sawMeta = true;
            d->setThreadId(id);
            d->createdMs = ts;
            SessionUpdate& session = batch.sessions[size_t(d->sessionIndex(batch))];
            session.agent = d->agent;
            session.widen(ts);
            d->offerIndexedName(session);
            dom::object git;
            if (!object["git"].get_object().get(git)) {
                std::string_view branch;
                if (!git["branch"].get_string().get(branch))
                    session.gitBranch = bytes(branch);
            }
            return Result::Parsed;
        }
        if (type.empty())
            return Result::Ignored; // legacy state lines
        payload = object;
        payloadElement = document;
        type = "response_item";
    } else if (payloadElement.get_object().get(payload)) {
        return malformed("payload is not an object");
    }

    const int sessionIndex = widenSession(ts);

    if (type == "session_meta") {
        std::string_view id, cwd, version, provider, parent, forkedFrom, created, branch, role, nickname;
        int64_t depth = 0;
        std::string_view sourceText;
        for (auto field : payload) {
            const std::string_view key = field.key;
            dom::element v = field.value;
            if (key == "id")
                id = toString(v);
            else if (key == "cwd")
                cwd = toString(v);
            else if (key == "cli_version")
                version = toString(v);
            else if (key == "model_provider")
                provider = toString(v);
            else if (key == "forked_from_id")
                forkedFrom = toString(v);
            else if (key == "timestamp")
                created = toString(v);
            else if (key == "parent_thread_id")
                parent = toString(v);
            else if (key == "agent_role")
                role = toString(v);
            else if (key == "agent_nickname")
                nickname = toString(v);
            else if (key == "git") {
                dom::object git;
                if (!v.get_object().get(git))
                    branch = str(git, "branch");
            } else if (key == "source") {
                dom::object source;
                if (v.get_object().get(source)) {
                    sourceText = toString(v);
                    continue;
                }
                dom::element subagent;
                if (source["subagent"].get(subagent))
                    continue;
                dom::object spawn;
                std::string_view kind;
                if (!subagent.get_string().get(kind)) {
                    sourceText = kind; // review, compact, memory_consolidation, ...
                } else if (!subagent["thread_spawn"].get_object().get(spawn)) {
                    for (auto s : spawn) {
                        const std::string_view k = s.key;
                        if (k == "parent_thread_id")
                            parent = toString(s.value);
                        else if (k == "depth")
                            depth = intOr(simdjson_result<dom::element>(dom::element(s.value)), 0);
                        else if (k == "agent_role" && role.empty())
                            role = toString(s.value);
                        else if (k == "agent_nickname" && nickname.empty())
                            nickname = toString(s.value);
                    }
                } else {
                    dom::object other;
                    if (!subagent.get_object().get(other))
                        for (auto s : other) {
                            sourceText = s.key; // {"subagent":{"other":...}}
                            break;
                        }
                }
            }
        }
        if (d->sawMeta && !d->threadId.isEmpty() && id.empty())
            return Result::Parsed;
        // A rollout names itself once; later session_meta lines (a resumed thread) repeat it.
        const bool firstMeta = !d->sawMeta;
        d->sawMeta = true;
        // Key by the rollout's own thread id, never by session_id: a sub-agent's session_id is its
        // parent's (formats.md §10).
        if (!id.empty() && firstMeta && bytes(id) != d->threadId) {
            d->setThreadId(id);
        }
        SessionUpdate& session = batch.session(d->threadId);
        session.widen(ts);
        if (!provider.empty())
            d->provider = bytes(provider);
        if (firstMeta) {
            d->offerIndexedName(session);
            d->createdMs = IsoTime::parseMs(created);
            if (d->createdMs == 0)
                d->createdMs = ts;
            if (!parent.empty()) {
                d->parentId = bytes(parent);
                d->isSubagent = true;
                d->agent = !role.empty() ? bytes(role)
                    : !nickname.empty()  ? bytes(nickname)
                                         : QByteArray("subagent");
            } else if (!forkedFrom.empty()) {
                d->parentId = bytes(forkedFrom);
                d->agent = "fork";
            } else if (!sourceText.empty() && sourceText != "cli" && sourceText != "vscode"
                && sourceText != "exec" && sourceText != "mcp") {
                d->agent = bytes(sourceText);
            }
            if (!d->parentId.isEmpty())
                d->replay = Impl::Replay::Active;
        }
        session.agent = d->agent;
        if (!d->parentId.isEmpty()) {
            session.parentExternalId = d->parentId;
            session.isSidechain = d->isSubagent;
            session.spawnDepth = int(depth);
        }
        if (!cwd.empty())
            session.cwd = bytes(cwd);
        if (!branch.empty())
            session.gitBranch = bytes(branch);
        if (!version.empty())
            session.agentVersion = bytes(version);
        return Result::Parsed;
    }

    if (type == "turn_context") {
        std::string_view model = str(payload, "model");
        if (model.empty())
            model = str(payload, "model_name");
        if (model.empty()) {
            dom::object metadata;
            if (!payload["metadata"].get_object().get(metadata))
                model = str(metadata, "model");
        }
        if (!model.empty() && d->model != QByteArrayView(model.data(), qsizetype(model.size())))
            d->model = bytes(model);
        return Result::Parsed;
    }

    std::string_view payloadType = str(payload, "type");
    const bool isTokenCount = type == "event_msg" && payloadType == "token_count";
    if (isTokenCount || type == "token_usage_record") {
        // token_count: info.{total,last}_token_usage; token_usage_record (Codex 0.169, formats.md §10):
        // usage of one response with the thread's running total. Both describe the same requests, and
        // the ledger counts a thread total once, whichever form comes first.
        CodexUsage total, last;
        bool hasTotal = false, hasLast = false, bad = false, badTotal = false;
        std::string_view model;
        if (isTokenCount) {
            dom::object info;
            if (payload["info"].get_object().get(info))
                return Result::Ignored; // a rate-limit-only event
            for (auto field : info) {
                const std::string_view key = field.key;
                if (key == "total_token_usage")
                    hasTotal = toUsage(field.value, total, &badTotal);
                else if (key == "last_token_usage")
                    hasLast = toUsage(field.value, last, &bad);
                else if (key == "model")
                    model = toString(field.value);
            }
            if (model.empty())
                model = str(payload, "model");
        } else {
            for (auto field : payload) {
                const std::string_view key = field.key;
                if (key == "thread_token_usage")
                    hasTotal = toUsage(field.value, total, &badTotal);
                else if (key == "usage")
                    hasLast = toUsage(field.value, last, &bad);
                else if (key == "model")
                    model = toString(field.value);
            }
        }
        return countUsage({ total, last, hasTotal, hasLast, bad, badTotal, model }, ts, sessionIndex, offset,
            fileIndex, batch, reason);
    }

    SessionUpdate& session = batch.sessions[size_t(sessionIndex)];
    if (type == "event_msg") {
        if (payloadType == "user_message") {
            const std::string_view message = str(payload, "message");
            if (message.empty() || isHarnessText(message))
                return Result::Parsed;
            // A sub-agent or fork starts with a copy of its parent's history, prompts included; those
            // written before this thread existed are the parent's.
            if (!d->parentId.isEmpty() && ts > 0 && d->createdMs > 0 && ts < d->createdMs)
                return Result::Parsed;
            PromptRecord prompt;
            prompt.sessionExternalId = d->threadId;
            prompt.sessionIndex = sessionIndex;
            prompt.uuid = "@" + QByteArray::number(offset);
            prompt.ts = ts;
            prompt.length = qint64(message.size());
            if (d->options.storeContent) {
                prompt.text = bytes(message);
                session.offerTitle(
                    SessionUpdate::titleFromPrompt(prompt.text), SessionUpdate::FirstPrompt, ts);
            }
            batch.prompts.push_back(std::move(prompt));
        } else if (payloadType == "agent_message" || payloadType == "task_complete"
            || payloadType == "turn_complete") {
            const std::string_view message
                = str(payload, payloadType == "agent_message" ? "message" : "last_agent_message");
            if (!message.empty())
                session.offerOutput(d->options.storeContent ? bytes(message) : QByteArray(), ts);
            if (payloadType != "agent_message")
                session.status = "completed";
        } else if (payloadType == "turn_aborted") {
            session.status = "interrupted";
        } else if (payloadType == "patch_apply_end") {
            std::string_view callId = str(payload, "call_id");
            if (callId.empty())
                return Result::Parsed;
            bool success = true;
            if (payload["success"].get_bool().get(success))
                success = true;
            std::vector<ToolCallRecord::FileTouch> files;
            dom::object changes;
            if (!payload["changes"].get_object().get(changes)) {
                for (auto change : changes) {
                    std::string_view kind;
                    dom::object detail;
                    if (!change.value.get_object().get(detail))
                        kind = str(detail, "type");
                    const char* operation = kind == "add" ? "write" : kind == "delete" ? "delete" : "edit";
                    files.push_back({ bytes(change.key), operation });
                }
            }
            ToolCallRecord* call = d->callInBatch(batch, callId);
            if (call) {
                // The patch's own headers name the files already; the event only adds what they lack.
                if (call->filePath.isEmpty())
                    setFiles(*call, std::move(files));
                d->addResult(batch, call, d->newResult(callId, call, ts, !success));
            } else {
                // The call was read in an earlier batch (the store keeps its files and only takes this
                // result) or ran through the shell (this event is all there is).
                ToolCallRecord record = d->newCall(batch, callId, "apply_patch", ts, offset, fileIndex);
                setFiles(record, std::move(files));
                record.hasResult = true;
                record.result = d->newResult(callId, &record, ts, !success);
                d->addCall(batch, std::move(record));
            }
        } else if (payloadType == "mcp_tool_call_end" || payloadType == "exec_command_end"
            || payloadType == "web_search_end") {
            std::string_view callId = str(payload, "call_id");
            if (callId.empty())
                return Result::Parsed;
            bool isError = false;
            qint64 durationMs = -1;
            dom::object duration;
            if (!payload["duration"].get_object().get(duration)) {
                int64_t secs = 0, nanos = 0;
                secs = intOr(duration["secs"], 0);
                nanos = intOr(duration["nanos"], 0);
                // A duration beyond any log's time span is damage: unknown, not an overflow.
                if (secs >= 0 && secs <= IsoTime::kMaxMs / 1000 && nanos >= 0 && nanos < 1000000000)
                    durationMs = secs * 1000 + nanos / 1000000;
            }
            std::string name; // only needed when the event is the call: built below only then
            std::string_view server, tool;
            bool hasInvocation = false;
            if (payloadType == "mcp_tool_call_end") {
                dom::object result;
                if (!payload["result"].get_object().get(result)) {
                    dom::object ok;
                    bool flagged = false;
                    dom::element err;
                    if (!result["Err"].get(err))
                        isError = true;
                    else if (!result["Ok"].get_object().get(ok) && !ok["isError"].get_bool().get(flagged))
                        isError = flagged;
                }
                dom::object invocation;
                if (!payload["invocation"].get_object().get(invocation)) {
                    hasInvocation = true;
                    server = str(invocation, "server");
                    tool = str(invocation, "tool");
                }
            } else if (payloadType == "exec_command_end") {
                int64_t exitCode = 0;
                if (!payload["exit_code"].get_int64().get(exitCode))
                    isError = exitCode != 0;
            }
            if (ToolCallRecord* call = d->callInBatch(batch, callId)) {
                d->addResult(batch, call, d->newResult(callId, call, ts, isError));
            } else if (payloadType == "exec_command_end") {
                // Its function_call came first, in an earlier batch.
                d->addResult(batch, nullptr, d->newResult(callId, nullptr, ts, isError));
            } else {
                // MCP calls and web searches may have no call item of their own: the end event is the
                // call, started its recorded duration before.
                if (payloadType == "web_search_end")
                    name = "web_search";
                else if (hasInvocation)
                    name.append("mcp__").append(server).append("__").append(tool);
                ToolCallRecord record = d->newCall(
                    batch, callId, name, durationMs >= 0 ? ts - durationMs : ts, offset, fileIndex);
                record.hasResult = true;
                record.result = d->newResult(callId, &record, ts, isError);
                d->addCall(batch, std::move(record));
            }
        }
        return Result::Parsed;
    }

    if (type == "response_item") {
        if (d->legacy && payloadType == "message" && str(payload, "role") == "user") {
            // Legacy rollouts have no user_message events: the user's message item is the prompt.
            QByteArray text;
            dom::array content;
            if (!payload["content"].get_array().get(content)) {
                for (dom::element part : content) {
                    dom::object block;
                    if (part.get_object().get(block) || str(block, "type") != "input_text")
                        continue;
                    const std::string_view partText = str(block, "text");
                    if (partText.empty() || isHarnessText(partText))
                        continue;
                    if (!text.isEmpty())
                        text += '\n';
                    text += bytes(partText);
                }
            }
            if (!text.isEmpty()) {
                PromptRecord prompt;
                prompt.sessionExternalId = d->threadId;
                prompt.sessionIndex = sessionIndex;
                prompt.uuid = "@" + QByteArray::number(offset);
                prompt.ts = ts > 0 ? ts : d->createdMs;
                prompt.length = text.size();
                if (d->options.storeContent) {
                    batch.sessions[size_t(sessionIndex)].offerTitle(
                        SessionUpdate::titleFromPrompt(text), SessionUpdate::FirstPrompt, prompt.ts);
                    prompt.text = std::move(text);
                }
                batch.prompts.push_back(std::move(prompt));
            }
            return Result::Parsed;
        }
        if (payloadType == "function_call" || payloadType == "custom_tool_call") {
            const std::string_view callId = str(payload, "call_id");
            const std::string_view name = str(payload, "name");
            if (callId.empty())
                return Result::Parsed;
            ToolCallRecord call = d->newCall(batch, callId, name, ts, offset, fileIndex);
            const std::string_view input
                = str(payload, payloadType == "function_call" ? "arguments" : "input");
            if (name == "apply_patch") {
                std::string_view patch = input;
                // The function form wraps the patch in JSON arguments ({"input": "..."}).
                dom::element arguments;
                std::string_view inner;
                if (payloadType == "function_call" && !input.empty() && input.front() == '{'
                    && !d->scratch.parse(input.data(), input.size(), true).get(arguments)
                    && !arguments["input"].get_string().get(inner))
                    patch = inner;
                setFiles(call, patchFiles(patch));
            } else if (name == "spawn_agent" && !input.empty() && input.front() == '{') {
                dom::element arguments;
                std::string_view message;
                if (!d->scratch.parse(input.data(), input.size(), true).get(arguments)
                    && !arguments["message"].get_string().get(message) && d->spawnMessages.size() < 256)
                    d->spawnMessages.insert(call.toolUseId, bytes(message));
            }
            d->addCall(batch, std::move(call));
        } else if (payloadType == "function_call_output" || payloadType == "custom_tool_call_output") {
            const std::string_view callId = str(payload, "call_id");
            if (callId.empty())
                return Result::Parsed;
            dom::element output;
            if (payload["output"].get(output))
                return Result::Parsed;
            ToolCallRecord* call = d->callInBatch(batch, callId);
            ToolResultRecord result = d->newResult(callId, call, ts, outputIsError(d->scratch, output));
            const QByteArray child = spawnedAgent(d->scratch, output);
            if (!child.isEmpty()) {
                // spawn_agent answers with the child's thread id: link the call and name the task.
                result.childSessionExternalId = child;
                SessionUpdate& childSession = batch.session(child);
                childSession.parentExternalId = d->threadId;
                childSession.spawnToolUseId = result.toolUseId;
                childSession.isSidechain = true;
                auto message = d->spawnMessages.find(result.toolUseId);
                if (message != d->spawnMessages.end()) {
                    if (d->options.storeContent)
                        childSession.taskPrompt = *message;
                    d->spawnMessages.erase(message);
                }
            }
            d->addResult(batch, call, std::move(result));
        } else if (payloadType == "web_search_call") {
            std::string_view id = str(payload, "id");
            if (id.empty())
                id = str(payload, "call_id");
            if (!id.empty()) {
                ToolCallRecord call = d->newCall(batch, id, "web_search", ts, offset, fileIndex);
                std::string_view status = str(payload, "status");
                if (!status.empty() && status != "in_progress") {
                    call.hasResult = true;
                    call.result = d->newResult(id, &call, ts, status == "failed");
                }
                d->addCall(batch, std::move(call));
            }
        }
        return Result::Parsed;
    }
    return Result::Parsed;
}

CodexFileParser::Result CodexFileParser::countUsage(const UsageLine& line, qint64 ts, int sessionIndex,
    qint64 offset, int fileIndex, IngestBatch& batch, QByteArray* reason)
{
    auto malformed = [reason](const char* why) {
        if (reason)
            *reason = why;
        return Result::Malformed;
    };
    const CodexUsage& total = line.total;
    const CodexUsage& last = line.last;
    const bool hasTotal = line.hasTotal;
    const bool hasLast = line.hasLast;
    const std::string_view model = line.model;
    // Recorded as threadTotals() reads them: every well-formed thread total, whatever else the line holds.
    if (d->observing && hasTotal && !line.badTotal
        && (d->observed.empty() || !(d->observed.back().second == total)))
        d->observed.emplace_back(ts, total); // consecutive repeats collapse, as in threadTotals()
    if (line.bad || line.badTotal)
        return malformed("token count out of range");
    if (!hasTotal && !hasLast)
        return Result::Ignored;
    if (ts == 0)
        return malformed("missing or invalid timestamp");
    if (!model.empty() && d->model != QByteArrayView(model.data(), qsizetype(model.size())))
        d->model = bytes(model);
    const bool replayed = hasTotal && d->isReplayed(total, ts);
    const CodexTokenLedger::Step step
        = d->ledger.observe(hasTotal ? &total : nullptr, hasLast ? &last : nullptr);
    if (replayed || step.verdict != CodexTokenLedger::Verdict::Count)
        return Result::Parsed;
    if (d->replay == Impl::Replay::Active && !hasTotal)
        d->replay = Impl::Replay::Done;
    UsageRecord record;
    record.sessionExternalId = d->threadId;
    record.sessionIndex = sessionIndex;
    record.timestampMs = ts;
    record.model = d->model.isEmpty() ? kFallbackModel : d->model;
    record.provider = d->provider;
    record.tokens = step.usage.normalised();
    // One key per thread total (formats.md §3.5 step 4): re-reading, an archived copy, or the other
    // usage form of the same request all land on it.
    // Built in one allocation of its exact size.
    char usageKey[CodexUsage::kKeyChars];
    const std::string_view usageText = (hasTotal ? total : last).formatKey(usageKey);
    const QByteArray lastAt = hasTotal ? QByteArray() : "last@" + QByteArray::number(ts) + ':';
    QByteArray& key = record.recordKey;
    key.reserve(7 + d->threadId.size() + lastAt.size() + qsizetype(usageText.size()));
    key.append("codex:")
        .append(d->threadId)
        .append(':')
        .append(lastAt)
        .append(usageText.data(), qsizetype(usageText.size()));
    record.isSidechain = d->isSubagent;
    record.agent = d->agent;
    record.byteOffset = offset;
    record.fileIndex = fileIndex;
    if (d->usageKeys.contains(record.recordKey)) {
        ++m_duplicates;
        return Result::Parsed;
    }
    d->usageKeys.insert(record.recordKey);
    batch.usage.push_back(std::move(record));
    return Result::Parsed;
}

std::vector<std::pair<qint64, CodexUsage>> CodexFileParser::threadTotals(const QString& path)
{
    std::vector<std::pair<qint64, CodexUsage>> totals;
    LineReader reader;
    if (!reader.open(path, 0))
        return totals;
    dom::parser parser;
    LineReader::Line line;
    while (reader.next(line)) {
        const std::string_view text = line.text;
        CodexFastLine::TokenCount count;
        if (CodexFastLine::readTokenCount(text, &count)) {
            if (count.hasInfo && (totals.empty() || !(totals.back().second == count.total)))
                totals.emplace_back(count.timestampMs, count.total);
            continue;
        }
        const bool tokenCount = text.find("\"token_count\"") != std::string_view::npos;
        if (!tokenCount && text.find("\"token_usage_record\"") == std::string_view::npos)
            continue;
        dom::element document;
        dom::object object, payload;
        if (parser.parse(text.data(), text.size(), false).get(document) || document.get_object().get(object)
            || object["payload"].get_object().get(payload))
            continue;
        const qint64 ts = IsoTime::parseMs(str(object, "timestamp"));
        dom::element vector;
        const std::string_view type = str(object, "type");
        if (type == "token_usage_record") {
            if (payload["thread_token_usage"].get(vector))
                continue;
        } else if (type != "event_msg" || str(payload, "type") != "token_count"
            || payload["info"]["total_token_usage"].get(vector)) {
            continue; // the same test as parseLine's, whose totals CodexRolloutIndex::addObserved() keeps
        }
        CodexUsage total;
        bool bad = false;
        if (!toUsage(vector, total, &bad) || bad)
            continue;
        if (totals.empty() || !(totals.back().second == total))
            totals.emplace_back(ts, total);
    }
    return totals;
}

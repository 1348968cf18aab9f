// SPDX-License-Identifier: MIT
#include "geminifileparser.h"

#include "isotime.h"
#include "jsonvalue.h"

#include <QDataStream>
#include <QFileInfo>
#include <QHash>
#include <simdjson.h>
#include <vector>

using namespace simdjson;

// The DOM API, as in ClaudeFileParser: Debian's simdjson runs On-Demand on its scalar fallback only.

namespace {
using JsonValue::bytes;
using JsonValue::kMaxTokens;
using JsonValue::toString;

// Token counts beyond this are corrupt data, not usage, and would overflow sums.
struct ToolCall
{
    std::string_view id, name, status, timestamp, agentId, agentName, prompt, filePath;
    std::vector<std::string_view> morePaths; // read_many_files' `paths`
};

// One message record, as views into the parser's DOM (valid until the next parse).
struct Message
{
    std::string_view id, timestamp, type, model;
    std::vector<std::string_view> texts;
    bool hasTokens = false;
    bool badCount = false;
    qint64 input = 0, output = 0, cached = 0, thoughts = 0, tool = 0;
    std::vector<ToolCall> toolCalls;

    void clear()
    {
        std::vector<std::string_view> keptTexts = std::move(texts);
        std::vector<ToolCall> keptCalls = std::move(toolCalls);
        *this = Message();
        keptTexts.clear();
        keptCalls.clear();
        texts = std::move(keptTexts);
        toolCalls = std::move(keptCalls);
    }
};

// Session facts from a metadata line, a `$set` record or the legacy document's top level.
struct Metadata
{
    std::string_view sessionId, startTime, lastUpdated, kind, summary, firstDirectory;
    bool hasMessages = false;
    dom::array messages;
};

qint64 toCount(dom::element value, bool* bad)
{
    int64_t i = 0;
    if (!value.get_int64().get(i)) {
        if (i >= 0 && i <= kMaxTokens)
            return qint64(i);
    } else {
        double d = 0;
        if (!value.get_double().get(d) && d >= 0 && d <= double(kMaxTokens))
            return qint64(d); // also rejects NaN
        if (value.is_null())
            return 0;
    }
    *bad = true;
    return 0;
}

// A Gemini PartListUnion: a string, a part {text}, or an array of strings and parts.
void collectText(dom::element content, std::vector<std::string_view>& texts)
{
    switch (content.type()) {
    case dom::element_type::STRING:
        if (std::string_view s = toString(content); !s.empty())
            texts.push_back(s);
        break;
    case dom::element_type::OBJECT: {
        dom::element text;
        if (!content.at_key("text").get(text))
            if (std::string_view s = toString(text); !s.empty())
                texts.push_back(s);
        break;
    }
    case dom::element_type::ARRAY: {
        dom::array parts;
        if (content.get_array().get(parts))
            break;
        for (dom::element part : parts)
            if (part.type() != dom::element_type::ARRAY)
                collectText(part, texts);
        break;
    }
    default:
        break;
    }
}

// Key aliases as ccusage accepts them (formats.md §6.4).
void parseTokens(dom::element value, Message& message)
{
    dom::object tokens;
    if (value.get_object().get(tokens))
        return; // null (no usage yet) or garbage: no usage on this copy
    message.hasTokens = true;
    for (auto field : tokens) {
        const std::string_view key = field.key;
        if (key == "input" || key == "prompt" || key == "input_tokens" || key == "prompt_tokens")
            message.input = toCount(field.value, &message.badCount);
        else if (key == "output" || key == "candidates" || key == "output_tokens"
            || key == "candidates_tokens")
            message.output = toCount(field.value, &message.badCount);
        else if (key == "cached" || key == "cached_tokens")
            message.cached = toCount(field.value, &message.badCount);
        else if (key == "thoughts" || key == "reasoning" || key == "thoughts_tokens"
            || key == "reasoning_tokens")
            message.thoughts = toCount(field.value, &message.badCount);
        else if (key == "tool" || key == "tool_tokens")
            message.tool = toCount(field.value, &message.badCount);
    }
}

void parseArgs(dom::element value, ToolCall& call)
{
    dom::object args;
    if (value.get_object().get(args))
        return;
    for (auto field : args) {
        const std::string_view key = field.key;
        if (key == "file_path" || key == "absolute_path")
            call.filePath = toString(field.value);
        else if ((key == "path" || key == "dir_path") && call.filePath.empty())
            call.filePath = toString(field.value);
        else if (key == "paths") {
            dom::array paths;
            if (!field.value.get_array().get(paths))
                for (dom::element path : paths)
                    if (std::string_view p = toString(path); !p.empty())
                        call.morePaths.push_back(p);
        } else if (key == "agent_name" || key == "agentName" || key == "subagent_type")
            call.agentName = toString(field.value);
        else if (key == "prompt" || key == "task" || key == "objective")
            call.prompt = toString(field.value);
    }
}

void parseToolCalls(dom::element value, Message& message)
{
    dom::array calls;
    if (value.get_array().get(calls))
        return;
    for (dom::element element : calls) {
        dom::object object;
        if (element.get_object().get(object))
            continue;
        ToolCall call;
        for (auto field : object) {
            const std::string_view key = field.key;
            if (key == "id")
                call.id = toString(field.value);
            else if (key == "name")
                call.name = toString(field.value);
            else if (key == "status")
                call.status = toString(field.value);
            else if (key == "timestamp")
                call.timestamp = toString(field.value);
            else if (key == "agentId")
                call.agentId = toString(field.value);
            else if (key == "args")
                parseArgs(field.value, call);
        }
        message.toolCalls.push_back(std::move(call));
    }
}

void parseMessage(dom::object object, Message& message)
{
    message.clear();
    for (auto field : object) {
        const std::string_view key = field.key;
        if (key == "id")
            message.id = toString(field.value);
        else if (key == "timestamp")
            message.timestamp = toString(field.value);
        else if (key == "type")
            message.type = toString(field.value);
        else if (key == "model")
            message.model = toString(field.value);
        else if (key == "content")
            collectText(field.value, message.texts);
        else if (key == "tokens")
            parseTokens(field.value, message);
        else if (key == "toolCalls")
            parseToolCalls(field.value, message);
    }
}

void parseMetadata(dom::object object, Metadata& metadata)
{
    for (auto field : object) {
        const std::string_view key = field.key;
        if (key == "sessionId")
            metadata.sessionId = toString(field.value);
        else if (key == "startTime")
            metadata.startTime = toString(field.value);
        else if (key == "lastUpdated")
            metadata.lastUpdated = toString(field.value);
        else if (key == "kind")
            metadata.kind = toString(field.value);
        else if (key == "summary")
            metadata.summary = toString(field.value);
        else if (key == "directories") {
            dom::array directories;
            if (!field.value.get_array().get(directories))
                for (dom::element directory : directories) {
                    metadata.firstDirectory = toString(directory);
                    break;
                }
        } else if (key == "messages")
            metadata.hasMessages = !field.value.get_array().get(metadata.messages);
    }
}

// What the scheduler's final states mean for the stored call; anything else is still running.
enum class CallState
{
    Pending,
    Completed,
    Error,
    Cancelled
};

CallState callState(std::string_view status)
{
    if (status == "success")
        return CallState::Completed;
    if (status == "error")
        return CallState::Error;
    if (status == "cancelled")
        return CallState::Cancelled;
    return CallState::Pending;
}

const char* fileOperation(std::string_view tool)
{
    if (tool == "read_file" || tool == "read_many_files")
        return "read";
    if (tool == "write_file")
        return "write";
    if (tool == "replace" || tool == "edit")
        return "edit";
    if (tool == "glob" || tool == "grep" || tool == "search_file_content" || tool == "grep_search"
        || tool == "list_directory" || tool == "ls")
        return "search";
    return nullptr;
}

QByteArray joined(const std::vector<std::string_view>& parts)
{
    QByteArray text;
    for (std::string_view part : parts) {
        if (!text.isEmpty())
            text += '\n';
        text += bytes(part);
    }
    return text;
}

enum class Outcome
{
    Ok,
    BadCount,
    BadTime
};
} // namespace

struct GeminiFileParser::Impl
{
    GeminiFileContext context;
    SourceOptions options;
    dom::parser parser;
    Message message;
    // Carried across runs (saveState).
    QByteArray sessionId;
    QByteArray model;
    QByteArray cwdFallback;
    bool kindSubagent = false;
    // Per batch: where a key's record sits, so a later copy replaces it.
    QHash<QByteArray, size_t> usageIndex;
    QHash<QByteArray, size_t> callIndex;
    // Per file: whether a sub-agent transcript exists for an agentId, so copies stat once.
    QHash<QByteArray, bool> childExists;
    qint64 lastTs = 0;
    qint64* duplicates = nullptr;

    QByteArray currentSession() const { return sessionId.isEmpty() ? context.stemId : sessionId; }
    bool isChild() const { return context.isSubagent() || kindSubagent; }

    int touchSession(IngestBatch& batch)
    {
        const int index = batch.sessionIndex(currentSession());
        SessionUpdate& session = batch.sessions[size_t(index)];
        if (isChild()) {
            session.isSidechain = true;
            if (session.parentExternalId.isEmpty())
                session.parentExternalId = context.parentSessionId;
            if (session.agent.isEmpty())
                session.agent = "subagent"; // unless the parent's spawning call named it first
        } else if (session.agent.isEmpty()) {
            session.agent = "main";
        }
        if (session.cwd.isEmpty())
            session.cwd = context.projectRoot.isEmpty() ? cwdFallback : context.projectRoot;
        return index;
    }

    void applyMetadata(const Metadata& metadata, IngestBatch& batch)
    {
        if (!metadata.sessionId.empty())
            sessionId = bytes(metadata.sessionId);
        if (metadata.kind == "subagent")
            kindSubagent = true;
        if (!metadata.firstDirectory.empty() && cwdFallback.isEmpty())
            cwdFallback = bytes(metadata.firstDirectory);
        const qint64 start = IsoTime::parseMs(metadata.startTime);
        const qint64 updated = IsoTime::parseMs(metadata.lastUpdated);
        lastTs = std::max({ lastTs, start, updated });
        const int index = touchSession(batch);
        SessionUpdate& session = batch.sessions[size_t(index)];
        session.widen(start);
        session.widen(updated);
        if (!metadata.summary.empty())
            session.offerTitle(bytes(metadata.summary), SessionUpdate::Summary, lastTs);
    }

    bool childFileExists(const QByteArray& parent, const QByteArray& child)
    {
        const QByteArray key = parent + '/' + child;
        auto it = childExists.constFind(key);
        if (it != childExists.constEnd())
            return *it;
        const QString base = context.chatsDir + QLatin1Char('/') + QString::fromUtf8(key);
        const bool exists = QFileInfo::exists(base + QLatin1String(".jsonl"))
            || QFileInfo::exists(base + QLatin1String(".json"));
        childExists.insert(key, exists);
        return exists;
    }

    void addToolCall(const ToolCall& tc, qint64 messageTs, int sessionIndex, qint64 offset, int fileIndex,
        IngestBatch& batch)
    {
        const QByteArray sid = currentSession();
        ToolCallRecord call;
        call.sessionExternalId = sid;
        call.sessionIndex = sessionIndex;
        call.toolUseId = bytes(tc.id);
        call.name = bytes(tc.name);
        // The log records one time per call, when its record was last updated (the result). The
        // message that asked for it is the nearest earlier time, so it stands in for the start.
        const qint64 toolTs = IsoTime::parseMs(tc.timestamp);
        call.startTs = messageTs > 0 && (toolTs == 0 || messageTs < toolTs) ? messageTs : toolTs;
        call.byteOffset = offset;
        call.fileIndex = fileIndex;
        const char* operation = fileOperation(tc.name);
        if (!tc.filePath.empty()) {
            call.filePath = bytes(tc.filePath);
            if (operation)
                call.fileOperation = operation;
        }
        if (operation)
            for (std::string_view path : tc.morePaths) {
                if (call.filePath.isEmpty()) {
                    call.filePath = bytes(path);
                    call.fileOperation = operation;
                } else {
                    call.files.push_back({ bytes(path), operation });
                }
            }
        const CallState state = callState(tc.status);
        if (state != CallState::Pending) {
            call.hasResult = true;
            call.result.sessionExternalId = sid;
            call.result.toolUseId = call.toolUseId;
            call.result.endTs = toolTs;
            call.result.isError = state == CallState::Error;
            call.result.interrupted = state == CallState::Cancelled;
        }
        // A sub-agent run by this call: its transcript is chats/<this session>/<agentId>.jsonl.
        if (!tc.agentId.empty()) {
            const QByteArray childId = bytes(tc.agentId);
            if (childId != sid && childFileExists(sid, childId)) {
                const int parentDepth = batch.sessions[size_t(sessionIndex)].spawnDepth;
                SessionUpdate& child = batch.session(childId);
                if (child.parentExternalId.isEmpty())
                    child.parentExternalId = sid;
                child.isSidechain = true;
                if (child.agent.isEmpty() || child.agent == "subagent") {
                    child.agent = !tc.agentName.empty()                 ? bytes(tc.agentName)
                        : !tc.name.empty() && tc.name != "invoke_agent" ? bytes(tc.name)
                                                                        : QByteArray("subagent");
                }
                if (child.spawnToolUseId.isEmpty()) {
                    child.spawnToolUseId = call.toolUseId;
                    child.spawnDepth = parentDepth + 1;
                }
                if (options.storeContent && child.taskPrompt.isEmpty() && !tc.prompt.empty())
                    child.taskPrompt = bytes(tc.prompt);
                if (call.hasResult)
                    call.result.childSessionExternalId = childId;
            }
        }
        // Every copy of the message repeats its calls: the newest copy of a call replaces the older.
        const QByteArray key = sid + '\n' + call.toolUseId;
        auto existing = callIndex.constFind(key);
        if (existing != callIndex.constEnd()) {
            batch.toolCalls[*existing] = std::move(call);
        } else {
            callIndex.insert(key, batch.toolCalls.size());
            batch.toolCalls.push_back(std::move(call));
        }
    }

    Outcome handleMessage(const Message& m, qint64 offset, int fileIndex, int position, IngestBatch& batch)
    {
        const qint64 ts = IsoTime::parseMs(m.timestamp);
        const bool billed = m.type == "gemini" && m.hasTokens;
        if (billed && m.badCount)
            return Outcome::BadCount;
        if (billed && ts == 0)
            return Outcome::BadTime; // a request must fall on a day
        lastTs = std::max(lastTs, ts);
        const QByteArray sid = currentSession();
        const int index = touchSession(batch);
        batch.sessions[size_t(index)].widen(ts);
        // Records without an id cannot be matched with their copies; their position is their key.
        const QByteArray id = m.id.empty()
            ? "@" + QByteArray::number(offset) + ':' + QByteArray::number(position)
            : bytes(m.id);

        if (m.type == "user") {
            const QByteArray text = joined(m.texts);
            if (text.isEmpty())
                return Outcome::Ok; // e.g. function responses synced back from the history
            PromptRecord prompt;
            prompt.sessionExternalId = sid;
            prompt.sessionIndex = index;
            prompt.uuid = id;
            prompt.ts = ts;
            prompt.length = text.size();
            if (options.storeContent) {
                batch.sessions[size_t(index)].offerTitle(
                    SessionUpdate::titleFromPrompt(text), SessionUpdate::FirstPrompt, ts);
                prompt.text = text;
            }
            batch.prompts.push_back(std::move(prompt));
            return Outcome::Ok;
        }
        if (m.type == "error") {
            // formats.md §6.2: an `error` message is what the CLI showed when a request failed. It
            // names no model: the session's current one (the last `gemini` message's) stands in.
            if (ts == 0)
                return Outcome::Ok; // an event must fall on a day
            AgentEventRecord event;
            event.sessionExternalId = sid;
            event.sessionIndex = index;
            event.ts = ts;
            event.kind = "error";
            event.model = model;
            event.setMessage(joined(m.texts), options.storeContent);
            event.agent = batch.sessions[size_t(index)].agent;
            event.eventKey = "gemini:" + sid + ':' + id;
            event.byteOffset = offset;
            event.fileIndex = fileIndex;
            batch.events.push_back(std::move(event));
            return Outcome::Ok;
        }
        if (m.type != "gemini")
            return Outcome::Ok; // info, warning: shown to the user, never billed
        if (!m.model.empty() && model != QByteArrayView(m.model.data(), qsizetype(m.model.size())))
            model = bytes(m.model);
        if (billed) {
            UsageRecord record;
            record.sessionExternalId = sid;
            record.sessionIndex = index;
            record.timestampMs = ts;
            record.model = model;
            record.provider = "google";
            // formats.md §1.1: input (promptTokenCount) includes the cached tokens; the tool-use prompt
            // is prompt input on top of it; thoughts are disjoint from output and billed as output.
            record.tokens.input = m.input - std::min(m.input, m.cached) + m.tool;
            record.tokens.cacheRead = m.cached;
            record.tokens.output = m.output;
            record.tokens.reasoning = m.thoughts;
            record.recordKey = "gemini:" + sid + ':' + id;
            record.lastCopyWins = true;
            record.isSidechain = isChild();
            record.agent = batch.sessions[size_t(index)].agent;
            record.byteOffset = offset;
            record.fileIndex = fileIndex;
            auto existing = usageIndex.constFind(record.recordKey);
            if (existing != usageIndex.constEnd()) {
                batch.usage[*existing] = std::move(record);
                ++*duplicates;
            } else {
                usageIndex.insert(record.recordKey, batch.usage.size());
                batch.usage.push_back(std::move(record));
            }
        }
        for (const ToolCall& call : m.toolCalls)
            if (!call.id.empty())
                addToolCall(call, ts, index, offset, fileIndex, batch);
        if (options.storeContent && !m.texts.empty())
            batch.sessions[size_t(index)].offerOutput(joined(m.texts), ts);
        return Outcome::Ok;
    }

    // A history snapshot or the legacy document: copies of messages, keyed like any other copy. A
    // damaged message is skipped; the rest of the array still counts.
    void handleMessages(dom::array messages, qint64 offset, int fileIndex, IngestBatch& batch)
    {
        int position = 0;
        for (dom::element element : messages) {
            ++position;
            dom::object object;
            if (element.get_object().get(object))
                continue;
            parseMessage(object, message);
            handleMessage(message, offset, fileIndex, position, batch);
        }
    }
};

GeminiFileParser::GeminiFileParser(GeminiFileContext context, SourceOptions options, const QByteArray& state)
    : d(std::make_unique<Impl>())
{
    d->context = std::move(context);
    d->options = options;
    d->duplicates = &m_duplicates;
    if (!state.isEmpty()) {
        QDataStream in(state);
        quint8 version = 0;
        in >> version;
        if (version == 1)
            in >> d->sessionId >> d->model >> d->cwdFallback >> d->kindSubagent >> d->lastTs;
        if (in.status() != QDataStream::Ok) {
            d->sessionId.clear();
            d->model.clear();
            d->cwdFallback.clear();
            d->kindSubagent = false;
            d->lastTs = 0;
        }
    }
}

GeminiFileParser::~GeminiFileParser() = default;

QByteArray GeminiFileParser::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << quint8(1) << d->sessionId << d->model << d->cwdFallback << d->kindSubagent << d->lastTs;
    return state;
}

void GeminiFileParser::startBatch()
{
    d->usageIndex.clear();
    d->callIndex.clear();
}

GeminiFileParser::Result GeminiFileParser::parseLine(std::string_view text, size_t capacity, qint64 offset,
    int fileIndex, IngestBatch& batch, QByteArray* reason)
{
    auto malformed = [reason](const char* why) {
        if (reason)
            *reason = why;
        return Result::Malformed;
    };
    size_t first = 0;
    while (first < text.size()
        && (text[first] == ' ' || text[first] == '\t' || text[first] == '\r' || text[first] == '\n'))
        ++first;
    if (first == text.size())
        return Result::Ignored; // blank line (or an empty document being written)
    if (text[first] != '{')
        return malformed("not a JSON object");

    dom::element document;
    error_code error;
    if (capacity >= text.size() + SIMDJSON_PADDING) {
        error = d->parser.parse(text.data(), text.size(), false).get(document);
    } else {
        error = d->parser.parse(padded_string(text.data(), text.size())).get(document);
    }
    dom::object object;
    if (error || document.get_object().get(object))
        return malformed("invalid JSON");

    if (d->context.isDocument) {
        // Legacy ConversationRecord: the session facts, then its messages in order.
        Metadata metadata;
        parseMetadata(object, metadata);
        if (metadata.sessionId.empty() && !metadata.hasMessages)
            return Result::Ignored; // some other JSON document
        d->applyMetadata(metadata, batch);
        if (metadata.hasMessages)
            d->handleMessages(metadata.messages, offset, fileIndex, batch);
        return Result::Parsed;
    }

    bool isMessage = false, isSet = false, isRewind = false, isMetadata = false;
    for (auto field : object) {
        const std::string_view key = field.key;
        if (key == "id")
            isMessage = field.value.is_string();
        else if (key == "$set")
            isSet = field.value.is_object();
        else if (key == "$rewindTo")
            isRewind = true;
        else if (key == "sessionId")
            isMetadata = true;
    }
    if (isRewind) {
        // The CLI hides the rewound messages, but they were billed: they stay counted (as ccusage does).
        return Result::Parsed;
    }
    if (isSet) {
        dom::object set;
        if (object.at_key("$set").get_object().get(set))
            return malformed("invalid JSON");
        Metadata metadata;
        parseMetadata(set, metadata);
        d->applyMetadata(metadata, batch);
        // --resume restates the history (formats.md §10): the same keys, so nothing is added twice.
        if (metadata.hasMessages)
            d->handleMessages(metadata.messages, offset, fileIndex, batch);
        return Result::Parsed;
    }
    if (isMessage) {
        parseMessage(object, d->message);
        switch (d->handleMessage(d->message, offset, fileIndex, 0, batch)) {
        case Outcome::Ok:
            return Result::Parsed;
        case Outcome::BadCount:
            return malformed("token count out of range");
        case Outcome::BadTime:
            return malformed("missing or invalid timestamp");
        }
    }
    if (isMetadata) {
        Metadata metadata;
        parseMetadata(object, metadata);
        d->applyMetadata(metadata, batch);
        return Result::Parsed;
    }
    return Result::Ignored;
}

// SPDX-License-Identifier: MIT
#include "openclaweventparser.h"

#include "isotime.h"
#include "jsonvalue.h"
#include "openclawfilecontext.h"

#include <optional>
#include <QDataStream>
#include <QHash>
#include <QIODevice>
#include <simdjson.h>
#include <vector>

using namespace simdjson;

namespace {
using JsonValue::bytes;
using JsonValue::kMaxTokens;
using JsonValue::toCount;
using JsonValue::toString;

// Bumped whenever saveState()'s layout changes; an unknown state is ignored (the model is then
// re-learnt from the next model line or message).
constexpr quint8 kStateVersion = 1;

// message.timestamp is epoch ms in pi's format; tolerate an ISO string too.
qint64 toMs(dom::element value)
{
    if (value.is_number())
        return JsonValue::toEpochMs(value);
    return IsoTime::parseMs(toString(value));
}

struct ToolCall
{
    std::string_view id, name, path, task;
};

// The fields of one event that are used, as views into the DOM (valid until the next parse).
struct Event
{
    std::string_view type, id, timestamp, cwd, parentSession, provider, modelId, customType, name;
    // data{} of custom / session_info
    std::string_view dataProvider, dataModel, dataName;
    // message
    bool hasMessage = false;
    std::string_view role, model, messageProvider, toolCallId, toolName, contentString, childSessionKey;
    std::string_view stopReason, errorMessage; // assistant: "error" and its text when a request failed
    qint64 messageTs = 0;
    bool isError = false;
    bool hasUsage = false, badCount = false;
    qint64 input = 0, output = 0, cacheRead = 0, cacheWrite = 0, totalTokens = 0;
    std::optional<double> cost;
    std::vector<ToolCall> calls;
    std::vector<std::string_view> texts;

    void clear()
    {
        std::vector<ToolCall> c = std::move(calls);
        std::vector<std::string_view> t = std::move(texts);
        *this = Event();
        c.clear();
        t.clear();
        calls = std::move(c);
        texts = std::move(t);
    }
};

void parseArguments(dom::element value, ToolCall& call)
{
    dom::object arguments;
    if (value.get_object().get(arguments))
        return;
    for (auto field : arguments) {
        const std::string_view key = field.key;
        if (key == "path" || key == "file_path" || key == "filePath") {
            if (call.path.empty())
                call.path = toString(field.value);
        } else if (key == "task") {
            call.task = toString(field.value);
        }
    }
}

void parseContent(dom::element value, Event& event)
{
    if (value.type() == dom::element_type::STRING) {
        event.contentString = toString(value);
        return;
    }
    dom::array blocks;
    if (value.get_array().get(blocks))
        return;
    for (dom::element element : blocks) {
        dom::object block;
        if (element.get_object().get(block))
            continue;
        std::string_view type, text;
        ToolCall call;
        for (auto field : block) {
            const std::string_view key = field.key;
            if (key == "type")
                type = toString(field.value);
            else if (key == "text")
                text = toString(field.value);
            else if (key == "id")
                call.id = toString(field.value);
            else if (key == "name")
                call.name = toString(field.value);
            else if (key == "arguments")
                parseArguments(field.value, call);
        }
        if (type == "toolCall")
            event.calls.push_back(call);
        else if (type == "text" && !text.empty())
            event.texts.push_back(text);
    }
}

void parseUsage(dom::element value, Event& event)
{
    dom::object usage;
    if (value.get_object().get(usage))
        return;
    event.hasUsage = true;
    auto count = [&event](dom::element v) {
        const qint64 n = toCount(v);
        if (n < 0)
            event.badCount = true;
        return std::max<qint64>(n, 0);
    };
    for (auto field : usage) {
        const std::string_view key = field.key;
        if (key == "input")
            event.input = count(field.value);
        else if (key == "output")
            event.output = count(field.value);
        else if (key == "cacheRead")
            event.cacheRead = count(field.value);
        else if (key == "cacheWrite")
            event.cacheWrite = count(field.value);
        else if (key == "totalTokens")
            event.totalTokens = count(field.value);
        else if (key == "cost") {
            dom::object cost;
            if (field.value.get_object().get(cost))
                continue;
            for (auto part : cost) {
                double total = 0;
                if (part.key == "total" && !part.value.get_double().get(total))
                    event.cost = total;
            }
        }
    }
}

void parseDetails(dom::element value, Event& event)
{
    dom::object details;
    if (value.get_object().get(details))
        return;
    for (auto field : details)
        if (field.key == "childSessionKey")
            event.childSessionKey = toString(field.value);
}

void parseMessage(dom::element value, Event& event)
{
    dom::object message;
    if (value.get_object().get(message))
        return;
    event.hasMessage = true;
    for (auto field : message) {
        const std::string_view key = field.key;
        dom::element v = field.value;
        if (key == "role")
            event.role = toString(v);
        else if (key == "content")
            parseContent(v, event);
        else if (key == "model" || (key == "modelId" && event.model.empty()))
            event.model = toString(v);
        else if (key == "provider")
            event.messageProvider = toString(v);
        else if (key == "usage")
            parseUsage(v, event);
        else if (key == "timestamp")
            event.messageTs = toMs(v);
        else if (key == "toolCallId")
            event.toolCallId = toString(v);
        else if (key == "toolName")
            event.toolName = toString(v);
        else if (key == "stopReason")
            event.stopReason = toString(v);
        else if (key == "errorMessage")
            event.errorMessage = toString(v);
        else if (key == "isError") {
            bool b = false;
            event.isError = !v.get_bool().get(b) && b;
        } else if (key == "details")
            parseDetails(v, event);
    }
}

void parseData(dom::element value, Event& event)
{
    dom::object data;
    if (value.get_object().get(data))
        return;
    for (auto field : data) {
        const std::string_view key = field.key;
        if (key == "provider")
            event.dataProvider = toString(field.value);
        else if (key == "modelId" || (key == "model" && event.dataModel.empty()))
            event.dataModel = toString(field.value);
        else if (key == "name")
            event.dataName = toString(field.value);
    }
}

void parseEvent(dom::object object, Event& event)
{
    for (auto field : object) {
        const std::string_view key = field.key;
        dom::element v = field.value;
        if (key == "type")
            event.type = toString(v);
        else if (key == "id")
            event.id = toString(v);
        else if (key == "timestamp")
            event.timestamp = toString(v);
        else if (key == "message")
            parseMessage(v, event);
        else if (key == "cwd")
            event.cwd = toString(v);
        else if (key == "parentSession")
            event.parentSession = toString(v);
        else if (key == "provider")
            event.provider = toString(v);
        else if (key == "modelId")
            event.modelId = toString(v);
        else if (key == "customType")
            event.customType = toString(v);
        else if (key == "data")
            parseData(v, event);
        else if (key == "name")
            event.name = toString(v);
    }
}

// pi's header names the parent session by its file path (a fork) or its id.
QByteArray sessionIdOfReference(std::string_view reference)
{
    const size_t slash = reference.find_last_of('/');
    if (slash != std::string_view::npos)
        reference.remove_prefix(slash + 1);
    const size_t jsonl = reference.find(".jsonl");
    if (jsonl != std::string_view::npos && jsonl > 0)
        reference = reference.substr(0, jsonl);
    return bytes(reference);
}

const char* fileOperation(std::string_view tool)
{
    if (tool == "read" || tool == "Read")
        return "read";
    if (tool == "write" || tool == "Write")
        return "write";
    if (tool == "edit" || tool == "Edit" || tool == "multi_edit" || tool == "apply_patch")
        return "edit";
    if (tool == "grep" || tool == "find" || tool == "ls" || tool == "glob")
        return "search";
    return nullptr;
}

// "childSessionKey":"<key>" inside a text block of a tool result.
QByteArray keyFromText(const Event& event)
{
    constexpr std::string_view marker = "\"childSessionKey\"";
    std::vector<std::string_view> parts = event.texts;
    if (!event.contentString.empty())
        parts.push_back(event.contentString);
    for (std::string_view text : parts) {
        size_t at = text.find(marker);
        if (at == std::string_view::npos)
            continue;
        at = text.find('"', text.find(':', at + marker.size()));
        if (at == std::string_view::npos)
            continue;
        const size_t end = text.find('"', at + 1);
        if (end != std::string_view::npos)
            return bytes(text.substr(at + 1, end - at - 1));
    }
    return {};
}
} // namespace

struct OpenClawEventParser::Impl
{
    SourceOptions options;
    KeyResolver resolver;
    dom::parser parser;
    Event event;
    QByteArray sessionId;
    QByteArray agentId;
    // Cross-event state, saved with the cursor.
    QByteArray model;
    QByteArray provider;
    qint64 forkPointMs = 0; // the header's time: messages older than it are copies (forks)
    QHash<QByteArray, QByteArray> spawnTasks; // sessions_spawn call id -> its task, until the result
    // In-batch index of tool calls, to embed a result in its call.
    QHash<QByteArray, size_t> callIndex;
};

OpenClawEventParser::OpenClawEventParser(SourceOptions options, KeyResolver resolver)
    : d(std::make_unique<Impl>())
{
    d->options = options;
    d->resolver = std::move(resolver);
}

OpenClawEventParser::~OpenClawEventParser() = default;

void OpenClawEventParser::beginSession(const QByteArray& sessionId, const QByteArray& agentId)
{
    d->sessionId = sessionId;
    d->agentId = agentId;
    d->model.clear();
    d->provider.clear();
    d->forkPointMs = 0;
    d->spawnTasks.clear();
}

void OpenClawEventParser::startBatch()
{
    d->callIndex.clear();
}

QByteArray OpenClawEventParser::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kStateVersion << d->model << d->provider << d->forkPointMs << d->spawnTasks;
    return state;
}

void OpenClawEventParser::restoreState(const QByteArray& state)
{
    if (state.isEmpty())
        return;
    QDataStream in(state);
    quint8 version = 0;
    in >> version;
    if (version != kStateVersion)
        return;
    QByteArray model, provider;
    qint64 forkPoint = 0;
    QHash<QByteArray, QByteArray> tasks;
    in >> model >> provider >> forkPoint >> tasks;
    if (in.status() != QDataStream::Ok)
        return;
    d->model = model;
    d->provider = provider;
    d->forkPointMs = forkPoint;
    d->spawnTasks = tasks;
}

LineParser::Result OpenClawEventParser::parse(std::string_view text, size_t capacity, qint64 offset,
    int fileIndex, IngestBatch& batch, QByteArray* reason)
{
    auto malformed = [reason](const char* why) {
        if (reason)
            *reason = why;
        return LineParser::Result::Malformed;
    };
    size_t first = 0;
    while (first < text.size() && (text[first] == ' ' || text[first] == '\t' || text[first] == '\r'))
        ++first;
    if (first == text.size())
        return LineParser::Result::Ignored;
    if (text[first] != '{')
        return malformed("not a JSON object");
    (void)capacity; // callers guarantee simdjson's padding
    dom::element document;
    if (d->parser.parse(text.data(), text.size(), false).get(document))
        return malformed("invalid JSON");
    dom::object object;
    if (document.get_object().get(object))
        return malformed("invalid JSON");
    Event& event = d->event;
    event.clear();
    parseEvent(object, event);
    if (event.badCount)
        return malformed("token count out of range");

    const qint64 entryTs = IsoTime::parseMs(event.timestamp);
    const int sessionIndex = batch.sessionIndex(d->sessionId);
    SessionUpdate& session = batch.sessions[size_t(sessionIndex)];
    if (session.agent.isEmpty())
        session.agent = d->agentId;

    if (event.type == "session") {
        d->forkPointMs = entryTs;
        session.widen(entryTs);
        if (!event.cwd.empty())
            session.cwd = bytes(event.cwd);
        if (!event.parentSession.empty()) {
            const QByteArray parent = sessionIdOfReference(event.parentSession);
            if (!parent.isEmpty() && parent != d->sessionId)
                session.parentExternalId = parent;
        }
        return LineParser::Result::Parsed;
    }
    if (event.type == "model_change" || (event.type == "custom" && event.customType == "model-snapshot")) {
        const std::string_view model = event.type == "custom" ? event.dataModel : event.modelId;
        const std::string_view provider = event.type == "custom" ? event.dataProvider : event.provider;
        if (!model.empty())
            d->model = bytes(model);
        if (!provider.empty())
            d->provider = bytes(provider);
        return LineParser::Result::Parsed;
    }
    if (event.type == "session_info") {
        const std::string_view name = event.name.empty() ? event.dataName : event.name;
        session.offerTitle(bytes(name), SessionUpdate::CustomTitle, entryTs);
        return LineParser::Result::Parsed;
    }
    if (event.type != "message" || !event.hasMessage)
        return LineParser::Result::Parsed; // tree bookkeeping: compaction, labels, thinking level, ...

    const qint64 ts = event.messageTs > 0 ? event.messageTs : entryTs;
    // A message older than its session's header was copied from the parent: a fork's history, or the
    // transcript a context:"fork" sub-agent starts with (formats.md §5.5). Its request was billed in
    // the parent; counting it here would bill it twice.
    if (d->forkPointMs > 0 && ts > 0 && ts < d->forkPointMs) {
        if (event.role == "assistant" && event.hasUsage)
            ++m_duplicates;
        return LineParser::Result::Ignored;
    }
    session.widen(ts);

    if (event.role == "assistant") {
        const QByteArrayView messageModel(event.model.data(), qsizetype(event.model.size()));
        // OpenClaw mirrors a reply delivered to a channel back into the transcript as an assistant
        // message of provider "openclaw", model "delivery-mirror", with an all-zero usage: a copy of an
        // answer, not a request.
        if (messageModel == "delivery-mirror")
            return LineParser::Result::Ignored;
        if (ts <= 0 && event.hasUsage)
            return malformed("missing or invalid timestamp");
        // formats.md §5.2: a failed request ends with stopReason "error" and an errorMessage.
        if ((event.stopReason == "error" || !event.errorMessage.empty()) && ts > 0) {
            AgentEventRecord error;
            error.sessionExternalId = d->sessionId;
            error.sessionIndex = sessionIndex;
            error.ts = ts;
            error.kind = "error";
            error.model = messageModel.isEmpty() ? d->model : messageModel.toByteArray();
            error.setMessage(bytes(event.errorMessage), d->options.storeContent);
            error.agent = d->agentId;
            if (event.id.empty())
                error.eventKey = "openclaw:" + d->sessionId + ":@" + QByteArray::number(ts) + ":error";
            else
                error.eventKey = "openclaw:" + d->sessionId + ':' + bytes(event.id);
            error.byteOffset = offset;
            error.fileIndex = fileIndex;
            batch.events.push_back(std::move(error));
        }
        if (event.hasUsage) {
            TokenCounts tokens;
            tokens.input = event.input;
            tokens.output = event.output;
            tokens.cacheRead = event.cacheRead;
            tokens.cacheWrite5m = event.cacheWrite;
            // ccusage: a usage with no split but a total is all output.
            if (tokens.isZero() && event.totalTokens > 0)
                tokens.output = event.totalTokens;
            if (!tokens.isZero()) {
                UsageRecord record;
                record.sessionExternalId = d->sessionId;
                record.sessionIndex = sessionIndex;
                record.timestampMs = ts;
                if (!messageModel.isEmpty() && messageModel != d->model)
                    d->model = messageModel.toByteArray();
                record.model = d->model;
                if (!event.messageProvider.empty())
                    d->provider = bytes(event.messageProvider);
                record.provider = d->provider;
                record.tokens = tokens;
                record.loggedCost = event.cost;
                if (!event.id.empty()) {
                    record.recordKey = "openclaw:" + d->sessionId + ':' + bytes(event.id);
                } else {
                    // No entry id: the content is the key, the same wherever the event is read.
                    record.recordKey = "openclaw:" + d->sessionId + ":@" + QByteArray::number(ts) + ':'
                        + QByteArray::number(tokens.input) + ':' + QByteArray::number(tokens.output) + ':'
                        + QByteArray::number(tokens.cacheRead) + ':'
                        + QByteArray::number(tokens.cacheWrite5m);
                }
                record.agent = d->agentId;
                record.byteOffset = offset;
                record.fileIndex = fileIndex;
                batch.usage.push_back(std::move(record));
            }
        }
        // Tool calls start when the message is complete: the entry's time, not the request's start.
        const qint64 callTs = entryTs > 0 ? entryTs : ts;
        for (const ToolCall& use : event.calls) {
            if (use.id.empty())
                continue;
            ToolCallRecord call;
            call.sessionExternalId = d->sessionId;
            call.sessionIndex = sessionIndex;
            call.toolUseId = bytes(use.id);
            call.name = bytes(use.name);
            call.startTs = callTs;
            call.filePath = bytes(use.path);
            if (const char* operation = fileOperation(use.name); operation && !use.path.empty())
                call.fileOperation = operation;
            call.byteOffset = offset;
            call.fileIndex = fileIndex;
            if (use.name == "sessions_spawn")
                d->spawnTasks.insert(call.toolUseId, bytes(use.task));
            d->callIndex.insert(call.toolUseId, batch.toolCalls.size());
            batch.toolCalls.push_back(std::move(call));
        }
        if (d->options.storeContent && !event.texts.empty()) {
            QByteArray answer;
            for (std::string_view part : event.texts) {
                if (!answer.isEmpty())
                    answer += '\n';
                answer += bytes(part);
            }
            session.offerOutput(answer, ts);
        }
        return LineParser::Result::Parsed;
    }

    if (event.role == "toolResult") {
        if (event.toolCallId.empty())
            return LineParser::Result::Parsed;
        ToolResultRecord result;
        result.sessionExternalId = d->sessionId;
        result.toolUseId = bytes(event.toolCallId);
        result.endTs = ts;
        result.isError = event.isError;
        auto spawn = d->spawnTasks.find(result.toolUseId);
        if (spawn != d->spawnTasks.end()) {
            // sessions_spawn answers {status, runId, childSessionKey}; the key names the child's store entry.
            // Older versions put it only in the text content, as JSON.
            const QByteArray childKey
                = event.childSessionKey.empty() ? keyFromText(event) : bytes(event.childSessionKey);
            const QByteArray child
                = childKey.isEmpty() || !d->resolver ? QByteArray() : d->resolver(childKey);
            if (!child.isEmpty() && child != d->sessionId) {
                result.childSessionExternalId = child;
                SessionUpdate& childSession = batch.session(child);
                if (childSession.agent.isEmpty()) {
                    const QByteArray agent = OpenClawFileContext::agentOfKey(childKey);
                    childSession.agent = agent.isEmpty() ? d->agentId : agent;
                }
                childSession.isSidechain = true;
                childSession.spawnDepth = std::max(1, OpenClawFileContext::depthOfKey(childKey));
                if (d->options.storeContent && !spawn->isEmpty())
                    childSession.taskPrompt = *spawn;
            }
            d->spawnTasks.erase(spawn);
        }
        auto call = d->callIndex.constFind(result.toolUseId);
        if (call != d->callIndex.constEnd() && batch.toolCalls[*call].sessionExternalId == d->sessionId
            && !batch.toolCalls[*call].hasResult) {
            batch.toolCalls[*call].hasResult = true;
            batch.toolCalls[*call].result = std::move(result);
        } else {
            batch.toolResults.push_back(std::move(result));
        }
        return LineParser::Result::Parsed;
    }

    if (event.role == "user") {
        QByteArray prompt;
        if (!event.contentString.empty()) {
            prompt = bytes(event.contentString);
        } else {
            for (std::string_view part : event.texts) {
                if (!prompt.isEmpty())
                    prompt += '\n';
                prompt += bytes(part);
            }
        }
        if (prompt.trimmed().isEmpty())
            return LineParser::Result::Parsed;
        PromptRecord record;
        record.sessionExternalId = d->sessionId;
        record.sessionIndex = sessionIndex;
        record.uuid = event.id.empty() ? "@" + QByteArray::number(ts) : bytes(event.id);
        record.ts = ts;
        record.length = prompt.size();
        if (d->options.storeContent) {
            session.offerTitle(SessionUpdate::titleFromPrompt(prompt), SessionUpdate::FirstPrompt, ts);
            record.text = std::move(prompt);
        }
        batch.prompts.push_back(std::move(record));
        return LineParser::Result::Parsed;
    }
    return LineParser::Result::Parsed;
}

// SPDX-License-Identifier: MIT
#include "opencodemessageparser.h"

#include "isotime.h"
#include "jsonvalue.h"

#include <QHash>
#include <simdjson.h>
#include <vector>

using namespace simdjson;

// The DOM API, as in ClaudeFileParser: Debian's simdjson runs On-Demand on its scalar fallback.
// Rows come from SQLite without padding, so the parser copies them into its own padded buffer
// (realloc_if_needed); messages and parts are small.

namespace {
using JsonValue::bytes;
using JsonValue::kMaxTokens;
using JsonValue::toBool;
using JsonValue::toDouble;
using JsonValue::toString;

// Epoch milliseconds (up to IsoTime::kMaxMs, above kMaxTokens) or a count; -1 when the value is not a
// plausible non-negative number.
qint64 toCount(dom::element value)
{
    static_assert(IsoTime::kMaxMs > kMaxTokens);
    return JsonValue::toCount(value, IsoTime::kMaxMs);
}

struct RawTokens
{
    qint64 input = 0, output = 0, reasoning = 0, cacheRead = 0, cacheWrite = 0, total = 0;
    bool present = false;
    bool bad = false;

    TokenCounts normalised() const
    {
        return OpenCodeMessageParser::normalise(input, output, reasoning, cacheRead, cacheWrite, total);
    }
};

void parseTokens(dom::element value, RawTokens& tokens)
{
    dom::object object;
    if (value.get_object().get(object))
        return;
    tokens.present = true;
    auto count = [&tokens](dom::element v) {
        const qint64 n = toCount(v);
        if (n < 0 || n > kMaxTokens)
            tokens.bad = true;
        return n < 0 || n > kMaxTokens ? 0 : n;
    };
    for (auto field : object) {
        const std::string_view key = field.key;
        if (key == "input")
            tokens.input = count(field.value);
        else if (key == "output")
            tokens.output = count(field.value);
        else if (key == "reasoning")
            tokens.reasoning = count(field.value);
        else if (key == "total")
            tokens.total = count(field.value);
        else if (key == "cache") {
            dom::object cache;
            if (field.value.get_object().get(cache))
                continue;
            for (auto c : cache) {
                const std::string_view cacheKey = c.key;
                if (cacheKey == "read")
                    tokens.cacheRead = count(c.value);
                else if (cacheKey == "write")
                    tokens.cacheWrite = count(c.value);
            }
        }
    }
}

// time{created, completed} or time{start, end}.
void parseTime(
    dom::element value, qint64& first, qint64& second, std::string_view firstKey, std::string_view secondKey)
{
    dom::object object;
    if (value.get_object().get(object))
        return;
    for (auto field : object) {
        const std::string_view key = field.key;
        if (key == firstKey)
            first = std::max<qint64>(toCount(field.value), 0);
        else if (key == secondKey)
            second = std::max<qint64>(toCount(field.value), 0);
    }
}

// What a tool does to the file it names (OpenCode's built-in tool names).
const char* fileOperation(std::string_view tool)
{
    if (tool == "read")
        return "read";
    if (tool == "write")
        return "write";
    if (tool == "edit" || tool == "multiedit")
        return "edit";
    if (tool == "grep" || tool == "glob" || tool == "list")
        return "search";
    return nullptr;
}

// An error as OpenCode stores it: a named error {name, data{message, ...}} (or, defensively, a
// string). The message when there is one, else the name.
void parseError(dom::element value, QByteArray& name, QByteArray& message)
{
    if (value.is_string()) {
        message = bytes(toString(value));
        return;
    }
    dom::object object;
    if (value.get_object().get(object))
        return;
    for (auto field : object) {
        const std::string_view key = field.key;
        if (key == "name")
            name = bytes(toString(field.value));
        else if (key == "message" && message.isEmpty())
            message = bytes(toString(field.value));
        else if (key == "data") {
            dom::object data;
            if (field.value.get_object().get(data))
                continue;
            for (auto d : data)
                if (std::string_view(d.key) == "message")
                    message = bytes(toString(d.value));
        }
    }
}

struct RetryPart
{
    QByteArray partId, name, message;
    qint64 attempt = -1;
    qint64 created = 0;
};

// User messages whose model is remembered for the assistant messages that answer them; past this the
// cache starts over (a lookup then finds the rest).
constexpr qsizetype kMaxUserModels = 4096;

struct ToolPart
{
    QByteArray partId, callId, tool, status, filePath, childSession, subagentType, taskPrompt;
    qint64 start = 0, end = 0;
};
} // namespace

struct OpenCodeMessageParser::Impl
{
    Options options;
    dom::parser parser;

    // The message being assembled.
    QByteArray id, sessionId, role, modelId, providerId, agent, cwd, parentId;
    bool sessionIsChild = false;
    qint64 created = 0, completed = 0;
    qint64 jsonCreated = 0; // time.created as the message records it (0 = absent)
    bool hasError = false;
    QByteArray errorName, errorMessage;
    std::vector<RetryPart> retries;
    double cost = 0;
    RawTokens tokens;
    // Parts.
    TokenCounts stepSum;
    double stepCost = 0;
    int steps = 0;
    TokenCounts lastStep;
    bool badStep = false;
    QByteArray promptText;
    qint64 promptLength = 0;
    bool hasPrompt = false;
    QByteArray lastText;
    qint64 lastTextLength = 0;
    qint64 lastTextTs = 0;
    std::vector<ToolPart> tools;
    std::vector<std::pair<QByteArray, std::vector<QByteArray>>> patches; // part id, files

    void reset()
    {
        id.clear();
        sessionId.clear();
        role.clear();
        modelId.clear();
        providerId.clear();
        agent.clear();
        cwd.clear();
        parentId.clear();
        sessionIsChild = false;
        created = completed = 0;
        jsonCreated = 0;
        hasError = false;
        errorName.clear();
        errorMessage.clear();
        retries.clear();
        cost = 0;
        tokens = RawTokens();
        stepSum = TokenCounts();
        stepCost = 0;
        steps = 0;
        lastStep = TokenCounts();
        badStep = false;
        promptText.clear();
        promptLength = 0;
        hasPrompt = false;
        lastText.clear();
        lastTextLength = 0;
        lastTextTs = 0;
        tools.clear();
        patches.clear();
    }

    qint64 messageTs() const { return created; }

    // Across messages: the model of each user message read (or looked up), by message id.
    QHash<QByteArray, QByteArray> userModels;
    MessageLookup lookup;
    dom::parser lookupParser;

    void rememberUserModel(const QByteArray& messageId, const QByteArray& model)
    {
        if (userModels.size() >= kMaxUserModels)
            userModels.clear();
        userModels.insert(messageId, model);
    }

    // The model.modelID of the user message parentId names; empty when it records none.
    QByteArray requestedModel()
    {
        if (parentId.isEmpty())
            return {};
        auto it = userModels.constFind(parentId);
        if (it != userModels.constEnd())
            return *it;
        QByteArray model;
        const QByteArray json = lookup ? lookup(parentId) : QByteArray();
        dom::element document;
        dom::object object;
        if (!json.isEmpty() && !lookupParser.parse(json.constData(), size_t(json.size()), true).get(document)
            && !document.get_object().get(object)) {
            bool isUser = false;
            for (auto field : object) {
                const std::string_view key = field.key;
                if (key == "role")
                    isUser = toString(field.value) == "user";
                else if (key == "model") {
                    dom::object m;
                    if (!field.value.get_object().get(m))
                        for (auto f : m)
                            if (std::string_view(f.key) == "modelID")
                                model = bytes(toString(f.value));
                }
            }
            if (!isUser)
                model.clear();
        }
        rememberUserModel(parentId, model);
        return model;
    }
};

OpenCodeMessageParser::OpenCodeMessageParser(Options options)
    : d(std::make_unique<Impl>())
{
    d->options = options;
}

OpenCodeMessageParser::~OpenCodeMessageParser() = default;

TokenCounts OpenCodeMessageParser::normalise(
    qint64 input, qint64 output, qint64 reasoning, qint64 cacheRead, qint64 cacheWrite, qint64 total)
{
    TokenCounts t;
    t.input = input;
    t.output = output;
    t.reasoning = reasoning;
    t.cacheRead = cacheRead;
    t.cacheWrite5m = cacheWrite;
    const qint64 withoutReasoning = input + output + cacheRead + cacheWrite;
    if (total > 0) {
        const qint64 diff = total - (withoutReasoning + reasoning);
        if (diff > 0) {
            // Tokens the buckets do not explain; ccusage prices them as output too.
            t.output += diff;
        } else if (diff < 0) {
            // The total counts reasoning once: older versions kept it inside output.
            const qint64 overlap = std::min({ -diff, reasoning, output });
            t.output -= overlap;
        }
    } else if (reasoning > 0 && reasoning <= output) {
        // No total to tell: never add reasoning to an output that may already hold it.
        t.output -= reasoning;
    }
    return t;
}

OpenCodeMessageParser::Result OpenCodeMessageParser::beginMessage(const Message& message, QByteArray* reason)
{
    d->reset();
    d->id = message.id;
    d->sessionId = message.sessionId;
    d->sessionIsChild = message.sessionIsChild;
    d->created = IsoTime::fromMs(message.timeCreated);
    auto malformed = [reason](const char* why) {
        if (reason)
            *reason = why;
        return Result::Malformed;
    };
    dom::element document;
    dom::object object;
    // A NULL data column (OpenCode declares it NOT NULL; a damaged database) has no bytes at all.
    if (!message.data.data() || d->parser.parse(message.data.data(), message.data.size(), true).get(document)
        || document.get_object().get(object)) {
        d->id.clear();
        return malformed("message: invalid JSON");
    }
    qint64 created = 0;
    for (auto field : object) {
        const std::string_view key = field.key;
        dom::element v = field.value;
        if (key == "role")
            d->role = bytes(toString(v));
        else if (key == "time")
            parseTime(v, created, d->completed, "created", "completed");
        else if (key == "parentID")
            d->parentId = bytes(toString(v));
        else if (key == "error" && !v.is_null()) {
            d->hasError = true;
            parseError(v, d->errorName, d->errorMessage);
        } else if (key == "modelID")
            d->modelId = bytes(toString(v));
        else if (key == "providerID")
            d->providerId = bytes(toString(v));
        else if (key == "agent")
            d->agent = bytes(toString(v));
        else if (key == "mode" && d->agent.isEmpty())
            d->agent = bytes(toString(v)); // deprecated predecessor of agent
        else if (key == "cost")
            d->cost = toDouble(v);
        else if (key == "tokens")
            parseTokens(v, d->tokens);
        else if (key == "path") {
            dom::object path;
            if (!v.get_object().get(path))
                for (auto p : path)
                    if (std::string_view(p.key) == "cwd")
                        d->cwd = bytes(toString(p.value));
        } else if (key == "model") {
            // user messages: model{providerID, modelID}
            dom::object model;
            if (!v.get_object().get(model))
                for (auto m : model) {
                    const std::string_view modelKey = m.key;
                    if (modelKey == "modelID" && d->modelId.isEmpty())
                        d->modelId = bytes(toString(m.value));
                    else if (modelKey == "providerID" && d->providerId.isEmpty())
                        d->providerId = bytes(toString(m.value));
                }
        }
    }
    if (d->tokens.bad) {
        d->id.clear();
        return malformed("message: token count out of range");
    }
    if (created > 0)
        d->created = created;
    d->jsonCreated = created;
    return Result::Parsed;
}

void OpenCodeMessageParser::setMessageLookup(MessageLookup lookup)
{
    d->lookup = std::move(lookup);
}

OpenCodeMessageParser::Result OpenCodeMessageParser::addPart(const Part& part, QByteArray* reason)
{
    if (d->id.isEmpty())
        return Result::Parsed; // the message itself did not parse
    auto malformed = [reason](const char* why) {
        if (reason)
            *reason = why;
        return Result::Malformed;
    };
    dom::element document;
    dom::object object;
    if (!part.data.data() || d->parser.parse(part.data.data(), part.data.size(), true).get(document)
        || document.get_object().get(object))
        return malformed("part: invalid JSON");

    std::string_view type, text, callId, tool;
    bool synthetic = false, ignored = false;
    qint64 start = 0, end = 0;
    double cost = 0;
    RawTokens tokens;
    dom::element state, files, time, error;
    bool hasState = false, hasFiles = false, hasTime = false, hasError = false;
    qint64 attempt = -1;
    for (auto field : object) {
        const std::string_view key = field.key;
        dom::element v = field.value;
        if (key == "type")
            type = toString(v);
        else if (key == "text")
            text = toString(v);
        else if (key == "synthetic")
            synthetic = toBool(v);
        else if (key == "ignored")
            ignored = toBool(v);
        else if (key == "time") {
            parseTime(v, start, end, "start", "end");
            time = v;
            hasTime = true;
        } else if (key == "cost")
            cost = toDouble(v);
        else if (key == "tokens")
            parseTokens(v, tokens);
        else if (key == "callID")
            callId = toString(v);
        else if (key == "tool")
            tool = toString(v);
        else if (key == "state") {
            state = v;
            hasState = true;
        } else if (key == "files") {
            files = v;
            hasFiles = true;
        } else if (key == "attempt") {
            attempt = toCount(v);
        } else if (key == "error") {
            error = v;
            hasError = !v.is_null();
        }
    }

    if (type == "retry") {
        // A request that failed and was sent again: {attempt, error{name, data{message}}, time{created}}.
        RetryPart retry;
        retry.partId = part.id;
        retry.attempt = attempt;
        if (hasError)
            parseError(error, retry.name, retry.message);
        if (hasTime) {
            qint64 unused = 0;
            parseTime(time, retry.created, unused, "created", "");
        }
        d->retries.push_back(std::move(retry));
        return Result::Parsed;
    }

    if (type == "step-finish") {
        if (tokens.bad)
            return malformed("part: token count out of range");
        const TokenCounts step = tokens.normalised();
        d->stepSum += step;
        d->lastStep = step;
        d->stepCost += cost;
        ++d->steps;
        return Result::Parsed;
    }
    if (type == "text") {
        if (d->role == "user") {
            if (synthetic || ignored || text.empty())
                return Result::Parsed;
            if (d->hasPrompt) {
                d->promptText += '\n';
                ++d->promptLength;
            }
            d->hasPrompt = true;
            d->promptLength += qint64(text.size());
            if (d->options.storeContent)
                d->promptText += bytes(text);
        } else if (d->role == "assistant" && !text.empty() && !synthetic) {
            const qint64 ts = end > 0 ? end : start;
            if (ts >= d->lastTextTs) {
                d->lastText = d->options.storeContent ? bytes(text) : QByteArray();
                d->lastTextLength = qint64(text.size());
                d->lastTextTs = ts;
            }
        }
        return Result::Parsed;
    }
    if (type == "tool" && hasState) {
        ToolPart call;
        call.partId = part.id;
        call.callId = bytes(callId);
        call.tool = bytes(tool);
        dom::object stateObject;
        if (!state.get_object().get(stateObject)) {
            bool hasInput = false;
            for (auto field : stateObject) {
                const std::string_view key = field.key;
                if (key == "status")
                    call.status = bytes(toString(field.value));
                else if (key == "time")
                    parseTime(field.value, call.start, call.end, "start", "end");
                else if (key == "input") {
                    dom::object input;
                    if (field.value.get_object().get(input))
                        continue;
                    for (auto in : input) {
                        hasInput = true;
                        const std::string_view inputKey = in.key;
                        if (inputKey == "filePath")
                            call.filePath = bytes(toString(in.value));
                        else if (inputKey == "path" && call.filePath.isEmpty())
                            call.filePath = bytes(toString(in.value));
                        else if (inputKey == "subagent_type")
                            call.subagentType = bytes(toString(in.value));
                        else if (inputKey == "prompt")
                            call.taskPrompt = bytes(toString(in.value));
                    }
                } else if (key == "metadata") {
                    dom::object metadata;
                    if (field.value.get_object().get(metadata))
                        continue;
                    for (auto m : metadata)
                        if (std::string_view(m.key) == "sessionId")
                            call.childSession = bytes(toString(m.value));
                }
            }
            // A pending call has no input yet: nothing is known but its name, and the store would keep
            // the empty file path once the call runs. It is taken when it runs or finishes.
            if (call.status == "pending" && !hasInput)
                return Result::Parsed;
        }
        d->tools.push_back(std::move(call));
        return Result::Parsed;
    }
    if (type == "patch" && hasFiles) {
        dom::array list;
        if (files.get_array().get(list))
            return Result::Parsed;
        std::vector<QByteArray> paths;
        for (dom::element f : list) {
            const std::string_view path = toString(f);
            if (!path.empty())
                paths.push_back(bytes(path));
        }
        if (!paths.empty())
            d->patches.emplace_back(part.id, std::move(paths));
        return Result::Parsed;
    }
    return Result::Parsed;
}

void OpenCodeMessageParser::endMessage(int fileIndex, IngestBatch& batch)
{
    if (d->id.isEmpty() || d->sessionId.isEmpty())
        return;
    const int sessionIndex = batch.sessionIndex(d->sessionId);
    const qint64 ts = d->messageTs();
    {
        SessionUpdate& session = batch.sessions[size_t(sessionIndex)];
        session.widen(ts);
        session.widen(d->completed);
        if (session.agent.isEmpty() && !d->agent.isEmpty())
            session.agent = d->agent;
        if (session.cwd.isEmpty() && !d->cwd.isEmpty())
            session.cwd = d->cwd;
    }

    if (d->role == "user") {
        // The model the user asked for (model.modelID, read into modelId): an assistant message that
        // answers it may have run on another one.
        d->rememberUserModel(d->id, d->modelId);
        if (d->hasPrompt) {
            PromptRecord prompt;
            prompt.sessionExternalId = d->sessionId;
            prompt.sessionIndex = sessionIndex;
            prompt.uuid = d->id;
            prompt.ts = ts;
            prompt.length = d->promptLength;
            if (d->options.storeContent) {
                batch.sessions[size_t(sessionIndex)].offerTitle(
                    SessionUpdate::titleFromPrompt(d->promptText), SessionUpdate::FirstPrompt, ts);
                prompt.text = d->promptText;
            }
            batch.prompts.push_back(std::move(prompt));
        }
        return;
    }
    if (d->role != "assistant")
        return;

    if (!d->lastText.isEmpty())
        batch.sessions[size_t(sessionIndex)].offerOutput(d->lastText, d->lastTextTs > 0 ? d->lastTextTs : ts);

    for (ToolPart& tool : d->tools) {
        ToolCallRecord call;
        call.sessionExternalId = d->sessionId;
        call.sessionIndex = sessionIndex;
        call.toolUseId = tool.callId.isEmpty() ? tool.partId : tool.callId;
        call.name = tool.tool;
        call.startTs = tool.start > 0 ? tool.start : ts;
        call.fileIndex = fileIndex;
        if (const char* operation
            = fileOperation(std::string_view(tool.tool.constData(), size_t(tool.tool.size())));
            operation && !tool.filePath.isEmpty()) {
            call.filePath = tool.filePath;
            call.fileOperation = operation;
        }
        if (tool.status == "completed" || tool.status == "error") {
            call.hasResult = true;
            call.result.sessionExternalId = d->sessionId;
            call.result.toolUseId = call.toolUseId;
            call.result.endTs = tool.end;
            call.result.isError = tool.status == "error";
            call.result.childSessionExternalId = tool.childSession;
        }
        if (tool.tool == "task" && !tool.childSession.isEmpty()) {
            // The task tool created the child session: it runs the named sub-agent on this prompt.
            SessionUpdate& child = batch.session(tool.childSession);
            child.parentExternalId = d->sessionId;
            child.isSidechain = true;
            child.spawnToolUseId = call.toolUseId;
            if (!tool.subagentType.isEmpty())
                child.agent = tool.subagentType;
            if (d->options.storeContent)
                child.taskPrompt = tool.taskPrompt;
        }
        batch.toolCalls.push_back(std::move(call));
    }
    for (auto& [partId, files] : d->patches) {
        // A patch part records the files a step changed; it is stored as a "patch" call so that the
        // files have a call to belong to.
        ToolCallRecord call;
        call.sessionExternalId = d->sessionId;
        call.sessionIndex = sessionIndex;
        call.toolUseId = partId;
        call.name = "patch";
        call.startTs = d->completed > 0 ? d->completed : ts;
        call.fileIndex = fileIndex;
        call.filePath = files.front();
        call.fileOperation = "edit";
        for (size_t i = 1; i < files.size(); ++i)
            call.files.push_back({ files[i], "edit" });
        call.hasResult = true;
        call.result.sessionExternalId = d->sessionId;
        call.result.toolUseId = partId;
        call.result.endTs = call.startTs;
        batch.toolCalls.push_back(std::move(call));
    }

    auto event = [&](const char* kind, qint64 at, const QByteArray& key) {
        AgentEventRecord e;
        e.sessionExternalId = d->sessionId;
        e.sessionIndex = sessionIndex;
        e.ts = at > 0 ? at : ts;
        e.kind = kind;
        e.model = d->modelId;
        e.agent = d->agent;
        e.eventKey = key;
        e.fileIndex = fileIndex;
        return e;
    };
    // A user's interruption is recorded as a MessageAbortedError: nothing failed, so it is no event.
    if (d->hasError && d->errorName != "MessageAbortedError") {
        AgentEventRecord e = event("error", d->completed, "opencode:error:" + d->id);
        e.setMessage(d->errorMessage.isEmpty() ? d->errorName : d->errorMessage, d->options.storeContent);
        if (e.ts > 0)
            batch.events.push_back(std::move(e));
    }
    for (const RetryPart& retry : d->retries) {
        AgentEventRecord e = event("retry", retry.created, "opencode:retry:" + retry.partId);
        e.setMessage(retry.message.isEmpty() ? retry.name : retry.message, d->options.storeContent);
        if (retry.attempt >= 0)
            e.retryAttempt = retry.attempt;
        if (e.ts > 0)
            batch.events.push_back(std::move(e));
    }

    // Usage: OpenCode needs both ids to name a model; ccusage skips rows without them as well.
    if (d->modelId.isEmpty() || d->providerId.isEmpty())
        return;
    TokenCounts tokens;
    if (d->steps >= 2)
        tokens = d->stepSum; // message.tokens is only the last step
    else if (d->tokens.present && !d->tokens.normalised().isZero())
        tokens = d->tokens.normalised();
    else
        tokens = d->lastStep;
    if (tokens.isZero())
        return; // aborted before the first token, or still streaming
    UsageRecord record;
    record.sessionExternalId = d->sessionId;
    record.sessionIndex = sessionIndex;
    record.timestampMs = ts;
    record.model = d->modelId;
    record.provider = d->providerId;
    record.tokens = tokens;
    // message.cost is the sum over the steps; 0 means OpenCode had no price (subscription providers,
    // unknown models), so it is re-priced.
    const double cost = d->cost > 0 ? d->cost : d->stepCost;
    if (cost > 0)
        record.loggedCost = cost;
    record.recordKey = "opencode:" + d->id;
    record.lastCopyWins = !d->options.legacyCopy;
    record.isSidechain = d->sessionIsChild;
    record.agent = d->agent;
    if (d->jsonCreated > 0 && d->completed >= d->jsonCreated)
        record.latencyMs = d->completed - d->jsonCreated;
    record.requestedModel = d->requestedModel();
    record.fileIndex = fileIndex;
    batch.usage.push_back(std::move(record));
}

// SPDX-License-Identifier: MIT
#include "claudefileparser.h"

#include "claudeapierror.h"
#include "isotime.h"
#include "jsonvalue.h"
#include "linereader.h"
#include "stringinterner.h"
#include "threadparser.h"

#include <algorithm>
#include <optional>
#include <simdjson.h>
#include <vector>

using namespace simdjson;

// Lines are parsed in place in LineReader's buffer (no copy), which must carry simdjson's padding.
static_assert(LineReader::kPadding >= SIMDJSON_PADDING);

// The On-Demand API: it reads only the fields asked for and skips the rest, so the long strings a line
// mostly consists of (tool results, file contents, edits, thinking) are never copied or unescaped, as
// the DOM parser's second stage did for every line (a quarter of this thread's time on a 1 GB corpus,
// perf, session 11). Its first stage, which finds the structure, is simdjson's runtime-dispatched SIMD
// kernel (AVX2, AVX-512); only the reading of the values asked for is compiled for the x86-64 baseline
// Debian builds for.
//
// What it validates is what it reads: a line that ends early, whose structure is broken around the
// fields read, that has anything after its object, or whose read values are damaged is malformed. A
// damaged value inside a field that is skipped (a bad escape in a tool result's text) is not seen; the
// line's own fields are read as written.

namespace {
using JsonValue::bytes;
using JsonValue::bytesView;
using ondemand::json_type;
using ondemand::raw_json_string;

// Everything a line may carry that we use, as views into the line or the parser's string buffer (valid
// until the next line is parsed). Filled in one pass over the fields, in the line's order: On-Demand
// reads forward only, and field order differs between line types (assistant lines put "message"
// before "type").
struct ToolUse
{
    std::string_view id, name, filePath;
};
struct ToolResult
{
    std::string_view toolUseId;
    bool isError = false;
};

struct ClaudeLine
{
    std::string_view type, subtype, sessionId, timestamp, uuid, cwd, gitBranch, version, agentId, requestId,
        attributionAgent, summary, customTitle, aiTitle, agentName;
    bool isSidechain = false, isMeta = false, isCompactSummary = false, isVisibleInTranscriptOnly = false;
    // API errors (formats.md §2.3, §2.4): `isApiErrorMessage` and `error` on assistant lines,
    // `retryAttempt` and `error` on system lines of subtype `api_error`. The error value is kept as its
    // JSON text and read only on such lines.
    bool isApiErrorMessage = false;
    bool hasError = false; // an `error` that is not null
    qint64 retryAttempt = -1;
    std::string_view errorJson;
    std::optional<double> costUsd;
    // message
    std::string_view model, messageId;
    bool hasUsage = false;
    TokenCounts tokens;
    bool hasCacheSplit = false;
    bool badCount = false; // a token count that cannot be real
    qint64 cacheCreationTotal = 0;
    std::string_view speed;
    bool contentIsString = false;
    std::string_view contentString;
    std::vector<ToolUse> toolUses;
    std::vector<ToolResult> toolResults;
    std::vector<std::string_view> texts;
    // toolUseResult
    std::string_view resultAgentId;
    bool resultInterrupted = false;
    // The first damaged value read (a bad escape, a broken literal): the line is malformed.
    error_code damage = SUCCESS;

    // Resets every field but keeps the vectors' capacity: this runs once per line.
    void clear()
    {
        std::vector<ToolUse> uses = std::move(toolUses);
        std::vector<ToolResult> results = std::move(toolResults);
        std::vector<std::string_view> textParts = std::move(texts);
        *this = ClaudeLine();
        uses.clear();
        results.clear();
        textParts.clear();
        toolUses = std::move(uses);
        toolResults = std::move(results);
        texts = std::move(textParts);
    }

    // Lenient reads: a value of another type reads as empty or false, as the formats change under us
    // and a line with one odd field still carries usable data; a damaged value marks the line.
    std::string_view string(ondemand::value value)
    {
        std::string_view s;
        if (const error_code error = value.get_string().get(s)) {
            if (error != INCORRECT_TYPE && !damage)
                damage = error;
            return {};
        }
        return s;
    }
    bool boolean(ondemand::value value)
    {
        bool b = false;
        if (!value.get_bool().get(b))
            return b;
        // A literal that starts like true or false but is neither.
        json_type type;
        if (!value.type().get(type) && type == json_type::boolean && !damage)
            damage = INCORRECT_TYPE;
        return false;
    }
    // Token counts beyond JsonValue::kMaxTokens are corrupt data, not usage (a year of heavy use is far
    // below it), and would overflow sums.
    qint64 count(ondemand::value value)
    {
        const qint64 n = JsonValue::toCount(value);
        if (n < 0)
            badCount = true;
        return std::max<qint64>(n, 0);
    }
};

// Calls visit(key, value) for each field of an object, in order; stops at the first error, of the
// JSON or returned by visit. Keys are compared as written: Claude Code writes no escapes in keys.
template <typename Visit> error_code forEachField(ondemand::object object, Visit&& visit)
{
    for (auto result : object) {
        ondemand::field field;
        if (const error_code error = std::move(result).get(field))
            return error;
        if (const error_code error = visit(field.key(), field.value()))
            return error;
    }
    return SUCCESS;
}

// A value that is not an object: nothing to read in it, and not an error.
template <typename Visit> error_code forEachFieldIfObject(ondemand::value value, Visit&& visit)
{
    ondemand::object object;
    if (value.get_object().get(object))
        return SUCCESS;
    return forEachField(object, std::forward<Visit>(visit));
}

error_code parseUsage(ondemand::value value, ClaudeLine& line)
{
    ondemand::object usage;
    if (value.get_object().get(usage))
        return SUCCESS; // not an object: no usage on this line
    line.hasUsage = true;
    return forEachField(usage, [&line](raw_json_string key, ondemand::value v) {
        if (key == "input_tokens")
            line.tokens.input = line.count(v);
        else if (key == "output_tokens")
            line.tokens.output = line.count(v);
        else if (key == "cache_read_input_tokens")
            line.tokens.cacheRead = line.count(v);
        else if (key == "cache_creation_input_tokens")
            line.cacheCreationTotal = line.count(v);
        else if (key == "speed")
            line.speed = line.string(v);
        else if (key == "cache_creation") {
            ondemand::object split;
            if (v.get_object().get(split))
                return SUCCESS;
            line.hasCacheSplit = true;
            return forEachField(split, [&line](raw_json_string partKey, ondemand::value part) {
                if (partKey == "ephemeral_5m_input_tokens")
                    line.tokens.cacheWrite5m = line.count(part);
                else if (partKey == "ephemeral_1h_input_tokens")
                    line.tokens.cacheWrite1h = line.count(part);
                return SUCCESS;
            });
        }
        return SUCCESS;
    });
}

// Inputs that are not objects carry no file path.
error_code parseToolInput(ondemand::value value, ToolUse& use, ClaudeLine& line)
{
    return forEachFieldIfObject(value, [&use, &line](raw_json_string key, ondemand::value v) {
        if (key == "file_path" || key == "notebook_path" || (key == "path" && use.filePath.empty()))
            use.filePath = line.string(v);
        return SUCCESS;
    });
}

error_code parseContent(ondemand::value value, ClaudeLine& line)
{
    json_type type;
    if (const error_code error = value.type().get(type))
        return error;
    if (type == json_type::string) {
        line.contentIsString = true;
        line.contentString = line.string(value);
        return SUCCESS;
    }
    ondemand::array elements;
    if (type != json_type::array || value.get_array().get(elements))
        return SUCCESS;
    for (auto result : elements) {
        ondemand::value element;
        if (const error_code error = std::move(result).get(element))
            return error;
        ondemand::object block;
        if (element.get_object().get(block))
            continue; // not a content block we know: skip it, keep the line
        std::string_view blockType, id, name, toolUseId, text;
        bool isError = false;
        ToolUse use;
        const error_code error = forEachField(block, [&](raw_json_string key, ondemand::value v) {
            if (key == "type")
                blockType = line.string(v);
            else if (key == "id")
                id = line.string(v);
            else if (key == "name")
                name = line.string(v);
            else if (key == "input")
                return parseToolInput(v, use, line);
            else if (key == "tool_use_id")
                toolUseId = line.string(v);
            else if (key == "is_error")
                isError = line.boolean(v);
            else if (key == "text")
                text = line.string(v);
            return SUCCESS;
        });
        if (error)
            return error;
        if (blockType == "tool_use" || blockType == "server_tool_use") {
            use.id = id;
            use.name = name;
            line.toolUses.push_back(use);
        } else if (blockType == "tool_result") {
            line.toolResults.push_back({ toolUseId, isError });
        } else if (blockType == "text" && !text.empty()) {
            line.texts.push_back(text);
        }
    }
    return SUCCESS;
}

// A message that is not an object (e.g. a string) carries nothing we use.
error_code parseMessage(ondemand::value value, ClaudeLine& line)
{
    return forEachFieldIfObject(value, [&line](raw_json_string key, ondemand::value v) {
        if (key == "model")
            line.model = line.string(v);
        else if (key == "id")
            line.messageId = line.string(v);
        else if (key == "usage")
            return parseUsage(v, line);
        else if (key == "content")
            return parseContent(v, line);
        return SUCCESS;
    });
}

// Error results are plain strings: nothing to read.
error_code parseToolUseResult(ondemand::value value, ClaudeLine& line)
{
    return forEachFieldIfObject(value, [&line](raw_json_string key, ondemand::value v) {
        if (key == "agentId")
            line.resultAgentId = line.string(v);
        else if (key == "interrupted")
            line.resultInterrupted = line.boolean(v);
        return SUCCESS;
    });
}

// The JSON text of an `error` value, kept for ClaudeApiError to read with the DOM parser; an object's
// or array's text is read through to its end.
error_code errorJson(ondemand::value v, ClaudeLine& line)
{
    json_type type;
    if (const error_code error = v.type().get(type))
        return error;
    line.hasError = type != json_type::null;
    if (type == json_type::object) {
        ondemand::object object;
        if (const error_code error = v.get_object().get(object))
            return error;
        return object.raw_json().get(line.errorJson);
    }
    if (type == json_type::array) {
        ondemand::array array;
        if (const error_code error = v.get_array().get(array))
            return error;
        return array.raw_json().get(line.errorJson);
    }
    line.errorJson = v.raw_json_token();
    return SUCCESS;
}

// The fields of API error lines, out of line: keeping them out of parseLineFields keeps that hot loop
// as small as it was, so every other line pays only the call for a key no other case took.
[[gnu::noinline]] error_code parseErrorField(raw_json_string key, ondemand::value v, ClaudeLine& line)
{
    if (key == "error")
        return errorJson(v, line);
    if (key == "isApiErrorMessage") {
        line.isApiErrorMessage = line.boolean(v);
    } else if (key == "retryAttempt") {
        json_type type;
        if (!v.type().get(type) && type == json_type::number)
            if (const qint64 attempt = JsonValue::toCount(v, 1 << 20); attempt >= 0)
                line.retryAttempt = attempt;
    }
    return SUCCESS;
}

error_code parseLineFields(ondemand::object object, ClaudeLine& line)
{
    return forEachField(object, [&line](raw_json_string key, ondemand::value v) -> error_code {
        // raw() starts after the opening quote: an empty key shows its closing quote here.
        switch (key.raw()[0]) {
        case 'e':
            return parseErrorField(key, v, line);
        case 'a':
            if (key == "agentId")
                line.agentId = line.string(v);
            else if (key == "attributionAgent")
                line.attributionAgent = line.string(v);
            else if (key == "aiTitle")
                line.aiTitle = line.string(v);
            else if (key == "agentName")
                line.agentName = line.string(v);
            break;
        case 'c':
            if (key == "cwd") {
                line.cwd = line.string(v);
            } else if (key == "costUSD") {
                double cost = 0;
                if (!v.get_double().get(cost))
                    line.costUsd = cost;
            } else if (key == "customTitle") {
                line.customTitle = line.string(v);
            }
            break;
        case 'g':
            if (key == "gitBranch")
                line.gitBranch = line.string(v);
            break;
        case 'i':
            if (key == "isSidechain")
                line.isSidechain = line.boolean(v);
            else if (key == "isMeta")
                line.isMeta = line.boolean(v);
            else if (key == "isCompactSummary")
                line.isCompactSummary = line.boolean(v);
            else if (key == "isVisibleInTranscriptOnly")
                line.isVisibleInTranscriptOnly = line.boolean(v);
            else
                return parseErrorField(key, v, line);
            break;
        case 'm':
            if (key == "message")
                return parseMessage(v, line);
            break;
        case 'r':
            if (key == "requestId")
                line.requestId = line.string(v);
            else
                return parseErrorField(key, v, line);
            break;
        case 's':
            if (key == "sessionId")
                line.sessionId = line.string(v);
            else if (key == "subtype")
                line.subtype = line.string(v);
            else if (key == "summary")
                line.summary = line.string(v);
            break;
        case 't':
            if (key == "type")
                line.type = line.string(v);
            else if (key == "timestamp")
                line.timestamp = line.string(v);
            else if (key == "toolUseResult")
                return parseToolUseResult(v, line);
            break;
        case 'u':
            if (key == "uuid")
                line.uuid = line.string(v);
            break;
        case 'v':
            if (key == "version")
                line.version = line.string(v);
            break;
        default:
            break;
        }
        return SUCCESS;
    });
}

// Harness text that Claude Code stores as a user line but the user never typed.
bool isHarnessText(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n'))
        text.remove_prefix(1);
    return text.starts_with("<command-") || text.starts_with("<local-command-") || text.starts_with("<bash-")
        || text.starts_with("<system-reminder>") || text.starts_with("<user-prompt-submit-hook>")
        || text.starts_with("Caveat: The messages below were generated");
}

const char* fileOperation(std::string_view toolName)
{
    if (toolName == "Read")
        return "read";
    if (toolName == "Write")
        return "write";
    if (toolName == "Edit" || toolName == "MultiEdit" || toolName == "NotebookEdit")
        return "edit";
    if (toolName == "Grep" || toolName == "Glob")
        return "search";
    return nullptr;
}

bool isBetterCopy(const TokenCounts& tokens, QByteArrayView speed, const UsageRecord& kept)
{
    return UsageRecord::isBetterCopy(
        tokens.total(), !speed.isEmpty(), kept.tokens.total(), !kept.speed.isEmpty());
}
} // namespace

struct ClaudeFileParser::Impl
{
    ClaudeFileContext context;
    Options options;
    ClaudeLine line;
    // The usage records of the current batch by a hash of their dedup key (message id, request id):
    // each hash's first record, at its index + 1. A joined QByteArray per request as the key, built,
    // hashed and kept, was 5 % of this thread on 1 GB of logs.
    QHash<size_t, size_t> usageIndex;
    // Index of the tool call with a given tool_use_id in the current batch.
    QHash<QByteArray, size_t> callIndex;
    StringInterner toolNames; // the file's tool names, each allocated once and shared by its calls
    int lastUsage = -1; // the usage record the previous assistant line produced or matched
    qint64 lastTs = 0; // the latest timestamp seen in this file
    QByteArray lastModel; // shared by consecutive records of the same model
    // Session id of the previous line, to avoid rebuilding the same QByteArray for every line.
    std::string cachedBase, cachedAgent;
    bool cachedSidechain = false;
    QByteArray cachedSessionId, cachedParentId;
    QByteArray agentLabel;

    [[gnu::cold, gnu::noinline]] void addEvent(const char* kind, const ClaudeLine& line, qint64 ts,
        const QByteArray& sessionId, int sessionIndex, qint64 offset, int fileIndex, IngestBatch& batch)
    {
        ClaudeApiError::Line error;
        error.kind = kind;
        error.uuid = line.uuid;
        error.model = line.model;
        error.texts = &line.texts;
        error.errorJson = line.errorJson;
        error.hasError = line.hasError;
        if (line.retryAttempt >= 0)
            error.retryAttempt = line.retryAttempt;
        error.ts = ts;
        ClaudeApiError::Target target;
        target.sessionId = sessionId;
        target.sessionIndex = sessionIndex;
        target.agent = agentLabel;
        target.path = context.path.toUtf8();
        target.offset = offset;
        target.fileIndex = fileIndex;
        target.storeContent = options.storeContent;
        ClaudeApiError::addEvent(error, target, batch);
    }

    // The index of this file's record in the batch with record's dedup key, or -1. first: the index + 1
    // that usageIndex holds for the key's hash (0: none); another key under the same hash (no more
    // likely than a collision of 64-bit hashes) is found by a scan of the file's records (the batch
    // holds other files' too, which the index never names).
    static qsizetype findUsage(const IngestBatch& batch, size_t first, const UsageRecord& record)
    {
        auto same = [&record](const UsageRecord& other) {
            return other.fileIndex == record.fileIndex && other.recordKey == record.recordKey
                && other.requestId == record.requestId;
        };
        if (first == 0)
            return -1;
        if (same(batch.usage[first - 1]))
            return qsizetype(first - 1);
        const auto found = std::find_if(batch.usage.begin(), batch.usage.end(), same);
        return found == batch.usage.end() ? -1 : qsizetype(found - batch.usage.begin());
    }

    // Streaming copies of one request are usually consecutive lines: settle them against the previous
    // record without building a new one. Returns false when the line is another request.
    bool mergeWithPrevious(const ClaudeLine& line, const TokenCounts& tokens, qint64 ts, qint64 offset,
        int fileIndex, int sessionIndex, IngestBatch& batch)
    {
        if (lastUsage < 0 || size_t(lastUsage) >= batch.usage.size() || line.messageId.empty())
            return false;
        UsageRecord& previous = batch.usage[size_t(lastUsage)];
        if (previous.recordKey != bytesView(line.messageId)
            || previous.requestId != bytesView(line.requestId)
            || previous.sessionIndex != sessionIndex || previous.isSidechain != line.isSidechain)
            return false;
        const QByteArrayView speed = bytesView(line.speed);
        if (isBetterCopy(tokens, speed, previous)) {
            previous.tokens = tokens;
            previous.timestampMs = ts;
            previous.byteOffset = offset;
            previous.fileIndex = fileIndex;
            previous.speed = speed.toByteArray();
            previous.loggedCost = line.costUsd;
        }
        return true;
    }
};

ClaudeFileParser::ClaudeFileParser(ClaudeFileContext context, Options options)
    : d(std::make_unique<Impl>())
{
    d->context = std::move(context);
    d->options = options;
}

ClaudeFileParser::~ClaudeFileParser()
{
    trimThreadParser(threadParser<ondemand::parser>());
}

size_t ClaudeFileParser::threadParserCapacity()
{
    return threadParser<ondemand::parser>().capacity();
}

void ClaudeFileParser::startBatch()
{
    d->usageIndex.clear();
    d->callIndex.clear();
    d->lastUsage = -1;
}

ClaudeFileParser::Result ClaudeFileParser::parseLine(std::string_view text, size_t capacity, qint64 offset,
    int fileIndex, IngestBatch& batch, QByteArray* reason)
{
    auto malformed = [reason](const char* why) {
        if (reason)
            *reason = why;
        return Result::Malformed;
    };
    size_t first = 0;
    while (first < text.size() && (text[first] == ' ' || text[first] == '\t'))
        ++first;
    if (first == text.size())
        return Result::Ignored; // blank line
    if (text[first] != '{')
        return malformed("not a JSON object");

    ClaudeLine& line = d->line;
    line.clear();
    ondemand::document document;
    ondemand::object object;
    if (threadParser<ondemand::parser>().iterate(text.data(), text.size(), capacity).get(document)
        || document.get_object().get(object) || parseLineFields(object, line) || line.damage)
        return malformed("invalid JSON");
    // Anything after the object (a second object glued on): On-Demand stops reading at its end.
    if (!document.current_location().error())
        return malformed("invalid JSON");

    const ClaudeFileContext& context = d->context;
    const qint64 ts = IsoTime::parseMs(line.timestamp);
    if (ts > d->lastTs)
        d->lastTs = ts;
    if (line.badCount)
        return malformed("token count out of range");
    // A request must have a time to be billed on a day; a usage line without one is damaged.
    if (line.type == "assistant" && line.hasUsage && ts == 0)
        return malformed("missing or invalid timestamp");

    // Which session the line belongs to (formats.md §2.2, three layouts).
    std::string_view base = line.sessionId.empty()
        ? std::string_view(context.stemSessionId.constData(), size_t(context.stemSessionId.size()))
        : line.sessionId;
    if (context.kind == ClaudeFileContext::Kind::NestedAgent && !context.stemSessionId.isEmpty())
        base = std::string_view(context.stemSessionId.constData(), size_t(context.stemSessionId.size()));
    if (base.empty())
        return Result::Ignored; // a flat agent file's line without sessionId: nothing to attach it to
    const bool isChild = context.kind != ClaudeFileContext::Kind::Main || line.isSidechain;
    std::string_view agentId = context.kind == ClaudeFileContext::Kind::Main
        ? line.agentId
        : std::string_view(context.agentId.constData(), size_t(context.agentId.size()));
    if (base != d->cachedBase || isChild != d->cachedSidechain || agentId != d->cachedAgent
        || d->cachedSessionId.isEmpty()) {
        d->cachedBase.assign(base);
        d->cachedAgent.assign(agentId);
        d->cachedSidechain = isChild;
        if (isChild) {
            d->cachedParentId = bytes(base);
            // Era-1 inline sidechains without an agentId cannot be told apart; they share one child.
            d->cachedSessionId = ClaudeFileContext::childSessionId(
                d->cachedParentId, agentId.empty() ? QByteArray("sidechain") : bytes(agentId));
            d->agentLabel = !context.agentType.isEmpty() ? context.agentType
                : !line.attributionAgent.empty()         ? bytes(line.attributionAgent)
                                                         : QByteArray("subagent");
        } else {
            d->cachedSessionId = bytes(base);
            d->cachedParentId.clear();
            d->agentLabel = "main";
        }
    }
    const QByteArray& sessionId = d->cachedSessionId;

    // Title lines carry no timestamp: they take the time of the latest line before them in the file,
    // which orders a rename against titles from other files too.
    if (line.type == "summary") {
        if (context.kind == ClaudeFileContext::Kind::Main && !line.summary.empty())
            batch.session(context.stemSessionId).offerTitle(bytes(line.summary), SessionUpdate::Summary, 0);
        return Result::Parsed;
    }
    if (line.type == "custom-title") {
        batch.session(sessionId).offerTitle(bytes(line.customTitle), SessionUpdate::CustomTitle, d->lastTs);
        return Result::Parsed;
    }
    if (line.type == "ai-title" || line.type == "agent-name") {
        const std::string_view title = line.type == "ai-title" ? line.aiTitle : line.agentName;
        batch.session(sessionId).offerTitle(bytes(title), SessionUpdate::AiTitle, d->lastTs);
        return Result::Parsed;
    }

    const int sessionIndex = batch.sessionIndex(sessionId);
    SessionUpdate& session = batch.sessions[size_t(sessionIndex)];
    session.widen(ts);
    if (session.cwd.isEmpty() && !line.cwd.empty())
        session.cwd = bytes(line.cwd);
    // Every line repeats these: copy only a change (they were a third of this thread's allocations).
    if (!line.gitBranch.empty() && session.gitBranch != bytesView(line.gitBranch))
        session.gitBranch = bytes(line.gitBranch);
    if (!line.version.empty() && session.agentVersion != bytesView(line.version))
        session.agentVersion = bytes(line.version);
    if (session.agent.isEmpty()) {
        session.agent = d->agentLabel;
        if (isChild) {
            session.parentExternalId = d->cachedParentId;
            session.isSidechain = true;
            session.spawnToolUseId = context.spawnToolUseId;
            session.spawnDepth = context.spawnDepth;
            if (!context.description.isEmpty())
                session.offerTitle(context.description, SessionUpdate::AiTitle, 0);
        }
    }

    if (line.type == "system") {
        // A request that failed and is sent again after retryInMs: the attempt is recorded, the
        // eventual answer (if any) is an ordinary assistant line.
        if (line.subtype == "api_error" && ts > 0)
            d->addEvent("retry", line, ts, sessionId, sessionIndex, offset, fileIndex, batch);
        return Result::Parsed;
    }

    if (line.type == "assistant") {
        // The message Claude Code writes when a request failed for good (usually "<synthetic>", with
        // the API's text as its content and a short reason such as "rate_limit" in `error`).
        if ((line.isApiErrorMessage || line.hasError) && ts > 0)
            d->addEvent("error", line, ts, sessionId, sessionIndex, offset, fileIndex, batch);
        // "<synthetic>" messages are generated locally (interruptions, API errors); with no tokens they
        // are no request at all.
        const bool synthetic = line.model == "<synthetic>";
        if (line.hasUsage && !(synthetic && line.tokens.isZero() && line.cacheCreationTotal == 0)) {
            TokenCounts tokens = line.tokens;
            if (line.hasCacheSplit) {
                // The split should add up to the total; anything unaccounted for is billed as 5-minute.
                const qint64 split = tokens.cacheWrite5m + tokens.cacheWrite1h;
                if (line.cacheCreationTotal > split)
                    tokens.cacheWrite5m += line.cacheCreationTotal - split;
            } else {
                tokens.cacheWrite5m = line.cacheCreationTotal;
                tokens.cacheWrite1h = 0;
            }
            if (!d->mergeWithPrevious(line, tokens, ts, offset, fileIndex, sessionIndex, batch)) {
                if (d->lastModel != bytesView(line.model))
                    d->lastModel = bytes(line.model);
                UsageRecord record;
                record.sessionExternalId = sessionId;
                record.sessionIndex = sessionIndex;
                record.timestampMs = ts;
                record.model = d->lastModel; // shared, not copied
                record.tokens = tokens;
                record.loggedCost = line.costUsd;
                record.requestId = bytes(line.requestId);
                // Lines without a message id cannot be matched with their copies; their position is their
                // key.
                if (line.messageId.empty())
                    record.recordKey = "@" + context.path.toUtf8() + ':' + QByteArray::number(offset);
                else
                    record.recordKey = bytes(line.messageId);
                record.isSidechain = line.isSidechain;
                record.noCost = synthetic;
                record.agent = d->agentLabel;
                record.speed = bytes(line.speed);
                record.byteOffset = offset;
                record.fileIndex = fileIndex;
                size_t& first = d->usageIndex[qHashMulti(0, record.recordKey, record.requestId)];
                const qsizetype existing = Impl::findUsage(batch, first, record);
                if (existing < 0) {
                    d->lastUsage = int(batch.usage.size());
                    if (first == 0)
                        first = batch.usage.size() + 1;
                    batch.usage.push_back(std::move(record));
                } else {
                    d->lastUsage = int(existing);
                    UsageRecord& kept = batch.usage[size_t(existing)];
                    if (isBetterCopy(record.tokens, record.speed, kept))
                        kept = std::move(record);
                    ++m_duplicates;
                }
            } else {
                ++m_duplicates;
            }
        }
        if (d->options.storeContent && !line.texts.empty() && !synthetic) {
            // The newest answer text is what a trace shows as the invocation's output (not the
            // placeholders Claude Code writes locally as <synthetic> messages).
            QByteArray answer;
            for (std::string_view part : line.texts) {
                if (!answer.isEmpty())
                    answer += '\n';
                answer += bytes(part);
            }
            session.offerOutput(answer, ts);
        }
        for (const ToolUse& use : line.toolUses) {
            if (use.id.empty())
                continue;
            ToolCallRecord call;
            call.sessionExternalId = sessionId;
            call.sessionIndex = sessionIndex;
            call.toolUseId = bytes(use.id);
            call.name = d->toolNames.get(use.name);
            call.startTs = ts;
            call.filePath = bytes(use.filePath);
            call.byteOffset = offset;
            call.fileIndex = fileIndex;
            if (const char* operation = fileOperation(use.name); operation && !use.filePath.empty())
                call.fileOperation = QByteArray::fromRawData(operation, qstrlen(operation)); // a literal
            d->callIndex.insert(call.toolUseId, batch.toolCalls.size());
            batch.toolCalls.push_back(std::move(call));
        }
        return Result::Parsed;
    }

    if (line.type == "user") {
        for (const ToolResult& result : line.toolResults) {
            // Pair with its call when that is still in this batch (almost always: results follow calls),
            // which then lends the result its copy of the id.
            auto call = d->callIndex.constFind(
                QByteArray::fromRawData(result.toolUseId.data(), qsizetype(result.toolUseId.size())));
            const bool paired = call != d->callIndex.constEnd()
                && batch.toolCalls[*call].sessionExternalId == sessionId && !batch.toolCalls[*call].hasResult;
            ToolResultRecord record;
            record.sessionExternalId = sessionId;
            record.toolUseId = paired ? batch.toolCalls[*call].toolUseId : bytes(result.toolUseId);
            record.endTs = ts;
            record.isError = result.isError;
            record.interrupted = line.resultInterrupted;
            if (!line.resultAgentId.empty() && line.toolResults.size() == 1)
                record.childSessionExternalId
                    = ClaudeFileContext::childSessionId(bytes(base), bytes(line.resultAgentId));
            if (paired) {
                batch.toolCalls[*call].hasResult = true;
                batch.toolCalls[*call].result = std::move(record);
            } else {
                batch.toolResults.push_back(std::move(record));
            }
        }
        if (line.toolResults.empty() && !line.isMeta && !line.isCompactSummary
            && !line.isVisibleInTranscriptOnly) {
            QByteArray prompt;
            if (line.contentIsString) {
                prompt = bytes(line.contentString);
            } else {
                for (std::string_view part : line.texts) {
                    if (!prompt.isEmpty())
                        prompt += '\n';
                    prompt += bytes(part);
                }
            }
            if (!prompt.isEmpty()
                && !isHarnessText(std::string_view(prompt.constData(), size_t(prompt.size())))) {
                PromptRecord record;
                record.sessionExternalId = sessionId;
                record.sessionIndex = sessionIndex;
                record.uuid = line.uuid.empty() ? "@" + QByteArray::number(offset) : bytes(line.uuid);
                record.ts = ts;
                record.length = prompt.size();
                if (d->options.storeContent) {
                    session.offerTitle(
                        SessionUpdate::titleFromPrompt(prompt), SessionUpdate::FirstPrompt, ts);
                    record.text = std::move(prompt);
                }
                batch.prompts.push_back(std::move(record));
            }
        }
        return Result::Parsed;
    }
    return Result::Parsed;
}

// SPDX-License-Identifier: MIT
#include "claudeapierror.h"

#include "jsonvalue.h"

#include <simdjson.h>

using namespace simdjson;
using JsonValue::bytes;
using JsonValue::toCount;
using JsonValue::toString;

QByteArray ClaudeApiError::errorText(std::string_view json)
{
    // A few lines in thousands: a parser of their own, not the line parser's buffers.
    dom::parser parser;
    dom::element value;
    if (parser.parse(json.data(), json.size()).get(value))
        return bytes(json);
    if (value.is_string())
        return bytes(toString(value));
    dom::object object;
    if (value.get_object().get(object))
        return value.is_null() ? QByteArray() : QByteArray::fromStdString(simdjson::to_string(value));
    qint64 status = -1;
    std::string_view message, type;
    for (int depth = 0; depth < 8; ++depth) {
        dom::object inner;
        bool deeper = false;
        for (auto field : object) {
            const std::string_view key = field.key;
            if (key == "message" && field.value.is_string())
                message = toString(field.value);
            else if (key == "type" && field.value.is_string())
                type = toString(field.value);
            else if (key == "status" && status < 0 && field.value.is_number())
                status = toCount(field.value, 999);
            else if (key == "error" && !field.value.get_object().get(inner))
                deeper = true;
        }
        if (!deeper)
            break;
        object = inner;
    }
    const std::string_view text = !message.empty() ? message : type;
    if (text.empty())
        return QByteArray::fromStdString(simdjson::to_string(value));
    return status > 0 ? QByteArray::number(status) + ' ' + bytes(text) : bytes(text);
}

void ClaudeApiError::addEvent(const Line& line, const Target& target, IngestBatch& batch)
{
    AgentEventRecord event;
    event.sessionExternalId = target.sessionId;
    event.sessionIndex = target.sessionIndex;
    event.ts = line.ts;
    event.kind = line.kind;
    // "<synthetic>" is Claude Code's own placeholder, not a model that was asked.
    if (!line.model.empty() && line.model != "<synthetic>")
        event.model = bytes(line.model);
    if (target.storeContent) {
        // A failed request's message says what failed in its text ("API Error: ..."); a retry line
        // has only the API's error body.
        QByteArray message;
        if (line.texts)
            for (std::string_view part : *line.texts) {
                if (!message.isEmpty())
                    message += '\n';
                message += bytes(part);
            }
        if (message.isEmpty() && line.hasError)
            message = errorText(line.errorJson);
        event.setMessage(message, true);
    }
    event.retryAttempt = line.retryAttempt;
    event.agent = target.agent;
    if (line.uuid.empty())
        event.eventKey = "claude:@" + target.path + ':' + QByteArray::number(target.offset);
    else
        event.eventKey = "claude:" + bytes(line.uuid);
    event.byteOffset = target.offset;
    event.fileIndex = target.fileIndex;
    batch.events.push_back(std::move(event));
}

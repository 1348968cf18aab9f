// SPDX-License-Identifier: MIT
#include "codexsessionindexparser.h"

#include "isotime.h"

#include <simdjson.h>

using namespace simdjson;

struct CodexSessionIndexParser::Impl
{
    KnownThread knownThread;
    dom::parser parser;
};

CodexSessionIndexParser::CodexSessionIndexParser(KnownThread knownThread)
    : d(std::make_unique<Impl>())
{
    d->knownThread = std::move(knownThread);
}

CodexSessionIndexParser::~CodexSessionIndexParser() = default;

CodexSessionIndexParser::Result CodexSessionIndexParser::parseLine(std::string_view line, size_t capacity,
    qint64 offset, int fileIndex, IngestBatch& batch, QByteArray* reason)
{
    (void)capacity;
    (void)offset;
    (void)fileIndex;
    if (line.find_first_not_of(" \t") == std::string_view::npos)
        return Result::Ignored;
    dom::object object;
    if (d->parser.parse(line.data(), line.size(), false).get_object().get(object)) {
        if (reason)
            *reason = "invalid JSON";
        return Result::Malformed;
    }
    std::string_view id, name, updated;
    if (object["id"].get_string().get(id) || object["thread_name"].get_string().get(name) || id.empty())
        return Result::Ignored;
    const QByteArray threadId(id.data(), qsizetype(id.size()));
    if (d->knownThread && !d->knownThread(threadId))
        return Result::Ignored;
    qint64 ts = 0;
    if (!object["updated_at"].get_string().get(updated))
        ts = IsoTime::parseMs(updated);
    else if (int64_t seconds = 0; !object["updated_at"].get_int64().get(seconds))
        ts = IsoTime::fromSeconds(seconds);
    batch.session(threadId).offerTitle(
        QByteArray(name.data(), qsizetype(name.size())).trimmed(), SessionUpdate::CustomTitle, ts);
    return Result::Parsed;
}

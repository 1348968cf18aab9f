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

CodexSessionIndexParser::LineKind CodexSessionIndexParser::read(
    std::string_view line, dom::parser& parser, CodexThreadName* entry)
{
    if (line.find_first_not_of(" \t") == std::string_view::npos)
        return LineKind::Ignored;
    dom::object object;
    if (parser.parse(line.data(), line.size(), false).get_object().get(object))
        return LineKind::Malformed;
    std::string_view id, name, updated;
    if (object["id"].get_string().get(id) || object["thread_name"].get_string().get(name) || id.empty())
        return LineKind::Ignored;
    entry->threadId = QByteArray(id.data(), qsizetype(id.size()));
    entry->name = QByteArray(name.data(), qsizetype(name.size())).trimmed();
    entry->ts = 0;
    if (!object["updated_at"].get_string().get(updated))
        entry->ts = IsoTime::parseMs(updated);
    else if (int64_t seconds = 0; !object["updated_at"].get_int64().get(seconds))
        entry->ts = IsoTime::fromSeconds(seconds);
    return LineKind::Entry;
}

CodexSessionIndexParser::Result CodexSessionIndexParser::parseLine(std::string_view line, size_t capacity,
    qint64 offset, int fileIndex, IngestBatch& batch, QByteArray* reason)
{
    (void)capacity;
    (void)offset;
    (void)fileIndex;
    CodexThreadName entry;
    switch (read(line, d->parser, &entry)) {
    case LineKind::Malformed:
        if (reason)
            *reason = "invalid JSON";
        return Result::Malformed;
    case LineKind::Ignored:
        return Result::Ignored;
    case LineKind::Entry:
        break;
    }
    // A thread without a rollout yet gets its name when its rollout is first read (CodexFileParser).
    if (d->knownThread && !d->knownThread(entry.threadId))
        return Result::Ignored;
    batch.session(entry.threadId).offerTitle(entry.name, SessionUpdate::CustomTitle, entry.ts);
    return Result::Parsed;
}

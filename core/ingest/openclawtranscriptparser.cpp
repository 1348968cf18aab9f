// SPDX-License-Identifier: MIT
#include "openclawtranscriptparser.h"

OpenClawTranscriptParser::OpenClawTranscriptParser(const OpenClawFileContext& context, SourceOptions options,
    OpenClawEventParser::KeyResolver resolver, const QByteArray& state)
    : m_events(options, std::move(resolver))
{
    m_events.beginSession(context.sessionId, context.agentId);
    m_events.restoreState(state);
}

LineParser::Result OpenClawTranscriptParser::parseLine(std::string_view line, size_t capacity, qint64 offset,
    int fileIndex, IngestBatch& batch, QByteArray* reason)
{
    return m_events.parse(line, capacity, offset, fileIndex, batch, reason);
}

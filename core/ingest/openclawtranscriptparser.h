// SPDX-License-Identifier: MIT
#pragma once

#include "lineparser.h"
#include "openclaweventparser.h"
#include "openclawfilecontext.h"

// One OpenClaw JSONL transcript or archive (plain or `.zst`): every line is an event of the session
// the file name names (formats.md §5.3).
class OpenClawTranscriptParser : public LineParser
{
public:
    OpenClawTranscriptParser(const OpenClawFileContext& context, SourceOptions options,
        OpenClawEventParser::KeyResolver resolver, const QByteArray& state);

    Result parseLine(std::string_view line, size_t capacity, qint64 offset, int fileIndex, IngestBatch& batch,
        QByteArray* reason) override;
    void startBatch() override { m_events.startBatch(); }
    qint64 duplicates() const override { return m_events.duplicates(); }
    QByteArray saveState() const override { return m_events.saveState(); }

private:
    OpenClawEventParser m_events;
};

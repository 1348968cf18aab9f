// SPDX-License-Identifier: MIT
#include "corpusgenerators.h"

#include "claudecorpusgenerator.h"
#include "codexcorpusgenerator.h"

#include <stdexcept>

namespace {
CorpusSummary generateClaude(const CorpusOptions& options)
{
    ClaudeCorpusOptions claude;
    claude.outputDir = options.outputDir;
    claude.targetBytes = options.targetBytes;
    claude.seed = options.seed;
    claude.end = options.end;
    claude.days = options.days;
    claude.injectMalformedLines = options.injectMalformedLines;
    const ClaudeCorpusSummary written = ClaudeCorpusGenerator(claude).generate();
    CorpusSummary summary;
    summary.bytes = written.bytes;
    summary.files = written.files;
    summary.sessions = written.sessions;
    summary.subagentSessions = written.subagentFiles;
    summary.usageRequests = written.usageRequests;
    return summary;
}

CorpusSummary generateCodex(const CorpusOptions& options)
{
    const CodexCorpusSummary written = CodexCorpusGenerator(options).generate();
    CorpusSummary summary;
    summary.bytes = written.bytes;
    summary.files = written.files;
    summary.sessions = written.sessions;
    summary.subagentSessions = written.subagentSessions;
    summary.usageRequests = written.usageRequests;
    return summary;
}

struct Generator
{
    const char* source;
    CorpusSummary (*generate)(const CorpusOptions&);
};

const Generator kGenerators[] = {
    { "claude", generateClaude },
    { "codex", generateCodex },
};
} // namespace

QStringList CorpusGenerators::sources()
{
    QStringList names;
    for (const Generator& generator : kGenerators)
        names << QString::fromLatin1(generator.source);
    return names;
}

CorpusSummary CorpusGenerators::generate(const QString& source, const CorpusOptions& options)
{
    for (const Generator& generator : kGenerators)
        if (source == QLatin1String(generator.source))
            return generator.generate(options);
    throw std::runtime_error("no corpus generator for source " + source.toStdString());
}

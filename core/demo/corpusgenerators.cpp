// SPDX-License-Identifier: MIT
#include "corpusgenerators.h"

#include "claudecorpusgenerator.h"
#include "openclawcorpusgenerator.h"

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

CorpusSummary generateOpenClaw(const CorpusOptions& options)
{
    OpenClawCorpusOptions openclaw;
    openclaw.outputDir = options.outputDir;
    openclaw.targetBytes = options.targetBytes;
    openclaw.seed = options.seed;
    openclaw.end = options.end;
    openclaw.days = options.days;
    openclaw.injectMalformedLines = options.injectMalformedLines;
    const OpenClawCorpusSummary written = OpenClawCorpusGenerator(openclaw).generate();
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
    { "openclaw", generateOpenClaw },
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

// SPDX-License-Identifier: MIT
#include "corpusgenerators.h"

#include "claudecorpusgenerator.h"
#include "codexcorpusgenerator.h"
#include "geminicorpusgenerator.h"
#include "openclawcorpusgenerator.h"
#include "opencodecorpusgenerator.h"

#include <stdexcept>
#include <type_traits>

namespace {
// Every generator takes CorpusOptions or options with the same fields, and reports the same counts;
// only Claude's names its sub-agent count after files (its sub-agents are files of three layouts).
template <typename Options, typename Generator> CorpusSummary run(const CorpusOptions& options)
{
    Options specific;
    if constexpr (std::is_same_v<Options, CorpusOptions>) {
        specific = options;
    } else {
        specific.outputDir = options.outputDir;
        specific.targetBytes = options.targetBytes;
        specific.seed = options.seed;
        specific.end = options.end;
        specific.days = options.days;
        specific.injectMalformedLines = options.injectMalformedLines;
    }
    const auto written = Generator(specific).generate();
    CorpusSummary summary;
    summary.bytes = written.bytes;
    summary.files = written.files;
    summary.sessions = written.sessions;
    if constexpr (requires { written.subagentFiles; })
        summary.subagentSessions = written.subagentFiles;
    else
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
    { "claude", run<ClaudeCorpusOptions, ClaudeCorpusGenerator> },
    { "codex", run<CorpusOptions, CodexCorpusGenerator> },
    { "opencode", run<OpenCodeCorpusOptions, OpenCodeCorpusGenerator> },
    { "openclaw", run<OpenClawCorpusOptions, OpenClawCorpusGenerator> },
    { "gemini", run<GeminiCorpusOptions, GeminiCorpusGenerator> },
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

// SPDX-License-Identifier: MIT
#include "sourceset.h"

#include "claudesource.h"
#include "codexsource.h"
#include "geminisource.h"
#include "openclawsource.h"
#include "opencodesource.h"

SourceSet::SourceSet(const Config& config)
{
    ClaudeFileParser::Options claudeOptions;
    claudeOptions.storeContent = config.options.storeContent;
    m_sources.push_back(
        std::make_unique<ClaudeSource>(config.roots.value(QStringLiteral("claude")), claudeOptions));
    m_sources.push_back(
        std::make_unique<CodexSource>(config.roots.value(QStringLiteral("codex")), config.options));
    m_sources.push_back(
        std::make_unique<OpenCodeSource>(config.roots.value(QStringLiteral("opencode")), config.options));
    m_sources.push_back(
        std::make_unique<OpenClawSource>(config.roots.value(QStringLiteral("openclaw")), config.options));
    m_sources.push_back(
        std::make_unique<GeminiSource>(config.roots.value(QStringLiteral("gemini")), config.options));
    std::erase_if(m_sources, [&](const auto& source) {
        return (!config.only.isEmpty() && !config.only.contains(source->name()))
            || config.disabled.contains(source->name());
    });
}

SourceSet::~SourceSet() = default;

QStringList SourceSet::names()
{
    return { QStringLiteral("claude"), QStringLiteral("codex"), QStringLiteral("opencode"),
        QStringLiteral("openclaw"), QStringLiteral("gemini") };
}

QStringList SourceSet::rootsLookedIn() const
{
    QStringList roots;
    for (const auto& source : m_sources)
        roots << source->roots();
    return roots;
}

std::vector<const SourceAdapter*> SourceSet::adapters() const
{
    std::vector<const SourceAdapter*> result;
    for (const auto& source : m_sources)
        result.push_back(source.get());
    return result;
}

const SourceAdapter* SourceSet::find(const QString& name) const
{
    for (const auto& source : m_sources)
        if (source->name() == name)
            return source.get();
    return nullptr;
}

bool SourceSet::hasFiles() const
{
    for (const auto& source : m_sources)
        if (source->hasFiles())
            return true;
    return false;
}

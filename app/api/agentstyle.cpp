// SPDX-License-Identifier: MIT
#include "agentstyle.h"

#include "store/stablehash.h"

#include <iterator>

namespace {

struct Known
{
    const char* agent; // lower case
    const char* emoji;
    const char* color;
};

// The agent names the five sources ship with (Claude Code's built-in sub-agents, Codex's, OpenCode's
// modes, Gemini CLI's investigator) and a few common custom ones.
constexpr Known kKnown[] = {
    { "explore", "🔭", "#05d9e8" },
    { "plan", "🗺️", "#7b61ff" },
    { "general-purpose", "🧰", "#ffb86c" },
    { "general", "🧰", "#ffb86c" },
    { "code-reviewer", "🔍", "#ff2a6d" },
    { "audit", "🔍", "#ff2a6d" },
    { "statusline-setup", "⚙️", "#8be9fd" },
    { "output-style-setup", "🎨", "#bd93f9" },
    { "aside_question", "💬", "#f1fa8c" },
    { "subagent", "🧩", "#a0a0b0" },
    { "build", "🔨", "#ff9f1c" },
    { "explorer", "🧭", "#2ec4b6" },
    { "fork", "🍴", "#e71d36" },
    { "worker", "👷", "#ffbf69" },
    { "codebase_investigator", "🕵️", "#4285f4" },
    { "ops", "🛠️", "#50fa7b" },
    { "work", "💼", "#d1b000" },
    { "research", "📚", "#9b5de5" },
    { "code", "💻", "#00bbf9" },
};

struct Source
{
    const char* name;
    const char* title;
    const char* emoji; // of its main sessions
    const char* color;
};

constexpr Source kSources[] = {
    { "claude", "Claude Code", "🤖", "#d97757" },
    { "codex", "Codex", "🧠", "#10a37f" },
    { "opencode", "OpenCode", "📟", "#f5a623" },
    { "openclaw", "OpenClaw", "🦞", "#ff4d4d" },
    { "gemini", "Gemini CLI", "✨", "#4285f4" },
};

// The fallback palettes: distinct at a glance on dark and light backgrounds.
constexpr const char* kEmojis[]
    = { "🦊", "🐙", "🦉", "🐝", "🦄", "🐢", "🐬", "🦖", "🐺", "🦜", "🐞", "🦔" };
constexpr const char* kColors[] = { "#ff2a6d", "#05d9e8", "#d1f7ff", "#ff9f1c", "#2ec4b6", "#e71d36",
    "#9b5de5", "#f15bb5", "#fee440", "#00bbf9", "#00f5d4", "#8ac926" };

const Source* findSource(const QString& source)
{
    for (const Source& entry : kSources) {
        if (source == QLatin1String(entry.name))
            return &entry;
    }
    return nullptr;
}

} // namespace

QString AgentStyle::sourceTitle(const QString& source)
{
    const Source* entry = findSource(source);
    return entry ? QString::fromUtf8(entry->title) : source;
}

AgentStyle AgentStyle::of(
    const QString& source, const QString& agent, const QString& displayName, bool subAgent)
{
    AgentStyle style;
    const Source* sourceEntry = findSource(source);
    const QString title = sourceTitle(source);
    // OpenClaw's agents are named, configured agents; the other sources' are main sessions and the
    // sub-agents they start.
    if (source == QLatin1String("openclaw"))
        style.role = title + QLatin1String(" agent");
    else if (agent == QLatin1String("main"))
        style.role = title + QLatin1String(" main session");
    else
        style.role = title + (subAgent ? QLatin1String(" sub-agent") : QLatin1String(" agent"));

    if (agent == QLatin1String("main") && sourceEntry) {
        style.emoji = QString::fromUtf8(sourceEntry->emoji);
        style.color = QString::fromUtf8(sourceEntry->color);
        return style;
    }
    const QString lower = agent.toLower();
    for (const Known& known : kKnown) {
        if (lower == QLatin1String(known.agent)) {
            style.emoji = QString::fromUtf8(known.emoji);
            style.color = QString::fromUtf8(known.color);
            return style;
        }
    }
    const quint64 hash = quint64(StableHash::of(displayName.toUtf8()));
    style.emoji = QString::fromUtf8(kEmojis[hash % std::size(kEmojis)]);
    style.color = QString::fromUtf8(kColors[(hash / std::size(kEmojis)) % std::size(kColors)]);
    return style;
}

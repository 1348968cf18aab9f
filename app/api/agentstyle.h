// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

// How the token tracker (token-tracker-report.md) shows an agent: an emoji, a colour and a role. Known
// agent names have a fixed look; any other name gets one picked by a stable hash of its name, so the
// same agent looks the same in every response, on every machine and in every version.
struct AgentStyle
{
    QString emoji;
    QString color; // "#rrggbb"
    QString role; // the agent's source and kind: "Claude Code sub-agent", "OpenClaw agent", ...

    // source: the sources.name ("claude", ...); agent: the agent id ("main", "Explore", an OpenClaw
    // agent id); displayName: the name the report shows, which the fallback hashes; subAgent: whether
    // the agent runs as a child of another session.
    static AgentStyle of(
        const QString& source, const QString& agent, const QString& displayName, bool subAgent);
    // "Claude Code", "Codex", "OpenCode", "OpenClaw", "Gemini CLI"; the name itself when unknown.
    static QString sourceTitle(const QString& source);
};

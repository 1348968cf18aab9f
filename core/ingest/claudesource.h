// SPDX-License-Identifier: MIT
#pragma once

#include "claudefileparser.h"
#include "sourceadapter.h"

// Claude Code transcripts (formats.md §2.1). Roots, in order of precedence: the explicit list
// (--claude-dir), CLAUDE_CONFIG_DIR (a comma-separated list, each entry a config dir or its projects/
// dir; when set, the defaults are not scanned, as Claude Code and ccusage do), else ~/.claude and
// $XDG_CONFIG_HOME/claude (default ~/.config/claude).
class ClaudeSource : public SourceAdapter
{
public:
    static constexpr int kSourceId = 1;

    explicit ClaudeSource(QStringList explicitRoots = {}, ClaudeFileParser::Options options = {});

    int sourceId() const override { return kSourceId; }
    QString name() const override { return QStringLiteral("claude"); }
    QStringList roots() const override { return m_roots; }
    QStringList discoverFiles() const override;
    bool hasFiles() const override;
    std::unique_ptr<LineParser> createParser(const QString& path, const QByteArray& state) const override;

    // The roots that would be used for this environment (exposed for tests and "where I looked").
    static QStringList resolveRoots(const QStringList& explicitRoots);

private:
    QStringList m_roots;
    ClaudeFileParser::Options m_options;
};

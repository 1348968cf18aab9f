// SPDX-License-Identifier: MIT
#pragma once

#include "codexrolloutindex.h"
#include "sourceadapter.h"
#include "sourceoptions.h"

#include <memory>
#include <string>
#include <vector>

// Codex CLI rollouts (formats.md §3, §10). Roots, in order of precedence: the explicit list
// (--codex-home, repeatable, comma-separated), else CODEX_HOME (a comma-separated list, as ccusage
// reads it), else ~/.codex. Per root: sessions/YYYY/MM/DD/rollout-*.jsonl and archived_sessions/, plain
// or zstd (.jsonl.zst); session_index.jsonl and state_5.sqlite (or the one in CODEX_SQLITE_HOME) for
// titles.
class CodexSource : public SourceAdapter
{
public:
    static constexpr int kSourceId = 2;

    explicit CodexSource(QStringList explicitRoots = {}, SourceOptions options = {});
    ~CodexSource() override;

    int sourceId() const override { return kSourceId; }
    QString name() const override { return QStringLiteral("codex"); }
    QStringList roots() const override { return m_roots; }
    QStringList discoverFiles() const override;
    bool hasFiles() const override;
    UnitKind kindOf(const QString& path) const override;
    std::unique_ptr<LineParser> createParser(const QString& path, const QByteArray& state) const override;
    std::unique_ptr<DatabaseReader> createDatabaseReader(const QString& path) const override;
    bool readsConcurrently() const override { return true; } // CodexRolloutIndex is locked
    void endThreadReads() const override;

    // The roots used for this environment (exposed for tests and "where I looked").
    static QStringList resolveRoots(const QStringList& explicitRoots);

private:
    // The rollout paths, sorted.
    QStringList rollouts() const;
    // The rollouts found by the last discovery, by thread id (built on first use).
    CodexRolloutIndex& index() const;

    QStringList m_roots;
    SourceOptions m_options;
    // Discovery state shared by the parsers of one run, on up to two threads (it locks).
    mutable std::unique_ptr<CodexRolloutIndex> m_index;
};

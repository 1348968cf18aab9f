// SPDX-License-Identifier: MIT
#pragma once

#include "openclawsessionindex.h"
#include "sourceadapter.h"
#include "sourceoptions.h"

#include <memory>

// OpenClaw transcripts, archives and agent databases (formats.md §5). Roots, in order of precedence:
// the explicit list (--openclaw-dir, repeatable, comma lists), else $OPENCLAW_STATE_DIR and ccusage's
// $OPENCLAW_DIR (comma list), else every state directory OpenClaw and its earlier brands use:
// ~/.openclaw, ~/.openclaw-<profile> (any profile, --dev's ~/.openclaw-dev among them), ~/.clawdbot,
// ~/.moltbot, ~/.moldbot. A root is a state directory (holding agents/), an agents/ directory, or one
// agent's sessions/ directory.
class OpenClawSource : public SourceAdapter
{
public:
    static constexpr int kSourceId = 4;

    explicit OpenClawSource(QStringList explicitRoots = {}, SourceOptions options = {});

    int sourceId() const override { return kSourceId; }
    QString name() const override { return QStringLiteral("openclaw"); }
    QStringList roots() const override { return m_roots; }
    QStringList discoverFiles() const override;
    bool hasFiles() const override;
    UnitKind kindOf(const QString& path) const override;
    std::unique_ptr<LineParser> createParser(const QString& path, const QByteArray& state) const override;
    std::unique_ptr<DatabaseReader> createDatabaseReader(const QString& path) const override;

    // The roots used for this environment (exposed for tests and "where I looked").
    static QStringList resolveRoots(const QStringList& explicitRoots);

private:
    QStringList scan(bool firstOnly) const;

    QStringList m_roots;
    SourceOptions m_options;
    // Session keys -> ids, shared by every parser of this source (sessions.json is read once per change).
    std::shared_ptr<OpenClawSessionIndex> m_index;
};

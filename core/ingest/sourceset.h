// SPDX-License-Identifier: MIT
#pragma once

#include "sourceadapter.h"
#include "sourceoptions.h"

#include <memory>
#include <QHash>
#include <QStringList>
#include <vector>

// Every source AgentMeter reads, configured once: the CLI, the server and the window build one of
// these and hand its adapters to the ingest engine. Sources are listed in sources.id order.
class SourceSet
{
public:
    struct Config
    {
        QHash<QString, QStringList> roots; // source name -> explicit roots (--claude-dir, ...); else defaults
        SourceOptions options;
        QStringList only; // read only these sources (demo data); empty = all
        QStringList disabled; // never read these (switched off in the window's settings)
    };

    explicit SourceSet(const Config& config);
    ~SourceSet();

    static QStringList names(); // claude, codex, opencode, openclaw, gemini
    std::vector<const SourceAdapter*> adapters() const;
    const SourceAdapter* find(const QString& name) const;
    // Whether any source has any log, without listing them all.
    bool hasFiles() const;
    QStringList rootsLookedIn() const; // every source's roots, for "no logs found in ..."

private:
    std::vector<std::unique_ptr<SourceAdapter>> m_sources;
};

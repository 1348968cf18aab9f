// SPDX-License-Identifier: MIT
#pragma once

#include "geminiprojectmap.h"
#include "sourceadapter.h"
#include "sourceoptions.h"

#include <QHash>
#include <QMutex>

// Gemini CLI chats (formats.md §6). Roots, in order of precedence: the explicit list (--gemini-dir,
// each entry a ~/.gemini dir or its tmp/ dir), else GEMINI_DATA_DIR (ccusage's variable: a
// comma-separated list of tmp dirs), else $GEMINI_CLI_HOME/.gemini (the variable replaces the home
// directory for Gemini CLI), else ~/.gemini. roots() lists the tmp dirs.
class GeminiSource : public SourceAdapter
{
public:
    static constexpr int kSourceId = 5;

    explicit GeminiSource(QStringList explicitRoots = {}, SourceOptions options = {});

    int sourceId() const override { return kSourceId; }
    QString name() const override { return QStringLiteral("gemini"); }
    QStringList roots() const override { return m_roots; }
    QStringList discoverFiles() const override;
    bool hasFiles() const override;
    UnitKind kindOf(const QString& path) const override;
    std::unique_ptr<LineParser> createParser(const QString& path, const QByteArray& state) const override;

    // The roots used for this environment (exposed for tests and "where I looked").
    static QStringList resolveRoots(const QStringList& explicitRoots);

private:
    QStringList chatFiles(bool stopAtFirst) const;
    QByteArray projectRoot(const QString& tmpDir, const QString& projectId) const;

    QStringList m_roots;
    SourceOptions m_options;
    // The registry is read once per tmp dir and run, not once per file.
    mutable QMutex m_mapsMutex;
    mutable QHash<QString, GeminiProjectMap> m_maps;
};

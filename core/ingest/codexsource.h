// SPDX-License-Identifier: MIT
#pragma once

#include "sourceadapter.h"
#include "sourceoptions.h"

// Codex CLI rollouts (formats.md §3).
class CodexSource : public SourceAdapter
{
public:
    static constexpr int kSourceId = 2;

    explicit CodexSource(QStringList explicitRoots = {}, SourceOptions options = {});

    int sourceId() const override { return kSourceId; }
    QString name() const override { return QStringLiteral("codex"); }
    QStringList roots() const override { return m_roots; }
    QStringList discoverFiles() const override;
    std::unique_ptr<LineParser> createParser(const QString& path, const QByteArray& state) const override;

    // The roots used for this environment (exposed for tests and "where I looked").
    static QStringList resolveRoots(const QStringList& explicitRoots);

private:
    QStringList m_roots;
    SourceOptions m_options;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "sourceadapter.h"
#include "sourceoptions.h"

// OpenCode's SQLite database and legacy storage/ JSON (formats.md §4).
class OpenCodeSource : public SourceAdapter
{
public:
    static constexpr int kSourceId = 3;

    explicit OpenCodeSource(QStringList explicitRoots = {}, SourceOptions options = {});

    int sourceId() const override { return kSourceId; }
    QString name() const override { return QStringLiteral("opencode"); }
    QStringList roots() const override { return m_roots; }
    QStringList discoverFiles() const override;
    std::unique_ptr<LineParser> createParser(const QString& path, const QByteArray& state) const override;

    // The roots used for this environment (exposed for tests and "where I looked").
    static QStringList resolveRoots(const QStringList& explicitRoots);

private:
    QStringList m_roots;
    SourceOptions m_options;
};

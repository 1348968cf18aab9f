// SPDX-License-Identifier: MIT
#pragma once

#include "sourceadapter.h"
#include "sourceoptions.h"

// OpenCode's SQLite database and legacy storage/ JSON (formats.md §4, docs/sources/opencode.md).
// A root is an OpenCode data directory (its opencode.db, every opencode-<channel>.db and its storage/
// directory), a database file, or a storage/ directory. Roots, in order of precedence: the explicit
// list (--opencode-dir, comma-separated entries), else OPENCODE_DB (OpenCode's override of the
// database, absolute or relative to the data directory; the data directory's storage/ is still read)
// and OPENCODE_DATA_DIR (ccusage's comma list of data directories), else $XDG_DATA_HOME/opencode,
// default ~/.local/share/opencode.
class OpenCodeSource : public SourceAdapter
{
public:
    static constexpr int kSourceId = 3;

    explicit OpenCodeSource(QStringList explicitRoots = {}, SourceOptions options = {});

    int sourceId() const override { return kSourceId; }
    QString name() const override { return QStringLiteral("opencode"); }
    QStringList roots() const override { return m_roots; }
    QStringList discoverFiles() const override;
    bool hasFiles() const override;
    UnitKind kindOf(const QString& path) const override;
    std::unique_ptr<LineParser> createParser(const QString& path, const QByteArray& state) const override;
    std::unique_ptr<DatabaseReader> createDatabaseReader(const QString& path) const override;

    // The roots used for this environment (exposed for tests and "where I looked").
    static QStringList resolveRoots(const QStringList& explicitRoots);

private:
    QStringList databases() const;

    QStringList m_roots;
    SourceOptions m_options;
};

// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

// Which project root a Gemini CLI chat directory `<tmp>/<projectId>/` belongs to (formats.md §6.1).
// Current versions name the directory with a short slug that the registry `<gemini dir>/projects.json`
// ({"projects": {"<root path>": "<slug>"}}) maps back to the root, and write the root into the
// directory's `.project_root` marker; older versions named it with the SHA-256 (hex) of the root path,
// which can only be mapped by hashing the roots the registry knows.
class GeminiProjectMap
{
public:
    // Reads the registry next to tmpDir (its parent's projects.json). A missing or broken registry
    // yields an empty map: the project is then unknown, never an error.
    static GeminiProjectMap load(const QString& tmpDir);

    // The root for a project directory name, or empty when it cannot be known.
    QByteArray rootOf(const QString& projectId) const;

    static QString hashOf(const QByteArray& rootPath);

private:
    QString m_tmpDir;
    QHash<QString, QByteArray> m_byId; // slug or SHA-256 hex -> root path
};

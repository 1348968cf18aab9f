// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

// How every source turns options and environment variables into root directories.
namespace RootPaths {
// "a, b,,c" -> absolute, cleaned paths; empty entries dropped. Every agent's variable that accepts a
// list (CLAUDE_CONFIG_DIR, CODEX_HOME, ...) and every repeatable --<source>-dir option is split so.
QStringList splitList(const QString& value);
// Splits each entry of a repeatable option.
QStringList splitEach(const QStringList& values);
QString absolute(const QString& path);
// $HOME, so that tests and users can point it elsewhere; QDir::homePath() when unset.
QString homeDirectory();
} // namespace RootPaths

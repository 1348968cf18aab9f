// SPDX-License-Identifier: MIT
#include "codexsource.h"

CodexSource::CodexSource(QStringList explicitRoots, SourceOptions options)
    : m_roots(resolveRoots(explicitRoots))
    , m_options(options)
{ }

QStringList CodexSource::resolveRoots(const QStringList& explicitRoots)
{
    return explicitRoots; // TODO(issue 3): defaults and environment
}

QStringList CodexSource::discoverFiles() const
{
    return {}; // TODO(issue 3)
}

std::unique_ptr<LineParser> CodexSource::createParser(const QString& path, const QByteArray& state) const
{
    Q_UNUSED(path);
    Q_UNUSED(state);
    return nullptr; // TODO(issue 3)
}

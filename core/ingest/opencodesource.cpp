// SPDX-License-Identifier: MIT
#include "opencodesource.h"

OpenCodeSource::OpenCodeSource(QStringList explicitRoots, SourceOptions options)
    : m_roots(resolveRoots(explicitRoots))
    , m_options(options)
{ }

QStringList OpenCodeSource::resolveRoots(const QStringList& explicitRoots)
{
    return explicitRoots; // TODO(issue 3): defaults and environment
}

QStringList OpenCodeSource::discoverFiles() const
{
    return {}; // TODO(issue 3)
}

std::unique_ptr<LineParser> OpenCodeSource::createParser(const QString& path, const QByteArray& state) const
{
    Q_UNUSED(path);
    Q_UNUSED(state);
    return nullptr; // TODO(issue 3)
}

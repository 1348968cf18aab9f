// SPDX-License-Identifier: MIT
#include "openclawsource.h"

OpenClawSource::OpenClawSource(QStringList explicitRoots, SourceOptions options)
    : m_roots(resolveRoots(explicitRoots))
    , m_options(options)
{ }

QStringList OpenClawSource::resolveRoots(const QStringList& explicitRoots)
{
    return explicitRoots; // TODO(issue 3): defaults and environment
}

QStringList OpenClawSource::discoverFiles() const
{
    return {}; // TODO(issue 3)
}

std::unique_ptr<LineParser> OpenClawSource::createParser(const QString& path, const QByteArray& state) const
{
    Q_UNUSED(path);
    Q_UNUSED(state);
    return nullptr; // TODO(issue 3)
}

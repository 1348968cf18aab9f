// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>

// The name and version every AgentMeter process reports (--version, the API's health route, the
// window's About), set by the executable's main() and by the window module's.
namespace ApplicationIdentity {
inline void describe()
{
    QCoreApplication::setApplicationName(QStringLiteral("agentmeter"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AGENTMETER_VERSION));
}
} // namespace ApplicationIdentity

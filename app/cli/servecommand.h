// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// `agentmeter serve`: ingests, keeps watching every source, and serves the local API until SIGINT or
// SIGTERM. Runs without a display (QCoreApplication).
class ServeCommand
{
public:
    int run(const QStringList& arguments);
};

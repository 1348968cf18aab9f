// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// The command line: `agentmeter [command] [options]`. Exit codes: 0 success, 1 a runtime failure (the
// database could not be written, a file could not be read), 2 bad arguments.
class CliApp
{
public:
    enum ExitCode
    {
        Ok = 0,
        Failed = 1,
        BadArguments = 2
    };

    // arguments include the program name, as QCoreApplication::arguments() returns them.
    int run(const QStringList& arguments);

private:
    int runDefault(const QStringList& arguments);
    int runIngest(const QStringList& arguments);
    int runReport(const QStringList& arguments);
    int runDemo(const QStringList& arguments);
    int runPrices(const QStringList& arguments);
    int printUsage(bool toError);
};

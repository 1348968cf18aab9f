// SPDX-License-Identifier: MIT
#include "networkmodule.h"

#include "appmodule.h"
#include "clicontext.h"

#include <QTextStream>
#include <string>

int NetworkModule::run(const char* command, const QStringList& arguments)
{
    std::string errors;
    if (auto entry = reinterpret_cast<EntryPoint>(AppModule::load(kFileName, kEntryPoint, &errors)))
        return entry(command, &arguments);
    err() << QStringLiteral("agentmeter: cannot run '%1': the module with the server and the network "
                            "client is missing or broken:%2\n"
                            "'agentmeter report', 'agentmeter ingest' and the other commands work "
                            "without it.\n")
                 .arg(QString::fromUtf8(command).replace(QLatin1Char('-'), QLatin1Char(' ')),
                     QString::fromStdString(errors))
          << Qt::flush;
    return 1;
}

// SPDX-License-Identifier: MIT
#include "windowmodule.h"

#include "appmodule.h"

#include <cstdio>
#include <string>

int WindowModule::run(int argc, char* argv[])
{
    std::string errors;
    if (auto entry = reinterpret_cast<EntryPoint>(AppModule::load(kFileName, kEntryPoint, &errors)))
        return entry(argc, argv);
    std::fprintf(stderr,
        "agentmeter: cannot open the window: its module is missing or broken:%s\n"
        "'agentmeter report', 'agentmeter serve' and the other commands work without it.\n",
        errors.c_str());
    return 1;
}

// SPDX-License-Identifier: MIT
// The entry point of agentmeter-network.so (networkmodule.h): the commands that serve HTTP or go
// online, run in the executable's QCoreApplication after CliApp has chosen them.
#include "networkmodule.h"
#include "pricesupdatecommand.h"
#include "servecommand.h"

#include <cstdio>
#include <cstring>
#include <QUrl>
#include <type_traits>

extern "C" Q_DECL_EXPORT int agentmeter_network_main(const char* command, const QStringList* arguments)
{
    static_assert(std::is_same_v<decltype(&agentmeter_network_main), NetworkModule::EntryPoint>);
    if (std::strcmp(command, "serve") == 0)
        return ServeCommand().run(*arguments);
    if (std::strcmp(command, "prices-update") == 0 && arguments->size() == 1)
        return PricesUpdateCommand().run(QUrl(arguments->first(), QUrl::StrictMode));
    // A command this module does not have: the executable and the module come from different builds.
    std::fprintf(
        stderr, "agentmeter: the network module does not match this executable (no command '%s')\n", command);
    return 1;
}

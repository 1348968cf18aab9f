// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// `agentmeter serve` and `agentmeter prices update` live in a module of their own,
// agentmeter-network.so (appmodule.h), with the HTTP server and Qt Network: every other command then
// neither loads nor relocates Qt Network, Qt HttpServer, Qt WebSockets and the Kerberos, proxy and
// Brotli libraries they pull in (4-5 ms of every run's start-up on the benchmark machine).
namespace NetworkModule {
inline constexpr const char* kFileName = "agentmeter-network.so";
// extern "C" int agentmeter_network_main(const char* command, const QStringList* arguments): command is
// "serve" (arguments as ServeCommand::run takes them) or "prices-update" (arguments: the URL).
inline constexpr const char* kEntryPoint = "agentmeter_network_main";
using EntryPoint = int (*)(const char* command, const QStringList* arguments);
// Loads the module and runs the command in the running QCoreApplication; when the module cannot be
// loaded, says why on stderr and returns 1.
int run(const char* command, const QStringList& arguments);
} // namespace NetworkModule

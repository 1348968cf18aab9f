// SPDX-License-Identifier: MIT
#pragma once

#include <string>

// The executable keeps what only some commands need in modules it loads for those commands: the
// window (agentmeter-window.so, windowmodule.h) and the HTTP server with everything that goes online
// (agentmeter-network.so, networkmodule.h). Every other run loads neither, nor the libraries they
// link. A module carries its own copy of the engine and exports one entry point.
namespace AppModule {
// Finds fileName beside the executable (a build tree), then in <libdir>/agentmeter of its installation
// (found from the executable's own directory: bin/../lib/<multiarch>/agentmeter for /usr), loads it
// and returns the address of entryPoint. Null when it cannot; errors then lists what was tried.
void* load(const char* fileName, const char* entryPoint, std::string* errors);
} // namespace AppModule

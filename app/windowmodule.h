// SPDX-License-Identifier: MIT
#pragma once

// The window lives in a module of its own, agentmeter-window.so, which the agentmeter executable loads
// only to open the window. A command-line run (`report`, `ingest`, `serve`) then neither loads nor
// relocates Qt Widgets, Gui, Charts, OpenGL and the thirty libraries they pull in: measured on a warm
// report over 22,930 Codex rollouts, 10 ms and 8 MB of peak memory less per run; 18 ms against 27 ms for
// a report with --no-ingest.
namespace WindowModule {
// The module's file name; the executable looks beside itself (a build tree), then in <libdir>/agentmeter
// of its installation (found from its own directory: bin/../lib/<multiarch>/agentmeter for /usr).
inline constexpr const char* kFileName = "agentmeter-window.so";
// extern "C" int agentmeter_window_main(int argc, char* argv[]): main() for the window.
inline constexpr const char* kEntryPoint = "agentmeter_window_main";
using EntryPoint = int (*)(int argc, char* argv[]);

// Loads the module and runs its entry point; when it cannot, says why on stderr and returns 1.
int run(int argc, char* argv[]);
} // namespace WindowModule

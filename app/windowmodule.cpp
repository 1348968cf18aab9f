// SPDX-License-Identifier: MIT
#include "windowmodule.h"

#include <climits>
#include <cstdio>
#include <dlfcn.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace {
// The directory of the running executable, from /proc (no QCoreApplication exists yet: the window's
// QApplication is made inside the module).
std::string executableDirectory()
{
    char buffer[PATH_MAX];
    const ssize_t length = ::readlink("/proc/self/exe", buffer, sizeof buffer - 1);
    if (length <= 0)
        return ".";
    const std::string path(buffer, size_t(length));
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}
} // namespace

int WindowModule::run(int argc, char* argv[])
{
    const std::string directory = executableDirectory();
    const std::vector<std::string> candidates = {
        directory + '/' + kFileName,
        directory + "/" AGENTMETER_WINDOW_MODULE_DIR "/" + kFileName,
    };
    std::string errors;
    for (const std::string& candidate : candidates) {
        if (::access(candidate.c_str(), F_OK) != 0) {
            errors += "\n  " + candidate + ": no such file";
            continue;
        }
        // RTLD_LOCAL: the module's own copy of the engine serves the window; nothing of it is
        // visible to the executable's copy, or the other way round.
        void* module = ::dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!module) {
            errors += "\n  " + std::string(::dlerror());
            continue;
        }
        if (auto entry = reinterpret_cast<EntryPoint>(::dlsym(module, kEntryPoint)))
            return entry(argc, argv); // the module stays loaded until the process exits
        errors += "\n  " + candidate + ": no " + kEntryPoint;
    }
    std::fprintf(stderr,
        "agentmeter: cannot open the window: its module is missing or broken:%s\n"
        "'agentmeter report', 'agentmeter serve' and the other commands work without it.\n",
        errors.c_str());
    return 1;
}

// SPDX-License-Identifier: MIT
#include "appmodule.h"

#include <climits>
#include <dlfcn.h>
#include <unistd.h>
#include <vector>

namespace {
// The directory of the running executable, from /proc (the window's module is loaded before any
// QCoreApplication exists: its QApplication is made inside the module).
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

void* AppModule::load(const char* fileName, const char* entryPoint, std::string* errors)
{
    const std::string directory = executableDirectory();
    const std::vector<std::string> candidates = {
        directory + '/' + fileName,
        directory + "/" AGENTMETER_MODULE_DIR "/" + fileName,
    };
    for (const std::string& candidate : candidates) {
        if (::access(candidate.c_str(), F_OK) != 0) {
            *errors += "\n  " + candidate + ": no such file";
            continue;
        }
        // RTLD_LOCAL: the module's own copy of the engine serves it; nothing of it is visible to the
        // executable's copy, or the other way round.
        void* module = ::dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!module) {
            *errors += "\n  " + std::string(::dlerror());
            continue;
        }
        if (void* entry = ::dlsym(module, entryPoint))
            return entry; // the module stays loaded until the process exits
        *errors += "\n  " + candidate + ": no " + entryPoint;
    }
    return nullptr;
}

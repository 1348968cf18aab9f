// SPDX-License-Identifier: MIT
#include "applicationidentity.h"
#include "cli/cliapp.h"
#ifdef AGENTMETER_HAVE_GUI
#include "windowmodule.h"
#endif

#include <cstring>
#include <QByteArray>
#include <QCoreApplication>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace {

#ifdef AGENTMETER_HAVE_GUI
// Constructing a QApplication without a display aborts (qt-notes.md §5), so decide first.
bool hasDisplay()
{
    // QT_QPA_PLATFORM is no sign of one: exported in a profile, it would make a bare `agentmeter` over ssh
    // abort instead of printing the report. `agentmeter window` forces the window.
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

// `agentmeter window ...` always; a bare `agentmeter [options]` when a display exists (without one it
// prints the daily report, as before the window existed).
bool wantsWindow(int argc, char* argv[])
{
    const QByteArray first = argc > 1 ? QByteArray(argv[1]) : QByteArray();
    if (first == "window")
        return true;
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--help" || argument == "-h" || argument == "--version" || argument == "-v")
            return false;
    }
    return (first.isEmpty() || first.startsWith('-')) && hasDisplay();
}
#endif

// A command that ends when its work is done (all but `serve` and the window) keeps the memory it frees
// for its own later allocations. By default glibc hands back what is freed: blocks of 128 KiB and more
// are unmapped, the top of the heap is trimmed, and a thread's arena is released page by page; the next
// batch, list or table then faults the same amount in again. On the 2-core VM the benchmarks run on, a
// page fault costs about 10 us, and a run over 23,000 unchanged Codex rollouts took 7,100 of them
// (5,100 with this); the cold 1 GB loads take 27,000 (Claude) and 40,000 (Codex). Memory a short run
// keeps is returned when it exits; a server keeps glibc's defaults, as it runs for days after a load.
void keepFreedMemory()
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20); // the largest glibc accepts; larger blocks are still mapped
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

} // namespace

int main(int argc, char* argv[])
{
#ifdef AGENTMETER_HAVE_GUI
    if (wantsWindow(argc, argv))
        return WindowModule::run(argc, argv); // agentmeter-window.so makes the QApplication
#endif
    if (argc < 2 || std::strcmp(argv[1], "serve") != 0)
        keepFreedMemory();
    QCoreApplication app(argc, argv);
    ApplicationIdentity::describe();
    return CliApp().run(QCoreApplication::arguments());
}

// SPDX-License-Identifier: MIT
#include "applicationidentity.h"
#include "cli/cliapp.h"
#include "store/heapreserve.h"
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

} // namespace

int main(int argc, char* argv[])
{
#ifdef AGENTMETER_HAVE_GUI
    if (wantsWindow(argc, argv))
        return WindowModule::run(argc, argv); // agentmeter-window.so makes the QApplication
#endif
    if (argc < 2 || std::strcmp(argv[1], "serve") != 0)
        HeapReserve::keepFreedMemory(); // a one-shot command (heapreserve.h)
    QCoreApplication app(argc, argv);
    ApplicationIdentity::describe();
    return CliApp().run(QCoreApplication::arguments());
}

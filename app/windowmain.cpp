// SPDX-License-Identifier: MIT
// The entry point of agentmeter-window.so (windowmodule.h): what main() did for the window when the
// window was linked into the executable.
#include "applicationidentity.h"
#include "windowcommand.h"
#include "windowmodule.h"

#include <QApplication>
#include <QIcon>

namespace {
// The embedded renders of packaging/icons; desktops that read the .desktop file use the installed ones.
QIcon applicationIcon()
{
    QIcon icon;
    for (const int size : { 16, 32, 64, 256 })
        icon.addFile(QStringLiteral(":/icons/agentmeter-%1.png").arg(size), QSize(size, size));
    return icon;
}
} // namespace

extern "C" Q_DECL_EXPORT int agentmeter_window_main(int argc, char* argv[])
{
    static_assert(std::is_same_v<decltype(&agentmeter_window_main), WindowModule::EntryPoint>);
    QApplication app(argc, argv);
    ApplicationIdentity::describe();
    QApplication::setApplicationDisplayName(QStringLiteral("AgentMeter"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.agentmeter.AgentMeter"));
    QApplication::setWindowIcon(applicationIcon());
    QStringList arguments = QApplication::arguments();
    if (arguments.value(1) == QLatin1String("window"))
        arguments.removeAt(1);
    return WindowCommand().run(arguments);
}

// SPDX-License-Identifier: MIT
#include "cli/cliapp.h"
#ifdef AGENTMETER_HAVE_GUI
#include "windowcommand.h"
#include <QApplication>
#include <QIcon>
#endif

#include <QCoreApplication>

namespace {

void describe()
{
    QCoreApplication::setApplicationName(QStringLiteral("agentmeter"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AGENTMETER_VERSION));
}

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

// The embedded renders of packaging/icons; desktops that read the .desktop file use the installed ones.
QIcon applicationIcon()
{
    QIcon icon;
    for (const int size : { 16, 32, 64, 256 })
        icon.addFile(QStringLiteral(":/icons/agentmeter-%1.png").arg(size), QSize(size, size));
    return icon;
}
#endif

} // namespace

int main(int argc, char* argv[])
{
#ifdef AGENTMETER_HAVE_GUI
    if (wantsWindow(argc, argv)) {
        QApplication app(argc, argv);
        describe();
        QApplication::setApplicationDisplayName(QStringLiteral("AgentMeter"));
        QApplication::setDesktopFileName(QStringLiteral("io.github.agentmeter.AgentMeter"));
        QApplication::setWindowIcon(applicationIcon());
        QStringList arguments = QApplication::arguments();
        if (arguments.value(1) == QLatin1String("window"))
            arguments.removeAt(1);
        return WindowCommand().run(arguments);
    }
#endif
    QCoreApplication app(argc, argv);
    describe();
    return CliApp().run(QCoreApplication::arguments());
}

// SPDX-License-Identifier: MIT
#include "cli/cliapp.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    // Headless for now: the window arrives with the views/ library, and main() will then pick
    // QApplication only when a display exists, before constructing either (qt-notes.md §5).
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("agentmeter"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AGENTMETER_VERSION));
    return CliApp().run(QCoreApplication::arguments());
}

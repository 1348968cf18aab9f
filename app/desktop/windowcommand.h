// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

// `agentmeter [window] [options]` with a display: the desktop window. Runs under a QApplication that
// main() created.
class WindowCommand
{
public:
    int run(const QStringList& arguments);
};

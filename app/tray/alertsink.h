// SPDX-License-Identifier: MIT
#pragma once

struct Alert;

// Where BudgetMonitor delivers a new crossing (qt-notes.md §5): the tray, the log, the API's event
// stream. Delivery is on the GUI thread and must not block.
class AlertSink
{
public:
    virtual ~AlertSink() = default;
    virtual void deliver(const Alert& alert) = 0;
};

// SPDX-License-Identifier: MIT
#pragma once

#include "alertsink.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcBudgets)

// Writes alerts to the log (stderr; the journal when run as a service): a reached alert level as a
// warning, the rest as information. Works without a tray, so headless runs and tests still see them.
class LogAlertSink : public AlertSink
{
public:
    void deliver(const Alert& alert) override;
};

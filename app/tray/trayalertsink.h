// SPDX-License-Identifier: MIT
#pragma once

#include "alertsink.h"

#include <QPointer>

class QAction;
class QSystemTrayIcon;

// Shows alerts as the tray icon's notification balloon: only when a system tray exists and the icon
// is shown (offscreen and minimal platforms have none, qt-notes.md §5), and not while "Pause alerts"
// is checked.
class TrayAlertSink : public AlertSink
{
public:
    TrayAlertSink(QSystemTrayIcon* icon, QAction* pause);
    void deliver(const Alert& alert) override;

private:
    QPointer<QSystemTrayIcon> m_icon;
    QPointer<QAction> m_pause;
};

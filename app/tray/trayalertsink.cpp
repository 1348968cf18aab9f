// SPDX-License-Identifier: MIT
#include "trayalertsink.h"

#include "alert.h"

#include <QAction>
#include <QSystemTrayIcon>

TrayAlertSink::TrayAlertSink(QSystemTrayIcon* icon, QAction* pause)
    : m_icon(icon)
    , m_pause(pause)
{ }

void TrayAlertSink::deliver(const Alert& alert)
{
    if (!m_icon || !m_icon->isVisible() || !QSystemTrayIcon::isSystemTrayAvailable())
        return;
    if (m_pause && m_pause->isChecked())
        return;
    const auto icon = alert.kind == BudgetNotifications::Kind::Alert ? QSystemTrayIcon::Critical
        : alert.kind == BudgetNotifications::Kind::Warn              ? QSystemTrayIcon::Warning
                                                                     : QSystemTrayIcon::Information;
    m_icon->showMessage(alert.title, alert.message, icon);
}

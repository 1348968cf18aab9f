// SPDX-License-Identifier: MIT
#pragma once

#include "alertsink.h"

#include <memory>
#include <QObject>
#include <QPointer>

class BudgetMonitor;
class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

// The tray icon: its tooltip says today's cost and the budget closest to its limit, a click shows or
// hides the window, and its menu opens the window, pauses alert balloons or quits.
class TrayController : public QObject
{
    Q_OBJECT
public:
    TrayController(BudgetMonitor& monitor, QWidget* window, QObject* parent = nullptr);
    ~TrayController() override;

    // Shows the icon when the desktop has a system tray; returns whether it is shown.
    bool show();
    bool isShown() const;

    QString toolTip() const;
    QAction* pauseAction() const { return m_pause; }
    // The sink that shows alerts as this icon's balloons, for the monitor.
    std::unique_ptr<AlertSink> createAlertSink() const;

Q_SIGNALS:
    void quitRequested();

private:
    void updateToolTip();
    void showWindow();
    void toggleWindow();

    BudgetMonitor& m_monitor;
    QPointer<QWidget> m_window;
    QSystemTrayIcon* m_icon = nullptr;
    std::unique_ptr<QMenu> m_menu; // QSystemTrayIcon does not own its menu
    QAction* m_pause = nullptr;
};

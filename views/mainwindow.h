// SPDX-License-Identifier: MIT
#pragma once

#include "pagecontext.h"

#include <QMainWindow>

class ActivityPage;
class DashboardPage;
class QLabel;
class QTabWidget;
class SessionsPage;
class TracesPage;

// The window: one tab per page, a status bar with the live ingest's state, and a banner when the data
// shown is generated demo data.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const PageContext& context, QWidget* parent = nullptr);

    enum Page
    {
        Dashboard,
        Sessions,
        Traces,
        Activity,
        PageCount
    };
    void showPage(Page page);
    QWidget* page(Page page) const;

    // Whether a tray icon is shown: closing the window then hides it when the settings say so
    // (AppSettings::closeToTray), instead of quitting.
    void setTrayIconShown(bool shown) { m_trayIconShown = shown; }

    // Shown above the pages, e.g. "Demo data: no agent logs found in ..."; empty hides it.
    void setBanner(const QString& text);

Q_SIGNALS:
    void settingsRequested();
    void quitRequested();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    PageContext m_context;
    bool m_trayIconShown = false;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_banner = nullptr;
    QLabel* m_status = nullptr;
    QString m_lastNews; // what the last pass that read something found
};

// SPDX-License-Identifier: MIT
#pragma once

#include "settingsdialog.h"

#include <functional>
#include <memory>
#include <optional>
#include <QObject>
#include <QString>

class AppSettings;
class BudgetMonitor;
class CliContext;
class FirstRunPage;
class MainWindow;
class QueryRunner;
class ServiceHost;
class StoreChanges;
class TrayController;
struct ServerConfig;

// The window's process: live ingest and the API (ServiceHost, as `serve` runs them), the query pool the
// pages read through, the main window with the budgets' monitor and the tray icon; or, when there is
// nothing to show yet, the first-run page.
// Applies the settings: after OK in the settings dialog it restarts the services and rebuilds the window
// where what they run on changed. Created by WindowCommand under a QApplication.
class DesktopApp : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool noApi = false; // --no-api: wins over the settings
        bool forcedDemo = false; // --demo: stays on demo data whatever the settings say
        QString dataDir; // where the first-run page writes demo data
        // Reads the command line and the settings into a fresh context (DesktopSettings::configure).
        // Called again after the settings changed, so command-line options keep winning.
        std::function<int(CliContext&, QString*)> configure;
    };

    // context is configured (database, sources, prices; demo data when WindowCommand chose it).
    DesktopApp(std::unique_ptr<CliContext> context, AppSettings& settings, Options options,
        QObject* parent = nullptr);
    ~DesktopApp() override;

    // Shows the first-run page when there are no logs and no stored sessions, else starts the services
    // and shows the window. An API that cannot listen (a taken port) is reported; the rest runs.
    void start();

    MainWindow* window() const { return m_window.get(); }
    FirstRunPage* firstRunPage() const { return m_firstRun.get(); }
    const CliContext& context() const { return *m_context; }
    ServiceHost* services() const { return m_host.get(); }
    StoreChanges* changes() const { return m_changes.get(); }
    QueryRunner* queries() const { return m_queries.get(); }
    QString apiProblem() const { return m_apiProblem; } // why the API is not running, if it should

    // Opens the settings on a tab; applies them on OK.
    void showSettings(SettingsDialog::Tab tab);
    // Re-reads the command line and settings and restarts what changed.
    void applySettings();

private:
    void showFirstRun();
    void runServices(); // (re)starts ingest and the API on m_context
    void buildWindow(); // (re)builds the window on m_context and the settings
    void startBudgets(); // the monitor and tray icon of the window just built
    std::optional<ServerConfig> apiConfig(QString* problem) const;
    // What the services and the window were built from, to rebuild only what a change touches.
    QStringList servicesKey() const;
    QStringList windowKey() const;

    std::unique_ptr<CliContext> m_context;
    AppSettings& m_settings;
    Options m_options;
    std::unique_ptr<StoreChanges> m_changes;
    std::unique_ptr<QueryRunner> m_queries;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<FirstRunPage> m_firstRun;
    std::unique_ptr<BudgetMonitor> m_budgets;
    std::unique_ptr<TrayController> m_tray;
    QString m_appliedDatabaseSetting; // the database setting the running services use
    bool m_alertsPaused = false; // the tray's "Pause alerts", kept when the window is rebuilt
    QString m_apiProblem;
    QStringList m_servicesKey;
    QStringList m_windowKey;
};

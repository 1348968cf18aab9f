// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <QObject>
#include <QString>

class AppSettings;
class CliContext;
class MainWindow;
class QueryRunner;
class ServiceHost;
class StoreChanges;

// The window's process: live ingest and the API (ServiceHost, as `serve` runs them), the query pool the
// pages read through, and the main window. Created by WindowCommand under a QApplication.
class DesktopApp : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool api = true; // the embedded API server (settings: api/enabled)
        QString banner; // shown above the pages (demo data)
    };

    // context is configured (database, sources, prices) and must outlive this object.
    DesktopApp(const CliContext& context, AppSettings& settings, const Options& options,
        QObject* parent = nullptr);
    ~DesktopApp() override;

    // Starts ingest and the API and shows the window. Returns false with *error set when the API cannot
    // listen (the port is taken); the caller may retry without the API.
    bool start(QString* error);

    MainWindow* window() const { return m_window.get(); }
    StoreChanges* changes() const { return m_changes.get(); }
    QueryRunner* queries() const { return m_queries.get(); }

private:
    const CliContext& m_context;
    AppSettings& m_settings;
    Options m_options;
    std::unique_ptr<StoreChanges> m_changes;
    std::unique_ptr<QueryRunner> m_queries;
    std::unique_ptr<ServiceHost> m_host;
    std::unique_ptr<MainWindow> m_window;
};

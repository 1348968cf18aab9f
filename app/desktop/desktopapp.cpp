// SPDX-License-Identifier: MIT
#include "desktopapp.h"

#include "clicontext.h"
#include "mainwindow.h"
#include "servicehost.h"
#include "settings/appsettings.h"
#include "storechanges.h"
#include "store/queryrunner.h"

#include <QApplication>

DesktopApp::DesktopApp(const CliContext& context, AppSettings& settings, const Options& options, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_settings(settings)
    , m_options(options)
    , m_changes(std::make_unique<StoreChanges>())
{ }

DesktopApp::~DesktopApp()
{
    // The window's pages may have queries in flight; their results are dropped with the pages.
    m_window.reset();
    if (m_host)
        m_host->stop();
}

bool DesktopApp::start(QString* error)
{
    m_host = std::make_unique<ServiceHost>(m_context, LiveIngest::Options {});
    connect(m_host->live(), &LiveIngest::changesAvailable, m_changes.get(), &StoreChanges::publish);
    connect(m_host->live(), &LiveIngest::passFinished, m_changes.get(), &StoreChanges::publishPass);
    m_queries = std::make_unique<QueryRunner>(m_context.databasePath());

    std::optional<ServerConfig> api;
    if (m_options.api) {
        ServerConfig config;
        config.bind.setAddress(m_settings.apiBind());
        config.port = quint16(m_settings.apiPort());
        config.token = m_settings.apiToken();
        config.databasePath = m_context.databasePath();
        config.prices = m_context.prices();
        api = config;
    }
    if (!m_host->start(api, error))
        return false;

    PageContext pages;
    pages.queries = m_queries.get();
    pages.changes = m_changes.get();
    pages.settings = &m_settings;
    pages.prices = m_context.prices();
    m_window = std::make_unique<MainWindow>(pages);
    m_window->setBanner(m_options.banner);
    connect(m_window.get(), &MainWindow::quitRequested, qApp, &QApplication::quit);
    m_window->show();
    return true;
}

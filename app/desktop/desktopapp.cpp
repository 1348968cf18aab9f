// SPDX-License-Identifier: MIT
#include "desktopapp.h"

#include "apialertsink.h"
#include "budgetmonitor.h"
#include "clicontext.h"
#include "logalertsink.h"
#include "mainwindow.h"
#include "servicehost.h"
#include "settings/appsettings.h"
#include "storechanges.h"
#include "store/queryrunner.h"
#include "traycontroller.h"

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
    m_tray.reset();
    m_budgets.reset();
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
    m_window = std::make_unique<MainWindow>(pages);
    m_window->setBanner(m_options.banner);
    connect(m_window.get(), &MainWindow::quitRequested, qApp, &QApplication::quit);
    startBudgets();
    m_window->show();
    return true;
}

void DesktopApp::startBudgets()
{
    BudgetMonitor::Options options;
    const QTimeZone zone(m_settings.timeZone().toLatin1());
    if (!m_settings.timeZone().isEmpty() && zone.isValid())
        options.zone = zone;
    m_budgets = std::make_unique<BudgetMonitor>(*m_queries, m_changes.get(), m_settings, options);
    m_budgets->addSink(std::make_unique<LogAlertSink>());
    if (m_host->api()) {
        ServiceHost* host = m_host.get();
        m_budgets->addSink(
            std::make_unique<ApiAlertSink>([host](const QJsonObject& alert) { host->publishAlert(alert); }));
    }
    m_tray = std::make_unique<TrayController>(*m_budgets, m_window.get());
    m_budgets->addSink(m_tray->createAlertSink());
    connect(m_tray.get(), &TrayController::quitRequested, qApp, &QApplication::quit);
    // With the icon shown, closing the window may leave the process running in the tray (MainWindow
    // decides from the setting at each close); without it, closing the window quits.
    const bool trayShown = m_tray->show();
    m_window->setTrayIconShown(trayShown);
    QApplication::setQuitOnLastWindowClosed(!trayShown);
}

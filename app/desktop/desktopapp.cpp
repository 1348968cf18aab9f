// SPDX-License-Identifier: MIT
#include "desktopapp.h"

#include "apialertsink.h"
#include "budgetmonitor.h"
#include "clicontext.h"
#include "desktopsettings.h"
#include "firstrunpage.h"
#include "logalertsink.h"
#include "mainwindow.h"
#include "pricefetcher.h"
#include "servicehost.h"
#include "settings/appsettings.h"
#include "store/database.h"
#include "store/queryrunner.h"
#include "store/storeerror.h"
#include "storechanges.h"
#include "traycontroller.h"

#include <QAction>
#include <QApplication>
#include <QMessageBox>
#include <QStatusBar>

namespace {
QString demoBanner()
{
    return DesktopApp::tr("Demo data: these numbers come from generated logs, not from your agents.");
}

// The roots each source reads when no option or setting names any: the dialog shows them as hints.
QHash<QString, QStringList> detectedRoots()
{
    const SourceSet defaults { SourceSet::Config {} };
    QHash<QString, QStringList> roots;
    for (const SourceAdapter* source : defaults.adapters())
        roots.insert(source->name(), source->roots());
    return roots;
}

SettingsDialog::PriceRefresh fetchPrices()
{
    const PriceFetcher::Result result
        = PriceFetcher::fetch(PriceFetcher::defaultUrl(), CliContext::fetchedPricesPath());
    if (!result.ok)
        return { false, DesktopApp::tr("Prices unchanged: %1").arg(result.error) };
    return { true,
        DesktopApp::tr(
            "Fetched prices of %1 models from %2 providers. Stored costs are recalculated with them "
            "when the settings close.")
            .arg(result.models)
            .arg(result.providers) };
}
} // namespace

DesktopApp::DesktopApp(
    std::unique_ptr<CliContext> context, AppSettings& settings, Options options, QObject* parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_settings(settings)
    , m_options(std::move(options))
    , m_changes(std::make_unique<StoreChanges>())
    , m_appliedDatabaseSetting(settings.databasePath())
{ }

DesktopApp::~DesktopApp()
{
    // The window's pages may have queries in flight; their results are dropped with the pages.
    m_tray.reset();
    m_budgets.reset();
    m_window.reset();
    m_firstRun.reset();
    if (m_host)
        m_host->stop();
}

void DesktopApp::start()
{
    if (!m_context->usingDemoData() && !m_context->hasLogsOrSessions()) {
        showFirstRun();
        return;
    }
    runServices();
    buildWindow();
}

void DesktopApp::showFirstRun()
{
    m_firstRun = std::make_unique<FirstRunPage>(
        SourceSet(m_context->sourceConfig()).rootsLookedIn(), m_options.dataDir);
    m_firstRun->setWindowTitle(tr("AgentMeter"));
    connect(
        m_firstRun.get(), &FirstRunPage::demoDataAvailable, this, [this](const DemoCorpus::Result& result) {
            m_context->useDemoData(result.rootBySource, result.databasePath);
            runServices();
            buildWindow();
            m_firstRun.release()->deleteLater(); // its own signal is still being delivered
        });
    // Queued, so that the dialog does not run inside the button's click.
    connect(
        m_firstRun.get(), &FirstRunPage::chooseFoldersRequested, this,
        [this] { showSettings(SettingsDialog::SourcesTab); }, Qt::QueuedConnection);
    m_firstRun->resize(720, 480);
    m_firstRun->show();
}

std::optional<ServerConfig> DesktopApp::apiConfig(QString* problem) const
{
    problem->clear();
    if (m_options.noApi)
        return std::nullopt;
    std::optional<ServerConfig> config = DesktopSettings::server(m_settings, problem);
    if (config) {
        config->databasePath = m_context->databasePath();
        config->prices = m_context->prices();
    }
    return config;
}

QStringList DesktopApp::servicesKey() const
{
    const SourceSet::Config sources = m_context->sourceConfig();
    QStringList key { m_context->databasePath(), QString::fromLatin1(m_context->priceFingerprint()),
        sources.options.storeContent ? QStringLiteral("content") : QStringLiteral("no content"),
        sources.only.join(QLatin1Char(',')), sources.disabled.join(QLatin1Char(',')) };
    for (const QString& source : SourceSet::names())
        key << source + QLatin1Char('=') + sources.roots.value(source).join(QLatin1Char(','));
    QString problem;
    if (const std::optional<ServerConfig> api = apiConfig(&problem))
        key << api->bind.toString() << QString::number(api->port) << api->token
            << QString::fromUtf8(api->timeZone.id());
    return key;
}

QStringList DesktopApp::windowKey() const
{
    return { m_context->databasePath(), QString::fromUtf8(DesktopSettings::timeZone(m_settings).id()),
        QString::number(int(DesktopSettings::costMode(m_settings))),
        QString::fromLatin1(m_context->priceFingerprint()),
        m_context->usingDemoData() ? QStringLiteral("demo") : QString() };
}

void DesktopApp::runServices()
{
    if (m_host) {
        m_host->stop();
        m_host.reset();
    }
    m_host = std::make_unique<ServiceHost>(*m_context, LiveIngest::Options {});
    connect(m_host->live(), &LiveIngest::changesAvailable, m_changes.get(), &StoreChanges::publish);
    connect(m_host->live(), &LiveIngest::passFinished, m_changes.get(), &StoreChanges::publishPass);
    const std::optional<ServerConfig> api = apiConfig(&m_apiProblem);
    QString error;
    if (!m_host->start(api, &error)) {
        // A taken port must not keep the window from working: the API is optional there.
        m_apiProblem = tr("API not started: %1").arg(error);
        m_host->start(std::nullopt, &error);
    } else if (!m_apiProblem.isEmpty()) {
        m_apiProblem = tr("API not started: %1").arg(m_apiProblem);
    }
    if (!m_apiProblem.isEmpty())
        qWarning("%s", qPrintable(m_apiProblem));
    m_servicesKey = servicesKey();
}

void DesktopApp::buildWindow()
{
    QByteArray geometry;
    if (m_window) {
        geometry = m_window->saveGeometry();
        m_alertsPaused = m_tray && m_tray->pauseAction()->isChecked(); // survives the rebuild
        m_tray.reset();
        m_budgets.reset();
        m_window.reset();
    }
    if (!m_queries || m_queries->databasePath() != m_context->databasePath())
        m_queries = std::make_unique<QueryRunner>(m_context->databasePath());
    PageContext pages;
    pages.queries = m_queries.get();
    pages.changes = m_changes.get();
    pages.settings = &m_settings;
    pages.timeZone = DesktopSettings::timeZone(m_settings);
    pages.costMode = DesktopSettings::costMode(m_settings);
    pages.prices = m_context->prices();
    m_window = std::make_unique<MainWindow>(pages);
    m_window->setBanner(m_context->usingDemoData() ? demoBanner() : QString());
    if (!m_apiProblem.isEmpty())
        m_window->statusBar()->showMessage(m_apiProblem);
    connect(m_window.get(), &MainWindow::quitRequested, qApp, &QApplication::quit);
    // Queued: OK may rebuild the window, which must not happen inside its own menu action.
    connect(
        m_window.get(), &MainWindow::settingsRequested, this,
        [this] { showSettings(SettingsDialog::SourcesTab); }, Qt::QueuedConnection);
    if (!geometry.isEmpty())
        m_window->restoreGeometry(geometry);
    m_windowKey = windowKey();
    startBudgets();
    m_window->show();
}

// Built with the window: the monitor reads through the window's query pool in its time zone, and the tray
// icon shows and hides this window.
void DesktopApp::startBudgets()
{
    BudgetMonitor::Options options;
    options.zone = DesktopSettings::timeZone(m_settings);
    options.costMode = DesktopSettings::costMode(m_settings);
    m_budgets = std::make_unique<BudgetMonitor>(*m_queries, m_changes.get(), m_settings, options);
    m_budgets->addSink(std::make_unique<LogAlertSink>());
    // Through this object, not a host pointer: settings may restart the API.
    m_budgets->addSink(std::make_unique<ApiAlertSink>([this](const QJsonObject& alert) {
        if (m_host)
            m_host->publishAlert(alert);
    }));
    m_tray = std::make_unique<TrayController>(*m_budgets, m_window.get());
    m_tray->pauseAction()->setChecked(m_alertsPaused);
    m_budgets->addSink(m_tray->createAlertSink());
    connect(m_tray.get(), &TrayController::quitRequested, qApp, &QApplication::quit);
    // With the icon shown, closing the window may leave the process running in the tray (MainWindow
    // decides from the setting at each close); without it, closing the window quits.
    const bool trayShown = m_tray->show();
    m_window->setTrayIconShown(trayShown);
    QApplication::setQuitOnLastWindowClosed(!trayShown);
}

void DesktopApp::showSettings(SettingsDialog::Tab tab)
{
    SettingsDialog::Context context;
    context.detectedRoots = detectedRoots();
    context.defaultDatabasePath = CliContext::defaultDatabasePath();
    context.refreshPrices = fetchPrices;
    bool apply = false;
    {
        // Gone before applying: its parent (the window or the first-run page) may be replaced then.
        SettingsDialog dialog(
            m_settings, context, m_window ? static_cast<QWidget*>(m_window.get()) : m_firstRun.get());
        dialog.showTab(tab);
        apply = dialog.exec() == QDialog::Accepted || dialog.pricesRefreshed();
    }
    if (apply)
        applySettings();
}

void DesktopApp::applySettings()
{
    auto fresh = std::make_unique<CliContext>();
    QString error;
    if (m_options.configure(*fresh, &error) != 0) {
        QMessageBox::warning(m_window ? static_cast<QWidget*>(m_window.get()) : m_firstRun.get(),
            tr("Settings not applied"), error);
        return;
    }
    const bool realData = fresh->hasLogsOrSessions();
    if (m_context->usingDemoData() && (m_options.forcedDemo || !realData)) {
        // Still on demo data: keep its corpus and database, with the new prices and privacy choice.
        const SourceSet::Config demo = m_context->sourceConfig();
        QHash<QString, QString> rootBySource;
        for (const QString& source : demo.only)
            rootBySource.insert(source, demo.roots.value(source).value(0));
        fresh->useDemoData(rootBySource, m_context->databasePath());
    }
    if (fresh->databasePath() != m_context->databasePath()) {
        // An unusable database must not take the running window down (nor every later start): the
        // setting goes back to the one in use.
        try {
            Database probe;
            probe.open(fresh->databasePath());
        } catch (const StoreError& failure) {
            m_settings.setDatabasePath(m_appliedDatabaseSetting);
            // Not modal: the window keeps running on the database it has.
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Settings not applied"),
                tr("The database %1 cannot be used: %2").arg(fresh->databasePath(), failure.message()),
                QMessageBox::Ok, m_window ? static_cast<QWidget*>(m_window.get()) : m_firstRun.get());
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            return;
        }
    }
    m_appliedDatabaseSetting = m_settings.databasePath();
    m_context = std::move(fresh);
    if (m_firstRun && !realData) {
        m_firstRun->setRootsLookedIn(SourceSet(m_context->sourceConfig()).rootsLookedIn());
        return;
    }
    if (!m_host || servicesKey() != m_servicesKey)
        runServices();
    if (!m_window || windowKey() != m_windowKey) {
        buildWindow();
    } else {
        m_window->statusBar()->showMessage(m_apiProblem);
        m_budgets->refresh(); // the budgets may have changed
    }
    m_firstRun.reset(); // only now: the window is up, so closing it does not end the application
}

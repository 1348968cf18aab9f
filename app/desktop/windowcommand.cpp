// SPDX-License-Identifier: MIT
#include "windowcommand.h"

#include "cliapp.h"
#include "clicontext.h"
#include "desktopapp.h"
#include "desktopsettings.h"
#include "screenshotter.h"
#include "settings/appsettings.h"
#include "store/storeerror.h"
#include "translationloader.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QStandardPaths>

namespace {

// --screenshots: runs the window until every page is saved, then quits.
int takeScreenshots(const DesktopApp& app, const QString& directory)
{
    Screenshotter::Options options;
    options.directory = directory;
    Screenshotter screenshots(app.window(), app.changes(), app.queries(), options);
    QObject::connect(&screenshots, &Screenshotter::pageSaved, [](const QString& path) {
        out() << path << QLatin1Char('\n') << Qt::flush;
    });
    QObject::connect(&screenshots, &Screenshotter::finished, [](const QString& error) {
        if (!error.isEmpty())
            err() << QStringLiteral("agentmeter window: %1\n").arg(error) << Qt::flush;
        QCoreApplication::exit(error.isEmpty() ? 0 : 1);
    });
    screenshots.start();
    return QApplication::exec() == 0 ? CliApp::Ok : CliApp::Failed;
}

} // namespace

int WindowCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Open the AgentMeter window: live ingest of every source, the dashboard, sessions, traces, "
        "activity, budgets in the tray, and the local API."));
    parser.addHelpOption();
    CliContext::addStoreOptions(parser);
    CliContext::addSourceOptions(parser);
    parser.addOption(
        { QStringLiteral("demo"), QStringLiteral("Show generated demo logs even if real logs exist.") });
    parser.addOption({ QStringLiteral("demo-if-empty"),
        QStringLiteral("When there are no agent logs and no stored sessions, show generated demo logs "
                       "without asking (scripts/run.sh). Default: offer them on a first-run page.") });
    parser.addOption({ QStringLiteral("no-api"), QStringLiteral("Do not start the local API server.") });
    parser.addOption({ QStringLiteral("screenshots"),
        QStringLiteral("Once the logs are read, save a PNG of every page into DIR and quit (implies "
                       "--no-api; scripts/screenshots.sh)."),
        QStringLiteral("DIR") });
    if (!parser.parse(arguments)) {
        err() << QStringLiteral("agentmeter window: %1\n").arg(parser.errorText()) << Qt::flush;
        return CliApp::BadArguments;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText().replace(QLatin1String("[options]"), QLatin1String("window [options]"))
              << Qt::flush;
        return CliApp::Ok;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err() << QStringLiteral("agentmeter window: unexpected argument '%1'\n")
                     .arg(parser.positionalArguments().first())
              << Qt::flush;
        return CliApp::BadArguments;
    }

    AppSettings settings;
    TranslationLoader::install(TranslationLoader::locale(settings.language()));
    const auto configure = [&parser, &settings](CliContext& context, QString* error) {
        return DesktopSettings::configure(context, parser, settings, error);
    };
    auto context = std::make_unique<CliContext>();
    QString error;
    if (const int code = configure(*context, &error)) {
        err() << QStringLiteral("agentmeter window: %1\n").arg(error) << Qt::flush;
        // Started from a desktop menu, nobody reads stderr.
        QMessageBox::critical(
            nullptr, QApplication::translate("WindowCommand", "AgentMeter cannot start"), error);
        return code;
    }
    const bool forcedDemo = parser.isSet(QStringLiteral("demo"));
    if (forcedDemo || parser.isSet(QStringLiteral("demo-if-empty"))) {
        if (const int code = context->useDemoDataUnlessLogs(forcedDemo, &error)) {
            err() << QStringLiteral("agentmeter window: %1\n").arg(error) << Qt::flush;
            return code;
        }
    }
    DesktopApp::Options options;
    const QString screenshots = parser.value(QStringLiteral("screenshots"));
    options.noApi = parser.isSet(QStringLiteral("no-api")) || !screenshots.isEmpty();
    options.forcedDemo = forcedDemo;
    options.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    options.configure = configure;
    DesktopApp app(std::move(context), settings, options);
    try {
        app.start();
    } catch (const StoreError& failure) {
        // The database cannot be opened or upgraded (a bad --db, AGENTMETER_DB or setting, a full disk).
        err() << QStringLiteral("agentmeter window: %1\n").arg(failure.message()) << Qt::flush;
        QMessageBox::critical(nullptr, QApplication::translate("WindowCommand", "AgentMeter cannot start"),
            failure.message());
        return CliApp::Failed;
    }
    if (!screenshots.isEmpty()) {
        if (!app.window()) {
            err() << QStringLiteral("agentmeter window: no agent logs to show; add --demo for screenshots\n")
                  << Qt::flush;
            return CliApp::Failed;
        }
        return takeScreenshots(app, screenshots);
    }
    return QApplication::exec() == 0 ? CliApp::Ok : CliApp::Failed;
}

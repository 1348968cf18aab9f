// SPDX-License-Identifier: MIT
#include "windowcommand.h"

#include "cliapp.h"
#include "clicontext.h"
#include "desktopapp.h"
#include "screenshotter.h"
#include "settings/appsettings.h"

#include <QApplication>
#include <QCommandLineParser>

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

    CliContext context;
    QString error;
    if (const int code = context.configure(parser, &error)) {
        err() << QStringLiteral("agentmeter window: %1\n").arg(error) << Qt::flush;
        return code;
    }
    if (const int code = context.useDemoDataUnlessLogs(parser.isSet(QStringLiteral("demo")), &error)) {
        err() << QStringLiteral("agentmeter window: %1\n").arg(error) << Qt::flush;
        return code;
    }
    AppSettings settings;
    DesktopApp::Options options;
    const QString screenshots = parser.value(QStringLiteral("screenshots"));
    options.api = settings.apiEnabled() && !parser.isSet(QStringLiteral("no-api")) && screenshots.isEmpty();
    if (context.usingDemoData())
        options.banner = QApplication::translate("WindowCommand",
            "Demo data: these numbers come from generated logs, not from your agents.");
    DesktopApp app(context, settings, options);
    if (!app.start(&error)) {
        // A taken port must not keep the window from opening: the API is optional there.
        err() << QStringLiteral("agentmeter window: API not started: %1\n").arg(error) << Qt::flush;
        options.api = false;
        DesktopApp withoutApi(context, settings, options);
        if (!withoutApi.start(&error))
            return CliApp::Failed;
        return QApplication::exec() == 0 ? CliApp::Ok : CliApp::Failed;
    }
    if (!screenshots.isEmpty())
        return takeScreenshots(app, screenshots);
    return QApplication::exec() == 0 ? CliApp::Ok : CliApp::Failed;
}
